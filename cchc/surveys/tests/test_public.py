"""The public answer pages: every persona including the anonymous visitor, anonymity, the honeypot, the
rate limit, an expired campaign, a wrong address, bad input, and no individual answer ever shown."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from cchc.core.testing.personas import PERSONAS, build_world
from cchc.core.testing.scoped_cases import PersonaPageCase
from cchc.procedures.tests.world import add_dossiers
from cchc.surveys import public_views
from cchc.surveys.models import Answer, Response
from cchc.surveys.tests.world import answer, campaign_of, point, surveys_state

EVERYONE = dict.fromkeys(PERSONAS, 200)


class PublicWorld:
    @classmethod
    def extra_data(cls, world):
        cls.campaign = campaign_of(world)
        cls.point = point(cls.campaign, world.division_a)
        cls.items = list(cls.campaign.questionnaire.items.order_by("number").values_list("pk", flat=True))

    def answer_data(self, **extra) -> dict:
        data = {f"item_{pk}": str(choice) for pk, choice in zip(self.items, (5, 4, 3), strict=True)}
        return {**data, "procedure_text": "Cấp giấy phép xây dựng", "sex": "nu", "age_band": "25-34", "education": "dai-hoc",
                "comment": "Cán bộ nhiệt tình", "website": "", **extra}

    def state(self):
        return surveys_state()

    def send(self, persona, method="get", data=None):
        cache.clear()  # the rate limit counts every request of the test client's one address
        return super().send(persona, method, data)


class TestAnswerPage(PublicWorld, PersonaPageCase):
    url_name = "surveys_public:answer"
    expected = EVERYONE
    write_expected = dict.fromkeys(PERSONAS, 302)
    #: a filled honeypot looks like success (302) and stores nothing
    garbage_statuses = (200, 400, 302)

    def url(self):
        return reverse(self.url_name, args=[self.point.token])

    def write_data(self):
        return self.answer_data()

    def test_write_matrix(self):
        """Anyone, signed in or not, answers a public survey: each answer is one anonymous response."""
        for persona in PERSONAS:
            with self.subTest(persona=persona):
                before = Response.objects.count()
                response = self.send(persona, "post", self.write_data())
                self.assertRedirects(response, reverse("surveys_public:thanks", args=[self.point.token]), fetch_redirect_response=False)
                self.assertEqual(Response.objects.count(), before + 1)
        stored = Response.objects.filter(campaign=self.campaign)
        self.assertEqual({(r.channel, r.unit_id, r.entered_by_id, r.dossier_key) for r in stored},
                         {("qr", self.world.division_a.pk, None, "")})

    def test_the_page_is_a_plain_accessible_form(self):
        response = self.send("anonymous")
        self.assertContains(response, "<fieldset", count=3 + 3)  # three items, three profile questions
        self.assertContains(response, "<legend>1. Công chức có thái độ giao tiếp lịch sự.</legend>", html=False)
        self.assertContains(response, '<meta name="viewport" content="width=device-width, initial-scale=1">')
        self.assertContains(response, "Rất không hài lòng")
        self.assertContains(response, "Phòng Quản lý xây dựng")
        self.assertNotContains(response, "<script")  # only the kiosk has its small script
        self.assertEqual(response["Cache-Control"], "no-store")

    def test_nothing_identifies_the_respondent(self):
        self.send("anonymous", "post", {**self.write_data(), "comment": "Tôi tên là An"})
        stored = Response.objects.get()
        fields = {f.name for f in Response._meta.get_fields()}
        self.assertEqual(fields & {"name", "phone", "email", "ip", "ip_address", "address", "user_agent"}, set())
        self.assertIsNone(stored.entered_by_id)
        self.assertEqual((stored.sex, stored.age_band, stored.education, stored.sector), ("nu", "25-34", "dai-hoc", "Cấp giấy phép xây dựng"))

    def test_the_honeypot_stores_nothing_and_looks_like_success(self):
        before = self.state()
        response = self.send("anonymous", "post", {**self.write_data(), "website": "http://spam.example"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.state(), before)

    def test_a_flood_from_one_address_gets_429_after_the_limit(self):
        client = self.client_for("anonymous")
        limit = public_views.ANSWER_LIMIT[0]
        statuses = [client.post(self.url(), self.write_data()).status_code for _ in range(limit + 5)]
        self.assertEqual(statuses, [302] * limit + [429] * 5)
        self.assertEqual(Response.objects.count(), limit)
        flooded = client.post(self.url(), self.write_data())
        self.assertContains(flooded, "Bạn gửi quá nhiều yêu cầu", status_code=429)

    def test_bad_input_is_named_in_vietnamese_and_nothing_is_written(self):
        before = self.state()
        data = self.answer_data(comment="x" * 20_000, procedure_text="")
        del data[f"item_{self.items[1]}"]
        response = self.send("anonymous", "post", data)
        self.assertContains(response, "Nhận định 2: vui lòng chọn một mức đánh giá.")
        self.assertContains(response, "Ý kiến khác tối đa 2000 ký tự.")
        self.assertContains(response, "Vui lòng cho biết lĩnh vực/thủ tục hành chính đã giải quyết.")
        self.assertEqual(self.state(), before)

    def test_an_out_of_range_choice_is_refused(self):
        before = self.state()
        response = self.send("anonymous", "post", self.answer_data(**{f"item_{self.items[0]}": "9"}))
        self.assertContains(response, "Nhận định 1: vui lòng chọn một mức đánh giá.")
        self.assertEqual(self.state(), before)

    def test_script_and_formula_are_stored_as_data_and_shown_escaped(self):
        text = '<script>alert(1)</script>=HYPERLINK("http://x","y")'
        self.send("anonymous", "post", self.answer_data(comment=text, procedure_text=text))
        stored = Response.objects.get()
        self.assertEqual((stored.comment, stored.procedure_text), (text, text))
        client = self.client_for("focal")
        page = client.get(reverse("surveys:results", args=[self.campaign.pk]))
        self.assertContains(page, "&lt;script&gt;alert(1)&lt;/script&gt;=HYPERLINK(")
        self.assertNotContains(page, "<script>alert(1)")


class TestThanksPage(PublicWorld, PersonaPageCase):
    url_name = "surveys_public:thanks"
    expected = EVERYONE

    def url(self):
        return reverse(self.url_name, args=[self.point.token])

    def test_a_kiosk_goes_back_to_an_empty_form_by_itself(self):
        kiosk = point(self.campaign, self.world.division_a, "kiosk")
        response = self.client.get(reverse(self.url_name, args=[kiosk.token]))
        self.assertContains(response, f'<meta http-equiv="refresh" content="6;url=/cong-khai/khao-sat/{kiosk.token}/">', html=False)
        self.assertContains(response, "surveys/kiosk")
        form = self.client.get(reverse("surveys_public:answer", args=[kiosk.token]))
        self.assertContains(form, "surveys/kiosk")
        self.assertEqual(form["Cache-Control"], "no-store")


class ClosedAndUnknownTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        today = timezone.localdate()
        cls.expired = campaign_of(cls.world, starts_on=dt.date(2025, 1, 1), ends_on=today - dt.timedelta(days=1))
        cls.future = campaign_of(cls.world, cls.expired.questionnaire, starts_on=today + dt.timedelta(days=3),
                                 ends_on=today + dt.timedelta(days=30))

    def test_an_expired_campaign_says_so_in_vietnamese(self):
        url = reverse("surveys_public:answer", args=[point(self.expired, self.world.dept_a).token])
        for method in ("get", "post"):
            response = getattr(self.client, method)(url)
            self.assertContains(response, "đã kết thúc ngày", status_code=410)
        self.assertFalse(Response.objects.exists())

    def test_a_campaign_not_yet_open_says_when_it_opens(self):
        url = reverse("surveys_public:answer", args=[point(self.future, self.world.dept_a).token])
        self.assertContains(self.client.get(url), "bắt đầu từ ngày", status_code=410)

    def test_a_wrong_address_is_a_vietnamese_404(self):
        for token in ("khong-co-ma-nay", "x" * 40, "%3Cscript%3E"):
            response = self.client.get(f"/cong-khai/khao-sat/{token}/")
            self.assertContains(response, "Không tìm thấy phiếu khảo sát", status_code=404)


class DossierCodeTests(TestCase):
    """One answer per dossier code; whether the code exists is never told."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        add_dossiers(cls.world)
        cls.campaign = campaign_of(cls.world, ask_dossier_code=True, targets=[cls.world.dept_a])
        cls.url = reverse("surveys_public:answer", args=[point(cls.campaign, cls.world.dept_a).token])
        cls.items = list(cls.campaign.questionnaire.items.values_list("pk", flat=True))

    def post(self, code):
        cache.clear()
        data = {f"item_{pk}": "4" for pk in self.items} | {"sector": "Khác", "procedure_text": "Xây dựng", "dossier_code": code}
        return self.client.post(self.url, data)

    def test_a_real_and_an_invented_code_get_the_same_answers(self):
        from cchc.procedures.models import Dossier

        real = Dossier.objects.filter(unit=self.world.dept_a).values_list("code", flat=True).first()
        outcomes = []
        for code in (real, "KHONG-TON-TAI-001"):
            first, second = self.post(code), self.post(code)
            outcomes.append((first.status_code, first.get("Location"), second.status_code,
                             "Mã hồ sơ này đã được dùng để trả lời phiếu khảo sát này." in second.content.decode()))
        self.assertEqual(outcomes[0], outcomes[1])
        self.assertEqual(outcomes[0][0], 302)
        self.assertTrue(outcomes[0][3])
        stored = list(Response.objects.order_by("pk").values_list("dossier_matched", flat=True))
        self.assertEqual(stored, [True, False])
        self.assertFalse(Response.objects.filter(dossier_key__in=[real, "KHONG-TON-TAI-001"]).exists())  # only a keyed hash

    def test_the_code_is_required_when_the_campaign_asks_for_it(self):
        self.assertContains(self.post(""), "Vui lòng nhập mã hồ sơ ghi trên giấy tiếp nhận.")


