"""The exact Lasso: active-set solver, homotopy path, certificate, float back-ends."""
