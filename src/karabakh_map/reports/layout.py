"""Where a snapshot's title, legend, scale and sources go, for any size from 320 to 6000 px a side.

Pure arithmetic on sizes and text: the map gets what is left once the title (wrapped to
the width), the legend (beside the map when there is room, else below it) and the
sources (wrapped; the permalink and the method line dropped first when space is short)
have theirs, and a size that leaves the map less than :data:`MIN_MAP_PX` is refused with
the smallest height that works. Text widths are estimated generously (0.62 em a
character), so that the real text never runs past the canvas.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

MIN_MAP_PX = 150
CHAR_EM = 0.62  # wider than the average sans-serif letter: the estimate must not fall short
LINE_EM = 1.3
# A plotly legend row is about 1.3 lines of text plus 9 px (measured: 19 px at 8 px, 22.5 px at 12 px).
LEGEND_ROW = (1.3, 9)
LEGEND_SWATCH_PX = 40  # plotly's symbol column and gap, at font scale 1
# A legend entry's label is wrapped to this share of the canvas's width, so that the legend can
# stand beside the map on a small landscape page, and a long label does not make one wide column.
LEGEND_WRAP_SHARE = 0.28
# Beside the map the legend leaves the map at least this share of the width.
MAP_MIN_SHARE = 0.55


class TooSmall(ValueError):
    """The size leaves no room for the map; the message says the smallest size that works."""


@dataclass(frozen=True)
class Frame:
    """A laid-out snapshot: font sizes, wrapped text and margins in CSS px.

    Attributes
    ----------
    width, height : int
        The canvas.
    title_lines, footer_lines : tuple of str
        The title and the sources, wrapped to the width.
    title_size, footer_size, legend_size : float
        Font sizes in px.
    margin : dict
        Plotly margins (l, r, t, b) around the map.
    legend_beside : bool
        The legend is right of the map (else below it).
    legend_height : float
        Its estimated height, for placing the sources below it.
    legend_columns : int
        Entries per row below the map (1 beside it): as many as the width holds.
    legend_labels : tuple of str
        The legend's labels, wrapped (lines joined by ``<br>``, as plotly draws them).
    """

    width: int
    height: int
    title_lines: tuple[str, ...]
    footer_lines: tuple[str, ...]
    title_size: float
    footer_size: float
    legend_size: float
    margin: dict
    legend_beside: bool
    legend_height: float
    legend_columns: int = 1
    legend_labels: tuple[str, ...] = ()

    @property
    def map_width(self) -> float:
        """The map's width in px: the canvas less the side margins."""
        return self.width - self.margin["l"] - self.margin["r"]

    @property
    def map_height(self) -> float:
        """The map's height in px: the canvas less the top and bottom margins."""
        return self.height - self.margin["t"] - self.margin["b"]


def font_scale(width: int, height: int) -> float:
    """Text grows with the canvas (1 at about 1000 px), within limits that keep it readable and in proportion."""
    return min(4.0, max(0.75, min(width, height * 1.6) / 1000))


def wrap(text: str, width_px: float, font_px: float) -> list[str]:
    """``text`` in lines that fit ``width_px`` at ``font_px`` (estimated); a word longer than a line is cut."""
    chars = max(8, int(width_px / (font_px * CHAR_EM)))
    return textwrap.wrap(text, chars, break_long_words=True, break_on_hyphens=False) or [""]


def text_width(text: str, font_px: float) -> float:
    """An estimate of ``text``'s width in px at ``font_px``."""
    return len(text) * font_px * CHAR_EM


def lay_out(width: int, height: int, title: str, footer: list[str], legend: list[str]) -> Frame:
    """Lay a snapshot out; ``footer`` is its paragraphs, most important first.

    Raises
    ------
    TooSmall
        When the map would be less than :data:`MIN_MAP_PX` on a side even with only the first
        paragraph of the footer; the message gives the smallest height for this width.
    """
    scale = font_scale(width, height)
    pad = round(10 * scale)
    title_size = round(18 * scale, 1)
    footer_size = round(max(8.0, 10 * scale), 1)
    legend_size = round(max(8.0, 11 * scale), 1)
    inner = width - 2 * pad
    title_lines = wrap(title, inner, title_size)
    top = pad + len(title_lines) * title_size * LINE_EM + pad
    swatch = LEGEND_SWATCH_PX * legend_size / 11

    def wrapped_to(label_px: float) -> tuple[list[list[str]], float]:
        lines = [wrap(label, max(label_px, 12 * legend_size * CHAR_EM), legend_size) for label in legend]
        longest = max((text_width(line, legend_size) for entry in lines for line in entry), default=0)
        return lines, longest + swatch + pad

    def rows_height(wrapped: list[list[str]], columns: int) -> float:
        # Plotly fills the rows left to right; a row is as high as its tallest entry.
        rows = [wrapped[i:i + columns] for i in range(0, len(wrapped), columns)]
        return sum(max(len(lines) for lines in row) * legend_size * LEGEND_ROW[0] + LEGEND_ROW[1] for row in rows) + pad

    first_footer = len(wrap(footer[0], inner, footer_size)) * footer_size * LINE_EM + pad if footer else 0
    # Beside the map on a wide page, and on a small landscape one (below, it would leave the map a
    # strip), its labels wrapped to a narrow column.
    wrapped, legend_width = wrapped_to(LEGEND_WRAP_SHARE * width - swatch - pad)
    legend_beside = (
        bool(legend)
        and width - legend_width - 2 * pad >= max(MAP_MIN_SHARE * width, MIN_MAP_PX)
        and (width >= 700 or width > height)
        and rows_height(wrapped, 1) <= height - top - first_footer - pad
    )
    if not legend_beside:  # below the map: in as many columns as the width holds, each as wide as the longest
        wrapped, legend_width = wrapped_to(inner - swatch - pad)
    columns = 1 if legend_beside else max(1, min(len(legend), int(inner // legend_width)))
    legend_height = rows_height(wrapped, columns)

    def frame(paragraphs: list[str]) -> Frame:
        lines = [line for paragraph in paragraphs for line in wrap(paragraph, inner, footer_size)]
        footer_height = len(lines) * footer_size * LINE_EM + pad
        below = footer_height + (0 if legend_beside or not legend else legend_height)
        margin = {"l": pad, "r": pad + (legend_width if legend_beside else 0), "t": top, "b": below + pad}
        margin = {side: math.ceil(value) for side, value in margin.items()}
        return Frame(width, height, tuple(title_lines), tuple(lines), title_size, footer_size, legend_size,
                     margin, legend_beside, legend_height, columns, tuple("<br>".join(lines) for lines in wrapped))

    # The permalink goes first, then the method line: the attribution always stays.
    for keep in range(len(footer), 0, -1):
        laid = frame(footer[:keep])
        if laid.map_height >= MIN_MAP_PX and laid.map_width >= MIN_MAP_PX:
            return laid
    needed = math.ceil(laid.margin["t"] + laid.margin["b"] + MIN_MAP_PX)
    raise TooSmall(
        f"{width}×{height} px leaves no room for the map beside its title, legend and sources: "
        f"at {width} px wide it needs at least {needed} px of height"
    )
