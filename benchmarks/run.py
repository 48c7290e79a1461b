"""Speed and size figures, printed beside their targets (issue: production serving). Not a test."""

from __future__ import annotations

import datetime as dt
import gzip
import statistics
import time

from karabakh_map.atlas import load_atlas
from karabakh_map.figures.map import map_figure
from karabakh_map.export import ExportRequest, render
from karabakh_map.snapshot import snapshot_figure
from karabakh_map.state import ViewState


def _timed(function, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    load_s = _timed(load_atlas, 3)
    atlas = load_atlas()
    today = dt.date.today()
    figure_s = _timed(lambda: map_figure(atlas, ViewState(), lambda layer: f"/geodata/draw/{layer}.geojson", today), 20)
    shown = [name for name in atlas.drawn if name in ViewState().layers]
    drawn_gz = sum(len(gzip.compress(atlas.drawn[name], 9)) for name in shown)
    print(f"{'figure':44} {'measured':>12} {'target':>10}")
    print(f"{'load and validate geodata/ (median of 3)':44} {load_s:>10.2f} s {'≤ 3 s':>10}")
    print(f"{'build the default map figure (median of 20)':44} {figure_s * 1000:>9.1f} ms {'':>10}")
    print(f"{'boundary geometry at default view, gzip':44} {drawn_gz / 1024:>9.1f} KB {'≤ 20 KB':>10}")
    snapshot = snapshot_figure(atlas, ViewState(region="nkao", date="2021-06-01"), today, "http://127.0.0.1:8050/")
    for fmt in ("png", "svg", "pdf", "html"):
        request = ExportRequest(fmt, 1600, 1000, 1)
        cold = _timed(lambda: render(snapshot, request, "title", "alt"), 1)  # png: includes starting the browser
        warm = _timed(lambda: render(snapshot, request, "title", "alt"), 3)
        print(f"{'export ' + fmt + ' 1600×1000, first / warm median':44} {cold:>6.2f}/{warm:.2f} s")


if __name__ == "__main__":
    main()
