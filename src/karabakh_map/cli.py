"""The ``karabakh-map`` command: serve the dashboard, build the data."""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import sys
import zipfile
from pathlib import Path

from karabakh_map.model.view_state import (
    DEFAULT_LAYERS,
    DEFAULT_NAMES,
    FRAMES,
    NAMING_CONVENTIONS,
    OPTIONAL_LAYERS,
    VIEW_PARAMETERS,
)
from karabakh_map.paths import GEODATA, GEODATA_SOURCES, RESEARCH
from karabakh_map.reports.batch import FORMATS
from karabakh_map.reports.paper import PRESETS
from karabakh_map.reports.renderer import RenderUnavailable, close_process_renderer
from karabakh_map.server.assets import TOPOJSON_DIR, TOPOJSON_NAME

# Heavy imports (geopandas, plotly, dash) wait for the command that needs them: a snapshot's
# browser starts while they load.
LISTS = ("regions", "places", "events", "layers")

# What each view parameter takes, as --help says it (the URL and batch files take the same values).
VIEW_HELP: dict[str, str] = {
    "region": "the region or town shown: its id or any of its names, in any script (see `list regions`)",
    "names": f"naming convention: {DEFAULT_NAMES} (default), "
    + " or ".join(f"{key} ({label})" for key, label in NAMING_CONVENTIONS.items() if key != DEFAULT_NAMES),
    "layers": f"comma-separated layers to show, of {', '.join(OPTIONAL_LAYERS)} "
    f"(default {','.join(sorted(DEFAULT_LAYERS & set(OPTIONAL_LAYERS)))}); the rest follow the date",
    "compare": "a familiar place drawn over the region at true size: id or name (see `list places`), or none",
    "date": "the date shown, YYYY-MM-DD, within the years the data covers (default: today, or the event's day)",
    "event": "a timeline event, by its id (see `list events`); shown on its own day, a conflicting --date is refused",
    "frame": f"{' or '.join(FRAMES)} to show the whole region (default: the selection, or Nagorno-Karabakh)",
}
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050
TOPOJSON_FILE = TOPOJSON_DIR / f"{TOPOJSON_NAME}.json"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="karabakh-map", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the dashboard (debug off, 127.0.0.1 unless told otherwise)")
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve.add_argument("--geodata", type=Path, default=GEODATA, help="the geodata directory to serve")
    serve.add_argument("--debug", action="store_true", help="Dash dev tools and reloader; never in production")
    serve.add_argument(
        "--workers", type=int, default=0, help="serve with gunicorn and this many worker processes (production)"
    )
    serve.add_argument("--access-log", action="store_true", help="with --workers: log every request to stdout")
    serve.add_argument(
        "--url-prefix", help="serve every route under this path, e.g. /karabakh/ (env KARABAKH_URL_PREFIX)"
    )
    serve.add_argument(
        "--proxy-count", type=int,
        help="trust X-Forwarded-For/-Proto/-Host/-Port from this many proxies in front (env KARABAKH_PROXY_COUNT; "
             "default 0: trust none)",
    )
    serve.add_argument(
        "--public-url", help="the address readers use, for permalinks in exports, e.g. https://maps.example.org/karabakh/ "
                             "(env KARABAKH_PUBLIC_URL; default: from each request)",
    )

    snapshot = commands.add_parser("snapshot", help="export the map of a view as PNG, SVG, PDF or standalone HTML")
    for name in VIEW_PARAMETERS:
        snapshot.add_argument(f"--{name}", help=VIEW_HELP[name])
    snapshot.add_argument("--format", type=str.lower, choices=FORMATS, help="default: from the file name")
    snapshot.add_argument("--preset", choices=list(PRESETS),
                          help="a paper at 300 dpi (PNG says its dpi, a PDF's page is the paper) or a 2× screen image")
    snapshot.add_argument("--width", type=int, help="layout width in CSS px (96 to the inch; default 1600)")
    snapshot.add_argument("--height", type=int, help="layout height in CSS px (default 1000)")
    snapshot.add_argument("--scale", type=float, help="image pixels per CSS px (default 1)")
    snapshot.add_argument("--batch", type=Path, help="a JSON or YAML list of views (each: the options above and 'output')")
    snapshot.add_argument("--keep-going", action="store_true", help="with --batch: render the valid views when some are not")
    snapshot.add_argument(
        "--base-url", default=os.environ.get("KARABAKH_PUBLIC_URL") or f"http://{DEFAULT_HOST}:{DEFAULT_PORT}/",
        help="the dashboard's public address, for the permalink (default: KARABAKH_PUBLIC_URL, else the local server)",
    )
    snapshot.add_argument("-o", "--output", type=Path, required=True, help="file to write, or directory with --batch")
    snapshot.add_argument("--geodata", type=Path, default=GEODATA)

    listing = commands.add_parser("list", help="ids and names of what views may name: " + ", ".join(LISTS))
    listing.add_argument("what", choices=LISTS)
    listing.add_argument("--json", action="store_true", help="one JSON array instead of aligned text")
    listing.add_argument("--geodata", type=Path, default=GEODATA)

    export_data = commands.add_parser("export-data", help="write the layers (GeoJSON) and tables (CSV) with a licence file")
    export_data.add_argument("-o", "--output", type=Path, required=True, help="directory to write into")
    export_data.add_argument("--geodata", type=Path, default=GEODATA)

    build = commands.add_parser("build-data", help="build geodata/ from sources/ and editorial/")
    build.add_argument("--sources", type=Path, default=GEODATA_SOURCES, help=f"public geodata (default: {GEODATA_SOURCES})")
    build.add_argument("--research", type=Path, default=RESEARCH, help=f"researched tables (default: {RESEARCH})")
    build.add_argument("--out", type=Path, default=GEODATA, help="where to write (default: geodata/)")
    basemap = commands.add_parser("build-basemap", help="write the base-map TopoJSON plotly.js draws under the layers")
    basemap.add_argument("-o", "--output", type=Path, default=TOPOJSON_FILE, help=f"default: {TOPOJSON_FILE}")
    return parser


