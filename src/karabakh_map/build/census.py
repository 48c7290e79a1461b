"""The census table in tidy, typed form: one row per (region, census, group).

Region names of the research table become our ids. Rows with neither a count nor a
share are dropped (they say "not retrieved"); where a census lists shares that do
not reach 100 %, the remainder is added as "Not listed", marked computed. Where the
published total is larger than the sum of the groups the source lists
(``editorial/census_totals.csv``; NKAO 1926: 125,300 against 125,159), the total is the
published one, the difference is "Not listed", and every share is taken of the
published total (computed here).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from karabakh_map.data.tables import TABLES
from karabakh_map.paths import EDITORIAL

PUBLISHED_TOTALS = EDITORIAL / "census_totals.csv"

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
COLUMNS = list(TABLES["census"].columns)
NOT_LISTED = "Not listed"


def _with_published_totals(raw: pd.DataFrame) -> pd.DataFrame:
    """The research rows with each published total that its groups do not add up to, and the remainder."""
    raw = raw.copy()
    for _, published in pd.read_csv(PUBLISHED_TOTALS, dtype=str, keep_default_na=False).iterrows():
        census = (raw["region"] == published["region"]) & (raw["year"] == published["year"])
        groups = census & (raw["group"] != "Total")
        total = int(published["published_total"])
        listed = pd.to_numeric(raw.loc[groups, "population"]).sum()
        if not census.any() or listed >= total:
            raise ValueError(
                f"{PUBLISHED_TOTALS.name}: {published['region']} {published['year']} is not a census whose groups fall short"
            )
        shares = pd.to_numeric(raw.loc[groups, "population"]) / total * 100
        raw.loc[groups, "share_pct"] = [f"{share:.2f}" for share in shares]
        raw.loc[groups, "note"] = "Share computed here of the published total."
        first = raw[census].iloc[0]
        raw = raw[~(census & (raw["group"] == "Total"))]
        extra = [
            {**first.to_dict(), "group": "Total", "population": str(total), "share_pct": "100", "source": published["source"],
             "note": f"Published total; the groups the source lists add up to {listed:,}."},
            {**first.to_dict(), "group": NOT_LISTED, "population": str(total - listed),
             "share_pct": f"{(total - listed) / total * 100:.2f}", "source": published["source"],
             "note": f"Computed here: the published total {total:,} minus the {listed:,} in the listed groups."},
        ]
        raw = pd.concat([raw, pd.DataFrame(extra)], ignore_index=True)
    return raw


def build_census(research_dir: Path) -> pd.DataFrame:
    """The tidy census table, sorted by region, year and descending population share."""
    raw = pd.read_csv(research_dir / "census_ethnic.csv", dtype=str, keep_default_na=False)
    unknown = set(raw["region"]) - REGION_IDS.keys()
    if unknown:
        raise ValueError(f"census_ethnic.csv has regions the build does not know: {sorted(unknown)}")
    raw = _with_published_totals(raw[(raw["population"] != "") | (raw["share_pct"] != "")])
    table = pd.DataFrame(
        {
            "region_id": raw["region"].map(REGION_IDS),
            "year": raw["year"].astype(int),
            "census": raw["census"],
            "territory": raw["region"].map(TERRITORY),
            "group": raw["group"],
            "population": pd.to_numeric(raw["population"]).astype("Int64"),
            "share_pct": pd.to_numeric(raw["share_pct"]),
            "computed": raw["group"] == NOT_LISTED,
            "source": raw["source"],
            "note": raw["note"],
        }
    )
    remainders = []
    for _, census in table.groupby(["region_id", "year"]):
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
