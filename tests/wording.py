"""Reading what a reader sees for one-sided wording: the terms table's words, used only quoted or attributed."""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

# A sentence attributes a term when it says who uses it (or, for a UN resolution, whose words they are).
ATTRIBUTED = re.compile(
    r"\b(calls?|called|describ\w*|terms?|says|said|usage|words|reject\w*|found|denied|dispute|referred|resolution)\b"
)
# Words in quotes are someone's own: a cited title ('Azerbaijan liberates Shusha'), or a term with its user.
QUOTED = re.compile(r"(?<!\w)'[^']+'(?!\w)|‘[^’]+’|“[^”]+”")
# Words of a rebuttal in our own voice: the map shows who gives each figure, and says none is wrong.
REBUTTAL = re.compile(
    r"\b(however|in fact|in reality|actually|false(?:ly)?|propaganda|myth|exaggerat\w*|inflated|no evidence|"
    r"independent calculations?)\b",
    re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[A-Z])")


def sentences(text: str) -> list[str]:
    """A text's sentences and its clauses between semicolons, but not those inside brackets.

    "(a blockade in Armenia's words; an environmental protest in Azerbaijan's)" is one clause.
    """
    parts, depth, start = [], 0, 0
    for at, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ";" and depth <= 0:
            parts.append(text[start:at + 1])
            start = at + 1
    parts.append(text[start:])
    return [sentence.strip() for part in parts for sentence in SENTENCE_END.split(part) if sentence.strip()]


def party_terms(terms: pd.DataFrame) -> set[str]:
    """Each side's own terms and the words of its framing (terms table), lower-cased.

    A usage counts less what our wording shares with it; names follow the naming convention, so the
    ``Region`` and ``Capital`` rows add nothing.
    """
    found = set()
    for _, row in terms[~terms["subject"].isin(["Region", "Capital"])].iterrows():
        for usage in (row["armenian_usage"], row["azerbaijani_usage"]):
            for term in re.split(r";|/", re.sub(r"\(.*?\)", "", usage)):
                if term.strip() and term.strip().lower() not in row["our_wording"].lower():
                    found.add(term.strip().lower())
        found |= {word.strip().lower() for word in row["attributed_only"].split(";") if word.strip()}
    return found


def unattributed(texts: Iterable[str], terms: set[str]) -> list[str]:
    """The sentences of ``texts`` that use one of ``terms`` outside quotes without saying who uses it."""
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(term) for term in sorted(terms)) + r")\b", re.IGNORECASE)
    return [
        sentence
        for text in texts
        for sentence in sentences(str(text))
        if pattern.search(QUOTED.sub(" ", sentence)) and not ATTRIBUTED.search(sentence)
    ]
