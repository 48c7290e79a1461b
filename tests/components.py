"""Reading Dash component trees, and writing Dash callback requests, in tests."""

from __future__ import annotations

from collections.abc import Iterator

from dash._utils import split_callback_id  # how dash-renderer reads a callback key
from dash.development.base_component import Component


def walk(node) -> Iterator:
    """Every component and string in a tree, depth first."""
    yield node
    children = getattr(node, "children", None) if isinstance(node, Component) else None
    if children is None:
        return
    for child in children if isinstance(children, (list, tuple)) else [children]:
        yield from walk(child)


def text_of(node) -> str:
    return " ".join(part for part in walk(node) if isinstance(part, str))


def with_class(node, class_name: str) -> list[Component]:
    return [c for c in walk(node) if isinstance(c, Component) and class_name in (getattr(c, "className", "") or "").split()]


def _matches_many(ref: dict) -> bool:
    """Whether a dependency is an ALL or ALLSMALLER wildcard (its id a stringified pattern)."""
    return isinstance(ref["id"], str) and ref["id"].startswith("{") and ('["ALL"]' in ref["id"] or '["ALLSMALLER"]' in ref["id"])


def callback_body(spec: dict, key: str, values, changed: str | None = None) -> dict:
    """The JSON a browser posts to /_dash-update-component for callback ``key`` of ``app.callback_map``.

    As dash-renderer 4.4 writes it: the outputs parsed from the key (a flat list when it
    starts with "..", an allow_duplicate output keeping its "@hash"), none for a callback
    without outputs, no state when none is declared. ``values`` fill the inputs then the
    states, in order; ``changed`` is the "id.property" that fired (default: the first input).
    An ALL or ALLSMALLER dependency is the list of the components it matches: here none
    (as before a pattern-matched list is first rendered), so its value is not used.
    """
    refs = spec["inputs"] + spec["state"]
    filled = [[] if _matches_many(ref) else {**ref, "value": value} for ref, value in zip(refs, values, strict=True)]
    first = next((ref for ref in spec["inputs"] if not _matches_many(ref)), spec["inputs"][0])
    changed_ids = [changed or f"{first['id']}.{first['property']}"]
    body = {
        "output": key,
        "inputs": filled[: len(spec["inputs"])],
        "changedPropIds": changed_ids,
        "parsedChangedPropsIds": changed_ids,
    }
    if not spec.get("no_output"):
        outputs = split_callback_id(key)
        if isinstance(outputs, list):
            outputs = [[] if _matches_many(o) else o for o in outputs]
        body["outputs"] = outputs
    if spec["state"]:
        body["state"] = filled[len(spec["inputs"]):]
    return body
