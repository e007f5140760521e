"""Procedure publication facts (QĐ 766 group 1): the import page, its persona matrix and its refusals."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from cchc.core.testing.scoped_cases import PersonaPageCase
from cchc.procedures.models import ProcedurePublication
from cchc.procedures.tests.world import add_dossiers, dossier_state

EDITORS = {"admin": 200, "head": 200, "focal": 200, "outsider": 200, "commune": 200, "steering": 403, "viewer": 403,
           "staff": 403, "anonymous": 302}
HEADERS = ["Mã thủ tục", "Số quyết định công bố", "Ngày quyết định công bố", "Ngày văn bản quy định có hiệu lực",
           "Ngày công khai trên CSDL quốc gia", "Niêm yết tại Bộ phận Một cửa", "Có tên thủ tục",
           "Có trình tự thực hiện", "Có cách thức thực hiện", "Có thành phần, số lượng hồ sơ", "Có thời hạn giải quyết",
           "Có đối tượng thực hiện", "Có cơ quan thực hiện"]
GOOD = ["1.000001", "123/QĐ-UBND", "03/02/2025", "17/02/2025", "07/02/2025", "có", 1, 1, 1, 1, 1, 1, 1]


def xlsx_file(*rows) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("cong-bo.xlsx", buffer.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def publication_state():
    return dossier_state(), list(ProcedurePublication.objects.values_list(
        "procedure__code", "decision_number", "decision_date", "national_database_published_on"))


class TestPublicationImportPage(PersonaPageCase):
    """The province publishes procedure 1.000001 (``add_dossiers``); its editors import the publication facts."""

    url_name = "procedures:publication_import"
    expected = EDITORS
    # Sở Xây dựng's editors may import, but 1.000001 belongs to the province's catalogue: only the
    # administrator (province-wide) writes; the others get the form back with the refusal.
    write_expected = {**EDITORS, "admin": 302}

    @classmethod
    def extra_data(cls, world):
        add_dossiers(world)

    def write_data(self):
        return {"unit": self.world.province.pk, "file": xlsx_file(GOOD)}

    def state(self):
        return publication_state()

    def test_a_good_file_records_the_publication(self):
        response = self.client_for("admin").post(self.url(), self.write_data())
        self.assertEqual(response.status_code, 302)
        publication = ProcedurePublication.objects.get()
        self.assertEqual(
            (publication.decision_number, f"{publication.decision_date:%d/%m/%Y}", publication.posted_at_one_stop,
             publication.is_complete()),
            ("123/QĐ-UBND", "03/02/2025", True, True),
        )

    def test_a_publication_date_before_its_decision_is_refused_naming_the_field(self):
        before = publication_state()
        bad = [*GOOD[:4], "31/01/2025", *GOOD[5:]]
        response = self.client_for("admin").post(self.url(), {"unit": self.world.province.pk, "file": xlsx_file(bad)})
        self.assertContains(
            response,
            "Dòng 2: cột &#x27;Ngày công khai trên CSDL quốc gia&#x27;: Ngày công khai trên Cơ sở dữ liệu quốc gia "
            "(31/01/2025) trước ngày quyết định công bố (03/02/2025).",
        )
        self.assertEqual(publication_state(), before)

    def test_one_bad_row_writes_nothing(self):
        before = publication_state()
        second = ["1.000001", "124/QĐ-UBND", "ngày mai", "", "", "", 1, 1, 1, 1, 1, 1, 1]
        response = self.client_for("admin").post(
            self.url(), {"unit": self.world.province.pk, "file": xlsx_file(GOOD, second)})
        self.assertContains(response, "Dòng 3: cột &#x27;Ngày quyết định công bố&#x27;")
        self.assertEqual(publication_state(), before)

    def test_a_procedure_of_another_catalogue_is_refused_without_naming_its_owner(self):
        before = publication_state()
        response = self.client_for("head").post(self.url(), {"unit": self.world.dept_a.pk, "file": xlsx_file(GOOD)})
        self.assertContains(
            response, "Dòng 2: mã thủ tục &#x27;1.000001&#x27; không có trong danh mục của mã đơn vị &#x27;TN-SXD&#x27;.")
        self.assertEqual(publication_state(), before)
