"""Production serving under load: gunicorn with 2 workers, real HTTP on loopback.

A bounded soak (50 clients for 30 s: no errors, p99 printed) and a worker killed
mid-load (gunicorn replaces it; nothing is lost beyond the request it was answering).
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from components import callback_body
from karabakh_map.server.app import create_app
from karabakh_map.ui import ids

# Each test here runs for seconds (servers, browsers, thousands of requests).
pytestmark = pytest.mark.slow

REGIONS = ["nkao", "kalbajar", "armenia", "lachin", "agdam", "nakhchivan", "azerbaijan", "georgia"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _workers(master: int) -> set[int]:
    return {int(pid) for pid in subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout.split()}


@pytest.fixture
def gunicorn(tmp_path):
    port = _free_port()
    log = tmp_path / "gunicorn.log"  # a file, not a pipe that nobody reads while it runs
    process = subprocess.Popen(
        [sys.executable, "-m", "karabakh_map.cli", "serve", "--workers", "2", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=log.open("w"), start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                assert response.status == 200
                break
        except OSError:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.1)
    while len(_workers(process.pid)) < 2:  # the first worker may answer before the second has forked
        assert time.monotonic() < deadline, "gunicorn did not start its 2 workers"
        time.sleep(0.05)
    yield process, port
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def click_bodies() -> list[bytes]:
    """The view callback a map click on each region sends, from the app's own callback map."""
    app = create_app()
    key = next(k for k in app.callback_map if f"{ids.REGION_DETAILS}.children" in k)
    spec = app.callback_map[key]
    refs = spec["inputs"] + spec["state"]
    bodies = []
    for region in REGIONS:
        values = {f"{ids.MAP}.clickData": {"points": [{"location": region}]}, f"{ids.URL}.search": "",
                  f"{ids.VIEW_SHOWN}.data": ""}
        filled = [values.get(f"{r['id']}.{r['property']}") for r in refs]
        bodies.append(json.dumps(callback_body(spec, key, filled, f"{ids.MAP}.clickData")).encode())
    return bodies


class Load:
    """``clients`` threads, each sending requests one after another until ``seconds`` have passed."""

    def __init__(self, port: int, bodies: list[bytes], clients: int, seconds: float):
        self.port, self.bodies, self.seconds = port, bodies, seconds
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._client, args=(i,)) for i in range(clients)]

    def _request(self, index: int) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            if index % 5 == 4:  # now and then a page or data, as readers load them
                connection.request("GET", ["/", "/geodata/draw/districts.geojson", "/healthz"][index % 3])
            else:
                body = self.bodies[index % len(self.bodies)]
                connection.request("POST", "/_dash-update-component", body, {"Content-Type": "application/json"})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def _client(self, number: int) -> None:
        index, end = number, time.monotonic() + self.seconds
        while time.monotonic() < end:
            start = time.perf_counter()
            try:
                status, _ = self._request(index)
                problem = None if status == 200 else f"HTTP {status}"
            except (OSError, http.client.HTTPException) as error:
                problem = f"{type(error).__name__}: {error}"
            with self._lock:
                if problem:
                    self.errors.append(problem)
                else:
                    self.latencies.append(time.perf_counter() - start)
            index += 1

    def run(self) -> Load:
        for thread in self._threads:
            thread.start()
        for thread in self._threads:
            thread.join()
        return self

    def percentile_ms(self, share: float) -> float:
        return statistics.quantiles(self.latencies, n=100)[int(share * 100) - 1] * 1000


def test_gunicorn_workers_serve_the_dashboard(gunicorn):
    _, port = gunicorn
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/?region=nkao", timeout=10) as response:
        assert response.status == 200 and b"react-entry-point" in response.read()


def test_soak_50_clients_for_30_seconds_without_an_error(gunicorn, click_bodies):
    process, port = gunicorn
    load = Load(port, click_bodies, clients=50, seconds=30).run()
    print(f"\nsoak: {len(load.latencies)} requests in 30 s from 50 clients, {len(load.errors)} errors, "
          f"p50 {load.percentile_ms(0.5):.1f} ms, p99 {load.percentile_ms(0.99):.1f} ms")
    assert not load.errors, load.errors[:5]
    assert len(load.latencies) > 1000 and process.poll() is None


def test_a_worker_killed_under_load_is_replaced_and_loses_at_most_its_request(gunicorn, click_bodies):
    process, port = gunicorn
    workers = _workers(process.pid)
    load = Load(port, click_bodies, clients=8, seconds=8)
    killer = threading.Timer(3, os.kill, (min(workers), signal.SIGKILL))
    killer.start()
    load.run()
    killer.join()
    print(f"\nworker killed: {len(load.latencies)} answered, errors {load.errors}")
    assert len(load.errors) <= 1, load.errors  # the one request the killed worker was answering
    deadline = time.monotonic() + 10
    while (after := _workers(process.pid)) == workers - {min(workers)} and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(after) == 2 and min(workers) not in after, after  # gunicorn started a replacement
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
        assert response.status == 200
