"""The WSGI entry point for production servers: ``gunicorn 'karabakh_map.wsgi:server'``.

Each worker loads and validates geodata/ once; callbacks keep no state between
requests, so any worker on any machine can answer any request.
"""

from karabakh_map.app import create_app

app = create_app()
server = app.server
