"""Intake (public form, staff, national portal), bad input, attachments, the handling steps and the rating."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase

from cchc.core.testing.personas import build_world
from cchc.core.uploads import OversizedUpload
from cchc.petitions import handling, services, tracking
from cchc.petitions.choices import ContactPolicy, EventKind, Status
from cchc.petitions.models import Petition, PetitionAttachment, PetitionEvent, PetitionRating
from cchc.petitions.tests.world import CONTACT, CONTENT, PDF, at, handle, published, submit

DAY = dt.date(2025, 6, 6)  # a Friday


def stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT) / "petitions"
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def state():
    return (Petition.objects.count(), PetitionAttachment.objects.count(), PetitionEvent.objects.count(), stored_files())


class IntakeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def refused(self, **kwargs) -> dict:
        before = state()
        files = kwargs.pop("files", [])
        unit = kwargs.pop("unit", self.world.dept_a)
        with self.assertRaises(ValidationError) as caught, at(kwargs.pop("day", DAY)):
            services.petition_submit(unit=unit, intake=services.Intake(**{"content": CONTENT, **kwargs}), files=files)
        self.assertEqual(state(), before, "a refused petition left something behind")
        return caught.exception.message_dict

    def test_a_public_petition_gets_an_unguessable_code_and_its_deadlines(self):
        petition = submit(self.world.dept_a, day=DAY, files=[SimpleUploadedFile("don.pdf", PDF)], **CONTACT)
        self.assertEqual(len(petition.tracking_code), 10)
        self.assertEqual(tracking.normalise(petition.tracking_display.lower()), petition.tracking_code)
        self.assertEqual((petition.status, petition.channel, petition.received_on), (Status.RECEIVED, "public_form", DAY))
        self.assertEqual((petition.decide_due, petition.info_due, petition.resolve_due),
                         (dt.date(2025, 6, 10), dt.date(2025, 6, 13), dt.date(2025, 6, 27)))
        self.assertEqual(petition.contact_phone, "0912 345 678")
        attachment = petition.attachments.get()
        self.assertEqual((attachment.file_name, attachment.file_size), ("don.pdf", len(PDF)))
        self.assertNotIn("don", attachment.file.name)
        self.assertEqual(list(petition.events.values_list("kind", "actor")), [(EventKind.RECEIVED, None)])

    def test_two_petitions_never_share_a_code(self):
        codes = {submit(self.world.dept_a, day=DAY).tracking_code for _ in range(20)}
        self.assertEqual(len(codes), 20)

    def test_empty_text_is_refused_naming_the_field(self):
        for text in ("", "   \n "):
            self.assertEqual(self.refused(content=text), {"content": ["Nội dung: không được để trống."]})

    def test_20000_characters_are_refused_with_the_limit(self):
        self.assertEqual(self.refused(content="x" * 20000),
                         {"content": ["Nội dung: tối đa 5000 ký tự (văn bản này có 20000 ký tự)."]})

    def test_a_script_tag_is_refused_in_any_field(self):
        for field in ("content", "procedure_code", "dossier_code", "contact_name", "contact_address"):
            with self.subTest(field=field):
                errors = self.refused(**{field: "<script>alert(1)</script>"})
                self.assertEqual(list(errors), [field])
                self.assertIn("không nhận thẻ HTML và mã lệnh", errors[field][0])

    def test_a_spreadsheet_formula_is_kept_as_text(self):
        petition = submit(self.world.dept_a, day=DAY, content='=HYPERLINK("http://x.example","bấm")', contact_name="=1+1")
        self.assertEqual((petition.content, petition.contact_name), ('=HYPERLINK("http://x.example","bấm")', "=1+1"))

    def test_a_bad_phone_or_email_is_refused(self):
        self.assertEqual(self.refused(contact_phone="gọi tôi"), {"contact_phone": ["Số điện thoại: hãy nhập số điện thoại từ 8 đến 15 chữ số."]})
        self.assertEqual(self.refused(contact_email="not-an-email"), {"contact_email": ["Thư điện tử: hãy nhập địa chỉ thư điện tử hợp lệ."]})

    def test_an_attachment_of_the_wrong_type_or_content_is_refused(self):
        cases = {
            "trang.html": (b"<html></html>", "Không chấp nhận tệp loại .html; chỉ chấp nhận: DOC, DOCX, JPEG, JPG, PDF, PNG."),
            "anh.png": (b"MZ\x90\x00 not a picture", "Nội dung tệp anh.png không đúng định dạng .png."),
            "rong.pdf": (b"", "Tệp rong.pdf không có nội dung."),
        }
        for name, (data, message) in cases.items():
            with self.subTest(name=name):
                errors = self.refused(files=[SimpleUploadedFile(name, data)])
                self.assertIn(message, errors["files"][0])

    def test_an_oversized_attachment_is_refused(self):
        big = SimpleUploadedFile("ban-ve.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024))
        self.assertEqual(self.refused(files=[big]), {"files": ["Tệp ban-ve.pdf có dung lượng 5.0 MB; giới hạn là 5.0 MB."]})
        cut = OversizedUpload(name="lon.pdf", size=30 * 1024 * 1024, field_name="files", content_type="application/pdf")
        self.assertIn("giới hạn là 5.0 MB", self.refused(files=[cut])["files"][0])

    def test_more_than_three_attachments_are_refused(self):
        files = [SimpleUploadedFile(f"{n}.pdf", PDF) for n in range(4)]
        self.assertEqual(self.refused(files=files), {"files": ["Chỉ được đính kèm tối đa 3 tệp."]})

    def test_a_failure_while_storing_files_leaves_no_row_and_no_file(self):
        files = [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)]
        before = state()
        real_save = PetitionAttachment.save
        calls = []

        def fail_second(self, *args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise OSError("disk full")
            return real_save(self, *args, **kwargs)

        with mock.patch.object(PetitionAttachment, "save", fail_second), self.assertRaises(OSError), at(DAY):
            services.petition_submit(unit=self.world.dept_a, intake=services.Intake(content=CONTENT), files=files)
        self.assertEqual(state(), before)

    def test_the_units_contact_setting_applies_to_the_units_below(self):
        services.petition_setting_update(unit=self.world.province, contact_policy=ContactPolicy.REQUIRED, actor=self.world.users["admin"])
        errors = self.refused(unit=self.world.division_a)  # division: not offered publicly at all
        self.assertEqual(errors, {"unit": ["Hãy chọn một đơn vị trong danh sách."]})
        self.assertEqual(self.refused(), {"contact_name": ["Họ và tên: đơn vị này đề nghị cho biết họ tên."],
                                          "contact_phone": ["Hãy cho biết số điện thoại hoặc thư điện tử để đơn vị liên hệ với bạn."]})
        services.petition_setting_update(unit=self.world.dept_a, contact_policy=ContactPolicy.HIDDEN, actor=self.world.users["admin"])
        petition = submit(self.world.dept_a, day=DAY, **CONTACT)
        self.assertFalse(petition.has_contact)  # not asked: nothing kept even if sent

    def test_a_ceased_unit_takes_no_public_petition(self):
        # Xã Cũ Một was merged into Xã Mới on 01/7/2025.
        self.assertEqual(self.refused(unit=self.world.commune_old_1, day=dt.date(2025, 7, 1)),
                         {"unit": ["Hãy chọn một đơn vị trong danh sách."]})


class RegisterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_an_officer_records_a_phone_call_with_its_own_reception_time(self):
        received = dt.datetime(2025, 1, 23, 15, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))
        petition = services.petition_register(unit=self.world.dept_a, channel="phone", received_at=received,
                                              intake=services.Intake(content=CONTENT), actor=self.world.users["focal"])
        self.assertEqual((petition.channel, petition.created_by, petition.decide_due, petition.resolve_due),
                         ("phone", self.world.users["focal"], dt.date(2025, 2, 3), dt.date(2025, 2, 20)))

    def test_the_public_form_channel_a_future_time_and_a_reused_portal_code_are_refused(self):
        focal = self.world.users["focal"]
        now = dt.datetime(2025, 6, 6, 9, tzinfo=dt.UTC)
        services.petition_register(unit=self.world.dept_a, channel="national_portal", received_at=now, external_code="PAKN-1",
                                   intake=services.Intake(content=CONTENT), actor=focal)
        with self.assertRaises(ValidationError) as caught:
            services.petition_register(unit=self.world.dept_a, channel="public_form", received_at=dt.datetime(2099, 1, 1, tzinfo=dt.UTC),
                                       external_code="PAKN-1", intake=services.Intake(content=""), actor=focal)
        self.assertEqual(caught.exception.message_dict, {
            "channel": ["Hãy chọn cách tiếp nhận phản ánh."],
            "received_at": ["Thời điểm tiếp nhận không được ở tương lai."],
            "content": ["Nội dung: không được để trống."],
            "external_code": ["Phản ánh có mã trên Cổng dịch vụ công quốc gia này đã được ghi nhận."],
        })
        self.assertEqual(Petition.objects.count(), 1)


class ImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def item(self, **kwargs):
        return {"external_code": "DVCQG-0001", "unit": "TN-SXD", "received_at": "2025-01-23T10:00:00+07:00", "content": CONTENT,
                **kwargs}

    def run_import(self, items, persona="focal"):
        from cchc.units.roles import Perm
        from cchc.units.scoping import visible_unit_ids

        user = self.world.users[persona]
        return services.petitions_import(items=items, actor=user, writable_unit_ids=visible_unit_ids(user, Perm.EDIT))

    def test_a_resent_batch_records_nothing_twice(self):
        first = self.run_import([self.item(), self.item(external_code="DVCQG-0002", category="conduct")])
        self.assertEqual((len(first.created), first.unchanged), (2, 0))
        again = self.run_import([self.item(content="đã sửa"), self.item(external_code="DVCQG-0002")])
        self.assertEqual((len(again.created), again.unchanged), (0, 2))
        self.assertEqual(sorted(Petition.objects.values_list("external_code", "channel", "category", "resolve_due")), [
            ("DVCQG-0001", "national_portal", "", dt.date(2025, 2, 20)),
            ("DVCQG-0002", "national_portal", "conduct", dt.date(2025, 2, 20)),
        ])

    def test_one_bad_item_refuses_the_whole_batch_naming_each_item(self):
        with self.assertRaises(services.RowErrors) as caught:
            self.run_import([self.item(), self.item(external_code="X2", content="x" * 20000), self.item(external_code="X3", unit="TN-STC"),
                             self.item(external_code="DVCQG-0001"), self.item(external_code="X5", received_at="hôm qua")])
        self.assertEqual(caught.exception.rows, [
            (1, "Nội dung: tối đa 5000 ký tự (văn bản này có 20000 ký tự)."),
            (2, "bạn không được ghi nhận phản ánh này cho mã đơn vị 'TN-STC'."),
            (3, "mã trên cổng DVCQG-0001 bị lặp lại (mục #0)."),
            (4, "Hãy cho biết ngày giờ tiếp nhận phản ánh."),
            (4, "bạn không được ghi nhận phản ánh này cho mã đơn vị 'TN-SXD'."),
        ])
        self.assertEqual(Petition.objects.count(), 0)

    def test_a_code_recorded_for_another_unit_is_refused_like_an_unknown_unit(self):
        self.run_import([self.item(unit="TN-STC")], persona="outsider")
        with self.assertRaises(services.RowErrors) as caught:
            self.run_import([self.item()])
        self.assertEqual(caught.exception.rows, [(0, "bạn không được ghi nhận phản ánh này cho mã đơn vị 'TN-SXD'.")])


class HandlingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_the_whole_way_records_who_did_what_when(self):
        petition = submit(self.world.dept_a, day=dt.date(2025, 1, 23), **CONTACT)
        petition = handle(petition, self.world, steps=[
            ("classify", dt.date(2025, 1, 24)), ("accept", dt.date(2025, 1, 24)), ("request_info", dt.date(2025, 2, 3)),
            ("info_received", dt.date(2025, 2, 5)), ("answer", dt.date(2025, 2, 12)), ("return", dt.date(2025, 2, 13)),
            ("answer", dt.date(2025, 2, 14)), ("approve", dt.date(2025, 2, 17)), ("publish", dt.date(2025, 2, 19)),
        ])
        self.assertEqual((petition.status, petition.info_requested_on, petition.approved_on, petition.publish_due, petition.published_on),
                         (Status.PUBLISHED, dt.date(2025, 2, 3), dt.date(2025, 2, 17), dt.date(2025, 2, 19), dt.date(2025, 2, 19)))
        self.assertEqual(list(petition.events.values_list("kind", "actor__username", "to_status")), [
            ("received", None, "received"), ("classified", "focal", "received"), ("accepted", "focal", "accepted"),
            ("info_requested", "focal", "awaiting_info"), ("info_received", "focal", "accepted"),
            ("answer_drafted", "focal", "pending_approval"), ("returned", "head", "accepted"),
            ("answer_drafted", "focal", "pending_approval"), ("approved", "head", "approved"), ("published", "focal", "published"),
        ])

    def test_publishing_masks_personal_data_in_the_summary_and_the_answer(self):
        petition = submit(self.world.dept_a, day=DAY, content="Tôi là Trần Thị Bích Ngọc, CCCD 079123456789, gọi 0912345678.",
                          **CONTACT)
        petition = handle(petition, self.world, steps=[(s, DAY) for s in ("classify", "accept", "answer", "approve", "publish")],
                          answer="Đã liên hệ bà Trần Thị Bích Ngọc qua ngoc.tran@example.vn và 0912 345 678.")
        self.assertEqual(petition.public_summary, "Tôi là [đã ẩn], CCCD [đã ẩn], gọi [đã ẩn].")
        self.assertEqual(petition.public_answer, "Đã liên hệ bà [đã ẩn] qua [đã ẩn] và [đã ẩn].")

    def test_a_transfer_moves_the_petition_and_restarts_its_clock(self):
        petition = submit(self.world.dept_a, day=dt.date(2025, 1, 20))
        with at(dt.date(2025, 1, 23)):
            handling.petition_transfer(petition=petition, to_unit=self.world.division_a, actor=self.world.users["focal"], version=1,
                                       note="Thuộc thẩm quyền phòng")
        petition.refresh_from_db()
        self.assertEqual((petition.unit, petition.status, petition.received_on, petition.started_on, petition.decide_due,
                          petition.resolve_due),
                         (self.world.division_a, Status.RECEIVED, dt.date(2025, 1, 20), dt.date(2025, 1, 23), dt.date(2025, 2, 3),
                          dt.date(2025, 2, 20)))
        event = petition.events.get(kind=EventKind.TRANSFERRED)
        self.assertEqual((event.from_unit, event.to_unit, event.note), (self.world.dept_a, self.world.division_a, "Thuộc thẩm quyền phòng"))

    def test_a_unit_out_of_reach_is_not_a_transfer_target(self):
        petition = submit(self.world.dept_a, day=DAY)
        for unit in (self.world.dept_b, self.world.dept_a):
            with self.subTest(unit=unit.name), self.assertRaises(ValidationError):
                handling.petition_transfer(petition=petition, to_unit=unit, actor=self.world.users["focal"])
        petition.refresh_from_db()
        self.assertEqual((petition.unit, petition.events.count()), (self.world.dept_a, 1))

    def test_a_step_on_a_page_someone_else_acted_on_is_refused(self):
        petition = submit(self.world.dept_a, day=DAY)
        handling.petition_classify(petition=petition, category="other", actor=self.world.users["focal"], version=1)
        with self.assertRaises(ValidationError) as caught:
            handling.petition_classify(petition=petition, category="conduct", actor=self.world.users["head"], version=1)
        self.assertEqual(caught.exception.message_dict["version"],
                         ["Người khác đã xử lý phản ánh này sau khi bạn mở trang; hãy tải lại trang."])
        petition.refresh_from_db()
        self.assertEqual(petition.category, "other")

    def test_steps_out_of_order_are_refused_and_change_nothing(self):
        petition = submit(self.world.dept_a, day=DAY)
        focal = self.world.users["focal"]
        with self.assertRaises(ValidationError) as caught:
            handling.petition_accept(petition=petition, actor=focal)
        self.assertEqual(caught.exception.message_dict["version"], ["Hãy phân loại phản ánh trước khi tiếp nhận."])
        for step in (lambda: handling.petition_publish(petition=petition, summary="x", actor=focal),
                     lambda: handling.petition_approve(petition=petition, actor=focal),
                     lambda: handling.petition_reject(petition=petition, reason=" ", actor=focal)):
            with self.assertRaises(ValidationError):
                step()
        petition.refresh_from_db()
        self.assertEqual((petition.status, petition.events.count()), (Status.RECEIVED, 1))

    def test_the_answer_refuses_markup_and_overlong_text(self):
        petition = handle(submit(self.world.dept_a, day=DAY), self.world, steps=[("classify", DAY), ("accept", DAY)])
        for text, message in (("<img src=x onerror=alert(1)>", "Trả lời: không nhận thẻ HTML và mã lệnh (như <script>)."),
                              ("y" * 20000, "Trả lời: tối đa 5000 ký tự (văn bản này có 20000 ký tự).")):
            with self.subTest(text=text[:10]), self.assertRaises(ValidationError) as caught:
                handling.petition_answer_draft(petition=petition, answer=text, actor=self.world.users["focal"])
            self.assertEqual(caught.exception.message_dict, {"answer": [message]})
        petition.refresh_from_db()
        self.assertEqual((petition.status, petition.answer), (Status.ACCEPTED, ""))


class RatingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_a_published_answer_is_rated_once(self):
        petition = published(self.world.dept_a, self.world, day=DAY)
        services.petition_rate(petition=petition, value="dissatisfied")
        with self.assertRaises(ValidationError) as caught:
            services.petition_rate(petition=petition, value="satisfied")
        self.assertEqual(caught.exception.messages, ["Phản ánh này đã được đánh giá. Cảm ơn bạn."])
        self.assertEqual(list(PetitionRating.objects.values_list("value", flat=True)), ["dissatisfied"])

    def test_an_unpublished_petition_cannot_be_rated(self):
        petition = submit(self.world.dept_a, day=DAY)
        with self.assertRaises(ValidationError):
            services.petition_rate(petition=petition, value="satisfied")
        self.assertFalse(PetitionRating.objects.exists())
