"""Census series by ethnic group for a region: which rows, typed, and the CSV behind the chart."""

from __future__ import annotations

import io

import pandas as pd

from karabakh_map.data.atlas import Atlas
from karabakh_map.data.tables import TABLES

# Which census rows make up a region's chart. The NKR's censuses counted the territory
# it held, not the oblast: they are shown with the oblast, labelled by territory.
SERIES = {
    "nkao": ("nkao", "held_1994_2020"),
    "held_1994_2020": ("held_1994_2020",),
    "armenia": ("armenia",),
    "azerbaijan": ("azerbaijan",),
}
# Early counts of the oblast's future area cover another territory: in the table, not the chart.
EXCLUDED_TERRITORIES = {"area of the future oblast (early count)"}
CSV_COLUMNS = list(TABLES["census"].columns)


def census_rows(atlas: Atlas, region_id: str | None) -> pd.DataFrame:
    """The typed census rows behind a region's chart (empty when there is no series)."""
    census = atlas.tables["census"]
    rows = census[census["region_id"].isin(SERIES.get(region_id, ())) & ~census["territory"].isin(EXCLUDED_TERRITORIES)]
    return pd.DataFrame(
        {
            "region_id": rows["region_id"],
            "year": rows["year"].astype(int),
            "census": rows["census"],
            "territory": rows["territory"],
            "group": rows["group"],
            "population": pd.to_numeric(rows["population"]).astype("Int64"),
            "share_pct": pd.to_numeric(rows["share_pct"]),
            "computed": rows["computed"] == "True",
            "source": rows["source"],
            "note": rows["note"],
        }
    ).reset_index(drop=True)


# Excel on Windows reads a CSV without a byte-order mark as the system's code page ("â€“" for "–",
# Armenian and Russian names garbled); with one it reads UTF-8. LibreOffice, Numbers, Google Sheets
# and pandas (utf-8-sig) read it either way, so the dashboard's download carries one, always.
EXCEL_BOM = "\ufeff"


def census_csv(rows: pd.DataFrame, *, for_excel: bool = False) -> str:
    """The exact table behind a chart, with its source column, as CSV (with a BOM when ``for_excel``)."""
    return (EXCEL_BOM if for_excel else "") + rows[CSV_COLUMNS].to_csv(index=False, lineterminator="\n")


def read_census_csv(text: str) -> pd.DataFrame:
    """Read back what :func:`census_csv` wrote, with the same types."""
    table = pd.read_csv(
        io.StringIO(text.removeprefix(EXCEL_BOM)),
        dtype={"population": "Int64"},
        keep_default_na=False,
        na_values={"population": [""]},
    )
    table["share_pct"] = pd.to_numeric(table["share_pct"])
    return table
