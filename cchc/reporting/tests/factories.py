"""Test data for reporting: an issued plan with tasks, progress on them, a calendar of the persona world."""

from __future__ import annotations

import datetime as dt

from cchc.plans import services as plans
from cchc.plans.choices import TaskStatus
from cchc.plans.models import Task
from cchc.reporting import services
from cchc.reporting.choices import CalendarPreset


def issued_plan(
    *, unit, year: int, tasks: list[tuple[str, str, dt.date]], actor, targets: tuple[str, ...] = ()
):
    """A plan of ``unit`` for ``year`` issued on 01/01 with ``(area code, title, due date)`` tasks."""
    plan = plans.plan_create(unit=unit, year=year, title=f"Kế hoạch CCHC năm {year}", actor=actor)
    areas = {}
    created = []
    for code, title, due in tasks:
        if code not in areas:
            areas[code] = plans.area_create(plan=plan, code=code, title=code, actor=actor)
        created.append(plans.task_create(plan=plan, area=areas[code], title=title, due_date=due, actor=actor))
    for text in targets:
        plans.target_create(plan=plan, text=text, actor=actor)
    plans.plan_issue(
        plan=plan,
        number=f"1/KH-{unit.code}",
        issued_on=dt.date(year, 1, 2),
        signer_name="Giám đốc",
        signer_title="Giám đốc",
        actor=actor,
    )
    plan.refresh_from_db()
    return plan, [Task.objects.get(pk=t.pk) for t in created]


def progress(
    task,
    *,
    actor,
    on: dt.date,
    percent: int = 100,
    status: str = TaskStatus.COMPLETED,
    lateness_reason: str = "trễ",
):
    """The task's lead unit reports on its (single) period."""
    period = task.periods.get()
    return plans.progress_record(
        period=period,
        unit=task.plan.unit,
        status=status,
        percent=percent,
        reported_on=on,
        actor=actor,
        lateness_reason=lateness_reason,
    )


def national_calendar(unit, year: int, actor=None):
    return services.calendar_create(unit=unit, year=year, preset=CalendarPreset.NATIONAL, actor=actor)


SECTIONS = {
    "direction": "Ban hành kế hoạch CCHC năm.",
    "strengths": "Hoàn thành đúng tiến độ.",
    "limitations": "Một số nhiệm vụ còn chậm.",
    "next_tasks": "Tiếp tục thực hiện kế hoạch.",
}


def filled(report, *, actor=None, **extra):
    """Write the required sections and the signer, ready to submit."""
    return services.report_save(
        report=report,
        actor=actor,
        sections={**report.sections, **SECTIONS},
        number="12/BC-" + report.unit.code,
        place="Cần Thơ",
        signer_name="Trần Văn Bình",
        signer_title="GIÁM ĐỐC",
        **extra,
    )


def reporting_world(world) -> None:
    """On the persona world: the province's 2025 national calendar; Sở Xây dựng's Q1 draft, written
    and ready to send; Sở Tài chính's Q1 report, sent and waiting for review."""
    focal, outsider = world.users["focal"], world.users["outsider"]
    world.calendar = national_calendar(world.province, 2025)
    world.q1 = world.calendar.periods.get(kind="q1")
    world.draft = filled(services.report_start(unit=world.dept_a, period=world.q1, actor=focal), actor=focal)
    sent = filled(services.report_start(unit=world.dept_b, period=world.q1, actor=outsider), actor=outsider)
    world.sent = services.report_submit(report=sent, actor=outsider)
