"""Demo plans for the demo city (``cchc/units/demo.py``).

* Seed 003 (Kế hoạch CCHC năm 2024 of Sở Xây dựng Nam Định: 43 tasks in 9 areas) as the 2024
  plan of the demo Sở Xây dựng (92-SXD), and seed 001 (Thanh tra tỉnh Sóc Trăng, 22 tasks) as
  the 2024 plan of the closed Thanh tra tỉnh Sóc Trăng (94-TTR), whose history the successor
  Thanh tra thành phố reaches. Tasks are entered from the hand-checked tables in
  ``seed_data/``; leads and coordinators that name a division of the unit ("Văn phòng Sở", or
  the group "Các phòng chuyên môn, đơn vị") are linked to it, the text is kept as written.
  The seeds leave the number and the day of issue blank (filled in by hand after signing): the
  demo keeps the symbol as written and dates both plans on the last working day of 12/2023.
* Every target of seed 003 (``seed_data/seed_003_targets.json``, the 19 sentences ``import_plan``
  extracts), bound to its metric, each with an invented value for 2024: the two computed from dossiers
  recorded as values, the others reported as numerator and denominator with evidence. Seed 001 states
  no measurable target.
* The city's plans for 2025 and 2026 with tasks assigned to departments (cascade), the
  department's own 2026 plan, progress and evidence in every state, some overdue, and targets.
  Their numbers, dates, tasks and figures are invented for the demonstration.
* Then the inspections (``cchc.inspections.demo``): the department's 2024 inspection plan linked to
  seed 003's task 37, whose inspection target it measures.

``load`` runs after the units (``seed_demo``) and changes nothing when the plans are there.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cchc.calendar.api import current_calendar
from cchc.indicators.binding import reported_by_hand
from cchc.plans import selectors, services
from cchc.plans.budget import budget_text
from cchc.plans.choices import ReformArea
from cchc.plans.models import Plan, Task
from cchc.units.models import Unit

SEED_DATA = Path(__file__).resolve().parent / "seed_data"
SEED_ISSUE_DATE = dt.date(2023, 12, 29)

SEED_PLANS = {
    "seed_003": {
        "unit": "92-SXD", "number": "/KH-SXD", "place": "Nam Định", "signer_name": "Vũ Văn Hưng", "signer_title": "Giám đốc",
        "actor": "xaydung.daumoi",
        "legal_bases": [
            {"kind": "plan", "number": "111/KH-UBND", "date": "2021-09-29", "issuer": "UBND tỉnh",
             "title": "Kế hoạch số 111/KH-UBND ngày 29/9/2021 của UBND tỉnh về việc ban hành Kế hoạch Cải cách hành chính "
                      "tỉnh Nam Định giai đoạn 2021-2025"},
            {"kind": "plan", "number": "1711/KH-SXD", "date": "2021-10-26", "issuer": "Sở Xây dựng",
             "title": "Kế hoạch số 1711/KH-SXD ngày 26/10/2021 của Sở Xây dựng về ban hành Kế hoạch cải cách hành chính "
                      "giai đoạn 2021-2025"},
        ],
        "purpose": "Tiếp tục đẩy mạnh CCHC nhằm xây dựng nền hành chính dân chủ, hiện đại, chuyên nghiệp, kỷ cương, công khai, "
                   "minh bạch, nâng cao chất lượng giải quyết TTHC.",
        "requirements": "Nhiệm vụ CCHC xác định rõ sản phẩm đầu ra, thời gian hoàn thành, gắn với trách nhiệm cụ thể của từng "
                        "phòng chuyên môn, đơn vị.",
        "implementation": "Giao Văn phòng Sở làm đầu mối tổng hợp kết quả thực hiện kế hoạch cải cách hành chính hàng quý, "
                          "6 tháng, năm, báo cáo UBND tỉnh (qua Sở Nội vụ) theo quy định.",
        "targets": "seed_003_targets.json",
    },
    "seed_001": {
        "unit": "94-TTR", "number": "/KH-TTr", "place": "Sóc Trăng", "signer_name": "", "signer_title": "Chánh Thanh tra",
        "actor": "admin",
        "legal_bases": [
            {"kind": "plan", "number": "163/KH-UBND", "date": "2021-11-24", "issuer": "UBND tỉnh Sóc Trăng",
             "title": "Kế hoạch số 163/KH-UBND ngày 24/11/2021 của UBND tỉnh Sóc Trăng về thực hiện cải cách hành chính "
                      "tỉnh Sóc Trăng giai đoạn 2021 - 2030"},
            {"kind": "plan", "number": "218/KH-UBND", "date": "2023-12-19", "issuer": "UBND tỉnh Sóc Trăng",
             "title": "Kế hoạch số 218/KH-UBND ngày 19/12/2023 của UBND tỉnh Sóc Trăng về thực hiện cải cách hành chính năm 2024"},
        ],
        "purpose": "Triển khai đồng bộ và cụ thể hóa các mục tiêu, nhiệm vụ và giải pháp cải cách hành chính trong Chương trình "
                   "tổng thể CCHC giai đoạn 2021 - 2030.",
        "requirements": "Xác định rõ trách nhiệm của người đứng đầu, các tổ chức, cá nhân tại đơn vị trong triển khai thực hiện "
                        "các nhiệm vụ về CCHC.",
        "implementation": "Chánh Văn phòng, Trưởng các phòng nghiệp vụ thuộc Thanh tra tỉnh có trách nhiệm triển khai và tổ chức "
                          "thực hiện kế hoạch này.",
        "targets": None,  # the plan states no measurable target (its text has no "%")
    },
}

#: The city's plans (invented): (year, number, tasks). A task: (area code, area title, title, products, lead code,
#: timeframe, departments it is assigned to).
CITY_PLANS = {
    2025: ("245/KH-UBND", dt.date(2024, 12, 20), [
        ("direction", "Công tác chỉ đạo, điều hành", "Ban hành kế hoạch kiểm tra CCHC năm 2025", ["Kế hoạch"], "92-SNV",
         "Quý I/2025", []),
        ("procedures", "Cải cách thủ tục hành chính", "Rà soát, đơn giản hóa TTHC thuộc thẩm quyền giải quyết", ["Báo cáo"],
         "92-VP", "Quý III/2025", ["92-SXD", "92-STC"]),
        ("procedures", "Cải cách thủ tục hành chính", "Số hóa hồ sơ, kết quả giải quyết TTHC", ["Báo cáo"], "92-VP",
         "Hàng quý", ["92-SXD", "92-STC", "92-TTR"]),
        ("apparatus", "Cải cách tổ chức bộ máy", "Kiện toàn tổ chức bộ máy sau sắp xếp đơn vị hành chính", ["Quyết định"],
         "92-SNV", "Tháng 8/2025", []),
        ("digital_government", "Xây dựng chính quyền số", "Cập nhật cơ sở dữ liệu cán bộ, công chức", ["Báo cáo"],
         "92-SNV", "Quý IV/2025", ["92-SXD"]),
    ]),
    2026: ("198/KH-UBND", dt.date(2025, 12, 22), [
        ("direction", "Công tác chỉ đạo, điều hành", "Tổ chức hội nghị triển khai nhiệm vụ CCHC năm 2026", ["Hội nghị"],
         "92-SNV", "Quý I/2026", []),
        ("institutions", "Cải cách thể chế", "Rà soát văn bản quy phạm pháp luật sau hợp nhất tỉnh", ["Báo cáo"], "92-STP",
         "Quý II/2026", ["92-SXD", "92-STC"]),
        ("procedures", "Cải cách thủ tục hành chính", "Công bố, công khai TTHC trên Cổng Dịch vụ công", ["Quyết định"],
         "92-VP", "Hàng quý", ["92-SXD", "92-STC", "92-TTR"]),
        ("procedures", "Cải cách thủ tục hành chính", "Rà soát quy trình nội bộ giải quyết TTHC liên thông", ["Báo cáo"],
         "92-VP", "Quý III/2026", ["92-SXD"]),
        ("civil_service", "Cải cách chế độ công vụ", "Đánh giá, xếp loại công chức năm 2026", ["Báo cáo"], "92-SNV",
         "Trước ngày 15/12/2026", ["92-SXD", "92-TTR"]),
        ("par_index", "Xác định Chỉ số cải cách hành chính", "Tự đánh giá, chấm điểm Chỉ số CCHC năm 2026",
         ["Kết quả tự đánh giá"], "92-SNV", "Trước ngày 30/11/2026", ["92-SXD", "92-STC"]),
    ]),
}
CITY_TARGETS = {
    2025: [("≥98% hồ sơ TTHC được giải quyết đúng hạn", "ontime_rate", Decimal("98.6"), dt.date(2025, 12, 31)),
           (">70% hồ sơ, kết quả giải quyết TTHC được số hóa", "digitisation_share", Decimal("64.2"), dt.date(2025, 12, 31))],
    2026: [("≥98% hồ sơ TTHC được giải quyết đúng hạn", "ontime_rate", Decimal("97.1"), dt.date(2026, 9, 30)),
           ("100% TTHC đủ điều kiện được cung cấp dịch vụ công trực tuyến toàn trình", "full_online_rate", None, None)],
}
#: Progress states of the demo: done on time, done late (with a reason), still open, nobody reported.
DONE, LATE, OPEN, SILENT = "done", "late", "open", "silent"
#: Tasks of the other plans take these states in turn.
STATE_CYCLE = [DONE] * 7 + [LATE, OPEN, SILENT]
#: The demo Sở Xây dựng's own 2026 plan (invented): (area, title, lead division code suffix, timeframe, state).
SXD_2026_TASKS = [
    ("direction", "Xây dựng kế hoạch tuyên truyền CCHC năm 2026", "-1", "Quý I/2026", DONE),
    ("procedures", "Kiểm tra hồ sơ cấp phép xây dựng tại Bộ phận một cửa", "-2", "Quý III/2026", OPEN),
    ("procedures", "Báo cáo tình hình giải quyết hồ sơ cấp phép xây dựng", "-2", "Hàng quý", DONE),
    ("digital_government", "Số hóa hồ sơ quy hoạch xây dựng đã phê duyệt", "-3", "Trước ngày 30/11/2026", OPEN),
    ("civil_service", "Bồi dưỡng văn hóa công vụ cho công chức", "-1", "Quý IV/2026", SILENT),
]
LATE_REASONS = ["Chờ ý kiến góp ý của các sở, ngành", "Phải điều chỉnh theo văn bản mới của Trung ương"]
EVIDENCE_PDF = b"%PDF-1.4\n% CCHC demo evidence\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _unit(code: str) -> Unit | None:
    return Unit.objects.filter(code=code).order_by("-valid_from").first()


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


@transaction.atomic
def load(*, created: bool) -> None:
    """Create the demo plans once; a second run finds them and changes nothing."""
    sxd = _unit("92-SXD")
    if sxd is None or Plan.objects.filter(unit=sxd, year=2024).exists():
        return
    today = timezone.localdate()
    for seed, spec in SEED_PLANS.items():
        unit = _unit(spec["unit"])
        if unit is not None:
            _seed_plan(seed, spec, unit, today)
    city = _unit("92")
    for year, (number, issued_on, tasks) in CITY_PLANS.items():
        if city is not None and year <= today.year:
            _city_plan(city, year, number, issued_on, tasks, today)
    from cchc.inspections import demo as inspections_demo

    inspections_demo.load()


# --- the seed plans ------------------------------------------------------------------------------


def _seed_plan(seed: str, spec: dict, unit: Unit, today: dt.date) -> Plan:
    data = json.loads((SEED_DATA / f"{seed}.json").read_text(encoding="utf-8"))
    actor = _user(spec["actor"])
    plan = services.plan_create(
        unit=unit, year=data["year"], title=data["title"], place=spec["place"], legal_bases=spec["legal_bases"],
        purpose=spec["purpose"], requirements=spec["requirements"], implementation=spec["implementation"], actor=actor,
    )
    for area_data in data["areas"]:
        area = services.area_create(plan=plan, code=area_data["code"], local_number=area_data["local_number"],
                                    title=area_data["title"], actor=actor)
        for row in area_data["tasks"]:
            _seed_task(plan, area, row, actor)
    if spec["targets"]:
        _seed_targets(plan, spec["targets"], actor)
    services.plan_issue(plan=plan, number=spec["number"], issued_on=SEED_ISSUE_DATE, signer_name=spec["signer_name"],
                        signer_title=spec["signer_title"], actor=actor)
    _progress(plan, today, actor)
    return plan


def _seed_targets(plan: Plan, file_name: str, actor) -> None:
    """Every target the seed states, bound to its metric as ``import_plan`` binds it, each with a value for
    the year: recorded for the metrics computed from dossiers (the demo has no 2024 dossiers), reported as
    numerator and denominator with evidence for the others (``manual_measurement_record``)."""
    rows = json.loads((SEED_DATA / file_name).read_text(encoding="utf-8"))["targets"]
    year_end = dt.date(plan.year, 12, 31)
    for index, row in enumerate(rows, start=1):
        target = services.target_create(plan=plan, text=row["text"], actor=actor)
        if "value" in row:
            services.target_record_value(target=target, value=Decimal(row["value"]), period_end=year_end, actor=actor)
            continue
        if not reported_by_hand(target.metric_code):  # computed by another app: its demo gives the value (inspections)
            continue
        proof = services.EvidenceInput(document_number=f"{200 + index}/BC-SXD", document_date=dt.date(plan.year + 1, 1, 10),
                                       issuer=plan.unit.name, title=f"Báo cáo số liệu chỉ tiêu {index}")
        services.manual_measurement_record(target=target, period_start=dt.date(plan.year, 1, 1), period_end=year_end,
                                           numerator=row["numerator"], denominator=row["denominator"], evidence=proof,
                                           actor=actor)


def _seed_task(plan: Plan, area, row: dict, actor) -> Task:
    """One row of a seed task table: the lead and coordinators as written, linked to divisions they name."""
    leads = selectors.units_named(unit=plan.unit, year=plan.year, text=row["lead"])
    lead = leads[0] if len(leads) == 1 and ";" not in row["lead"] else None
    coordinators_text = "; ".join(row["coordinators"])
    coordinators = [u for text in row["coordinators"] for u in selectors.units_named(unit=plan.unit, year=plan.year, text=text)]
    return services.task_create(
        plan=plan, area=area, number=row["number"], title=row["title"], products=row["products"], lead_text=row["lead"],
        lead_unit=lead, coordinators_text=coordinators_text,
        coordinating_units=[u for u in coordinators if lead is None or u.pk != lead.pk],
        timeframe=row["timeframe"], budget_source=budget_text(row.get("budget", "")), actor=actor,
    )


# --- the city's plans and the department's ------------------------------------------------------------


def _city_plan(city: Unit, year: int, number: str, issued_on: dt.date, tasks: list, today: dt.date) -> None:
    admin, steering = _user("admin"), _user("noivu.theodoi")
    plan = services.plan_create(unit=city, year=year, title=f"Cải cách hành chính thành phố Cần Thơ năm {year}", actor=admin,
                                legal_bases=[{"kind": "resolution", "number": "76/NQ-CP", "date": "2021-07-15", "issuer": "Chính phủ",
                                              "title": "Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình "
                                                       "tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030"}])
    areas: dict[str, object] = {}
    assignments = []
    for code, area_title, title, products, lead_code, timeframe, departments in tasks:
        if code not in areas:
            areas[code] = services.area_create(plan=plan, code=code, local_number=str(len(areas) + 1), title=area_title, actor=admin)
        lead = _unit(lead_code)
        task = services.task_create(plan=plan, area=areas[code], number=str(len(assignments) + 1), title=title, products=products,
                                    lead_unit=lead, lead_text="" if lead else lead_code, timeframe=timeframe, actor=admin)
        assignments.append((task, [u for u in map(_unit, departments) if u is not None]))
    for text, metric, value, measured_on in CITY_TARGETS[year]:
        target = services.target_create(plan=plan, text=text, metric_code=metric, actor=admin)
        if value is not None and measured_on <= today:
            services.target_record_value(target=target, value=value, period_end=measured_on, actor=admin)
    services.plan_issue(plan=plan, number=number, issued_on=issued_on, signer_title="Chủ tịch", actor=admin)
    sxd = _unit("92-SXD")
    own = _department_plan(sxd, plan, year) if year == 2026 and sxd is not None else None
    for task, units in assignments:
        if units:
            services.task_cascade(task=task, units=units, actor=steering)
    _progress(plan, today, admin)
    if own is not None:
        head = _user("xaydung.giamdoc")
        services.plan_issue(plan=own, number="86/KH-SXD", issued_on=dt.date(2026, 1, 9), signer_name="Trần Văn Bình",
                            signer_title="Giám đốc", actor=head)
        _progress(own, today, _user("xaydung.daumoi"), states={task[1]: task[4] for task in SXD_2026_TASKS})
        _coordinator_news(own, today)


def _department_plan(sxd: Unit, city_plan: Plan, year: int) -> Plan:
    """Sở Xây dựng's own 2026 plan under the city's; the city's assigned tasks join it when cascaded."""
    focal = _user("xaydung.daumoi")
    plan = services.plan_create(unit=sxd, year=year, title=f"Cải cách hành chính Sở Xây dựng năm {year}", parent_plan=city_plan,
                                place="Cần Thơ", actor=focal)
    areas: dict[str, object] = {}
    soon = _due_soon(year)
    tasks = [*SXD_2026_TASKS, *([("procedures", SOON_TASK, "-2", soon, OPEN)] if soon else [])]
    for index, (code, title, division, timeframe, _state) in enumerate(tasks, start=1):
        if code not in areas:
            source = city_plan.areas.filter(code=code).first()
            areas[code] = services.area_create(plan=plan, code=code, local_number=str(len(areas) + 1),
                                               title=source.title if source else ReformArea(code).label, actor=focal)
        lead = _unit(f"{sxd.code}{division}")
        services.task_create(plan=plan, area=areas[code], number=str(index), title=title, lead_unit=lead, timeframe=timeframe,
                             coordinating_units=[_unit(f"{sxd.code}-1")] if lead and not lead.code.endswith("-1") else [],
                             budget_source="Thường xuyên", actor=focal)
    return plan


