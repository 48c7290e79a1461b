"""The fact tables beside the layers: regions, contested figures, who held what when.

Research tables are copied with canonical ids; the project tables beside this file
(control_history.csv, region_figures.csv, status.csv) are our own summaries of dates and
links taken from the research rows they name.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from karabakh_map.build.census import build_census
from karabakh_map.build.layers import RESEARCH_REGION_IDS
from karabakh_map.build.timeline import build_event_numbers, build_timeline
from karabakh_map.paths import EDITORIAL

PROJECT_TABLES = {
    "control_history": EDITORIAL / "control_history.csv",
    "region_figures": EDITORIAL / "region_figures.csv",
    "status": EDITORIAL / "status.csv",
    "population_events": EDITORIAL / "population_events.csv",
    "date_stops": EDITORIAL / "date_stops.csv",
    "context": EDITORIAL / "context.csv",
    "headline_figures": EDITORIAL / "headline_figures.csv",
}


def build_tables(research_dir: Path) -> dict[str, pd.DataFrame]:
    """The tables to write to geodata/tables/, by name."""
    canonical = {research: ours for ours, research in RESEARCH_REGION_IDS.items()}
    regions = pd.read_csv(research_dir / "regions.csv", dtype=str, keep_default_na=False)
    regions["id"] = regions["id"].replace(canonical)
    figures = pd.read_csv(research_dir / "figures.csv", dtype=str, keep_default_na=False)
    timeline = build_timeline(research_dir)
    tables = {
        "regions": regions,
        "figures": figures,
        "census": build_census(research_dir),
        "timeline": timeline,
        "event_numbers": build_event_numbers(timeline),
    }
    tables.update({name: pd.read_csv(path, dtype=str, keep_default_na=False) for name, path in PROJECT_TABLES.items()})
    event_figures = {
        f for table in ("population_events", "headline_figures") for ids in tables[table]["figure_ids"] for f in ids.split(";")
    }
    missing = (set(tables["region_figures"]["figure_id"]) | event_figures) - set(figures["id"])
    if missing:
        raise ValueError(f"project tables name figures not in figures.csv: {sorted(missing)}")
    stop_events = {e for ids in tables["date_stops"]["events"] for e in ids.split(";")}
    if stop_events - set(timeline["id"]):
        raise ValueError(f"date_stops.csv names events not in the timeline: {sorted(stop_events - set(timeline['id']))}")
    return tables
