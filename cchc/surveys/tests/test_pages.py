"""Persona matrix for every staff page of the surveys app, and what the pages do."""

from __future__ import annotations

import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image

from cchc.core.testing.scoped_cases import PersonaPageCase
from cchc.surveys.models import AccessPoint, Campaign, Questionnaire, Response
from cchc.surveys.tests.world import answer_example, builtin, campaign_of, point, surveys_state

ALL = ["admin", "steering", "viewer", "head", "focal", "staff", "outsider", "commune", "anonymous"]


def matrix(default: int, *, anonymous: int = 302, **statuses) -> dict[str, int]:
    return {persona: statuses.get(persona, default) for persona in ALL} | {"anonymous": anonymous}


READ_ALL = matrix(200)
#: the campaign of Sở Xây dựng that also surveys its Phòng Quản lý xây dựng
READ_CAMPAIGN = matrix(200, outsider=404, commune=404)
EDIT_CAMPAIGN = matrix(403, admin=200, head=200, focal=200, outsider=404, commune=404)
#: anyone who edits some unit may copy a questionnaire for it
COPY = matrix(200, steering=403, viewer=403, staff=403)
#: the divisions of Sở Xây dựng read its questionnaire (they may run it) but do not edit it
EDIT_QUESTIONNAIRE = matrix(403, admin=200, head=200, focal=200, outsider=404, commune=404)
#: paper forms of Phòng Quản lý xây dựng: those who report for it
PAPER = matrix(200, steering=403, viewer=403, outsider=404, commune=404)


class SurveysWorld:
    @classmethod
    def extra_data(cls, world):
        cls.campaign = campaign_of(world)
        answer_example(cls.campaign, world.dept_a)
        cls.questionnaire = cls.campaign.questionnaire

    def state(self):
        return surveys_state()


class TestCampaignList(SurveysWorld, PersonaPageCase):
    url_name = "surveys:campaigns"
    expected = READ_ALL

    def test_each_person_lists_the_campaigns_in_reach(self):
        for persona, titles in (("outsider", []), ("staff", ["Khảo sát hài lòng năm 2025"]), ("steering", ["Khảo sát hài lòng năm 2025"])):
            response = self.client_for(persona).get(self.url())
            self.assertEqual([c.title for c in response.context["campaigns"]], titles, persona)


class TestCampaignCreate(SurveysWorld, PersonaPageCase):
    url_name = "surveys:campaign_create"
    expected = matrix(200, steering=403, viewer=403, staff=403)
    write_expected = matrix(403, admin=302, head=302, focal=302, outsider=200, commune=200)

    def write_data(self):
        return {"unit": self.world.dept_a.pk, "questionnaire": builtin().pk, "title": "Khảo sát quý IV",
                "starts_on": "01/10/2025", "ends_on": "31/12/2025", "targets": [self.world.division_a.pk], "counters": "Quầy số 1\nQuầy số 2"}

    def test_a_campaign_gets_a_link_qr_code_and_kiosk_per_unit_and_a_qr_code_per_counter(self):
        self.client_for("focal").post(self.url(), self.write_data())
        campaign = Campaign.objects.get(title="Khảo sát quý IV")
        self.assertEqual(sorted(campaign.access_points.values_list("channel", "counter")),
                         [("kiosk", ""), ("link", ""), ("qr", ""), ("qr", "Quầy số 1"), ("qr", "Quầy số 2")])

    def test_a_unit_outside_the_running_unit_is_refused(self):
        before = self.state()
        response = self.client_for("admin").post(self.url(), {**self.write_data(), "targets": [self.world.dept_b.pk]})
        self.assertContains(response, "Sở Tài chính không thuộc Sở Xây dựng.")
        self.assertEqual(self.state(), before)


class TestCampaignDetail(SurveysWorld, PersonaPageCase):
    url_name = "surveys:campaign"
    expected = READ_CAMPAIGN

    def url(self):
        return reverse(self.url_name, args=[self.campaign.pk])

    def test_the_division_sees_only_its_own_access_points(self):
        points = self.client_for("staff").get(self.url()).context["points"]
        self.assertEqual({p.unit for p in points}, {self.world.division_a})


class TestAccessPointAdd(SurveysWorld, PersonaPageCase):
    url_name = "surveys:access_point_add"
    expected = EDIT_CAMPAIGN
    write_expected = matrix(403, admin=302, head=302, focal=302, outsider=404, commune=404)

    def url(self):
        return reverse(self.url_name, args=[self.campaign.pk])

    def write_data(self):
        return {"unit": self.world.division_a.pk, "counter": "Quầy số 5", "channel": "kiosk"}


