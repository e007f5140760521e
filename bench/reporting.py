"""The roll-up and the consolidated Word report of a province of about 150 reporting units.

Builds the demo city's units (no plans) with 20 departments and 130 communes (after the 2025 mergers: 150 units
report to the city), its 2026 national calendar, and a sent Q1 report for every unit with a
realistic set of frozen figures (tasks per area, targets and the one-stop indicators). Then times:

* ``rollup_s``: the steering unit's roll-up of the period (who sent, on time, late, missing);
* ``consolidated_docx_s``: compiling the consolidated report (gathering every unit's text, summing
  every unit's figures), sending it and writing its Word file.

The issue's goal is under 5 s for the two together.
"""

import datetime as dt
import random
from zoneinfo import ZoneInfo

from _common import emit, setup_django, timed

vendor = setup_django()

from django.utils import translation  # noqa: E402

from cchc.indicators.catalogue import METRICS  # noqa: E402
from cchc.reporting import figures, selectors, services  # noqa: E402
from cchc.reporting.choices import ReportStatus  # noqa: E402
from cchc.reporting.coverage import expected_units  # noqa: E402
from cchc.reporting.models import Report  # noqa: E402
from cchc.reporting.outline import SECTIONS  # noqa: E402
from cchc.units.demo import load_demo  # noqa: E402
from cchc.units.models import Unit  # noqa: E402

AREAS = [
    "direction",
    "institutions",
    "procedures",
    "apparatus",
    "civil_service",
    "public_finance",
    "digital_government",
]


def unit_figures(rng: random.Random) -> list[dict]:
    total = rng.randint(8, 40)
    done = rng.randint(0, total)
    rows = [
        figures.Figure("tasks_total", "Số nhiệm vụ trong kế hoạch CCHC", total),
        figures.Figure("tasks_completed", "Số nhiệm vụ đã hoàn thành", done),
        figures.Figure("tasks_overdue", "Số nhiệm vụ quá hạn chưa hoàn thành", rng.randint(0, total - done)),
        figures.Figure("tasks_completion_rate", "Tỷ lệ nhiệm vụ hoàn thành", done, total),
    ]
    rows += [figures.Figure(f"area:{a}", f"Nhiệm vụ hoàn thành – {a}", rng.randint(0, 3), 3) for a in AREAS]
    for spec in METRICS:
        if spec.kind == "count":
            rows.append(figures.Figure(f"metric:{spec.code}", spec.name, rng.randint(0, 900)))
        else:
            rows.append(
                figures.Figure(f"metric:{spec.code}", spec.name, rng.randint(0, 500), 500, spec.unit_label)
            )
    return figures.to_json(rows)


def build() -> tuple:
    load_demo(communes=130, departments=20, divisions=1)
    city = Unit.objects.get(code="92", valid_to__isnull=True)
    calendar = services.calendar_create(unit=city, year=2026, preset="national", actor=None)
    period = calendar.periods.get(kind="q1")
    rng = random.Random(2026)
    sent = dt.datetime(2026, 3, 18, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    text = {
        s.code: f"Nội dung mục {s.number} {s.title} của đơn vị: kết quả nổi bật trong kỳ." for s in SECTIONS
    }
    reports = [
        Report(
            unit=unit,
            period=period,
            status=ReportStatus.SUBMITTED,
            number=f"{index}/BC",
            sections=text,
            signer_name="Nguyễn Văn A",
            signer_title="GIÁM ĐỐC",
            snapshot={"figures": unit_figures(rng), "targets": []},
            first_submitted_at=sent + dt.timedelta(days=index % 5),
            submitted_at=sent + dt.timedelta(days=index % 5),
        )
        for index, unit in enumerate(expected_units(period), 1)
    ]
    Report.objects.bulk_create(reports)
    return city, period, len(reports)


def consolidated_docx(city, period):
    report = services.report_start(unit=city, period=period, actor=None)
    report = services.report_save(
        report=report,
        actor=None,
        sections=report.sections,
        number="45/BC-UBND",
        signer_name="Nguyễn Văn Hòa",
        signer_title="CHỦ TỊCH",
    )
    report = services.report_submit(report=report, actor=None)
    document = services.document_generate(
        document=services.document_request(report=report, format="docx", actor=None)
    )
    assert document.status == "done", document.error
    return document


translation.activate("vi")
city, period, count = build()
rollup_seconds, rollup = timed(selectors.rollup, period)
assert rollup.received == count
docx_seconds, document = timed(consolidated_docx, city, period)
emit("database", vendor)
emit("reporting_units", count)
emit("rollup_s", rollup_seconds)
emit("consolidated_docx_s", docx_seconds)
emit("consolidated_docx_kb", round(document.file.size / 1024))
emit("rollup_plus_docx_s", rollup_seconds + docx_seconds)
