"""The tree is ruff-clean: lint, import order, complexity ≤ 12, numpy docstrings on public names.

The rules and the reasons for each one left out are in pyproject.toml ([tool.ruff]).
"""

from __future__ import annotations

import subprocess
import sys

from paths import REPO


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "."], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
