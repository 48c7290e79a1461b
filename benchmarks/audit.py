"""Lighthouse and axe on the dashboard and /embed, desktop and mobile, beside a default Dash app.

Lighthouse is the npm package pinned in benchmarks/lighthouse/ (`make bench` installs it
with `npm ci`), driving Debian's Chromium through CHROME_PATH; axe is axe-core as
axe-playwright-python ships it. A figure that cannot be measured prints "n/a (why)".
Run alone with `.venv/bin/python benchmarks/audit.py`; Lighthouse's performance alone, N runs of
each preset with their medians, with `.venv/bin/python benchmarks/audit.py --performance N [--save DIR]`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

import main_thread
import servers
from karabakh_map.reports.renderer import find_chromium
from page import Chromium

LIGHTHOUSE = Path(__file__).resolve().parent / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {
    ("mobile", "performance"): "≥ 90",
    ("desktop", "performance"): "≥ 98",
    ("mobile", "accessibility"): "100",
    ("desktop", "accessibility"): "100",
    ("mobile", "best-practices"): "100",
    ("desktop", "best-practices"): "100",
    ("mobile", "seo"): "≥ 95",
    ("desktop", "seo"): "≥ 95",
    ("mobile", "lcp"): "≤ 2.5 s",
    ("mobile", "tbt"): "≤ 600 ms",
}
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "mobile": {"width": 375, "height": 740}}
# Lighthouse's own flags for the browser it starts: headless, as root, offline services off.
CHROME_FLAGS = " ".join(
    ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
     "--disable-sync", "--no-first-run"]
)


class NotMeasured(Exception):
    """The figure cannot be measured here; the message says why."""


def lighthouse(url: str, preset: str, categories: tuple[str, ...] = CATEGORIES, save: Path | None = None) -> dict:
    """One Lighthouse run: category scores (0–1), LCP and TBT (ms), bytes transferred.

    ``save``: a file to keep the whole report in (its diagnostics: main-thread work, boot-up time by script).
    """
    node = shutil.which("node")
    if node is None:
        raise NotMeasured("no node: apt-get install -y nodejs npm")
    if not LIGHTHOUSE.exists():
        raise NotMeasured("lighthouse not installed: make bench installs it (npm ci in benchmarks/lighthouse)")
    command = [node, str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
               f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(categories)]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": find_chromium() or "/usr/bin/chromium"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    if done.returncode != 0:
        raise NotMeasured(f"lighthouse exited {done.returncode}: {done.stderr.strip().splitlines()[-1:]}")
    report = json.loads(done.stdout)
    if save is not None:
        save.write_text(done.stdout)
    if report.get("runtimeError"):
        raise NotMeasured(f"lighthouse: {report['runtimeError'].get('message', '')[:80]}")
    audits = report["audits"]
    return {
        **{name: report["categories"][name]["score"] for name in categories},
        # Performance's own figures (absent when only other categories were asked for).
        "lcp": audits.get("largest-contentful-paint", {}).get("numericValue"),
        "tbt": audits.get("total-blocking-time", {}).get("numericValue"),
        "cls": audits.get("cumulative-layout-shift", {}).get("numericValue"),
        "bytes": audits.get("total-byte-weight", {}).get("numericValue"),
        "failed": sorted(
            key for key, audit in audits.items()
            if audit.get("score") is not None and audit["score"] < 0.9
            and audit.get("scoreDisplayMode") in ("binary", "metricSavings")
        ),
    }


def axe_violations(chromium: Chromium, url: str, viewport: dict, ready: str) -> list[str]:
    """axe-core's violations on a loaded page: rule id × number of elements."""
    page = chromium.browser.new_page(viewport=viewport)
    try:
        page.goto(url)
        page.wait_for_selector(ready, timeout=30_000)
        page.wait_for_load_state("networkidle")
        violations = Axe().run(page).response["violations"]
    finally:
        page.close()
    return [f"{v['id']}×{len(v['nodes'])}" for v in violations]


def _score(value) -> str:
    return "n/a (no score)" if value is None else f"{round(value * 100)}"


def _measure(function, *args):
    try:
        return function(*args)
    except NotMeasured as reason:
        return f"n/a ({reason})"
    except Exception as error:  # a bench never crashes: it says what it could not measure
        return f"n/a ({type(error).__name__}: {str(error)[:80]})"


def audits(row) -> None:
    """Print the axe and Lighthouse rows: ours (page and /embed) beside the default Dash app."""
    # The page is ready once live, its map still the static SVG: plotly.js waits for the reader (ui.static_map).
    ready = {"ours": "html:not(.first-paint)", "embed": "#map path.choroplethlocation",
             "reference": ".js-plotly-plot .bars path"}
    results = {}
    with servers.ours(workers=2) as ours, servers.reference(workers=2) as reference, Chromium() as chromium:
        pages = {"ours": ours.url + "/", "embed": ours.url + "/embed", "reference": reference.url + "/"}
        for preset, viewport in VIEWPORTS.items():
            for name, url in pages.items():
                results[name, preset, "axe"] = _measure(axe_violations, chromium, url, viewport, ready[name])
                results[name, preset, "lighthouse"] = _measure(lighthouse, url, preset)
        for name in ("ours", "reference"):
            results[name, "main thread"] = _measure(main_thread.measure, chromium.browser, pages[name], ready[name],
                                                    VIEWPORTS["mobile"])
    _print_axe(row, results)
    _print_lighthouse(row, results)
    _print_main_thread(row, results)


