"""Pure panel builders: data in, Dash components out; no callbacks here."""
