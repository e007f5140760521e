"""No page offers a link that the signed-in user cannot open.

A civil servant who clicks a link on their own page and lands on "not found" or "forbidden" has been
shown something the scoping rules hide. This walks the demo city as several demo users, following the
links of each page (one page per URL pattern and set of query keys), and fails on any link that answers
403 or 404 (a 500 fails by itself).
"""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from cchc.accounts.models import User
from tests.conftest import SKIP

HREF = re.compile(r'href="(/[^"#]*)"')
PAGE_LIMIT = 120

#: steering officer, head and focal officer of a department, division staff, a commune after the merger, a viewer
USERS = ["noivu.theodoi", "xaydung.giamdoc", "xaydung.daumoi", "xaydung.phong", "trande.daumoi", "xem"]


def pattern_of(url: str) -> tuple | None:
    parts = urlsplit(url)
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return match.view_name, frozenset(key for key, _value in parse_qsl(parts.query, keep_blank_values=True))


def broken_links(client: Client) -> tuple[int, list[tuple[int, str, str]]]:
    seen_patterns, queue, broken, pages = set(), [("/", "")], [], 0
    while queue and pages < PAGE_LIMIT:
        url, parent = queue.pop(0)
        key = pattern_of(url) or url
        if key in seen_patterns:
            continue
        seen_patterns.add(key)
        response = client.get(url)
        pages += 1
        if response.status_code in (403, 404):
            broken.append((response.status_code, url, parent))
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            href = href.replace("&amp;", "&")
            if not href.startswith(SKIP):
                queue.append((href, url))
    return pages, broken


@pytest.mark.django_db
@pytest.mark.parametrize("username", USERS)
def test_every_link_on_the_users_pages_opens(demo_city, username):
    client = Client()
    client.force_login(User.objects.get(username=username))
    pages, broken = broken_links(client)
    assert pages > 15, f"only {pages} pages reached: the walk did not get going"
    assert broken == [], "\n".join(f"{status} {url} (linked from {parent})" for status, url, parent in broken)
