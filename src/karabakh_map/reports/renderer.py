"""The browser behind image exports: one warm Chromium per process, one export at a time, each with a time limit.

kaleido 1.5's synchronous server (``kaleido.start_sync_server`` + ``calc_fig_sync``) is
not safe for concurrent callers: every caller puts its task on one shared queue, waits
for *all* queued tasks to finish, then takes whichever result is first on one shared
return queue, with no request id to match it, so two threads exporting at once can swap
images. It also hangs when its browser fails to start (the server thread dies, callers
wait forever). So this module does not use it.

Instead a ``Renderer`` owns an event loop on its own thread and a ``kaleido.Kaleido``
(kaleido's asynchronous API, which hands each ``calc_fig`` call its own result). Each
export is a coroutine submitted to that loop; its ``concurrent.futures.Future`` is the
only place its bytes can arrive, so a result can never reach another request. Exports
are serialised by an ``asyncio.Lock`` (first come, first served) because the machine
renders one image at a time as fast as several. Admission is bounded (``capacity``);
beyond it a caller gets ``RenderQueueFull`` at once. Every export has a time limit
counted from its admission; one that exceeds it gets ``RenderTimeout`` and the browser
is killed (its whole process group) and started afresh for the next export. Start-up
has its own limit; an export whose time allows it gives a browser that did not answer in
time a second start with twice the limit (Chromium starting on a busy machine took 8.8 s).
A browser that cannot start is reported with the reason (``BrowserStartFailed``: installed,
so "try again", never "no Chromium") and not tried again for ``retry_after_s`` seconds
(10 s after a slow start, 30 s after one that exited), so a broken installation costs each
request nothing.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from karabakh_map.server.assets import PLOTLY_BUNDLE, TOPOJSON_DIR

TIME_LIMIT_S = 30.0
START_TIMEOUT_S = 8.0  # Chromium starts in 1–4 s here; under load once 8.8 s (a second start then has twice this)
CAPACITY = 16
RETRY_AFTER_S = 30
# A start that timed out is most often a busy machine: tried again sooner than one that exited.
RETRY_AFTER_SLOW_START_S = 10
# Beyond the time limit, how long a caller waits for the render thread itself to answer.
THREAD_GRACE_S = 5.0
# Room in a Unix socket's 108-byte path for Chromium's "/.org.chromium.Chromium.XXXXXX/SingletonSocket" and ours.
SHORT_TMPDIR_CHARS = 40
CHROMIUM_HELP = (
    "PNG, SVG and PDF export needs Chromium, which was not found: install it (Debian: apt-get install -y chromium) "
    "or point BROWSER_PATH at it. Standalone HTML export works without it."
)


class RenderUnavailable(RuntimeError):
    """An image export that cannot be made now; the message says why, for the reader.

    ``retry_after_s`` is how long a client should wait before trying again.
    """

    retry_after_s = RETRY_AFTER_S


class RendererMissing(RenderUnavailable):
    """Chromium is not installed (or BROWSER_PATH names no executable), or it died while rendering."""


class BrowserStartFailed(RendererMissing):
    """Chromium is installed but did not start: it exited, or did not answer in time (a busy server)."""


class RenderQueueFull(RenderUnavailable):
    """Every place in this process's export queue is taken."""

    retry_after_s = 5


class RenderTimeout(RenderUnavailable):
    """An export took longer than its time limit; the browser was restarted."""

    retry_after_s = 5


def find_chromium() -> str:
    """The browser kaleido will drive: BROWSER_PATH if set, else a Chromium or Chrome on PATH.

    Raises
    ------
    RendererMissing
        Naming BROWSER_PATH when it is not an executable file, else saying how to install Chromium.
    """
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        if os.access(configured, os.X_OK) and Path(configured).is_file():
            return configured
        raise RendererMissing(f"BROWSER_PATH={configured!r} is not an executable file. {CHROMIUM_HELP}")
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise RendererMissing(CHROMIUM_HELP)


def chromium_available() -> bool:
    """Whether this machine has a Chromium to render PNG, SVG and PDF with."""
    try:
        find_chromium()
    except RendererMissing:
        return False
    return True


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds, not {value!r}") from None
    if number <= 0:
        raise ValueError(f"{name} must be positive, not {value!r}")
    return number


