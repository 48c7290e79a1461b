"""The fact tables beside the layers: regions, contested figures, who held what when.

Research tables are copied with canonical ids; the project tables beside this file
(control_history.csv, region_figures.csv, status.csv) are our own summaries of dates and
links taken from the research rows they name.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from karabakh_map.build.census import build_census
from karabakh_map.build.fixes import Fix
from karabakh_map.build.layers import RESEARCH_REGION_IDS, SEVEN_DISTRICTS
from karabakh_map.build.timeline import build_event_numbers, build_timeline, with_tolls_counted
from karabakh_map.data.tables import TABLES
from karabakh_map.paths import EDITORIAL

FIGURE_NOTES = EDITORIAL / "figure_notes.csv"
# Who gives a research figure, where the research named an organisation but cited only who reports it.
FIGURE_ATTRIBUTIONS = EDITORIAL / "figure_attributions.csv"
# Figures newer than the research pack's, found and cited by the project (same columns as figures.csv).
ADDED_FIGURES = EDITORIAL / "added_figures.csv"
# A region's other area figures as shown, where the research named a source it did not cite.
OTHER_AREAS = EDITORIAL / "other_areas.csv"
# A researched town's population figure replaced where the research's source has no address we could find.
TOWN_POPULATIONS = EDITORIAL / "town_populations.csv"
# A region's headline population replaced where the research showed a figure of another kind (people displaced from it).
REGION_POPULATIONS = EDITORIAL / "region_populations.csv"
PROJECT_TABLES = {name: EDITORIAL / f"{name}.csv" for name, spec in TABLES.items() if spec.editorial}


# Sources the research cited for a region's official area that give another figure, shown under "Other
# figures" instead: region id → how its part of area_source begins. virtualkarabakh.az's stored page
# (read.php?lang=2&menu=42&id=3016) gives the NKAO 4,400 km² and Lachin 1,840; English Wikipedia's
# infobox, as the research read it, Zangilan 730. Cited for 4,388, 1,835 and 707, each read as confirming them.
AREA_SOURCES_OF_OTHER_FIGURES = {"nkao": "virtualkarabakh.az", "lachin": "virtualkarabakh.az",
                                 "zangilan": "English Wikipedia"}


def without_sources_of_other_figures(region_id: str, area_source: str) -> str:
    """A region's official-area sources less those that give another figure (:data:`AREA_SOURCES_OF_OTHER_FIGURES`).

    >>> without_sources_of_other_figures("lachin", "English Wikipedia 'Lachin District' | virtualkarabakh.az, 'x'")
    "English Wikipedia 'Lachin District'"
    """
    if region_id not in AREA_SOURCES_OF_OTHER_FIGURES:
        return area_source
    named = AREA_SOURCES_OF_OTHER_FIGURES[region_id]
    return " | ".join(part for part in area_source.split(" | ") if not part.startswith(named))


# The research pack's notes point at its own files; a reader finds those facts in the page's sections.
READER_REFERENCES = {
    "figures.csv": "the figures under “Context”",
    "regions.csv": "the district panels",
    "positions.md": "the parties' positions under “Context”",
}


# The research's working notes on the regions' names it took from GeoNames ("– unverified"), in readers' words: where
# the name is from, not what the researcher did not check (specific phrases first). Towns' names: build/fixes.py.
READER_WORDING = (
    (" per GeoNames – unverified", ", as GeoNames gives them"),
    (" – unverified", ", as GeoNames gives them"),
    ("; per GeoNames alternates – not verified)", ", as GeoNames gives it)"),
)


def in_readers_words(table: pd.DataFrame) -> pd.DataFrame:
    """A research table with the working notes of ``READER_WORDING`` rewritten in every text column.

    >>> in_readers_words(pd.DataFrame({"name_hy": ["Ջրական (Jrakan) – unverified"]}))["name_hy"].tolist()
    ['Ջրական (Jrakan), as GeoNames gives them']
    """
    table = table.copy()
    for column in [c for c in table.columns if pd.api.types.is_string_dtype(table[c])]:
        for phrase, wording in READER_WORDING:
            table[column] = table[column].str.replace(phrase, wording, regex=False)
    return table


def for_readers(text: str) -> str:
    """A research note with its references to the pack's files named as the sections a reader sees.

    >>> for_readers("War total ~30,000 dead (see figures.csv)")
    'War total ~30,000 dead (see the figures under “Context”)'
    """
    for file, section in READER_REFERENCES.items():
        text = text.replace(file, section)
    return text


def without_older_geometry(figures: str) -> str:
    """A region's other area figures less the research pack's own computations from an older Natural Earth geometry.

    The panel shows the area of the geometry the map draws ("Our geometry"); the pack's figures
    from polygons the map no longer draws read as a second, sourced measurement, and took the
    region's official sources as theirs.

    >>> without_older_geometry("1,840 (Azerbaijani official); 1,764 (Natural Earth geodesic)")
    '1,840 (Azerbaijani official)'
    """
    return "; ".join(part for part in figures.split("; ") if "Natural Earth" not in part)


def read_town_populations() -> pd.DataFrame:
    """The project's replacements of researched towns' population figures (``editorial/town_populations.csv``)."""
    return pd.read_csv(TOWN_POPULATIONS, dtype=str, keep_default_na=False)


def with_town_populations(places: pd.DataFrame, populations: pd.DataFrame) -> tuple[pd.DataFrame, list[Fix]]:
    """The research places with the project's population figures in place of theirs, and the fixes to credit.

    Raises
    ------
    ValueError
        If a replacement names a place the research does not have.
    """
    unknown = sorted(set(populations["place_id"]) - set(places["id"]))
    if unknown:
        raise ValueError(f"{TOWN_POPULATIONS.name} names places not in places.csv: {unknown}")
    places, fixes = places.copy(), []
    for _, row in populations.iterrows():
        at = places.index[places["id"] == row["place_id"]][0]
        old = f"{places.at[at, 'population']} ({places.at[at, 'population_year']}, {places.at[at, 'population_source'][:40]}…)"
        for column in ("population", "population_year", "population_source"):
            places.at[at, column] = row[column]
        town = f"{row['place_id']}_town" if row["place_id"] in SEVEN_DISTRICTS.values() else row["place_id"]
        fixes.append(Fix("towns", town, f"population {old}: {row['why']}", f"population {row['population']} "
                         f"({row['population_year']}) from {TOWN_POPULATIONS.name}"))
    return places, fixes


def with_region_populations(regions: pd.DataFrame, populations: pd.DataFrame) -> pd.DataFrame:
    """The research regions with the project's headline population figures (``editorial/region_populations.csv``).

    Parameters
    ----------
    regions : DataFrame
        Research regions with ``id``, ``population``, ``population_year``, ``population_source`` (strings).
    populations : DataFrame
        ``region_id``, the three population columns, and ``why`` (what was wrong with the research's figure).

    Raises
    ------
    ValueError
        If a row names a region the research does not have, or gives no reason.
    """
    unknown = sorted(set(populations["region_id"]) - set(regions["id"]))
    if unknown or (populations["why"] == "").any():
        raise ValueError(f"{REGION_POPULATIONS.name}: regions not in regions.csv {unknown}, or a row with no reason")
    columns = ["population", "population_year", "population_source"]
    replaced = populations.set_index("region_id")[columns]
    regions = regions.copy()
    at = regions["id"].isin(replaced.index)
    regions.loc[at, columns] = replaced.loc[regions.loc[at, "id"]].to_numpy()
    return regions


def build_tables(research_dir: Path) -> dict[str, pd.DataFrame]:
    """The tables to write to geodata/tables/, by name."""
    canonical = {research: ours for ours, research in RESEARCH_REGION_IDS.items()}
    regions = pd.read_csv(research_dir / "regions.csv", dtype=str, keep_default_na=False)
    regions["id"] = regions["id"].replace(canonical)
    # Shown instead: the project's control history and its notes with their sources (region_notes.csv).
    regions = regions.drop(columns=["de_facto_control_history", "notes"])
    regions["area_km2_alt"] = regions["area_km2_alt"].map(without_older_geometry)
    regions = with_region_populations(regions, pd.read_csv(REGION_POPULATIONS, dtype=str, keep_default_na=False))
    regions = in_readers_words(regions)
    other = pd.read_csv(OTHER_AREAS, dtype=str, keep_default_na=False).set_index("region_id")["area_km2_alt"]
    if set(other.index) - set(regions["id"]):
        raise ValueError(f"{OTHER_AREAS.name} names regions not in regions.csv: {sorted(set(other.index) - set(regions['id']))}")
    regions["area_km2_alt"] = [other.get(i, alt) for i, alt in zip(regions["id"], regions["area_km2_alt"], strict=True)]
    regions["area_source"] = [
        without_sources_of_other_figures(i, " | ".join(part for part in source.split(" | ")
                                                       if "geodesic area computed" not in part))
        for i, source in zip(regions["id"], regions["area_source"], strict=True)
    ]
    figures = pd.read_csv(research_dir / "figures.csv", dtype=str, keep_default_na=False)
    added = pd.read_csv(ADDED_FIGURES, dtype=str, keep_default_na=False)
    if list(added.columns) != list(figures.columns) or set(added["id"]) & set(figures["id"]):
        raise ValueError(f"{ADDED_FIGURES.name}: the columns of figures.csv and ids of its own")
    figures = pd.concat([figures, added], ignore_index=True)
    # Notes are shown with their figure; the project rewrites those that argue one side's case.
    rewritten = pd.read_csv(FIGURE_NOTES, dtype=str, keep_default_na=False).set_index("id")["note"]
    figures["note"] = [rewritten.get(i, note) for i, note in zip(figures["id"], figures["note"], strict=True)]
    attributed = pd.read_csv(FIGURE_ATTRIBUTIONS, dtype=str, keep_default_na=False).set_index("id")["attributed_to"]
    unknown = sorted(set(attributed.index) - set(figures["id"]))
    if unknown:
        raise ValueError(f"{FIGURE_ATTRIBUTIONS.name} names figures not in figures.csv: {unknown}")
    figures["attributed_to"] = [attributed.get(i, by) for i, by in zip(figures["id"], figures["attributed_to"], strict=True)]
    figures["note"] = figures["note"].map(for_readers)
    timeline = build_timeline(research_dir)
    for column in ("casualties_displaced", "note"):
        timeline[column] = timeline[column].map(for_readers)
    tables = {
        "regions": regions,
        "figures": figures,
        "census": build_census(research_dir),
        "timeline": timeline,
        "event_numbers": build_event_numbers(timeline),
    }
    tables.update({name: pd.read_csv(path, dtype=str, keep_default_na=False) for name, path in PROJECT_TABLES.items()})
    tables["timeline"] = with_tolls_counted(timeline, tables["civilian_harm"])
    event_figures = {
        f for table in ("population_events", "headline_figures") for ids in tables[table]["figure_ids"] for f in ids.split(";")
    }
    missing = (set(tables["region_figures"]["figure_id"]) | event_figures) - set(figures["id"])
    if missing:
        raise ValueError(f"project tables name figures not in figures.csv: {sorted(missing)}")
    stop_events = {e for ids in tables["date_stops"]["events"] for e in ids.split(";")} | set(tables["civilian_harm"]["event_id"])
    if stop_events - set(timeline["id"]):
        unknown = sorted(stop_events - set(timeline["id"]))
        raise ValueError(f"date_stops.csv or civilian_harm.csv name events not in the timeline: {unknown}")
    return tables


def check_tables(tables: dict[str, pd.DataFrame]) -> None:
    """Every table the app reads is built, with the columns its spec (data/tables.py) names.

    Raises
    ------
    ValueError
        Naming the table that is missing, extra, or short of columns.
    """
    if set(tables) != set(TABLES):
        raise ValueError(f"tables built {sorted(set(tables))} are not the tables specified {sorted(TABLES)}")
    for name, table in tables.items():
        missing = [column for column in TABLES[name].columns if column not in table.columns]
        if missing:
            raise ValueError(f"{name}: columns {missing} missing (data/tables.py)")
