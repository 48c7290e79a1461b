"""``karabakh-map snapshot``: views from options or a batch file, checked strictly, rendered with one warm browser.

A batch file is a JSON or YAML list of views. Every view is checked before anything is
rendered: an unknown key, a value of the wrong type, a place or date the data does not
have, an output that leaves the output directory or repeats another view's are errors
that name the view (its number and its ``output``) and the key. Nothing is written
unless every view is valid, or ``keep_going`` asks to render the valid ones anyway.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from karabakh_map.model.view_state import (
    ALWAYS_SHOWN,
    DEFAULT_LAYERS,
    FRAMES,
    NAMING_CONVENTIONS,
    NO_COMPARISON,
    OPTIONAL_LAYERS,
    VIEW_PARAMETERS,
    ViewState,
    to_query,
    with_event,
)

EXPORT_KEYS = ("format", "preset", "width", "height", "scale")
BATCH_KEYS = (*VIEW_PARAMETERS, *EXPORT_KEYS, "output")
# What each key's value must be; YAML reads an unquoted 2021-06-01 as a date, which is meant as one.
_TEXT_KEYS = ("region", "compare", "names", "event", "frame", "format", "preset", "output")
FORMATS = ("png", "svg", "pdf", "html")


class BatchError(ValueError):
    """Views that cannot be rendered; the message has one line per problem, naming view and key."""


@dataclass(frozen=True)
class Job:
    """One checked view: what to draw, how, and where."""

    number: int
    state: ViewState
    request: object  # render.ExportRequest
    target: Path


@dataclass(frozen=True)
class Lookups:
    """What values may name, from the loaded data (see :mod:`karabakh_map.model.lookup`)."""

    regions: object  # lookup.Gazetteer
    places: object  # lookup.Gazetteer
    events: Mapping[str, str]
    dates: object  # view_state.IsoDates
    event_spans: Mapping  # event id → view_state.EventSpan


def lookups(atlas, today: dt.date) -> Lookups:
    """The lookups of an atlas: the same the dashboard's URL uses."""
    from karabakh_map.model.lookup import compare_lookup, region_lookup
    from karabakh_map.model.periods import covered_dates, event_ids, event_spans

    return Lookups(region_lookup(atlas), compare_lookup(atlas), event_ids(atlas), covered_dates(atlas, today),
                   event_spans(atlas))


def read_batch(path: Path) -> list:
    """The list in a JSON or YAML batch file; BatchError naming the file when it is not one."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BatchError(f"{path}: cannot read it ({error})") from None
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            import yaml

            views = yaml.load(text, Loader=_text_dates_loader(yaml))
        else:
            views = json.loads(text)
    except Exception as error:
        raise BatchError(f"{path}: not a readable list of views ({str(error).splitlines()[0]})") from None
    if not isinstance(views, list) or not views:
        raise BatchError(f"{path}: must be a list of views (each a mapping of options, with its output)")
    return views


def _text_dates_loader(yaml):
    """YAML's safe loader that leaves dates as written: each view's date is then checked, and refused, on its own.

    The safe loader turns ``2020-13-01`` into a date while reading and so failed the whole file
    (even with --keep-going) with "month must be in 1..12", naming neither the view nor the key.
    """
    timestamp = "tag:yaml.org,2002:timestamp"

    class TextDates(yaml.SafeLoader):
        yaml_implicit_resolvers: ClassVar[dict] = {
            first: [(tag, pattern) for tag, pattern in resolvers if tag != timestamp]
            for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
        }

    return TextDates


def _text(key: str, value) -> str:
    if not isinstance(value, str):
        raise ValueError(f"must be text, not {type(value).__name__} {value!r:.40}")
    return value


def _layers(value) -> frozenset[str]:
    if isinstance(value, str):
        asked = [name.strip() for name in value.split(",") if name.strip()]
    elif isinstance(value, list) and all(isinstance(name, str) for name in value):
        asked = value
    else:
        raise ValueError("must be a list of layer names or one comma-separated text")
    unknown = [name for name in asked if name not in OPTIONAL_LAYERS]
    if unknown:
        raise ValueError(f"unknown layer {unknown[0]!r:.40}; choose from {', '.join(OPTIONAL_LAYERS)}")
    return ALWAYS_SHOWN | frozenset(asked)


def _view_value(key: str, given, lookups: Lookups):
    """The view state's value for one key of a batch view; ValueError saying what is wrong."""
    if key == "layers":
        return _layers(given)
    value = _text(key, given)
    if key == "region":
        return lookups.regions.resolve(value)
    if key == "compare":
        return None if value == NO_COMPARISON else lookups.places.resolve(value)
    if key == "frame" and value not in FRAMES:
        raise ValueError(f"use {', '.join(FRAMES)} or leave it out")
    if key == "names" and value not in NAMING_CONVENTIONS:
        raise ValueError(f"use one of {', '.join(NAMING_CONVENTIONS)}")
    if key == "date" and value not in lookups.dates:
        raise ValueError(lookups.dates.problem(value))
    if key == "event":
        if value not in lookups.events:
            raise ValueError("no such event (`karabakh-map list events` lists them)")
        return lookups.events[value]
    return value


