import Testing

@Test func placeholder_ChargeViewModelsTests() { #expect(true) }
