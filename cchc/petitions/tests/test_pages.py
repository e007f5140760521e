"""Persona matrix for every staff page of the petitions app, and what the pages show."""

from __future__ import annotations

import datetime as dt
import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from cchc.core.testing.personas import build_world
from cchc.core.testing.scoped_cases import PersonaPageCase
from cchc.petitions.models import Petition, PetitionAttachment, PetitionEvent, PetitionSetting
from cchc.petitions.tests.world import CONTACT, PDF, handle, submit

ALL = ["admin", "steering", "viewer", "head", "focal", "staff", "outsider", "commune", "anonymous"]
DAY = dt.date(2025, 6, 6)


def matrix(default: int, *, anonymous: int = 302, **statuses) -> dict[str, int]:
    return {persona: statuses.get(persona, default) for persona in ALL} | {"anonymous": anonymous}


#: a petition of Sở Xây dựng: read by the province's people and the department's; not by its division, other branches
READ = matrix(404, admin=200, steering=200, viewer=200, head=200, focal=200)
#: handled by the department's head and focal officer (and the administrator); read-only people get 403
EDIT = matrix(404, admin=200, head=200, focal=200, steering=403, viewer=403)
EDIT_POST = {**EDIT, "admin": 302, "head": 302, "focal": 302}
APPROVE = matrix(404, admin=200, head=200, focal=403, steering=403, viewer=403)
APPROVE_POST = {**APPROVE, "admin": 302, "head": 302}


def petitions_state():
    return (
        list(Petition.objects.order_by("pk").values_list("pk", "unit_id", "status", "category", "answer", "public_summary",
                                                         "decide_due", "published_on")),
        PetitionEvent.objects.count(), PetitionAttachment.objects.count(),
        list(PetitionSetting.objects.values_list("unit_id", "contact_policy")),
    )


class PetitionsWorld:
    """Sở Xây dựng's petitions at each step, one with contact details and an attachment."""

    @classmethod
    def extra_data(cls, world):
        cls.received = submit(world.dept_a, day=DAY, files=[SimpleUploadedFile("don.pdf", PDF)], **CONTACT)
        cls.classified = handle(submit(world.dept_a, day=DAY), world, steps=[("classify", DAY)])
        cls.accepted = handle(submit(world.dept_a, day=DAY), world, steps=[("classify", DAY), ("accept", DAY)])
        cls.awaiting = handle(submit(world.dept_a, day=DAY), world, steps=[("classify", DAY), ("accept", DAY), ("request_info", DAY)])
        cls.pending = handle(submit(world.dept_a, day=DAY, **CONTACT), world,
                             steps=[("classify", DAY), ("accept", DAY), ("answer", DAY)],
                             answer='=HYPERLINK("http://x.example","bấm") & 1 < 2 > 0 Trần Thị Bích Ngọc')
        cls.approved = handle(submit(world.dept_a, day=DAY), world, steps=[("classify", DAY), ("accept", DAY), ("answer", DAY),
                                                                           ("approve", DAY)])

    def state(self):
        return petitions_state()


class StepCase(PetitionsWorld, PersonaPageCase):
    target = "received"
    expected = EDIT
    write_expected = EDIT_POST

    def petition(self) -> Petition:
        return getattr(self, self.target)

    def url(self):
        return reverse(self.url_name, args=[self.petition().pk])

    def version(self) -> int:
        return self.petition().events.count()


class TestList(PetitionsWorld, PersonaPageCase):
    url_name = "petitions:list"
    expected = matrix(200)

    def test_the_department_sees_its_petitions_and_the_overdue_filter(self):
        page = self.client_for("focal").get(self.url()).content.decode()
        self.assertEqual(page.count('<tr data-petition="'), 6)
        # every one of them was received on 06/06/2025: the current steps are long overdue
        overdue = self.client_for("focal").get(self.url(), {"todo": "overdue"}).content.decode()
        self.assertEqual(overdue.count('<tr data-petition="'), 6)
        approve = self.client_for("head").get(self.url(), {"todo": "approve"}).content.decode()
        self.assertEqual(approve.count('<tr data-petition="'), 1)
        self.assertEqual(self.client_for("outsider").get(self.url()).content.decode().count('<tr data-petition="'), 0)

    def test_the_export_neutralises_formulas_and_carries_no_contact_details(self):
        response = self.client_for("focal").get(self.url(), {"export": "xlsx"})
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="phan-anh-kien-nghi.xlsx"')
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
        self.assertEqual(len(list(sheet.iter_rows())), 7)
        for value in CONTACT.values():
            self.assertFalse([c for c in cells if value in c], value)
        self.assertFalse([c for c in cells if c.startswith(("=", "+", "@"))])


