"""Print-true snapshots: paper presets, and the physical size written into the file.

A figure is laid out in CSS pixels, 96 to the inch (what browsers and kaleido use), so a
10 px font prints at 7.5 pt. A preset names a paper, and its image is that paper at a
resolution: ``a4-300dpi`` lays out 297 × 210 mm (A4 landscape) as 1123 × 794 CSS px and
renders it at 300/96 px per CSS px, 3508 × 2480 pixels. The PNG then says so in its
``pHYs`` chunk (11,811 pixels per metre), and a PDF's page is the paper itself.

Pure functions on bytes, applied after rendering.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

CSS_PX_PER_INCH = 96
MM_PER_INCH = 25.4
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Preset:
    """An export size: a paper (width × height in mm) at a resolution, or a screen image.

    Attributes
    ----------
    title : str
        What a reader sees.
    width_mm, height_mm : float
        The paper, landscape.
    dpi : float
        Image pixels per inch.
    """

    title: str
    width_mm: float
    height_mm: float
    dpi: float

    @property
    def width(self) -> int:
        """Layout width in CSS px (96 per inch)."""
        return round(self.width_mm / MM_PER_INCH * CSS_PX_PER_INCH)

    @property
    def height(self) -> int:
        """Layout height in CSS px (96 per inch)."""
        return round(self.height_mm / MM_PER_INCH * CSS_PX_PER_INCH)

    @property
    def scale(self) -> float:
        """Image pixels per CSS px."""
        return self.dpi / CSS_PX_PER_INCH


# The screen preset keeps the dashboard's 1600 × 1000 layout at 2× for sharp screens (192 dpi).
PRESETS: dict[str, Preset] = {
    "screen": Preset("Screen (1600 × 1000, 2×)", 1600 / CSS_PX_PER_INCH * MM_PER_INCH,
                     1000 / CSS_PX_PER_INCH * MM_PER_INCH, 2 * CSS_PX_PER_INCH),
    "a4-300dpi": Preset("A4 landscape, 300 dpi", 297, 210, 300),
    "letter-300dpi": Preset("US letter landscape, 300 dpi", 279.4, 215.9, 300),
}


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """The (type, data) chunks of a PNG, in order; ValueError if it is not one."""
    if not png.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG")
    chunks, offset = [], len(PNG_SIGNATURE)
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        chunks.append((png[offset + 4 : offset + 8], png[offset + 8 : offset + 8 + length]))
        offset += 12 + length
    return chunks


def with_resolution(png: bytes, dpi: float) -> bytes:
    """The PNG with a ``pHYs`` chunk saying ``dpi`` (any previous one replaced), so it places at its size.

    >>> png = with_resolution(PNG_SIGNATURE + _chunk(b"IHDR", bytes(13)) + _chunk(b"IEND", b""), 300)
    >>> [(kind, struct.unpack(">IIB", data)) for kind, data in png_chunks(png) if kind == b"pHYs"]
    [(b'pHYs', (11811, 11811, 1))]
    """
    per_metre = round(dpi / MM_PER_INCH * 1000)
    physical = _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))  # unit 1: metre
    out = [PNG_SIGNATURE]
    for kind, data in png_chunks(png):
        if kind == b"pHYs":
            continue
        out.append(_chunk(kind, data))
        if kind == b"IHDR":  # pHYs must come before the image data
            out.append(physical)
    return b"".join(out)
