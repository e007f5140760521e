"""Content Security Policy: every HTML page forbids inline code, and no template or page carries any.

The policy (config/settings.py, django-csp) allows scripts and styles from this site only. That holds
only while no template has an inline <script>, an on…= handler, a javascript: URL, a style attribute
or a <style> block; this file fails on any, in the template sources, in HTML built in Python, and in
the pages a crawl of the demo city renders.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from cchc.accounts.models import User
from tests.conftest import SKIP

BASE = Path(settings.BASE_DIR)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
HANDLER = re.compile(r"<[a-z][^>]*?\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
JAVASCRIPT_URL = re.compile(r"javascript\s*:", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*?\sstyle\s*=", re.IGNORECASE | re.DOTALL)
STYLE_BLOCK = re.compile(r"<style\b", re.IGNORECASE)
HTMX_ON = re.compile(r"\shx-on", re.IGNORECASE)


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def inline_code(html: str) -> list[str]:
    """Every piece of inline script or style a strict policy would block, quoted briefly."""
    found = []
    for attributes, body in SCRIPT.findall(html):
        if "src=" in attributes:
            if body.strip():
                found.append(f"<script{attributes}> with a body")
        elif "application/json" not in attributes:  # json_script data is never executed
            found.append(f"<script{attributes}>{body.strip()[:40]}")
    for pattern in (HANDLER, JAVASCRIPT_URL, STYLE_ATTRIBUTE, STYLE_BLOCK, HTMX_ON):
        found += [match.group(0)[-60:] for match in pattern.finditer(html)]
    return found


def project_templates() -> list[Path]:
    roots = [BASE / "templates", *sorted((BASE / "cchc").glob("*/templates"))]
    return sorted(path for root in roots for path in root.rglob("*.html"))


def test_every_template_is_found():
    names = {str(path.relative_to(BASE)) for path in project_templates()}
    assert "templates/base.html" in names
    assert "cchc/indicators/templates/indicators/dashboard.html" in names
    assert len(names) > 40


@pytest.mark.parametrize("path", project_templates(), ids=lambda p: str(p.relative_to(BASE)))
def test_no_template_has_inline_script_or_style(path):
    assert inline_code(path.read_text(encoding="utf-8")) == []


def test_no_python_module_builds_html_with_inline_script_or_style():
    offenders = {}
    for path in sorted((BASE / "cchc").rglob("*.py")):
        if {"tests", "testing", "migrations"} & set(path.parts):
            continue
        found = inline_code(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(BASE))] = found
    assert offenders == {}


def test_the_checker_catches_each_kind_of_inline_code():
    assert inline_code("<script>alert(1)</script>") == ["<script>alert(1)"]
    assert len(inline_code('<select onchange="this.form.submit()">')) == 1
    assert len(inline_code('<a href="javascript:void(0)">')) == 1
    assert len(inline_code('<span style="width: 5%">')) == 1
    assert len(inline_code("<style>p{}</style>")) == 1
    assert len(inline_code('<button hx-on:click="x()">')) == 1
    assert inline_code('<script src="/static/a.js" defer></script><script type="application/json" id="d">{}</script>') == []
    assert inline_code('<p data-confirm="Thay thế?">x</p><input name="onboarding">') == []


@pytest.mark.django_db
def test_html_pages_carry_a_policy_without_inline_script_or_style(client):
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy == {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    html = response.content.decode()
    assert inline_code(html) == []
    # htmx must not inject its indicator <style> nor evaluate code from attributes.
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles": false, "allowEval": false, "allowScriptTags": false}'>""" in html


@pytest.mark.django_db
def test_the_api_documentation_runs_its_script_from_this_site_and_relaxes_only_styles(client):
    page = client.get("/api/docs/")

    assert page.status_code == 200
    policy = directives(page["Content-Security-Policy"])
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    scripts = SCRIPT.findall(page.content.decode())
    assert [body.strip() for _attributes, body in scripts] == ["", "", ""]
    init = re.search(r'src="([^"]+script=[^"]*)"', page.content.decode()).group(1).replace("&amp;", "&")
    script = client.get(init)
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


# The pages a crawl of the demo city renders: the same rules hold for what the templates produce.
HREF = re.compile(r'href="(/[^"#?]*)"')


@pytest.mark.parametrize("username", ["noivu.theodoi", "xaydung.daumoi"])
def test_every_crawled_page_carries_the_policy_and_no_inline_code(demo_city, django_db_blocker, username):
    client = Client()
    with django_db_blocker.unblock():
        client.force_login(User.objects.get(username=username))
        seen, queue, offenders, pages = set(), ["/"], {}, 0
        while queue and pages < 60:
            url = queue.pop(0)
            shape = re.sub(r"\d+", "N", url)  # one page per URL shape
            if shape in seen:
                continue
            seen.add(shape)
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            pages += 1
            html = response.content.decode()
            if "script-src 'self'" not in response.get("Content-Security-Policy", "") or inline_code(html):
                offenders[url] = inline_code(html) or ["no policy header"]
            queue += [href for href in HREF.findall(html) if not href.startswith(SKIP) and urlsplit(href).path]
    assert pages >= 20
    assert offenders == {}
