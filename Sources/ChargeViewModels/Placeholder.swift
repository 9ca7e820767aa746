// ChargeViewModels
