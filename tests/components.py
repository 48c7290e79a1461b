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


def callback_body(spec: dict, key: str, values, changed: str | None = None) -> dict:
    """The JSON a browser posts to /_dash-update-component for callback ``key`` of ``app.callback_map``.

    As dash-renderer 4.4 writes it: the outputs parsed from the key (a flat list when it
    starts with "..", an allow_duplicate output keeping its "@hash"), none for a callback
    without outputs, no state when none is declared. ``values`` fill the inputs then the
    states, in order; ``changed`` is the "id.property" that fired (default: the first input).
    """
    refs = spec["inputs"] + spec["state"]
    filled = [{**ref, "value": value} for ref, value in zip(refs, values, strict=True)]
    first = spec["inputs"][0]
    changed_ids = [changed or f"{first['id']}.{first['property']}"]
    body = {
        "output": key,
        "inputs": filled[: len(spec["inputs"])],
        "changedPropIds": changed_ids,
        "parsedChangedPropsIds": changed_ids,
    }
    if not spec.get("no_output"):
        body["outputs"] = split_callback_id(key)
    if spec["state"]:
        body["state"] = filled[len(spec["inputs"]):]
    return body
