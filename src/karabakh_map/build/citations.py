"""Source strings a reader can cite: mirrors replaced by the original, short forms written out.

The research pack was compiled offline, partly from mirrors and copies of Wikipedia
articles (a GitHub repository, wikisum, IPFS gateways, liquisearch …). The build
writes every source as ``title, publisher[, date] – URL or identifier``:

- a Wikipedia article read on a mirror becomes the article on wikipedia.org, named
  by its edition and title (the URL is the article's own address);
- a short form the project's tables use ("CIA World Factbook: Armenia") becomes the
  full citation given once in ``editorial/citations.csv``;
- a news item the research knows only by outlet and date ("DW 30 Sep 2023"), whose
  address is on no page we have, becomes the source with an address that gives the same
  facts, or is dropped where the row's other sources give them (``editorial/replaced_sources.csv``);
  a fact only it gave is taken out of the rows that cited it;
- a note quoting an outlet no row cites, by name and date only, loses the quotation
  (``editorial/uncited_mentions.csv``);
- a Wikipedia article whose revision the research recorded says it, wherever it is cited
  (``editorial/wikipedia_revisions.csv``; the research recorded no access dates).

Whether the result is citable is :func:`karabakh_map.model.citations.uncitable`'s call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

import pandas as pd

from karabakh_map.model.citations import SEPARATOR, parse_sources
from karabakh_map.paths import EDITORIAL

CITATIONS = EDITORIAL / "citations.csv"
REPLACED_SOURCES = EDITORIAL / "replaced_sources.csv"
UNCITED_MENTIONS = EDITORIAL / "uncited_mentions.csv"
WIKIPEDIA_REVISIONS = EDITORIAL / "wikipedia_revisions.csv"
EDITIONS = {"English": "en", "Simple English": "simple", "Russian": "ru", "Italian": "it", "Azerbaijani": "az"}
# "Wikipedia 'Title'", "English Wikipedia 'Title'", "Russian Wikipedia, 'Title'"; the title in straight quotes.
_WIKIPEDIA = re.compile(r"^(?:(?P<edition>[A-Z][a-z]+(?: English)?) )?Wikipedia(?:,? '(?P<title>[^']+)'|: (?P<plain>.+)$)")
_WIKIPEDIA_URL = re.compile(r"https?://(?P<edition>[a-z]+)(?:\.m)?\.wikipedia\.org/wiki/(?P<path>\S+)")


def _wikipedia(text: str, url: str | None) -> str | None:
    """The canonical citation of a Wikipedia article named in ``text``, or None when it names none."""
    match = _WIKIPEDIA.match(text)
    found = _WIKIPEDIA_URL.match(url or "")
    if match is None and not (found and text == url):  # a bare article URL names its title too
        return None
    if match is not None:
        title = match["title"] or match["plain"]
        edition = EDITIONS.get(match["edition"] or "English")
    else:
        title = unquote(found["path"]).replace("_", " ")
    if found:
        edition, path = found["edition"], found["path"]
    elif edition is None:
        return None
    else:
        path = quote(title.replace(" ", "_"), safe="_()/,-")
    name = next((name for name, code in EDITIONS.items() if code == edition), edition)
    return f"Wikipedia ({name}), '{title}', Wikimedia Foundation – https://{edition}.wikipedia.org/wiki/{path}"


# "… as given in Wikipedia 'Shusha'", "Finnish Wikipedia 'Zəngilan'": an article named inside a longer source.
_NAMED_ARTICLE = re.compile(
    r"(?:(?P<edition>English|Simple English|Russian|Italian|Azerbaijani)[/\w]* )?Wikipedia '(?P<title>[^']+)'"
)
# "(copy at findatwiki.com)", "(kiwix copy 2020)", "(older revision, copy at …)": where the research read it.
_MIRROR_NOTE = re.compile(r"\s*\((?:[^()]*\b(?:copy|copies|mirror|mirrored)\b[^()]*)\)")
_GEONAMES_RECORD = re.compile(r"GeoNames record (?P<id>\d+)")


def _named_article(text: str) -> str | None:
    """A source that names a Wikipedia article somewhere in its text, with the article's address added."""
    match = _NAMED_ARTICLE.search(text)
    if match is None:
        return None
    edition = EDITIONS[match["edition"] or "English"]
    path = quote(match["title"].replace(" ", "_"), safe="_()/,-")
    return f"{_MIRROR_NOTE.sub('', text)} – https://{edition}.wikipedia.org/wiki/{path}"


def _geonames(text: str) -> str | None:
    match = _GEONAMES_RECORD.search(text)
    if match is None:
        return None
    return f"GeoNames gazetteer, record {match['id']}{text[match.end():]} – https://www.geonames.org/{match['id']}"


def read_citations() -> dict[str, str]:
    """Short form → full citation, from editorial/citations.csv."""
    table = pd.read_csv(CITATIONS, dtype=str, keep_default_na=False)
    return dict(zip(table["short"], table["citation"], strict=True))


@dataclass(frozen=True)
class Replacement:
    """A source without an address: what cites the same facts instead, and the phrases only it gave."""

    replaced_by: tuple[str, ...]
    drops: tuple[str, ...]