@override_settings(ROOT_URLCONF="config.urls")
class NoIndividualAnswerInPublicTests(TestCase):
    """No public page, and no export reachable without signing in, shows an individual answer."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.campaign = campaign_of(cls.world)
        answer(cls.campaign, cls.world.dept_a, (1, 2, 3), comment="BÍ-MẬT-CỦA-NGƯỜI-TRẢ-LỜI", sector="LĨNH-VỰC-RIÊNG")

    def test_public_and_anonymous_pages_never_show_an_answer(self):
        from tests.test_urls import walk

        tokens = list(self.campaign.access_points.values_list("token", flat=True))
        pages = [reverse("surveys_public:answer", args=[t]) for t in tokens] + [reverse("surveys_public:thanks", args=[t]) for t in tokens]
        pages += [reverse(name, args=[self.campaign.pk]) for name in ("surveys:results", "surveys:results_xlsx", "surveys:results_docx",
                                                                       "surveys:campaign")]
        pages += ["/api/survey-campaigns/", f"/api/survey-campaigns/{self.campaign.pk}/results/"]
        public_names = {name for name, _ in walk() if name and name.startswith("surveys_public:")}
        self.assertEqual(public_names, {"surveys_public:answer", "surveys_public:thanks"})
        for url in pages:
            cache.clear()
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertIn(response.status_code, (200, 302, 401, 403))
                body = response.content.decode("utf-8", "replace")
                self.assertNotIn("BÍ-MẬT-CỦA-NGƯỜI-TRẢ-LỜI", body)
                self.assertNotIn("LĨNH-VỰC-RIÊNG", body)
                if not url.startswith("/cong-khai/"):
                    self.assertIn(response.status_code, (302, 401), url)
        self.assertEqual(Answer.objects.count(), 3)
