"""Numbers and dates as a reader writes them."""

from __future__ import annotations

import datetime as dt
import re


def format_number(text: str | float | int) -> str:
    """Thousands separated, decimals kept only where they carry information: '4388' → '4,388'."""
    value = float(text)
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0").rstrip(".")


def format_date(text: str) -> str:
    """ISO dates as a reader writes them: '1993-04-03' → '3 Apr 1993', '2020-10' → 'Oct 2020'."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        date = dt.date.fromisoformat(text)
        return f"{date.day} {date:%b %Y}"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return dt.date.fromisoformat(text + "-01").strftime("%b %Y")
    return text


def format_period(start: str, end: str = "") -> str:
    """An event's dates as a reader writes them: '8 Nov 2020', or '27 Feb 1988 – 1 Mar 1988' when it lasted.

    A month whose last day is known reads "Jan 1990, until 20 Jan" (not "Jan 1990 – 20 Jan 1990").

    >>> format_period("2020-11-08"), format_period("1988-02-27", "1988-03-01")
    ('8 Nov 2020', '27 Feb 1988 – 1 Mar 1988')
    >>> format_period("1990-01", "1990-01-20")
    'Jan 1990, until 20 Jan'
    """
    if not end:
        return format_date(start)
    if re.fullmatch(r"\d{4}-\d{2}", start) and end.startswith(start + "-"):
        return f"{format_date(start)}, until {format_date(end).rsplit(' ', 1)[0]}"
    return f"{format_date(start)} – {format_date(end)}"


def valid_period(valid_from: str, valid_to: str) -> str:
    """The months a dated feature is drawn, from its validity (ISO days, ``valid_to`` exclusive).

    >>> valid_period("2020-11-10", "2022-08-26")
    'Nov 2020 – Aug 2022'
    """
    last = dt.date.fromisoformat(valid_to) - dt.timedelta(days=1)
    return f"{format_date(valid_from[:7])} – {format_date(last.isoformat()[:7])}"


def with_period(name: str, valid_from: str, valid_to: str) -> str:
    """A dated feature's name with the months it is drawn, unless the name gives its years already.

    One source for those dates: the feature's validity, so that its name, the legend and the
    alt text cannot disagree with what the map draws.

    >>> with_period("Lachin corridor", "2020-11-10", "2022-08-26")
    'Lachin corridor, Nov 2020 – Aug 2022'
    >>> with_period("NKAO, 1923–1991", "1923-07-07", "1991-11-26")
    'NKAO, 1923–1991'
    """
    return name if re.search(r"\d{4}", name) else f"{name}, {valid_period(valid_from, valid_to)}"


def dated_name(name: str, as_of: str) -> str:
    """A figure's name with the date it stands for, unless the name gives a year already.

    >>> dated_name("Azerbaijani soldiers killed", "2023-09-27")
    'Azerbaijani soldiers killed (as of 27 Sep 2023)'
    >>> dated_name("Share of Azerbaijan's territory under Armenian control", "1994–2020")
    "Share of Azerbaijan's territory under Armenian control (1994–2020)"
    >>> dated_name("Former IDPs settled in Lachin city by 31 May 2024", "2024-05-31")
    'Former IDPs settled in Lachin city by 31 May 2024'
    >>> dated_name("Armenia total area", "current")
    'Armenia total area'
    """
    if not re.search(r"\d{4}", as_of) or re.search(r"\b(?:1[89]|20)\d\d\b", name):
        return name
    single = re.fullmatch(r"\d{4}(?:-\d{2}){0,2}", as_of)
    return f"{name} ({'as of ' if single else ''}{format_date(as_of)})"


def figure_value(figure) -> str:
    """A figures.csv row's number: '30,000', '5,856–6,000', '11,458 (…–11,927)', or '' for a text-only row."""
    if figure["value_low"] or figure["value_high"]:
        low = format_number(figure["value_low"]) if figure["value_low"] else "…"
        high = format_number(figure["value_high"]) if figure["value_high"] else "…"
        return f"{format_number(figure['value'])} ({low}–{high})" if figure["value"] else f"{low}–{high}"
    return format_number(figure["value"]) if figure["value"] else ""
