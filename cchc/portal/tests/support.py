"""The persona world with plans to publish: Sở Xây dựng's 2025 plan (three tasks, one completed) and
Xã Mới's 2025 plan (one task, half done), both published by their heads; a draft and the province's
plan, not published."""

from __future__ import annotations

import datetime as dt

from cchc.core.testing.personas import World
from cchc.plans import services as plan_services
from cchc.plans.choices import ReformArea
from cchc.plans.models import Plan
from cchc.plans.tests.factories import YEAR, department_plan, province_plan
from cchc.portal import services


def commune_plan(world: World, *, year: int = YEAR) -> Plan:
    """Xã Mới's issued plan: one task it leads, reported half done."""
    admin = world.users["admin"]
    plan = plan_services.plan_create(unit=world.commune_new, year=year, title=f"Cải cách hành chính xã Mới năm {year}",
                                     purpose="Phục vụ người dân tốt hơn.", actor=admin)
    area = plan_services.area_create(plan=plan, code=ReformArea.PROCEDURES, local_number="1", title="Cải cách thủ tục hành chính",
                                     actor=admin)
    task = plan_services.task_create(plan=plan, area=area, number="1", title="Niêm yết thủ tục hành chính tại xã",
                                     lead_unit=world.commune_new, timeframe=f"Quý IV/{year}", actor=admin)
    plan_services.plan_issue(plan=plan, number="5/KH-UBND", issued_on=dt.date(year, 1, 10), signer_title="Chủ tịch", actor=admin)
    plan_services.progress_record(period=task.periods.get(), unit=world.commune_new, status="in_progress", percent=50,
                                  reported_on=dt.date(year, 11, 1), actor=admin)
    return plan


class PortalWorld:
    """Mixed into persona cases: ``extra_data`` builds the plans; ``department`` and ``commune`` are published."""

    @classmethod
    def extra_data(cls, world: World) -> None:
        cls.superior = province_plan(world)
        cls.department = department_plan(world)
        first = cls.department.tasks.get(number="1")  # lead Văn phòng Sở (office_a), Quý II/2025
        plan_services.progress_record(period=first.periods.get(), unit=world.office_a, status="completed", percent=100,
                                      reported_on=dt.date(YEAR, 6, 20), note="Đã gửi báo cáo", actor=world.users["head"])
        cls.draft = department_plan(world, issued=False, year=YEAR + 1)
        cls.commune = commune_plan(world)
        services.plan_publish(plan=cls.department, actor=world.users["head"])
        services.plan_publish(plan=cls.commune, actor=world.users["admin"])


class ReportWorld(PortalWorld):
    """``PortalWorld`` and Sở Xây dựng's Q1 2025 report, accepted by the steering officer; its "direction"
    and "strengths" sections published by the head."""

    @classmethod
    def extra_data(cls, world: World) -> None:
        from cchc.reporting import services as reporting
        from cchc.reporting.tests.factories import filled, national_calendar

        super().extra_data(world)
        q1 = national_calendar(world.province, YEAR).periods.get(kind="q1")
        report = filled(reporting.report_start(unit=world.dept_a, period=q1, actor=world.users["focal"]), actor=world.users["focal"])
        report = reporting.report_submit(report=report, actor=world.users["focal"])
        cls.report = reporting.report_accept(report=report, actor=world.users["steering"])
        services.report_sections_publish(report=cls.report, codes=["direction", "strengths"], actor=world.users["head"])
