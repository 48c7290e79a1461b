"""The area panel: how big the selected region is, against a familiar place. Pure."""

from __future__ import annotations

from dash import html

from karabakh_map.model import areas
from karabakh_map.data.atlas import Atlas
from karabakh_map.model.citations import citation_links
from karabakh_map.figures.areas import inset_figure, ranking_figure
from karabakh_map.model.formatting import format_number
from karabakh_map.ui.details import figure_row

DEFAULT_REGION = "nkao"  # shown before anything is selected


def area_panel(atlas: Atlas, region_id: str | None, place_id: str, names: str):
    """The panel's components, the ranking figure and the reverse-overlay figure (None for a town)."""
    region_id = region_id or DEFAULT_REGION
    region = areas.area_of(atlas, region_id)
    name = atlas.label(region_id, names)
    if region is None:
        return [html.P(f"{name} is a town: it has no area in our data.", className="no-series")], None, None
    place = areas.area_of(atlas, place_id)
    rows = [figure_row("Area", f"{format_number(round(region.km2))} km² ({region.basis})", list(region.citations))]
    computed = areas.computed_area(atlas, region_id)
    if region.official:
        rows.append(figure_row("Our geometry", f"{format_number(round(computed.km2))} km²", list(computed.citations)))
    for country in ("armenia", "azerbaijan"):
        share = areas.share_of(atlas, region_id, country)
        if share is not None and country != region_id:
            rows.append(
                figure_row(
                    f"Share of {atlas.label(country, names)}",
                    f"{share[0]:.1f} %",
                    list(areas.area_of(atlas, country).citations if share[1] == "official" else computed.citations),
                    note=f"both areas {share[1]}",
                )
            )
    rows.append(
        html.P(
            className="comparison-sentence figure",
            children=[
                html.Span(areas.ratio_sentence(atlas, region_id, place_id, names), className="figure-value"),
                html.Span(["Source: ", *citation_links([*region.citations, *place.citations])], className="figure-source"),
            ],
        )
    )
    caveat = atlas.manifest["files"]["layers/comparison_places.geojson"]["notes"]
    rows.append(html.P(f"About the comparison places: {caveat}", className="chart-note"))
    place_geometry = atlas.layers[atlas.layer_of(place_id)].loc[place_id].geometry
    moved_region = areas.true_size_outline(atlas, region_id, place_id)
    return (
        rows,
        ranking_figure(areas.ranking(atlas, names), region_id, place_id),
        inset_figure(place_geometry, atlas.label(place_id, names), moved_region, name),
    )