def _deployment(args: argparse.Namespace):
    from karabakh_map.server.deployment import Deployment

    return Deployment.from_environment(
        url_prefix=args.url_prefix, proxy_count=args.proxy_count, public_url=args.public_url
    )


def _serve_with_gunicorn(args: argparse.Namespace) -> int:
    from gunicorn.app.base import BaseApplication

    from karabakh_map.server.app import create_app

    # Loaded once, here, so a bad geodata/ fails with one line before any worker starts;
    # workers are forked from it (preload), and a worker that dies is replaced in milliseconds.
    deployment = _deployment(args)
    server = create_app(args.geodata, deployment).server

    class Production(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{args.host}:{args.port}")
            self.cfg.set("workers", args.workers)
            self.cfg.set("preload_app", True)
            self.cfg.set("accesslog", "-" if args.access_log else None)

        def load(self):
            return server

    print(f"karabakh-map: serving on http://{args.host}:{args.port}{deployment.url_prefix} with {args.workers} workers",
          file=sys.stderr)
    Production().run()
    return 0


def _serve(args: argparse.Namespace) -> int:
    if args.workers > 0:
        if args.debug:
            raise ValueError("--debug is for the development server, not --workers")
        return _serve_with_gunicorn(args)
    from karabakh_map.server.app import create_app

    deployment = _deployment(args)
    app = create_app(args.geodata, deployment)
    print(f"karabakh-map: serving on http://{args.host}:{args.port}{deployment.url_prefix}", file=sys.stderr, flush=True)
    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0


def _build(args: argparse.Namespace) -> int:
    from karabakh_map.build import build_geodata
    from karabakh_map.data.atlas import load_atlas

    try:
        manifest = build_geodata(args.sources, args.research, args.out)
    except ValueError as error:  # a source or project table the build cannot use
        print(f"karabakh-map: build failed: {error}", file=sys.stderr)
        return 2
    load_atlas(args.out)  # what was written must load
    print(f"karabakh-map: wrote {len(manifest['files'])} files and manifest.json to {args.out}", file=sys.stderr)
    return 0


def _build_basemap(args: argparse.Namespace) -> int:
    from karabakh_map.build.basemap import build_basemap

    data = build_basemap()
    args.output.write_bytes(data)
    print(f"karabakh-map: wrote {args.output} ({len(data):,} bytes)", file=sys.stderr)
    return 0


def _snapshot(args: argparse.Namespace) -> int:
    from karabakh_map.reports.batch import BATCH_KEYS, read_batch, run_snapshots

    if args.batch:
        return run_snapshots(read_batch(args.batch), args.geodata, args.base_url, directory=args.output,
                             keep_going=args.keep_going)
    view = {key: getattr(args, key) for key in BATCH_KEYS if key != "output" and getattr(args, key) is not None}
    return run_snapshots([{**view, "output": args.output.name}], args.geodata, args.base_url, file=args.output)


def _list(args: argparse.Namespace) -> int:
    from karabakh_map.data.atlas import load_atlas
    from karabakh_map.reports.listing import as_text, listing

    rows = listing(load_atlas(args.geodata), args.what)
    print(json.dumps(rows, ensure_ascii=False, indent=1) if args.json else as_text(rows))
    return 0


def _export_data(args: argparse.Namespace) -> int:
    from karabakh_map.data.atlas import load_atlas
    from karabakh_map.reports.data_package import data_archive

    atlas = load_atlas(args.geodata)
    args.output.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(io.BytesIO(data_archive(atlas))) as archive:
        archive.extractall(args.output)
    print(f"karabakh-map: wrote the layers, tables, manifest and LICENSE.txt to {args.output}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    commands = {
        "serve": _serve,
        "build-data": _build,
        "build-basemap": _build_basemap,
        "snapshot": _snapshot,
        "export-data": _export_data,
        "list": _list,
    }
    try:
        return commands[args.command](args)
    except BrokenPipeError:  # `karabakh-map list regions | head`: the reader has what it wanted
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes stdout at exit
        return 0
    except Exception as error:
        # Only these modules' own errors are messages for the user; they are imported when a command ran them.
        from karabakh_map.data.atlas import GeodataError

        if isinstance(error, GeodataError):
            print(f"karabakh-map: geodata error: {error}", file=sys.stderr)
            return 2
        if isinstance(error, FileNotFoundError | ValueError):  # a missing input, a refused option or request
            print(f"karabakh-map: {error}", file=sys.stderr)
            return 2
        if isinstance(error, RenderUnavailable):  # no browser, one that would not start, or past its time limit
            print(f"karabakh-map: {error}", file=sys.stderr)
            return 3
        raise
    except KeyboardInterrupt:
        return 130


def run() -> None:
    """The ``karabakh-map`` console script: run the command line and exit with its status."""
    status = main()
    close_process_renderer()  # before the interpreter's exit removes the browser's profile under it
    # What the command made dies with the process: spare the collector its last passes over
    # every pandas, geopandas and plotly object (a quarter of a second of a cold snapshot here).
    gc.freeze()
    sys.exit(status)


if __name__ == "__main__":
    run()
