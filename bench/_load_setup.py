"""Data for bench/load.py, run in its own process on the database named by DATABASE_URL.

Expects the province-sized demo (``seed_demo --communes 100``) and adds:

* an issued plan of the city with 500 tasks led by its departments and communes (periods,
  coordinators, progress on a quarter of the periods), which every unit below reads;
* officer accounts with their own memberships: steering officers of the city, focal officers
  of each department and of most communes, each with an editable report of their unit.

Rows are bulk-inserted like bench/plan_page.py: the benchmark measures the pages, not the
services. Prints one JSON object: the plan id, the password and, per officer, the username, the
unit id and the id of the report to edit.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402

from cchc.plans import deadlines  # noqa: E402
from cchc.plans.models import Plan, PlanArea, ProgressUpdate, Task, TaskPeriod  # noqa: E402
from cchc.reporting import services as reporting  # noqa: E402
from cchc.reporting.models import Report, ReportingPeriod  # noqa: E402
from cchc.units.models import Unit, UnitKind  # noqa: E402
from cchc.units.roles import Role  # noqa: E402
from cchc.units.services import membership_create  # noqa: E402

PASSWORD = "cchc-load-2025"
PLAN_TASKS = 500
PLAN_YEAR = 2026
AREAS = ["institutions", "procedures", "apparatus", "civil_service", "public_finance", "digital_government", "par_index",
         "direction", "emulation"]
STEERING, DEPARTMENT_FOCAL, COMMUNE_FOCAL = 3, 12, 35


def active(kinds) -> list[Unit]:
    return list(Unit.objects.filter(kind__in=kinds, valid_to__isnull=True).order_by("code"))


def build_plan(city: Unit, leads: list[Unit]) -> Plan:
    plan = Plan.objects.create(unit=city, year=PLAN_YEAR, title=f"Kế hoạch {PLAN_TASKS} nhiệm vụ (đo tải)",
                               number=f"{PLAN_TASKS}/KH-UBND", status="issued", issued_on=dt.date(PLAN_YEAR - 1, 12, 20),
                               signer_title="Chủ tịch")
    areas = PlanArea.objects.bulk_create(
        PlanArea(plan=plan, code=code, local_number=str(i + 1), title=code, position=i + 1) for i, code in enumerate(AREAS)
    )
    tasks = Task.objects.bulk_create(
        Task(plan=plan, area=areas[i % len(areas)], number=str(i + 1), position=i + 1, title=f"Nhiệm vụ số {i + 1}",
             products=["Báo cáo"], lead_unit=leads[i % len(leads)], lead_text=leads[i % len(leads)].name,
             timeframe="Hàng quý" if i % 3 == 0 else f"Quý IV/{PLAN_YEAR}", recurrence="quarterly" if i % 3 == 0 else "",
             due_date=None if i % 3 == 0 else dt.date(PLAN_YEAR, 12, 31), budget_source="Kinh phí thường xuyên",
             status="in_progress" if i % 4 == 0 else "not_started")
        for i in range(PLAN_TASKS)
    )
    Task.coordinating_units.through.objects.bulk_create(
        Task.coordinating_units.through(task_id=task.pk, unit_id=leads[(i + 7) % len(leads)].pk) for i, task in enumerate(tasks)
    )
    periods = TaskPeriod.objects.bulk_create(
        TaskPeriod(task=task, label=spec.label, starts_on=spec.starts_on, due_date=spec.due_date)
        for task in tasks for spec in deadlines.task_periods(task.recurrence, task.due_date, PLAN_YEAR)
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(period=period, unit=period.task.lead_unit, status="in_progress", percent=50,
                       reported_on=dt.date(PLAN_YEAR, 5, 1))
        for period in periods[::4]
    )
    return plan


def editable_report(unit: Unit, periods: list[ReportingPeriod], actor) -> Report:
    """A draft or returned report of ``unit``; a new draft for a later period when it has none."""
    report = Report.objects.filter(unit=unit, status__in=["draft", "returned"]).order_by("-period__data_to").first()
    if report is not None:
        return report
    for period in periods:
        if not Report.objects.filter(unit=unit, period=period).exists():
            return reporting.report_start(unit=unit, period=period, actor=actor)
    raise SystemExit(f"no report can be started for {unit.code}")


@transaction.atomic
def main() -> dict:
    city = Unit.objects.get(code="92", valid_to__isnull=True)
    departments = active([UnitKind.DEPARTMENT, UnitKind.INSPECTORATE, UnitKind.STEERING_OFFICE])
    communes = active([UnitKind.COMMUNE, UnitKind.WARD])
    plan = build_plan(city, departments + communes)
    periods = list(ReportingPeriod.objects.filter(calendar__unit=city, calendar__year=PLAN_YEAR).order_by("-data_to"))
    User = get_user_model()
    password = make_password(PASSWORD)
    placements = ([(city, Role.STEERING_OFFICER)] * STEERING + [(u, Role.FOCAL_OFFICER) for u in departments[:DEPARTMENT_FOCAL]]
                  + [(u, Role.FOCAL_OFFICER) for u in communes[:COMMUNE_FOCAL]])
    officers = []
    for index, (unit, role) in enumerate(placements, start=1):
        user = User.objects.create(username=f"tai.{index:02d}", full_name=f"Cán bộ đo tải {index:02d}", password=password)
        membership_create(user=user, unit=unit, role=role, valid_from=dt.date(2025, 7, 1), title="Công chức")
        report = editable_report(unit, periods, user)
        officers.append({"username": user.username, "unit": unit.pk, "report": report.pk})
    return {"plan": plan.pk, "password": PASSWORD, "officers": officers}


if __name__ == "__main__":
    print(json.dumps(main()))
