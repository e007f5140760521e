"""Inspection follow-up at province scale: every department inspects its divisions.

Builds the demo city (default 100 communes, 20 departments of 8 divisions), gives each department a yearly
inspection plan covering all its divisions, records half of them with three findings each, then prints:

* ``build_s``: the inspection plans, inspections, findings and recommendations through the services;
* ``coverage_all_units_s``: ``inspection_coverage`` for every unit of the city for the year, one call;
* ``closure_all_units_s``: ``remediation_closure_share`` for every unit of the city, one call;
* ``report_part_per_department_ms``: the periodic report's inspection part of one department (median);
* ``plan_page_ms``: the inspection plan page of one department (median, test client).

Usage: ``python bench/inspections.py [--communes N] [--departments N] [--divisions N]``;
``DATABASE_URL=postgres://…`` for PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from _common import emit, median_ms, setup_django, timed

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--communes", type=int, default=100)
parser.add_argument("--departments", type=int, default=20)
parser.add_argument("--divisions", type=int, default=8)
args = parser.parse_args()

vendor = setup_django()
emit("database", vendor)

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from cchc.accounts.models import User  # noqa: E402
from cchc.inspections import selectors, services  # noqa: E402
from cchc.units.demo import load_demo  # noqa: E402
from cchc.units.models import Unit, UnitKind  # noqa: E402

YEAR = 2025
load_demo(communes=args.communes, departments=args.departments, divisions=args.divisions)
admin = User.objects.get(username="admin")
departments = list(Unit.objects.filter(kind=UnitKind.DEPARTMENT, valid_to__isnull=True, parent__code="92"))

started = time.perf_counter()
plans = []
for department in departments:
    plan = services.inspection_plan_create(unit=department, year=YEAR, title="Kiểm tra CCHC", coverage_target="40", actor=admin)
    plans.append(plan)
    for index, division in enumerate(department.children.filter(valid_to__isnull=True).order_by("code")):
        inspection = services.inspection_schedule(plan=plan, unit=division, planned_month=1 + index % 12, actor=admin)
        if index % 2:
            continue
        services.inspection_record(inspection=inspection, inspected_on=dt.date(YEAR, 3 + index % 8, 10), actor=admin)
        for number in range(3):
            services.finding_add(inspection=inspection, finding=f"Tồn tại {number}", recommendation=f"Kiến nghị {number}",
                                 due_working_days=10 + number, actor=admin)
emit("build_s", time.perf_counter() - started)
emit("inspection_plans", len(plans))

units = list(Unit.objects.all())
emit("units", len(units))
emit("coverage_all_units_s", timed(selectors.coverage_ratios, units, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))[0])
emit("closure_all_units_s", timed(selectors.closure_ratios, units, dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))[0])
emit("report_part_per_department_ms", median_ms(lambda: selectors.report_summary(
    unit=departments[0], date_from=dt.date(YEAR - 1, 12, 15), date_to=dt.date(YEAR, 6, 14))))

client = Client()
client.force_login(admin)
url = reverse("inspections:plan", args=[plans[0].pk])
emit("plan_page_ms", median_ms(lambda: client.get(url)))
