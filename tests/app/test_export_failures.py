"""When the browser behind image export is broken, slow or overloaded, nothing hangs and nothing is left behind.

A browser that exits at once (``/bin/false``) and one that never answers (a script that
sleeps): the CLI exits non-zero within 15 s naming the reason; the server answers 503
with the reason and ``Retry-After`` within its time limit, logs the view, reports it in
/healthz and goes on serving the map; no browser process outlives its use.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest
from dash import html

from components import text_of
from karabakh_map.model.view_state import ViewState
from karabakh_map.reports.figure import snapshot_figure
from karabakh_map.reports.renderer import (
    BrowserStartFailed,
    Renderer,
    RendererMissing,
    RenderLimits,
    RenderQueueFull,
    RenderTimeout,
)
from karabakh_map.ui.export import export_panel
from paths import TODAY
from server_processes import ServerProcess, descendants, process_group, processes_mentioning

# Each test here runs for seconds (servers, browsers, thousands of requests).
pytestmark = pytest.mark.slow

# On an idle machine Python starts and imports the CLI in ~2 s. On a loaded one the import alone can take
# 10 s of wall time, so the bound is what the CLI takes beyond that: a browser that never answers gets a
# second start with twice the limit (a slow start on a busy machine is the usual cause), 8 + 16 s, and 5 s more.
CLI_BEYOND_IMPORT_S = RenderLimits().both_starts_s + 5
BROKEN = {
    "exits at once": ("exec /bin/false", "exited as it started"),
    "never answers": ("exec sleep 600", "did not answer within"),
}


@pytest.fixture(params=list(BROKEN))
def broken_browser(request, tmp_path):
    """An executable at a path unique to this test, so any process it leaves can be found by name."""
    script, reason = BROKEN[request.param]
    path = tmp_path / "broken-chromium"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(0o755)
    return path, reason


def test_a_broken_browser_fails_fast_in_the_cli_and_the_server(broken_browser, tmp_path):
    browser, reason = broken_browser
    env = {"BROWSER_PATH": str(browser)}
    server = ServerProcess(tmp_path / "server.log", env=env).wait_until_ready()
    try:
        answers = {}

        def export():
            started = time.monotonic()
            answers["export"] = (*server.get("/export?format=png&region=agdam&date=2021-06-01"),
                                 time.monotonic() - started)

        started = time.monotonic()
        # What a snapshot imports (the CLI itself defers the data and figure modules to the command).
        subprocess.run([sys.executable, "-c", "import karabakh_map.cli, karabakh_map.reports.figure, "
                        "karabakh_map.model.lookup, karabakh_map.data.atlas"], check=True)
        import_seconds = time.monotonic() - started
        request = threading.Thread(target=export)
        request.start()  # the server and the CLI meet the broken browser at the same time
        started = time.monotonic()
        cli = subprocess.run(
            [sys.executable, "-m", "karabakh_map.cli", "snapshot", "--region", "nkao", "-o", str(tmp_path / "x.png")],
            capture_output=True, text=True, timeout=60, env={**os.environ, **env},
        )
        cli_seconds = time.monotonic() - started
        request.join()

        assert cli.returncode == 3 and reason in cli.stderr and str(browser) in cli.stderr, cli.stderr
        assert "Traceback" not in cli.stderr and not (tmp_path / "x.png").exists()
        print(f"\nCLI with a browser that {reason}: {cli_seconds:.1f} s ({import_seconds:.1f} s to import it)")
        assert cli_seconds < import_seconds + CLI_BEYOND_IMPORT_S, f"the CLI took {cli_seconds:.1f} s"

        status, headers, body, seconds = answers["export"]
        assert status == 503 and reason in body.decode() and int(headers["Retry-After"]) > 0, (status, body)
        assert seconds < RenderLimits().time_limit_s
        again = server.get("/export?format=svg&region=nkao")  # refused at once while the failure is fresh
        assert again[0] == 503 and reason in again[2].decode()
        assert server.get("/")[0] == 200  # the map is still served
        health = json.loads(server.get("/healthz")[2])
        assert health["status"] == "ok" and health["export"]["available"] is False
        assert reason in health["export"]["reason"]
        log = server.log
        assert "export failed" in log and "region=agdam&date=2021-06-01" in log and reason in log, log[-2000:]
        assert descendants(server.process.pid) == []
    finally:
        server.stop()
    assert processes_mentioning(str(browser)) == []


@pytest.fixture(scope="module")
def figure(atlas) -> dict:
    return snapshot_figure(atlas, ViewState(region="nkao"), TODAY, "http://example.test/").to_dict()


def test_a_full_queue_is_refused_at_once_and_an_export_past_its_limit_is_stopped(figure):
    opts = {"format": "png", "width": 1200, "height": 900, "scale": 2}
    with Renderer(RenderLimits(time_limit_s=30, capacity=1)) as renderer:
        renderer.start()
        first_browser = renderer.browser_pid
        assert len(process_group(first_browser)) > 1  # choreographer's wrapper and Chromium's processes
        busy = threading.Thread(target=renderer.render, args=(figure, opts))
        busy.start()
        deadline = time.monotonic() + 10
        while renderer._admitted < 1:  # the first export holds the only place
            assert time.monotonic() < deadline
            time.sleep(0.001)
        started = time.monotonic()
        with pytest.raises(RenderQueueFull, match="busy") as refused:
            renderer.render(figure, opts)
        assert time.monotonic() - started < 0.5 and refused.value.retry_after_s > 0
        busy.join()

        renderer.limits = RenderLimits(time_limit_s=0.05, capacity=1)
        with pytest.raises(RenderTimeout, match=r"longer than 0\.05 s"):
            renderer.render(figure, opts)
        assert renderer.browser_pid is None
        # The whole group is SIGKILLed; on a busy machine a child may run a moment longer before it dies.
        deadline = time.monotonic() + 5
        while process_group(first_browser) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process_group(first_browser) == []  # the wrapper and Chromium

        renderer.limits = RenderLimits()
        assert renderer.render(figure, opts)[:8] == b"\x89PNG\r\n\x1a\n"  # a fresh browser for the next export
        assert renderer.browser_pid not in (None, first_browser)
    assert renderer.browser_pid is None


def test_an_export_cut_off_at_its_limit_is_a_timeout_even_when_the_browser_reports_a_closed_channel(figure,
                                                                                                     monkeypatch):
    """Under load, choreographer turned the time limit's cancellation into ChannelClosedError: the reader
    was told Chromium had stopped ("try again") of an export that was only past its limit."""
    import asyncio

    import kaleido
    from choreographer.channels import ChannelClosedError

    async def cancelled_as_choreographer_does(self, *args, **kwargs):
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            raise ChannelClosedError() from None

    with Renderer(RenderLimits(time_limit_s=0.5, capacity=1)) as renderer:
        renderer.start()
        monkeypatch.setattr(kaleido.Kaleido, "calc_fig", cancelled_as_choreographer_does)
        with pytest.raises(RenderTimeout, match=r"longer than 0\.5 s"):
            renderer.render(figure, {"format": "png", "width": 800, "height": 600, "scale": 1})
        assert renderer.browser_pid is None  # stopped, as any export past its limit


def test_the_image_is_returned_before_the_tab_reloads_and_a_browser_lost_meanwhile_is_replaced(figure, monkeypatch):
    """kaleido reloads its tab after every export (Chromium parses plotly.js again); the image must not wait for it."""
    import signal

    from kaleido._kaleido_tab._tab import _KaleidoTab

    held = threading.Event()
    reload = _KaleidoTab.reload

    async def held_reload(tab):
        import asyncio

        await asyncio.to_thread(held.wait, 30)
        return await reload(tab)

    monkeypatch.setattr(_KaleidoTab, "reload", held_reload)
    opts = {"format": "png", "width": 800, "height": 600, "scale": 1}
    with Renderer(RenderLimits(time_limit_s=20)) as renderer:
        # Before: the image came back only after the reload, here held past the time limit.
        assert renderer.render(figure, opts)[:8] == b"\x89PNG\r\n\x1a\n"
        first_browser = renderer.browser_pid
        os.killpg(first_browser, signal.SIGKILL)  # lost while its tab waits to reload
        held.set()
        assert renderer.render(figure, opts)[:8] == b"\x89PNG\r\n\x1a\n"
        assert renderer.browser_pid not in (None, first_browser)


def test_a_process_killed_outright_leaves_no_browser_behind():
    """SIGKILL runs no clean-up: Chromium must notice its DevTools pipe close, and its wrapper follow."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from karabakh_map.reports.renderer import Renderer; r = Renderer(); "
         "r.start(); print(r.browser_pid, flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    group = int(holder.stdout.readline())
    assert len(process_group(group)) > 1
    holder.kill()
    holder.wait()
    deadline = time.monotonic() + 15
    while process_group(group):
        assert time.monotonic() < deadline, process_group(group)
        time.sleep(0.1)


