"""The demo city's reporting: every unit's Q1 and 6-month reports, the steering officer's counts, and
the consolidated Word file read back (and, when LibreOffice is installed, its first page as a PNG)."""

import shutil
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import F
from django.test import TestCase
from docx import Document
from openpyxl import load_workbook

from cchc.plans import demo as plans_demo
from cchc.reporting import demo, selectors, services
from cchc.reporting.figures import from_json, sum_figures
from cchc.reporting.models import Report, ReportingPeriod
from cchc.units.demo import DEMO_PASSWORD, load_demo

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"


def period(code, year, kind):
    return ReportingPeriod.objects.select_related("calendar__unit").get(
        calendar__unit__code=code, calendar__year=year, kind=kind
    )


def completeness_rows(client, calendar_id):
    assert client.login(username="noivu.theodoi", password=DEMO_PASSWORD)
    response = client.get(f"/reporting/calendars/{calendar_id}/completeness/")
    return [
        (r.period.kind, r.expected, r.received, r.on_time, r.late, r.missing)
        for r in response.context["rollups"]
    ]


class TestDemoReporting(TestCase):
    """The demo is loaded once for the class (units, plans, then reporting)."""

    @classmethod
    def setUpTestData(cls):
        load_demo()
        plans_demo.load(created=True)
        demo.load(created=True)

    def test_the_steering_officer_sees_the_demo_counts(self):
        rows_2026 = completeness_rows(self.client, period("92", 2026, "q1").calendar_id)
        # 12 departments and 24 communes and wards; six states by turns: 6 accepted, 6 waiting, 6 late,
        # 6 corrected and accepted (first sent on time), 6 returned and 6 drafts (missing).
        assert rows_2026 == [
            ("q1", 36, 24, 18, 6, 12),
            ("h1", 36, 24, 18, 6, 12),
            ("q3", 36, 0, 0, 0, 36),
            ("year", 36, 0, 0, 0, 36),
        ]
        rows_2025 = completeness_rows(self.client, period("92", 2025, "q1").calendar_id)
        assert rows_2025[:2] == [
            ("q1", 27, 19, 14, 5, 8),
            ("h1", 27, 19, 14, 5, 8),
        ]  # 27 units: 5, 5, 5, 4, 4, 4
        unit_reports = Report.objects.filter(period__kind__in=["q1", "h1"]).exclude(
            unit_id=F("period__calendar__unit_id")
        )
        assert (
            unit_reports.count() == 2 * 36 + 2 * 27 + 2 * 11
        )  # the city's 2026 and 2025 periods, Trần Đề's 2025

    def test_every_expected_unit_has_its_q1_and_six_month_reports(self):
        for code, year in (("92", 2026), ("92", 2025), ("94-TD", 2025)):
            for kind in ("q1", "h1"):
                p = period(code, year, kind)
                expected = set(
                    selectors.rollup(p).rows[i].unit.pk for i in range(selectors.rollup(p).expected)
                )
                assert (
                    set(
                        Report.objects.filter(period=p)
                        .exclude(unit=p.calendar.unit)
                        .values_list("unit_id", flat=True)
                    )
                    == expected
                )

    def test_a_closed_unit_is_expected_only_for_the_periods_it_existed_in(self):
        def expected(code, year, kind):
            return {row.unit.code for row in selectors.rollup(period(code, year, kind)).rows}

        assert "94-TTR" in expected("92", 2025, "q1") and "94-TTR" in expected("92", 2025, "h1")
        assert "94-TTR" not in expected("92", 2025, "q3") | expected("92", 2026, "q1")
        assert "92-TTR" in expected("92", 2025, "q3")
        # Trần Đề's communes report to the district, which set its own (seed 004) calendar for 2025.
        assert "94-TD01" in expected("94-TD", 2025, "q1") and "94-TD01" not in expected("92", 2025, "q1")
        assert "94-TD" in expected("92", 2025, "q1")
        # The new commune reports from the third quarter of 2025.
        assert "92-XTD" not in expected("92", 2025, "h1") and "92-XTD" in expected("92", 2025, "q3")

    def test_the_consolidated_word_and_excel_files_carry_the_summed_figures(self):
        report = Report.objects.get(period=period("92", 2026, "q1"), unit__code="92")
        received = list(selectors.received_reports(report.period))
        summed = {
            f.code: f.display() for f in sum_figures(from_json(r.snapshot["figures"]) for r in received)
        }
        document = services.document_generate(
            document=services.document_request(report=report, format="docx", actor=None)
        )
        assert document.status == "done", document.error
        word = Document(BytesIO(document.file.read()))
        text = "\n".join(p.text for p in word.paragraphs)
        assert (
            "Kết quả thực hiện công tác cải cách hành chính quý I năm 2026 và phương hướng, nhiệm vụ quý II năm 2026"
            in text
        )
        header = [c.text for c in word.tables[0].rows[0].cells]
        assert header[0].startswith("THÀNH PHỐ CẦN THƠ") is False and "Số: 45/BC-UBND" in header[0]
        assert (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1]
            and "Cần Thơ, ngày 20 tháng 3 năm 2026" in header[1]
        )
        units_table, figures_table = word.tables[1], word.tables[2]
        assert [row.cells[1].text for row in units_table.rows[1:]] == [r.unit.name for r in received]
        rows = {row.cells[1].text: row.cells[2].text for row in figures_table.rows[1:]}
        assert rows["Số nhiệm vụ trong kế hoạch CCHC"] == summed["tasks_total"]
        assert rows["Số nhiệm vụ đã hoàn thành"] == summed["tasks_completed"]
        assert rows["Tỷ lệ nhiệm vụ hoàn thành"] == summed["tasks_completion_rate"]
        assert int(rows["Số nhiệm vụ trong kế hoạch CCHC"]) == sum(
            next(f["value"] for f in r.snapshot["figures"] if f["code"] == "tasks_total") for r in received
        )
        excel = services.document_generate(
            document=services.document_request(report=report, format="xlsx", actor=None)
        )
        sheets = load_workbook(BytesIO(excel.file.read()))
        assert sheets.sheetnames == ["Số liệu", "Đơn vị"]
        assert sheets["Số liệu"]["B6"].value == "Số nhiệm vụ trong kế hoạch CCHC"
        assert sheets["Số liệu"]["C6"].value == int(summed["tasks_total"])
        assert sheets["Đơn vị"].max_row == len(received) + 1
        _first_page_png(document.file.path)


def _first_page_png(docx_path: str) -> None:
    """Open the Word file in LibreOffice, print it to PDF and keep its first page as a PNG."""
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        pytest.skip("LibreOffice (soffice) or poppler-utils (pdftoppm) is not installed")
    with tempfile.TemporaryDirectory() as work:
        subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{work}/profile", "--convert-to", "pdf", "--outdir", work, docx_path],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        pdf = next(Path(work).glob("*.pdf"))
        ARTIFACTS.mkdir(exist_ok=True)
        target = ARTIFACTS / "reporting_consolidated_q1_2026"
        subprocess.run(
            [pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)],
            check=True,
            timeout=60,
        )
    assert (ARTIFACTS / "reporting_consolidated_q1_2026.png").stat().st_size > 10_000
