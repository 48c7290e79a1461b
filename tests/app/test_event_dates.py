"""An event is shown on its own date everywhere (the page's caption, slider and map, /embed, /export, the CLI), and
no date before the map's first state is drawn.

A caption of one date over a map of another is a wrong answer a journalist could publish.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from components import callback_body
from karabakh_map.model.periods import stops
from karabakh_map.ui import ids

MARAGHA = "1992-04-10-maragha-massacre"
FIRST_STATE = dt.date(1923, 7, 7)  # the NKAO's creation: the slider's first stop
SHUSHA = "2020-11-08-shusha-taken"


def _route(app, client, search: str) -> dict:
    """The router's answer to a page opened at ``search`` (its first callback)."""
    key = next(k for k in app.callback_map if f"{ids.VIEW_SHOWN}.data" in k and f"{ids.DATE_CAPTION}.children" in k)
    spec = app.callback_map[key]
    refs = spec["inputs"] + spec["state"]
    values = {f"{ids.URL}.search": search}
    body = callback_body(spec, key, [values.get(f"{r['id']}.{r['property']}") for r in refs], f"{ids.URL}.search")
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)
    return {f"{component}.{prop}": value for component, props in response.get_json()["response"].items()
            for prop, value in props.items()}


@pytest.mark.parametrize("search", [f"?event={MARAGHA}", "?event=44"])
def test_an_event_link_without_a_date_shows_the_event_s_own_date(app, client, search):
    answer = _route(app, client, search)
    caption = answer[f"{ids.DATE_CAPTION}.children"]
    day = re.match(r"(\d+ \w+ \d{4})", caption).group(1)
    spoken = answer[f"{ids.DATE_SLIDER_FRAME}.data-date"]
    assert dt.datetime.strptime(spoken, "%d %B %Y").strftime("%-d %b %Y") == day, (caption, spoken)
    assert "(today)" not in spoken
    assert not answer.get(f"{ids.NOTICE_TEXT}.children")
    # The view the rest of the page draws carries the event's date, and the link does not repeat it.
    shown = answer[f"{ids.VIEW_SHOWN}.data"]
    assert "date=" not in shown and "event=" in shown


def test_a_date_that_conflicts_with_the_event_gives_way_with_a_notice(app, client):
    answer = _route(app, client, f"?event={SHUSHA}&date=2021-01-01")
    assert answer[f"{ids.DATE_CAPTION}.children"].startswith("8 Nov 2020: ")
    assert answer[f"{ids.DATE_SLIDER_FRAME}.data-date"] == "8 November 2020"
    assert answer[f"{ids.NOTICE_TEXT}.children"] == (
        "Ignored date=“2021-01-01”: the event shown is of 8 Nov 2020. Showing the event's date.")
    # A day within a lasting event is one of its days: kept, no notice.
    answer = _route(app, client, "?event=1988-02-27-sumgait-pogrom&date=1988-02-28")
    assert answer[f"{ids.DATE_SLIDER_FRAME}.data-date"] == "28 February 1988"
    assert not answer.get(f"{ids.NOTICE_TEXT}.children")


def test_embed_and_export_of_an_event_name_it_on_its_date(client):
    page = client.get(f"/embed?event={MARAGHA}").get_data(as_text=True)
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    description = page.split('<meta name="description" content="', 1)[1].split('"', 1)[0]
    assert "10 April 1992" in title and "Maragha" in title, title
    assert "as of 10 April 1992" in description and "Maragha" in description, description
    exported = client.get(f"/export?format=html&event={MARAGHA}")
    assert exported.status_code == 200
    text = exported.get_data(as_text=True)
    assert "10 April 1992" in text and "Maragha" in text
    assert f"{dt.date.today():%-d %B %Y}" not in text.split("Maragha", 1)[0][-300:]


def test_an_export_of_an_event_on_another_date_is_refused(client):
    response = client.get(f"/export?format=html&event={SHUSHA}&date=2021-01-01")
    assert (response.status_code, response.get_data(as_text=True)) == (
        400, "export: Refused date=“2021-01-01”: the event shown is of 8 Nov 2020.\n")


def test_the_cli_draws_an_event_on_its_date_and_refuses_a_conflicting_one(tmp_path, capsys):
    from karabakh_map.cli import main

    target = tmp_path / "maragha.html"
    assert main(["snapshot", "--event", MARAGHA, "--format", "html", "--output", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert "10 April 1992" in text and "Maragha" in text
    refused = tmp_path / "shusha.html"
    assert main(["snapshot", "--event", SHUSHA, "--date", "2021-01-01", "--output", str(refused)]) != 0
    assert not refused.exists()
    assert "the event shown is of 8 Nov 2020" in capsys.readouterr().err


@pytest.mark.parametrize("day", ["1921-07-04", "1922-06-01", "1923-07-06"])
def test_no_date_before_the_map_s_first_state_is_drawn_anywhere(atlas, client, tmp_path, capsys, day):
    """One rule for the slider, links, /embed, /export and the CLI: the slider's first stop is the first date."""
    assert stops(atlas, dt.date.today())[0] == FIRST_STATE
    response = client.get(f"/export?format=html&region=nkao&date={day}")
    assert response.status_code == 400 and "the map covers 7 July 1923 to" in response.get_data(as_text=True)
    page = client.get(f"/embed?date={day}").get_data(as_text=True)
    assert f"Ignored date=“{day}”: the map covers 7 July 1923 to" in page
    assert "The Soviet authorities create the NKAO" not in page
    from karabakh_map.cli import main

    target = tmp_path / "early.html"
    assert main(["snapshot", "--date", day, "--output", str(target)]) != 0 and not target.exists()
    assert "the map covers 7 July 1923 to" in capsys.readouterr().err
