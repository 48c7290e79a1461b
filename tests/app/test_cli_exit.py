"""The command line's browser and its temporary files: it works under any TMPDIR and leaves nothing behind.

The browser for images starts while a batch loads its data, so a view refused right away
exits while Chromium is still starting. Left to ``atexit``, Python's temporary-directory
finalizers ran before our hook and removed the profile under the running browser, which
now and then printed a traceback after the refusal ("Directory not empty: 'Default'").
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# Runs the console script's entry point in a child interpreter, then reports, before the
# interpreter's own exit hooks run, whether a process it started still lives.
PROBE = """
import os, sys
from karabakh_map import cli
sys.argv = ["karabakh-map", "snapshot", "--width", "320", "--height", "240", "-o", sys.argv[1]]
try:
    cli.run()
except SystemExit as done:
    status = done.code
me = str(os.getpid())
children = [pid for pid in os.listdir("/proc") if pid.isdigit()
            and open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[1] == me]
print(status, len(children))
"""


def test_a_refused_snapshot_stops_the_browser_it_started_before_the_interpreter_exits(tmp_path):
    # A short TMPDIR: Chromium's profile sockets must fit a Unix socket path (108 bytes).
    scratch = Path(tempfile.mkdtemp(prefix="k-exit-"))
    try:
        done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "x.png")], capture_output=True,
                              text=True, timeout=120, env={**os.environ, "TMPDIR": str(scratch)})
        status, children = done.stdout.split()
        assert status == "2", done.stderr
        assert "height must be between 320 and 6000 pixels, not 240" in done.stderr
        assert children == "0"  # the browser started for the batch is stopped and reaped
        assert "Traceback" not in done.stderr
        assert list(scratch.iterdir()) == []  # its profile and kaleido's page are removed
        assert not (tmp_path / "x.png").exists()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def test_an_image_is_exported_under_a_long_temporary_directory(tmp_path):
    # Chromium's socket goes in the TMPDIR it is given; under a path as long as macOS's /var/folders/…/T/
    # (or this test's) the browser "exited as it started" and every image export failed.
    long = tmp_path / ("t" * 40) / "T"
    long.mkdir(parents=True)
    assert len(str(long)) > 60
    target = tmp_path / "nkao.png"
    done = subprocess.run([sys.executable, "-m", "karabakh_map.cli", "snapshot", "--region", "nkao", "-o", str(target)],
                          capture_output=True, text=True, timeout=180, env={**os.environ, "TMPDIR": str(long)})
    assert done.returncode == 0, done.stderr
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
