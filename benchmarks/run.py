"""Speed and size figures, printed beside their targets and a default Dash app measured in the
same run (issue: production serving). Not a test: nothing here passes or fails.

Needs Debian's chromium and wrk, and npm for Lighthouse (make bench installs them).
"""

from __future__ import annotations

import datetime as dt
import gzip
import importlib.util
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import servers
from audit import audits
from karabakh_map.data.atlas import load_atlas
from karabakh_map.figures.map import map_figure
from karabakh_map.model.view_state import ViewState
from karabakh_map.reports.figure import snapshot_figure
from karabakh_map.reports.render import ExportRequest, render
from karabakh_map.server.app import create_app
from load import post_load, wrk_missing
from page import UPDATE_ROUTE, Chromium
from reference_app import CLICK_BODY, EXPORT_SCRIPT

# Clicked in turn in the browser; their callback bodies then load the servers.
CLICKED = ["nkao", "kalbajar", "armenia", "lachin", "agdam", "nakhchivan", "fuzuli", "georgia", "zangilan", "azerbaijan",
           "qubadli", "jabrayil", "iran"]
# The first load is over once the page is live (ours draws its map as SVG, and loads plotly.js on the
# reader's first input: ui.static_map), or once plotly.js has drawn (the default Dash app).
FIRST_LOAD = {"ours": "html:not(.first-paint)", "reference": ".js-plotly-plot .bars path"}


def row(name: str, measured: str, target: str = "", reference: str = "") -> None:
    print(f"{name:52} {measured:>16} {target:>12} {reference:>16}", flush=True)


def measured_ms(value: float | None, why: str) -> str:
    """A latency in ms, or "n/a (why)" when the tool could not measure it."""
    return f"{value:.1f}" if value is not None else f"n/a ({why})"


def _timed(function, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def _server_ms(client, bodies: list[str]) -> list[float]:
    times = []
    for body in bodies:
        start = time.perf_counter()
        response = client.post(UPDATE_ROUTE, data=body, content_type="application/json")
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.data[:200]
    return times


def data_and_figures(atlas, today) -> None:
    row("load and validate geodata/ (median of 3)", f"{_timed(load_atlas, 3):.2f} s", "")
    url = lambda layer, level: f"/geodata/draw/{layer}.geojson"  # noqa: E731
    build_ms = _timed(lambda: map_figure(atlas, ViewState(), url, today), 20) * 1000
    row("build the default map figure (median of 20)", f"{build_ms:.1f} ms")
    for label, state, target in (("the default view (fine level)", ViewState(), "≤ 58 KB"),
                                 ("the whole region (overview level)", ViewState(frame="overview"), "≤ 20 KB")):
        drawn = {(trace.geojson) for trace in map_figure(atlas, state, lambda layer, level: (layer, level), today).data
                 if trace.type == "choropleth"}
        drawn_gz = sum(len(gzip.compress(atlas.drawing(*layer_level), 9)) for layer_level in drawn)
        row(f"boundary geometry at {label}, gzip", f"{drawn_gz / 1024:.1f} KB", target)


def first_load_and_clicks(chromium: Chromium, atlas) -> list[str]:
    sizes = {}
    for name, start in (("ours", servers.ours), ("reference", servers.reference)):
        with start(workers=2) as server:
            sizes[name] = chromium.first_load_bytes(server.url + "/", FIRST_LOAD[name])
            if name == "ours":
                # Round 1 meets each view for the first time; in round 2 the worker that answers
                # may not have built it yet (each worker caches its own); by round 3 both have.
                times, bodies = chromium.click_to_panel(server.url + "/", atlas, CLICKED * 4)
    ours, reference = sum(sizes["ours"].values()), sum(sizes["reference"].values())
    row("first load until the page is live (compressed)", f"{ours / 1e6:.3f} MB", "≤ 0.8 MB", f"{reference / 1e6:.3f} MB")
    for url, size in sorted(sizes["ours"].items(), key=lambda item: -item[1])[:6]:
        row(f"  {url.split('/', 3)[-1].split('?')[0][-50:]}", f"{size / 1000:.1f} kB")
    rounds = [times[i : i + len(CLICKED)] for i in range(0, len(times), len(CLICKED))]
    row("click → details panel in Chromium, view cached", f"{statistics.median(rounds[2] + rounds[3]):.1f} ms", "≤ 50 ms")
    row("  round 1: first time each view (median / slowest)", f"{statistics.median(rounds[0]):.0f} / {max(rounds[0]):.0f} ms")
    row("  round 2: cached in one worker or both (median)", f"{statistics.median(rounds[1]):.0f} ms")
    return bodies[: 2 * len(CLICKED)]


def server_time(bodies: list[str]) -> None:
    ours = create_app().server.test_client()
    cold = _server_ms(ours, bodies)  # each view for the first time in this process
    warm = [t for _ in range(20) for t in _server_ms(ours, bodies)]
    reference_body = json.dumps(CLICK_BODY)
    import reference_app

    reference = [t for _ in range(20) for t in _server_ms(reference_app.server.test_client(), [reference_body])]
    row("click callbacks (view, map), server time, warm (median)", f"{statistics.median(warm):.2f} ms", "≤ 2 ms",
        f"{statistics.median(reference):.2f} ms")
    row("  first time a view (median)", f"{statistics.median(cold):.2f} ms", "")


def _workers_of(master_pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(master_pid)], capture_output=True, text=True).stdout.split()
    return sorted(int(pid) for pid in found)


