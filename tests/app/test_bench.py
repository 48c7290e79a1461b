"""`make bench` never crashes: a figure its tools cannot measure prints as "n/a (why)" and the rest runs."""

from __future__ import annotations

import sys

from paths import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

import load
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
