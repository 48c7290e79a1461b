"""`karabakh-map snapshot --help` says what each view parameter takes, in its own words."""

from __future__ import annotations

import pytest

from karabakh_map.cli import main
from karabakh_map.model.view_state import FRAMES, NAMING_CONVENTIONS, OPTIONAL_LAYERS, VIEW_PARAMETERS


def _option_help(capsys) -> dict[str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(["snapshot", "--help"])
    assert exit_.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    return {name: text.split(f"--{name} {name.upper()} ")[-1].split(" --")[0] for name in VIEW_PARAMETERS}


def test_each_view_parameter_says_what_it_takes(capsys):
    said = _option_help(capsys)
    assert all(key in said["names"] for key in NAMING_CONVENTIONS)
    assert all(layer in said["layers"] for layer in OPTIONAL_LAYERS)
    assert all(frame in said["frame"] for frame in FRAMES)
    assert "YYYY-MM-DD" in said["date"] and "list events" in said["event"]
    assert "list regions" in said["region"] and "none" in said["compare"]
    assert len(set(said.values())) == len(VIEW_PARAMETERS)  # no parameter gets another's words
