"""Shared fixtures: the committed atlas, and paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from karabakh_map.atlas import Atlas, load_atlas

REPO = Path(__file__).resolve().parents[1]
GEODATA = REPO / "geodata"
# CI clones the repo with shared/ beside it; KARABAKH_SHARED points elsewhere.
SHARED = Path(os.environ.get("KARABAKH_SHARED", REPO.parent / "shared"))
ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="session")
def atlas() -> Atlas:
    return load_atlas(GEODATA)
