// ChargeSandbox
