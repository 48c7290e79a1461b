"""Every Dash component id, in one place: embedders, callbacks and tests rely on them."""

MAP = "map"
# Holds the first paint's SVG of the map until plotly.js has drawn (ui.static_map).
MAP_STATIC = "map-static"
URL = "url"
# The query of the view the page shows now: what the next map Patch starts from.
VIEW_SHOWN = "view-shown"
# The query the address bar was set to (history.replaceState) on first load, when the link's differed (ui.router).
ADDRESS_WRITTEN = "address-written"
# The query of the view the map draws: it follows view-shown, one callback later.
MAP_SHOWN = "map-shown"
MAP_WIDTH = "map-width"  # the map's drawn width, as the page measures it (ui/map.py)
MAP_SHOWN_WIDTH = "map-shown-width"  # the width the drawn map's event markers are spaced for
REGION_DETAILS = "region-details"
REGION_SELECT = "region-select"
# Set once the reader reaches for the region search: its options are sent then (ui.router).
REGION_SEARCH_REACHED = "region-search-reached"
NAMES_CONVENTION = "names-convention"
LAYER_TOGGLE = "layer-toggle"
NOTICE = "notice"
NOTICE_TEXT = "notice-text"
NOTICE_CLOSE = "notice-close"
SOURCES_CAPTION = "sources-caption"
POPULATION_TITLE = "population-title"
POPULATION_CHART = "population-chart"
POPULATION_MODE = "population-mode"
POPULATION_TABLE = "population-table"
POPULATION_NOTES = "population-notes"
POPULATION_DOWNLOAD = "population-download"
POPULATION_DOWNLOAD_BUTTON = "population-download-button"
# The area and population sections are drawn once near the screen (ui.deferred): whether they
# have come near, and the view they show (view-shown from then on).
PANELS_NEAR = "panels-near"
PANELS_VIEW = "panels-view"
AREA_COMPARISON = "area-comparison"
COMPARE_PLACE = "compare-place"
# Set once the reader reaches for the place to compare with: its options are sent then (ui.router).
COMPARE_SEARCH_REACHED = "compare-search-reached"
COMPARE_RANKING = "compare-ranking"
COMPARE_REVERSE = "compare-reverse"
COMPARE_INSET = "compare-inset"
COMPARE_INSET_FRAME = "compare-inset-frame"
DATE_SLIDER = "date-slider"
DATE_PLAY = "date-play"
DATE_TIMER = "date-play-timer"
DATE_CAPTION = "date-caption"
TIMELINE_SUMMARY = "timeline-summary"
TIMELINE_LIST = "timeline-list"
# The entries the timeline list was last sent for (see ui.time).
TIMELINE_SHOWN = "timeline-shown"
CONTEXT_SUMMARY = "context-summary"
CONTEXT_BODY = "context-body"
EVENT_DETAILS = "event-details"
EXPORT_PANEL = "export-panel"
EXPORT_SUMMARY = "export-summary"  # its clicks say that the folded panel was opened (ui.export)
BROWSER_EXPORT = "browser-export"
BROWSER_PNG = "browser-png"
BROWSER_SVG = "browser-svg"
BROWSER_EXPORT_DONE = "browser-export-done"
# The map's text side (ui.selection): its name, the list of what it shows, the announcement.
MAP_FIGURE = "map-figure"
MAP_CAPTION = "map-caption"
MAP_LIST_SUMMARY = "map-list-summary"
MAP_LIST = "map-list"
MAP_LIST_SHOWN = "map-list-shown"
MAP_ITEM = "map-item"  # the type of the list's pattern-matching button ids: {"type": MAP_ITEM, "item": value}
SELECTION_ANNOUNCEMENT = "selection-announcement"
# The map's legend, its locator and the link between the whole region and the default frame (see ui.map).
MAP_LEGEND = "map-legend"
MAP_LOCATOR = "map-locator"
MAP_KEY = "map-key"
FRAME_LINK = "frame-link"
# Carries the shown date (data-date) for the slider's accessible value (assets/labels.js).
DATE_SLIDER_FRAME = "date-slider-frame"
