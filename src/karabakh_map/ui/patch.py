"""Patch updates: send the browser what changed in a figure, not the whole figure."""

from __future__ import annotations

from typing import Any

from dash import Patch

_MISSING = object()


def _patch_mapping(target: Patch, before: dict[str, Any], after: dict[str, Any]) -> bool:
    changed = False
    for key in before.keys() - after.keys():
        del target[key]
        changed = True
    for key, value in after.items():
        if before.get(key, _MISSING) != value:
            target[key] = value
            changed = True
    return changed


def figure_patch(before: dict[str, Any], after: dict[str, Any]) -> Patch | None:
    """The changes that turn figure ``before`` into ``after``; None when they are equal.

    Parameters
    ----------
    before, after : dict
        Figures as plotly JSON (plain dicts and lists). Traces are compared in order, key
        by key, when both have as many; otherwise the trace list is sent whole. Layout is
        compared by its top-level keys.
    """
    patch = Patch()
    old, new = before.get("data", []), after.get("data", [])
    changed = False
    if len(old) != len(new):
        patch["data"] = new
        changed = True
    else:
        for index, (old_trace, new_trace) in enumerate(zip(old, new, strict=True)):
            if old_trace != new_trace:
                changed |= _patch_mapping(patch["data"][index], old_trace, new_trace)
    changed |= _patch_mapping(patch["layout"], before.get("layout", {}), after.get("layout", {}))
    return patch if changed else None
