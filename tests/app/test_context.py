"""The Context panel: attributed positions and headline figures with who gives each."""

from dash import html

from components import text_of, with_class
from karabakh_map.ui.context import context_body


def test_every_party_and_every_headline_figure_is_there_with_a_source(atlas):
    panel = html.Div(context_body(atlas))
    text = text_of(panel)
    for party in ["Azerbaijan", "Karabakh Armenians (NKR)", "Armenia", "Turkey", "Russia", "France and the Minsk Group",
                  "European Union", "Iran", "United States and the UN"]:
        assert party in text
    assert "Armenian/Artsakh servicemen killed – official (2021/2022) 3,825 people" in text
    assert "Given by: Armenian authorities" in text and "Given by: Azerbaijani MoD" in text
    assert "Armenians displaced from Azerbaijan, Nagorno-Karabakh and Nakhchivan (as of 1994) 300,000–500,000 people" in text
    for figure in with_class(panel, "figure"):
        source = with_class(figure, "figure-source")
        assert source and text_of(source[0]).split(":", 1)[1].strip()