def _state(view: Mapping, lookups: Lookups, problems: dict[str, str]) -> ViewState:
    values: dict = {}
    for key in VIEW_PARAMETERS:
        if view.get(key) is None:
            continue
        try:
            values[key] = _view_value(key, view[key], lookups)
        except ValueError as error:  # PlaceNotFound is one
            problems[key] = str(error)
    state = ViewState(**{"layers": DEFAULT_LAYERS, **values})
    if state.event is None or "date" in problems:
        return state
    # As on the page: the event decides the date (its own day when none is given); a date that conflicts is refused.
    state, notices = with_event(state, state.event, lookups.event_spans, lookups.dates, fallback=False)
    if notices:
        problems["date"] = " ".join(notices)
    return state


def _request(view: Mapping, output: str | None, problems: dict[str, str]):
    from karabakh_map.reports.render import ExportError, parse_export_request

    given = {}
    for key in EXPORT_KEYS:
        value = view.get(key)
        if value is None:
            continue
        if key in ("width", "height") and (isinstance(value, bool) or not isinstance(value, int)):
            problems[key] = f"must be a whole number of pixels, not {value!r:.40}"
        elif key == "scale" and (isinstance(value, bool) or not isinstance(value, int | float)):
            problems[key] = f"must be a number, not {value!r:.40}"
        elif key in ("format", "preset") and not isinstance(value, str):
            problems[key] = f"must be text, not {value!r:.40}"
        else:
            given[key] = str(value).lower() if key == "format" else str(value)
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    if suffix and suffix not in FORMATS:
        if "format" not in given:
            problems["output"] = f"{output!r} ends in .{suffix}; use .png, .svg, .pdf or .html, or give a format"
            return None
        suffix = ""  # a dotted name ("nkao.2021") with its format given
    if suffix and given.get("format", suffix) != suffix:
        problems["format"] = f"{given['format']!r} but the output {output!r} ends in .{suffix}"
        return None
    given.setdefault("format", suffix or "png")
    if any(key in problems for key in EXPORT_KEYS):
        return None
    try:
        return parse_export_request(given)
    except ExportError as error:  # its message begins with the key at fault
        problems[str(error).split()[0]] = str(error)
        return None


def _target(output: str | None, number: int, fmt: str, directory: Path | None, file: Path | None) -> Path:
    if file is not None:
        # A mistyped folder is refused, not made: the file would land where nobody looks for it.
        if not file.parent.is_dir():
            raise ValueError(f"the folder {str(file.parent)!r} does not exist: make it first, or give another path")
        path = file
    else:
        path = Path(output or f"view-{number}")
        if path.is_absolute() or ".." in path.parts:
            raise ValueError(f"{output!r} leaves the output directory: give a path inside it")
        path = directory / path
        if not path.resolve().is_relative_to(directory.resolve()):
            raise ValueError(f"{output!r} leaves the output directory (through a link)")
    return path if path.suffix.lower() == f".{fmt}" else path.with_name(f"{path.name}.{fmt}")