@dataclass(frozen=True)
class RenderLimits:
    """How long an export and a browser start may take (seconds), and how many exports may wait."""

    time_limit_s: float = TIME_LIMIT_S
    start_timeout_s: float = START_TIMEOUT_S
    capacity: int = CAPACITY

    @property
    def both_starts_s(self) -> float:
        """The longest a browser start may take: a first start and a second with twice the limit (seconds)."""
        return 3 * self.start_timeout_s

    @classmethod
    def from_environment(cls) -> RenderLimits:
        """``KARABAKH_EXPORT_TIME_LIMIT_S``, ``KARABAKH_BROWSER_START_TIMEOUT_S``, ``KARABAKH_EXPORT_QUEUE``."""
        capacity = _env_float("KARABAKH_EXPORT_QUEUE", CAPACITY)
        if capacity != int(capacity):
            raise ValueError(f"KARABAKH_EXPORT_QUEUE must be a whole number, not {capacity:g}")
        return cls(
            _env_float("KARABAKH_EXPORT_TIME_LIMIT_S", TIME_LIMIT_S),
            _env_float("KARABAKH_BROWSER_START_TIMEOUT_S", START_TIMEOUT_S),
            int(capacity),
        )


class Renderer:
    """One browser for image exports, safe to call from any number of threads.

    Use as a context manager (the CLI: one browser for a whole batch, closed on exit) or
    through ``process_renderer()`` (the server: one per process, made after a fork).

    Parameters
    ----------
    limits : RenderLimits
        Time limit per export, start-up limit, and how many exports may be admitted at once.
    """

    def __init__(self, limits: RenderLimits | None = None):
        self.limits = limits or RenderLimits()
        self._guard = threading.Lock()
        self._admitted = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None  # lives on the loop's thread only
        self._serial: asyncio.Lock | None = None
        self._failure: tuple[float, str, float] | None = None  # (monotonic time, reason, s refused) of the last failed start
        self._process = None  # the browser's wrapper process (subprocess.Popen), leader of its process group
        self._scratch: str | None = None  # the browser's TMPDIR, removed with it
        self._reloading: asyncio.Task | None = None  # the last export's tab reload (see _reload_after_answer)

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- what callers use -------------------------------------------------------------------

    def status(self) -> dict:
        """Whether an image export can be attempted now, and if not why (for /healthz)."""
        try:
            find_chromium()
        except RenderUnavailable as error:
            return {"available": False, "installed": False, "reason": str(error)}
        try:
            self._refuse_after_failure()
        except RenderUnavailable as error:
            return {"available": False, "installed": True, "reason": str(error), "retry_after_s": error.retry_after_s}
        return {"available": True, "installed": True,
                "browser": "running" if self._process else "starts with the first export"}

    def start(self) -> None:
        """Start the browser now (else the first export starts it); raise RendererMissing with the reason."""
        # Room beyond the start-up limit for an export the start may queue behind.
        self._submit(self._start, self.limits.both_starts_s + THREAD_GRACE_S)

    def start_in_background(self) -> None:
        """Begin starting the browser and return at once (the CLI loads its data meanwhile).

        A failure is kept and raised, with its reason, by the next ``start()`` or ``render()``.
        The start is queued on the render thread before this returns, so a ``close()`` that
        follows waits for it and stops its browser rather than leave it starting.
        """
        import kaleido  # noqa: F401 - here, not on the render thread: the browser is spawned before the caller's imports compete

        loop = self._loop_for_this_process()
        # As start()'s: room beyond the start-up limit, so that a browser that hangs is recorded as broken.
        deadline = time.monotonic() + self.limits.both_starts_s + THREAD_GRACE_S
        asyncio.run_coroutine_threadsafe(self._start(deadline), loop).add_done_callback(_retrieved)

    def render(self, figure: dict, opts: Mapping) -> bytes:
        """The figure rendered by Chromium: ``opts`` holds format, width, height, scale.

        Raises
        ------
        RenderQueueFull
            ``capacity`` exports are already admitted in this process.
        RenderTimeout
            The export took longer than the time limit (queueing included).
        BrowserStartFailed
            Chromium is installed but would not start (exited, or did not answer in time: try again).
        RendererMissing
            Chromium is missing, or died while rendering.
        """
        return self._submit(lambda deadline: self._render(figure, dict(opts), deadline), self.limits.time_limit_s)

    def close(self) -> None:
        """Stop the browser (its whole process group) and the render thread."""
        with self._guard:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None:
            return
        try:
            asyncio.run_coroutine_threadsafe(self._stop_when_idle(), loop).result(
                timeout=self.limits.both_starts_s + THREAD_GRACE_S
            )
        except (concurrent.futures.TimeoutError, RuntimeError):
            pass
        finally:
            self._kill_browser()
            loop.call_soon_threadsafe(loop.stop)
            thread.join(timeout=5)

    # --- the render thread -----------------------------------------------------------------

    def _refuse_after_failure(self) -> None:
        if self._failure is None:
            return
        failed_at, reason, wait_s = self._failure
        remaining = wait_s - (time.monotonic() - failed_at)
        if remaining > 0:
            error = BrowserStartFailed(reason)
            error.retry_after_s = max(1, round(remaining))
            raise error

    def _loop_for_this_process(self) -> asyncio.AbstractEventLoop:
        with self._guard:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(target=loop.run_forever, name="karabakh-renderer", daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
                self._serial = asyncio.Lock()
            return self._loop

    def _submit(self, job, limit_s: float):
        import kaleido  # noqa: F401 - imported (seconds, with plotly) before any time limit starts counting

        self._refuse_after_failure()
        with self._guard:
            if self._admitted >= self.limits.capacity:
                raise RenderQueueFull(
                    f"the server is busy: {self._admitted} exports are queued; try again in a few seconds"
                )
            self._admitted += 1
        try:
            loop = self._loop_for_this_process()
            deadline = time.monotonic() + limit_s
            future = asyncio.run_coroutine_threadsafe(job(deadline), loop)
            try:
                return future.result(timeout=limit_s + THREAD_GRACE_S)
            except concurrent.futures.TimeoutError:
                # The render thread itself did not answer: kill the browser so it cannot linger.
                future.cancel()
                self._kill_browser()
                raise RenderTimeout(f"the export took longer than {limit_s:g} s and was stopped") from None
        finally:
            with self._guard:
                self._admitted -= 1

    async def _start(self, deadline: float) -> None:
        async with self._serial:
            await self._ensure_started(deadline)

    async def _ensure_started(self, deadline: float) -> None:
        self._refuse_after_failure()  # a start that failed while this job waited is not tried again at once
        await self._reloaded(deadline)
        if self._kaleido is not None and (self._process is None or self._process.poll() is not None):
            await self._stop_browser()  # it died since the last export (crashed, killed, or past a time limit)
        if self._kaleido is not None:
            return
        path = find_chromium()
        left = deadline - time.monotonic()
        if left <= 0:
            raise RenderTimeout(f"the export waited {self.limits.time_limit_s:g} s in the queue; try again")
        budget = min(self.limits.start_timeout_s, left)
        try:
            await self._open(path, budget)
        except _SlowStart:
            # A busy machine, not a broken browser, is the usual cause: where the export's time allows,
            # one more start with twice the limit.
            again = 2 * self.limits.start_timeout_s
            slowly = "(a busy server starts it slowly)"
            if deadline - time.monotonic() < again:
                self._start_failed(path, f"did not answer within {budget:g} s {slowly}", RETRY_AFTER_SLOW_START_S)
            try:
                await self._open(path, again)
            except _SlowStart:
                self._start_failed(path, f"did not answer within {budget:g} s, then {again:g} s {slowly}",
                                   RETRY_AFTER_SLOW_START_S)

    async def _open(self, path: str, budget: float) -> None:
        """Start a browser within ``budget`` s; raise _SlowStart if it did not answer, BrowserStartFailed if it exited."""
        import kaleido

        # The dashboard's partial plotly.js (1.3 MB, not plotly.py's 4.8 MB): Chromium parses it when the
        # browser starts and again after every export (kaleido reloads its page): a start takes a third as long.
        # MathJax off, so nothing is fetched from a CDN.
        browser = kaleido.Kaleido(n=1, timeout=None, mathjax=False, plotlyjs=PLOTLY_BUNDLE.as_uri(), path=path)
        self._reload_after_answer(browser)
        # Chromium keeps shared-memory files in TMPDIR (choreographer passes --disable-dev-shm-usage) and,
        # killed, cannot remove them: they go in a directory of their own, removed when the browser is.
        scratch = self._scratch = tempfile.mkdtemp(prefix="kc-", dir=_short_temporary_directory())
        browser._browser_impl.get_env = lambda: {**os.environ, "TMPDIR": scratch}
        began = time.monotonic()
        try:
            await asyncio.wait_for(browser.open(), budget)
        except Exception:
            process = getattr(browser, "subprocess", None)
            # choreographer turns the timeout's cancellation into BrowserFailedError: ask the process instead
            # (none yet when the budget ran out before it was spawned: slow, too).
            hung = process.poll() is None if process is not None else time.monotonic() - began >= budget
            self._process = process
            self._kill_browser()
            await self._close_quietly(browser)
            if hung and budget < self.limits.start_timeout_s:
                # The export's own time ran out, not the browser's: it may be fine, so nothing is recorded.
                raise RenderTimeout("the export ran out of its time limit while the browser started; try again") from None
            if hung:
                raise _SlowStart from None
            self._start_failed(path, "exited as it started", RETRY_AFTER_S)
        self._kaleido = browser
        self._process = browser.subprocess
        self._failure = None

    def _start_failed(self, path: str, what: str, wait_s: float) -> None:
        """Record a failed start (refused for ``wait_s`` s) and raise BrowserStartFailed saying so."""
        message = (
            f"image export is unavailable for now: Chromium is installed at {path} but {what}; "
            f"try again in {wait_s:g} s. If this persists, check that it runs "
            f"(`{path} --headless --version`) or point BROWSER_PATH at a working Chromium. "
            "Standalone HTML export works without it."
        )
        self._failure = (time.monotonic(), message, wait_s)
        error = BrowserStartFailed(message)
        error.retry_after_s = round(wait_s)
        raise error from None

    async def _render(self, figure: dict, opts: dict, deadline: float) -> bytes:
        async with self._serial:
            if time.monotonic() >= deadline:
                raise RenderTimeout(f"the export waited {self.limits.time_limit_s:g} s in the queue; try again")
            # A browser started for this export that is lost on its first page is started once more:
            # seen now and then right after a browser was killed past its time limit (the next
            # Chromium's first channel closed); the export is the same, so the reader need not retry.
            await self._reloaded(deadline)  # a browser lost in the last export's reload counts as started afresh
            fresh = self._kaleido is None
            await self._ensure_started(deadline)
            try:
                return await self._calc_fig(figure, opts, deadline)
            except RendererMissing:
                if not fresh or time.monotonic() >= deadline:
                    raise
            await self._ensure_started(deadline)
            return await self._calc_fig(figure, opts, deadline)

    async def _calc_fig(self, figure: dict, opts: dict, deadline: float) -> bytes:
        from choreographer.channels import ChannelClosedError
        from choreographer.errors import BrowserClosedError, BrowserFailedError

        try:
            return await asyncio.wait_for(
                self._kaleido.calc_fig(figure, opts=opts, topojson=TOPOJSON_DIR.as_uri() + "/"),
                deadline - time.monotonic(),
            )
        except TimeoutError:
            await self._stop_browser()
            raise self._overran() from None
        except (BrowserClosedError, BrowserFailedError, ChannelClosedError) as error:
            await self._stop_browser()
            if time.monotonic() >= deadline:
                # The time limit's cancellation, which choreographer can turn into a closed channel
                # (seen under load): the export was past its limit, the browser did not fail.
                raise self._overran() from None
            raise RendererMissing(f"Chromium stopped while rendering ({type(error).__name__}); try again") from None

    def _overran(self) -> RenderTimeout:
        return RenderTimeout(f"the export took longer than {self.limits.time_limit_s:g} s and was stopped")

    def _reload_after_answer(self, browser) -> None:
        """Return each image before kaleido reloads its tab, not after.

        kaleido reloads the tab after every export (Chromium parses plotly.js again: 0.1–0.6 s
        here) and only then returns the image, so every export and a cold CLI snapshot waited
        for a reload that serves only the next export. The reload now runs after the answer;
        the next export waits for it (kaleido hands the tab out again only once reloaded), and
        a reload that failed is a lost browser, started afresh (:meth:`_reloaded`).
        """
        reload = browser._return_kaleido_tab

        async def return_tab_after_the_answer(tab) -> None:
            self._reloading = asyncio.ensure_future(reload(tab))
            self._reloading.add_done_callback(_retrieved)

        browser._return_kaleido_tab = return_tab_after_the_answer

    async def _reloaded(self, deadline: float) -> None:
        """Wait for the last export's tab reload; if it failed or outlasts ``deadline``, stop the browser."""
        reloading, self._reloading = self._reloading, None
        if reloading is None or self._kaleido is None:
            return
        # asyncio.wait, not wait_for: a reload cancelled by a dying browser must not cancel this export.
        await asyncio.wait({reloading}, timeout=max(0.0, deadline - time.monotonic()))
        if not reloading.done():  # this export's time ran out: as past its limit while rendering
            await self._stop_browser()
            raise self._overran()
        if reloading.cancelled() or reloading.exception() is not None:  # lost: _ensure_started starts another
            await self._stop_browser()

    async def _stop_when_idle(self) -> None:
        """Stop the browser once a start or an export in progress is over (else a starting browser would be left)."""
        async with self._serial:
            await self._stop_browser()

    async def _stop_browser(self) -> None:
        browser, self._kaleido = self._kaleido, None
        reloading, self._reloading = self._reloading, None
        if reloading is not None:
            reloading.cancel()
        self._kill_browser()
        if browser is not None:
            await self._close_quietly(browser)

    @staticmethod
    async def _close_quietly(browser) -> None:
        """Let kaleido remove its temporary files once the process is gone."""
        # Close the pipe first: choreographer's close() otherwise waits ~2 s for its reader
        # thread, blocked on a pipe whose other end died with the browser.
        channel = getattr(browser, "_channel", None)
        if channel is not None:
            channel.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(browser.close(), 5)
        # A close cut short (a start interrupted, the 5 s past) leaves kaleido's page directory and
        # Chromium's profile in TMPDIR: remove them here (TmpDirectory.clean is safe to repeat).
        impl = getattr(browser, "_browser_impl", None)
        for leftover in (getattr(browser, "_html_tmp_dir", None), getattr(impl, "tmp_dir", None)):
            if leftover is not None:
                with contextlib.suppress(Exception):
                    leftover.clean()

    @property
    def browser_pid(self) -> int | None:
        """The browser's process group (choreographer's wrapper leads it), or None when none runs."""
        return self._process.pid if self._process is not None else None

    def _kill_browser(self) -> None:
        """SIGKILL the browser's whole process group (choreographer starts it in a new session), reap it, remove its TMPDIR."""
        process, self._process = self._process, None
        scratch, self._scratch = self._scratch, None
        if process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            with contextlib.suppress(subprocess.TimeoutExpired):  # cannot happen to a SIGKILLed process short of a kernel hang
                process.wait(timeout=5)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


class _SlowStart(Exception):
    """A browser that did not answer within its start-up budget (killed): maybe slow, maybe broken."""


def _short_temporary_directory() -> str:
    """Where the browser's TMPDIR goes: the system's, or /tmp when that is too long a path.

    Chromium makes its singleton socket in its TMPDIR, and a Unix socket's path must fit in 108
    bytes: under a long TMPDIR (macOS's /var/folders/…/T/, about 50 characters, or a test's
    directory) the browser "exited as it started" and no image could be exported.
    """
    base = tempfile.gettempdir()
    return "/tmp" if len(base) > SHORT_TMPDIR_CHARS and os.path.isdir("/tmp") else base


def _retrieved(outcome: concurrent.futures.Future | asyncio.Future) -> None:
    """Take the outcome of work nobody awaits (a background start, a tab reload).

    Its error is then not logged as never retrieved: a failed start is kept in
    ``Renderer._failure``, a failed reload stops the browser at the next export
    (``Renderer._reloaded``).
    """
    if not outcome.cancelled():
        outcome.exception()


_process_renderer: tuple[int, Renderer] | None = None
_process_guard = threading.Lock()


def process_renderer() -> Renderer:
    """The renderer of this process, made on first use (after a fork: gunicorn workers each get their own)."""
    global _process_renderer
    with _process_guard:
        if _process_renderer is None or _process_renderer[0] != os.getpid():
            renderer = Renderer(RenderLimits.from_environment())
            atexit.register(renderer.close)  # the browser runs in its own session: it would outlive us
            _process_renderer = (os.getpid(), renderer)
        return _process_renderer[1]


def close_process_renderer() -> None:
    """Stop this process's renderer and its browser, if this process made one.

    A command line calls this before it exits rather than leave it to ``atexit``: Python runs
    the finalizers of temporary directories (registered when Chromium's profile was made, after
    our hook) before our hook, and removing the profile of a browser still starting or writing
    fails now and then with a traceback ("Directory not empty: 'Default'").
    """
    with _process_guard:
        made = _process_renderer is not None and _process_renderer[0] == os.getpid()
    if made:
        _process_renderer[1].close()