class TestPoster(SurveysWorld, PersonaPageCase):
    url_name = "surveys:poster"
    expected = matrix(200, outsider=404, commune=404)

    def url(self):
        return reverse(self.url_name, args=[point(self.campaign, self.world.division_a).pk])

    def test_the_poster_is_an_a5_pdf_or_png_with_the_qr_code(self):
        client = self.client_for("staff")
        pdf = client.get(self.url())
        self.assertEqual((pdf["Content-Type"], pdf.content[:5]), ("application/pdf", b"%PDF-"))
        # 148 × 210 mm: 1165 × 1654 dots at 200 dpi, in points
        self.assertTrue(b"/MediaBox [ 0 0 419.4 595.44 ]" in pdf.content, "the PDF page is not A5")
        png = client.get(self.url(), {"format": "png"})
        image = Image.open(io.BytesIO(png.content))
        self.assertEqual((png["Content-Type"], image.size), ("image/png", (1165, 1654)))
        self.assertIn("attachment", png["Content-Disposition"])


class TestPaperEntry(SurveysWorld, PersonaPageCase):
    url_name = "surveys:paper_entry"
    expected = PAPER
    write_expected = matrix(302, steering=403, viewer=403, outsider=404, commune=404)

    def url(self):
        return reverse(self.url_name, args=[point(self.campaign, self.world.division_a, "link").pk])

    def write_data(self):
        items = self.questionnaire.items.order_by("number").values_list("pk", flat=True)
        return {**{f"item_{pk}": "4" for pk in items}, "procedure_text": "Cấp phép xây dựng", "answered_on": timezone.localdate().strftime("%d/%m/%Y"),
                "paper_reference": "PG-12"}

    def test_a_paper_form_is_marked_as_such_with_the_officer(self):
        self.client_for("staff").post(self.url(), self.write_data())
        stored = Response.objects.get(channel="paper")
        self.assertEqual((stored.entered_by, stored.paper_reference, stored.unit), (self.world.users["staff"], "PG-12", self.world.division_a))

    def test_a_day_outside_the_campaign_is_refused(self):
        before = self.state()
        response = self.client_for("staff").post(self.url(), {**self.write_data(), "answered_on": "31/12/2024"})
        self.assertContains(response, "Ngày trả lời phải trong thời gian khảo sát")
        self.assertEqual(self.state(), before)


class TestResults(SurveysWorld, PersonaPageCase):
    url_name = "surveys:results"
    expected = READ_CAMPAIGN

    def url(self):
        return reverse(self.url_name, args=[self.campaign.pk])

    def test_the_page_shows_the_figures_worked_out_by_hand(self):
        response = self.client_for("focal").get(self.url())
        self.assertContains(response, '<strong id="headline">58,33%</strong>', html=False)
        self.assertContains(response, '<strong id="mean">3,67</strong>', html=False)

    def test_a_bad_month_is_ignored_with_a_message(self):
        response = self.client_for("focal").get(self.url(), {"month_from": "13/2025"})
        self.assertEqual(response.context["results"].responses, 4)


class TestResultsXlsx(SurveysWorld, PersonaPageCase):
    url_name = "surveys:results_xlsx"
    expected = READ_CAMPAIGN

    def url(self):
        return reverse(self.url_name, args=[self.campaign.pk])

    def test_formulas_typed_by_people_are_neutralised(self):
        from cchc.surveys.tests.world import answer

        answer(self.campaign, self.world.dept_a, (5, 5, 5), comment='=HYPERLINK("http://x","bấm")', sector="+Lĩnh vực")
        workbook = load_workbook(io.BytesIO(self.client_for("focal").get(self.url()).content))
        self.assertEqual(workbook.sheetnames[:3], ["Tổng hợp", "Theo nhận định", "Theo nhóm"])
        summary = workbook["Tổng hợp"]
        self.assertEqual([c.value for c in summary[4]][:8], ["Toàn bộ", 5, 1, 1, 3, 3, 7, 15])
        rows = list(workbook["Phiếu trả lời"].iter_rows(values_only=True))
        self.assertEqual(rows[-1][-1], '\'=HYPERLINK("http://x","bấm")')
        self.assertEqual(rows[-1][4], "'+Lĩnh vực")
        self.assertEqual([c.data_type for c in workbook["Phiếu trả lời"][len(rows)]][-1], "s")


