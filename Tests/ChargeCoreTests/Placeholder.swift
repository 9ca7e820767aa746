import Testing

@Test func placeholder_ChargeCoreTests() { #expect(true) }
