"""The public pages (/cong-khai/phan-anh/): anonymous intake, lookup by code, published answers, the rating;
bad input, the flood limit, and proof that nothing unpublished nor any contact detail is ever shown."""

from __future__ import annotations

import datetime as dt
import io
import re

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from cchc.core.testing.personas import PERSONAS, build_world
from cchc.core.testing.scoped_cases import PersonaPageCase
from cchc.petitions import handling, public_views, services
from cchc.petitions.choices import ContactPolicy
from cchc.petitions.models import Petition, PetitionAttachment, PetitionEvent, PetitionRating
from cchc.petitions.tests.world import CONTACT, at, handle, published, submit

EVERYONE = dict.fromkeys(PERSONAS, 200)
DAY = dt.date(2025, 6, 6)
SECRET = "NỘI-DUNG-CHƯA-CÔNG-KHAI"
ADDRESS = "10.1.2.3"


def db_state():
    return Petition.objects.count(), PetitionAttachment.objects.count(), PetitionEvent.objects.count(), PetitionRating.objects.count()


class TestHome(PersonaPageCase):
    url_name = "petitions_public:home"
    expected = EVERYONE


class TestSubmitPage(PersonaPageCase):
    url_name = "petitions_public:submit"
    expected = EVERYONE


class TestLookupPage(PersonaPageCase):
    url_name = "petitions_public:lookup"
    expected = EVERYONE


class TestRatePage(PersonaPageCase):
    """Rating is a POST from the lookup page; a GET goes back to it."""

    url_name = "petitions_public:rate"
    expected = dict.fromkeys(PERSONAS, 302)


class TestAnswersPage(PersonaPageCase):
    url_name = "petitions_public:answers"
    expected = EVERYONE


class PublicTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def setUp(self):
        cache.clear()

    def post(self, name, data, **extra):
        return self.client.post(reverse(f"petitions_public:{name}"), data, REMOTE_ADDR=ADDRESS, **extra)

    def form(self, **fields):
        return {"unit": self.world.dept_a.pk, "content": "Đường vào bộ phận một cửa bị ngập.", "website": "", **fields}

    def test_a_citizen_files_a_petition_with_an_attachment_and_looks_it_up(self):
        page = self.client.get(reverse("petitions_public:submit"), {"don-vi": self.world.dept_a.pk})
        self.assertContains(page, self.world.dept_a.name)
        self.assertContains(page, 'name="contact_phone"')
        response = self.post("submit", self.form(files=[SimpleUploadedFile("anh-chup.png", b"\x89PNG\r\n\x1a\n rest")]))
        self.assertEqual(response.status_code, 200)
        petition = Petition.objects.get()
        self.assertContains(response, petition.tracking_display)
        self.assertEqual(petition.attachments.get().file_name, "anh-chup.png")
        typed = petition.tracking_display.lower().replace("-", " ")
        found = self.post("lookup", {"code": typed})
        self.assertContains(found, "Chờ tiếp nhận")
        self.assertContains(found, self.world.dept_a.name)
        self.assertNotContains(found, "bị ngập")  # the text as typed is never shown back
        # nothing about the sender: no account, no address
        values = [str(v) for row in Petition.objects.values() for v in row.values()]
        values += [str(v) for row in PetitionEvent.objects.values() for v in row.values()]
        self.assertFalse([v for v in values if ADDRESS in v])

    def test_a_wrong_code_gets_the_same_neutral_message_as_an_unknown_one(self):
        submit(self.world.dept_a, day=DAY)
        answers = {code: self.post("lookup", {"code": code}) for code in ("ACDEF-GHJKM", "xyz", "", "'; DROP TABLE x; --", "0" * 41)}
        for code, response in answers.items():
            with self.subTest(code=code):
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, public_views.NOT_FOUND)
                self.assertNotContains(response, self.world.dept_a.name)

    def test_bad_input_gets_a_vietnamese_message_and_writes_nothing(self):
        big = SimpleUploadedFile("ho-so.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024))
        cases = {
            "empty": (self.form(content=""), "Nội dung: không được để trống."),
            "too long": (self.form(content="x" * 20000), "Nội dung: tối đa 5000 ký tự (văn bản này có 20000 ký tự)."),
            "script": (self.form(contact_name="<script>alert(1)</script>"),
                       "Họ và tên: không nhận thẻ HTML và mã lệnh (như &lt;script&gt;)."),
            "type": (self.form(files=[SimpleUploadedFile("virus.exe", b"MZ")]), "Không chấp nhận tệp loại .exe"),
            "disguised": (self.form(files=[SimpleUploadedFile("anh.jpg", b"<html>")]), "Nội dung tệp anh.jpg không đúng định dạng .jpg."),
            "oversize": (self.form(files=[big]), "Tệp ho-so.pdf có dung lượng 5.0 MB; giới hạn là 5.0 MB."),
            "unit": (self.form(unit="99999999999999999999"), "Vui lòng chọn một cơ quan, đơn vị trong danh sách."),
            "division": (self.form(unit=self.world.division_a.pk), "Vui lòng chọn một cơ quan, đơn vị trong danh sách."),
        }
        for name, (data, message) in cases.items():
            with self.subTest(name):
                cache.clear()
                before = db_state()
                response = self.post("submit", data)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, message, status_code=400)
                self.assertEqual(db_state(), before)

    def test_a_formula_is_kept_as_text(self):
        response = self.post("submit", self.form(content='=HYPERLINK("http://x.example","bấm")'))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Petition.objects.get().content, '=HYPERLINK("http://x.example","bấm")')

    def test_the_honeypot_refuses_robots(self):
        response = self.post("submit", self.form(website="http://spam.example"))
        self.assertContains(response, public_views.ROBOT, status_code=400)
        self.assertEqual(db_state(), (0, 0, 0, 0))

    def test_1000_submissions_from_one_address_in_a_minute_are_stopped(self):
        statuses = [self.post("submit", self.form()).status_code for _ in range(1000)]
        self.assertEqual((statuses.count(200), statuses.count(429)), (10, 990))
        self.assertEqual(Petition.objects.count(), 10)
        self.assertContains(self.post("submit", self.form()), "Bạn gửi quá nhiều yêu cầu", status_code=429)
        # another address is not affected
        self.assertEqual(self.client.post(reverse("petitions_public:submit"), self.form(), REMOTE_ADDR="10.9.9.9").status_code, 200)

    def test_lookups_are_limited_too(self):
        statuses = [self.post("lookup", {"code": "ACDEF-GHJKM"}).status_code for _ in range(40)]
        self.assertEqual((statuses.count(200), statuses.count(429)), (30, 10))

    def test_a_hidden_contact_setting_asks_nothing(self):
        services.petition_setting_update(unit=self.world.dept_a, contact_policy=ContactPolicy.HIDDEN, actor=self.world.users["admin"])
        page = self.client.get(reverse("petitions_public:submit"), {"don-vi": self.world.dept_a.pk})
        self.assertNotContains(page, 'name="contact_phone"')
        self.assertContains(page, "tiếp nhận phản ánh ẩn danh")

    def test_the_citizen_rates_a_published_answer_once(self):
        petition = published(self.world.dept_a, self.world, day=DAY)
        found = self.post("lookup", {"code": petition.tracking_code})
        self.assertContains(found, 'name="value" value="satisfied"')
        code = petition.tracking_display
        self.assertContains(self.post("rate", {"code": code, "value": "satisfied", "website": ""}), "Hài lòng")
        again = self.post("rate", {"code": code, "value": "dissatisfied", "website": ""})
        self.assertContains(again, "Phản ánh này đã được đánh giá. Cảm ơn bạn.", status_code=400)
        self.assertContains(self.post("rate", {"code": "ACDEF-GHJKM", "value": "satisfied"}), public_views.NOT_FOUND, status_code=400)
        self.assertEqual(list(PetitionRating.objects.values_list("value", flat=True)), ["satisfied"])
        self.assertNotContains(self.post("lookup", {"code": code}), 'name="value"')

    def test_an_unpublished_petition_cannot_be_rated(self):
        petition = submit(self.world.dept_a, day=DAY)
        response = self.post("rate", {"code": petition.tracking_code, "value": "satisfied"})
        self.assertContains(response, "Chỉ đánh giá được sau khi trả lời đã được công khai.", status_code=400)
        self.assertFalse(PetitionRating.objects.exists())

    def test_public_pages_need_no_javascript(self):
        published(self.world.dept_a, self.world, day=DAY)
        for url in (reverse("petitions_public:home"), reverse("petitions_public:answers"),
                    reverse("petitions_public:submit") + f"?don-vi={self.world.dept_a.pk}", reverse("petitions_public:lookup")):
            with self.subTest(url=url):
                page = self.client.get(url).content.decode()
                self.assertNotIn("<script", page)
                self.assertIn('<meta name="viewport" content="width=device-width, initial-scale=1">', page)


