"""progress_record and evidence_add: per-unit progress, combined status, lateness, evidence files."""

import datetime as dt

import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from cchc.core.testing.personas import build_world
from cchc.plans import selectors, services
from cchc.plans.models import Evidence, ProgressUpdate, Task
from cchc.plans.services import EvidenceInput
from cchc.plans.tests.factories import department_plan

PDF = b"%PDF-1.4 minimal"


def pdf(name="bien-ban.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@time_machine.travel(dt.datetime(2025, 8, 15, 9, 0), tick=False)
class ProgressTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.staff = cls.world.users["staff"]
        cls.plan = department_plan(cls.world)
        cls.review = cls.plan.tasks.get(number="1")  # lead Văn phòng, coordinator Phòng QLXD, due Quý II/2025 (30/06)
        cls.quarterly = cls.plan.tasks.get(number="2")  # lead Phòng QLXD, Hàng quý

    def record(self, task=None, period=None, **fields):
        task = task or self.review
        period = period or task.periods.first()
        data = {"unit": self.world.division_a, "status": "in_progress", "percent": 50, "reported_on": dt.date(2025, 6, 10),
                "actor": self.staff, **fields}
        return services.progress_record(period=period, **data)

    def state(self):
        return (list(ProgressUpdate.objects.values_list("pk", flat=True)), Evidence.objects.count(),
                list(Task.objects.order_by("pk").values_list("status", "percent")))

    def assertRefused(self, field, message, **fields):
        before = self.state()
        with self.assertRaises(ValidationError) as caught:
            self.record(**fields)
        self.assertIn(field, caught.exception.message_dict)
        self.assertIn(message, " ".join(caught.exception.message_dict[field]))
        self.assertEqual(self.state(), before)

    def test_a_coordinators_report_does_not_move_the_task_the_lead_has_not_reported_on(self):
        # the demo city: a coordinating division reported 50% and the whole task read "Đang thực hiện 50%"
        self.record(status="in_progress", percent=50, reported_on=dt.date(2025, 6, 10))
        self.review.refresh_from_db()
        period = self.review.periods.get()
        self.assertEqual((self.review.status, self.review.percent), ("not_started", 0))
        self.assertEqual((period.status, period.percent), ("not_started", 0))
        self.record(status="completed", percent=100, reported_on=dt.date(2025, 6, 20))
        self.review.refresh_from_db()
        self.assertEqual((self.review.status, self.review.percent), ("not_started", 0))

    def test_the_leads_progress_drives_the_task(self):
        self.record(status="completed", percent=100, reported_on=dt.date(2025, 6, 20))
        self.record(unit=self.world.office_a, status="in_progress", percent=30, reported_on=dt.date(2025, 6, 21),
                    actor=self.world.users["focal"])
        self.review.refresh_from_db()
        self.assertEqual((self.review.status, self.review.percent), ("in_progress", 30))
        self.record(unit=self.world.office_a, status="completed", percent=100, reported_on=dt.date(2025, 6, 25),
                    actor=self.world.users["focal"])
        self.review.refresh_from_db()
        period = self.review.periods.get()
        self.assertEqual((self.review.status, self.review.percent, period.completed_on), ("completed", 100, dt.date(2025, 6, 25)))

    def test_each_unit_has_its_own_latest_state(self):
        self.record(percent=30, reported_on=dt.date(2025, 5, 2))
        self.record(percent=60, reported_on=dt.date(2025, 6, 2))
        period = selectors.task_progress(self.review)[0]
        states = {state.unit.name: (state.is_lead, state.latest.percent if state.latest else None) for state in period.units}
        self.assertEqual(states, {"Văn phòng Sở Xây dựng": (True, None), "Phòng Quản lý xây dựng": (False, 60)})
        self.assertEqual(len(period.updates), 2)

    def test_completing_late_needs_a_reason(self):
        self.assertRefused("lateness_reason", "30/06/2025", unit=self.world.office_a, status="completed",
                           reported_on=dt.date(2025, 7, 3))
        update = self.record(unit=self.world.office_a, status="completed", reported_on=dt.date(2025, 7, 3),
                             lateness_reason="Chờ số liệu của các phòng")
        self.assertEqual(update.lateness_reason, "Chờ số liệu của các phòng")
        update.period.refresh_from_db()
        self.assertTrue(update.period.was_completed_late())

    def test_a_percent_outside_0_to_100_is_refused(self):
        self.assertRefused("percent", "từ 0 đến 100", percent=140)
        self.assertRefused("percent", "từ 0 đến 100", percent=-5)

    def test_a_unit_that_takes_no_part_is_refused(self):
        self.assertRefused("unit", "Phòng Ngân sách", unit=self.world.division_b)

    def test_a_report_dated_in_the_future_is_refused(self):
        self.assertRefused("reported_on", "tương lai", reported_on=dt.date(2025, 9, 1))

    def test_nothing_is_recorded_on_a_draft_plan(self):
        draft = department_plan(self.world, issued=False, year=2026)
        task = draft.tasks.get(number="1")
        with self.assertRaises(ValidationError):
            self.record(task=task)
        self.assertFalse(ProgressUpdate.objects.filter(period__task=task).exists())

    def test_each_quarter_of_a_quarterly_task_has_its_own_progress_and_evidence(self):
        q1, q2 = self.quarterly.periods.order_by("due_date")[:2]
        self.record(task=self.quarterly, period=q1, status="completed", reported_on=dt.date(2025, 3, 28),
                    evidence=[EvidenceInput(file=pdf("bao-cao-quy-1.pdf"), document_number="15/BC-QLXD",
                                            document_date=dt.date(2025, 3, 28), issuer="Phòng QLXD")])
        self.record(task=self.quarterly, period=q2, status="in_progress", percent=40, reported_on=dt.date(2025, 6, 10))
        self.quarterly.refresh_from_db()
        q1.refresh_from_db()
        self.assertEqual((q1.status, self.quarterly.status, self.quarterly.percent), ("completed", "in_progress", 35))
        evidence = Evidence.objects.get()
        self.assertEqual((evidence.progress_update.period, evidence.title, evidence.file_name, evidence.unit),
                         (q1, "15/BC-QLXD", "bao-cao-quy-1.pdf", self.world.division_a))
        self.assertTrue(evidence.file.name.startswith("evidence/2025/08/"))
        self.assertNotIn("bao-cao", evidence.file.name)

    def test_a_forbidden_file_type_is_refused_and_nothing_is_written(self):
        html = SimpleUploadedFile("bao-cao.html", b"<script>alert(1)</script>", content_type="text/html")
        self.assertRefused("file", ".html", evidence=[EvidenceInput(file=html)])

    def test_a_file_too_big_is_refused(self):
        big = pdf(content=PDF + b"0" * (20 * 1024 * 1024))
        self.assertRefused("file", "20.0 MB", evidence=[EvidenceInput(file=big)])

    def test_a_disguised_file_is_refused(self):
        self.assertRefused("file", "không đúng định dạng .pdf", evidence=[EvidenceInput(file=pdf(content=b"MZ\x90\x00 not a pdf"))])

    def test_evidence_needs_a_file_or_a_document_number(self):
        self.assertRefused("file", "số văn bản", evidence=[EvidenceInput(title="Ảnh chụp")])
