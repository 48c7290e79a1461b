"""The web server: app factory, routes, headers, static files, request guard."""
