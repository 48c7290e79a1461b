"""What a CLI process imports: the cost of a cold snapshot, guarded without a clock.

Seconds depend on the machine and its load; which modules a process loads does not.
A snapshot needs the data (geopandas), the figure (plotly) and, for images, the browser
(kaleido), never the web server (dash, flask) or anything else a finished figure does not use.
"""

from __future__ import annotations

import json
import subprocess
import sys

# The dashboard's stack, and heavy optional imports nothing on the snapshot path needs.
NOT_FOR_A_SNAPSHOT = ("dash", "flask", "werkzeug", "gunicorn", "flask_talisman", "yaml", "matplotlib", "scipy",
                      "pyarrow", "IPython", "plotly.express", "karabakh_map.ui", "karabakh_map.server.app")
# What argument parsing needs: `--help` and a refused option answer before anything heavy loads.
NOT_FOR_PARSING = ("pandas", "geopandas", "numpy", "shapely", "plotly", "kaleido", "dash")


def _modules_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code``."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def _loaded(modules: set[str], names) -> list[str]:
    return [name for name in names if any(module == name or module.startswith(f"{name}.") for module in modules)]


def test_a_snapshot_loads_neither_the_web_server_nor_unused_libraries(tmp_path):
    target = tmp_path / "nkao.html"
    modules = _modules_after(
        "from karabakh_map.cli import main\n"
        f"assert main(['snapshot', '--region', 'nkao', '--compare', 'luxembourg', '-o', {str(target)!r}]) == 0"
    )
    assert target.stat().st_size > 0
    assert {"geopandas", "plotly.graph_objects", "karabakh_map.reports.figure"} <= modules  # it did draw the map
    assert _loaded(modules, NOT_FOR_A_SNAPSHOT) == []


def test_parsing_the_command_line_loads_no_data_or_drawing_library():
    assert _loaded(_modules_after("import karabakh_map.cli"), NOT_FOR_PARSING) == []
