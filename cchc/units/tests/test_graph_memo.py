"""The unit graph is read once per request, and a write to units or links is seen at once."""

import datetime as dt

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from cchc.units import services
from cchc.units.models import UnitKind
from cchc.units.scoping import UnitGraph

D = dt.date


@pytest.fixture
def province(db):
    return services.unit_create(name="Tỉnh A", code="A", kind=UnitKind.PROVINCE, parent=None, valid_from=D(2004, 1, 1))


@pytest.fixture
def in_request():
    # As Django's test client does: the test's transaction must outlive the request's end, so the
    # signals' connection clean-up (which would close it on PostgreSQL) is held off meanwhile.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
        yield
        request_finished.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def commune(province, name, code):
    return services.unit_create(name=name, code=code, kind=UnitKind.COMMUNE, parent=province, valid_from=D(2004, 1, 1))


def test_a_request_reads_the_graph_once(province, in_request):
    with CaptureQueriesContext(connection) as first:
        graph = UnitGraph.load()
    with CaptureQueriesContext(connection) as again:
        assert UnitGraph.load() is graph
    assert (len(first.captured_queries), len(again.captured_queries)) == (3, 0)


def test_a_unit_created_during_the_request_is_in_the_next_graph(province, in_request):
    before = UnitGraph.load()
    new = commune(province, "Xã B", "B1")
    after = UnitGraph.load()
    assert new.pk not in before.parent
    assert after.parent[new.pk] == province.pk
    assert after.descendants(province.pk) == {province.pk, new.pk}


def test_a_merge_during_the_request_is_in_the_next_graph(province, in_request):
    a, b = commune(province, "Xã A", "A1"), commune(province, "Xã B", "B1")
    assert UnitGraph.load().reach([b.pk]) == {b.pk}
    services.unit_merge(sources=[a], into=b, effective=D(2025, 7, 1), decision="NQ 1668/NQ-UBTVQH15")
    assert UnitGraph.load().reach([b.pk]) == {a.pk, b.pk}


def test_outside_a_request_every_load_reads_the_database(province):
    with CaptureQueriesContext(connection) as captured:
        first, second = UnitGraph.load(), UnitGraph.load()
    assert first is not second
    assert len(captured.captured_queries) == 6


def test_the_next_request_reads_the_graph_again(province, in_request):
    first = UnitGraph.load()
    request_finished.send(sender=None)
    request_started.send(sender=None)
    assert UnitGraph.load() is not first
