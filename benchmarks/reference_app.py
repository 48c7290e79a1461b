"""The reference: a default Dash + Plotly page (compression on, nothing else changed), measured beside ours.

One graph and one callback that answers its clicks: what a Dash app costs before it
does anything of its own.
"""

import json

import plotly.graph_objects as go
from dash import Dash, Input, Output, dcc, html

app = Dash(__name__, compress=True)  # what Dash advises for production; otherwise defaults
app.layout = html.Div(
    [
        dcc.Graph(id="graph", figure=go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2]))),
        html.Pre(id="clicked"),
    ]
)


@app.callback(Output("clicked", "children"), Input("graph", "clickData"))
def show_click(click):
    return json.dumps(click)


server = app.server

# The stock route to an image, for the cold CLI snapshot: plotly's default figure through write_image
# (kaleido with plotly.py's own plotly.js), from a fresh process; argv[1] is the file to write.
EXPORT_SCRIPT = (
    "import sys; import plotly.graph_objects as go; "
    "go.Figure(go.Bar(x=['a', 'b', 'c'], y=[3, 1, 2])).write_image(sys.argv[1])"
)

CLICK_BODY = {
    "output": "clicked.children",
    "outputs": {"id": "clicked", "property": "children"},
    "inputs": [{"id": "graph", "property": "clickData", "value": {"points": [{"x": "b", "y": 1}]}}],
    "changedPropIds": ["graph.clickData"],
    "state": [],
}