class TestResultsDocx(SurveysWorld, PersonaPageCase):
    url_name = "surveys:results_docx"
    expected = READ_CAMPAIGN

    def url(self):
        return reverse(self.url_name, args=[self.campaign.pk])

    def test_the_summary_fills_in_and_keeps_markup_as_text(self):
        from docx import Document

        from cchc.surveys.tests.world import answer

        answer(self.campaign, self.world.dept_a, (1, 1, 1), sector="<w:p>{{ 7*7 }}</w:p>")
        document = Document(io.BytesIO(self.client_for("focal").get(self.url()).content))
        text = "\n".join(p.text for p in document.paragraphs)
        self.assertIn("Số phiếu: 5 (phiếu giấy: 0). Tỷ lệ hài lòng: 46,67%.", text)
        self.assertIn("Khảo sát hài lòng năm 2025", text)
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        self.assertIn("A. Công chức", cells)
        self.assertNotIn("49", " ".join(cells))


class TestQuestionnaireList(SurveysWorld, PersonaPageCase):
    url_name = "surveys:questionnaires"
    expected = READ_ALL

    def test_built_in_questionnaires_are_listed_for_everyone(self):
        builtin()
        response = self.client_for("outsider").get(self.url())
        self.assertEqual(sorted(q.code for q in response.context["questionnaires"]), ["mot-cua-ho-so", "phuong-9-muc", "sipas-5-yeu-to"])


class TestQuestionnaireDetail(SurveysWorld, PersonaPageCase):
    url_name = "surveys:questionnaire"
    expected = READ_ALL

    def url(self):
        return reverse(self.url_name, args=[builtin("sipas-5-yeu-to").pk])

    def test_demonstration_wording_is_marked(self):
        response = self.client_for("viewer").get(self.url())
        self.assertContains(response, "Công chức có thái độ giao tiếp lịch sự.")
        self.assertContains(response, '<span class="badge">nội dung minh họa</span>', count=8)


class TestQuestionnaireCopy(SurveysWorld, PersonaPageCase):
    url_name = "surveys:questionnaire_copy"
    expected = COPY
    write_expected = matrix(302, steering=403, viewer=403, staff=403, outsider=200, commune=200)

    def url(self):
        return reverse(self.url_name, args=[builtin().pk])

    def write_data(self):
        return {"unit": self.world.dept_a.pk, "year": "2026"}

    def test_the_copy_is_the_next_version_of_the_unit_with_every_item(self):
        self.client_for("focal").post(self.url(), self.write_data())
        copy = Questionnaire.objects.filter(unit=self.world.dept_a).latest("pk")
        self.assertEqual((copy.version, copy.year, copy.based_on, copy.items.count()), (2, 2026, builtin(), 9))


class TestQuestionnaireEdit(SurveysWorld, PersonaPageCase):
    url_name = "surveys:questionnaire_edit"
    expected = EDIT_QUESTIONNAIRE
    write_expected = matrix(403, admin=302, head=302, focal=302, outsider=404, commune=404)

    def url(self):
        return reverse(self.url_name, args=[self.questionnaire.pk])

    def write_data(self):
        return {"title": "Phiếu sửa", "kind": "survey", "scale": "likert5", "structure": "# Nhóm\nMột nhận định mới", "year": "2026"}

    def test_a_questionnaire_with_answers_gets_a_new_version(self):
        response = self.client_for("focal").post(self.url(), self.write_data())
        newest = Questionnaire.objects.filter(unit=self.world.dept_a).latest("version")
        self.assertRedirects(response, newest.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual((newest.version, newest.based_on_id, newest.title), (2, self.questionnaire.pk, "Phiếu sửa"))
        self.questionnaire.refresh_from_db()
        self.assertEqual((self.questionnaire.title, self.questionnaire.items.count()), ("Phiếu khảo sát của Sở Xây dựng", 3))

    def test_a_line_outside_a_group_is_named(self):
        before = self.state()
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "structure": "Nhận định lạc\n# Nhóm\nA"})
        self.assertContains(response, "Dòng 1: nhận định phải nằm trong một nhóm (dòng bắt đầu bằng #).")
        self.assertEqual(self.state(), before)

    def test_weighted_options_are_checked(self):
        before = self.state()
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "scale": "weighted", "options": "Tốt | 100"})
        self.assertContains(response, "Cần từ 2 đến 5 phương án trả lời (A–E).")
        self.assertEqual(self.state(), before)

    def test_a_built_in_questionnaire_cannot_be_edited(self):
        response = self.client_for("admin").get(reverse(self.url_name, args=[builtin().pk]))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(AccessPoint.objects.count() > 0, True)
