"""The plan page's cost as plans grow: its query count must not depend on the number of tasks.

Builds the persona province (cchc/core/testing/personas.py), two issued plans of Sở Xây dựng with
50 and 500 tasks (a third quarterly, each with a lead division and a coordinator, a quarter with
a progress report) and renders the plan page for the focal officer. Rows are bulk-inserted: the
benchmark measures the page, not the services. Prints ``plan_page_queries_50_tasks``,
``plan_page_queries_500_tasks`` (equal) and ``plan_page_ms_500_tasks`` (median of 7 renders).
"""

import datetime as dt

from _common import emit, median_ms, setup_django

vendor = setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from cchc.core.testing.personas import build_world  # noqa: E402
from cchc.plans import deadlines  # noqa: E402
from cchc.plans.models import Plan, PlanArea, ProgressUpdate, Task, TaskPeriod  # noqa: E402

AREAS = ["institutions", "procedures", "apparatus", "civil_service", "public_finance", "digital_government", "par_index",
         "direction", "emulation"]


def build_plan(world, size: int) -> Plan:
    plan = Plan.objects.create(unit=world.dept_a, year=2025, title=f"Kế hoạch {size} nhiệm vụ", number=f"{size}/KH-SXD",
                               status="issued", issued_on=dt.date(2024, 12, 20), signer_title="Giám đốc")
    areas = PlanArea.objects.bulk_create(
        PlanArea(plan=plan, code=code, local_number=str(i + 1), title=code, position=i + 1) for i, code in enumerate(AREAS)
    )
    tasks = Task.objects.bulk_create(
        Task(plan=plan, area=areas[i % len(areas)], number=str(i + 1), position=i + 1, title=f"Nhiệm vụ số {i + 1}",
             products=["Báo cáo"], lead_unit=world.division_a, lead_text=world.division_a.name,
             timeframe="Hàng quý" if i % 3 == 0 else "Quý III/2025", recurrence="quarterly" if i % 3 == 0 else "",
             due_date=None if i % 3 == 0 else dt.date(2025, 9, 30), budget_source="Kinh phí thường xuyên",
             status="in_progress" if i % 4 == 0 else "not_started")
        for i in range(size)
    )
    Task.coordinating_units.through.objects.bulk_create(
        Task.coordinating_units.through(task_id=task.pk, unit_id=world.office_a.pk) for task in tasks
    )
    periods = TaskPeriod.objects.bulk_create(
        TaskPeriod(task=task, label=spec.label, starts_on=spec.starts_on, due_date=spec.due_date)
        for task in tasks for spec in deadlines.task_periods(task.recurrence, task.due_date, 2025)
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(period=period, unit=world.division_a, status="in_progress", percent=50, reported_on=dt.date(2025, 5, 1))
        for period in periods[::4]
    )
    return plan


def page_queries(client: Client, plan: Plan) -> int:
    url = reverse("plans:detail", args=[plan.pk])
    client.get(url)  # warm caches (translations, templates)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(captured.captured_queries)


world = build_world()
small, large = build_plan(world, 50), build_plan(world, 500)
client = Client()
client.force_login(world.users["focal"])
emit("database", vendor)
emit("plan_page_queries_50_tasks", page_queries(client, small))
emit("plan_page_queries_500_tasks", page_queries(client, large))
emit("plan_page_ms_500_tasks", median_ms(lambda: client.get(reverse("plans:detail", args=[large.pk]))))
