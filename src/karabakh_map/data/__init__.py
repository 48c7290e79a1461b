"""Data layer: the layer catalogue and table specs (shared by the build and the app) and the loaded atlas."""
