"""Demo inspections for the demo city (run by ``cchc.plans.demo.load`` after the plans).

Seed 003 (the 2024 plan of the demo Sở Xây dựng, 92-SXD) calls in task 37 for an inspection plan covering 40% of
the units below the department. The demo gives it one: "Kế hoạch kiểm tra công tác CCHC năm 2024", linked to task
37, planning each of the department's divisions. Văn phòng Sở was inspected in May (its recommendation carried out
and closed), the next division in September (one recommendation closed, one still open and overdue); the last
division was planned for November and not inspected, so the coverage is 2 of 3 units. The seed target on
inspections is then measured from these inspections. Numbers, dates, people and findings are invented.

``load`` changes nothing when the plan is there, or when the department or its 2024 plan is missing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from cchc.indicators.binding import INSPECTION_METRIC
from cchc.inspections import selectors, services
from cchc.inspections.models import InspectionPlan
from cchc.plans import services as plans
from cchc.plans.choices import ReformArea
from cchc.plans.models import Plan
from cchc.units.models import Unit

YEAR = 2024
PDF = b"%PDF-1.4\n% CCHC demo: bao cao khac phuc\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
CHECKLIST = [
    (ReformArea.DIRECTION, "Ban hành và triển khai kế hoạch CCHC, kế hoạch tuyên truyền CCHC năm 2024"),
    (ReformArea.PROCEDURES, "Niêm yết, công khai TTHC và giải quyết hồ sơ tại Bộ phận một cửa"),
    (ReformArea.CIVIL_SERVICE, "Chấp hành kỷ luật, kỷ cương hành chính, văn hóa công vụ"),
    (ReformArea.DIGITAL_GOVERNMENT, "Sử dụng hệ thống quản lý văn bản, chữ ký số"),
]
#: (division suffix, planned month, inspected on, results, findings: (finding, recommendation, working days, closed on))
INSPECTIONS = [
    ("-1", 5, dt.date(2024, 5, 16), ["met", "partly", "met", "met"], [
        ("Niêm yết TTHC tại Bộ phận một cửa chưa cập nhật 04 TTHC mới công bố", "Cập nhật niêm yết đầy đủ TTHC mới công bố", 10,
         dt.date(2024, 5, 31)),
    ]),
    ("-2", 9, dt.date(2024, 9, 12), ["met", "met", "partly", "not_met"], [
        ("Một số công chức chưa sử dụng chữ ký số trên văn bản điện tử", "Đăng ký, sử dụng chữ ký số cho 100% công chức của phòng",
         20, dt.date(2024, 10, 15)),
        ("Hồ sơ cấp phép xây dựng năm 2023 chưa được số hóa", "Số hóa hồ sơ cấp phép xây dựng năm 2023", 30, None),
    ]),
    ("-3", 11, None, [], []),
]


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def load(*, created: bool = True) -> InspectionPlan | None:
    """The department's 2024 inspection plan, once."""
    sxd = Unit.objects.filter(code="92-SXD").order_by("-valid_from").first()
    reform_plan = Plan.objects.filter(unit=sxd, year=YEAR).first() if sxd else None
    if reform_plan is None or InspectionPlan.objects.filter(unit=sxd, year=YEAR).exists():
        return None
    focal, head, staff = _user("xaydung.daumoi"), _user("xaydung.giamdoc"), _user("xaydung.phong")
    plan = services.inspection_plan_create(
        unit=sxd, year=YEAR, title="Kiểm tra công tác cải cách hành chính năm 2024", number="18/KH-SXD",
        issued_on=dt.date(2024, 1, 15), coverage_target="40", task=reform_plan.tasks.filter(number="37").first(),
        team=[u for u in (focal, head) if u], team_lead=focal, actor=focal,
    )
    lines = [services.checklist_item_add(plan=plan, area=area, text=text, actor=focal) for area, text in CHECKLIST]
    for suffix, month, day, results, findings in INSPECTIONS:
        unit = Unit.objects.filter(code=f"{sxd.code}{suffix}").first()
        if unit is None:
            continue
        inspection = services.inspection_schedule(plan=plan, unit=unit, planned_month=month, actor=focal)
        if day is None:
            continue
        number = f"{30 + month}/TB-SXD"
        services.inspection_record(
            inspection=inspection, inspected_on=day, summary=f"{unit.name} triển khai cơ bản đầy đủ các nhiệm vụ CCHC năm 2024.",
            conclusion_number=number, conclusion_date=day + dt.timedelta(days=5), signer_name="Trần Văn Bình",
            signer_title="Giám đốc", actor=focal)
        for line, result in zip(lines, results, strict=False):
            services.checklist_answer_record(inspection=inspection, item=line, result=result, actor=focal,
                                             note="" if result == "met" else "Cần khắc phục theo kiến nghị")
        for index, (finding, recommendation, days, closed_on) in enumerate(findings, 1):
            item = services.finding_add(inspection=inspection, finding=finding, recommendation=recommendation,
                                        due_working_days=days, actor=focal).items.get()
            if closed_on is None:
                services.remediation_progress_record(item=item, status="in_progress", percent=40, actor=staff or focal,
                                                     reported_on=day + dt.timedelta(days=20), note="Đã số hóa 40% hồ sơ")
                continue
            proof = services.EvidenceInput(document_number=f"{index + month}/BC-{unit.code.rsplit('-', 1)[-1]}",
                                           document_date=closed_on - dt.timedelta(days=2), issuer=unit.name,
                                           title="Báo cáo kết quả khắc phục",
                                           file=ContentFile(PDF, name="bao-cao-khac-phuc.pdf") if index == 1 else None)
            services.remediation_progress_record(item=item, status="completed", percent=100, actor=staff or focal,
                                                 reported_on=closed_on - dt.timedelta(days=2), note="Đã khắc phục xong",
                                                 lateness_reason="Chờ cấp chứng thư số" if closed_on > item.due_date else "",
                                                 evidence=[proof])
            services.remediation_close(item=item, closed_on=closed_on, note="Đã kiểm tra tài liệu kiểm chứng", actor=focal)
    _measure_targets(reform_plan, focal)
    return plan


def _measure_targets(reform_plan: Plan, actor) -> None:
    """The reform plan's inspection targets get the year's coverage as their measured value."""
    ratio = selectors.coverage_ratios([reform_plan.unit], dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))[reform_plan.unit_id]
    if ratio is None or ratio.percent() is None:
        return
    for target in reform_plan.targets.filter(metric_code=INSPECTION_METRIC, current_value__isnull=True):
        plans.target_record_value(target=target, value=ratio.percent(), period_end=dt.date(YEAR, 12, 31), actor=actor)
