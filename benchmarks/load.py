"""Loopback load with wrk (Debian package ``wrk``): a fixed duration, so it stops by itself."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

# Lua for wrk: POST the callback bodies in turn, as Chromium would (its Accept-Encoding).
SCRIPT = """
local bodies = {%s}
local i = 0
request = function()
  i = i %% #bodies + 1
  return wrk.format("POST", "%s", {["Content-Type"] = "application/json",
    ["Accept-Encoding"] = "gzip, deflate, br, zstd"}, bodies[i])
end
"""
_UNITS_S = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


@dataclass
class LoadResult:
    requests: int
    per_second: float
    errors: int  # non-2xx/3xx answers, and connect/read/write/timeout socket errors
    p50_ms: float | None  # None when wrk printed no such line (a busy machine, too few requests)
    p99_ms: float | None


def wrk_missing() -> str | None:
    return None if shutil.which("wrk") else "wrk not found: apt-get install -y wrk"


def _seconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * _UNITS_S[unit]


def _parse(output: str) -> LoadResult:
    requests, per_second = re.search(r"(\d+) requests in", output), re.search(r"Requests/sec:\s+([\d.]+)", output)
    if requests is None or per_second is None:
        raise ValueError(f"wrk printed no summary: {output.strip()[-200:]!r}")
    requests, per_second = int(requests.group(1)), float(per_second.group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    errors = (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, sockets.groups())) if sockets else 0)
    latency = {p: _seconds(v) * 1000 for p, v in re.findall(r"^\s+(50|99)%\s+(\S+)$", output, flags=re.M)}
    return LoadResult(requests, per_second, errors, latency.get("50"), latency.get("99"))


def post_load(url: str, path: str, bodies: list[str], connections: int, seconds: int) -> LoadResult:
    """``connections`` clients POSTing ``bodies`` to ``url + path`` for ``seconds``."""
    lua_bodies = ",".join(f"[==[{body}]==]" for body in bodies)
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "post.lua"
        script.write_text(SCRIPT % (lua_bodies, path))
        done = subprocess.run(
            ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],
            capture_output=True, text=True, check=True, timeout=seconds + 60,
        )
    return _parse(done.stdout)
