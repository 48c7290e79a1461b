"""Serving: security headers on every response, health, compression (framing: test_deployment.py)."""

import pytest


@pytest.mark.parametrize("path", ["/", "/geodata/draw/nkao.geojson", "/healthz", "/export?format=gif", "/nope"])
def test_every_response_carries_the_security_headers(client, path):
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'self'" in policy and headers["X-Frame-Options"] == "SAMEORIGIN"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.parametrize("path", ["/nope", "/etc/passwd", "/geodata/nope.geojson", "/embed/", "/embedded", "/index.html"])
def test_an_address_with_no_page_is_a_404_that_links_to_the_map(client, path):
    response = client.get(path)
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert '<html lang="en">' in response.text and 'href="/"' in response.text
    assert "react-entry-point" not in response.text  # not the dashboard served at any address


def test_the_pages_and_files_still_answer(client):
    for path in ["/", "/?region=nkao", "/embed?region=nkao", "/embed/embed.js", "/healthz", "/robots.txt",
                 "/geodata/draw/nkao.geojson", "/geodata/manifest.json", "/_dash-layout", "/_dash-dependencies"]:
        assert client.get(path).status_code == 200, path


def test_health_and_compression(client):
    health = client.get("/healthz")
    assert health.status_code == 200 and health.get_json()["status"] == "ok"
    page = client.get("/geodata/draw/countries.geojson", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"


def test_debug_cannot_be_switched_on_by_a_request(client):
    assert client.get("/?debug=true", headers={"X-Debug": "1"}).status_code == 200
    assert client.application.debug is False


@pytest.mark.parametrize(
    ("query", "named"),
    [("date=1850-01-01", "date="), ("region=zzz", "region="), ("event=9999", "event="), ("frame=xyz", "frame="),
     ("layers=nope", "layers="), ("compare=nowhere", "compare=")],
)
def test_an_export_of_a_refused_value_is_a_400_naming_it_not_the_default_map(client, query, named):
    # Refused before any rendering: no browser is needed for the answer.
    response = client.get(f"/export?format=png&{query}")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert text.startswith("export: Refused ") and named in text, text


@pytest.mark.parametrize(
    ("query", "said"),
    [("date=2021-02-30", "export: Refused date=“2021-02-30”: there is no 30 February 2021 (the month has 28 days).\n"),
     ("region=lachin&region=nkao", "export: Refused “region”: given 2 times; give it once.\n"),
     ("format=svg", "export: Refused “format”: given 2 times; give it once.\n"),
     ("regoin=lachin", "export: Refused “regoin”: not a parameter of the view; did you mean “region”?\n"),
     ("region=" + "x" * 20_000, "export: Refused “region”: the value is too long.\n")],
)
def test_an_export_refuses_a_repeated_or_misspelt_parameter_and_says_nothing_of_a_default(client, query, said):
    # Each would have drawn a map nobody asked for (the first value, the default view) or claimed to show one.
    response = client.get(f"/export?format=png&{query}")
    assert (response.status_code, response.get_data(as_text=True)) == (400, said)


def test_an_export_of_a_misspelt_place_is_a_400_offering_the_place(client):
    # One lookup for every path: a typo is no name of Shusha, and the answer offers the town by its id.
    response = client.get("/export?format=png&region=Shushaa")
    assert response.status_code == 400
    text = response.get_data(as_text=True)
    assert text.startswith("export: Refused region=") and "shusha_shushi (Shusha / Shushi, town)" in text, text
    page = client.get("/embed?region=Shushaa").get_data(as_text=True)
    notice = page.split('<p id="notice" role="status">', 1)[1].split("</p>", 1)[0]
    assert "Ignored region=" in notice and "shusha_shushi" in notice


def test_the_embed_page_says_which_values_it_ignored(client):
    page = client.get("/embed?date=1850-01-01&region=%3Cscript%3E&regoin=nkao").get_data(as_text=True)
    notice = page.split('<p id="notice" role="status">', 1)[1].split("</p>", 1)[0]
    assert "Ignored date=" in notice and "Ignored region=" in notice and "did you mean “region”?" in notice
    assert "<script>" not in notice  # reflected escaped, never as markup
    assert '<p id="notice"' not in client.get("/embed?region=nkao").get_data(as_text=True)


def test_a_repeated_parameter_shows_the_default_as_the_readme_says_not_the_first(client):
    """/embed?region=nkao&region=agdam drew the NKAO ("used the first"): a guess at which one was meant."""
    page = client.get("/embed?region=nkao&region=agdam").get_data(as_text=True)
    notice = page.split('<p id="notice" role="status">', 1)[1].split("</p>", 1)[0]
    assert notice == "Ignored “region”: given 2 times; give it once. Showing the default."
    assert page.count("Nagorno-Karabakh Autonomous Oblast") == client.get("/embed").get_data(as_text=True).count(
        "Nagorno-Karabakh Autonomous Oblast")


@pytest.mark.parametrize("query", ["region=zzz", "region=nkao&region=agdam", "regoin=nkao", "date=2020-02-30"])
def test_the_data_zip_checks_a_link_s_view_as_an_export_does(client, query):
    response = client.get(f"/export-data.zip?{query}")
    assert response.status_code == 400 and response.get_data(as_text=True).startswith("export-data.zip: Refused ")
    assert client.get("/export-data.zip?region=nkao&date=2021-06-01").status_code == 200
