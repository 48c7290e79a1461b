"""The fact tables beside the layers: each one's columns and id column, read by the data build and the app.

One spec for both: the build checks every table it writes against it and copies the
editorial ones (hand-written, in ``editorial/<name>.csv``) as they are; the atlas checks
every table it loads. Adding a table is one entry here (and, unless it is editorial, its
build step).
"""

from __future__ import annotations

from typing import NamedTuple


class TableSpec(NamedTuple):
    """What a table in ``geodata/tables/<name>.csv`` holds.

    Attributes
    ----------
    columns : tuple of str
        The columns it must have (more are allowed).
    id_column : str or None
        The column holding feature ids (";" between several), checked against the layers; None if none.
    editorial : bool
        Hand-written by the project in ``editorial/<name>.csv`` and copied by the build as it is.
    """

    columns: tuple[str, ...]
    id_column: str | None
    editorial: bool = False


TABLES: dict[str, TableSpec] = {
    "regions": TableSpec(
        ("id", "name_en", "area_km2", "area_source", "population", "population_year", "population_source"), "id"),
    "figures": TableSpec(("id", "figure", "value", "value_low", "value_high", "unit", "attributed_to", "source"), None),
    "control_history": TableSpec(("region_id", "start", "end", "held_by", "note", "source"), "region_id", editorial=True),
    "region_figures": TableSpec(("region_id", "figure_id"), "region_id", editorial=True),
    "control_shares": TableSpec(("region_id", "valid_from", "valid_to", "held_feature", "held_pct"), "region_id"),
    "status": TableSpec(("region_id", "status", "source"), "region_id", editorial=True),
    "population_events": TableSpec(
        ("region_id", "after_year", "title", "figure_ids", "armenian_usage", "azerbaijani_usage", "neutral_wording"),
        "region_id", editorial=True),
    "timeline": TableSpec(
        ("id", "starts", "date", "date_end", "event", "place", "lat", "lon", "casualties_displaced", "source", "note"),
        None),
    "event_numbers": TableSpec(("number", "id"), None),
    "date_stops": TableSpec(("date", "caption", "events"), None, editorial=True),
    "context": TableSpec(("party", "period", "says", "sources"), None, editorial=True),
    "headline_figures": TableSpec(("heading", "figure_ids"), None, editorial=True),
    "civilian_harm": TableSpec(("event_id", "civilians", "toll", "given_by", "neutral", "source"), None, editorial=True),
    "terms": TableSpec(
        ("subject", "armenian_usage", "azerbaijani_usage", "our_wording", "attributed_only", "source"), None, editorial=True),
    "region_notes": TableSpec(("region_id", "note", "source"), "region_id", editorial=True),
    "place_names": TableSpec(("name", "ids", "note", "basis"), "ids", editorial=True),
    "census": TableSpec(
        ("region_id", "year", "census", "territory", "group", "population", "share_pct", "computed", "source", "note"),
        "region_id"),
}
