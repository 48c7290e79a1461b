"""The ``karabakh-map`` command: serve the dashboard, build the data."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from karabakh_map.atlas import DEFAULT_GEODATA, GeodataError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8050


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="karabakh-map", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="serve the dashboard (debug off, 127.0.0.1 unless told otherwise)")
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve.add_argument("--geodata", type=Path, default=DEFAULT_GEODATA, help="the geodata directory to serve")
    serve.add_argument("--debug", action="store_true", help="Dash dev tools and reloader; never in production")

    build = commands.add_parser("build-data", help="build geodata/ from the shared sources")
    build.add_argument("--sources", type=Path, required=True, help="shared/geodata-sources")
    build.add_argument("--research", type=Path, required=True, help="shared/research")
    build.add_argument("--out", type=Path, default=DEFAULT_GEODATA, help="where to write (default: geodata/)")
    return parser


def _serve(args: argparse.Namespace) -> int:
    from karabakh_map.app import create_app

    app = create_app(args.geodata)
    print(f"karabakh-map: serving on http://{args.host}:{args.port}/", file=sys.stderr, flush=True)
    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0


def _build(args: argparse.Namespace) -> int:
    from karabakh_map.atlas import load_atlas
    from karabakh_map.build import build_geodata

    try:
        manifest = build_geodata(args.sources, args.research, args.out)
    except ValueError as error:  # a source or project table the build cannot use
        print(f"karabakh-map: build failed: {error}", file=sys.stderr)
        return 2
    load_atlas(args.out)  # what was written must load
    print(f"karabakh-map: wrote {len(manifest['files'])} files and manifest.json to {args.out}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return {"serve": _serve, "build-data": _build}[args.command](args)
    except GeodataError as error:
        print(f"karabakh-map: geodata error: {error}", file=sys.stderr)
        return 2
    except FileNotFoundError as error:
        print(f"karabakh-map: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
