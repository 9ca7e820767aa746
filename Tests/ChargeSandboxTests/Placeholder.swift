import Testing

@Test func placeholder_ChargeSandboxTests() { #expect(true) }