def test_a_renderer_closed_while_its_browser_starts_leaves_nothing_behind(monkeypatch, tmp_path):
    """The CLI refuses a view while the browser it started early is still starting: close() must stop it."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # Chromium's profile and kaleido's page go here
    renderer = Renderer()
    renderer.start_in_background()
    renderer.close()  # at once: the start is queued first, so close waits for it and then stops its browser
    assert processes_mentioning(str(tmp_path)) == []
    assert list(tmp_path.iterdir()) == []


def test_a_refused_view_exits_cleanly_while_the_browser_starts(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "karabakh_map.cli", "snapshot", "--width", "400", "--height", "340",
         "-o", str(tmp_path / "x.png")],
        capture_output=True, text=True, timeout=60, env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    assert done.returncode == 2 and "needs at least" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert processes_mentioning(str(tmp_path)) == []
    assert list(tmp_path.iterdir()) == []


def test_without_any_browser_the_renderer_says_how_to_get_one(monkeypatch, tmp_path, figure):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "nothing-here"))
    renderer = Renderer()
    with pytest.raises(RendererMissing, match="apt-get install -y chromium"):
        renderer.render(figure, {"format": "svg", "width": 600, "height": 400, "scale": 1})
    assert renderer.status()["available"] is False and renderer.status()["installed"] is False


def test_render_limits_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("KARABAKH_EXPORT_TIME_LIMIT_S", "12.5")
    monkeypatch.setenv("KARABAKH_EXPORT_QUEUE", "3")
    assert RenderLimits.from_environment() == RenderLimits(time_limit_s=12.5, capacity=3)
    monkeypatch.setenv("KARABAKH_EXPORT_QUEUE", "lots")
    with pytest.raises(ValueError, match="KARABAKH_EXPORT_QUEUE"):
        RenderLimits.from_environment()



def test_a_browser_that_does_not_start_in_time_is_busy_not_missing(atlas, figure):
    """A first export on a busy server failed after 8.8 s: reported as if no Chromium were installed."""
    renderer = Renderer(RenderLimits(start_timeout_s=0.05))
    try:
        with pytest.raises(BrowserStartFailed) as failed:
            renderer.render(figure, {"format": "svg", "width": 600, "height": 400, "scale": 1})
        message = str(failed.value)
        assert "did not answer within 0.05 s, then 0.1 s" in message and "is installed" in message
        assert "try again in 10 s" in message and "not found" not in message and failed.value.retry_after_s == 10
        status = renderer.status()
        assert (status["available"], status["installed"], status["retry_after_s"]) == (False, True, 10)
        panel = text_of(html.Div(export_panel(atlas, ViewState(), TODAY, "/", "", True, status)))
        assert "did not start just now" in panel and "try again in 10 s" in panel and "no Chromium" not in panel
        assert "/export?format=pdf" in str(export_panel(atlas, ViewState(), TODAY, "/", "", True, status))
    finally:
        renderer.close()


def test_a_browser_slow_to_start_gets_a_second_longer_start(monkeypatch, tmp_path, figure):
    """The first start hangs (a script that sleeps), the second is Chromium itself: the export is made."""
    first = tmp_path / "started-once"
    slow = tmp_path / "slow-chromium"
    slow.write_text(f'#!/bin/sh\nif [ ! -e {first} ]; then touch {first}; exec sleep 600; fi\nexec /usr/bin/chromium "$@"\n')
    slow.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(slow))
    with Renderer(RenderLimits(start_timeout_s=4, time_limit_s=60)) as renderer:
        svg = renderer.render(figure, {"format": "svg", "width": 600, "height": 400, "scale": 1})
    assert first.exists() and svg.lstrip().startswith((b"<svg", b"<?xml"))
    assert processes_mentioning(str(slow)) == []

