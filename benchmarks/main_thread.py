"""The page's main-thread tasks while it loads, from a Chrome trace, by CPU time.

Lighthouse's total blocking time multiplies each task's wall time (4× on its mobile preset);
on a shared machine the wall time of a task also holds the time other processes had the core,
so the same page measures 800 ms one minute and 3 s the next. The CPU time of the renderer's
main thread in each task (the trace's ``tdur``) hardly depends on the load: 4 × that time,
less Lighthouse's 50 ms allowance, summed over the tasks after the first paint, says what
mobile TBT would be on a quiet machine, and the longest tasks say what holds it up.
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "loading"]
MOBILE_SLOWDOWN = 4  # Lighthouse's mobile preset: a CPU four times slower
BLOCKING_MS = 50  # a task blocks input for what it lasts beyond 50 ms
# What a task ran, by the trace events that name it (a script's URL, a function's script, a fetch).
_NAMED = ("EvaluateScript", "v8.evaluateModule", "FunctionCall", "TimerFire", "XHRLoad", "EventDispatch",
          "FireAnimationFrame", "ParseHTML", "Layout", "UpdateLayoutTree")


@dataclass(frozen=True)
class Task:
    start_ms: float  # from the start of the document's parsing
    cpu_ms: float
    what: str  # the longest named event in it, e.g. "EvaluateScript plotly-partial.min.js"


def _main_thread(events: list[dict]) -> tuple[int, int]:
    """The renderer main thread that parsed the page: the busiest thread with ParseHTML events."""
    parsers = {(e["pid"], e["tid"]) for e in events if e.get("name") == "ParseHTML"}
    if not parsers:
        raise ValueError("no ParseHTML in the trace: no page was loaded while it ran")

    def busy(thread):
        return sum(e.get("tdur", 0) for e in events if (e.get("pid"), e.get("tid")) == thread and e.get("name") == "RunTask")

    return max(parsers, key=busy)


def _named(event: dict) -> str:
    data = event.get("args", {}).get("data", {})
    where = str(data.get("url") or data.get("functionName") or "").split("?")[0].rsplit("/", 1)[-1]
    return f"{event['name']} {where}".strip()


def tasks(events: list[dict], shortest_ms: float = BLOCKING_MS / MOBILE_SLOWDOWN) -> tuple[list[Task], float]:
    """The main thread's tasks of at least ``shortest_ms`` CPU time, and the first paint (ms).

    ``events`` are a Chrome trace's ``traceEvents`` (recorded with :data:`CATEGORIES`); times
    are from the first ParseHTML event of the page's main thread.
    """
    pid, tid = _main_thread(events)
    own = [e for e in events if e.get("pid") == pid and e.get("tid") == tid and e.get("ph") == "X"]
    start = min(e["ts"] for e in own if e["name"] == "ParseHTML")
    paints = [e["ts"] for e in events if e.get("name") == "firstContentfulPaint" and e.get("pid") == pid and e["ts"] >= start]
    found = []
    for task in (e for e in own if e["name"] == "RunTask" and e.get("tdur", 0) >= shortest_ms * 1000):
        inside = [e for e in own if task["ts"] <= e["ts"] < task["ts"] + task["dur"] and e["name"] in _NAMED]
        longest = max(inside, key=lambda e: e.get("tdur", e["dur"]), default=None)
        found.append(Task((task["ts"] - start) / 1000, task["tdur"] / 1000, _named(longest) if longest else "(native)"))
    return sorted(found, key=lambda t: t.start_ms), ((min(paints) - start) / 1000 if paints else 0.0)


def mobile_tbt_ms(found: list[Task], first_paint_ms: float) -> float:
    """Total blocking time of these tasks on a CPU :data:`MOBILE_SLOWDOWN` times slower.

    >>> mobile_tbt_ms([Task(10, 40, "a"), Task(100, 30, "b"), Task(200, 10, "c")], first_paint_ms=50)
    70.0
    """
    return float(sum(max(0.0, MOBILE_SLOWDOWN * t.cpu_ms - BLOCKING_MS) for t in found if t.start_ms > first_paint_ms))


def measure(browser, url: str, ready: str, viewport: dict, runs: int = 3) -> dict:
    """Load ``url`` ``runs`` times (until ``ready`` shows and the network is idle): the run of median TBT.

    Returns ``{"tbt_ms", "cpu_ms" (all tasks listed), "tasks" (the longest five)}``.
    """
    measured = []
    for _ in range(runs):
        page = browser.new_page(viewport=viewport)
        browser.start_tracing(page=page, categories=CATEGORIES)
        try:
            page.goto(url)
            page.wait_for_selector(ready, timeout=60_000)
            page.wait_for_load_state("networkidle")
        finally:
            trace = json.loads(browser.stop_tracing())
            page.close()
        found, first_paint = tasks(trace["traceEvents"])
        measured.append({"tbt_ms": mobile_tbt_ms(found, first_paint), "cpu_ms": sum(t.cpu_ms for t in found),
                         "tasks": sorted(found, key=lambda t: -t.cpu_ms)[:5]})
    median = statistics.median_low([m["tbt_ms"] for m in measured])
    return next(m for m in measured if m["tbt_ms"] == median)
