"""The examples in the package's docstrings run and show what they say.

Collected here, one test per module that has examples, rather than by pytest's
--doctest-modules: that would also import the tests' two conftest.py files as modules
of the same name.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import karabakh_map

MODULES = sorted(info.name for info in pkgutil.walk_packages(karabakh_map.__path__, "karabakh_map."))
WITH_EXAMPLES = [name for name in MODULES if ">>>" in Path(importlib.util.find_spec(name).origin).read_text(encoding="utf-8")]


def test_the_package_has_examples_to_run():
    assert len(WITH_EXAMPLES) >= 10


@pytest.mark.parametrize("name", WITH_EXAMPLES)
def test_the_examples_in_docstrings_hold(name):
    runner, said = doctest.DocTestRunner(), []
    for test in doctest.DocTestFinder().find(importlib.import_module(name)):
        runner.run(test, out=said.append)
    assert runner.tries > 0 and runner.failures == 0, "".join(said)