class NothingUnpublishedIsShown(TestCase):
    """Every public page and the public export, crawled with petitions at every step: no text of an unpublished
    petition, no contact detail, no petition as typed."""

    @classmethod
    def setUpTestData(cls):
        cls.world = w = build_world()
        secret = f"{SECRET} — gửi bởi Trần Thị Bích Ngọc, 0912 345 678"
        cls.open_ones = [
            submit(w.dept_a, day=DAY, content=secret, **CONTACT),
            handle(submit(w.dept_a, day=DAY, content=secret, **CONTACT), w, steps=[("classify", DAY), ("accept", DAY)]),
            handle(submit(w.dept_a, day=DAY, content=secret, **CONTACT), w,
                   steps=[("classify", DAY), ("accept", DAY), ("answer", DAY), ("approve", DAY)],
                   answer=f"{SECRET} trả lời chưa công khai"),
            handle(submit(w.dept_b, day=DAY, content=secret, **CONTACT), w, steps=[("reject", DAY)]),
        ]
        petition = handle(submit(w.dept_a, day=DAY, content="Tôi là Trần Thị Bích Ngọc (0912 345 678) phản ánh về thủ tục.", **CONTACT),
                          w, steps=[("classify", DAY), ("accept", DAY), ("answer", DAY), ("approve", DAY)],
                          answer="=HYPERLINK(\"http://x.example\",\"bấm\") Đã trả lời bà Trần Thị Bích Ngọc.")
        with at(DAY):
            handling.petition_publish(petition=petition, summary='=HYPERLINK("http://x.example","x") ' + petition.content,
                                      actor=w.users["focal"])
        cls.published = Petition.objects.get(pk=petition.pk)

    def forbidden(self) -> list[str]:
        return [SECRET, *CONTACT.values(), "0912345678", "Tôi là Trần Thị Bích Ngọc (0912 345 678)"]

    def assertClean(self, text: str, where: str):
        for value in self.forbidden():
            self.assertNotIn(value, text, f"{where} shows {value!r}")

    def test_no_public_page_shows_an_unpublished_petition_or_a_contact_detail(self):
        client = self.client
        pages = {
            "home": client.get(reverse("petitions_public:home")),
            "choose": client.get(reverse("petitions_public:submit")),
            "form": client.get(reverse("petitions_public:submit"), {"don-vi": self.world.dept_a.pk}),
            "answers": client.get(reverse("petitions_public:answers")),
            "answers of the unit": client.get(reverse("petitions_public:answers"), {"don-vi": self.world.dept_a.pk}),
            "lookup form": client.get(reverse("petitions_public:lookup")),
        }
        for petition in [*self.open_ones, self.published]:
            cache.clear()
            pages[f"lookup {petition.pk}"] = client.post(reverse("petitions_public:lookup"), {"code": petition.tracking_code})
        for where, response in pages.items():
            with self.subTest(where):
                self.assertEqual(response.status_code, 200)
                self.assertClean(response.content.decode(), where)
        answers = pages["answers"].content.decode()
        self.assertEqual(answers.count('<article class="pakn-item">'), 1)
        self.assertIn("Tôi là [đã ẩn] ([đã ẩn]) phản ánh về thủ tục.", answers)
        self.assertIn("Đã trả lời bà [đã ẩn].", answers)
        # the holder of a code sees the status, the reason of a rejection, or the published answer only
        self.assertIn("Không tiếp nhận", pages[f"lookup {self.open_ones[3].pk}"].content.decode())
        self.assertIn("Chờ công khai", pages[f"lookup {self.open_ones[2].pk}"].content.decode())

    def test_the_public_export_holds_published_answers_only_with_formulas_neutralised(self):
        response = self.client.get(reverse("petitions_public:answers"), {"xuat": "xlsx"})
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="tra-loi-phan-anh-kien-nghi.xlsx"')
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
        self.assertEqual(len(rows), 2)
        cells = [str(c) for row in rows for c in row if c is not None]
        self.assertClean("\n".join(cells), "the public export")
        summary, answer = rows[1][4], rows[1][5]
        self.assertEqual(summary, "'=HYPERLINK(\"http://x.example\",\"x\") Tôi là [đã ẩn] ([đã ẩn]) phản ánh về thủ tục.")
        self.assertTrue(answer.startswith("'=HYPERLINK"))

    def test_the_list_escapes_what_it_shows(self):
        page = self.client.get(reverse("petitions_public:answers")).content.decode()
        self.assertIn("=HYPERLINK(&quot;http://x.example&quot;,&quot;x&quot;)", page)
        self.assertFalse(re.search(r"<a [^>]*x\.example", page))
