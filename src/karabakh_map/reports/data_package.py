"""The data behind the map as one zip: every file of geodata/ its manifest lists, the manifest, and a licence note.

The dashboard's "Data" download and ``karabakh-map export-data`` give the same files:
every layer the map can draw (full geometry in ``layers/``, the drawn simplification in
``draw/``), every table the panels use (``tables/``), and ``manifest.json``, whose
checksums match each file byte for byte. The CSV files are plain UTF-8, exactly as the
manifest lists them (Excel: Data → From Text/CSV, or the dashboard's per-chart CSV, which
carries a BOM for Excel).
"""

from __future__ import annotations

import io
import zipfile

from karabakh_map.data.atlas import MANIFEST, Atlas


def licence_note(atlas: Atlas) -> str:
    """LICENSE.txt: each source's licence and the credit it asks for, from the manifest."""
    sources = atlas.manifest["sources"]
    lines = [f"- {source['title']}: {source['licence']}" for source in sources.values()]
    credits = "\n".join(f"- {text}" for text in dict.fromkeys(s["attribution"] for s in sources.values()) if text)
    return (
        "Data from karabakh-map. Each source's licence applies to what is taken from it:\n"
        + "\n".join(lines)
        + f"\n\nCredit, where the data is used:\n{credits}\n\n"
        f"Each file's sources, licences, methods, fixes and sha256: {MANIFEST}. CSV files are UTF-8.\n"
    )


def _entry(path: str) -> zipfile.ZipInfo:
    # A fixed timestamp: the same data gives the same zip.
    entry = zipfile.ZipInfo(path, (1980, 1, 1, 0, 0, 0))
    entry.compress_type = zipfile.ZIP_DEFLATED
    return entry


def data_archive(atlas: Atlas) -> bytes:
    """The zip: each file the manifest lists, under its own path, then the manifest and LICENSE.txt."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in [*sorted(atlas.manifest["files"]), MANIFEST]:
            archive.writestr(_entry(path), (atlas.root / path).read_bytes())
        archive.writestr(_entry("LICENSE.txt"), licence_note(atlas))
    return buffer.getvalue()
