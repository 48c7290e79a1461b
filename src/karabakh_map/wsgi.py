"""The WSGI entry point for production servers: ``gunicorn 'karabakh_map.wsgi:server'``.

geodata/ is loaded and validated once per importing process: once in all with gunicorn's
--preload, which forks the workers from it. Callbacks keep no state between requests,
so any worker on any machine can answer any request.
"""

from karabakh_map.server.app import create_app

app = create_app()
server = app.server
