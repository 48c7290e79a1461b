"""Real servers for tests: ``karabakh-map serve`` or gunicorn in their own process group, and a small reverse proxy.

The proxy does what a reverse proxy in front of the app does (nginx in the README):
passes each request to one of its upstreams in turn, strips or keeps a path prefix,
and sets the ``proxy_set_header`` lines it is given, with nginx's variables filled as
for a reader who came over HTTPS to ``public_host``.
"""

from __future__ import annotations

import http.client
import itertools
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

START_TIMEOUT_S = 60


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def descendants(pid: int) -> list[str]:
    """Every live process below ``pid`` (zombies included: an unreaped child is a leak too), as "pid command"."""
    table = subprocess.run(["ps", "-eo", "pid=,ppid=,args="], capture_output=True, text=True, check=True).stdout
    children: dict[int, list[tuple[int, str]]] = {}
    for line in table.splitlines():
        child, parent, *command = line.split(None, 2)
        children.setdefault(int(parent), []).append((int(child), " ".join(command)))
    found, todo = [], [pid]
    while todo:
        for child, command in children.get(todo.pop(), []):
            if not command.startswith("ps "):
                found.append(f"{child} {command}")
                todo.append(child)
    return found


def process_group(pgid: int) -> list[str]:
    """Every live process in a process group (choreographer starts each browser as the leader of its own).

    Zombies are left out: they are dead, and once their parent is gone only init can reap them.
    """
    table = subprocess.run(["ps", "-eo", "pgid=,stat=,pid=,args="], capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in table.splitlines()
            if int(line.split()[0]) == pgid and not line.split()[1].startswith("Z")]


def processes_mentioning(text: str) -> list[str]:
    """Processes anywhere on the machine whose command line holds ``text`` (a path unique to one test)."""
    table = subprocess.run(["ps", "-eo", "pid=,args="], capture_output=True, text=True, check=True).stdout
    return [line.strip() for line in table.splitlines() if text in line and "ps -eo" not in line]


class ServerProcess:
    """A server command in a subprocess of its own session, logging to a file; ``stop()`` ends the whole group."""

    def __init__(self, log_path: Path, *args: str, env: dict | None = None, prefix: str = "/", gunicorn: bool = False):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}{prefix.rstrip('/')}"
        self.log_path = log_path
        command = (
            [sys.executable, "-m", "gunicorn", "-w", "2", "--preload", "-b", f"127.0.0.1:{self.port}", *args,
             "karabakh_map.wsgi:server"]
            if gunicorn
            else [sys.executable, "-m", "karabakh_map.cli", "serve", "--port", str(self.port), *args]
        )
        with log_path.open("w") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
                start_new_session=True,
            )

    def wait_until_ready(self, workers: int = 0) -> ServerProcess:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            assert self.process.poll() is None, f"server exited with {self.process.returncode}:\n{self.log}"
            assert time.monotonic() < deadline, f"server not answering after {START_TIMEOUT_S} s:\n{self.log}"
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200 and len(descendants(self.process.pid)) >= workers:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)

    def get(self, path: str, timeout: float = 60) -> tuple[int, dict, bytes]:
        """Status, headers and body of ``GET url + path`` (an error status is an answer, not an exception)."""
        try:
            with urllib.request.urlopen(self.url + path, timeout=timeout) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    @property
    def log(self) -> str:
        return self.log_path.read_text()

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


class ReverseProxy:
    """A threaded HTTP reverse proxy on 127.0.0.1 in front of ``upstreams`` (``host:port``), round robin.

    Requests under ``location`` are passed on, with the prefix removed when ``strip`` (nginx's
    ``proxy_pass http://app/;``) or kept (``proxy_pass http://app;``); anything else is a 404.
    ``set_headers`` maps header names to nginx values: ``$host``, ``$scheme``,
    ``$proxy_add_x_forwarded_for`` and ``$remote_addr`` are filled in, other text is sent as is.
    ``served`` counts the requests each upstream answered, by method.
    """

    def __init__(self, upstreams: list[str], location: str, strip: bool, set_headers: dict[str, str],
                 public_host: str, scheme: str = "https"):
        self.upstreams = upstreams
        self.served = {(upstream, method): 0 for upstream in upstreams for method in ("GET", "POST")}
        turns = itertools.cycle(upstreams)
        lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet: the test reports what matters
                pass

            def _pass(self):
                if not self.path.startswith(location):
                    self.send_error(404)
                    return
                path = "/" + self.path[len(location):] if strip else self.path
                values = {"$host": public_host, "$scheme": scheme, "$remote_addr": self.client_address[0],
                          "$proxy_add_x_forwarded_for": self.client_address[0]}
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                headers.update({name: values.get(value, value) for name, value in set_headers.items()})
                body = self.rfile.read(int(self.headers.get("Content-Length", 0) or 0))
                with lock:
                    upstream = next(turns)
                    proxy.served[upstream, self.command] += 1
                connection = http.client.HTTPConnection(upstream, timeout=120)
                try:
                    connection.request(self.command, path, body or None, headers)
                    answer = connection.getresponse()
                    data = answer.read()
                finally:
                    connection.close()
                self.send_response(answer.status)
                for name, value in answer.getheaders():
                    if name.lower() not in ("connection", "transfer-encoding", "content-length"):
                        self.send_header(name, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class StaticSite:
    """A page served from another origin (another port), to frame the app from a foreign site."""

    def __init__(self, html: str):
        body = html.encode()

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
