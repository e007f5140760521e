"""The reports section of the portal: sections of a periodic CCHC report that the unit's head chose to
publish (the results by reform area, the assessment…), once the steering unit accepted the report. Only
the chosen sections' text: never the other sections, the recipients, the signer, nor a reason for return.
"""

from __future__ import annotations

from collections import defaultdict
from functools import partial

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cchc.portal.models import Publication
from cchc.portal.sections import Column, PublicationKind, Section, SectionView, Table, TableSpec
from cchc.portal.selectors import publication_years
from cchc.reporting.choices import ReportStatus
from cchc.reporting.models import Report
from cchc.reporting.outline import BY_CODE, SECTION_CODES
from cchc.units.models import Unit

KIND = "report_section"


def approve(unit: Unit, year: int, object_id: int, part: str) -> None:
    """A written section of an accepted report of that unit and year."""
    report = Report.objects.filter(pk=object_id, unit=unit, period__calendar__year=year).first()
    if report is None or report.status != ReportStatus.ACCEPTED:
        raise ValidationError({"sections": "Chỉ công khai được báo cáo đã được chấp nhận."})
    if part not in SECTION_CODES or not (report.sections or {}).get(part, "").strip():
        raise ValidationError({"sections": "Phần này của báo cáo chưa có nội dung."})


def published_parts(*, year: int | None = None, unit: Unit | None = None) -> list[tuple[Report, list[tuple[str, str]]]]:
    """(report, [(section name, text)]) of every report with a published section, newest period first."""
    rows = Publication.objects.filter(kind=KIND)
    if year is not None:
        rows = rows.filter(year=year)
    if unit is not None:
        rows = rows.filter(unit=unit)
    parts: dict[int, set[str]] = defaultdict(set)
    for object_id, part in rows.values_list("object_id", "part"):
        parts[object_id].add(part)
    reports = (Report.objects.filter(pk__in=list(parts), status=ReportStatus.ACCEPTED)
               .select_related("unit", "period__calendar").order_by("-period__data_to", "unit__name", "pk"))
    return [
        (report, [(BY_CODE[code].name, report.sections.get(code, "")) for code in SECTION_CODES
                  if code in parts[report.pk] and (report.sections or {}).get(code, "").strip()])
        for report in reports
    ]


def unit_view(unit: Unit, year: int) -> SectionView | None:
    reports = [
        {"title": report.period.label, "number": report.number, "sections": sections}
        for report, sections in published_parts(year=year, unit=unit) if sections
    ]
    return SectionView("portal/_reports_section.html", {"reports": reports}) if reports else None


def reports_table(year: int) -> Table:
    columns = (
        Column("ma_don_vi", "Mã đơn vị"), Column("don_vi", "Đơn vị"), Column("ky_bao_cao", "Kỳ báo cáo"),
        Column("so_ky_hieu", "Số, ký hiệu"), Column("muc", "Mục"), Column("noi_dung", "Nội dung"),
    )
    rows = tuple(
        (report.unit.code, report.unit.name, report.period.label, report.number, name, text)
        for report, sections in published_parts(year=year) for name, text in sections
    )
    return Table(columns, rows)


def published_codes(report: Report) -> set[str]:
    return set(Publication.objects.filter(kind=KIND, object_id=report.pk).values_list("part", flat=True))


SECTION = Section(
    key="reports", title="Báo cáo kết quả cải cách hành chính", order=40, unit_view=unit_view,
    tables=(TableSpec("bao-cao", "Các phần báo cáo CCHC đã công khai", reports_table,
                      "Mỗi dòng một phần của một báo cáo định kỳ đã được chấp nhận và công khai."),),
    years=partial(publication_years, KIND),
)
PUBLICATION_KIND = PublicationKind(KIND, _("Report section"), approve)
