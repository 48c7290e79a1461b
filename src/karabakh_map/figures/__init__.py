"""Pure figure builders: (atlas, view state) → plotly figure."""
