"""What the map's legend lists: exactly the classes the map draws for a view, in a fixed order.

Pure. The page (ui/legend.py), the /embed page and exports draw the legend from this,
outside the map, with each class's own colours (:mod:`karabakh_map.figures.style`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import shapely

from karabakh_map.data.atlas import Atlas
from karabakh_map.figures import style
from karabakh_map.figures.frame import ASPECT, view_for
from karabakh_map.figures.map import compares, drawn_layers, outlines_selection
from karabakh_map.model.periods import events_near
from karabakh_map.model.view_state import ViewState


def legend_classes(atlas: Atlas, state: ViewState, today: dt.date, aspect: float = ASPECT) -> list[style.MapClass]:
    """The classes drawn on the map of ``state``, in :data:`style.CLASSES` order.

    Events count when one lies in the frame (for a map box ``aspect`` wide per unit high).
    The selected region's outline has its entry while a region (not a town) is selected.
    The compared place's entry names the place.

    Examples
    --------
    >>> from karabakh_map.data.atlas import load_atlas
    >>> [c.key for c in legend_classes(load_atlas(), ViewState(date="2021-06-01"), dt.date(2026, 1, 1))]
    ['neighbours', 'armenia', 'azerbaijan', 'held_2020_2023', 'lachin_corridor', 'nkao', 'districts', 'towns', 'events']
    """
    on = state.on(today)
    drawn: set[style.MapClass] = set()
    for name, _history in drawn_layers(atlas, state, on):
        drawn |= {style.NEIGHBOURS, style.ARMENIA, style.AZERBAIJAN} if name == "countries" else {style.LAYER_CLASS[name]}
    if "towns" in state.layers:
        drawn.add(style.TOWNS)
    events = events_near(atlas, on, today)
    frame = view_for(atlas, state, aspect).box()
    if shapely.contains_xy(frame, events["lon"].astype(float), events["lat"].astype(float)).any():
        drawn.add(style.EVENTS)
    if outlines_selection(atlas, state):
        drawn.add(style.SELECTED)
    if compares(atlas, state):
        drawn.add(style.COMPARE)
    named = {
        style.COMPARE: f"{atlas.label(state.compare, state.names)} at true size" if state.compare else "",
        # The corridor's months are its feature's (from its validity): legend, alt text and list agree.
        style.CORRIDOR: f"{atlas.label('lachin_corridor', state.names)} (Russian peacekeepers; its later route not drawn)",
    }
    return [replace(c, label=named[c]) if c in named else c for c in style.CLASSES if c in drawn]
