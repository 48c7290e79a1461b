"""Source strings from the research tables, parsed into citations (``ui.components`` links them).

A source string lists one or more sources separated by " | ", each a title
optionally followed by " – " and a URL: "CIA World Factbook, Armenia – https://…".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_URL = re.compile(r"https?://[^\s|]+")
SEPARATOR = " | "
# Copies of other sites' pages: a reader should be sent to the original.
MIRROR_HOSTS = (
    "github.com", "infospaze.com", "eudic.net", "owiki.org", "wikisum", "ipfs", "kiwix", "findatwiki.com",
    "riteme.site", "movatter.jp", "absoluteastronomy.com", "liquisearch.com", "wiki-org.ru", "memim.com",
    "siakadpt.com", "niidae.com", "wikiwand.com", "frwiki.wiki", "kampuspedia.com",
)
_MIRROR_WORDS = re.compile(r"GitHub mirror|same mirror|mirrored|liquisearch|\bcopy\b|\bcopies\b", re.IGNORECASE)
# Identifiers a reader can look a document up by without a URL.
_IDENTIFIER = re.compile(r"\b(?:[SA]/RES/\d+|ISBN[ :]?[\d-]{10,17}|doi:\S+|Doc\. \d{4,}|MC\.?DEC/\d+|\d{4}/\d{4}\(RSP\))")
# Publishers whose documents are cited by identifier (a URL names its publisher by its host).
_PUBLISHERS = re.compile(
    r"United Nations|\bUN\b|Security Council|General Assembly|Human Rights Watch|Amnesty International|ICRC|"
    r"Council of Europe|European Parliament|OSCE|International Court of Justice"
)


@dataclass(frozen=True)
class Citation:
    """A source as a reader sees it: its title, and its URL when it has one."""

    title: str
    url: str | None


def parse_sources(text: str) -> list[Citation]:
    """Split a source string into citations; a part without a URL is a citation without a link.

    >>> parse_sources("CIA World Factbook – https://www.cia.gov/x | UNSC resolution 822")
    [Citation(title='CIA World Factbook', url='https://www.cia.gov/x'), Citation(title='UNSC resolution 822', url=None)]
    """
    citations = []
    for part in re.split(r"\s+\|\s+|;\s+(?=[A-Z])", text or ""):
        part = part.strip()
        if not part:
            continue
        match = _URL.search(part)
        if match is None:
            citations.append(Citation(part, None))
            continue
        title = (part[: match.start()] + part[match.end() :]).strip(" –-")
        citations.append(Citation(re.sub(r"\s+", " ", title) or match.group(0), match.group(0).rstrip(".,);")))
    return citations


def uncitable(citation: Citation) -> str | None:
    """Why a reader could not find the cited source, or None when it is citable.

    Citable: a title, and either a URL on the publisher's own site (not a mirror or copy)
    or an identifier (UN document symbol, ISBN, DOI, Council of Europe or OSCE document
    number, European Parliament procedure) together with the publisher's name.

    >>> uncitable(Citation("UN Security Council, resolution 822 (1993), UN doc. S/RES/822 (1993)", None)) is None
    True
    >>> uncitable(Citation("Wikipedia 'X' (GitHub mirror)", "https://en.wikipedia.org/wiki/X"))
    'a mirror or copy, not the original'
    >>> uncitable(Citation("Armenpress 9 Oct 2020", None))
    'no URL or identifier'
    """
    host = re.sub(r"^https?://([^/]+).*", r"\1", citation.url or "")
    if _MIRROR_WORDS.search(citation.title) or any(mirror in host for mirror in MIRROR_HOSTS):
        return "a mirror or copy, not the original"
    if citation.url is None:
        if not _IDENTIFIER.search(citation.title):
            return "no URL or identifier"
        if not _PUBLISHERS.search(citation.title):
            return "an identifier without its publisher"
    elif citation.title == citation.url or not re.search(r"[A-Za-z]{3}", citation.title):
        return "a bare URL without title or publisher"
    return None


# Organisations whose figures are quoted by name: how a toll names each, and how its own
# publications are recognised (the publisher at the head of a citation, or its URL's host).
ATTRIBUTED = {
    "Human Rights Watch": (r"Human Rights Watch|\bHRW\b", r"Human Rights Watch", ("hrw.org",)),
    "Amnesty International": (r"Amnesty", r"Amnesty International", ("amnesty.org",)),
    "the United Nations": (r"\bUN\b|United Nations|UNHCR|Security Council|General Assembly",
                           r"United Nations|UN |UNHCR", ("un.org", "unhcr.org")),
    "the ICRC": (r"\bICRC\b|Red Cross", r"ICRC|International Committee of the Red Cross", ("icrc.org",)),
    "the Council of Europe": (r"Council of Europe", r"(?:Parliamentary Assembly of the )?Council of Europe", ("coe.int",)),
    "the government of Azerbaijan": (
        r"Government of Azerbaijan|(?:Ministry|Prosecutor General|Service)[^,;]* of Azerbaijan|Azerbaijani (?:government|MFA)",
        r"Government of Azerbaijan", ("gov.az", "virtualkarabakh.az", "president.az"),
    ),
    "the government of Armenia": (r"Government of Armenia|Armenian (?:authorities|government)|\bof Armenia\b",
                                  r"Government of Armenia", ("gov.am", "primeminister.am", "mfa.am")),
    "the NKR authorities": (r"\bNKR\b|Nagorno-Karabakh officials", r"NKR|Nagorno-Karabakh Republic", ()),
    "the Soviet authorities": (r"Soviet official", r"Soviet", ()),
}
# "…, as reported by AzerNews", "(via Wikipedia)", "as given in Wikipedia": who relays the figure.
_RELAYED = re.compile(r"\b(?:as reported by|as given in|via)\s+(?P<by>[^,;()]+)")


def _published_by(citation: Citation, publisher: str, hosts: tuple[str, ...]) -> bool:
    host = re.sub(r"^https?://([^/:]+).*", r"\1", citation.url or "")
    return bool(re.match(publisher, citation.title)) or any(host == h or host.endswith("." + h) for h in hosts)


def unsourced_attribution(attributed_to: str, sources: str) -> str | None:
    """Why a figure attributed to an organisation does not cite it, or None when it does.

    A figure attributed to Human Rights Watch, Amnesty International, the UN, the ICRC, the
    Council of Europe or a government cites that organisation's own publication, or says who
    reports it ("…, as reported by AzerNews") and cites that. Attributing a figure to HRW while
    citing only Wikipedia is the fault this catches.

    Parameters
    ----------
    attributed_to : str
        Who gives the figure, as a panel shows it (``given_by``, ``attributed_to``).
    sources : str
        The figure's source string (see :func:`parse_sources`).

    Examples
    --------
    >>> wikipedia = "Wikipedia (English), 'First Nagorno-Karabakh War' – https://en.wikipedia.org/wiki/X"
    >>> unsourced_attribution("Human Rights Watch", wikipedia)
    'attributed to Human Rights Watch, but cites neither its publication nor who reports it'
    >>> unsourced_attribution("Human Rights Watch, as given in Wikipedia", wikipedia) is None
    True
    >>> unsourced_attribution("Human Rights Watch/Helsinki", "Human Rights Watch/Helsinki, 'Report', ISBN 1-56432-142-8")
    >>> unsourced_attribution("Wikipedia's summary", wikipedia) is None
    True
    """
    citations = parse_sources(sources)
    relayed = [match["by"].strip().casefold().removeprefix("the ") for match in _RELAYED.finditer(attributed_to)]
    for name, (named, publisher, hosts) in ATTRIBUTED.items():
        if not re.search(named, attributed_to):
            continue
        if any(_published_by(citation, publisher, hosts) for citation in citations):
            continue
        if any(citation.title.casefold().removeprefix("the ").startswith(by) for by in relayed for citation in citations):
            continue
        return f"attributed to {name}, but cites neither its publication nor who reports it"
    return None
