"""The pure model: view state and URL, controls, periods, areas, census, geometry. No Dash, no plotly."""
