"""Servers under measurement, each in its own process group: started, timed to first answer, stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A command serving HTTP on ``port``; ``startup_s`` is the time from spawn to the first 200."""

    def __init__(self, name: str, command: list[str], port: int, ready_path: str = "/", cwd: Path | None = None):
        self.name, self.port = name, port
        self.url = f"http://127.0.0.1:{port}"
        # A file, not a pipe: nobody reads a pipe while the server runs, and a full one stops
        # the development server in its request log.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 (open while the server runs; closed when it stops)
        start = time.perf_counter()
        self.process = subprocess.Popen(
            command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=self.log, start_new_session=True
        )
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                self.log.seek(0)
                raise RuntimeError(f"{name} exited: {self.log.read().decode()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + ready_path, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name} not answering after 60 s") from None
                time.sleep(0.02)
        self.startup_s = time.perf_counter() - start

    def stop(self) -> None:
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()


def ours(workers: int = 0) -> Server:
    port = free_port()
    command = [str(BIN / "karabakh-map"), "serve", "--port", str(port)]
    if workers:
        command += ["--workers", str(workers)]
    return Server(f"karabakh-map ({workers or 'dev'} workers)", command, port, ready_path="/healthz")


def reference(workers: int = 0) -> Server:
    port = free_port()
    if workers:
        command = [str(BIN / "gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}", "reference_app:server"]
    else:
        command = [sys.executable, "-c", f"import reference_app; reference_app.app.run(port={port})"]
    return Server(f"default Dash ({workers or 'dev'} workers)", command, port, cwd=BENCHMARKS)
