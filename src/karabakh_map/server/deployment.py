"""Where the app is deployed: its URL prefix, how many proxies in front of it to trust, its public address.

One ``Deployment`` is read from the command line or, for gunicorn and other WSGI
servers, from the environment (``KARABAKH_URL_PREFIX``, ``KARABAKH_PROXY_COUNT``,
``KARABAKH_PUBLIC_URL``), and applied to the Flask server by ``install``:

- The prefix: the browser asks for every URL under it (page, assets, geodata, export,
  embed, healthz, data). The app answers with or without it, so a proxy may pass the
  path through (nginx ``proxy_pass http://app;``) or strip the prefix
  (``proxy_pass http://app/;``); routes are registered once, at the root.
- The proxy count: werkzeug's ProxyFix trusts that many ``X-Forwarded-For``,
  ``-Proto``, ``-Host`` and ``-Port`` values, so scheme and host in permalinks are the
  ones the reader used. Zero (the default) trusts none: a client could otherwise forge them.
- The public URL: when set, permalinks in exports start with it, whatever the request said.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import flask
from werkzeug.middleware.proxy_fix import ProxyFix

_PREFIX_PART = re.compile(r"[A-Za-z0-9._~-]+")


def normalise_prefix(prefix: str) -> str:
    """``karabakh``, ``/karabakh`` or ``/karabakh/`` → ``/karabakh/``; ``""`` or ``/`` → ``/``.

    Raises
    ------
    ValueError
        When a path segment holds anything but letters, digits and ``._~-``.

    Examples
    --------
    >>> normalise_prefix("maps/karabakh")
    '/maps/karabakh/'
    """
    parts = [part for part in prefix.strip().split("/") if part]
    bad = [part for part in parts if not _PREFIX_PART.fullmatch(part) or part in (".", "..")]
    if bad:
        raise ValueError(f"URL prefix {prefix!r}: segments may hold only letters, digits and ._~- (not {bad[0]!r})")
    return "/" + "".join(f"{part}/" for part in parts)


def normalise_public_url(url: str) -> str:
    """An absolute http(s) URL ending in ``/``; raises ValueError otherwise.

    Examples
    --------
    >>> normalise_public_url("https://maps.example.org/karabakh")
    'https://maps.example.org/karabakh/'
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"public URL {url!r} must be an absolute http(s) URL without query or fragment")
    return url.strip().rstrip("/") + "/"


@dataclass(frozen=True)
class Deployment:
    """The URL prefix (``/`` or ``/name/``), the number of trusted proxies, and the public URL or None."""

    url_prefix: str = "/"
    proxy_count: int = 0
    public_url: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "url_prefix", normalise_prefix(self.url_prefix))
        if self.public_url is not None:
            object.__setattr__(self, "public_url", normalise_public_url(self.public_url))
        if not isinstance(self.proxy_count, int) or self.proxy_count < 0:
            raise ValueError(f"proxy count must be a whole number ≥ 0, not {self.proxy_count!r}")

    @classmethod
    def from_environment(cls, **overrides) -> Deployment:
        """Read ``KARABAKH_URL_PREFIX``, ``KARABAKH_PROXY_COUNT``, ``KARABAKH_PUBLIC_URL``; ``overrides`` win when not None."""
        count = os.environ.get("KARABAKH_PROXY_COUNT", "0")
        if not count.isdigit():
            raise ValueError(f"KARABAKH_PROXY_COUNT must be a whole number ≥ 0, not {count!r}")
        values = {
            "url_prefix": os.environ.get("KARABAKH_URL_PREFIX", "/"),
            "proxy_count": int(count),
            "public_url": os.environ.get("KARABAKH_PUBLIC_URL") or None,
        }
        values.update({key: value for key, value in overrides.items() if value is not None})
        return cls(**values)

    def permalink_base(self, request: flask.Request) -> str:
        """The public URL of the page, ending in ``/``: the configured one, else the request's scheme and host."""
        return self.public_url or request.host_url.rstrip("/") + self.url_prefix

    def install(self, server: flask.Flask) -> None:
        """Accept paths under the prefix and trust ``proxy_count`` proxies (outermost: the proxies)."""
        if self.url_prefix != "/":
            server.wsgi_app = PrefixMiddleware(server.wsgi_app, self.url_prefix)
        if self.proxy_count:
            n = self.proxy_count
            server.wsgi_app = ProxyFix(server.wsgi_app, x_for=n, x_proto=n, x_host=n, x_port=n)


class PrefixMiddleware:
    """Move a leading ``prefix`` from PATH_INFO to SCRIPT_NAME; leave other paths (a proxy stripped it) alone."""

    def __init__(self, app, prefix: str):
        self.app = app
        self.prefix = prefix  # "/name/"

    def __call__(self, environ, start_response):
        """Answer a WSGI request: under the prefix, as the app mounted there."""
        path = environ.get("PATH_INFO", "")
        bare = self.prefix.rstrip("/")
        if path == bare or path.startswith(self.prefix):
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + bare
            environ["PATH_INFO"] = path[len(bare):] or "/"
        return self.app(environ, start_response)
