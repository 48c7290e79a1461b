"""`make bench` never crashes: a figure its tools cannot measure prints as "n/a (why)" and the rest runs."""

from __future__ import annotations

import sys

from paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

import load
import main_thread
import run

WRK_WITHOUT_99 = """Running 30s test @ http://127.0.0.1:1
  Latency Distribution
     50%  120.00ms
     75%  300.00ms
  1234 requests in 30.01s, 1.00MB read
Requests/sec:     41.12
"""


def test_a_wrk_report_without_a_99_percent_line_is_measured_as_far_as_it_goes():
    result = load._parse(WRK_WITHOUT_99)
    assert (result.requests, result.p50_ms, result.p99_ms) == (1234, 120.0, None)
    assert run.measured_ms(result.p99_ms, "wrk printed no 99 % line") == "n/a (wrk printed no 99 % line)"


def test_a_failing_section_prints_its_reason_and_the_bench_goes_on(capsys):
    def broken():
        raise KeyError("99")

    assert run._section("soak", broken) is None
    assert run._section("fine", lambda: 7) == 7
    out = capsys.readouterr().out
    assert "soak" in out and "n/a (KeyError: '99')" in out


def _event(name, ts_ms, dur_ms, cpu_ms=None, thread=1, **data):
    event = {"name": name, "ph": "X", "pid": 7, "tid": thread, "ts": ts_ms * 1000, "dur": dur_ms * 1000,
             "args": {"data": data}}
    if cpu_ms is not None:
        event["tdur"] = cpu_ms * 1000
    return event


def test_main_thread_tasks_are_counted_by_cpu_time_after_the_first_paint():
    events = [
        _event("ParseHTML", 100, 5),
        _event("RunTask", 100, 10, cpu_ms=10),  # parsing: short, before the first paint
        {"name": "firstContentfulPaint", "ph": "R", "pid": 7, "tid": 1, "ts": 150_000},
        # The machine was busy: 200 ms on the clock, 60 ms of CPU.
        _event("RunTask", 200, 200, cpu_ms=60),
        _event("EvaluateScript", 201, 198, cpu_ms=59, url="http://x/assets/plotly.min.js?m=1"),
        _event("RunTask", 500, 20, cpu_ms=20),
        _event("FunctionCall", 501, 18, cpu_ms=18, url="http://x/react-dom.js"),
        _event("RunTask", 600, 90, cpu_ms=90, thread=2),  # another thread, e.g. a worker
    ]
    found, first_paint = main_thread.tasks(events)
    assert first_paint == 50
    assert [(t.start_ms, t.cpu_ms, t.what) for t in found] == [
        (100, 60, "EvaluateScript plotly.min.js"), (400, 20, "FunctionCall react-dom.js")
    ]
    assert main_thread.mobile_tbt_ms(found, first_paint) == (4 * 60 - 50) + (4 * 20 - 50)
