"""Demo reporting for the demo city (``cchc/units/demo.py``), after the plans (``cchc/plans/demo.py``).

* Thành phố Cần Thơ (92) sets the national calendar (581/BNV-CCHC) for 2025 and 2026 for its
  units; huyện Trần Đề (94-TD) sets the seed 004 calendar for 2025 for its communes (it closed on
  30/6/2025, so only its Q1 and 6-month periods exist).
* Every unit expected for a Q1 or 6-month period of 2025 and 2026 has its report, prefilled from
  the plans, in one of six states chosen by its place in the list: accepted, sent on time and
  waiting for review, sent late, returned with a reason, accepted after a correction, still a
  draft. Units closed on 30/6/2025 have only their 2025 reports; the new communes only 2026.
* The city's consolidated Q1 2026 report is compiled and sent; reminders went out the day after
  each deadline to the units that had not sent.

Names of signers and every text are invented. ``load`` changes nothing when the calendars exist.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from cchc.calendar.api import current_calendar as default_calendar
from cchc.reporting import selectors, services
from cchc.reporting.choices import CalendarPreset
from cchc.reporting.coverage import expected_units
from cchc.reporting.models import Report, ReportingCalendar, ReportingPeriod
from cchc.units.models import Unit, UnitKind

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CITY = "92"
TRAN_DE = "94-TD"
STATES = ("accepted", "waiting", "late", "returned", "corrected", "draft")
SIGNERS = [
    "Trần Văn Bình",
    "Nguyễn Thị Hồng",
    "Lê Minh Khang",
    "Phạm Quốc Việt",
    "Võ Thị Thanh",
    "Huỳnh Tấn Phát",
]
TITLES = {
    UnitKind.DEPARTMENT: "GIÁM ĐỐC",
    UnitKind.INSPECTORATE: "CHÁNH THANH TRA",
    UnitKind.STEERING_OFFICE: "CHÁNH VĂN PHÒNG",
}
TEXTS = {
    "direction": "Ban hành Kế hoạch CCHC năm, quán triệt đến từng phòng, đơn vị; phân công công chức đầu mối theo dõi.",
    "strengths": "Các nhiệm vụ trọng tâm được triển khai đúng tiến độ; thủ tục hành chính được giải quyết đúng hạn.",
    "limitations": "Một số nhiệm vụ còn chậm do thay đổi tổ chức bộ máy; số hóa hồ sơ chưa đạt chỉ tiêu.",
    "next_tasks": "Tiếp tục thực hiện các nhiệm vụ còn lại của kế hoạch, tập trung số hóa hồ sơ và dịch vụ công trực tuyến.",
    "recommendations": "Đề nghị Sở Nội vụ tổ chức tập huấn nghiệp vụ CCHC cho công chức đầu mối.",
}
RETURN_REASON = "Đề nghị bổ sung số liệu phụ lục và đánh giá nguyên nhân các nhiệm vụ chậm tiến độ."


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


@transaction.atomic
def load(*, created: bool) -> None:
    city = Unit.objects.filter(code=CITY, valid_to__isnull=True).first()
    if city is None or ReportingCalendar.objects.filter(unit=city).exists():
        return
    steering = _user("noivu.theodoi")
    calendars = [
        services.calendar_create(unit=city, year=year, preset=CalendarPreset.NATIONAL, actor=steering)
        for year in (2025, 2026)
    ]
    tran_de = Unit.objects.filter(code=TRAN_DE).first()
    if tran_de is not None:
        calendars.append(
            services.calendar_create(unit=tran_de, year=2025, preset=CalendarPreset.SEED_004, actor=None)
        )
    for calendar in calendars:
        for period in calendar.periods.filter(kind__in=["q1", "h1"]).order_by("data_to"):
            _reports(period, steering)
    q1_2026 = ReportingPeriod.objects.get(calendar__unit=city, calendar__year=2026, kind="q1")
    _consolidated(q1_2026, steering)
    for period in ReportingPeriod.objects.filter(kind__in=["q1", "h1"]):
        services.reminders_send(today=default_calendar().next_working_day(period.deadline))


def _reports(period: ReportingPeriod, steering) -> None:
    work = default_calendar()
    on_time = _at(work.add_working_days(period.deadline, -2))
    late = _at(work.add_working_days(period.deadline, 3), 15)
    for index, unit in enumerate(expected_units(period).order_by("code")):
        state = STATES[index % len(STATES)]
        focal = unit.memberships.filter(role="focal_officer").select_related("user").first()
        actor = focal.user if focal else None
        report = services.report_start(unit=unit, period=period, actor=actor)
        report = _fill(report, actor, index)
        if state == "draft":
            continue
        report = services.report_submit(report=report, actor=actor, now=late if state == "late" else on_time)
        if state in ("returned", "corrected"):
            report = services.report_return(
                report=report, reason=RETURN_REASON, actor=steering, now=on_time + dt.timedelta(days=1)
            )
        if state == "corrected":
            report = _fill(report, actor, index)
            report = services.report_submit(report=report, actor=actor, now=late)
        if state in ("accepted", "corrected"):
            services.report_accept(report=report, actor=steering, now=late + dt.timedelta(days=1))


def _fill(report: Report, actor, index: int) -> Report:
    sections = {code: report.sections.get(code) or text for code, text in TEXTS.items()}
    return services.report_save(
        report=report,
        actor=actor,
        sections={**report.sections, **sections},
        number=f"{10 + index}/BC-{report.unit.short_name or report.unit.code}",
        place="Cần Thơ",
        signer_name=report.signer_name or SIGNERS[index % len(SIGNERS)],
        signer_title=report.signer_title or TITLES.get(report.unit.kind, "CHỦ TỊCH"),
        recipients_text="- Sở Nội vụ;\n- Lưu: VT.",
    )


def _consolidated(period: ReportingPeriod, steering) -> None:
    """The officer keeps the units' results per reform area as gathered and writes the rest."""
    report = services.report_start(unit=period.calendar.unit, period=period, actor=steering)
    rollup = selectors.rollup(period)
    summary = {
        "direction": (
            f"Ủy ban nhân dân thành phố ban hành Kế hoạch CCHC năm {period.calendar.year}; {rollup.received}/{rollup.expected} "
            "cơ quan, đơn vị gửi báo cáo quý I, trong đó "
            f"{rollup.late} đơn vị gửi trễ hạn. Sở Nội vụ theo dõi, đôn đốc các đơn vị chưa gửi báo cáo."
        ),
        "strengths": "Các sở, ngành và UBND xã, phường triển khai kế hoạch CCHC kịp thời sau sắp xếp đơn vị hành chính.",
        "limitations": "Một số đơn vị gửi báo cáo chậm; số liệu số hóa hồ sơ của các xã, phường mới chưa đầy đủ.",
        "next_tasks": "Tập trung hoàn thành các nhiệm vụ quý II; kiểm tra CCHC tại các xã, phường mới thành lập.",
        "recommendations": TEXTS["recommendations"],
    }
    report = services.report_save(
        report=report,
        actor=steering,
        sections={**report.sections, **summary},
        number="45/BC-UBND",
        place="Cần Thơ",
        signer_name="Nguyễn Văn Hòa",
        signer_title="KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
        recipients_text="- Bộ Nội vụ;\n- Thường trực Thành ủy;\n- Lưu: VT, SNV.",
    )
    services.report_submit(report=report, actor=steering, now=_at(period.deadline))
