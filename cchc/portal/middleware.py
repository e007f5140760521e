"""The portal's pages answered before the rest of the middleware runs.

A public page (a view marked with ``cchc.portal.cache.shared``) is the same for every visitor: the first
anonymous visitor after a change gets it through the whole stack, and the answer (body and headers) is
kept under the portal's current key (``cchc.portal.cache.current``); every later anonymous visitor gets
that copy after one small query, with no session, user, CSRF, message, URL routing or template work.

Only what cannot depend on the visitor is kept or served: a GET or HEAD without a query string (the
year pages and the like go through the view, which keeps their HTML itself), from a browser that sends
no session cookie (a signed-in officer always goes through the whole stack), answered 200 by a marked
view, with no cookie set and varying on nothing but the cookie. The security headers of the middleware
above this one (``SecurityMiddleware``, the Content-Security-Policy) are added to every answer as usual.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.cache import cache as django_cache
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, resolve

from cchc.portal import cache

#: headers a kept answer may vary on: the session middleware adds ``Vary: Cookie`` once it looked at the
#: (empty) session, and only browsers without a session cookie are served the kept copy.
_VARY_ALLOWED = {"cookie"}


@functools.lru_cache(maxsize=4096)
def _shared_view(path: str) -> bool:
    """Whether ``path`` is answered by a view marked ``cache.shared`` (remembered per path and process)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return getattr(match.func, "portal_shared", False)


def _key(version: str, path: str) -> str:
    return f"portal:{version}:response:{path}"


def eligible(request) -> bool:
    """Whether the answer to ``request`` may come from, or go to, the shared copy."""
    return (
        request.method in ("GET", "HEAD")
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and request.path_info.startswith(cache.PREFIX)
        and _shared_view(request.path_info)
    )


def storable(request, response) -> bool:
    """Whether ``response`` may be kept for everybody: a marked view's 200, no cookie, no other variation."""
    if request.method != "GET" or response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not getattr(response, "portal_shared", False) or not response.has_header("ETag"):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= _VARY_ALLOWED


def _replay(request, stored: dict) -> HttpResponse:
    headers = stored["headers"]
    etag = headers.get("ETag", "")
    if etag and etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
        for name in ("ETag", "Cache-Control", "Vary", "X-Frame-Options"):
            if name in headers:
                response[name] = headers[name]
        return response
    response = HttpResponse(stored["content"], status=200)
    for name, value in headers.items():
        response[name] = value
    return response


class SharedPageMiddleware:
    """Answers the portal's public pages from the shared copy (see the module's description)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not eligible(request):
            return self.get_response(request)
        version = cache.current()
        request.portal_version = version  # the view reads the same key: one query per request
        key = _key(version, request.path_info)
        stored = django_cache.get(key)
        if stored is not None:
            return _replay(request, stored)
        response = self.get_response(request)
        if storable(request, response):
            django_cache.set(key, {"content": response.content, "headers": dict(response.items())}, cache.SECONDS)
        return response
