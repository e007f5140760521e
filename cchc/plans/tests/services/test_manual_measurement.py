"""manual_measurement_record: a value reported by hand (numerator, denominator, evidence) gives the
target its measured value and the same met / at risk / missed status; bad input writes nothing."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from cchc.core.testing.personas import build_world
from cchc.indicators.binding import MANUAL_METRIC
from cchc.indicators.selectors import measured_targets
from cchc.plans import services
from cchc.plans.models import Evidence, ManualMeasurement, Target
from cchc.plans.tests.factories import department_plan

PROOF = services.EvidenceInput(document_number="15/BC-SXD", document_date=dt.date(2025, 7, 2), issuer="Sở Xây dựng")


def state():
    return (list(ManualMeasurement.objects.values_list("pk", "numerator", "denominator")), Evidence.objects.count(),
            list(Target.objects.order_by("pk").values_list("pk", "current_value", "measured_on")))


class ManualMeasurementTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.focal = cls.world.users["focal"]
        cls.plan = department_plan(cls.world)
        cls.target = services.target_create(plan=cls.plan, text="100% công chức được đào tạo, bồi dưỡng", actor=cls.focal)

    def record(self, **kwargs):
        values = {"target": self.target, "period_start": dt.date(2025, 1, 1), "period_end": dt.date(2025, 6, 30),
                  "numerator": "18", "denominator": "20", "evidence": PROOF, "actor": self.focal, **kwargs}
        return services.manual_measurement_record(**values)

    def test_a_target_no_metric_computes_is_bound_to_the_manual_metric(self):
        self.assertEqual(self.target.metric_code, MANUAL_METRIC)

    def test_numerator_over_denominator_becomes_the_value_with_the_same_status(self):
        measurement = self.record()
        self.target.refresh_from_db()
        self.assertEqual((measurement.value, self.target.current_value, self.target.measured_on, self.target.status),
                         (Decimal("90.00"), Decimal("90.00"), dt.date(2025, 6, 30), "at_risk"))
        self.assertEqual((measurement.evidence.document_number, measurement.evidence.unit, measurement.reported_by),
                         ("15/BC-SXD", self.world.dept_a, self.focal))
        self.record(period_start=dt.date(2025, 7, 1), period_end=dt.date(2025, 12, 31), numerator="19", denominator="20")
        self.target.refresh_from_db()
        self.assertEqual((self.target.current_value, self.target.status), (Decimal("95.00"), "missed"))
        self.record(period_start=dt.date(2025, 7, 1), period_end=dt.date(2025, 12, 31), numerator="20,0", denominator="20")
        self.target.refresh_from_db()
        self.assertEqual((self.target.current_value, self.target.status), (Decimal("100.00"), "met"))

    def test_an_older_period_reported_late_does_not_replace_the_latest_value(self):
        self.record(period_end=dt.date(2025, 9, 30), numerator="17")
        self.record(period_end=dt.date(2025, 6, 30), numerator="10")
        self.target.refresh_from_db()
        self.assertEqual((self.target.current_value, self.target.measured_on), (Decimal("85.00"), dt.date(2025, 9, 30)))

    def test_the_dashboard_measures_it_from_the_latest_report_in_the_window(self):
        self.record(numerator="19")
        rows = measured_targets(user=self.focal, unit=self.world.dept_a, date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 9, 30))
        self.assertEqual([(m.target.pk, m.value, m.display, m.gap, m.status) for m in rows],
                         [(self.target.pk, Decimal("95.00"), "95,00%", Decimal("-5.00"), "at_risk")])
        early = measured_targets(user=self.focal, unit=self.world.dept_a, date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 3, 31))
        self.assertEqual([(m.value, m.display, m.status) for m in early], [(None, "—", None)])

    def test_an_evidence_file_is_checked_and_kept(self):
        upload = SimpleUploadedFile("danh-sach.pdf", b"%PDF-1.4 test")
        measurement = self.record(evidence=services.EvidenceInput(file=upload))
        self.assertEqual((measurement.evidence.file_name, measurement.evidence.progress_update), ("danh-sach.pdf", None))

    def assert_refused(self, field, message, **kwargs):
        before = state()
        with self.assertRaises(ValidationError) as caught:
            self.record(**kwargs)
        self.assertEqual(caught.exception.message_dict, {field: [message]})
        self.assertEqual(state(), before)

    def test_a_numerator_above_its_denominator_is_refused(self):
        self.assert_refused("numerator", "Tử số (21) không được lớn hơn mẫu số (20).", numerator="21")

    def test_a_negative_number_is_refused(self):
        self.assert_refused("numerator", "Tử số không được là số âm.", numerator="-1")
        self.assert_refused("denominator", "Mẫu số không được là số âm.", denominator="-20")

    def test_text_is_refused(self):
        self.assert_refused("numerator", "Tử số phải là một số, ví dụ 12 hoặc 12,5.", numerator="mười tám")
        self.assert_refused("denominator", "Mẫu số phải là một số, ví dụ 12 hoặc 12,5.", denominator="1e309")

    def test_a_zero_denominator_is_refused(self):
        self.assert_refused("denominator", "Mẫu số phải lớn hơn 0.", numerator="0", denominator="0")

    def test_a_period_outside_the_year_or_not_ended_is_refused(self):
        self.assert_refused("period_start", "Kỳ báo cáo phải nằm trong năm kế hoạch 2025.", period_start=dt.date(2024, 12, 1))
        self.assert_refused("period_end", "Kỳ báo cáo kết thúc trong khoảng từ ngày đầu kỳ đến 31/12/2025.",
                            period_end=dt.date(2024, 12, 31))

    def test_a_value_without_evidence_is_refused(self):
        self.assert_refused("file", "Đính kèm tệp hoặc nhập số văn bản chứng minh kết quả.",
                            evidence=services.EvidenceInput())

    def test_a_target_measured_from_the_dossiers_is_not_reported_by_hand(self):
        computed = services.target_create(plan=self.plan, text="≥98% hồ sơ giải quyết đúng hạn", actor=self.focal)
        self.assertEqual(computed.metric_code, "on_time_rate")
        self.assert_refused("numerator", "Chỉ tiêu này được tính từ dữ liệu hồ sơ (on_time_rate), không báo cáo thủ công.",
                            target=computed)
