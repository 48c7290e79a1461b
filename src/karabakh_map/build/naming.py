"""Labels by naming convention: both names side by side (the default), Armenian usage, Azerbaijani usage.

Where a place has two names, the research tables give both as "A / B" in
``name_en`` and the Armenian one in Latin letters in brackets in ``name_hy``
("Ստեփանակերտ (Stepanakert)"), which tells the two apart. Regions whose names are
contested terms take their labels from names.csv beside this file (wording from
the neutral-terms table of the research pack's positions.md).
"""

from __future__ import annotations

import re

import geopandas as gpd
import pandas as pd

from karabakh_map.model.formatting import with_period
from karabakh_map.paths import EDITORIAL

CURATED_NAMES = EDITORIAL / "names.csv"
_BRACKETED = re.compile(r"\(([^)]*)\)")


def split_dual_name(name_en: str, name_hy: str) -> tuple[str, str]:
    """The Armenian-usage and Azerbaijani-usage parts of a name given as "A / B".

    >>> split_dual_name("Shusha / Shushi", "Շուշի (Shushi)")
    ('Shushi', 'Shusha')
    """
    parts = [part.strip() for part in name_en.split(" / ")]
    if len(parts) != 2:
        return name_en, name_en
    transliterations = " ".join(_BRACKETED.findall(name_hy or ""))
    first_is_armenian = parts[0] in transliterations or parts[1] not in transliterations
    return (parts[0], parts[1]) if first_is_armenian else (parts[1], parts[0])


def read_curated_names() -> pd.DataFrame:
    """Our curated names table, indexed by feature id, every value a string."""
    return pd.read_csv(CURATED_NAMES, dtype=str, keep_default_na=False).set_index("id")


def with_labels(frame: gpd.GeoDataFrame, curated: pd.DataFrame) -> gpd.GeoDataFrame:
    """Add ``label_both``, ``label_hy`` and ``label_az`` to every feature."""
    both, armenian, azerbaijani = [], [], []
    for _, feature in frame.iterrows():
        if feature["id"] in curated.index:
            row = curated.loc[feature["id"]]
            labels = (row["label_both"], row["label_hy"], row["label_az"])
            if feature.get("valid_to"):  # a dated feature: the months it is drawn, from its validity
                labels = tuple(with_period(label, feature["valid_from"], feature["valid_to"]) for label in labels)
        else:
            hy, az = split_dual_name(feature["name_en"], feature.get("name_hy", ""))
            labels = (feature["name_en"], hy, az)
        both.append(labels[0])
        armenian.append(labels[1])
        azerbaijani.append(labels[2])
    return frame.assign(label_both=both, label_hy=armenian, label_az=azerbaijani)
