"""The data build: public sources in sources/ and our tables in editorial/ → the committed files in geodata/.

Run as ``karabakh-map build-data``. The app never reads sources/; it reads geodata/.
"""

from karabakh_map.build.pipeline import build_geodata

__all__ = ["build_geodata"]
