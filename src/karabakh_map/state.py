"""The view state: everything that decides what the map shows. One state, many outputs."""

from __future__ import annotations

from dataclasses import dataclass

# Shown when nothing else is asked for: the countries, Nakhchivan, the seven
# districts, the Soviet-era NKAO outline and the towns.
DEFAULT_LAYERS: frozenset[str] = frozenset({"countries", "nakhchivan", "districts", "nkao", "towns"})


@dataclass(frozen=True)
class ViewState:
    """What a view shows.

    Attributes
    ----------
    layers : frozenset of str
        Names of the visible layers (see :mod:`karabakh_map.layers`).
    """

    layers: frozenset[str] = DEFAULT_LAYERS
