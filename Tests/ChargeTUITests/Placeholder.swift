import Testing

@Test func placeholder_ChargeTUITests() { #expect(true) }
