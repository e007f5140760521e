"""Inherited permission tests: one subclass per URL, the persona matrix in one dict.

A page or endpoint test subclasses ``PersonaPageCase`` or ``PersonaApiCase``, names its
``url_name``, says how to build its URL from the persona world, and lists the status every
persona gets. For a URL that writes it also gives a valid payload, the statuses of posting it,
and a ``state()`` that must not change when the write is refused. Garbage payloads are posted
by the most privileged persona and must never give a 5xx nor change ``state()``.

The resolver-walk test (``tests/test_urls.py``) fails for any scoped URL with no such case.
"""

from __future__ import annotations

import json
from contextlib import contextmanager

from django.db import transaction
from django.test import TestCase
from django.urls import reverse

from cchc.core.testing.personas import PERSONAS, World, build_world

GARBAGE_VALUES = ["", " ", "x" * 5000, "-1", "0", "99999999999999999999", "31/02/2025", "2025-13-45", "<script>alert(1)</script>",
                  "'; DROP TABLE units_unit; --", "null", "[]", "{}", "ðŸ", "1e309"]


class _Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Run a block and undo every write it made."""
    try:
        with transaction.atomic():
            yield
            raise _Rollback
    except _Rollback:
        pass


class PersonaCase(TestCase):
    url_name: str | None = None
    #: persona → HTTP status of GET (every persona must be listed)
    expected: dict[str, int] = {}
    #: persona → HTTP status of posting ``write_data()``; empty for read-only URLs
    write_expected: dict[str, int] = {}
    write_method = "post"
    world: World

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.url_name is None:
            cls.__test__ = False
        else:
            cls.__test__ = True
            for matrix in (cls.expected, cls.write_expected):
                if matrix and set(matrix) != set(PERSONAS):
                    raise TypeError(f"{cls.__name__}: the matrix must list exactly these personas: {PERSONAS}")

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.extra_data(cls.world)

    @classmethod
    def extra_data(cls, world: World) -> None:
        """Rows the URL needs beyond the persona world."""

    def url(self) -> str:
        return reverse(self.url_name)

    def write_data(self) -> dict:
        return {}

    def state(self):
        """What a refused or garbage write must leave unchanged."""
        return None

    def client_for(self, persona: str):
        client = self.client_class()
        if persona != "anonymous":
            client.force_login(self.world.users[persona])
        return client

    def send(self, persona: str, method: str = "get", data=None):
        return getattr(self.client_for(persona), method)(self.url(), data or {})

    def test_read_matrix(self):
        for persona, status in self.expected.items():
            with self.subTest(persona=persona), rolled_back():
                response = self.send(persona, "get")
                self.assertEqual(response.status_code, status, f"{persona} GET {self.url()}")

    def test_write_matrix(self):
        for persona, status in self.write_expected.items():
            with self.subTest(persona=persona), rolled_back():
                before = self.state()
                response = self.send(persona, self.write_method, self.write_data())
                self.assertEqual(response.status_code, status, f"{persona} {self.write_method.upper()} {self.url()}")
                if status >= 300 and status not in (301, 302, 303) or persona == "anonymous":
                    self.assertEqual(self.state(), before, f"a refused write by {persona} changed something")

    def garbage_payloads(self) -> list[dict]:
        keys = list(self.write_data()) or ["value"]
        payloads = [{}, {k: "" for k in keys}]
        payloads += [{k: value for k in keys} for value in GARBAGE_VALUES]
        return payloads

    def test_garbage_changes_nothing(self):
        writers = [p for p, s in self.write_expected.items() if s in (200, 201, 302)]
        if not writers:
            return
        persona = "admin" if "admin" in writers else writers[0]
        for payload in self.garbage_payloads():
            with self.subTest(payload=str(payload)[:80]), rolled_back():
                before = self.state()
                response = self.send(persona, self.write_method, payload)
                self.assertLess(response.status_code, 500)
                self.assertIn(response.status_code, self.garbage_statuses)
                self.assertEqual(self.state(), before, f"garbage {payload!r} changed something")

    garbage_statuses = (200, 400)


class PersonaPageCase(PersonaCase):
    """A server-rendered page: anonymous users are sent to the sign-in page."""


class PersonaApiCase(PersonaCase):
    """A REST endpoint: answers in JSON; anonymous callers get 401."""

    garbage_statuses = (400,)

    def send(self, persona: str, method: str = "get", data=None):
        client = self.client_for(persona)
        if method == "get":
            return client.get(self.url(), data or {})
        return getattr(client, method)(self.url(), json.dumps(data or {}), content_type="application/json")
