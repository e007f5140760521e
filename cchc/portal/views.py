"""The public pages under ``/cong-khai/``: no login, the same page for everybody, from the cache.

Every page is rendered without the request (``render_to_string`` with no request): no session, user,
message or CSRF token can reach it, and the HTML kept in the cache (``cchc.portal.cache.page``) is the
one anybody gets. Each URL is declared in ``cchc.core.public`` with its reason.
"""

from __future__ import annotations

import csv
import io
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe

from cchc.core import ratelimit
from cchc.core.xlsx import neutralise
from cchc.portal import cache, plan_section, search, sections, selectors

#: Searches one visitor may run a minute (the search box is the one page not served from the cache).
SEARCH_LIMIT = 60


def _render(template: str, context: dict) -> str:
    return render_to_string(template, {**selectors.page_header(), **context})


def licence() -> dict:
    return {"name": settings.OPEN_DATA_LICENCE, "url": settings.OPEN_DATA_LICENCE_URL}


def _asked_year(request) -> int | None:
    """The year of ``?nam=`` when it is a plausible year, else None (the newest year with something published)."""
    return selectors.asked_year(request.GET.get("nam"))


@cache.shared
@require_safe
def province(request):
    """The province: its units, and each section's ranking of them for a year."""
    asked = _asked_year(request)

    def render() -> str:
        available = selectors.years()
        year = asked or selectors.default_year(available)
        top = selectors.province()
        rankings = [(section, ranking) for section in sections.all_sections() for ranking in sections.rankings(section, year)]
        return _render("portal/province.html", {
            "province": top, "groups": selectors.province_groups(top) if top else [], "year": year,
            "years": available, "rankings": rankings,
        })

    return cache.page(request, f"province:{asked or ''}", render)


@cache.shared
@require_safe
def unit(request, pk: int):
    """A unit (a department, a commune): what it published, section by section, for a year."""
    version = cache.current_for(request)
    if pk not in cache.remember("unit-ids", selectors.public_unit_ids, version=version):
        raise Http404
    asked = _asked_year(request)

    def render() -> str:
        found = selectors.public_unit(pk)
        available = selectors.years(found)
        year = asked or selectors.default_year(available)
        views = [(section, view) for section in sections.all_sections() if (view := section.unit_view(found, year)) is not None]
        return _render("portal/unit.html", {
            "unit": found, **selectors.unit_facts(found), "year": year, "years": available, "views": views,
            "today": timezone.localdate(),
        })

    return cache.page(request, f"unit:{pk}:{asked or ''}", render, version=version)


@cache.shared
@require_safe
def plan(request, pk: int):
    """A published plan: its tasks by reform area, each with its status and progress."""
    version = cache.current_for(request)
    if pk not in cache.remember("plan-ids", plan_section.public_plan_ids, version=version):
        raise Http404

    def render() -> str:
        return _render("portal/plan.html", plan_section.plan_content(plan_section.published_plan(pk), timezone.localdate()))

    return cache.page(request, f"plan:{pk}", render, version=version)


@require_safe
def search_page(request):
    """Units and procedures by name, without diacritics ("tran de" finds "Trần Đề")."""
    query = request.GET.get("q", "")
    if query and not ratelimit.allow(request, "portal-search", limit=SEARCH_LIMIT, per=60):
        return ratelimit.too_many(request)
    results = search.search(query)
    html = _render("portal/search.html", {"results": results, "query": results.query})
    response = HttpResponse(html)
    response["Cache-Control"] = "no-store"
    return response


@cache.shared
@require_safe
def open_data(request):
    """Every open-data table, per year, as CSV and JSON, with the licence."""

    def render() -> str:
        years = selectors.years() or [timezone.localdate().year]
        return _render("portal/open_data.html", {"years": years, "tables": sections.tables(), "licence": licence()})

    return cache.page(request, "open-data", render)


def table_data(year: int, name: str, *, version: str | None = None) -> dict:
    """The table ``name`` for ``year`` as plain values (raises Http404 for an unknown table or year)."""
    spec = sections.table_spec(name)
    if spec is None or not 2000 <= year <= 2100:
        raise Http404

    def compute() -> dict:
        table = spec.rows(year)
        return {
            "name": spec.name, "title": str(spec.title), "year": year, "description": str(spec.description),
            "publisher": selectors.page_header()["public_site_name"], "licence": licence(),
            "columns": [{"key": column.key, "title": column.title} for column in table.columns],
            "rows": [dict(zip((column.key for column in table.columns), row, strict=True)) for row in table.rows],
        }

    return cache.remember(f"table:{name}:{year}", compute, version=version)


def _licensed(response: HttpResponse, filename: str) -> HttpResponse:
    response["Link"] = f'<{settings.OPEN_DATA_LICENCE_URL}>; rel="license"'
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@cache.shared
@require_safe
def table_csv(request, year: int, name: str):
    data = table_data(year, name, version=cache.current_for(request))

    def render() -> str:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([column["key"] for column in data["columns"]])
        for row in data["rows"]:
            writer.writerow(["" if value is None else neutralise(value) for value in row.values()])
        return "\ufeff" + buffer.getvalue()  # the byte-order mark lets spreadsheets read UTF-8

    response = cache.page(request, f"csv:{name}:{year}", render, content_type="text/csv; charset=utf-8")
    return _licensed(response, f"{name}-{year}.csv")


@cache.shared
@require_safe
def table_json(request, year: int, name: str):
    data = table_data(year, name, version=cache.current_for(request))

    def render() -> str:
        return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)

    response = cache.page(request, f"json:{name}:{year}", render, content_type="application/json; charset=utf-8")
    return _licensed(response, f"{name}-{year}.json")
