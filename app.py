"""Serve the dashboard: ``python app.py [--host HOST] [--port PORT]`` (same as ``karabakh-map serve``)."""

import sys

from karabakh_map.cli import main

if __name__ == "__main__":
    sys.exit(main(["serve", *sys.argv[1:]]))
