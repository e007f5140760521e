"""Reorganisations never count a dossier, task or report twice.

An invariant over merges, splits and chains of them (fixed seeds): for any window, the figures of
the units that exist on the window's last day add up, field by field, to their province's; every
dossier received by then belongs to exactly one of them; and the province's consolidated report,
which takes out what its units report themselves, is left with nothing of its own. Then a split of a
commune into two computed by hand.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import fields

import pytest

from cchc.indicators.catalogue import Totals
from cchc.indicators.selectors import totals_for_units
from cchc.indicators.services import aggregates_refresh
from cchc.procedures.models import Dossier
from cchc.procedures.selectors import dossiers_in_scope
from cchc.procedures.tests.factories import make_dossiers, make_procedure
from cchc.reporting import services as reporting
from cchc.reporting.sources import indicator_lines, unit_data, unit_tasks
from cchc.reporting.tests.factories import issued_plan, national_calendar
from cchc.units import services as units
from cchc.units.models import SplitRecordKind, Unit, UnitKind
from cchc.units.selectors import data_scope, record_lines

D = dt.date
YEAR = (D(2025, 1, 1), D(2025, 12, 31))
APRIL, JULY = D(2025, 4, 1), D(2025, 7, 1)


def _commune(province, code, valid_from=D(2004, 1, 1)):  # noqa: B008
    return units.unit_create(name=f"Xã {code}", code=code, kind=UnitKind.COMMUNE, parent=province, valid_from=valid_from)


def _new(province, code):
    return {"name": f"Xã {code}", "code": code, "kind": UnitKind.COMMUNE, "parent": province}


class World:
    """A province, two procedures of different fields, and the communes a scenario reorganises."""

    def __init__(self, seed: int, actor):
        self.actor = actor
        self.random = random.Random(seed)
        self.province = units.unit_create(name="Tỉnh P", code="P", kind=UnitKind.PROVINCE, parent=None, valid_from=D(2004, 1, 1))
        self.procedures = [
            make_procedure(self.province, code="1.000001", sector="Hộ tịch"),
            make_procedure(self.province, code="1.000002", sector="Xây dựng"),
        ]
        self.tasks = []

    def dossiers(self, unit, start: dt.date, end: dt.date, count: int = 6) -> None:
        """``count`` dossiers received by ``unit`` in ``[start, end]``, some finished (maybe after ``end``), some open."""
        rows = []
        for _ in range(count):
            received = start + dt.timedelta(days=self.random.randrange((end - start).days + 1))
            row = {"received_at": f"{received:%d/%m/%Y} 09:00"}
            if self.random.random() < 0.75:
                row["finished_at"] = f"{received + dt.timedelta(days=self.random.randrange(0, 25)):%d/%m/%Y} 15:00"
            rows.append(row)
        make_dossiers(unit, self.random.choice(self.procedures), *rows[: count // 2])
        make_dossiers(unit, self.random.choice(self.procedures), *rows[count // 2:])

    def plan(self, unit) -> None:
        _, tasks = issued_plan(unit=unit, year=2025, tasks=[("direction", f"Nhiệm vụ {i}", D(2025, 12, 15)) for i in range(4)], actor=self.actor)
        self.tasks.extend(tasks)

    def split(self, source, codes, effective):
        change = units.unit_split(
            source=source, new_units=[_new(self.province, c) for c in codes], effective=effective, decision="NQ chia tách"
        )
        successors = list(change.successors.order_by("code"))
        records = units.split_records(change=change)
        rows = [
            {"kind": kind, "record": pk, "successor": self.random.choice(successors)}
            for kind in (SplitRecordKind.DOSSIER, SplitRecordKind.TASK)
            for pk in records[kind]
            if self.random.random() < 0.5
        ]
        if self.random.random() < 0.5:
            rows.append({"kind": SplitRecordKind.PROCEDURE, "record": self.procedures[1].pk,
                         "successor": self.random.choice(successors)})
        units.unit_split_divide(change=change, assignments=rows, default_successor=self.random.choice(successors))
        return successors

    def merge(self, sources, code, effective):
        change = units.unit_merge(sources=sources, new_unit=_new(self.province, code), effective=effective, decision="NQ sáp nhập")
        return change.successors.get()


def merge(world):
    x, y = _commune(world.province, "X"), _commune(world.province, "Y")
    world.plan(x)
    for unit in (x, y):
        world.dossiers(unit, D(2025, 1, 1), D(2025, 3, 31))
    m = world.merge([x, y], "M", APRIL)
    world.dossiers(m, APRIL, D(2025, 12, 31))


def split(world):
    a = _commune(world.province, "A")
    world.plan(a)
    world.dossiers(a, D(2025, 1, 1), D(2025, 3, 31), count=10)
    for unit in world.split(a, ["B", "C"], APRIL):
        world.dossiers(unit, APRIL, D(2025, 12, 31))


def merge_then_split(world):
    x, y = _commune(world.province, "X"), _commune(world.province, "Y")
    world.plan(x)
    for unit in (x, y):
        world.dossiers(unit, D(2025, 1, 1), D(2025, 3, 31))
    m = world.merge([x, y], "M", APRIL)
    world.plan(m)
    world.dossiers(m, APRIL, D(2025, 6, 30))
    for unit in world.split(m, ["F", "G"], JULY):
        world.dossiers(unit, JULY, D(2025, 12, 31))


def split_then_merge(world):
    a, d = _commune(world.province, "A"), _commune(world.province, "D")
    world.plan(a)
    world.dossiers(a, D(2025, 1, 1), D(2025, 3, 31), count=10)
    world.dossiers(d, D(2025, 1, 1), D(2025, 6, 30))
    b, c = world.split(a, ["B", "C"], APRIL)
    world.dossiers(b, APRIL, D(2025, 6, 30))
    world.dossiers(c, APRIL, D(2025, 12, 31))
    e = world.merge([b, d], "E", JULY)
    world.dossiers(e, JULY, D(2025, 12, 31))


def split_then_split(world):
    a = _commune(world.province, "A")
    world.plan(a)
    world.dossiers(a, D(2025, 1, 1), D(2025, 3, 31), count=10)
    b, c = world.split(a, ["B", "C"], APRIL)
    world.dossiers(b, APRIL, D(2025, 6, 30))
    world.dossiers(c, APRIL, D(2025, 12, 31))
    for unit in world.split(b, ["B1", "B2"], JULY):
        world.dossiers(unit, JULY, D(2025, 12, 31))


@pytest.fixture
def steering(django_user_model):
    return django_user_model.objects.create_superuser("steering", password="x")


def _windows(rng: random.Random) -> list[tuple[dt.date, dt.date]]:
    fixed = [(D(2025, 1, 1), D(2025, 3, 31)), (D(2025, 4, 1), D(2025, 6, 30)), (D(2025, 7, 1), D(2025, 9, 30)),
             (D(2025, 1, 1), D(2025, 6, 30)), YEAR, (D(2025, 3, 15), D(2025, 8, 15)), (D(2025, 10, 1), D(2026, 3, 31))]
    drawn = []
    for _ in range(4):
        start = D(2025, 1, 1) + dt.timedelta(days=rng.randrange(330))
        drawn.append((start, start + dt.timedelta(days=rng.randrange(1, 200))))
    return fixed + drawn


def _sum(totals: list[Totals]) -> Totals:
    return Totals(**{f.name: sum(getattr(t, f.name) for t in totals) for f in fields(Totals)})


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("scenario", [merge, split, merge_then_split, split_then_merge, split_then_split])
def test_the_units_of_any_day_share_the_province_data_exactly_once(scenario, seed, steering):
    world = World(seed, steering)
    scenario(world)
    aggregates_refresh()
    for date_from, date_to in _windows(world.random):
        frontier = list(Unit.objects.filter(parent=world.province).valid_on(date_to).order_by("code"))
        totals = totals_for_units(units=[world.province, *frontier], date_from=date_from, date_to=date_to)
        label = f"{scenario.__name__} {date_from}–{date_to}"
        assert totals[world.province.pk] == _sum([totals[u.pk] for u in frontier]), label
        assert indicator_lines(unit=world.province, nested=frontier, data_from=date_from, data_to=date_to) == [], label
        codes = []
        for unit in frontier:
            scope = data_scope(unit=unit, date_from=date_from, date_to=date_to, carried_over=True)
            codes += list(dossiers_in_scope(Dossier.objects.filter(received_on__lte=date_to), scope).values_list("code", flat=True))
        assert sorted(codes) == sorted(Dossier.objects.filter(received_on__lte=date_to).values_list("code", flat=True)), label
    frontier = list(Unit.objects.filter(parent=world.province).valid_on(YEAR[1]))
    tasks = []
    for unit in frontier:
        scope = data_scope(unit=unit, date_from=YEAR[0], date_to=YEAR[1], subtree=False)
        tasks += list(unit_tasks(unit_ids=scope.ids, year=2025, scope=scope).values_list("pk", flat=True))
    assert sorted(tasks) == sorted(t.pk for t in world.tasks)


@pytest.mark.django_db
def test_a_commune_split_in_two_sums_back_exactly(steering):
    """Xã A splits on 01/7/2025 into Xã B and Xã C. The steering officer gives every dossier of
    procedure 1.000002 (Xây dựng) to C, dossier D2 to C as well, task T3 and the Q1 report to C,
    and the rest to B (the default). Procedures take 5 working days.

    Dossiers of A: D1 (1.000001) Mon 03/03 → Wed 05/03, early; D2 (1.000001) Mon 03/03 → Wed 12/03,
    due Mon 10/03, late; D3 (1.000002) Mon 02/06 → Fri 06/06, early; D4 (1.000002) Wed 25/06 →
    Thu 10/07, due Wed 02/07, late; D5 (1.000001) Fri 27/06, still open, overdue from Mon 07/07.
    Then B receives D6 Mon 07/07 → Wed 09/07, early; C receives D7 Tue 08/07, open, overdue from
    Wed 16/07. So B holds D1, D5, D6 and C holds D2, D3, D4, D7.
    """
    province = units.unit_create(name="Tỉnh P", code="P", kind=UnitKind.PROVINCE, parent=None, valid_from=D(2004, 1, 1))
    civil = make_procedure(province, code="1.000001", sector="Hộ tịch")
    building = make_procedure(province, code="1.000002", sector="Xây dựng")
    a = _commune(province, "A")
    make_dossiers(a, civil, {"code": "D1", "received_at": "03/03/2025 09:00", "finished_at": "05/03/2025 15:00"},
                  {"code": "D2", "received_at": "03/03/2025 09:00", "finished_at": "12/03/2025 15:00"},
                  {"code": "D5", "received_at": "27/06/2025 09:00"})
    make_dossiers(a, building, {"code": "D3", "received_at": "02/06/2025 09:00", "finished_at": "06/06/2025 15:00"},
                  {"code": "D4", "received_at": "25/06/2025 09:00", "finished_at": "10/07/2025 15:00"})
    _, tasks = issued_plan(unit=a, year=2025, tasks=[("direction", f"T{i}", D(2025, 12, 15)) for i in (1, 2, 3)], actor=steering)
    calendar = national_calendar(province, 2025)
    report = reporting.report_start(unit=a, period=calendar.periods.get(kind="q1"), actor=steering)

    change = units.unit_split(
        source=a, new_units=[_new(province, "B"), _new(province, "C")], effective=JULY, decision="NQ 1/NQ-HĐND", default=0
    )
    b, c = change.successors.order_by("code")
    make_dossiers(b, civil, {"code": "D6", "received_at": "07/07/2025 09:00", "finished_at": "09/07/2025 15:00"})
    make_dossiers(c, civil, {"code": "D7", "received_at": "08/07/2025 09:00"})
    units.unit_split_divide(
        change=change,
        default_successor=b,
        assignments=[
            {"kind": SplitRecordKind.PROCEDURE, "record": building.pk, "successor": c},
            {"kind": SplitRecordKind.DOSSIER, "record": Dossier.objects.get(code="D2").pk, "successor": c},
            {"kind": SplitRecordKind.TASK, "record": tasks[2].pk, "successor": c},
            {"kind": SplitRecordKind.REPORT, "record": report.pk, "successor": c},
        ],
    )
    aggregates_refresh()

    def figures(unit, window):
        t = totals_for_units(units=[unit], date_from=window[0], date_to=window[1])[unit.pk]
        counts = t.counts
        return (t.carried_over, counts.received, t.resolved_early, t.resolved_late, t.in_progress_overdue)

    # 2025: B received 3 (D1, D5, D6), 2 early, 0 late, 1 open overdue (D5);
    #       C received 4 (D2, D3, D4, D7), 1 early (D3), 2 late (D2, D4), 1 open overdue (D7);
    #       P received 7, 3 early, 2 late, 2 open overdue = B + C.
    assert figures(b, YEAR) == (0, 3, 2, 0, 1)
    assert figures(c, YEAR) == (0, 4, 1, 2, 1)
    assert figures(province, YEAR) == (0, 7, 3, 2, 2)
    # Q3: B carries D5 over and receives D6 (early); C carries D4 over (late in July) and receives D7.
    q3 = (JULY, D(2025, 9, 30))
    assert figures(b, q3) == (1, 1, 1, 0, 1)
    assert figures(c, q3) == (1, 1, 0, 1, 1)
    assert figures(province, q3) == (2, 2, 1, 1, 2)
    # H1, before the split: A answers for its 5 dossiers; B and C did not exist yet.
    h1 = (D(2025, 1, 1), D(2025, 6, 30))
    assert figures(a, h1) == (0, 5, 2, 1, 0)
    assert figures(b, h1) == figures(c, h1) == (0, 0, 0, 0, 0)
    # On-time rate: B 2 of 2 resolved in time; C 1 of 3; P 3 of 5 = (2 + 1) / (2 + 3).
    assert unit_data(unit=province, year=2025, data_from=YEAR[0], data_to=YEAR[1], nested=[b, c]).indicators == []

    # Tasks: A's plan has 3; B answers for T1 and T2, C for T3: 2 + 1 = 3.
    b_tasks = unit_data(unit=b, year=2025, data_from=YEAR[0], data_to=YEAR[1]).tasks
    c_tasks = unit_data(unit=c, year=2025, data_from=YEAR[0], data_to=YEAR[1]).tasks
    assert sorted(line.title for line in b_tasks) == ["T1", "T2"]
    assert [line.title for line in c_tasks] == ["T3"]
    # The Q1 report goes to C alone.
    line = record_lines(kind=SplitRecordKind.REPORT, records=[(report.pk, a.pk)])[report.pk]
    assert data_scope(unit=c, date_from=YEAR[0], date_to=YEAR[1]).allows(a.pk, line)
    assert not data_scope(unit=b, date_from=YEAR[0], date_to=YEAR[1]).allows(a.pk, line)
