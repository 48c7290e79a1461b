"""The census table in tidy, typed form: one row per (region, census, group).

Region names of the research table become our ids. Rows with neither a count nor a
share are dropped (they say "not retrieved"); where a census lists shares that do
not reach 100 %, the remainder is added as "Not listed", marked computed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

REGION_IDS = {
    "NKAO": "nkao",
    "NKAO (area of the future/new oblast)": "nkao",
    "NKR/Artsakh (territory under its control)": "held_1994_2020",
    "Armenia": "armenia",
    "Azerbaijan": "azerbaijan",
}
# What the count covers: the early counts of the oblast's future area are context only.
TERRITORY = {
    "NKAO": "NKAO",
    "NKAO (area of the future/new oblast)": "area of the future oblast (early count)",
    "NKR/Artsakh (territory under its control)": "territory held by the NKR",
    "Armenia": "Armenia",
    "Azerbaijan": "Azerbaijan",
}
COLUMNS = ["region_id", "year", "census", "territory", "group", "population", "share_pct", "computed", "source", "note"]
NOT_LISTED = "Not listed"


def build_census(research_dir: Path) -> pd.DataFrame:
    """The tidy census table, sorted by region, year and descending population share."""
    raw = pd.read_csv(research_dir / "census_ethnic.csv", dtype=str, keep_default_na=False)
    unknown = set(raw["region"]) - REGION_IDS.keys()
    if unknown:
        raise ValueError(f"census_ethnic.csv has regions the build does not know: {sorted(unknown)}")
    raw = raw[(raw["population"] != "") | (raw["share_pct"] != "")]
    table = pd.DataFrame(
        {
            "region_id": raw["region"].map(REGION_IDS),
            "year": raw["year"].astype(int),
            "census": raw["census"],
            "territory": raw["region"].map(TERRITORY),
            "group": raw["group"],
            "population": pd.to_numeric(raw["population"]).astype("Int64"),
            "share_pct": pd.to_numeric(raw["share_pct"]),
            "computed": False,
            "source": raw["source"],
            "note": raw["note"],
        }
    )
    remainders = []
    for (region, year), census in table.groupby(["region_id", "year"]):
        groups = census[census["group"] != "Total"]
        listed = groups["share_pct"].sum()
        if not groups.empty and groups["population"].isna().all() and listed < 99.9:
            first = census.iloc[0]
            remainders.append(
                {
                    **first.to_dict(),
                    "group": NOT_LISTED,
                    "population": pd.NA,
                    "share_pct": round(100 - listed, 2),
                    "computed": True,
                    "note": f"Computed here: 100 % minus the {listed:.1f} % the source lists by group.",
                }
            )
    table = pd.concat([table, pd.DataFrame(remainders, columns=COLUMNS)], ignore_index=True)
    table["order"] = table["group"].eq("Total")
    table = table.sort_values(["region_id", "year", "order", "share_pct"], ascending=[True, True, True, False])
    return table.drop(columns="order").reset_index(drop=True)[COLUMNS]