def _startup_s(start, repeat: int = 3) -> float:
    """Median seconds from spawn to the first answer (one start alone is at the mercy of the machine)."""
    runs = []
    for _ in range(repeat):
        with start() as server:
            runs.append(server.startup_s)
    return statistics.median(runs)


def serving(bodies: list[str]) -> None:
    row("start-up to serving, development server (median of 3)", f"{_startup_s(servers.ours):.2f} s", "≤ 3 s")
    gunicorn_s = _startup_s(lambda: servers.ours(workers=2))
    reference_s = _startup_s(lambda: servers.reference(workers=2))
    row("start-up to serving, gunicorn 2 workers (median of 3)", f"{gunicorn_s:.2f} s", "≤ 3 s", f"{reference_s:.2f} s")
    missing = wrk_missing()
    with servers.ours(workers=2) as ours, servers.reference(workers=2) as reference:
        if missing:
            row("throughput, soak, killed worker", "not measured", missing)
            return
        post_load(ours.url, UPDATE_ROUTE, bodies, 8, 3)  # fill each worker's cache first
        load = post_load(ours.url, UPDATE_ROUTE, bodies, 16, 10)
        base = post_load(reference.url, UPDATE_ROUTE, [json.dumps(CLICK_BODY)], 16, 10)
        row("click callbacks (view, map)/s, gunicorn 2 workers", f"{load.per_second:,.0f}/s", "≥ 1,500/s",
            f"{base.per_second:,.0f}/s")
        row("  errors", f"{load.errors}", "0", f"{base.errors}")
    with servers.ours(workers=2) as ours:
        soak = post_load(ours.url, UPDATE_ROUTE, bodies, 50, 30)
        row("soak: 50 clients for 30 s, requests / errors", f"{soak.requests:,} / {soak.errors}", "0 errors")
        no_line = "wrk printed no {} % line"
        row("  p50 / p99 latency, ms", f"{measured_ms(soak.p50_ms, no_line.format(50))} / "
            f"{measured_ms(soak.p99_ms, no_line.format(99))}")
        workers = _workers_of(ours.process.pid)
        if not workers:
            row("worker killed at 3 s of 10", "n/a (no worker processes found)")
            return
        killer = threading.Timer(3, os.kill, (workers[0], signal.SIGKILL))
        killer.start()
        faulted = post_load(ours.url, UPDATE_ROUTE, bodies, 16, 10)
        replaced = [pid for pid in _workers_of(ours.process.pid) if pid not in workers]
        row("worker killed at 3 s of 10: errors", f"{faulted.errors} of {faulted.requests:,}", "≤ 1 (in flight)")
        row("  workers after: replaced / serving", f"{len(replaced)} / {len(_workers_of(ours.process.pid))}", "1 / 2")


