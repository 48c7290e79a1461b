"""The data build from start to end: read sources, build layers, write geodata/ and its manifest."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from karabakh_map.build import draw, layers
from karabakh_map.build.area_check import (
    DistrictArea,
    check_district_areas,
    extent_official_areas,
    read_official_areas,
)
from karabakh_map.build.citations import normalise_tables
from karabakh_map.build.contested import contested_layer
from karabakh_map.build.control import control_shares
from karabakh_map.build.fitting import DISTRICT_SOURCE_CHOICE, fit_geography
from karabakh_map.build.held_districts import held_district_layers, read_control_history
from karabakh_map.build.names import check_names, reviewed_names
from karabakh_map.build.naming import read_curated_names, with_labels
from karabakh_map.build.output import full_geometry, write_geojson, write_manifest
from karabakh_map.build.sources import SOURCES, read_sources, sha256_of
from karabakh_map.build.tables import (
    build_tables,
    check_tables,
    read_town_populations,
    with_town_populations,
    without_sources_of_other_figures,
)
from karabakh_map.build.war_2020 import war_layer
from karabakh_map.data.layers import CONTESTED_LAYER, LAYERS

MANIFEST_NAME = "manifest.json"

# Which sources each layer draws on; the manifest lists their titles, origins and licences.
LAYER_SOURCES = {
    "countries": ["osm_countries", "ne_admin0", "research_regions"],
    "provinces": ["geoboundaries_aze_adm2", "ne_admin1", "osm_countries"],
    "held_1994_2020": ["ne_breakaway_1994", "osm_countries", "research_regions"],
    "nakhchivan": ["geoboundaries_aze_adm2", "osm_countries", "research_regions"],
    "districts": ["geoboundaries_aze_adm2", "ne_admin1", "osm_countries", "research_regions"],
    "nkao": ["ne_nkao_lines", "geoboundaries_aze_adm2", "osm_countries", "research_regions"],
    "held_2020_war": [
        "ne_breakaway_1994", "ne_ceasefire_2020", "ne_lachin_corridor", "geoboundaries_aze_adm2", "osm_countries",
        "research_places", "research_timeline",
    ],
    "held_1992_1994": ["ne_breakaway_1994", "ne_nkao_lines", "geoboundaries_aze_adm2", "osm_countries", "research_regions"],
    "held_2020_handover": [
        "ne_breakaway_1994", "ne_ceasefire_2020", "ne_lachin_corridor", "geoboundaries_aze_adm2", "osm_countries",
        "research_regions",
    ],
    "contested_1991_1994": ["ne_nkao_lines", "geoboundaries_aze_adm2", "osm_countries", "research_regions"],
    "held_2020_2023": ["ne_ceasefire_2020", "osm_countries", "research_regions"],
    "lachin_corridor": ["ne_lachin_corridor", "osm_countries"],
    "towns": ["research_places", "geonames", "osm_countries", "geoboundaries_aze_adm2"],
    "comparison_places": ["ne_comparison"],
}
# Known limits of the sources that the build does not correct, written beside each layer.
LAYER_NOTES = {
    "countries": "OpenStreetMap borders (2017 extract) simplified to about 100 m by the package; lakes are inside "
    "their country, as in official areas. Azerbaijan's outline is its internationally recognised (de jure) one and "
    "includes Nagorno-Karabakh and Nakhchivan. Turkey, Iran and Russia are clipped to 38–52.5°E, 35.5–44.5°N.",
    "nakhchivan": "The union of its rayons, whose outer border is OpenStreetMap's: 5,317 km² against the official "
    "5,502.75 km² (−3.4 %; Natural Earth gave 4,783, −13 %). Show the official figure beside the computed one.",
    "provinces": "Azerbaijan's rayons from geoBoundaries (georeferenced from a Wikipedia map: internal borders off by "
    "up to about 2 km), Armenia's provinces from Natural Earth (1:10M); both fitted to OpenStreetMap's outer borders.",
    "districts": f"{layers.DISTRICT_BOUNDARIES}. The NKAO is cut out of each rayon (see fixes), so that the districts "
    "and the NKAO tile the map; today's rayons are the provinces layer. " + DISTRICT_SOURCE_CHOICE,
    "held_1994_2020": "The 1994 ceasefire extent at 1:10M (about 1–2 km), fitted to OpenStreetMap's borders; "
    "commonly quoted figures are about 11,000–12,000 km².",
    "held_2020_war": "Approximate: the front moved daily and no open dataset draws it. One feature per period "
    "between the dated changes of editorial/war_2020.csv (dated by Azerbaijan's announcements; where the Armenian "
    "side confirmed later, the row says so). The area taken in the war is the 1994 area minus what was still held on "
    "10 Nov 2020; a district's change takes the district's part of it, a town's change the rest nearer to that town "
    "than to any other dated town.",
    "held_1992_1994": "The control history dates when Armenian forces took each of the seven districts (May 1992 – "
    "Oct 1993), before the 1994 line is drawn: one feature per district from that date, the (Soviet-era) district's "
    "part of the 1994 area, outside the former oblast (where the control history records a war, not a line). Approximate: the "
    "1994 line stands in for the front of each date.",
    "held_2020_handover": "Agdam, Kalbajar and Lachin were handed back 20 Nov, 25 Nov and 1 Dec 2020 (control "
    "history), after the 2020 line took effect on 10 Nov: one feature per district until that date, the district's "
    "(Soviet-era, outside the former NKAO, as drawn) part of the 1994 area less the 2020–2023 area and the corridor. "
    "A district's handover did not take in the former NKAO's land in today's rayon (Charektar, of the NKAO's "
    "Martakert district, in today's Kalbajar rayon, was not handed over with Kalbajar: news.am, "
    "https://news.am/eng/news/618215.html); the former NKAO's land outside the 2020–2023 area is drawn held until "
    "10 Nov 2020.",
    "contested_1991_1994": "The former NKAO, whole, while the control history has it contested in the war (26 Nov "
    "1991 – 12 May 1994): the front moved through it (Khojaly, Shusha and Martakert changed hands) and no open dataset "
    "draws it, so neither side's hold is drawn inside it.",
    "held_2020_2023": "A single static line: changes during the period (e.g. Parukh, March 2022; the Lachin "
    "road re-routing, August 2022) are not shown.",
    "lachin_corridor": "Schematic: Natural Earth draws one straight-sided corridor, here cut at OpenStreetMap's "
    "Armenian border, with the land within 2.5 km of Lachin town added (see fixes). Drawn until 26 Aug 2022, when "
    "the corridor moved to a new road bypassing Lachin town and the town, Zabukh and Sus were handed to Azerbaijan. "
    "The new route (26 Aug 2022 – Sep 2023, closed from 12 Dec 2022) is not drawn: no open dataset we have draws "
    "that road, and reports place it only by the villages it passes.",
    "towns": "Populations come from different years and sources, each named on the feature. Each town's country and "
    "province are the polygons its point lies in.",
    "comparison_places": "Natural Earth clips to the coastline, so coastal places run a few per cent below "
    "official totals that include water.",
}
TABLE_SOURCES = {
    "regions": ["research_regions"],
    "figures": ["research_figures"],
    "control_history": ["research_regions"],
    "control_shares": ["ne_breakaway_1994", "ne_ceasefire_2020", "ne_admin1", "ne_nkao_lines"],
    "region_figures": ["research_figures"],
    "status": ["research_regions"],
    "census": ["research_census"],
    "population_events": ["research_figures"],
    "timeline": ["research_timeline"],
    "event_numbers": ["research_timeline"],
    "date_stops": ["research_timeline"],
    "context": ["research_positions"],
    "headline_figures": ["research_figures"],
    "civilian_harm": ["research_timeline", "research_figures"],
    "terms": ["research_positions"],
    "region_notes": ["research_regions"],
    "place_names": ["research_positions", "research_regions", "ne_admin1"],
}
TABLE_METHODS = {
    "regions": "research regions.csv, ids nkr_1994_2020/nkr_2020_2023 renamed held_1994_2020/held_2020_2023; its "
    "unsourced summary columns (de_facto_control_history, notes) dropped: control_history and region_notes replace them; "
    "other area figures less those whose named source is not cited (editorial/other_areas.csv); a headline population "
    "that counted people displaced from a district replaced by its census count (editorial/region_populations.csv)",
    "region_notes": "what the research pack noted about each region, in the project's words, each with a citable source "
    "(editorial/region_notes.csv)",
    "figures": "research figures.csv, and newer figures the project found (editorial/added_figures.csv): contested "
    "figures with who gives each and the source; who gives a figure says who reports it where the research named an "
    "organisation or government but cited only a report of its figure (editorial/figure_attributions.csv)",
    "control_history": "who held each region, and each town of the conflict, when: dates summarised by the project "
    "from the research rows named in 'source' (editorial/control_history.csv); a town by its own dated changes",
    "control_shares": "computed here: for each region of the control history and each polygon of what the NKR/Artsakh "
    "held (1994–2020, the 2020 war's periods, 2020–2023), the geodesic share of the region inside it (per cent), "
    "with the polygon's validity; from generalised 1:10M outlines",
    "region_figures": "which figures.csv rows concern which region (editorial/region_figures.csv)",
    "census": "research census_ethnic.csv in tidy typed form (region ids, integer years and counts, shares); rows "
    "with no value dropped; 'Not listed' remainders added where a census lists shares below 100 % (computed=True)",
    "population_events": "events that changed who lived there, shown beside the census series, with the figures.csv "
    "rows that count them and each side's wording from positions.md §4 (editorial/population_events.csv)",
    "timeline": "research timeline.csv and the events the project adds (editorial/events.csv), each with a stable id "
    "(a slug, editorial/event_ids.csv) and a 'starts' column: the ISO day each event starts (a month's first day where "
    "only the month is known); ordered by start and id. Where a researched row's coordinates were another place's, "
    "the place and point are the project's, derived as editorial/event_places.csv says for each, with its sources "
    "and precision; where a researched headline used one party's term or misdated what it tells, the headline is the "
    "project's wording (editorial/event_texts.csv); an event whose civilian tolls civilian_harm records counts them "
    "in 'casualties_displaced' as that table gives them, each with who gives it",
    "event_numbers": "the event each old row-number link (?event=N, N a row of the timeline before ids were slugs) "
    "now names (editorial/event_numbers.csv)",
    "date_stops": "the dates the map's slider steps through, each with a one-line caption written by the project from "
    "the timeline rows it names (editorial/date_stops.csv)",
    "context": "what each party says it is fighting for, by period: written by the project in its own words from "
    "the research pack's positions.md, each row naming its sources (editorial/context.csv)",
    "headline_figures": "which figures.csv rows make up each headline figure of the Context panel "
    "(editorial/headline_figures.csv)",
    "civilian_harm": "the balance review's record of violence against civilians on each side: per timeline event, each "
    "toll with who gives it, neutral sources (HRW, Amnesty, UN, Council of Europe) marked (editorial/civilian_harm.csv)",
    "terms": "contested terms: each side's usage, attributed, and the wording this map uses (editorial/terms.csv, from "
    "the research pack's positions.md §4)",
    "place_names": "what readers mean by a region's everyday names (Nagorno-Karabakh, Artsakh, Karabakh…): the "
    "feature each names, or the features a name could mean with why, from the contested terms of positions.md §4 and "
    "the names in regions.csv, and a source's own spelling that the build corrects (Natural Earth's Susa for the "
    "Shusha district) (editorial/place_names.csv)",
    "status": "each region's status in one line, written by the project from the research rows named in 'source' "
    "(editorial/status.csv)",
}
FULL_METHOD = (
    "Area layers: OpenStreetMap country outlines made one coverage (exclaves cut out, slivers and gaps resolved with "
    "shapely.coverage_clean); provinces and the seven districts (geoBoundaries for Azerbaijan, Natural Earth for "
    "Armenia) and the Karabakh polygons (Natural Earth) refitted to those outlines; all of them noded into one set of "
    "faces, slivers under 0.003° wide dissolved, each feature the union of its faces, so that every layer shares its "
    "borders with every other to the vertex. Unsimplified otherwise; coordinates on a 1e-6° grid, outer rings "
    "counter-clockwise (RFC 7946); area_km2 is geodesic on the WGS84 ellipsoid (pyproj.Geod)."
)
DRAW_METHOD = (
    "For drawing only, level '{level}': every area layer is a union of the same faces (see FULL_METHOD); the faces "
    "clipped to {extent} (west, south, east, north) and simplified once as a coverage (shapely.coverage_simplify, "
    "Visvalingam–Whyatt, tolerance {tol:.5f}°, 0.9 px of the level's frame: no part of an outline wider than a pixel "
    "moves), then dissolved into each feature; snapped to a {grid}° "
    "grid; outer rings clockwise for Plotly geo traces. Features wholly outside the extent are left out."
)


DRAW_CONTEXT_METHOD = (
    " Beyond that window, out to {context}, the faces are simplified as the overview's are (tolerance {tol:.5f}°, "
    "{grid}° grid) and joined to the window's along its edge, so that a reader who pans or zooms out sees the map go "
    "on rather than end on a straight line."
)


def _district_area_note(built: dict, official: dict) -> str:
    """The districts' area check (:func:`check_district_areas`) on the built layer: its note for the manifest."""
    areas = {
        district: DistrictArea(area, official[district])
        for district, area in built["districts"][["id", "area_km2"]].itertuples(index=False)
    }
    return check_district_areas(areas)