class TestDetail(PetitionsWorld, PersonaPageCase):
    url_name = "petitions:detail"
    expected = READ

    def url(self):
        return reverse(self.url_name, args=[self.received.pk])

    def test_contact_details_are_shown_to_the_officers_handling_it_only(self):
        self.assertContains(self.client_for("focal").get(self.url()), "ngoc.tran@example.vn")
        page = self.client_for("viewer").get(self.url())
        self.assertNotContains(page, "ngoc.tran@example.vn")
        self.assertNotContains(page, self.received.tracking_display)
        self.assertNotContains(page, "0912 345 678")
        self.assertContains(page, "chỉ cán bộ xử lý được xem")

    def test_the_deadlines_and_the_open_actions_are_shown(self):
        page = self.client_for("focal").get(self.url()).content.decode()
        for text in ("10/06/2025", "13/06/2025", "27/06/2025", "Phân loại", "Tiếp nhận hoặc từ chối", "Chuyển xử lý", "don.pdf"):
            self.assertIn(text, page)
        self.assertNotIn("Duyệt hoặc trả lại dự thảo", page)

    def test_text_is_escaped(self):
        page = self.client_for("head").get(reverse(self.url_name, args=[self.pending.pk])).content.decode()
        self.assertIn("=HYPERLINK(&quot;http://x.example&quot;,&quot;bấm&quot;) &amp; 1 &lt; 2 &gt; 0", page)
        self.assertNotIn("1 < 2 >", page)


class TestRegister(PetitionsWorld, PersonaPageCase):
    url_name = "petitions:register"
    expected = EDIT
    write_expected = EDIT_POST

    def url(self):
        return reverse(self.url_name, args=[self.world.dept_a.pk])

    def write_data(self):
        return {"channel": "letter", "received_at": "06/06/2025 09:30", "content": "Đơn kiến nghị gửi qua bưu điện.",
                "external_code": "", "contact_name": "Lê Văn Tám"}

    def test_a_letter_is_recorded_with_its_reception_time(self):
        response = self.client_for("focal").post(self.url(), self.write_data())
        petition = Petition.objects.latest("pk")
        self.assertRedirects(response, petition.get_absolute_url())
        self.assertEqual((petition.channel, petition.received_on, petition.decide_due, petition.created_by.username),
                         ("letter", DAY, dt.date(2025, 6, 10), "focal"))

    def test_a_20000_character_text_is_refused_on_the_field(self):
        before = self.state()
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "content": "x" * 20000})
        self.assertContains(response, "Nội dung: tối đa 5000 ký tự (văn bản này có 20000 ký tự).")
        self.assertEqual(self.state(), before)


class TestSettings(PetitionsWorld, PersonaPageCase):
    url_name = "petitions:settings"
    expected = EDIT
    write_expected = EDIT_POST

    def url(self):
        return reverse(self.url_name, args=[self.world.dept_a.pk])

    def write_data(self):
        return {"contact_policy": "required"}


class TestClassify(StepCase):
    url_name = "petitions:classify"

    def write_data(self):
        return {"version": self.version(), "category": "conduct", "note": ""}

    def test_a_stale_page_is_refused_and_changes_nothing(self):
        before = self.state()
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "version": self.version() - 1})
        self.assertContains(response, "Người khác đã xử lý phản ánh này sau khi bạn mở trang; hãy tải lại trang.")
        self.assertEqual(self.state(), before)


class TestDecide(StepCase):
    url_name = "petitions:decide"
    target = "classified"

    def write_data(self):
        return {"version": self.version(), "decision": "reject", "reason": "Nội dung không thuộc phạm vi quy định hành chính."}

    def test_a_rejection_needs_its_reason(self):
        before = self.state()
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "reason": ""})
        self.assertContains(response, "Lý do: không được để trống.")
        self.assertEqual(self.state(), before)


class TestRequestInfo(StepCase):
    url_name = "petitions:request_info"
    target = "accepted"

    def write_data(self):
        return {"version": self.version(), "request": "Đề nghị cung cấp mã hồ sơ."}


class TestInfoReceived(StepCase):
    url_name = "petitions:info_received"
    target = "awaiting"

    def write_data(self):
        return {"version": self.version(), "note": "Người dân đã gọi điện cung cấp mã hồ sơ."}


class TestTransfer(StepCase):
    url_name = "petitions:transfer"

    def write_data(self):
        return {"version": self.version(), "to_unit": self.world.division_a.pk, "note": ""}

    def test_a_unit_out_of_reach_is_not_offered(self):
        before = self.state()
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "to_unit": self.world.dept_b.pk})
        self.assertContains(response, "Hãy chọn một lựa chọn hợp lệ.")
        self.assertNotContains(self.client_for("focal").get(self.url()), self.world.dept_b.name)
        self.assertEqual(self.state(), before)


class TestAnswer(StepCase):
    url_name = "petitions:answer"
    target = "accepted"

    def write_data(self):
        return {"version": self.version(), "answer": "Sở đã chấn chỉnh bộ phận một cửa."}

    def test_a_script_tag_is_refused_on_the_field(self):
        before = self.state()
        response = self.client_for("focal").post(self.url(), {**self.write_data(), "answer": "<script>alert(1)</script>"})
        self.assertContains(response, "Trả lời: không nhận thẻ HTML và mã lệnh (như &lt;script&gt;).")
        self.assertEqual(self.state(), before)


