"""The package's layers depend one way: the model knows no Dash, plotly, figures, UI or server; the data layer no model.

Read from the source (every import statement, also those inside functions), so a lazy
import cannot slip past.
"""

from __future__ import annotations

import ast

import pytest

from paths import REPO

PACKAGE = REPO / "src" / "karabakh_map"
# Each layer, and the modules none of its files may import.
FORBIDDEN = {
    "model": ("dash", "plotly", "flask", "karabakh_map.figures", "karabakh_map.ui", "karabakh_map.server",
              "karabakh_map.reports", "karabakh_map.build"),
    "data": ("dash", "plotly", "flask", "karabakh_map.model", "karabakh_map.figures", "karabakh_map.ui",
             "karabakh_map.server", "karabakh_map.reports", "karabakh_map.build"),
    "figures": ("dash", "flask", "karabakh_map.ui", "karabakh_map.server", "karabakh_map.reports"),
}


def _imports(path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", list(FORBIDDEN))
def test_a_layer_imports_nothing_above_it(layer):
    found = {
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in (PACKAGE / layer).rglob("*.py")
        for name in _imports(path)
        if any(name == banned or name.startswith(banned + ".") for banned in FORBIDDEN[layer])
    }
    assert not found, sorted(found)
