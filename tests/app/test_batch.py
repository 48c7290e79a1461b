"""Strict batch files: every bad view is named with its key, and nothing is written unless every view is valid."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from karabakh_map.cli import main
from karabakh_map.reports.batch import check_views, lookups, read_batch
from paths import TODAY


@pytest.fixture(scope="module")
def known(atlas):
    return lookups(atlas, TODAY)


def _problems(known, views, directory=Path("out")):
    jobs, lines = check_views(views, known, directory=directory)
    return jobs, lines


@pytest.mark.parametrize(
    ("view", "key", "words"),
    [
        ({"regoin": "nkao", "output": "a.png"}, "regoin", "did you mean 'region'"),
        ({"output": "../../x.html"}, "output", "leaves the output directory"),
        ({"output": "/tmp/x.svg"}, "output", "leaves the output directory"),
        ({"output": "sub/../../x.svg"}, "output", "leaves the output directory"),
        ({"width": "800", "output": "a.png"}, "width", "whole number"),
        ({"width": True, "output": "a.png"}, "width", "whole number"),
        ({"scale": "2", "output": "a.png"}, "scale", "number"),
        ({"region": 12, "output": "a.png"}, "region", "must be text"),
        ({"layers": {"nkao": True}, "output": "a.png"}, "layers", "list of layer names"),
        ({"layers": ["nkao", "roads"], "output": "a.png"}, "layers", "unknown layer 'roads'"),
        ({"region": "Sus", "output": "a.png"}, "region", "AZ-SUS (Shusha, district)"),
        ({"region": "Shushaa", "output": "a.png"}, "region", "Closest: AZ-SUS (Shusha, district)"),
        ({"compare": "atlantis", "output": "a.png"}, "compare", "no place to compare called"),
        ({"date": "1850-01-01", "output": "a.png"}, "date", "the map covers 7 July 1923"),
        ({"date": "2099-01-01", "output": "a.png"}, "date", "the map covers"),
        ({"names": "klingon", "output": "a.png"}, "names", "use one of both, hy, az"),
        ({"event": "no-such-event", "output": "a.png"}, "event", "no such event"),
        ({"output": "a.jpg"}, "output", "use .png, .svg, .pdf or .html"),
        ({"format": "svg", "output": "a.png"}, "format", "ends in .png"),
        ({"preset": "poster", "output": "a.png"}, "preset", "preset must be one of"),
        ({"width": 200, "height": 200, "output": "a.png"}, "width", "between 320 and 6000"),
        ({"width": 800, "height": 300, "output": "a.png"}, "height", "between 320 and 6000 pixels, not 300"),
        ({"output": 5}, "output", "must be a file name"),
    ],
)
def test_each_bad_view_is_named_with_its_key(known, view, key, words):
    jobs, lines = _problems(known, [{"region": "nkao", "output": "good.png"}, view])
    assert [job.number for job in jobs] == [1]
    assert len(lines) == 1, lines
    output = f" ({view['output']})" if isinstance(view.get("output"), str) else ""
    assert lines[0].startswith(f"view 2{output}: {key}: "), lines[0]
    assert words in lines[0]


def test_duplicate_outputs_are_refused_case_insensitively(known):
    jobs, lines = _problems(known, [{"output": "nkao.png"}, {"output": "NKAO.PNG"}, {"output": "nkao", "format": "png"}])
    assert [job.number for job in jobs] == [1]
    assert lines == ["view 2 (NKAO.PNG): output: 'NKAO.PNG' is also the output of view 1",
                     "view 3 (nkao): output: 'nkao.png' is also the output of view 1"]


def test_yaml_dates_are_read_as_written_so_that_each_is_checked_in_its_view(tmp_path):
    batch = tmp_path / "views.yaml"
    batch.write_text("- date: 2021-06-01\n  output: a.png\n- date: 2020-13-01\n  output: b.png\n")
    assert [view["date"] for view in read_batch(batch)] == ["2021-06-01", "2020-13-01"]


def test_good_views_take_names_yaml_dates_lists_and_extensions_in_any_case(known, tmp_path):
    jobs, lines = _problems(known, [
        {"region": "Şuşa", "compare": "auckland", "date": "2021-06-01", "layers": ["nkao", "towns"],
         "output": "shusha.PNG"},
        {"region": "Степанакерт", "layers": "districts,nkao", "preset": "a4-300dpi", "output": "sub/stepanakert"},
    ], directory=tmp_path)
    assert lines == []
    first, second = jobs
    assert (first.state.region, first.state.compare, first.state.date) == ("shusha_shushi", "auckland_region", "2021-06-01")
    assert first.request.format == "png" and first.target == tmp_path / "shusha.PNG"
    assert first.state.layers >= {"nkao", "towns"} and "districts" not in first.state.layers
    assert second.target == tmp_path / "sub" / "stepanakert.png"
    assert second.request.width * second.request.scale == pytest.approx(3509, abs=2)  # 297 mm at 300 dpi


@pytest.fixture
def cli(capsys):
    """Run the command line in this process (the data is loaded again, as a fresh process would)."""

    def run(*args):
        status = main(list(args))
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, status, out, err)

    return run


BAD_FILES = {
    "misspelled key": "- regoin: nkao\n  output: a.html\n",
    "path out of -o": "- output: ../../x.html\n",
    "absolute path": "- output: /tmp/karabakh-map-absolute.html\n",
    "layers not a list": "- layers: {nkao: yes}\n  output: a.html\n",
    "duplicate outputs": "- output: a.html\n- output: A.HTML\n",
    "impossible date, unquoted": "- date: 2020-13-01\n  output: a.html\n",
    "too small for the map": "- width: 400\n  height: 320\n  output: small.html\n",
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_batch_file_exits_2_naming_view_and_key_and_writes_nothing(cli, tmp_path, name):
    batch = tmp_path / "views.yaml"
    batch.write_text("- region: nkao\n  output: first.html\n" + BAD_FILES[name])
    result = cli("snapshot", "--batch", str(batch), "-o", str(tmp_path / "out"))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "karabakh-map: view 2" in result.stderr or "karabakh-map: view 3" in result.stderr
    if name == "too small for the map":
        assert "view 2 (small.html): height: 400×320 px leaves no room for the map" in result.stderr
    assert "nothing written" in result.stderr
    assert not (tmp_path / "out").exists()
    assert not Path("/tmp/karabakh-map-absolute.html").exists() and not (tmp_path.parent / "x.html").exists()


def test_keep_going_writes_the_valid_views_and_still_fails(cli, tmp_path):
    batch = tmp_path / "views.json"
    batch.write_text('[{"region": "Shusha", "output": "shusha.HTML"}, {"regoin": "nkao", "output": "bad.html"}]')
    result = cli("snapshot", "--batch", str(batch), "-o", str(tmp_path / "out"), "--keep-going")
    assert result.returncode == 2
    assert "view 2 (bad.html): regoin: unknown key" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["shusha.HTML"]


def test_a_single_snapshot_takes_everyday_names_and_refuses_dates_without_a_story(cli, tmp_path):
    result = cli("snapshot", "--region", "Şuşa", "--compare", "auckland", "-o", str(tmp_path / "Shusha.HTML"))
    assert result.returncode == 0, result.stderr
    assert "?region=shusha_shushi" in (tmp_path / "Shusha.HTML").read_text(encoding="utf-8")
    result = cli("snapshot", "--date", "1850-01-01", "-o", str(tmp_path / "old.html"))
    assert result.returncode == 2 and "date: the map covers 7 July 1923" in result.stderr
    assert "Showing" not in result.stderr and not (tmp_path / "old.html").exists()
    # a typo is no name: refused with the places it may mean, by id
    result = cli("snapshot", "--region", "Shushaa", "-o", str(tmp_path / "typo.html"))
    assert result.returncode == 2 and "no region called “Shushaa”" in result.stderr, result.stderr
    assert "shusha_shushi (Shusha / Shushi, town)" in result.stderr and not (tmp_path / "typo.html").exists()


def test_a_snapshot_into_a_folder_that_does_not_exist_or_on_a_day_that_does_not_is_refused(cli, tmp_path):
    """-o /nonexistent/dir/x.svg made the folders; --date 2020-02-30 was asked for "a date such as 2021-06-01"."""
    missing = tmp_path / "no" / "such"
    result = cli("snapshot", "-o", str(missing / "x.html"))
    assert result.returncode == 2 and f"the folder '{missing}' does not exist" in result.stderr, result.stderr
    assert not (tmp_path / "no").exists()
    result = cli("snapshot", "--date", "2020-02-30", "-o", str(tmp_path / "x.html"))
    assert result.returncode == 2 and "date: there is no 30 February 2020 (the month has 29 days)" in result.stderr
    assert not (tmp_path / "x.html").exists()


@pytest.mark.parametrize("what", ["regions", "places", "events", "layers"])
def test_list_prints_ids_with_names_as_text_and_json(cli, what):
    import json

    text, data = cli("list", what), cli("list", what, "--json")
    assert text.returncode == 0 and data.returncode == 0
    rows = json.loads(data.stdout)
    assert len(text.stdout.splitlines()) == len(rows) > 3
    assert all(row["id"] and row["name"] for row in rows)
    expected = {"regions": "shusha_shushi", "places": "auckland_region", "layers": "lachin_corridor",
                "events": "1923-07-07-nkao-created"}[what]
    assert any(line.startswith(expected + " ") for line in text.stdout.splitlines())