def build_geodata(sources_dir: Path, research_dir: Path, out_dir: Path) -> dict:
    """Build every file of geodata/ from the sources and return the manifest written with them.

    Parameters
    ----------
    sources_dir : Path
        ``sources/geodata`` (raw and derived public geodata).
    research_dir : Path
        ``sources/research`` (researched tables with a source on every row).
    out_dir : Path
        Where to write: ``layers/``, ``draw/`` and ``manifest.json``.
    """
    frames = read_sources(sources_dir, research_dir)
    places, population_fixes = with_town_populations(frames.research_places, read_town_populations())
    frames = dataclasses.replace(frames, research_places=places)
    units, fixes = layers.admin1_units(frames)
    fixes += population_fixes
    geography = fit_geography(frames, units)
    fixes += geography.fixes
    masks = layers.feature_masks(geography, units)
    built = {"countries": layers.countries(frames, geography, masks["countries"])}
    built["provinces"] = layers.provinces(units, geography, masks["provinces"])
    built["nakhchivan"] = layers.nakhchivan(frames, geography, masks["nakhchivan"])
    research = frames.research_regions
    cited = research.assign(area_source=[without_sources_of_other_figures(i, source) for i, source
                                         in zip(research["id"], research["area_source"], strict=True)])
    official = extent_official_areas(cited, read_official_areas(), layers.SEVEN_DISTRICTS.values())
    built["districts"], district_fixes = layers.districts(frames, units, geography, masks["districts"], official)
    fixes += district_fixes
    area_note = _district_area_note(built, official)
    notes = {**LAYER_NOTES, "districts": f"{LAYER_NOTES['districts']} {area_note}"}
    for name in layers.KARABAKH_LAYERS:
        built[name] = layers.karabakh_layer(frames, name, geography, masks[name])
    built["towns"], town_fixes = layers.towns(frames, built["countries"], built["provinces"])
    built["held_2020_war"] = war_layer(built)
    history = normalise_tables({"control_history": read_control_history()})["control_history"]
    for name, (frame, feature_masks) in held_district_layers(built, masks, geography, history).items():
        built[name], masks[name] = frame, feature_masks
    built[CONTESTED_LAYER], masks[CONTESTED_LAYER] = contested_layer(built, masks, geography, history)
    built["comparison_places"], comparison_fixes = layers.comparison_places(frames)
    fixes += town_fixes + comparison_fixes
    # The towns' population and coordinate sources, the districts' official area sources.
    built.update(normalise_tables({name: built[name] for name in ("towns", "districts")}))
    computed = {"held_2020_war": built["held_2020_war"]}
    drawn = {level.name: draw.draw_level(geography, masks, level, computed) for level in draw.DRAW_LEVELS}
    for name, frame in built.items():
        built[name], name_fixes = reviewed_names(frame)
        fixes += name_fixes
    check_names(built)
    curated_names = read_curated_names()
    built = {name: with_labels(frame, curated_names) for name, frame in built.items()}

    files = {}
    for layer in LAYERS:
        frame = built[layer.name]
        write_geojson(full_geometry(frame), out_dir / layer.full_path, layer.name)
        outputs = [(layer.full_path, FULL_METHOD, len(frame))]
        for level in draw.DRAW_LEVELS if layer.draw_path else ():
            path = layer.draw_path_at(level.name)
            write_geojson(drawn[level.name][layer.name], out_dir / path, layer.name)
            method = DRAW_METHOD.format(
                level=level.name,
                extent=", ".join(f"{v:g}" for v in level.extent.bounds),
                tol=level.tolerance_deg,
                grid=level.grid_deg,
            )
            if level.context is not None:
                method += DRAW_CONTEXT_METHOD.format(
                    context=", ".join(f"{v:g}" for v in level.context.bounds),
                    tol=level.context_tolerance_deg,
                    grid=level.context_grid_deg,
                )
            outputs.append((path, method, len(drawn[level.name][layer.name])))
        for path, method, count in outputs:
            files[path] = {
                "layer": layer.name,
                "features": count,
                "sha256": sha256_of(out_dir / path),
                "method": method,
                "sources": LAYER_SOURCES[layer.name],
                "fixes": [fix.as_manifest() for fix in fixes if fix.layer == layer.name],
                "notes": notes.get(layer.name, ""),
            }
    tables = build_tables(research_dir)
    tables["control_shares"] = control_shares(built, tables["control_history"]["region_id"])
    tables = normalise_tables(tables)
    check_tables(tables)
    for name, table in tables.items():
        path = f"tables/{name}.csv"
        (out_dir / "tables").mkdir(parents=True, exist_ok=True)
        table.to_csv(out_dir / path, index=False, lineterminator="\n")
        files[path] = {
            "table": name,
            "rows": len(table),
            "sha256": sha256_of(out_dir / path),
            "method": TABLE_METHODS[name],
            "sources": TABLE_SOURCES[name],
        }
    manifest = {
        "format": 1,
        "files": files,
        "sources": {key: SOURCES[key].as_manifest() for key in sorted(SOURCES)},
        "inputs": frames.input_checksums,
    }
    write_manifest(manifest, out_dir / MANIFEST_NAME)
    return manifest
