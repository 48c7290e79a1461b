"""From what a control sent to the next view state: pure, and defensive.

Callback payloads come from the browser and can be anything; a value that is not
what the control could have sent changes nothing.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import replace

from karabakh_map import ids
from karabakh_map.state import ALWAYS_SHOWN, NAMING_CONVENTIONS, OPTIONAL_LAYERS, ViewState


def region_from_click(click_data, region_ids: Container[str]) -> str | None:
    """The region a map click landed on: a choropleth's location, or a town's id in customdata."""
    if not isinstance(click_data, dict):
        return None
    points = click_data.get("points")
    if not isinstance(points, list) or not points or not isinstance(points[0], dict):
        return None
    for key in ("location", "customdata"):
        value = points[0].get(key)
        if isinstance(value, str) and value in region_ids:
            return value
    return None


def apply_control(
    state: ViewState, control: str | None, value, region_ids: Container[str], compare_ids: Container[str] = ()
) -> ViewState:
    """The state after ``control`` (a component id) sent ``value``; unchanged when the value is not valid."""
    if control == ids.MAP:
        region = region_from_click(value, region_ids)
        return replace(state, region=region) if region else state
    if control == ids.REGION_SELECT:
        if value is None:
            return replace(state, region=None)
        return replace(state, region=value) if isinstance(value, str) and value in region_ids else state
    if control == ids.NAMES_CONVENTION:
        return replace(state, names=value) if isinstance(value, str) and value in NAMING_CONVENTIONS else state
    if control == ids.COMPARE_PLACE:
        return replace(state, compare=value) if isinstance(value, str) and value in compare_ids else state
    if control == ids.LAYER_TOGGLE:
        if isinstance(value, list) and all(isinstance(v, str) and v in OPTIONAL_LAYERS for v in value):
            return replace(state, layers=ALWAYS_SHOWN | frozenset(value))
        return state
    return state
