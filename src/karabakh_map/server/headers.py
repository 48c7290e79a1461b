"""Security headers on every response, set by flask-talisman.

The Content-Security-Policy allows scripts from this server and, by hash, only the
inline scripts Dash itself writes (its renderer bootstrap); styles may be inline
because plotly.js sets them. Framing is decided by route, not by path prefix: only the
view function of the embed page (exactly ``/embed`` under the URL prefix) may be framed
by other sites; everything else, ``/embed/`` and ``/embedded`` included (404 pages since
guard.py answers paths with no page), has ``frame-ancestors 'self'`` and
``X-Frame-Options: SAMEORIGIN``.
"""

from __future__ import annotations

import dash
from flask_talisman import Talisman


def content_security_policy(script_hashes, frame_ancestors: str) -> dict[str, str]:
    """The policy as flask-talisman takes it: directive → sources (Dash's hashes come quoted)."""
    return {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *script_hashes]),
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": frame_ancestors,
    }


def install(app: dash.Dash, embed_endpoint: str) -> None:
    """Add the headers to every response; ``embed_endpoint`` names the one view other sites may frame.

    Call after every callback is registered (Dash's script hashes depend on them).
    """
    talisman = Talisman(
        app.server,
        # TLS ends at the proxy; HTTP on loopback must not be redirected.
        force_https=False,
        # A sub-path deployment shares its host with other sites: never pin their subdomains.
        strict_transport_security_include_subdomains=False,
        content_security_policy=content_security_policy(app.csp_hashes(), "'self'"),
        frame_options="SAMEORIGIN",
        referrer_policy="strict-origin-when-cross-origin",
        session_cookie_secure=False,  # the app sets no cookies
    )
    # flask-talisman's per-view options: looked up by the endpoint Flask matched, so by exact route.
    talisman(frame_options=None, content_security_policy=content_security_policy(app.csp_hashes(), "*"))(
        app.server.view_functions[embed_endpoint]
    )
