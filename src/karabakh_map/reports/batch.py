"""``karabakh-map snapshot``: views from options or a batch file, rendered with one warm browser."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from karabakh_map.data.atlas import load_atlas
from karabakh_map.model.areas import compare_ids
from karabakh_map.model.periods import event_ids
from karabakh_map.model.view_state import parse_query, to_query
from karabakh_map.reports.figure import alt_text, snapshot_figure, title
from karabakh_map.reports.render import parse_export_request, render, start_renderer

VIEW_OPTIONS = ("region", "date", "compare", "names", "layers")
EXPORT_OPTIONS = ("format", "width", "height", "scale")


def views_from_options(options: dict) -> list[dict]:
    """The one view the command line's options ask for, as a batch entry (options left out are not set)."""
    return [{key: options[key] for key in (*VIEW_OPTIONS, *EXPORT_OPTIONS, "output") if options.get(key) is not None}]


def views_from_batch(path: Path) -> list[dict]:
    """Read a JSON or YAML list of views; raise ValueError naming the file when it is not one."""
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix in (".yaml", ".yml"):
            import yaml

            views = yaml.safe_load(text)
        else:
            views = json.loads(text)
    except Exception as error:
        raise ValueError(f"{path}: not a readable list of views ({error})") from None
    if not isinstance(views, list) or not all(isinstance(v, dict) for v in views):
        raise ValueError(f"{path}: must be a list of views, each a mapping of options")
    return views


def run_snapshots(views: list[dict], output: Path, geodata: Path, base_url: str, *, batch: bool) -> int:
    """Render each view; one progress line per file on stderr. Returns the exit status."""
    atlas = load_atlas(geodata)
    region_ids = {i for name, frame in atlas.layers.items() if name != "comparison_places" for i in frame.index}
    today = dt.date.today()
    jobs = []
    for number, view in enumerate(views, 1):
        query = urlencode({k: view[k] for k in VIEW_OPTIONS if view.get(k) is not None})
        state, refused = parse_query(query, region_ids, compare_ids(atlas), event_ids(atlas))
        if refused:
            raise ValueError(f"view {number}: " + " ".join(refused))
        target = Path(view.get("output") or f"view-{number}") if batch else output
        if batch:
            target = output / target
        fmt = view.get("format") or target.suffix.lstrip(".") or "png"
        request = parse_export_request({"format": fmt, **{k: str(view[k]) for k in EXPORT_OPTIONS[1:] if k in view}})
        jobs.append((state, request, target.with_suffix(f".{request.format}")))
    if any(request.format != "html" for _, request, _ in jobs):
        start_renderer()  # one browser for the whole batch
    for number, (state, request, target) in enumerate(jobs, 1):
        started = time.perf_counter()
        figure = snapshot_figure(atlas, state, today, base_url + to_query(state))
        data = render(figure, request, title(atlas, state, today), alt_text(atlas, state, today))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"[{number}/{len(jobs)}] wrote {target} ({len(data):,} bytes, {time.perf_counter() - started:.2f} s)",
              file=sys.stderr, flush=True)
    return 0