class TestApprove(StepCase):
    url_name = "petitions:approve"
    target = "pending"
    expected = APPROVE
    write_expected = APPROVE_POST

    def write_data(self):
        return {"version": self.version(), "decision": "approve", "note": ""}


class TestPublish(StepCase):
    url_name = "petitions:publish"
    target = "approved"

    def write_data(self):
        return {"version": self.version(), "summary": "Phản ánh về thời gian cấp phép xây dựng."}


class TestAttachment(PetitionsWorld, PersonaPageCase):
    url_name = "petitions:attachment"
    expected = READ

    def setUp(self):
        # Each test has its own MEDIA_ROOT (conftest.py): put the stored file back in this one.
        default_storage.save(self.received.attachments.get().file.name, ContentFile(PDF))

    def url(self):
        return reverse(self.url_name, args=[self.received.attachments.get().pk])

    def test_it_is_a_download(self):
        response = self.client_for("focal").get(self.url())
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="don.pdf"')
        self.assertEqual(b"".join(response.streaming_content), PDF)


class TestAnswerLetter(PetitionsWorld, PersonaPageCase):
    url_name = "petitions:answer_letter"
    expected = READ

    def url(self):
        return reverse(self.url_name, args=[self.pending.pk])

    def test_the_letter_keeps_text_as_text_and_names_no_petitioner(self):
        response = self.client_for("focal").get(self.url())
        text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
        self.assertIn('=HYPERLINK("http://x.example","bấm") & 1 < 2 > 0', text)
        self.assertIn(f"Phản ánh, kiến nghị số {self.pending.pk} ngày 06/06/2025", text)
        for value in ("ngoc.tran@example.vn", "0912 345 678", "12 Đường Hoa Sữa"):
            self.assertNotIn(value, text)

    def test_a_petition_without_an_answer_has_no_letter(self):
        self.assertEqual(self.client_for("focal").get(reverse(self.url_name, args=[self.received.pk])).status_code, 404)


class TestWholeWayThroughThePages(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_classify_accept_answer_approve_publish(self):
        petition = submit(self.world.dept_a, day=DAY)
        focal, head = self.client_class(), self.client_class()
        focal.force_login(self.world.users["focal"])
        head.force_login(self.world.users["head"])

        def post(client, name, **data):
            version = Petition.objects.get(pk=petition.pk).events.count()
            response = client.post(reverse(f"petitions:{name}", args=[petition.pk]), {"version": version, **data})
            self.assertEqual(response.status_code, 302, response.content.decode()[:2000])

        post(focal, "classify", category="regulation", note="")
        post(focal, "decide", decision="accept", reason="")
        post(focal, "answer", answer="Trả lời chính thức.")
        post(head, "approve", decision="approve", note="")
        post(focal, "publish", summary="Phản ánh về thủ tục.")
        petition.refresh_from_db()
        self.assertEqual((petition.status, petition.public_answer), ("published", "Trả lời chính thức."))
        page = focal.get(petition.get_absolute_url()).content.decode()
        for step in ("Tiếp nhận", "Phân loại", "Tiếp nhận xử lý", "Dự thảo trả lời", "Duyệt trả lời", "Đã công khai trả lời"):
            self.assertIn(step, page)


class TestToDo(PetitionsWorld, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.extra_data(cls.world)

    def test_each_count_links_to_the_list_of_exactly_those_petitions(self):
        from cchc.petitions.todo import todo_items

        for persona, expected in {
            # received (unclassified); accepted + awaiting answer; the pending draft; the approved answer; all six overdue
            "focal": {"Phản ánh chờ phân loại": 1, "Phản ánh chờ trả lời": 2, "Trả lời phản ánh chờ công khai": 1,
                      "Phản ánh quá hạn": 6},
            "head": {"Phản ánh chờ phân loại": 1, "Phản ánh chờ trả lời": 2, "Trả lời phản ánh chờ duyệt": 1,
                     "Trả lời phản ánh chờ công khai": 1, "Phản ánh quá hạn": 6},
            "viewer": {},
            "outsider": {"Phản ánh chờ phân loại": 0, "Phản ánh chờ trả lời": 0, "Trả lời phản ánh chờ công khai": 0,
                         "Phản ánh quá hạn": 0},
        }.items():
            with self.subTest(persona):
                items = todo_items(self.world.users[persona])
                self.assertEqual({item.label: item.count for item in items}, expected)
                client = self.client_class()
                client.force_login(self.world.users[persona])
                for item in items:
                    page = client.get(item.url).content.decode()
                    self.assertEqual(page.count('<tr data-petition="'), item.count, item.url)
                    self.assertEqual(item.urgent, item.label == "Phản ánh quá hạn" and item.count > 0)
