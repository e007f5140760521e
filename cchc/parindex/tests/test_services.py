"""The services refuse every bad input of the issue with a Vietnamese message naming the criterion, and write nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone

from cchc.calendar.workdays import WorkCalendar
from cchc.core.testing.personas import build_world
from cchc.parindex import calendar_sources, selectors, services
from cchc.parindex.choices import Stage
from cchc.parindex.models import (
    Assessment,
    AssessmentCampaign,
    CriteriaSet,
    Criterion,
    Result,
    Score,
    ScoreEvidence,
)
from cchc.parindex.tests.factories import TREE, advance, campaign, criterion, department_set, score_all, tree
from cchc.plans.tests.factories import department_plan


def messages(error: ValidationError) -> list[str]:
    return [m for ms in error.message_dict.values() for m in ms] if hasattr(error, "error_dict") else error.messages


def state():
    return (list(CriteriaSet.objects.order_by("pk").values_list("pk", "title", "locked_at")),
            list(Criterion.objects.order_by("pk").values_list("pk", "code", "max_points", "rule_kind")),
            list(Score.objects.order_by("pk").values_list("pk", "self_points", "self_note", "appraised_points",
                                                          "appraisal_comment", "final_points", "explanation", "survey_points")),
            list(Assessment.objects.order_by("pk").values_list("pk", "stage")), ScoreEvidence.objects.count(),
            Result.objects.count(), AssessmentCampaign.objects.count())


class ServiceCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.campaign = campaign(cls.world)
        cls.assessment = cls.campaign.assessments.get(unit=cls.world.dept_a)

    def user(self, name):
        return self.world.users[name]

    def refused(self, call, *expected: str):
        before = state()
        with self.assertRaises(ValidationError) as raised:
            call()
        self.assertEqual(state(), before)
        for text in expected:
            self.assertIn(text, messages(raised.exception))
        return messages(raised.exception)


class TestCriteriaSets(ServiceCase):
    def save(self, changes=None, **kwargs):
        found = tree(**(changes or {}))
        return lambda: services.criteria_set_from_tree(found, unit=self.world.province, level=kwargs.get("level", "department"),
                                                       year=kwargs.get("year", 2026), actor=self.user("steering"))

    def test_the_tree_reads_back_as_it_was_given(self):
        stored = services.criteria_set_from_tree(tree(), unit=self.world.province, level="sở", year=2026, actor=self.user("steering"))
        back = selectors.criteria_set_tree(stored, with_rules=True)
        self.assertEqual((stored.level, stored.survey_points, stored.bonus_cap, stored.penalty_cap),
                         ("department", Decimal("32"), Decimal("2"), Decimal("5")))
        for given, read in zip(TREE["nodes"], back["nodes"], strict=True):
            self.assertEqual({k: read[k] for k in given}, {**given, "options": [dict(o) for o in given["options"]]})
        self.assertEqual(back["bonus"], [{"code": "T1", "title": "Sáng kiến CCHC được công nhận", "max_points": Decimal("2.00")}])

    def test_childrens_points_must_add_up_to_their_parent(self):
        nodes = [dict(n) for n in TREE["nodes"]]
        nodes[3]["max_points"] = Decimal("9")
        found = self.refused(self.save({"nodes": nodes}))
        self.assertEqual(found, ["Tiêu chí 1: tổng điểm các tiêu chí con là 19, khác điểm tối đa 20."])

    def test_duplicate_codes_and_bad_numbers_are_named(self):
        nodes = [dict(n) for n in TREE["nodes"]]
        nodes[2]["code"] = "1.1"
        nodes[5]["max_points"] = "1,5,0"
        found = self.refused(self.save({"nodes": nodes}))
        self.assertEqual(found, ["Tiêu chí 1.1: mã bị trùng.", "Tiêu chí 2.1: điểm tối đa “1,5,0” không phải là số."])

    def test_the_areas_must_add_up_to_the_total(self):
        self.refused(self.save({"total_points": "90"}), "Tổng điểm các lĩnh vực là 100, khác tổng điểm 90 của bộ tiêu chí.")

    def test_a_district_set_after_2024_and_an_unknown_level_are_refused(self):
        self.refused(self.save(level="huyen", year=2025), "Cấp huyện chỉ được đánh giá đến năm 2024.")
        self.refused(self.save(level="ấp"), "Không có cấp đánh giá “ấp”; dùng một trong: province, department, district, "
                                            "commune, division.")

    def test_a_rule_that_cannot_read_its_data_is_named(self):
        nodes = [dict(n) for n in TREE["nodes"]]
        nodes[1]["rule"] = {"kind": "threshold", "source": "plan_issued", "params": {}}
        self.refused(self.save({"nodes": nodes}),
                     "Tiêu chí 1.1: quy tắc loại “threshold” không dùng được dữ liệu “plan_issued”.")

    def test_a_set_is_replaced_until_a_unit_scores_against_it_and_locked_once_submitted(self):
        criteria_set = self.campaign.criteria_set
        again = services.criteria_set_from_tree(tree(title="Bộ tiêu chí sửa đổi"), unit=self.world.province, level="department",
                                                year=2025, actor=self.user("steering"))
        self.assertEqual((again.pk, again.title), (criteria_set.pk, "Bộ tiêu chí sửa đổi"))
        assessment = self.campaign.assessments.get(unit=self.world.dept_a)
        score_all(assessment, self.user("focal"))
        self.refused(lambda: services.criteria_set_from_tree(tree(), unit=self.world.province, level="department", year=2025,
                                                             actor=self.user("steering")),
                     "Bộ tiêu chí năm 2025 của Tỉnh Thử Nghiệm cho cấp này đã được dùng để chấm điểm; không thay thế được.")
        services.assessment_submit(assessment=assessment, actor=self.user("head"))
        criteria_set.refresh_from_db()
        self.assertIsNotNone(criteria_set.locked_at)
        self.refused(lambda: services.criterion_rule_set(criterion=criterion(assessment, "2.2"), kind="", source="", params={},
                                                         actor=self.user("steering")),
                     "Bộ tiêu chí đã khóa: đã có đơn vị nộp kết quả tự đánh giá.")
        self.refused(lambda: services.criteria_set_update(criteria_set=criteria_set, bonus_cap="3", actor=self.user("steering")),
                     "Bộ tiêu chí đã khóa: đã có đơn vị nộp kết quả tự đánh giá.")

    def test_only_the_steering_unit_issues_a_set(self):
        before = state()
        with self.assertRaises(PermissionDenied):
            services.criteria_set_from_tree(tree(), unit=self.world.province, level="department", year=2026,
                                            actor=self.user("outsider"))
        self.assertEqual(state(), before)

    def test_a_set_is_copied_to_the_next_year_with_its_rules_moved(self):
        copy = services.criteria_set_copy(criteria_set=self.campaign.criteria_set, actor=self.user("steering"))
        self.assertEqual((copy.year, copy.title, copy.locked_at, copy.source_set_id),
                         (2026, "Bộ tiêu chí xác định Chỉ số CCHC của các sở, ban, ngành năm 2026", None, self.campaign.criteria_set_id))
        self.assertEqual(copy.criteria.count(), 11)
        self.assertEqual(copy.criteria.get(code="1.1").rule_params, {"date": "31/12/2025"})
        self.assertEqual(copy.criteria.get(code="1.2").parent.code, "1")
        self.refused(lambda: services.criteria_set_copy(criteria_set=self.campaign.criteria_set, actor=self.user("steering")),
                     "Tỉnh Thử Nghiệm đã có bộ tiêu chí năm 2026 cho cấp này.")

    def test_classes_are_edited_with_their_exact_edges(self):
        services.criteria_set_update(criteria_set=self.campaign.criteria_set, actor=self.user("steering"),
                                     thresholds=[{"label": "Khá", "min": "65"}, {"label": "Tốt", "min": "80"}])
        self.assertEqual(CriteriaSet.objects.get(pk=self.campaign.criteria_set_id).thresholds,
                         [{"label": "Tốt", "min": "80"}, {"label": "Khá", "min": "65"}])
        self.refused(lambda: services.criteria_set_update(criteria_set=self.campaign.criteria_set, actor=self.user("steering"),
                                                          thresholds=[{"label": "Tốt", "min": "120"}]),
                     "Mức xếp loại 1: cần tên và chỉ số tối thiểu từ 0 đến 100.")


class TestCampaigns(ServiceCase):
    def test_a_commune_merged_during_the_year_is_assessed_as_its_successor(self):
        commune_set = services.criteria_set_from_tree(tree(), unit=self.world.province, level="commune", year=2025,
                                                      actor=self.user("steering"))
        opened = services.campaign_open(unit=self.world.province, criteria_set=commune_set, opens_on=dt.date(2026, 1, 5),
                                        self_days=10, appraisal_days=10, explanation_days=5, publication_days=5,
                                        actor=self.user("steering"))
        self.assertEqual([a.unit.name for a in opened.assessments.all()], ["Xã Mới"])
        old = services.criteria_set_from_tree(tree(), unit=self.world.province, level="commune", year=2024,
                                              actor=self.user("steering"))
        self.assertEqual([u.name for u in services.expected_units(self.world.province, old.level, 2024)], ["Xã Cũ Hai", "Xã Cũ Một"])

    def test_deadlines_count_working_days_from_one_another(self):
        opened = services.campaign_open(unit=self.world.province, criteria_set=department_set(self.world, year=2024),
                                        opens_on=dt.date(2025, 1, 20), self_days=10, appraisal_days=5, explanation_days=3,
                                        publication_days=5, actor=self.user("steering"))
        # Mon 20/01/2025 + 10 working days skips Tết (27–31/01): 21, 22, 23, 24, 03/02, 04, 05, 06, 07, 10/02
        self.assertEqual((opened.self_due, opened.appraisal_due, opened.explanation_due, opened.publication_due),
                         (dt.date(2025, 2, 10), dt.date(2025, 2, 17), dt.date(2025, 2, 20), dt.date(2025, 2, 27)))

    def test_a_unit_outside_the_steering_units_reach_is_refused(self):
        other = department_set(self.world, year=2023)
        self.refused(lambda: services.campaign_open(
            unit=self.world.province, criteria_set=other, opens_on=dt.date(2024, 1, 5), self_days=10, appraisal_days=10,
            explanation_days=5, publication_days=5, units=[self.world.dept_a, self.world.commune_new], actor=self.user("steering")),
            "Xã Mới không phải là đơn vị thuộc cấp này trực thuộc Tỉnh Thử Nghiệm năm 2023.")
        with self.assertRaises(PermissionDenied):
            services.campaign_open(unit=self.world.dept_b, criteria_set=other, opens_on=dt.date(2024, 1, 5), self_days=10,
                                   appraisal_days=10, explanation_days=5, publication_days=5, actor=self.user("outsider"))

    def test_a_calendar_change_moves_the_open_deadlines(self):
        before = WorkCalendar(name="t")
        day = self.campaign.self_due - dt.timedelta(days=1)
        while not before.is_working_day(day):
            day -= dt.timedelta(days=1)
        after = WorkCalendar(extra_days_off={day}, name="t")
        moved = list(calendar_sources.moved_campaign_deadlines(before, after, frozenset({day})))
        self.assertEqual([m.key[2] for m in moved], ["self_due", "appraisal_due", "explanation_due", "publication_due"])
        self.assertEqual(moved[0].new, after.next_working_day(moved[0].old))
        calendar_sources.apply_moved(moved, after)
        self.campaign.refresh_from_db()
        self.assertEqual(self.campaign.self_due, moved[0].new)


class TestSelfAssessment(ServiceCase):
    def score(self, code, points, actor="focal", **kwargs):
        return lambda: services.self_score_save(assessment=self.assessment, criterion=criterion(self.assessment, code),
                                                points=points, actor=self.user(actor), **kwargs)

    def test_bad_numbers_are_named_by_criterion(self):
        self.refused(self.score("2.2", "25"), "Tiêu chí 2.2: 25 vượt điểm tối đa 20.")
        self.refused(self.score("2.2", "mười"), "Tiêu chí 2.2: điểm “mười” không phải là số (ví dụ 1,5).")
        self.refused(self.score("2.2", "1,5,0"), "Tiêu chí 2.2: điểm “1,5,0” không phải là số (ví dụ 1,5).")
        self.refused(self.score("2.2", "-1"), "Tiêu chí 2.2: điểm không được âm.")
        self.refused(self.score("2.2", "1,255"), "Tiêu chí 2.2: điểm “1,255” có quá hai chữ số thập phân.")
        self.refused(self.score("3.1", "10"), "Tiêu chí 3.1 không do đơn vị tự chấm.")

    def test_a_decimal_comma_is_read(self):
        self.score("2.2", "17,5")()
        self.assertEqual(Score.objects.get(assessment=self.assessment, criterion__code="2.2").self_points, Decimal("17.5"))

    def test_bonus_and_penalty_claims_stay_within_their_caps(self):
        self.refused(self.score("T1", "2,5"), "Tiêu chí T1: 2,5 vượt điểm tối đa 2.")
        self.score("T1", "2")()
        self.score("P1", "5")()
        self.refused(self.score("P1", "5,5"), "Tiêu chí P1: 5,5 vượt điểm tối đa 5.")

    def test_the_set_caps_the_bonus_over_several_items(self):
        two = tree(bonus=[{"code": "T1", "title": "Sáng kiến", "max_points": "2"}, {"code": "T2", "title": "Giải thưởng",
                                                                                   "max_points": "2"}], bonus_cap="3")
        criteria_set = services.criteria_set_from_tree(two, unit=self.world.province, level="department", year=2024,
                                                       actor=self.user("steering"))
        opened = services.campaign_open(unit=self.world.province, criteria_set=criteria_set, opens_on=timezone.localdate(),
                                        self_days=10, appraisal_days=10, explanation_days=5, publication_days=5,
                                        actor=self.user("steering"))
        assessment = opened.assessments.get(unit=self.world.dept_a)
        services.self_score_save(assessment=assessment, criterion=criterion(assessment, "T1"), points="2", actor=self.user("focal"))
        before = state()
        with self.assertRaises(ValidationError) as raised:
            services.self_score_save(assessment=assessment, criterion=criterion(assessment, "T2"), points="1,5",
                                     actor=self.user("focal"))
        self.assertEqual(messages(raised.exception),
                         ["Mục T2: tổng điểm thưởng sẽ là 3,5, vượt mức tối đa 3 của bộ tiêu chí."])
        self.assertEqual(state(), before)

    def test_a_score_other_than_the_suggestion_needs_a_reason(self):
        department_plan(self.world)  # issued 20/12/2024
        self.refused(self.score("1.1", "2"), "Tiêu chí 1.1: điểm tự chấm khác điểm gợi ý (4 điểm); cần ghi lý do.")
        self.score("1.1", None, accept_suggestion=True)()
        score = Score.objects.get(assessment=self.assessment, criterion__code="1.1")
        self.assertEqual((score.self_points, score.suggested_points, score.suggestion_accepted), (Decimal("4"), Decimal("4"), True))
        self.score("1.1", "3", override_reason="Kế hoạch thiếu nội dung tuyên truyền")()
        score.refresh_from_db()
        self.assertEqual((score.self_points, score.suggestion_accepted, score.override_reason),
                         (Decimal("3"), False, "Kế hoạch thiếu nội dung tuyên truyền"))

    def test_submitting_needs_every_score_and_evidence_or_an_explanation(self):
        self.score("2.2", "18")()
        found = self.refused(lambda: services.assessment_submit(assessment=self.assessment, actor=self.user("head")))
        self.assertEqual(found, ["Tiêu chí 1.1: chưa tự chấm điểm.", "Tiêu chí 1.2: chưa tự chấm điểm.",
                                 "Tiêu chí 1.3: chưa tự chấm điểm.", "Tiêu chí 2.1: chưa tự chấm điểm."])
        for code, points in (("1.1", "4"), ("1.2", "6"), ("1.3", "8"), ("2.1", "28")):
            services.self_score_save(assessment=self.assessment, criterion=criterion(self.assessment, code), points=points,
                                     override_reason="Theo số liệu của đơn vị", actor=self.user("focal"))
        found = self.refused(lambda: services.assessment_submit(assessment=self.assessment, actor=self.user("head")))
        self.assertEqual(found, [
            "Tiêu chí 1.1: bắt buộc có tài liệu kiểm chứng; đính kèm hoặc giải thích trong ghi chú vì sao không có.",
            "Tiêu chí 1.2: bắt buộc có tài liệu kiểm chứng; đính kèm hoặc giải thích trong ghi chú vì sao không có."])
        services.evidence_add(assessment=self.assessment, criterion=criterion(self.assessment, "1.1"), actor=self.user("focal"),
                              upload=SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 ke hoach"))
        services.self_score_save(assessment=self.assessment, criterion=criterion(self.assessment, "1.2"), points="6",
                                 note="Báo cáo gửi qua hệ thống văn bản điện tử", actor=self.user("focal"))
        services.assessment_submit(assessment=self.assessment, actor=self.user("head"))
        self.assertEqual(Assessment.objects.get(pk=self.assessment.pk).stage, Stage.SUBMITTED)

    def test_the_focal_officer_cannot_submit_and_nobody_edits_after_submission(self):
        score_all(self.assessment, self.user("focal"))
        with self.assertRaises(PermissionDenied):
            services.assessment_submit(assessment=self.assessment, actor=self.user("focal"))
        services.assessment_submit(assessment=self.assessment, actor=self.user("head"))
        today = timezone.localdate().strftime("%d/%m/%Y")
        self.refused(self.score("2.2", "20"), f"Kết quả tự đánh giá đã nộp ngày {today}; không sửa được nữa.")
        self.refused(lambda: services.evidence_add(assessment=self.assessment, criterion=criterion(self.assessment, "2.2"),
                                                   actor=self.user("focal"),
                                                   upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 a")),
                     "Chỉ thêm tài liệu kiểm chứng khi tự đánh giá hoặc trong thời gian giải trình.")

    def test_a_unit_outside_reach_cannot_score(self):
        for persona in ("outsider", "commune", "steering", "viewer", "staff"):
            with self.subTest(persona), self.assertRaises(PermissionDenied):
                self.score("2.2", "10", actor=persona)()

    def test_evidence_reuses_the_units_own_records_only(self):
        plan = department_plan(self.world)
        evidence = services.evidence_add(assessment=self.assessment, criterion=criterion(self.assessment, "1.1"),
                                         actor=self.user("focal"), plan=plan)
        self.assertEqual((evidence.kind, evidence.title, evidence.get_absolute_url()),
                         ("plan", "12/KH-SXD Cải cách hành chính năm 2025", f"/plans/{plan.pk}/"))
        other = self.campaign.assessments.get(unit=self.world.dept_b)
        with self.assertRaises(ValidationError):
            services.evidence_add(assessment=other, criterion=criterion(other, "1.1"), actor=self.user("admin"), plan=plan)


class TestAppraisal(ServiceCase):
    def appraise(self, code, points, comment="", actor="steering", assessment=None):
        target = assessment or self.assessment
        return lambda: services.appraisal_save(assessment=target, criterion=criterion(target, code), points=points,
                                               comment=comment, actor=self.user(actor))

    def test_changing_a_score_needs_a_comment(self):
        advance(self.assessment, self.world, Stage.SUBMITTED)
        self.refused(self.appraise("2.2", "15"), "Tiêu chí 2.2: điểm thay đổi từ 18 thành 15; cần ghi lý do trong nhận xét.")
        self.appraise("2.2", "18")()  # confirming the self score needs none
        self.appraise("2.2", "15", "Thiếu minh chứng công khai 5 TTHC")()
        score = Score.objects.get(assessment=self.assessment, criterion__code="2.2")
        self.assertEqual((score.self_points, score.appraised_points, score.appraisal_comment),
                         (Decimal("18"), Decimal("15"), "Thiếu minh chứng công khai 5 TTHC"))
        self.assertEqual(Assessment.objects.get(pk=self.assessment.pk).stage, Stage.APPRAISING)

    def test_the_unit_cannot_appraise_itself_and_nobody_appraises_before_submission(self):
        self.refused(self.appraise("2.2", "15", "x"), "Bảng điểm đang ở giai đoạn “Tự đánh giá”: chưa thẩm định lúc này.")
        advance(self.assessment, self.world, Stage.SUBMITTED)
        for persona in ("head", "focal", "outsider", "viewer"):
            with self.subTest(persona), self.assertRaises(PermissionDenied):
                self.appraise("2.2", "15", "x", actor=persona)()

    def test_explanations_within_the_window_only(self):
        advance(self.assessment, self.world, Stage.EXPLANATION)
        explain = lambda: services.explanation_save(assessment=self.assessment, criterion=criterion(self.assessment, "2.2"),  # noqa: E731
                                                    text="Đã công khai đủ", actor=self.user("focal"))
        explain()
        self.refused(lambda: services.explanations_lock(assessment=self.assessment, actor=self.user("steering")),
                     f"Đơn vị được giải trình đến ngày {self.campaign.explanation_due:%d/%m/%Y}; chỉ kết thúc giải trình sau ngày đó.")
        AssessmentCampaign.objects.filter(pk=self.campaign.pk).update(explanation_due=timezone.localdate() - dt.timedelta(days=1))
        self.assessment.refresh_from_db()
        closed = (timezone.localdate() - dt.timedelta(days=1)).strftime("%d/%m/%Y")
        self.refused(explain, f"Thời hạn giải trình đã hết ngày {closed}.")
        services.explanations_lock(assessment=Assessment.objects.get(pk=self.assessment.pk), actor=self.user("steering"))
        self.assertEqual(Assessment.objects.get(pk=self.assessment.pk).stage, Stage.ROUND2)

    def test_the_appraisal_is_hidden_from_the_unit_until_sent(self):
        from cchc.parindex.api.serializers import shows_appraisal

        advance(self.assessment, self.world, Stage.APPRAISING)
        self.assertEqual((shows_appraisal(self.user("focal"), self.assessment), shows_appraisal(self.user("steering"), self.assessment)),
                         (False, True))
        services.preliminary_send(assessment=self.assessment, actor=self.user("steering"))
        self.assertTrue(shows_appraisal(self.user("focal"), Assessment.objects.get(pk=self.assessment.pk)))


class TestSurveyAndPublication(ServiceCase):
    def table(self, text):
        return SimpleUploadedFile("diem-xhh.csv", text.encode("utf-8"), content_type="text/csv")

    def test_survey_points_are_imported_per_unit_and_every_bad_line_is_named(self):
        bad = "Mã đơn vị,Mã tiêu chí,Điểm\nTN-SXD,3.1,\"25,5\"\nTN-XM,3.1,20\nTN-STC,2.2,10\nTN-STC,3.1,40\n"
        before = state()
        with self.assertRaises(ValidationError) as raised:
            services.survey_points_import(campaign=self.campaign, upload=self.table(bad), actor=self.user("steering"))
        self.assertEqual(messages(raised.exception), [
            "Dòng 3: không có đơn vị mã “TN-XM” trong đợt đánh giá này.",
            "Dòng 4: “2.2” không phải là tiêu chí điều tra XHH của bộ tiêu chí.",
            "Dòng 5: điểm “40” của tiêu chí 3.1 không phải là số từ 0 đến 32."])
        self.assertEqual(state(), before)
        count = services.survey_points_import(campaign=self.campaign, actor=self.user("steering"),
                                              upload=self.table("Mã đơn vị,Mã tiêu chí,Điểm\nTN-SXD,3.1,\"25,5\"\nTN-STC,3.1,28\n"))
        self.assertEqual(count, 2)
        self.assertEqual(sorted(Score.objects.filter(criterion__code="3.1").values_list("assessment__unit__code", "survey_points")),
                         [("TN-STC", Decimal("28")), ("TN-SXD", Decimal("25.5"))])

    def test_publication_needs_every_scorecard_final_and_stores_ranks_and_changes(self):
        self.refused(lambda: services.campaign_publish(campaign=self.campaign, decision_number="12/QĐ-UBND",
                                                       published_on=dt.date(2026, 4, 1), signer_title="Chủ tịch",
                                                       actor=self.user("steering")),
                     "Chưa chốt điểm: Sở Nội vụ, Sở Tài chính, Sở Xây dựng.")
        for assessment in self.campaign.assessments.all():
            advance(assessment, self.world, Stage.FINAL)
        services.survey_points_import(campaign=self.campaign, actor=self.user("steering"), upload=self.table(
            "Mã đơn vị,Mã tiêu chí,Điểm\nTN-SXD,3.1,30\nTN-STC,3.1,\"25,25\"\nTN-SNV,3.1,\"25,25\"\n"))
        results = services.campaign_publish(campaign=self.campaign, decision_number="12/QĐ-UBND", published_on=dt.date(2026, 4, 1),
                                            signer_title="Chủ tịch", actor=self.user("steering"))
        # each: 4 + 6 + 8 + 28 + 15 (appraised down from 18) = 61, plus survey: SXD 91, STC and SNV 86,25 (tied, rank 2)
        self.assertEqual([(r.unit.name, r.index, r.rank, r.label) for r in results], [
            ("Sở Xây dựng", Decimal("91.00"), 1, "Tốt"), ("Sở Nội vụ", Decimal("86.25"), 2, "Tốt"),
            ("Sở Tài chính", Decimal("86.25"), 2, "Tốt")])
        self.assertEqual(AssessmentCampaign.objects.get(pk=self.campaign.pk).status, "published")
        self.refused(lambda: services.survey_points_set(assessment=self.assessment, criterion=criterion(self.assessment, "3.1"),
                                                        points="10", actor=self.user("steering")),
                     "Kết quả đã công bố; không thay đổi được.")


class TestMergedUnitHistory(ServiceCase):
    def test_a_merged_commune_shows_its_predecessors_results(self):
        old = services.criteria_set_from_tree(tree(), unit=self.world.province, level="commune", year=2024,
                                              actor=self.user("steering"))
        opened = services.campaign_open(unit=self.world.province, criteria_set=old, opens_on=timezone.localdate(), self_days=10,
                                        appraisal_days=10, explanation_days=5, publication_days=5, actor=self.user("steering"))
        for assessment in opened.assessments.all():
            advance(assessment, self.world, Stage.FINAL)
        services.campaign_publish(campaign=opened, decision_number="9/QĐ-UBND", published_on=dt.date(2025, 3, 1),
                                  signer_title="Chủ tịch", actor=self.user("steering"))
        history = selectors.unit_results(self.world.commune_new, self.user("commune")).history
        # 4 + 6 + 8 + 28 + 15 = 61 each, no survey points: both 61,00, tied first
        self.assertEqual([(r.unit.name, r.index, r.rank) for r in history],
                         [("Xã Cũ Hai", Decimal("61.00"), 1), ("Xã Cũ Một", Decimal("61.00"), 1)])