def _print_main_thread(row, results) -> None:
    """The load-independent figures (benchmarks/main_thread.py) and the load they were measured under."""
    ours, reference = results["ours", "main thread"], results["reference", "main thread"]
    row("load average (1 min) after the audits", f"{os.getloadavg()[0]:.1f}", "(2 cores)")
    if isinstance(ours, str):
        row("main thread while loading (trace, CPU time)", ours)
        return
    ref = {} if isinstance(reference, str) else reference
    row("main thread CPU in tasks ≥ 12.5 ms, page, mobile", f"{ours['cpu_ms']:.0f} ms", "",
        f"{ref['cpu_ms']:.0f} ms" if ref else reference)
    row("  mobile TBT from CPU time (4 ×, quiet machine)", f"{ours['tbt_ms']:.0f} ms", "≤ 600 ms",
        f"{ref['tbt_ms']:.0f} ms" if ref else "")
    for task in ours["tasks"]:
        row(f"  task at {task.start_ms:.0f} ms: {task.what[:36]}", f"{task.cpu_ms:.0f} ms")


def _print_axe(row, results) -> None:
    for preset in VIEWPORTS:
        for name, label in (("ours", "page"), ("embed", "/embed")):
            found = results[name, preset, "axe"]
            reference = results["reference", preset, "axe"]
            row(f"axe violations, {label}, {preset}", found if isinstance(found, str) else str(len(found)), "0",
                reference if isinstance(reference, str) else str(len(reference)))
            if isinstance(found, list) and found:
                row(f"  rules: {', '.join(found)[:60]}", "")


def _print_lighthouse(row, results) -> None:
    for preset in VIEWPORTS:
        for name, label in (("ours", "page"), ("embed", "/embed")):
            found, reference = results[name, preset, "lighthouse"], results["reference", preset, "lighthouse"]
            if isinstance(found, str):
                row(f"lighthouse {preset}, {label}", found, "", reference if isinstance(reference, str) else "")
                continue
            for category in CATEGORIES:
                row(f"lighthouse {preset} {category}, {label}", _score(found[category]),
                    TARGETS.get((preset, category), ""), "" if isinstance(reference, str) else _score(reference[category]))
            for key, unit, scale in (("lcp", "s", 1000), ("tbt", "ms", 1), ("cls", "", 1), ("bytes", "kB", 1000)):
                digits = 2 if key in ("lcp", "cls") else 0

                def shown(value, unit=unit, scale=scale, digits=digits):
                    return f"{value / scale:,.{digits}f} {unit}".strip()

                measured = "n/a (not reported)" if found[key] is None else shown(found[key])
                ref = "" if isinstance(reference, str) or reference[key] is None else shown(reference[key])
                row(f"  {key.upper()}, {label}", measured, TARGETS.get((preset, key), ""), ref)
            if found["failed"]:
                row(f"  failing: {', '.join(found['failed'])[:60]}", "")


def performance(row, runs: int, save: Path | None) -> None:
    """Lighthouse's performance alone, ``runs`` times per preset on the page, /embed and the default Dash
    app in turn (so that each meets the same load), and the medians."""
    found = {}
    with servers.ours(workers=2) as ours, servers.reference(workers=2) as reference:
        pages = {"page": ours.url + "/", "embed": ours.url + "/embed", "default Dash": reference.url + "/"}
        for run in range(runs):
            for preset in VIEWPORTS:
                for name, url in pages.items():
                    where = save / f"{name.replace(' ', '-')}-{preset}-{run}.json" if save else None
                    found.setdefault((name, preset), []).append(
                        _measure(lighthouse, url, preset, ("performance",), where))
    row("load average (1, 5 min) after the runs", " ".join(f"{load:.1f}" for load in os.getloadavg()[:2]), "(2 cores)")
    for (name, preset), results in found.items():
        measured = [r for r in results if isinstance(r, dict)]
        if not measured:
            row(f"lighthouse {preset} performance, {name}", results[0])
            continue
        for key, shown in (("performance", lambda v: f"{round(v * 100)}"), ("lcp", lambda v: f"{v / 1000:.2f} s"),
                           ("tbt", lambda v: f"{v:,.0f} ms"), ("cls", lambda v: f"{v:.3f}")):
            values = [r[key] for r in measured if r[key] is not None]
            each = " ".join(shown(v) for v in values)
            row(f"{preset} {key}, {name}: median of {len(values)}", shown(statistics.median(values)) if values else "n/a",
                TARGETS.get((preset, key), ""), each)


if __name__ == "__main__":
    from run import row

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--performance", type=int, metavar="N", help="Lighthouse's performance only, N runs each")
    parser.add_argument("--save", type=Path, metavar="DIR", help="keep each Lighthouse report in DIR")
    arguments = parser.parse_args()
    row("figure", "measured", "target", "default Dash" if not arguments.performance else "each run")
    if arguments.performance:
        if arguments.save:
            arguments.save.mkdir(parents=True, exist_ok=True)
        performance(row, arguments.performance, arguments.save)
    else:
        audits(row)
