"""What every section of the page is given: the site, built once by ``create_app``, and a view change.

The site replaces the closures the callbacks once shared: the loaded atlas, what the
URL may name, where the app is mounted, and the one parser of the URL's view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from karabakh_map.data.atlas import Atlas
from karabakh_map.data.layers import drawing_path
from karabakh_map.model.periods import covered_dates
from karabakh_map.model.timescale import stop_positions
from karabakh_map.model.view_state import ViewState, parse_query, to_query
from karabakh_map.ui.cache import CACHED_VIEWS
from karabakh_map.ui.controls import Choices


@dataclass(frozen=True, eq=False)
class Site:
    """The app's fixed context, shared by every section's layout and callbacks.

    Attributes
    ----------
    atlas : Atlas
        The loaded, validated data.
    choices : Choices
        The region, place and event ids the URL and the controls may name (no date stops:
        those depend on the day, see :meth:`choices_on`).
    base_path : str
        Where the app is mounted, with its trailing ``/`` (``/`` or ``/prefix/``).
    asset_url : callable
        Path under ``assets/`` → its URL.
    geojson_url : callable
        (Layer name, level of detail) → the URL of its drawn GeoJSON (see
        :func:`karabakh_map.data.layers.detail_level`).
    server_renders : bool
        Whether this server has Chromium for PNG, SVG and PDF exports.
    """

    atlas: Atlas
    choices: Choices
    base_path: str = "/"
    asset_url: Callable[[str], str] = field(default=lambda path: f"/assets/{path}")
    geojson_url: Callable[[str, str], str] = field(default=lambda layer, level: "/" + drawing_path(layer, level))
    server_renders: bool = True

    def __post_init__(self):
        # Queries arrive again and again (every callback of a click reads the same one): parse each once.
        object.__setattr__(self, "_parsed", lru_cache(maxsize=CACHED_VIEWS)(self._parse))

    def _parse(self, search: str, today: dt.date) -> tuple[ViewState, tuple[str, ...]]:
        dates = covered_dates(self.atlas, today)  # a date outside the data's range gets a notice, not a story
        state, notices = parse_query(search, self.choices.region_ids, self.choices.compare_ids, self.choices.event_ids,
                                     dates, event_spans=self.choices.event_spans)
        return state, tuple(notices)

    def view_of(self, search) -> tuple[ViewState, tuple[str, ...]]:
        """The view a URL query (or a ``view-shown`` value) asks for, and a notice per refused value.

        Anything but a string (as a hostile request may send) is the default view.
        """
        return self._parsed(search if isinstance(search, str) else "", dt.date.today())

    def href(self, view: ViewState) -> str:
        """The in-app link that opens ``view``."""
        return self.base_path + to_query(view)

    def url(self, path: str) -> str:
        """The URL of one of the app's own routes, e.g. ``url("export")``."""
        return self.base_path + path.lstrip("/")

    def choices_on(self, stops: list[dt.date]) -> Choices:
        """The choices with the slider's dates on a day, by position: its stops, the last (today) as None."""
        dates = [stop.isoformat() for stop in stops[:-1]] + [None]
        return replace(self.choices, date_stops=dict(zip(stop_positions(stops), dates, strict=True)))


@dataclass(frozen=True)
class ViewChange:
    """From the view the page shows to the view it is to show.

    Attributes
    ----------
    before : ViewState or None
        What the page shows now; None before the first answer (only the default map is drawn).
    after : ViewState
        What it is to show.
    today : date
        The day of the request (the view's date when it has none).
    """

    before: ViewState | None
    after: ViewState
    today: dt.date

    @property
    def on(self) -> dt.date:
        """The date the new view shows."""
        return self.after.on(self.today)

    def kept(self, *fields: str) -> bool:
        """Whether the page already shows these fields of the new view.

        Examples
        --------
        >>> import datetime as dt
        >>> change = ViewChange(ViewState(), ViewState(region="nkao"), dt.date(2024, 1, 1))
        >>> change.kept("names", "date"), change.kept("region")
        (True, False)
        """
        return self.before is not None and all(getattr(self.before, f) == getattr(self.after, f) for f in fields)
