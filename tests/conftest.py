"""Shared fixtures (the committed atlas, one app per session) and the markers each folder gives its tests.

The suite is in four folders, each a marker: ``unit`` (code on inputs made in the test),
``data`` (the committed geodata and tables, and their build), ``app`` (the app's builders,
server, CLI and HTTP, without a browser) and ``browser`` (Chromium driven by Playwright).
``slow`` marks tests of more than a few seconds; ``make test-fast`` leaves out ``browser`` and
``slow``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from karabakh_map.data.atlas import Atlas, load_atlas
from paths import GEODATA

FOLDERS = ("unit", "data", "app", "browser")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        folder = Path(item.fspath).parent.name
        if folder in FOLDERS:
            item.add_marker(folder)


@pytest.fixture(scope="session")
def atlas() -> Atlas:
    return load_atlas(GEODATA)


@pytest.fixture(scope="session")
def app():
    """The dashboard as ``create_app()`` builds it (default geodata and deployment), built once."""
    from karabakh_map.server.app import create_app

    return create_app()


@pytest.fixture(scope="session")
def client(app):
    """A Flask test client of :func:`app`: real routing and headers, no socket."""
    return app.server.test_client()
