"""Ethnic makeup census by census: stacked bars of shares or of people, small groups merged.

Pure: typed census rows (see :mod:`karabakh_map.model.census`) in, a plotly figure out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from karabakh_map.figures import style
from karabakh_map.model.formatting import format_number

OTHERS = "Others (each under 1 %)"
NOT_LISTED = "Not listed by the source"
NO_BREAKDOWN = "No breakdown found"
CHART_HEIGHT = 380  # px; the page keeps the chart's place before it is drawn
MERGE_BELOW_PCT = 1.0
_OTHER_LIKE = re.compile(r"^(other|others|unspecified)\b", re.IGNORECASE)
TERRITORY_SHORT = {"territory held by the NKR": "NKR-held area"}


@dataclass(frozen=True)
class Bar:
    """One segment of one census's bar."""

    category: str
    group: str
    population: int | None
    share: float
    detail: str


def census_label(year: int, territory: str, home: str) -> str:
    """The x-axis label of a census: its year, and its territory where that differs from the region's."""
    return str(year) if territory == home else f"{year}<br>{TERRITORY_SHORT.get(territory, territory)}"


def bars(rows: pd.DataFrame) -> tuple[list[str], list[Bar], dict[str, int | None]]:
    """Categories in order, the segments of every bar, and each census's total population."""
    home = rows.sort_values("year")["territory"].iloc[0]  # the earliest census counts the region itself
    categories, segments, totals = [], [], {}
    for (year, territory), census in rows.groupby(["year", "territory"], sort=True):
        category = census_label(year, territory, home)
        categories.append(category)
        total_rows = census[census["group"] == "Total"]
        total = total_rows["population"].iloc[0] if not total_rows.empty else pd.NA
        totals[category] = None if pd.isna(total) else int(total)
        groups = census[census["group"] != "Total"]
        if groups.empty:
            segments.append(Bar(category, NO_BREAKDOWN, totals[category], 100.0, census["note"].iloc[0]))
            continue
        merged = []
        for _, group in groups.iterrows():
            population = None if pd.isna(group["population"]) else int(group["population"])
            if group["computed"]:  # the remainder the source does not list by group
                segments.append(Bar(category, NOT_LISTED, population, group["share_pct"], group["note"]))
            elif _OTHER_LIKE.match(group["group"]) or group["share_pct"] < MERGE_BELOW_PCT:
                merged.append((group["group"], population, group["share_pct"]))
            else:
                segments.append(Bar(category, group["group"], population, group["share_pct"], group["note"]))
        if merged:
            known = [p for _, p, _ in merged if p is not None]
            detail = "<br>".join(
                f"{name}: {format_number(p) if p is not None else '—'} ({share:.2f} %)" for name, p, share in merged
            )
            segments.append(
                Bar(category, OTHERS, sum(known) if len(known) == len(merged) else None, sum(s for *_, s in merged), detail)
            )
    return categories, segments, totals



def _group_order(segments: list[Bar]) -> list[str]:
    special = [OTHERS, NOT_LISTED, NO_BREAKDOWN]
    largest: dict[str, float] = {}
    for bar in segments:
        if bar.group not in special:
            largest[bar.group] = max(largest.get(bar.group, 0.0), bar.share)
    return sorted(largest, key=lambda g: -largest[g]) + [g for g in special if any(b.group == g for b in segments)]


def _colour(group: str) -> str:
    if group in (NOT_LISTED, NO_BREAKDOWN):
        return style.UNKNOWN_GROUP_COLOUR
    return style.GROUP_COLOURS.get(group, style.OTHER_GROUP_COLOUR)


# Both unknowns are the same light grey (nothing known of who they were); a census with no breakdown at
# all is hatched besides, so that its legend entry is not mistaken for the part a source left unlisted.
_PATTERNS = {NO_BREAKDOWN: {"shape": "/", "fgcolor": "#888888", "size": 6, "solidity": 0.25}}


def population_figure(rows: pd.DataFrame, mode: str, events: list[tuple[int, str, str]] = ()) -> go.Figure:
    """The census chart.

    Parameters
    ----------
    rows : DataFrame
        Typed census rows of one region's series.
    mode : str
        ``"shares"`` (per cent of each census) or ``"absolute"`` (people).
    events : list of (after_year, title, hover text)
        Events drawn between censuses (a war, a departure), placed after the census of ``after_year``.
    """
    categories, segments, totals = bars(rows)
    absolute = mode == "absolute"
    figure = go.Figure()
    for group in _group_order(segments):
        group_bars = {bar.category: bar for bar in segments if bar.group == group}
        ordered = [group_bars.get(category) for category in categories]
        figure.add_bar(
            name=group,
            x=categories,
            y=[
                None if bar is None else (bar.population if absolute else bar.share)
                for bar in ordered
            ],
            marker={"color": _colour(group), "pattern": _PATTERNS.get(group, {"shape": ""})},
            customdata=[
                ["", "", ""]
                if bar is None
                else [
                    format_number(bar.population) if bar.population is not None else "shares only",
                    f"{bar.share:.2f} %",
                    bar.detail,
                ]
                for bar in ordered
            ],
            hovertemplate="<b>%{fullData.name}</b>, %{x}<br>%{customdata[1]} · %{customdata[0]} people"
            "<br>%{customdata[2]}<extra></extra>",
        )
    for index, category in enumerate(categories):
        total = totals[category]
        figure.add_annotation(
            x=index,
            y=(total or 0) if absolute else 100,
            text=f"{format_number(total)}" if total else "shares only",
            showarrow=False,
            yanchor="bottom",
            font={"size": 11},
        )
    years = [int(re.match(r"\d+", category).group()) for category in categories]
    for after_year, title, hover in events:
        if after_year not in years:
            continue
        position = years.index(after_year) + 0.5
        figure.add_vline(x=position, line_dash="dot", line_color="#555555", line_width=1)
        figure.add_annotation(
            x=position,
            yref="paper",
            y=1.0,
            text=f"▼ {title}",
            hovertext=hover,
            showarrow=False,
            yanchor="bottom",
            font={"size": 11, "color": "#333333"},
        )
    figure.update_layout(
        barmode="stack",
        height=CHART_HEIGHT,
        margin={"l": 56, "r": 12, "t": 36, "b": 40},
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": style.FONT_FAMILY, "color": style.TEXT, "size": 12},
        legend={"orientation": "h", "y": -0.18, "x": 0, "font": {"size": 11}},
        xaxis={"type": "category", "tickfont": {"size": 11}},
        yaxis={
            "title": "People" if absolute else "Share of the census (%)",
            "range": None if absolute else [0, 108],
            "gridcolor": "#EEEEEE",
        },
        hoverlabel={"font": {"family": style.FONT_FAMILY}},
    )
    return figure
