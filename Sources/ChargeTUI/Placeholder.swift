// ChargeTUI