#: A task of the department's plan due three working days after the demo is loaded (when that is in the plan's year),
#: so that "Việc cần làm" has something due soon.
SOON_TASK = "Tổng hợp số liệu cấp phép xây dựng gửi Văn phòng Sở"


def _due_soon(year: int) -> str:
    """"Trước ngày dd/mm/yyyy" three working days from today, or "" when that falls outside ``year``."""
    due = current_calendar().add_working_days(timezone.localdate(), 3)
    return f"Trước ngày {due:%d/%m/%Y}" if due.year == year else ""


def _coordinator_news(plan: Plan, today: dt.date) -> None:
    """Văn phòng Sở reports again on a task another division leads, after the lead's last report: the lead has
    news to review ("Tiến độ của đơn vị phối hợp chờ tôi xem xét")."""
    task = plan.tasks.filter(title=SXD_2026_TASKS[3][1]).select_related("plan").first()
    helper = _unit(f"{plan.unit.code}-1")
    if task is None or helper is None or today.year != plan.year or helper.pk not in task.participant_unit_ids():
        return
    period = task.periods.order_by("due_date").last()
    services.progress_record(period=period, unit=helper, status="in_progress", percent=70, reported_on=today,
                             note="Đã chuyển 120 bộ hồ sơ quy hoạch cho đơn vị số hóa", actor=_user("xaydung.daumoi"))


