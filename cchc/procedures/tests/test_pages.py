"""Persona matrix and behaviour of the procedures pages."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from cchc.core.testing.scoped_cases import PersonaPageCase
from cchc.procedures.models import Dossier, Procedure
from cchc.procedures.tests.factories import make_dossiers, make_procedure
from cchc.procedures.tests.world import DEPT_A_READERS, EVERYONE, add_dossiers, dossier_state

EDITORS = {"admin": 200, "head": 200, "focal": 200, "outsider": 200, "commune": 200, "steering": 403, "viewer": 403,
           "staff": 403, "anonymous": 302}

DOSSIER_CSV = (
    "Mã hồ sơ,Mã thủ tục,Mã đơn vị tiếp nhận,Ngày tiếp nhận,Kênh nộp,Ngày kết thúc xử lý,\"Phí, lệ phí\"\n"
    "SXD-NEW-1,1.000001,TN-SXD,04/03/2025 08:30,Trực tuyến,06/03/2025 16:00,75000\n"
)


def csv_file(text: str, name: str = "ho-so.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


class WithDossiers:
    @classmethod
    def extra_data(cls, world):
        add_dossiers(world)

    def state(self):
        return dossier_state()


class TestProcedureListPage(WithDossiers, PersonaPageCase):
    url_name = "procedures:procedure_list"
    expected = {**EVERYONE, "anonymous": 302}

    def test_an_outsider_sees_the_province_catalogue(self):
        self.assertContains(self.client_for("outsider").get(self.url()), "Cấp giấy phép xây dựng nhà ở riêng lẻ")

    def test_search_ignores_accents(self):
        response = self.client_for("focal").get(self.url(), {"q": "giay phep xay dung"})
        self.assertContains(response, "1.000001")


class TestProcedureDetailPage(WithDossiers, PersonaPageCase):
    url_name = "procedures:procedure_detail"
    expected = {**EVERYONE, "anonymous": 302}

    def url(self):
        return reverse(self.url_name, args=[self.world.procedure.pk])

    def test_a_same_day_limit_reads_within_the_day_and_others_their_days(self):
        self.assertContains(self.client_for("focal").get(self.url()), "<dd>5 ngày làm việc</dd>", html=True)
        same_day = make_procedure(self.world.province, code="1.001193", name="Đăng ký khai sinh", processing_time="0")
        response = self.client_for("focal").get(reverse(self.url_name, args=[same_day.pk]))
        self.assertContains(response, "<dd>Trong ngày</dd>", html=True)
        self.assertNotContains(response, "0 ngày làm việc")


class TestProcedureImportPage(WithDossiers, PersonaPageCase):
    url_name = "procedures:procedure_import"
    expected = EDITORS
    write_expected = {**EDITORS, "admin": 302, "head": 302, "focal": 302}

    def write_data(self):
        text = ("Mã thủ tục,Tên thủ tục,Lĩnh vực,Cấp thực hiện,Thời hạn giải quyết,Đơn vị tính thời hạn,"
                "Mức độ dịch vụ công trực tuyến,\"Phí, lệ phí\",Kết quả là giấy tờ\n"
                "2.000002,Cấp chứng chỉ hành nghề xây dựng,Xây dựng,Cấp tỉnh,20,Ngày làm việc,Toàn trình,300000,có\n")
        return {"unit": self.world.dept_a.pk, "file": csv_file(text, "tthc.csv")}

    def test_an_imported_procedure_is_audited_with_its_author(self):
        self.client_for("head").post(self.url(), self.write_data())
        procedure = Procedure.objects.get(code="2.000002")
        self.assertEqual((procedure.processing_unit, procedure.online_level, procedure.fee), ("working_day", "full", 300000))
        self.assertEqual(procedure.history.get().history_user, self.world.users["head"])

    def test_a_negative_fee_is_refused_with_its_line(self):
        text = ("Mã thủ tục,Tên thủ tục,Lĩnh vực,Cấp thực hiện,Thời hạn giải quyết,Đơn vị tính thời hạn,"
                "Mức độ dịch vụ công trực tuyến,\"Phí, lệ phí\"\n"
                "2.000003,Thủ tục A,Xây dựng,Cấp tỉnh,5,Ngày làm việc,Không,-5000\n")
        response = self.client_for("head").post(self.url(), {"unit": self.world.dept_a.pk, "file": csv_file(text)})
        self.assertContains(response, "Dòng 2: cột &#x27;Phí, lệ phí&#x27;: -5000 là số âm.")
        self.assertFalse(Procedure.objects.filter(code="2.000003").exists())


    def test_a_code_of_another_units_catalogue_is_refused_without_naming_it(self):
        text = ("Mã thủ tục,Tên thủ tục,Lĩnh vực,Cấp thực hiện,Thời hạn giải quyết,Đơn vị tính thời hạn,"
                "Mức độ dịch vụ công trực tuyến\n"
                "1.000001,Thủ tục đổi tên,Xây dựng,Cấp tỉnh,5,Ngày làm việc,Không\n")
        before = dossier_state()
        response = self.client_for("head").post(self.url(), {"unit": self.world.dept_a.pk, "file": csv_file(text)})
        self.assertContains(response, "Dòng 2: bạn không được nhập thủ tục này vào danh mục của mã đơn vị &#x27;TN-SXD&#x27;.")
        self.assertEqual(dossier_state(), before)

    def test_a_unit_out_of_reach_is_not_a_choice(self):
        before = dossier_state()
        response = self.client_for("outsider").post(self.url(), self.write_data())
        self.assertContains(response, "Hãy chọn một lựa chọn hợp lệ")
        self.assertEqual(dossier_state(), before)


class TestDossierListPage(WithDossiers, PersonaPageCase):
    url_name = "procedures:dossier_list"
    expected = {**EVERYONE, "anonymous": 302}

    def test_late_dossiers_of_a_window(self):
        response = self.client_for("steering").get(self.url(), {
            "unit": self.world.dept_a.pk, "late": "on", "date_from": "01/03/2025", "date_to": "31/03/2025"})
        self.assertContains(response, "SXD-LATE")
        self.assertNotContains(response, "SXD-EARLY")

    def test_the_successor_commune_lists_its_predecessors_dossiers(self):
        response = self.client_for("commune").get(self.url(), {"unit": self.world.commune_new.pk})
        self.assertContains(response, "X1-JUNE")
        self.assertContains(response, "XM-JULY")

    def test_the_table_exports_as_xlsx(self):
        response = self.client_for("focal").get(self.url(), {"export": "xlsx"})
        self.assertEqual(response["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self.assertTrue(response.content.startswith(b"PK"))


class TestDossierDetailPage(WithDossiers, PersonaPageCase):
    url_name = "procedures:dossier_detail"
    expected = {**DEPT_A_READERS, "anonymous": 302}

    def url(self):
        return reverse(self.url_name, args=[self.world.dossier.pk])

    def test_it_shows_the_rule_of_the_due_date_in_words(self):
        response = self.client_for("focal").get(self.url())
        self.assertContains(response, "tính theo ngày làm việc kể từ ngày sau ngày tiếp nhận; hạn rơi vào ngày nghỉ thì "
                                      "chuyển sang ngày làm việc kế tiếp (Bộ luật Dân sự 2015, Điều 147–148)")
        self.assertNotContains(response, "vn-due/")

    def test_it_shows_what_each_import_changed(self):
        self.assertContains(self.client_for("focal").get(self.url()), "Chưa có lần nhập nào thay đổi hồ sơ này")
        make_dossiers(self.world.dept_a, self.world.procedure,
                      {"code": "SXD-LATE", "received_at": "03/03/2025 09:00", "finished_at": "21/03/2025 10:00",
                       "apology_issued_on": "07/03/2025", "channel": "online"}, sender=self.world.dept_a)
        response = self.client_for("focal").get(self.url())
        self.assertContains(response, "<td>Ngày kết thúc xử lý</td><td>20/03/2025 10:00</td><td>21/03/2025 10:00</td>", html=True)
        self.assertContains(response, "<td>Kênh nộp</td><td>Trực tiếp</td><td>Trực tuyến</td>", html=True)


class TestDossierImportPage(WithDossiers, PersonaPageCase):
    url_name = "procedures:dossier_import"
    expected = EDITORS
    write_expected = {**EDITORS, "admin": 302, "head": 302, "focal": 302}

    def write_data(self):
        return {"unit": self.world.dept_a.pk, "file": csv_file(DOSSIER_CSV)}

    def test_every_bad_row_is_reported_in_vietnamese_and_nothing_is_written(self):
        text = (
            "Mã hồ sơ,Mã thủ tục,Mã đơn vị tiếp nhận,Ngày tiếp nhận,Kênh nộp,Ngày kết thúc xử lý,\"Phí, lệ phí\"\n"
            "OK-1,1.000001,TN-SXD,04/03/2025,1,05/03/2025,0\n"
            "BAD-2,9.999999,TN-SXD,04/03/2025,1,,\n"
            "BAD-3,1.000001,TN-SXD,2025-13-45,1,,\n"
            "BAD-4,1.000001,TN-SXD,10/03/2025,2,05/03/2025,\n"
            "BAD-5,1.000001,TN-SXD,04/03/2025,3,,-100\n"
        )
        before = dossier_state()
        response = self.client_for("focal").post(self.url(), {"unit": self.world.dept_a.pk, "file": csv_file(text)})
        for message in (
            "Dòng 3: mã thủ tục &#x27;9.999999&#x27; không có trong danh mục.",
            "Dòng 4: cột &#x27;Ngày tiếp nhận&#x27;: &#x27;2025-13-45&#x27; không phải ngày hợp lệ (dd/mm/yyyy).",
            "Dòng 5: kết thúc xử lý (05/03/2025 00:00) trước khi tiếp nhận (10/03/2025 00:00).",
            "Dòng 6: cột &#x27;Phí, lệ phí&#x27;: -100 là số âm.",
        ):
            self.assertContains(response, message)
        self.assertNotContains(response, "Dòng 2:")
        self.assertEqual(dossier_state(), before)

    def test_a_supplement_count_must_be_a_small_whole_number(self):
        text = (
            "Mã hồ sơ,Mã thủ tục,Mã đơn vị tiếp nhận,Ngày tiếp nhận,Kênh nộp,Số lần yêu cầu bổ sung\n"
            "C-1,1.000001,TN-SXD,04/03/2025,1,2.5\n"
            "C-2,1.000001,TN-SXD,04/03/2025,1,5000\n"
        )
        before = dossier_state()
        response = self.client_for("focal").post(self.url(), {"unit": self.world.dept_a.pk, "file": csv_file(text)})
        self.assertContains(response, "Dòng 2: cột &#x27;Số lần yêu cầu bổ sung&#x27;: &#x27;2.5&#x27; không phải số nguyên.")
        self.assertContains(response, "Dòng 3: cột &#x27;Số lần yêu cầu bổ sung&#x27;: &#x27;5000&#x27; lớn hơn 1000.")
        self.assertEqual(dossier_state(), before)

    def test_a_missing_column_is_named(self):
        text = "Mã hồ sơ,Mã thủ tục,Ngày tiếp nhận,Kênh nộp\nA,1.000001,04/03/2025,1\n"
        response = self.client_for("focal").post(self.url(), {"unit": self.world.dept_a.pk, "file": csv_file(text)})
        self.assertContains(response, "Thiếu cột: Mã đơn vị tiếp nhận.")

    def test_a_unit_out_of_reach_is_refused_per_line(self):
        text = DOSSIER_CSV.replace("TN-SXD", "TN-STC")
        response = self.client_for("focal").post(self.url(), {"unit": self.world.dept_a.pk, "file": csv_file(text)})
        self.assertContains(response, "Dòng 2: bạn không được nhập hồ sơ này cho mã đơn vị &#x27;TN-STC&#x27; ngày 04/03/2025.")

    def test_a_dossier_of_a_unit_out_of_reach_is_refused_like_a_unit_out_of_reach(self):
        """The commune officer cannot see Sở Xây dựng's dossier; a row with its code and his own unit
        must not move it to his commune (nor tell him that the code exists)."""
        text = (
            "Mã hồ sơ,Mã thủ tục,Mã đơn vị tiếp nhận,Ngày tiếp nhận,Kênh nộp\n"
            "SXD-LATE,1.000001,TN-XM,15/07/2025 09:00,1\n"
        )
        before = dossier_state()
        response = self.client_for("commune").post(self.url(), {"unit": self.world.commune_new.pk, "file": csv_file(text)})
        self.assertContains(response, "Dòng 2: bạn không được nhập hồ sơ này cho mã đơn vị &#x27;TN-XM&#x27; ngày 15/07/2025.")
        self.assertEqual(dossier_state(), before)
        self.assertEqual(Dossier.objects.get(code="SXD-LATE").unit, self.world.dept_a)

    def test_re_importing_the_same_file_changes_nothing(self):
        self.client_for("focal").post(self.url(), self.write_data())
        before = list(Dossier.objects.values())
        response = self.client_for("focal").post(self.url(), self.write_data(), follow=True)
        self.assertContains(response, "0 hồ sơ thêm mới, 0 cập nhật, 1 không đổi.")
        self.assertEqual(list(Dossier.objects.values()), before)

    def test_an_xlsx_file_is_read_like_a_csv(self):
        book = Workbook()
        sheet = book.active
        for cells in csv.reader(io.StringIO(DOSSIER_CSV)):
            sheet.append(cells)
        buffer = io.BytesIO()
        book.save(buffer)
        upload = SimpleUploadedFile("ho-so.xlsx", buffer.getvalue())
        self.client_for("focal").post(self.url(), {"unit": self.world.dept_a.pk, "file": upload})
        self.assertEqual(Dossier.objects.get(code="SXD-NEW-1").channel, "online")


    def test_a_file_over_the_upload_limit_is_refused_in_the_form_and_nothing_is_written(self):
        rows = "".join(f"BIG-{n},1.000001,TN-SXD,04/03/2025,1,,\n" for n in range(800_000))
        text = "Mã hồ sơ,Mã thủ tục,Mã đơn vị tiếp nhận,Ngày tiếp nhận,Kênh nộp,Ngày kết thúc xử lý,Phí\n" + rows
        data = text.encode()
        self.assertGreater(len(data), 30 * 1024 * 1024)
        before = dossier_state()
        response = self.client_for("focal").post(self.url(), {"unit": self.world.dept_a.pk, "file": csv_file(text)})
        self.assertContains(response, f"Tệp ho-so.csv có dung lượng {round(len(data) / 1048576, 1)} MB; giới hạn là 25.0 MB.")
        self.assertEqual(dossier_state(), before)

    def test_a_zip_bomb_is_refused_before_it_is_read_and_nothing_is_written(self):
        from cchc.core.tests.test_spreadsheets import xlsx_with_rows

        header = ["Mã hồ sơ", "Mã thủ tục", "Mã đơn vị tiếp nhận", "Ngày tiếp nhận", "Kênh nộp"]
        data = xlsx_with_rows([header], filler=b'<row r="2"/>', repeat=2_000_000, level=9)
        before = dossier_state()
        with self.settings(UPLOAD_MAX_UNZIPPED_BYTES=10 * 1024 * 1024):
            response = self.client_for("focal").post(
                self.url(), {"unit": self.world.dept_a.pk, "file": SimpleUploadedFile("bom.xlsx", data)}
            )
        self.assertContains(response, "Tệp bom.xlsx khi giải nén vượt quá 10 MB; không đọc được.")
        self.assertEqual(dossier_state(), before)

    def test_a_text_cell_that_starts_like_a_formula_is_exported_as_text(self):
        from openpyxl import load_workbook

        dossier = Dossier.objects.filter(unit=self.world.dept_a).first()
        Dossier.objects.filter(pk=dossier.pk).update(code='=HYPERLINK("http://evil.example","x")')
        response = self.client_for("focal").get(reverse("procedures:dossier_list") + "?export=xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
        self.assertIn(("'=HYPERLINK(\"http://evil.example\",\"x\")", "s"), [(c.value, c.data_type) for c in cells])
        self.assertFalse([c.coordinate for c in cells if c.data_type == "f"])


class TestBatchListPage(WithDossiers, PersonaPageCase):
    url_name = "procedures:batch_list"
    expected = {**EVERYONE, "anonymous": 302}


class TestDossierListQueries(WithDossiers, PersonaPageCase):
    url_name = "procedures:dossier_list"
    expected = {**EVERYONE, "anonymous": 302}

    def test_the_query_count_does_not_grow_with_the_rows(self):
        client = self.client_for("steering")
        client.get(self.url())
        add_more = [{"code": f"MORE-{i}", "received_at": "05/03/2025"} for i in range(20)]
        make_dossiers(self.world.dept_a, self.world.procedure, *add_more)
        # session, user, scope (the unit graph read once per request), count, page, unread notifications
        with self.assertNumQueries(12) as context:
            client.get(self.url())
        self.assertEqual(len(context.captured_queries), 12)
