"""Source strings from the research tables, turned into linked citations.

A source string lists one or more sources separated by " | ", each a title
optionally followed by " – " and a URL: "CIA World Factbook, Armenia – https://…".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dash import html

_URL = re.compile(r"https?://[^\s|]+")


@dataclass(frozen=True)
class Citation:
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


def citation_links(citations: list[Citation]) -> list:
    """Citations as inline Dash components, separated by semicolons."""
    parts: list = []
    for index, citation in enumerate(citations):
        if index:
            parts.append("; ")
        if citation.url:
            parts.append(html.A(citation.title, href=citation.url, target="_blank", rel="noopener noreferrer"))
        else:
            parts.append(citation.title)
    return parts