def check_views(views: list, lookups: Lookups, *, directory: Path | None = None, file: Path | None = None):
    """Check every view; returns the jobs and, per bad view, its problems as lines.

    Parameters
    ----------
    views : list
        Each a mapping of :data:`BATCH_KEYS`.
    lookups : Lookups
        What region, compare, event and date may name.
    directory : Path, optional
        Batch mode: where outputs go; an ``output`` may not leave it.
    file : Path, optional
        Single mode: the one file to write.

    Returns
    -------
    (list of Job, list of str)
        The valid views, and one line per problem ("view 2 (nkao.png): regoin: unknown key …").
    """
    jobs, lines, seen = [], [], {}
    for number, view in enumerate(views, 1):
        if not isinstance(view, Mapping):
            lines.append(f"view {number}: must be a mapping of options, not {type(view).__name__}")
            continue
        problems: dict[str, str] = {}
        for key in view:
            if key not in BATCH_KEYS:
                close = difflib.get_close_matches(str(key), BATCH_KEYS, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else f"; keys are {', '.join(BATCH_KEYS)}"
                problems[str(key)[:40]] = f"unknown key{hint}"
        output = view.get("output")
        if output is not None and not isinstance(output, str):
            problems["output"] = f"must be a file name, not {output!r:.40}"
            output = None
        state = _state(view, lookups, problems)
        request = _request(view, output, problems)
        target = None
        if request is not None and "output" not in problems:
            try:
                target = _target(output, number, request.format, directory, file)
            except ValueError as error:
                problems["output"] = str(error)
        if target is not None:
            # Compared as the file system may: case-insensitively (macOS, Windows).
            key = str(target).casefold()
            if key in seen:
                problems["output"] = f"{target.name!r} is also the output of view {seen[key]}"
            else:
                seen[key] = number
        name = f" ({output})" if output else ""
        lines += [f"view {number}{name}: {key}: {problem}" for key, problem in problems.items()]
        if not problems:
            jobs.append(Job(number, state, request, target))
    return jobs, lines


def _needs_browser(view) -> bool:
    """Whether a view (checked or not) asks for PNG, SVG or PDF: HTML needs no browser."""
    if not isinstance(view, Mapping):
        return False
    fmt = view.get("format")
    suffix = Path(view["output"]).suffix.lower() if isinstance(view.get("output"), str) else ""
    return (str(fmt).lower() if fmt else suffix.lstrip(".") or "png") != "html"


def run_snapshots(views: list, geodata: Path, base_url: str, *, directory: Path | None = None,
                  file: Path | None = None, keep_going: bool = False) -> int:
    """Check every view, lay each out, then render the valid ones; one progress line per file on stderr.

    Returns the exit status: 0, or 2 when a view was refused (then nothing is written
    unless ``keep_going``).
    """
    if any(_needs_browser(view) for view in views):
        from karabakh_map.reports.renderer import process_renderer

        # Chromium starts while the data loads and the figures are built; one browser for the batch.
        process_renderer().start_in_background()
    from karabakh_map.data.atlas import load_atlas
    from karabakh_map.reports.figure import alt_text, snapshot_figure, title
    from karabakh_map.reports.layout import TooSmall
    from karabakh_map.reports.render import render

    atlas = load_atlas(geodata)
    today = dt.date.today()
    jobs, problems = check_views(views, lookups(atlas, today), directory=directory, file=file)
    figures = {}
    for job in jobs:
        try:
            figures[job.number] = snapshot_figure(atlas, job.state, today, base_url + to_query(job.state),
                                                  job.request.width, job.request.height)
        except TooSmall as error:
            problems.append(f"view {job.number} ({job.target.name}): height: {error}")
    for line in problems:
        print(f"karabakh-map: {line}", file=sys.stderr)
    if problems and not keep_going:
        print(f"karabakh-map: nothing written ({len(problems)} problem(s); --keep-going renders the valid views)",
              file=sys.stderr)
        return 2
    for job in jobs:
        if job.number not in figures:
            continue
        started = time.perf_counter()
        data = render(figures[job.number], job.request, title(atlas, job.state, today), alt_text(atlas, job.state, today))
        job.target.parent.mkdir(parents=True, exist_ok=True)
        job.target.write_bytes(data)
        print(f"[{job.number}/{len(views)}] wrote {job.target} ({len(data):,} bytes, "
              f"{time.perf_counter() - started:.2f} s)", file=sys.stderr, flush=True)
    return 2 if problems else 0
