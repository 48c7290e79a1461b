"""Shared fixtures: the committed atlas."""

from __future__ import annotations

import pytest

from karabakh_map.data.atlas import Atlas, load_atlas
from paths import GEODATA


@pytest.fixture(scope="session")
def atlas() -> Atlas:
    return load_atlas(GEODATA)
