"""The periodic report's "Công tác kiểm tra CCHC": prefilled from the unit's inspections, with its figures."""

from __future__ import annotations

import datetime as dt

from django.test import TestCase

from cchc.core.testing.personas import build_world
from cchc.inspections import services
from cchc.inspections.tests.factories import inspected_world
from cchc.reporting import content, figures, sources
from cchc.reporting import services as reporting
from cchc.reporting.models import ReportingPeriod
from cchc.reporting.selectors import report_figures

H1 = (dt.date(2024, 12, 15), dt.date(2025, 6, 14))
PARAGRAPH = ("Công tác kiểm tra CCHC: trong kỳ đã thực hiện 1 cuộc kiểm tra tại 1 đơn vị; số đơn vị trực thuộc được kiểm tra "
             "1/2 (50,00%). Kiến nghị sau kiểm tra: {closed} kiến nghị đã khắc phục xong trong kỳ, {open} kiến nghị chưa khắc phục xong "
             "({overdue} quá hạn).")


class TestReportPart(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        for key, value in inspected_world(cls.world).items():
            setattr(cls, key, value)

    def data(self):
        return sources.unit_data(unit=self.world.dept_a, year=2025, data_from=H1[0], data_to=H1[1])

    def test_the_first_half_counts_the_inspection_and_its_overdue_recommendation(self):
        data = self.data()
        self.assertEqual(data.inspections, content.InspectionLine(done=1, units=1, covered=1, expected=2, closed=0, open=1,
                                                                  overdue=1))
        self.assertIn(PARAGRAPH.format(closed=0, open=1, overdue=1), content.prefill_sections(data)["direction"])
        rows = {f.code: (f.numerator, f.denominator) for f in content.figures_from(data)}
        self.assertEqual({code: rows[code] for code in ("inspections_done", "inspection_coverage", "recommendations_closed",
                                                        "recommendations_open")},
                         {"inspections_done": (1, None), "inspection_coverage": (1, 2), "recommendations_closed": (0, None),
                          "recommendations_open": (1, None)})

    def test_a_closure_within_the_window_shows_as_closed(self):
        services.remediation_progress_record(item=self.item, status="completed", percent=100, reported_on=dt.date(2025, 5, 28),
                                             evidence=[services.EvidenceInput(document_number="5/BC-QLXD")],
                                             actor=self.world.users["staff"])
        services.remediation_close(item=self.item, closed_on=dt.date(2025, 6, 2), actor=self.world.users["focal"])
        self.assertIn(PARAGRAPH.format(closed=1, open=0, overdue=0), content.prefill_sections(self.data())["direction"])

    def test_a_unit_without_inspections_gets_no_inspection_part(self):
        data = sources.unit_data(unit=self.world.dept_b, year=2025, data_from=H1[0], data_to=H1[1])
        self.assertIsNone(data.inspections)
        self.assertNotIn("inspections_done", [f.code for f in content.figures_from(data)])

    def test_the_started_report_holds_the_part_and_the_figures(self):
        calendar = reporting.calendar_create(unit=self.world.province, year=2025, preset="national", actor=None)
        period = ReportingPeriod.objects.get(calendar=calendar, kind="h1")
        report = reporting.report_start(unit=self.world.dept_a, period=period, actor=self.world.users["focal"])
        self.assertIn(PARAGRAPH.format(closed=0, open=1, overdue=1), report.sections["direction"])
        shown = {f.code: f.display() for f in report_figures(report)}
        self.assertEqual(shown["inspection_coverage"], "50,00%")

    def test_consolidated_figures_add_numerators_and_denominators(self):
        one = [figures.Figure("inspection_coverage", "", 1, 2)]
        two = [figures.Figure("inspection_coverage", "", 3, 3)]
        self.assertEqual(figures.sum_figures([one, two])[0].display(), "80,00%")