def exports(atlas, today) -> None:
    snapshot = snapshot_figure(atlas, ViewState(region="nkao", date="2021-06-01"), today, "http://127.0.0.1:8050/")
    for fmt in ("png", "svg", "pdf", "html"):
        request = ExportRequest(fmt, 1600, 1000, 1)
        def export(request=request):
            return render(snapshot, request, "title", "alt")

        cold = _timed(export, 1)  # png: includes starting the browser
        warm = _timed(export, 3)
        row(f"export {fmt} 1600×1000, first / warm median", f"{cold:.2f} / {warm:.2f} s")


def _cold_runs(command: list[str], folder: str, repeat: int) -> tuple[list[float], list[float], str | None]:
    """Wall and CPU seconds of ``command`` run ``repeat`` times from a fresh process (``{out}``: a new file
    each run), or the reason it failed."""
    walls, cpus = [], []
    for run in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([part.format(out=f"{folder}/{run}.png") for part in command],
                              capture_output=True, text=True, timeout=120)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if done.returncode != 0:
            return walls, cpus, f"exit {done.returncode}: {done.stderr.strip()[-80:]}"
    return walls, cpus, None


def _compiled(module) -> bool:
    """Whether a module was loaded from compiled bytecode (else every process compiles it again)."""
    return os.path.exists(importlib.util.cache_from_source(module.__file__))


def cold_snapshot(repeat: int = 5) -> None:
    """`karabakh-map snapshot` of one PNG from a fresh process: imports, data, figure, browser and all.

    The reference is the stock route: a fresh process writing plotly's default bar chart with
    ``write_image`` (kaleido and plotly.py's full plotly.js).
    """
    import pandas

    import karabakh_map.cli

    with tempfile.TemporaryDirectory() as folder:
        ours = _cold_runs([sys.executable, "-m", "karabakh_map.cli", "snapshot", "--region", "nkao", "-o", "{out}"],
                          folder, repeat)
        reference = _cold_runs([sys.executable, "-c", EXPORT_SCRIPT, "{out}"], folder, repeat)
    walls, cpus, failed = ours
    if failed:
        row("CLI snapshot, one PNG, cold", f"n/a ({failed})")
        return
    reference_wall = (f"n/a ({reference[2]})" if reference[2] else
                      f"{statistics.median(reference[0]):.2f} s")
    runs = " ".join(f"{wall:.1f}" for wall in walls)
    row(f"CLI snapshot, one PNG, cold (median of {repeat})", f"{statistics.median(walls):.2f} s", "≤ 3 s",
        reference_wall)
    row("  each run (s)", runs)
    # The CPU time of the process alone (the browser's is not counted) depends little on other load.
    row("  python CPU time / load average now", f"{statistics.median(cpus):.2f} s / {os.getloadavg()[0]:.1f}",
        "", "" if reference[2] else f"{statistics.median(reference[1]):.2f} s")
    row("  installed packages / project compiled", f"{_compiled(pandas)} / {_compiled(karabakh_map.cli)}", "True / True")


def _section(name: str, function, *args):
    """Run one group of figures; if it fails, say so in its row and go on with the rest."""
    try:
        return function(*args)
    except Exception as error:
        row(name, f"n/a ({type(error).__name__}: {str(error)[:60]})")
        return None


def main() -> None:
    atlas = load_atlas()
    today = dt.date.today()
    row("figure", "measured", "target", "default Dash")
    _section("data and figures", data_and_figures, atlas, today)
    with Chromium() as chromium:
        bodies = _section("first load and clicks", first_load_and_clicks, chromium, atlas)
    if bodies:
        _section("server time", server_time, bodies)
        _section("serving", serving, bodies)
    else:
        row("server time, serving", "n/a (no callback bodies recorded in the browser)")
    _section("cold snapshot", cold_snapshot)
    _section("exports", exports, atlas, today)
    _section("Lighthouse and axe", audits, row)


if __name__ == "__main__":
    main()
