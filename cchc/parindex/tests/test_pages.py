"""Persona matrix for every PAR INDEX page, and what the pages show."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from cchc.core.testing.scoped_cases import PersonaPageCase
from cchc.parindex import services
from cchc.parindex.choices import Stage
from cchc.parindex.models import Assessment, AssessmentCampaign, CriteriaSet, Score, ScoreEvidence
from cchc.parindex.tests.world import (
    APPROVE_DEPT,
    EDIT_DEPT,
    READ_ALL,
    READ_DEPT,
    STEER_DEPT,
    STEER_PROVINCE,
    ParWorld,
    matrix,
    pdf,
    posted,
    survey_tree,
)


class TestHome(ParWorld, PersonaPageCase):
    url_name = "parindex:home"
    expected = READ_ALL

    def test_the_department_sees_its_scorecard_and_the_campaign(self):
        response = self.client_for("focal").get(self.url())
        self.assertEqual([a.unit.name for a in response.context["mine"]], ["Sở Xây dựng"])
        self.assertEqual([c.title for c in response.context["campaigns"]], ["Chỉ số CCHC năm 2025: Sở, ban, ngành"])
        self.assertNotContains(response, reverse("parindex:campaign_create"))

    def test_the_steering_officer_may_open_a_campaign(self):
        self.assertContains(self.client_for("steering").get(self.url()), reverse("parindex:campaign_create"))


class TestAssessmentList(ParWorld, PersonaPageCase):
    url_name = "parindex:assessments"
    expected = READ_ALL

    def test_the_to_do_filters_hold_exactly_the_rows_to_act_on(self):
        rows = lambda persona, todo: [a.unit.name for a in self.client_for(persona).get(self.url(), {"todo": todo}).context["assessments"]]  # noqa: E731
        self.assertEqual(rows("focal", "self"), ["Sở Xây dựng"])
        self.assertEqual(rows("steering", "self"), [])
        self.assertEqual(rows("steering", "appraise"), [])
        self.assertEqual(rows("outsider", ""), ["Sở Tài chính"])
        self.assertEqual(rows("steering", ""), ["Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng"])

    def test_the_home_page_counts_the_same_rows(self):
        from cchc.core import todo

        items = {i.label: (i.count, i.url) for i in todo.items_for(self.world.users["focal"]) if i.group == "parindex"}
        self.assertEqual(items, {"Bảng điểm Chỉ số CCHC cần tự chấm": (1, "/parindex/assessments/?todo=self")})


class TestAppraiseToDo(ParWorld, PersonaPageCase):
    url_name = "parindex:assessments"
    expected = READ_ALL
    stage = Stage.SUBMITTED

    def test_a_submitted_scorecard_waits_for_the_steering_office(self):
        from cchc.core import todo

        items = {i.label: i.count for i in todo.items_for(self.world.users["steering"]) if i.group == "parindex"}
        self.assertEqual(items, {"Bảng điểm Chỉ số CCHC cần thẩm định": 1})
        response = self.client_for("steering").get(self.url(), {"todo": "appraise"})
        self.assertEqual([a.unit.name for a in response.context["assessments"]], ["Sở Xây dựng"])


class TestSetDetail(ParWorld, PersonaPageCase):
    url_name = "parindex:set_detail"
    expected = READ_ALL

    url_object = "criteria_set"

    def test_the_tree_shows_points_methods_and_rules(self):
        response = self.client_for("steering").get(self.url())
        self.assertContains(response, "100 = 68 thẩm định + 32 điều tra XHH")
        self.assertContains(response, "Bảng ngưỡng · Một chỉ số của hệ thống theo mã (on_time_rate)")
        self.assertContains(response, reverse("parindex:criterion_rule", args=[self.criterion.pk]))
        self.assertNotContains(self.client_for("focal").get(self.url()), reverse("parindex:set_edit", args=[self.criteria_set.pk]))


class TestSetEdit(ParWorld, PersonaPageCase):
    url_name = "parindex:set_edit"
    expected = STEER_PROVINCE
    write_expected = posted(STEER_PROVINCE)

    url_object = "criteria_set"

    def write_data(self):
        return {"title": "Bộ tiêu chí năm 2025 (sửa)", "legal_basis": "QĐ 1187/QĐ-BNV", "thresholds": "Tốt: 85\nKhá: 70\nYếu: 0",
                "bonus_cap": "1,5", "penalty_cap": "5"}

    def test_classes_are_read_line_by_line(self):
        self.client_for("steering").post(self.url(), self.write_data())
        criteria_set = CriteriaSet.objects.get(pk=self.criteria_set.pk)
        self.assertEqual((criteria_set.thresholds, criteria_set.bonus_cap),
                         ([{"label": "Tốt", "min": "85"}, {"label": "Khá", "min": "70"}, {"label": "Yếu", "min": "0"}], Decimal("1.5")))

    def test_a_class_line_without_a_minimum_is_named(self):
        response = self.client_for("steering").post(self.url(), {**self.write_data(), "thresholds": "Tốt: 85\nKhá"})
        self.assertContains(response, "Dòng 2: ghi xếp loại và mức tối thiểu, ví dụ Tốt: 80.")


class TestSetCopy(ParWorld, PersonaPageCase):
    url_name = "parindex:set_copy"
    expected = STEER_PROVINCE
    write_expected = posted(STEER_PROVINCE)

    url_object = "criteria_set"

    def write_data(self):
        return {"year": "2026"}


class TestSetExport(ParWorld, PersonaPageCase):
    url_name = "parindex:set_export"
    expected = READ_ALL

    url_object = "criteria_set"


class TestSetUpload(ParWorld, PersonaPageCase):
    url_name = "parindex:set_upload"
    expected = STEER_PROVINCE


class TestRuleEdit(ParWorld, PersonaPageCase):
    url_name = "parindex:criterion_rule"
    expected = STEER_PROVINCE
    write_expected = posted(STEER_PROVINCE)

    url_object = "criterion"

    def write_data(self):
        return {"kind": "threshold", "source": "metric", "metric": "online_share", "table": "80: 20\n50: 10"}

    def test_the_rule_is_stored_as_parameters(self):
        self.client_for("steering").post(self.url(), self.write_data())
        self.criterion.refresh_from_db()
        self.assertEqual((self.criterion.rule_kind, self.criterion.rule_source, self.criterion.rule_params),
                         ("threshold", "metric", {"metric": "online_share", "table": [{"min": "80", "points": "20"},
                                                                                       {"min": "50", "points": "10"}]}))

    def test_a_row_above_the_maximum_is_named(self):
        response = self.client_for("steering").post(self.url(), {**self.write_data(), "table": "80: 25"})
        self.assertContains(response, "2.2: Dòng 1 của bảng ngưỡng cho 25 điểm, vượt điểm tối đa 20.")


class TestCampaignCreate(ParWorld, PersonaPageCase):
    url_name = "parindex:campaign_create"
    expected = STEER_PROVINCE
    write_expected = posted(STEER_PROVINCE)

    @classmethod
    def extra_data(cls, world):
        super().extra_data(world)
        cls.next_set = services.criteria_set_copy(criteria_set=cls.criteria_set, actor=world.users["steering"])

    def write_data(self):
        return {"unit": self.world.province.pk, "criteria_set": self.next_set.pk, "opens_on": "05/01/2027", "self_days": "15",
                "appraisal_days": "10", "explanation_days": "5", "publication_days": "5", "survey_conducted": "on"}

    def test_the_departments_get_their_scorecards(self):
        self.client_for("steering").post(self.url(), self.write_data())
        opened = AssessmentCampaign.objects.get(criteria_set=self.next_set)
        self.assertEqual(opened.assessments.count(), 3)


class TestCampaignDetail(ParWorld, PersonaPageCase):
    url_name = "parindex:campaign_detail"
    expected = READ_ALL

    url_object = "campaign"

    def test_each_unit_sees_its_own_scorecard_only(self):
        self.assertEqual([a.unit.name for a in self.client_for("focal").get(self.url()).context["assessments"]], ["Sở Xây dựng"])
        self.assertEqual([a.unit.name for a in self.client_for("outsider").get(self.url()).context["assessments"]], ["Sở Tài chính"])
        self.assertEqual(len(self.client_for("steering").get(self.url()).context["assessments"]), 3)


class TestRanking(ParWorld, PersonaPageCase):
    url_name = "parindex:ranking"
    expected = READ_ALL
    with_published = True

    url_object = "published"

    def test_the_published_ranking_with_its_chart(self):
        response = self.client_for("outsider").get(self.url())
        rows = [(r.unit.name, r.index, r.rank, r.label) for r in response.context["ranking"].rows]
        # 4 + 6 + 8 + 28 + 15 + survey 25 = 86 for each department: three tied first
        self.assertEqual(rows, [("Sở Nội vụ", Decimal("86.00"), 1, "Tốt"), ("Sở Tài chính", Decimal("86.00"), 1, "Tốt"),
                                ("Sở Xây dựng", Decimal("86.00"), 1, "Tốt")])
        self.assertContains(response, 'id="ranking-data"')
        self.assertContains(response, reverse("parindex:unit", args=[self.world.dept_b.pk]))
        self.assertNotContains(response, reverse("parindex:unit", args=[self.world.dept_a.pk]))

    def test_an_open_campaign_is_ranked_for_the_steering_office_only(self):
        url = reverse(self.url_name, args=[self.campaign.pk])
        self.assertIsNone(self.client_for("focal").get(url).context["ranking"])
        self.assertFalse(self.client_for("steering").get(url).context["ranking"].published)


class TestAnnouncement(ParWorld, PersonaPageCase):
    url_name = "parindex:announcement"
    expected = READ_ALL
    with_published = True

    url_object = "published"

    def test_the_decision_is_a_word_file_with_the_ranking_annex(self):
        import io

        from docx import Document

        response = self.client_for("steering").get(self.url())
        document = Document(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
        text = "\n".join(p.text for p in document.paragraphs)
        self.assertIn("Công bố Chỉ số cải cách hành chính năm 2024 của các sở, ban, ngành", text)
        self.assertIn("Số: 15/QĐ-UBND", "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells))
        annex = document.tables[-1]
        self.assertEqual([c.text for c in annex.rows[1].cells][:3], ["1", "Sở Nội vụ", "61"])
        self.assertEqual(len(annex.rows), 4)

    def test_an_unpublished_campaign_has_no_decision(self):
        self.assertEqual(self.client_for("steering").get(reverse(self.url_name, args=[self.campaign.pk])).status_code, 404)


class TestAnnouncementPdf(ParWorld, PersonaPageCase):
    """The announcement decision as PDF for signing, converted from the Word decision, once published: the
    conversion is the province's (the campaign's unit), the departments read the Word decision."""

    url_name = "documents:pdf_request"
    expected = matrix(404, admin=200, steering=200, viewer=200)
    with_published = True

    def url(self):
        return reverse(self.url_name, args=["par_announcement", self.published.pk])

    def test_it_is_the_word_decision_and_nothing_before_publication(self):
        import io

        from docx import Document

        from cchc.documents import pdf_exports

        def text(data: bytes) -> str:
            return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)

        source = pdf_exports.source("par_announcement")
        word = self.client_for("steering").get(reverse("parindex:announcement", args=[self.published.pk]))
        self.assertEqual(text(source.docx(self.published)), text(b"".join(word.streaming_content) if word.streaming else word.content))
        self.assertEqual(source.filename(self.published), f"quyet-dinh-cong-bo-chi-so-cchc-2024-{self.published.pk}.pdf")
        unpublished = reverse(self.url_name, args=["par_announcement", self.campaign.pk])
        self.assertEqual(self.client_for("steering").get(unpublished).status_code, 404)
        self.assertEqual(self.client_for("steering").post(unpublished, {"make": "pdf"}).status_code, 404)


class TestScoresExport(ParWorld, PersonaPageCase):
    url_name = "parindex:scores_xlsx"
    expected = STEER_PROVINCE
    stage = Stage.APPRAISING

    url_object = "campaign"

    def test_every_score_side_by_side(self):
        import io

        from openpyxl import load_workbook

        response = self.client_for("steering").get(self.url())
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
        self.assertEqual(len(rows), 3 * 8)
        row = {(r[0], r[3]): r[7:12] for r in rows}
        # self, suggested, reason against the suggestion, round 1, its comment
        self.assertEqual(row[("TN-SXD", "2.2")], [18, None, None, 15, "Chưa công khai đủ 20 TTHC"])
        self.assertEqual(row[("TN-SXD", "1.1")], [4, 0, "Số liệu thực tế của đơn vị", None, None])


class TestPublish(ParWorld, PersonaPageCase):
    url_name = "parindex:publish"
    expected = STEER_PROVINCE
    write_expected = posted(STEER_PROVINCE)
    stage = Stage.FINAL

    @classmethod
    def extra_data(cls, world):
        from cchc.parindex.tests.factories import advance

        super().extra_data(world)
        for assessment in cls.campaign.assessments.exclude(pk=cls.assessment.pk):
            advance(assessment, world, Stage.FINAL)

    url_object = "campaign"

    def write_data(self):
        return {"decision_number": "20/QĐ-UBND", "published_on": "01/04/2026", "signer_title": "Chủ tịch", "signer_name": ""}


class TestSurveyImport(ParWorld, PersonaPageCase):
    url_name = "parindex:survey_import"
    expected = STEER_PROVINCE
    write_expected = posted(STEER_PROVINCE)

    url_object = "campaign"

    def write_data(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return {"file": SimpleUploadedFile("xhh.csv", "Mã đơn vị,Mã tiêu chí,Điểm\nTN-SXD,3.1,\"27,5\"\n".encode(), content_type="text/csv")}

    def test_a_bad_line_is_named_on_the_page(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("xhh.csv", "Mã đơn vị,Mã tiêu chí,Điểm\nTN-SXD,3.1,\"2,5,5\"\n".encode(), content_type="text/csv")
        response = self.client_for("steering").post(self.url(), {"file": upload})
        self.assertContains(response, "Dòng 2: điểm “2,5,5” của tiêu chí 3.1 không phải là số từ 0 đến 32.")


class TestSurveyCompute(ParWorld, PersonaPageCase):
    url_name = "parindex:survey_compute"
    expected = STEER_PROVINCE
    write_expected = posted(STEER_PROVINCE)
    tree_changes = survey_tree()

    url_object = "campaign"

    def write_data(self):
        return {"confirm": "yes"}


class TestAssessment(ParWorld, PersonaPageCase):
    url_name = "parindex:assessment"
    expected = READ_DEPT

    url_object = "assessment"

    def test_the_page_shows_progress_areas_and_suggestions(self):
        response = self.client_for("focal").get(self.url())
        self.assertContains(response, "Đã chấm 0/5 tiêu chí")
        self.assertContains(response, "Chưa ban hành kế hoạch CCHC năm 2025: chưa thực hiện: 0 điểm")
        self.assertContains(response, reverse("parindex:self_score", args=[self.assessment.pk]))
        self.assertNotContains(self.client_for("steering").get(self.url()), 'name="points"')

    def test_the_query_count_does_not_grow_with_the_criteria(self):
        import datetime as dt

        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from cchc.parindex.tests.factories import tree

        nodes = [dict(n) for n in tree()["nodes"]]
        nodes[0]["max_points"] = Decimal("40")
        nodes += [{"code": f"1.4.{i}", "title": f"Nội dung {i}", "max_points": Decimal("1"), "parent": "1.4", "method": "appraisal",
                   "evidence_required": i % 2 == 0, "guidance": "", "options": [{"label": "Có", "points": "1"}]} for i in range(1, 21)]
        nodes.insert(4, {"code": "1.4", "title": "Tuyên truyền CCHC", "max_points": Decimal("20"), "parent": "1", "method": "appraisal",
                         "evidence_required": False, "guidance": "", "options": []})
        bigger = services.criteria_set_from_tree(tree(nodes=nodes, total_points="120"), unit=self.world.province, level="department",
                                                 year=2026, actor=self.world.users["steering"])
        opened = services.campaign_open(unit=self.world.province, criteria_set=bigger, opens_on=dt.date(2027, 1, 5), self_days=10,
                                        appraisal_days=10, explanation_days=5, publication_days=5, actor=self.world.users["steering"])
        client = self.client_for("focal")
        counts = []
        for assessment in (self.assessment, opened.assessments.get(unit=self.world.dept_a)):
            url = reverse(self.url_name, args=[assessment.pk])
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(client.get(url).status_code, 200)
            counts.append(len(captured.captured_queries))
        self.assertEqual(counts[0], counts[1])


class TestAppraisal(ParWorld, PersonaPageCase):
    url_name = "parindex:appraisal"
    expected = STEER_DEPT
    stage = Stage.SUBMITTED

    url_object = "assessment"

    def test_each_score_beside_its_suggestion_and_evidence(self):
        response = self.client_for("steering").get(self.url())
        self.assertContains(response, reverse("parindex:appraise", args=[self.assessment.pk]))
        self.assertContains(response, "Số liệu thực tế của đơn vị")


class TestHistory(ParWorld, PersonaPageCase):
    url_name = "parindex:history"
    expected = READ_DEPT
    stage = Stage.APPRAISING

    url_object = "assessment"

    def test_every_change_with_who_and_what(self):
        changes = self.client_for("head").get(self.url()).context["changes"]
        first = changes[0]
        self.assertEqual((first.who, first.code), ("Steering", "2.2"))
        self.assertIn(("điểm thẩm định vòng 1", None, Decimal("15.00")), first.fields)


class TestSelfScore(ParWorld, PersonaPageCase):
    url_name = "parindex:self_score"
    expected = EDIT_DEPT
    write_expected = posted(EDIT_DEPT)

    url_object = "assessment"

    def write_data(self):
        return {"criterion": self.criterion.pk, "points": "17,5", "note": "Đã công khai trên Cổng DVC"}

    def test_htmx_saves_the_row_and_the_progress(self):
        response = self.client_for("focal").post(self.url(), self.write_data(), HTTP_HX_REQUEST="true")
        self.assertTemplateUsed(response, "parindex/_self_row.html")
        self.assertContains(response, 'hx-swap-oob="true"')
        self.assertContains(response, "Đã chấm 1/5 tiêu chí")
        self.assertEqual(Score.objects.get(assessment=self.assessment, criterion=self.criterion).self_points, Decimal("17.5"))

    def test_htmx_shows_the_error_in_the_row_and_keeps_what_was_typed(self):
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "points": "1,5,0"}, HTTP_HX_REQUEST="true")
        self.assertContains(response, "Tiêu chí 2.2: điểm “1,5,0” không phải là số (ví dụ 1,5).")
        self.assertContains(response, 'value="1,5,0"')
        self.assertFalse(Score.objects.filter(assessment=self.assessment).exists())

    def test_a_criterion_of_another_set_is_not_found(self):
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "criterion": 999999})
        self.assertContains(response, "Không có tiêu chí này trong bộ tiêu chí của bảng điểm.")


class TestEvidenceAdd(ParWorld, PersonaPageCase):
    url_name = "parindex:evidence_add"
    expected = EDIT_DEPT
    write_expected = posted(EDIT_DEPT)

    @classmethod
    def extra_data(cls, world):
        from cchc.plans.tests.factories import department_plan

        super().extra_data(world)
        cls.plan = department_plan(world)

    def url(self):
        return reverse(self.url_name, args=[self.assessment.pk]) + f"?criterion={self.criterion.pk}"

    def write_data(self):
        return {"criterion": self.criterion.pk, "file": pdf()}

    def test_a_plan_the_platform_holds_is_picked_not_uploaded(self):
        response = self.client_for("focal").get(self.url())
        self.assertContains(response, f'value="plan:{self.plan.pk}"')
        self.client_for("focal").post(self.url(), {"criterion": self.criterion.pk, "record": f"plan:{self.plan.pk}"})
        evidence = ScoreEvidence.objects.get(score__assessment=self.assessment)
        self.assertEqual((evidence.kind, evidence.plan_id, evidence.file.name), ("plan", self.plan.pk, ""))

    def test_a_record_of_another_unit_is_not_offered(self):
        response = self.client_for("admin").post(self.url(), {"criterion": self.criterion.pk, "record": "plan:999999"})
        self.assertContains(response, "plan:999999")  # the bad choice is named back by Django's message
        self.assertFalse(ScoreEvidence.objects.exists())


class TestEvidenceFile(ParWorld, PersonaPageCase):
    url_name = "parindex:evidence_file"
    expected = READ_DEPT

    def setUp(self):
        # Each test has its own MEDIA_ROOT (conftest.py): put the stored file back in this one.
        from django.core.files.base import ContentFile
        from django.core.files.storage import default_storage

        default_storage.save(self.evidence.file.name, ContentFile(b"%PDF-1.4 cong khai"))

    @classmethod
    def extra_data(cls, world):
        super().extra_data(world)
        cls.evidence = cls.upload()

    url_object = "evidence"

    def test_the_file_is_a_download(self):
        response = self.client_for("focal").get(self.url())
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="cong-khai.pdf"')


class TestEvidenceRemove(ParWorld, PersonaPageCase):
    url_name = "parindex:evidence_remove"
    expected = EDIT_DEPT
    write_expected = posted(EDIT_DEPT)

    @classmethod
    def extra_data(cls, world):
        super().extra_data(world)
        cls.evidence = cls.upload()

    url_object = "evidence"

    def write_data(self):
        return {"confirm": "yes"}


class TestSubmit(ParWorld, PersonaPageCase):
    url_name = "parindex:submit"
    expected = APPROVE_DEPT
    write_expected = posted(APPROVE_DEPT)

    @classmethod
    def extra_data(cls, world):
        from cchc.parindex.tests.factories import score_all

        super().extra_data(world)
        score_all(cls.assessment, world.users["focal"])

    url_object = "assessment"

    def write_data(self):
        return {"confirm": "yes"}

    def test_submission_locks_the_scores(self):
        self.client_for("head").post(self.url(), self.write_data())
        self.assertEqual(Assessment.objects.get(pk=self.assessment.pk).stage, Stage.SUBMITTED)
        response = self.client_for("focal").get(reverse("parindex:assessment", args=[self.assessment.pk]))
        self.assertNotContains(response, 'name="points"')


class TestAppraise(ParWorld, PersonaPageCase):
    url_name = "parindex:appraise"
    expected = STEER_DEPT
    write_expected = posted(STEER_DEPT)
    stage = Stage.SUBMITTED

    url_object = "assessment"

    def write_data(self):
        return {"criterion": self.criterion.pk, "points": "16", "comment": "Thiếu 4 TTHC chưa công khai"}

    def test_a_change_without_a_comment_is_refused_on_the_row(self):
        response = self.client_for("steering").post(self.url(), {**self.write_data(), "comment": ""}, HTTP_HX_REQUEST="true")
        self.assertContains(response, "Tiêu chí 2.2: điểm thay đổi từ 18 thành 16; cần ghi lý do trong nhận xét.")


class TestSurveyScore(ParWorld, PersonaPageCase):
    url_name = "parindex:survey_score"
    expected = STEER_DEPT
    write_expected = posted(STEER_DEPT)

    url_object = "assessment"

    def write_data(self):
        return {"criterion": self.survey_criterion.pk, "points": "26,4"}


class TestPreliminary(ParWorld, PersonaPageCase):
    url_name = "parindex:preliminary"
    expected = STEER_DEPT
    write_expected = posted(STEER_DEPT)
    stage = Stage.APPRAISING

    url_object = "assessment"

    def write_data(self):
        return {"confirm": "yes"}


class TestExplain(ParWorld, PersonaPageCase):
    url_name = "parindex:explain"
    expected = EDIT_DEPT
    write_expected = posted(EDIT_DEPT)
    stage = Stage.EXPLANATION

    url_object = "assessment"

    def write_data(self):
        return {"criterion": self.criterion.pk, "text": "Đã công khai đủ 20 TTHC, xem Quyết định 45/QĐ-SXD"}

    def test_the_unit_sees_the_preliminary_result(self):
        response = self.client_for("focal").get(reverse("parindex:assessment", args=[self.assessment.pk]))
        self.assertContains(response, "Thẩm định vòng 1: <strong>15</strong> — Chưa công khai đủ 20 TTHC", html=False)
        self.assertContains(response, reverse("parindex:explain", args=[self.assessment.pk]))


class TestLockExplanations(ParWorld, PersonaPageCase):
    url_name = "parindex:lock_explanations"
    expected = matrix(403, admin=200, steering=200, head=200, staff=404, outsider=404, commune=404)
    #: the steering office may close the window only once it has passed: before, its post is refused on the page
    write_expected = matrix(403, admin=302, steering=200, head=302, staff=404, outsider=404, commune=404)
    stage = Stage.EXPLANATION

    url_object = "assessment"

    def write_data(self):
        return {"confirm": "yes"}


class TestFinalise(ParWorld, PersonaPageCase):
    url_name = "parindex:finalise"
    expected = STEER_DEPT
    write_expected = posted(STEER_DEPT)
    stage = Stage.ROUND2

    url_object = "assessment"

    def write_data(self):
        return {"confirm": "yes"}


class TestUnitResults(ParWorld, PersonaPageCase):
    url_name = "parindex:unit"
    expected = READ_DEPT
    with_published = True

    def url(self):
        return reverse(self.url_name, args=[self.world.dept_a.pk])

    def test_areas_against_the_average_and_the_criteria_lost_most(self):
        data = self.client_for("head").get(self.url()).context["data"]
        self.assertEqual([(a["code"], a["index"]) for a in data.latest.areas], [("1", "90.00"), ("2", "89.58"), ("3", "78.13")])
        self.assertEqual([(a["code"], a["index"]) for a in data.averages], [("1", "90.00"), ("2", "89.58"), ("3", "78.13")])
        self.assertEqual([(x["code"], x["lost"]) for x in data.latest.lost], [("3.1", "7.00"), ("2.2", "5.00"), ("1.3", "2.00")])
        self.assertEqual([a.unit.name for a in data.current], ["Sở Xây dựng"])
