"""Model-free helpers shared by the apps: no models, no imports from product apps."""
