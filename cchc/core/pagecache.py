"""Public pages with a form, rendered once and kept in Django's cache, each visitor getting his own CSRF token.

A page such as a survey's questionnaire is the same for every anonymous visitor except for the CSRF
token of its form, so the whole response cannot be cached (Django's documentation on CSRF and caching).
``render_shared`` renders the page once with a random marker where the token goes and keeps that HTML
under ``key``; each request then puts its own token (``django.middleware.csrf.get_token``: the cookie
is set or rotated as usual, and the form's POST is checked as usual) in place of the marker. No template
runs on a hit.

Only requests that carry no session cookie and no pending message are served the kept copy or fill it:
the page rendered for them is the one anybody without either would get. A signed-in user always gets
his own rendering. ``key`` must name everything the page shows (the rows it reads, the day when the
page shows the date, the path); ``key_of`` makes one from such parts and the code of the templates
(``release``), so a new release never serves a page an older one kept in a shared cache.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string

#: Seconds a kept page lives when its key does not change (the key changes with what it shows).
SECONDS = 3600


def anonymous(request) -> bool:
    """No session cookie and no message waiting: the page rendered now is the one any such visitor gets."""
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and CookieStorage.cookie_name not in request.COOKIES


@functools.cache
def release(*folders: str) -> str:
    """A digest of the files under ``folders`` (relative to the project) and the public layout: the
    code that renders a page. Read once per process."""
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for folder in (*folders, "templates/public"):
        for path in sorted((base / folder).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".html", ".txt"} and "tests" not in path.parts:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def row_state(*rows) -> list:
    """Every stored value of each model instance in ``rows``: part of a key that changes when any of them does."""
    return [(type(row).__name__, [getattr(row, field.attname) for field in row._meta.concrete_fields]) for row in rows]


def key_of(name: str, parts: Iterable) -> str:
    return f"page:{name}:" + hashlib.sha256(repr(list(parts)).encode()).hexdigest()[:40]


def render_shared(request, template: str, context: Callable[[], dict], *, key: str, seconds: int = SECONDS,
                  status: int = 200) -> HttpResponse:
    """``template`` rendered with ``context()`` for this request, from the copy kept under ``key`` when the
    request is anonymous (see the module's description); the CSRF token is this request's own."""
    if not anonymous(request):
        return render(request, template, context(), status=status)
    entry = cache.get(key)
    if entry is None:
        marker = "csrf" + secrets.token_hex(24)
        entry = (marker, render_to_string(template, {**context(), "csrf_token": marker}, request))
        cache.set(key, entry, seconds)
    marker, html = entry
    if marker in html:
        html = html.replace(marker, get_token(request))
    return HttpResponse(html, status=status)
