"""Every Dash component id, in one place: embedders, callbacks and tests rely on them."""

MAP = "map"
SOURCES_CAPTION = "sources-caption"
