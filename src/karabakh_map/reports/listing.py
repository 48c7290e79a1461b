"""``karabakh-map list``: the ids a view may name, with their names, as rows for text or JSON."""

from __future__ import annotations

from karabakh_map.data.atlas import Atlas
from karabakh_map.data.layers import LAYERS
from karabakh_map.model.lookup import compare_lookup, region_lookup
from karabakh_map.model.view_state import ALWAYS_SHOWN, DEFAULT_LAYERS, OPTIONAL_LAYERS

EVENT_TEXT_CHARS = 90


def _places(lookup) -> list[dict]:
    return [
        {"id": place.id, "kind": place.kind, "name": place.label, "names": list(place.names)}
        for place in sorted((lookup[i] for i in lookup), key=lambda p: (p.layer, p.label.casefold()))
    ]


def _layer_use(name: str) -> str:
    if name in OPTIONAL_LAYERS:
        return "optional, shown by default" if name in DEFAULT_LAYERS else "optional"
    if name in ALWAYS_SHOWN:
        return "always shown"
    return "shown by date" if name != "comparison_places" else "size comparison"


def listing(atlas: Atlas, what: str) -> list[dict]:
    """Rows for ``regions``, ``places`` (to compare with), ``events`` or ``layers``; each has an ``id``."""
    if what == "regions":
        return _places(region_lookup(atlas))
    if what == "places":
        return _places(compare_lookup(atlas))
    if what == "events":
        timeline = atlas.tables["timeline"]
        return [{"id": event_id, "date": row["date"], "name": row["event"]} for event_id, row in timeline.iterrows()]
    if what == "layers":
        return [{"id": layer.name, "kind": _layer_use(layer.name), "name": layer.title} for layer in LAYERS]
    raise ValueError(f"nothing to list called {what!r}")


def as_text(rows: list[dict]) -> str:
    """One aligned line a row: id, then kind or date, then the name (shortened)."""
    second = "kind" if rows and "kind" in rows[0] else "date"
    id_width = max((len(row["id"]) for row in rows), default=0)
    second_width = max((len(row[second]) for row in rows), default=0)
    lines = []
    for row in rows:
        name = row["name"] if len(row["name"]) <= EVENT_TEXT_CHARS else row["name"][: EVENT_TEXT_CHARS - 1] + "…"
        lines.append(f"{row['id']:<{id_width}}  {row[second]:<{second_width}}  {name}")
    return "\n".join(lines)
