"""Security headers on every response, and a health check for load balancers.

The Content-Security-Policy allows scripts from this server and, by hash, only the
inline scripts Dash itself writes (its renderer bootstrap); styles may be inline
because plotly.js sets them. Pages may be framed by other sites only at /embed.
"""

from __future__ import annotations

import dash
import flask

EMBED_PREFIX = "/embed"


def content_security_policy(script_hashes, frame_ancestors: str) -> str:
    scripts = " ".join(["'self'", *script_hashes])  # Dash's hashes come quoted
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {scripts}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def install(app: dash.Dash, data_version: str) -> None:
    """Add the headers to every response and serve /healthz; call after every callback is registered."""
    page_policy = content_security_policy(app.csp_hashes(), "'self'")
    embed_policy = content_security_policy(app.csp_hashes(), "*")
    embed_path = app.get_relative_path(EMBED_PREFIX)

    @app.server.after_request
    def security_headers(response: flask.Response) -> flask.Response:
        embeddable = flask.request.path.startswith(embed_path)
        response.headers["Content-Security-Policy"] = embed_policy if embeddable else page_policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        if not embeddable:
            response.headers["X-Frame-Options"] = "SAMEORIGIN"
        return response

    @app.server.get("/healthz")
    def health() -> flask.Response:
        return flask.jsonify({"status": "ok", "data_version": data_version})