# --- progress in every state ---------------------------------------------------------------------


def _progress(plan: Plan, today: dt.date, actor, states: dict[str, str] | None = None) -> None:
    """Reports on past and current periods: most on time, some late with a reason, some still open.

    ``states`` gives some tasks (by title) their state; the others take ``STATE_CYCLE`` in turn.
    """
    tasks = plan.tasks.select_related("plan__unit", "lead_unit").prefetch_related("coordinating_units", "periods")
    for index, task in enumerate(tasks.order_by("area__position", "position")):
        state = (states or {}).get(task.title) or STATE_CYCLE[index % len(STATE_CYCLE)]
        lead = task.lead_unit or plan.unit
        coordinators = list(task.coordinating_units.all())
        for period in task.periods.all():
            due = period.due_date or dt.date(plan.year, 12, 20)
            if (period.starts_on or dt.date(plan.year, 1, 1)) <= today:
                _report(period, lead, coordinators, state, index, due, today, actor)


def _report(period, lead: Unit, coordinators: list[Unit], state: str, index: int, due: dt.date, today: dt.date, actor) -> None:
    if state == SILENT:
        return
    if coordinators:
        services.progress_record(period=period, unit=coordinators[0], status="completed" if state == DONE else "in_progress",
                                 percent=100 if state == DONE else 50, reported_on=min(due - dt.timedelta(days=7), today),
                                 note="Đã phối hợp cung cấp số liệu", actor=actor)
    if due >= today or state == OPEN:
        services.progress_record(period=period, unit=lead, status="in_progress", percent=60, note="Đang triển khai",
                                 reported_on=min(due - dt.timedelta(days=3), today), actor=actor)
        return
    finished = due + dt.timedelta(days=12) if state == LATE else due - dt.timedelta(days=2)
    services.progress_record(
        period=period, unit=lead, status="completed", percent=100, reported_on=min(finished, today),
        note="Đã hoàn thành", lateness_reason=LATE_REASONS[index % 2] if state == LATE else "", actor=actor,
        evidence=_evidence(period, index, finished),
    )


def _evidence(period, index: int, day: dt.date) -> list[services.EvidenceInput]:
    plan = period.task.plan
    symbol = plan.number.split("/", 1)[-1] if "/" in plan.number else "KH"
    record = services.EvidenceInput(document_number=f"{100 + index}/BC-{symbol.split('-', 1)[-1]}", document_date=day,
                                    issuer=plan.unit.name, title=f"Báo cáo kết quả: {period.task.title[:120]}")
    if index % 4:
        return [record]
    upload = ContentFile(EVIDENCE_PDF, name=f"bao-cao-nhiem-vu-{period.task.number or index}.pdf")
    return [record, services.EvidenceInput(file=upload, title="Báo cáo kết quả (bản scan)")]
