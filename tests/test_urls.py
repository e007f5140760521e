"""Every URL is either scoped (its view applies unit scoping) or declared public with a reason,
and every scoped URL has a persona test case."""

import importlib
import pkgutil

from django.urls import URLPattern, URLResolver, get_resolver

import cchc
from cchc.core.public import PUBLIC_URL_NAMES, SUPERUSER_NAMESPACES
from cchc.core.testing.scoped_cases import PersonaCase


def walk(patterns=None, namespace=""):
    """(qualified name, pattern) of every URL outside the superuser-only namespaces."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SUPERUSER_NAMESPACES:
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), entry


def view_is_scoped(callback) -> bool:
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    return bool(view_class is not None and getattr(view_class, "scoped", False))


def persona_covered_url_names() -> set[str]:
    for module in pkgutil.walk_packages(cchc.__path__, "cchc."):
        if ".tests." in module.name and module.name.rsplit(".", 1)[-1].startswith("test_"):
            importlib.import_module(module.name)
    covered = set()
    stack = [PersonaCase]
    while stack:
        case = stack.pop()
        stack.extend(case.__subclasses__())
        if case.url_name:
            covered.add(case.url_name)
    return covered


def test_every_url_is_named_and_either_scoped_or_public():
    problems = []
    for name, pattern in walk():
        if name is None:
            problems.append(f"unnamed URL {pattern.pattern}")
        elif name in PUBLIC_URL_NAMES:
            if view_is_scoped(pattern.callback):
                problems.append(f"{name} is scoped but also declared public")
        elif not view_is_scoped(pattern.callback):
            problems.append(f"{name} ({pattern.pattern}) is neither scoped nor declared public")
    assert problems == []


def test_every_scoped_url_has_a_persona_case():
    covered = persona_covered_url_names()
    missing = sorted(
        {
            name
            for name, pattern in walk()
            if name and name not in PUBLIC_URL_NAMES
        }
        - covered
    )
    assert missing == []


def test_public_urls_exist():
    names = {name for name, _ in walk()}
    assert set(PUBLIC_URL_NAMES) - names == set()


def test_admin_site_is_for_superusers_only(client, django_user_model):
    user = django_user_model.objects.create_user(username="someone", password="x")
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
