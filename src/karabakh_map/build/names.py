"""Names in four languages: corrected where our sources are wrong, marked where they are silent, checked by script.

Every feature of every layer carries ``name_en``, ``name_hy``, ``name_az`` and
``name_ru``. The build corrects the names listed in :data:`~karabakh_map.build.fixes.NAME_FIXES`
(each correction goes to the manifest), writes :data:`NOT_IN_OUR_SOURCES` where no
source gives a name, and then refuses to write a name that is not in the script its
column claims, or that is UTF-8 read as Latin-1 ("ÐÑÑÐ·Ð¸Ñ" for "Грузия"):

- ``name_hy``: Armenian script; Latin only inside parentheses, for a transliteration or a note;
- ``name_ru``: Cyrillic (no stress marks, no Latin);
- ``name_az``: the Azerbaijani Latin alphabet (ə, ı, ş, ç, ğ, ö, ü, x, q; no w, no Cyrillic);
- ``name_en``: Latin script.
"""

from __future__ import annotations

import re
import unicodedata

import geopandas as gpd

from karabakh_map.build.fixes import NAME_FIXES, Fix

NAME_COLUMNS = ("name_en", "name_hy", "name_az", "name_ru")
TRANSLATED_COLUMNS = NAME_COLUMNS[1:]
NOT_IN_OUR_SOURCES = "not in our sources"

_AZERBAIJANI_LETTERS = set("abcçdeəfgğhxıijkqlmnoöprsştuüvyz" "ABCÇDEƏFGĞHXIİJKQLMNOÖPRSŞTUÜVYZ")
_PARENTHESISED = re.compile(r"\([^()]*\)")


def _is_armenian(char: str) -> bool:
    return "\u0531" <= char <= "\u058f" or "\ufb13" <= char <= "\ufb17"


def _is_cyrillic(char: str) -> bool:
    return "\u0400" <= char <= "\u04ff"


def _is_latin(char: str) -> bool:
    # Modifier letters (the ʻokina of Hawaiʻi, the ʼ of transliterations) belong to Latin text.
    return char.isascii() or "LATIN" in unicodedata.name(char, "") or unicodedata.category(char) == "Lm"


def is_mojibake(text: str) -> bool:
    r"""True if ``text`` reads as UTF-8 bytes that were decoded as Latin-1 or Windows-1252.

    >>> is_mojibake("Ð\x93Ñ\x80Ñ\x83Ð·Ð¸Ñ\x8f"), is_mojibake("Грузия"), is_mojibake("Füzuli")
    (True, False, False)
    """
    for codec in ("latin-1", "cp1252"):
        try:
            repaired = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if repaired != text:
            return True
    return False


def script_problem(column: str, name: str) -> str | None:
    """Why ``name`` is not in the script ``column`` claims, or None if it is.

    Parameters
    ----------
    column : {"name_en", "name_hy", "name_az", "name_ru"}
    name : str
        The name as written to the layer; :data:`NOT_IN_OUR_SOURCES` passes in every column.

    Examples
    --------
    >>> script_problem("name_hy", "Ստեփանակերտ (Stepanakert)") is None
    True
    >>> script_problem("name_hy", "Բերձոր (Berdzor) [town]")
    "letters outside the Armenian script outside parentheses: 'town'"
    >>> script_problem("name_az", "Xocavənd") is None, script_problem("name_ru", "Нафтала́н")
    (True, "letters or marks outside the Cyrillic script: '\u0301'")
    """
    if not name:
        return "empty"
    if is_mojibake(name):
        return "mojibake: UTF-8 read as Latin-1"
    if name == NOT_IN_OUR_SOURCES:
        return None
    if column == "name_hy":
        outside = _PARENTHESISED.sub(" ", name)
        wrong = [c for c in outside if c.isalpha() and not _is_armenian(c)]
        if not any(_is_armenian(c) for c in outside):
            return "no Armenian letters outside parentheses"
        if wrong:
            return f"letters outside the Armenian script outside parentheses: {''.join(wrong)!r}"
        inside = "".join(_PARENTHESISED.findall(name))
        wrong = [c for c in inside if c.isalpha() and not (_is_armenian(c) or _is_latin(c))]
        return f"letters in parentheses neither Armenian nor Latin: {''.join(wrong)!r}" if wrong else None
    if column == "name_ru":
        wrong = [c for c in name if (c.isalpha() or unicodedata.combining(c)) and not _is_cyrillic(c)]
        return f"letters or marks outside the Cyrillic script: {''.join(wrong)!r}" if wrong else None
    if column == "name_az":
        wrong = [c for c in name if (c.isalpha() or unicodedata.combining(c)) and c not in _AZERBAIJANI_LETTERS]
        return f"letters outside the Azerbaijani Latin alphabet: {''.join(wrong)!r}" if wrong else None
    wrong = [c for c in name if c.isalpha() and not _is_latin(c)]
    return f"letters outside the Latin script: {''.join(wrong)!r}" if wrong else None


def reviewed_names(frame: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, list[Fix]]:
    """The layer with our name corrections applied and silent sources marked.

    Parameters
    ----------
    frame : GeoDataFrame
        One layer, with ``id``, ``layer`` and ``name_en``; the other name columns may be
        missing or empty.

    Returns
    -------
    frame : GeoDataFrame
        A copy where every name column is filled: a name, or :data:`NOT_IN_OUR_SOURCES`.
    fixes : list of Fix
        One per corrected feature, for the manifest.
    """
    frame = frame.copy()
    layer = frame["layer"].iloc[0]
    for column in TRANSLATED_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    fixes = []
    for position, feature_id in enumerate(frame["id"]):
        corrected = NAME_FIXES.get((layer, feature_id))
        if corrected is None:
            continue
        reason, names = corrected
        before = {column: frame[column].iloc[position] for column in names}
        for column, value in names.items():
            frame.iloc[position, frame.columns.get_loc(column)] = value
        fixes.append(
            Fix(
                layer,
                feature_id,
                reason + " (was " + ", ".join(f"{k}={v!r}" for k, v in before.items()) + ")",
                "set " + ", ".join(f"{k}={v!r}" for k, v in names.items()),
            )
        )
    for column in TRANSLATED_COLUMNS:
        frame[column] = frame[column].fillna("").replace("", NOT_IN_OUR_SOURCES)
    return frame, fixes


def check_names(layers: dict[str, gpd.GeoDataFrame]) -> None:
    """Raise ValueError listing every name, in every layer, that is empty or in the wrong script."""
    problems = [
        f"{name}/{feature_id} {column}={value!r}: {problem}"
        for name, frame in layers.items()
        for column in NAME_COLUMNS
        if column in frame.columns
        for feature_id, value in zip(frame["id"], frame[column], strict=True)
        if (problem := script_problem(column, value or "")) is not None
    ]
    if problems:
        raise ValueError("names in the wrong script or unreadable:\n" + "\n".join(problems))
