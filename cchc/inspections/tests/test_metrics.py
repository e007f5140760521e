"""Coverage and closure shares, computed by hand, including a unit merged during the year; and the indicators
app reading both by code."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import TestCase

from cchc.core.testing.personas import START, build_world
from cchc.indicators.binding import INSPECTION_METRIC, bind
from cchc.indicators.formulas import Ratio
from cchc.indicators.selectors import measured_targets, metric_values
from cchc.inspections import rules, selectors, services
from cchc.inspections.metrics import CLOSURE_METRIC
from cchc.inspections.tests.factories import inspection_plan
from cchc.plans import services as plans
from cchc.plans.tests.factories import department_plan
from cchc.units.models import UnitKind
from cchc.units.services import unit_create, unit_merge

MERGED = dt.date(2025, 7, 1)
YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
Q1 = (dt.date(2025, 1, 1), dt.date(2025, 3, 31))


class TestCoverageRules(TestCase):
    def test_an_expected_unit_counts_once_whichever_of_its_units_was_inspected(self):
        expected = {10: {10}, 11: {11}, 12: {12, 20, 21}}
        self.assertEqual(rules.coverage_ratio(expected, [20, 21, 10, 99]), Ratio(2, 3))

    def test_the_task_follows_the_share_of_inspections_carried_out(self):
        self.assertEqual(rules.task_progress(planned=3, done=1, open_items=0), rules.TaskProgress("in_progress", 33))
        self.assertEqual(rules.task_progress(planned=2, done=2, open_items=1), rules.TaskProgress("in_progress", 99))
        self.assertEqual(rules.task_progress(planned=2, done=2, open_items=0), rules.TaskProgress("completed", 100))
        self.assertEqual(rules.task_progress(planned=2, done=0, open_items=0), rules.TaskProgress("not_started", 0))


class TestCoverageWithAMerger(TestCase):
    """Sở Xây dựng has, on 31/12/2025: Văn phòng Sở, Phòng Quản lý xây dựng, Phòng Thẩm định và Hạ tầng (formed on
    01/7/2025 from Phòng Thẩm định and Phòng Hạ tầng) and Trung tâm Kiểm định (a public service unit). It inspected
    Phòng Thẩm định on 10/3, Phòng Hạ tầng on 20/3 and Văn phòng Sở on 15/9; Sở Tài chính inspected its own division.
    """

    @classmethod
    def setUpTestData(cls):
        world = cls.world = build_world()
        dept = world.dept_a
        cls.appraisal = unit_create(name="Phòng Thẩm định", code="TN-SXD-TD", kind=UnitKind.DIVISION, parent=dept, valid_from=START)
        cls.infrastructure = unit_create(name="Phòng Hạ tầng", code="TN-SXD-HT", kind=UnitKind.DIVISION, parent=dept,
                                         valid_from=START)
        cls.centre = unit_create(name="Trung tâm Kiểm định", code="TN-SXD-KD", kind=UnitKind.PUBLIC_SERVICE_UNIT, parent=dept,
                                 valid_from=START)
        focal = world.users["focal"]
        cls.plan = inspection_plan(world)
        for unit, month, day in ((cls.appraisal, 3, dt.date(2025, 3, 10)), (cls.infrastructure, 3, dt.date(2025, 3, 20)),
                                 (world.office_a, 9, dt.date(2025, 9, 15))):
            inspection = services.inspection_schedule(plan=cls.plan, unit=unit, planned_month=month, actor=focal)
            services.inspection_record(inspection=inspection, inspected_on=day, actor=focal)
        change = unit_merge(sources=[cls.appraisal, cls.infrastructure],
                            new_unit={"name": "Phòng Thẩm định và Hạ tầng", "code": "TN-SXD-TDHT", "kind": UnitKind.DIVISION,
                                      "parent": dept}, effective=MERGED, decision="Quyết định 12/QĐ-SXD")
        cls.merged = change.successors.get()
        outsider = world.users["outsider"]
        other = services.inspection_plan_create(unit=world.dept_b, year=2025, title="Kế hoạch kiểm tra", coverage_target="100",
                                                actor=outsider)
        inspection = services.inspection_schedule(plan=other, unit=world.division_b, actor=outsider)
        services.inspection_record(inspection=inspection, inspected_on=dt.date(2025, 4, 2), actor=outsider)

    def test_the_year_counts_the_merged_division_once_through_its_successor(self):
        # expected on 31/12: Văn phòng, Phòng QLXD, Phòng TĐ&HT, Trung tâm = 4; inspected: Văn phòng, Phòng TĐ&HT = 2
        self.assertEqual(selectors.coverage_ratios([self.world.dept_a], *YEAR), {self.world.dept_a.pk: Ratio(2, 4)})

    def test_the_divisions_basis_leaves_the_public_service_unit_out(self):
        services.inspection_plan_update(plan=self.plan, coverage_basis="divisions", actor=self.world.users["focal"])
        ratio = selectors.coverage_ratios([self.world.dept_a], *YEAR)[self.world.dept_a.pk]
        self.assertEqual((ratio, ratio.percent()), (Ratio(2, 3), Decimal("66.67")))

    def test_before_the_merger_both_old_divisions_are_expected(self):
        # on 31/3: Văn phòng, Phòng QLXD, Phòng Thẩm định, Phòng Hạ tầng, Trung tâm = 5; inspected: the two old divisions
        self.assertEqual(selectors.coverage_ratios([self.world.dept_a], *Q1)[self.world.dept_a.pk], Ratio(2, 5))

    def test_the_plan_page_shows_which_unit_counts_through_which(self):
        coverage = selectors.plan_coverage(self.plan)
        rows = {row.unit.name: (row.planned, row.inspected, [p.name for p in row.predecessors]) for row in coverage.rows}
        self.assertEqual(rows, {
            "Phòng Quản lý xây dựng": (False, False, []),
            "Phòng Thẩm định và Hạ tầng": (True, True, ["Phòng Thẩm định", "Phòng Hạ tầng"]),
            "Trung tâm Kiểm định": (False, False, []),
            "Văn phòng Sở Xây dựng": (True, True, []),
        })
        self.assertEqual((coverage.ratio, coverage.meets), (Ratio(2, 4), True))  # 50% ≥ 40%

    def test_a_unit_without_plan_or_inspection_has_no_value_rather_than_zero(self):
        result = selectors.coverage_ratios([self.world.home_affairs, self.world.dept_b], *YEAR)
        self.assertEqual(result, {self.world.home_affairs.pk: None, self.world.dept_b.pk: Ratio(1, 1)})

    def test_the_indicators_app_reads_the_metric_by_its_reserved_code(self):
        values = metric_values(metric_code=INSPECTION_METRIC, units=[self.world.dept_a, self.world.home_affairs],
                               date_from=YEAR[0], date_to=YEAR[1])
        self.assertEqual(values, {self.world.dept_a.pk: Ratio(2, 4), self.world.home_affairs.pk: Ratio(0, 0)})

    def test_a_seed_target_on_inspections_is_measured(self):
        plan = department_plan(self.world)
        text = "Tỷ lệ % giữa số phòng, đơn vị trực thuộc Sở được kiểm tra trong năm/ tổng số phòng, đơn vị trực thuộc Sở, " \
               "kiểm tra CCHC đạt 40%"
        self.assertEqual(bind(text), INSPECTION_METRIC)
        target = plans.target_create(plan=plan, text=text, actor=self.world.users["focal"])
        measured = [m for m in measured_targets(user=self.world.users["focal"], unit=self.world.dept_a, date_from=YEAR[0],
                                                date_to=YEAR[1]) if m.target.pk == target.pk]
        self.assertEqual([(m.value, m.display, m.status) for m in measured], [(Decimal("50.00"), "50,00%", "met")])


class TestClosureShare(TestCase):
    """Recommendations of Sở Xây dựng's inspection of 02/4/2025: A due 10/4 closed 08/4; B due 20/5, open; C due 30/6 closed
    02/7; D due 15/7 closed 10/7. In the second quarter A, B and C fell due and A was closed by 30/6: 1/3."""

    @classmethod
    def setUpTestData(cls):
        world = cls.world = build_world()
        focal, staff = world.users["focal"], world.users["staff"]
        plan = inspection_plan(world)
        inspection = services.inspection_schedule(plan=plan, unit=world.division_a, actor=focal)
        services.inspection_record(inspection=inspection, inspected_on=dt.date(2025, 4, 2), actor=focal)
        proof = services.EvidenceInput(document_number="9/BC-QLXD")
        for text, due, closed in (("A", dt.date(2025, 4, 10), dt.date(2025, 4, 8)), ("B", dt.date(2025, 5, 20), None),
                                  ("C", dt.date(2025, 6, 30), dt.date(2025, 7, 2)), ("D", dt.date(2025, 7, 15), dt.date(2025, 7, 10))):
            item = services.finding_add(inspection=inspection, finding=f"Tồn tại {text}", recommendation=f"Kiến nghị {text}",
                                        due_date=due, actor=focal).items.get()
            if closed:
                services.remediation_progress_record(item=item, status="completed", percent=100, reported_on=closed,
                                                     evidence=[proof], lateness_reason="Chậm do chờ hướng dẫn", actor=staff)
                services.remediation_close(item=item, closed_on=closed, actor=focal)

    def test_the_second_quarter(self):
        result = selectors.closure_ratios([self.world.dept_a], dt.date(2025, 4, 1), dt.date(2025, 6, 30))
        self.assertEqual((result[self.world.dept_a.pk], result[self.world.dept_a.pk].percent()), (Ratio(1, 3), Decimal("33.33")))

    def test_the_year(self):
        self.assertEqual(selectors.closure_ratios([self.world.dept_a], *YEAR)[self.world.dept_a.pk], Ratio(3, 4))

    def test_a_window_where_nothing_fell_due_has_no_value(self):
        self.assertEqual(selectors.closure_ratios([self.world.dept_a], *Q1), {self.world.dept_a.pk: None})

    def test_the_indicators_app_reads_it_by_code(self):
        values = metric_values(metric_code=CLOSURE_METRIC, units=[self.world.dept_a], date_from=YEAR[0], date_to=YEAR[1])
        self.assertEqual(values, {self.world.dept_a.pk: Ratio(3, 4)})

    def test_the_report_summary_on_the_last_day_of_the_first_half(self):
        summary = selectors.report_summary(unit=self.world.dept_a, date_from=dt.date(2024, 12, 15), date_to=dt.date(2025, 6, 14))
        # one inspection, of one unit; expected units: Văn phòng and Phòng QLXD; on 14/6: A closed; B (overdue), C, D open
        self.assertEqual(summary, selectors.ReportSummary(inspections_done=1, units_inspected=1, coverage=Ratio(1, 2),
                                                          items_closed=1, items_open=3, items_overdue=1))
