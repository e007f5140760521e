"""Demo of the public portal for the demo city (``seed_demo``), after the plans and dossiers.

* Xã Trần Đề's own 2026 plan (invented: five tasks under the city's 2026 plan, led by its divisions),
  issued and reported on, so that a commune has a plan to show.
* Published by their heads of unit (the decision the portal needs): the 2024 plans of the seeds (Sở Xây
  dựng, Thanh tra tỉnh Sóc Trăng), the city's 2026 plan, Sở Xây dựng's and Xã Trần Đề's 2026 plans. The
  city's 2025 plan stays unpublished, to show that publishing is a choice.
* The QĐ 766 scorecards of 2025 and 2026 of the departments and of every second commune or ward.
* Three sections (direction, results in procedures, strengths) of the latest accepted report of each of
  those units.

``load`` runs after the other apps' demos (which publish their own: PAR results, survey results, petition
answers) and changes nothing when a plan, a scorecard or a report section is published.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cchc.plans import services as plan_services
from cchc.plans.choices import PlanStatus, TaskStatus
from cchc.plans.models import Plan
from cchc.portal import services
from cchc.portal.models import Publication
from cchc.reporting.choices import ReportStatus
from cchc.reporting.models import Report
from cchc.units.models import Unit, UnitKind

#: Xã Trần Đề's 2026 plan: (area code, area title, task, lead division suffix, timeframe, status, percent).
COMMUNE_TASKS = [
    ("direction", "Công tác chỉ đạo, điều hành", "Ban hành kế hoạch tuyên truyền cải cách hành chính năm 2026", "-1",
     "Quý I/2026", TaskStatus.COMPLETED, 100),
    ("procedures", "Cải cách thủ tục hành chính", "Niêm yết công khai thủ tục hành chính tại Bộ phận một cửa xã", "-1",
     "Quý II/2026", TaskStatus.COMPLETED, 100),
    ("procedures", "Cải cách thủ tục hành chính", "Số hóa hồ sơ hộ tịch đã giải quyết", "-3", "Quý IV/2026",
     TaskStatus.IN_PROGRESS, 70),
    ("digital_government", "Xây dựng chính quyền số", "Hướng dẫn người dân nộp hồ sơ trực tuyến toàn trình", "-2",
     "Thường xuyên", TaskStatus.IN_PROGRESS, 50),
    ("civil_service", "Cải cách chế độ công vụ", "Đánh giá, xếp loại công chức xã năm 2026", "-1",
     "Trước ngày 15/12/2026", TaskStatus.NOT_STARTED, 0),
]
REPORT_SECTIONS = ("direction", "procedures", "strengths")
PUBLISHED_PLANS = [("92-SXD", 2024), ("94-TTR", 2024), ("92", 2026), ("92-SXD", 2026), ("92-XTD", 2026)]
SCORECARD_YEARS = (2025, 2026)
DEPARTMENT_KINDS = (UnitKind.DEPARTMENT, UnitKind.INSPECTORATE, UnitKind.STEERING_OFFICE)
COMMUNE_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE)


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _unit(code: str) -> Unit | None:
    return Unit.objects.filter(code=code).order_by("-valid_from").first()


@transaction.atomic
def load(*, created: bool) -> None:
    admin = _user("admin")
    if admin is None or Publication.objects.filter(kind__in=("plan", "scorecard", "report_section")).exists():
        return
    today = timezone.localdate()
    commune = _unit("92-XTD")
    if commune is not None and today.year >= 2026 and not Plan.objects.filter(unit=commune, year=2026).exists():
        _commune_plan(commune, today)
    head = _user("xaydung.giamdoc")
    for code, year in PUBLISHED_PLANS:
        unit = _unit(code)
        plan = Plan.objects.filter(unit=unit, year=year).exclude(status=PlanStatus.DRAFT).first() if unit else None
        if plan is not None:
            actor = head if code == "92-SXD" and head is not None else admin
            services.plan_publish(plan=plan, actor=actor)
    departments = list(Unit.objects.filter(kind__in=DEPARTMENT_KINDS, valid_to__isnull=True, is_demo=True).order_by("code"))
    communes = list(Unit.objects.filter(kind__in=COMMUNE_KINDS, valid_to__isnull=True, is_demo=True).order_by("code"))[::2]
    if commune is not None and commune not in communes:
        communes.append(commune)
    for unit in departments + communes:
        for year in SCORECARD_YEARS:
            if year <= today.year and unit.valid_from <= dt.date(year, 12, 31):
                services.scorecard_publish(unit=unit, year=year, actor=admin)
    for unit in departments + communes:
        report = (Report.objects.filter(unit=unit, status=ReportStatus.ACCEPTED).select_related("unit", "period__calendar")
                  .order_by("-period__data_to").first())
        if report is None:
            continue
        written = [code for code in REPORT_SECTIONS if (report.sections or {}).get(code, "").strip()]
        services.report_sections_publish(report=report, codes=written, actor=admin)


def _commune_plan(commune: Unit, today: dt.date) -> Plan:
    focal, admin = _user("trande.daumoi") or _user("admin"), _user("admin")
    city_plan = Plan.objects.filter(unit__code="92", year=2026).exclude(status=PlanStatus.DRAFT).first()
    plan = plan_services.plan_create(
        unit=commune, year=2026, title="Cải cách hành chính xã Trần Đề năm 2026", parent_plan=city_plan, place="Trần Đề",
        purpose="Nâng cao chất lượng phục vụ người dân tại Bộ phận một cửa xã sau sắp xếp đơn vị hành chính.",
        goals="100% thủ tục hành chính thuộc thẩm quyền của xã được niêm yết công khai.", actor=focal,
    )
    areas: dict[str, object] = {}
    tasks = []
    for index, (code, area_title, title, division, timeframe, status, percent) in enumerate(COMMUNE_TASKS, start=1):
        if code not in areas:
            areas[code] = plan_services.area_create(plan=plan, code=code, local_number=str(len(areas) + 1), title=area_title,
                                                    actor=focal)
        lead = _unit(f"{commune.code}{division}") or commune
        task = plan_services.task_create(plan=plan, area=areas[code], number=str(index), title=title, lead_unit=lead,
                                         timeframe=timeframe, actor=focal)
        tasks.append((task, status, percent))
    plan_services.plan_issue(plan=plan, number="12/KH-UBND", issued_on=dt.date(2026, 1, 15), signer_title="Chủ tịch",
                             actor=admin)
    for task, status, percent in tasks:
        if status == TaskStatus.NOT_STARTED:
            continue
        for period in task.periods.order_by("due_date", "pk"):
            if period.starts_on is not None and period.starts_on > today:
                continue
            due = period.due_date or today
            reported_on = min(today, due - dt.timedelta(days=2)) if status == TaskStatus.COMPLETED else min(today, due)
            plan_services.progress_record(period=period, unit=task.lead_unit or commune, status=status, percent=percent,
                                          reported_on=max(reported_on, dt.date(2026, 1, 16)), note="Đã triển khai", actor=focal)
    return plan
