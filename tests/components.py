"""Reading Dash component trees in tests."""

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
