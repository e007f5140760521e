"""The portal's cache: pages and tables kept in Django's cache (Redis when ``REDIS_URL`` is set, each
process's local memory otherwise) under a key that names the state of what they show.

The key is read with one small query per request (``current``): the ``PortalVersion`` counter, raised
in the same transaction as any publication change and by the signals in ``cchc.portal.signals``, plus
what each section adds (``Section.version``: the published plans' ``content_version``s, the latest
aggregate refresh). A change therefore makes a new key at once, for every app server, in the request
that made it; nothing is ever deleted by hand, and old keys expire.

A view marked ``shared`` has its whole answer kept too, for anonymous visitors, by
``cchc.portal.middleware.SharedPageMiddleware``: a visitor then costs that one query and a cache read.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone

from cchc.portal.models import PortalVersion

#: Seconds a page or a table stays cached when nothing changes; a change makes a new key anyway.
SECONDS = 6 * 3600
#: Where the portal's pages live (``config.urls``).
PREFIX = "/cong-khai/"


def shared(view):
    """Mark ``view`` as one whose answer is the same for every visitor (it answers with ``page``): the
    middleware may keep it whole and answer the next anonymous visitors from the copy."""
    view.portal_shared = True
    return view


def current_for(request) -> str:
    """``current()``, read once per request (the middleware may have read it already)."""
    version = getattr(request, "portal_version", None)
    if version is None:
        version = request.portal_version = current()
    return version


def bump() -> None:
    """Mark everything the portal shows as changed (call it in the transaction that changes it).

    The new value is at least the time in microseconds, so a value never comes back, not even after the
    database was restored from a backup: a page cached before cannot be mistaken for the new state.
    """
    raised = Greatest(F("value") + 1, Value(time.time_ns() // 1000))
    if not PortalVersion.objects.filter(pk=1).update(value=raised):
        try:
            with transaction.atomic():
                PortalVersion.objects.create(pk=1, value=time.time_ns() // 1000)
        except IntegrityError:  # created meanwhile by another request
            PortalVersion.objects.filter(pk=1).update(value=raised)


@functools.cache
def release() -> str:
    """What the code that renders the pages is (the portal's modules and templates, the public layout, and
    each registered section's module and ``templates/<app>/portal/`` templates): a new release never
    serves a page an older one kept in a shared cache. Read once per process."""
    base = Path(settings.BASE_DIR)
    portal = base / "cchc" / "portal"
    files = {*portal.rglob("*.py"), *portal.rglob("*.html"), *(base / "templates" / "public").rglob("*.html")}
    files |= _section_files()
    digest = hashlib.sha256()
    for path in sorted(files):
        if "tests" not in path.parts:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _section_files() -> set[Path]:
    """The modules of the sections other apps register and their portal templates."""
    from cchc.portal import sections

    found: set[Path] = set()
    for section in sections.all_sections():
        source = inspect.getsourcefile(section.unit_view)
        if source is None:
            continue
        module = Path(source)
        found.add(module)
        templates = module.parent / "templates"
        if templates.is_dir():
            found.update(path for path in templates.rglob("*.html") if path.parent.name == "portal")
    return found


@functools.cache
def _version_query() -> tuple[str, tuple]:
    """The SQL of the version row with each section's part, compiled once per process (compiling it costs
    more than running it, and every public request runs it)."""
    from cchc.portal import sections

    parts = {f"v{index}": expression for index, expression in enumerate(sections.version_expressions())}
    query = PortalVersion.objects.filter(pk=1).annotate(**parts).values_list("value", *parts).order_by().query
    return query.sql_with_params()


def _version_row():
    sql, params = _version_query()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def current() -> str:
    """The key of the portal's current state, in one query, with today's date (overdue flags, the year so far)
    and the release of the code."""
    row = _version_row()
    if row is None:
        bump()
        row = _version_row()
    return ".".join(str(value or 0) for value in row) + f"-{timezone.localdate():%Y%m%d}-{release()}"


def remember(name: str, compute: Callable[[], object], *, version: str | None = None):
    """``compute()`` cached while the portal's state stays ``version`` (read when not given)."""
    key = f"portal:{version or current()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, SECONDS)
    return value


def page(request, name: str, render: Callable[[], str], *, content_type: str = "text/html; charset=utf-8",
         version: str | None = None) -> HttpResponse:
    """A public page from the cache, or rendered by ``render()`` and kept; 304 when the browser has it.

    ``name`` must say everything the page depends on besides the portal's state (the path and the
    query parameters the view reads), and ``render`` must use nothing of the caller's session.
    """
    version = version or current_for(request)
    etag = '"' + hashlib.sha256(f"{version}:{name}".encode()).hexdigest()[:32] + '"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(remember(f"page:{name}", render, version=version), content_type=content_type)
        response.portal_shared = True  # the same for everybody: the middleware may keep the whole answer
    response["ETag"] = etag
    # Browsers and proxies may keep the page but ask each time whether it changed (an ETag answer is cheap).
    response["Cache-Control"] = "public, no-cache"
    return response