def read_replacements() -> dict[str, Replacement]:
    """Source → its replacement, from editorial/replaced_sources.csv (empty ``replaced_by``: dropped)."""
    table = pd.read_csv(REPLACED_SOURCES, dtype=str, keep_default_na=False)
    return {
        row["source"]: Replacement(
            tuple(part for part in row["replaced_by"].split(SEPARATOR) if part),
            tuple(part for part in row["drops"].split(SEPARATOR) if part),
        )
        for _, row in table.iterrows()
    }


def read_wikipedia_revisions() -> dict[str, str]:
    """Article URL → the revision the research read ("21 Oct 2022 or before"), from editorial/wikipedia_revisions.csv."""
    table = pd.read_csv(WIKIPEDIA_REVISIONS, dtype=str, keep_default_na=False)
    return dict(zip(table["article"], table["revision"], strict=True))


def with_revision(citation: str, revisions: dict[str, str]) -> str:
    """A full citation with the revision of the Wikipedia article it names, where the research recorded one.

    >>> with_revision("Wikipedia (English), 'X', Wikimedia Foundation – https://en.wikipedia.org/wiki/X",
    ...               {"https://en.wikipedia.org/wiki/X": "c. 2022"})
    "Wikipedia (English), 'X', Wikimedia Foundation, revision of c. 2022 – https://en.wikipedia.org/wiki/X"
    """
    parsed = parse_sources(citation)
    if len(parsed) != 1 or parsed[0].url not in revisions or "revision" in parsed[0].title:
        return citation
    return f"{parsed[0].title}, revision of {revisions[parsed[0].url]} – {parsed[0].url}"


def normalise(
    text: str, citations: dict[str, str], replaced: dict[str, Replacement] | None = None,
    revisions: dict[str, str] | None = None,
) -> str:
    """A source string with each part written out in full; parts it does not know stay as they are.

    >>> normalise("TASS – https://tass.com/1 | Outlet 1 May", {}, {"Outlet 1 May": Replacement(("AFP – https://x/2",), ())})
    'TASS – https://tass.com/1 | AFP – https://x/2'
    """
    parts = []
    for citation in parse_sources(text):
        if citation.url is None and citation.title in (replaced or {}):
            parts += replaced[citation.title].replaced_by
            continue
        whole = f"{citation.title} – {citation.url}" if citation.url else citation.title
        parts.append(
            citations.get(citation.title)
            or _wikipedia(citation.title, citation.url)
            or (None if citation.url else _named_article(citation.title) or _geonames(citation.title))
            or whole
        )
    return SEPARATOR.join(dict.fromkeys(with_revision(part, revisions or {}) for part in parts))


def without_dropped(table: pd.DataFrame, column: str, replaced: dict[str, Replacement]) -> pd.DataFrame:
    """The table with the phrases that only a dropped source gave taken out of the rows citing it.

    >>> rows = pd.DataFrame({"counted": ["100 by May; 120 by June"], "source": ["Outlet 1 June | AFP – https://x/2"]})
    >>> without_dropped(rows, "source", {"Outlet 1 June": Replacement((), ("; 120 by June",))})["counted"].tolist()
    ['100 by May']
    """
    table = table.copy()
    texts = [c for c in table.columns if "source" not in c and pd.api.types.is_string_dtype(table[c])]
    for index, sources in table[column].items():
        drops = [d for c in parse_sources(sources) if c.url is None and c.title in replaced for d in replaced[c.title].drops]
        for text in texts:
            value = table.at[index, text]
            if isinstance(value, str):
                for phrase in drops:
                    value = value.replace(phrase, "")
                table.at[index, text] = value
    return table


def read_uncited_mentions() -> tuple[str, ...]:
    """The phrases of notes that quote an outlet no row cites (editorial/uncited_mentions.csv)."""
    return tuple(pd.read_csv(UNCITED_MENTIONS, dtype=str, keep_default_na=False)["phrase"])


def without_mentions(table: pd.DataFrame, phrases: tuple[str, ...]) -> pd.DataFrame:
    """The table with the phrases taken out of every text column but the sources.

    >>> rows = pd.DataFrame({"note": ["Total 137,737. Early count 137,743 (Outlet, 2006). Covers the NKR."]})
    >>> without_mentions(rows, ("Early count 137,743 (Outlet, 2006). ",))["note"].tolist()
    ['Total 137,737. Covers the NKR.']
    """
    table = table.copy()
    for column in [c for c in table.columns if "source" not in c and pd.api.types.is_string_dtype(table[c])]:
        for phrase in phrases:
            table[column] = [v.replace(phrase, "") if isinstance(v, str) else v for v in table[column]]
    return table


def normalise_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Every column whose name says it holds sources, normalised in every table."""
    citations, replaced, mentions = read_citations(), read_replacements(), read_uncited_mentions()
    revisions = read_wikipedia_revisions()
    cache: dict[str, str] = {}
    out = {}
    for name, table in tables.items():
        table = without_mentions(table, mentions)
        for column in [c for c in table.columns if "source" in c]:
            table = without_dropped(table, column, replaced)
            table[column] = [
                cache.setdefault(v, normalise(v, citations, replaced, revisions)) if v else v for v in table[column]
            ]
        out[name] = table
    return out
