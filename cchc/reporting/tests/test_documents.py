"""Word and Excel files: the shipped template, an administrator's replacement, failures shown on the page,
and the htmx progress the page polls."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document
from openpyxl import load_workbook

from cchc.reporting import docx_template, render, selectors, services
from cchc.reporting.models import ReportDocument, ReportTemplate
from cchc.reporting.tests.factories import reporting_world


def texts(data: bytes) -> list[str]:
    document = Document(BytesIO(data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return [p.text for p in document.paragraphs] + cells


def docx_with(text: str) -> bytes:
    document = Document()
    document.add_paragraph(text)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def reports(world):
    reporting_world(world)
    return world


def test_the_shipped_template_is_what_the_builder_makes():
    context = render.sample_context()
    assert texts(render.render_docx(context, selectors.DEFAULT_TEMPLATE.read_bytes())) == texts(
        render.render_docx(context, docx_template.build())
    )


def test_the_word_file_has_the_decree_30_header_and_the_signer(reports):
    document = services.document_generate(
        document=services.document_request(report=reports.draft, format="docx", actor=None)
    )
    word = Document(BytesIO(document.file.read()))
    left, right = (cell.text.split("\n") for cell in word.tables[0].rows[0].cells)
    assert left == ["UBND TỈNH THỬ NGHIỆM", "SỞ XÂY DỰNG", "────────", "Số: 12/BC-TN-SXD"]
    assert "Kính gửi: Ủy ban nhân dân tỉnh Thử Nghiệm (qua Sở Nội vụ)" in texts(document.file.open().read())
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert right[3].startswith("Cần Thơ, ngày ")
    section = word.sections[0]
    margins = (
        section.page_width,
        section.page_height,
        section.top_margin,
        section.left_margin,
        section.right_margin,
    )
    assert [round(length.mm) for length in margins] == [210, 297, 20, 30, 15]
    signature = [c.text for c in word.tables[-1].rows[0].cells]
    assert signature[0].startswith("Nơi nhận:\n- Như trên;\n- Lưu: VT.")
    assert signature[1].split("\n")[0] == "GIÁM ĐỐC" and signature[1].endswith("Trần Văn Bình")


def test_the_consolidated_word_file_is_headed_by_the_steering_body_under_its_committee_with_kinh_gui_and_a_signer(reports):
    # the demo city's consolidated report had an empty first header line and a blank signature block
    consolidated = services.report_start(unit=reports.province, period=reports.q1, actor=reports.users["steering"])
    assert (consolidated.signer_title, consolidated.signer_name) == ("GIÁM ĐỐC", "")
    context = selectors.document_context(consolidated)
    assert (context["parent_name"], context["unit_name"], context["number"]) == ("UBND TỈNH THỬ NGHIỆM", "SỞ NỘI VỤ", "……/BC-……")
    assert context["addressee"] == "Bộ Nội vụ"
    document = services.document_generate(
        document=services.document_request(report=consolidated, format="docx", actor=None))
    word = Document(BytesIO(document.file.read()))
    left = word.tables[0].rows[0].cells[0].text.split("\n")
    assert left[:2] == ["UBND TỈNH THỬ NGHIỆM", "SỞ NỘI VỤ"]
    assert "Kính gửi: Bộ Nội vụ" in [p.text for p in word.paragraphs]
    assert word.tables[-1].rows[0].cells[1].text.split("\n")[0] == "GIÁM ĐỐC"
    assert selectors.document_filename(document) == "bao-cao-tong-hop-quy-1-2025-tn.docx"


def test_an_uploaded_template_replaces_the_shipped_one_for_the_units_below(reports, admin_user):
    upload = SimpleUploadedFile("mau.docx", docx_with("MẪU RIÊNG CỦA TỈNH {{ unit_name }} {{ subject }}"))
    services.template_upload(unit=reports.province, file=upload, note="Mẫu tỉnh", actor=admin_user)
    document = services.document_generate(
        document=services.document_request(report=reports.draft, format="docx", actor=None)
    )
    assert texts(document.file.read())[0].startswith(
        "MẪU RIÊNG CỦA TỈNH SỞ XÂY DỰNG Kết quả thực hiện công tác cải cách hành chính quý I năm 2025"
    )
    assert ReportTemplate.objects.get().history.get().history_user == admin_user


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("mau.docx", b"", "Tệp mau.docx không có nội dung."),
        ("mau.pdf", b"%PDF-1.4", "Không chấp nhận tệp loại .pdf; chỉ chấp nhận: DOCX."),
        ("mau.docx", b"PK\x03\x04 broken", "Mẫu Word không phải tệp Office hợp lệ (zip): File is not a zip file"),
        ("mau.docx", docx_with("{{ unit_name "), "Không điền được mẫu Word: unexpected '/'"),
    ],
)
def test_a_file_that_is_not_a_usable_template_is_refused(reports, name, data, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.template_upload(unit=reports.province, file=SimpleUploadedFile(name, data), actor=None)
    assert refused.value.message_dict == {"file": [message]}
    assert ReportTemplate.objects.count() == 0


def test_a_template_that_fails_later_shows_the_error_on_the_file(reports, monkeypatch):
    monkeypatch.setattr(selectors, "template_bytes", lambda unit: docx_with("{{ missing.attribute.deep }}"))
    document = services.document_generate(
        document=services.document_request(report=reports.draft, format="docx", actor=None)
    )
    assert (document.status, document.progress, bool(document.file)) == ("failed", 50, False)
    assert document.error == "Không điền được mẫu Word: 'missing' is undefined"


def test_generating_again_a_finished_file_changes_nothing(reports):
    document = services.document_generate(
        document=services.document_request(report=reports.draft, format="xlsx", actor=None)
    )
    name = document.file.name
    assert services.document_generate(document=document).file.name == name
    sheet = load_workbook(BytesIO(document.file.read()))["Số liệu"]
    assert (sheet["A1"].value, sheet["A2"].value) == ("SỞ XÂY DỰNG", "Báo cáo quý I năm 2025")


def test_the_page_polls_the_file_until_it_is_ready(reports, client, django_capture_on_commit_callbacks):
    client.force_login(reports.users["focal"])
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = client.post(
            f"/reporting/reports/{reports.draft.pk}/documents/", {"format": "docx"}, HTTP_HX_REQUEST="true"
        )
    document = ReportDocument.objects.get()
    first = response.content.decode()
    assert 'hx-trigger="load delay:1s"' in first and "Đang chờ" in first and "0%" in first
    assert (
        len(queued) == 1
    )  # the task was queued once the request's transaction committed; it ran inline here
    polled = client.get(f"/reporting/documents/{document.pk}/").content.decode()
    assert f'href="/reporting/documents/{document.pk}/download/"' in polled and "hx-trigger" not in polled


def test_the_date_line_follows_decree_30():
    assert selectors._vi_date(dt.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert selectors._vi_date(dt.date(2026, 11, 20)) == "ngày 20 tháng 11 năm 2026"


def payload_docx(mark) -> bytes:
    document = Document(BytesIO(selectors.DEFAULT_TEMPLATE.read_bytes()))
    document.add_paragraph(f"{{{{ cycler.__init__.__globals__.os.popen('touch {mark}').read() }}}}")
    out = BytesIO()
    document.save(out)
    return out.getvalue()


SANDBOX_REFUSAL = (
    "Mẫu Word dùng thao tác không được phép: access to attribute '__init__' of 'StrictUndefined' object is unsafe."
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ cycler.__init__.__globals__.os.popen('id').read() }}", SANDBOX_REFUSAL),
        ("{{ ''.__class__.__mro__ }}",
         "Mẫu Word dùng thao tác không được phép: access to attribute '__class__' of 'str' object is unsafe."),
        ("{{ unit_name }} {{ secret }}", "Không điền được mẫu Word: 'secret' is undefined"),
    ],
)
def test_a_template_that_reaches_beyond_its_variables_is_refused_at_upload(reports, tmp_path, text, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.template_upload(unit=reports.province, file=SimpleUploadedFile("mau.docx", docx_with(text)), actor=None)
    assert refused.value.message_dict == {"file": [message]}
    assert ReportTemplate.objects.count() == 0


def test_a_stored_template_that_runs_code_fails_the_file_and_runs_nothing(reports, tmp_path):
    from django.core.files.base import ContentFile

    mark = tmp_path / "ran"
    ReportTemplate.objects.create(unit=reports.province, file=ContentFile(payload_docx(mark), name="mau.docx"))
    document = services.document_generate(
        document=services.document_request(report=reports.draft, format="docx", actor=None)
    )
    assert (document.status, bool(document.file), document.error) == ("failed", False, SANDBOX_REFUSAL)
    assert not mark.exists()


def test_a_template_whose_file_is_gone_fails_the_file_with_a_clear_message_and_downloads_404(
    reports, client, settings, tmp_path
):
    from django.core.files.base import ContentFile

    template = ReportTemplate.objects.create(
        unit=reports.province, file=ContentFile(selectors.DEFAULT_TEMPLATE.read_bytes(), name="mau.docx")
    )
    done = services.document_generate(
        document=services.document_request(report=reports.draft, format="xlsx", actor=None)
    )
    settings.MEDIA_ROOT = tmp_path  # storage restored from an older backup: the records outlive their files
    document = services.document_generate(
        document=services.document_request(report=reports.draft, format="docx", actor=None)
    )
    assert (document.status, document.error) == (
        "failed",
        "Tệp mẫu Word đã tải lên không còn trong kho lưu trữ; hãy tải lên lại hoặc xóa mẫu này.",
    )
    client.force_login(reports.users["admin"])
    assert client.get(f"/reporting/templates/{template.pk}/download/").status_code == 404
    assert client.get(f"/reporting/documents/{done.pk}/download/").status_code == 404


def test_text_that_starts_like_a_formula_is_written_as_text_in_the_figures(reports, monkeypatch):
    real = selectors.document_context

    def context(report):
        values = real(report)
        values["unit_name"] = "=HYPERLINK(\"http://evil.example\",\"x\")"
        return values

    monkeypatch.setattr(selectors, "document_context", context)
    document = services.document_generate(
        document=services.document_request(report=reports.draft, format="xlsx", actor=None)
    )
    sheet = load_workbook(BytesIO(document.file.read()))["Số liệu"]
    assert (sheet["A1"].value, sheet["A1"].data_type) == ("'=HYPERLINK(\"http://evil.example\",\"x\")", "s")


def test_the_pdf_file_is_the_word_file_converted_by_libreoffice(reports):
    from unittest import mock

    from cchc.core import pdf

    with mock.patch.object(pdf, "missing", return_value=None), \
            mock.patch.object(pdf, "docx_to_pdf", return_value=b"%PDF-1.7 converted") as convert:
        document = services.document_generate(
            document=services.document_request(report=reports.draft, format="pdf", actor=None)
        )
    word = convert.call_args.args[0]
    assert texts(word)[0] == texts(services.document_generate(
        document=services.document_request(report=reports.draft, format="docx", actor=None)).file.read())[0]
    assert (document.status, document.file.read()) == ("done", b"%PDF-1.7 converted")
    assert document.file.name.endswith(".pdf")


def test_without_libreoffice_a_pdf_is_refused_naming_the_package(reports):
    from unittest import mock

    from django.core.exceptions import ValidationError

    from cchc.core import pdf

    with mock.patch.object(pdf, "missing", return_value=pdf.missing_message()), pytest.raises(ValidationError) as caught:
        services.document_request(report=reports.draft, format="pdf", actor=None)
    assert "libreoffice-writer-nogui" in caught.value.message_dict["format"][0]
