"""Reading Dash component trees, and writing Dash callback requests, in tests."""

from __future__ import annotations

from collections.abc import Iterator

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

    ``values`` fill the inputs then the states, in order; ``changed`` is the "id.property"
    that fired (default: the first input).
    """
    refs = spec["inputs"] + spec["state"]
    filled = [{**ref, "value": value} for ref, value in zip(refs, values)]
    first = spec["inputs"][0]
    return {
        "output": key,
        "outputs": [{"id": o.component_id, "property": o.component_property} for o in spec["output"]]
        if isinstance(spec["output"], list) else {"id": spec["output"].component_id, "property": spec["output"].component_property},
        "inputs": filled[: len(spec["inputs"])],
        "state": filled[len(spec["inputs"]):],
        "changedPropIds": [changed or f"{first['id']}.{first['property']}"],
    }
