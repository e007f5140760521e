"""read_document: every format, and every way a file can be unusable."""

from __future__ import annotations

import io
import random
import zipfile

import docx
import pytest
from PIL import Image

from cchc.documents.errors import DocumentError
from cchc.documents.readers import Paragraph, Table, detect_format, read_document
from cchc.documents.tests.support import FILES, seed_bytes, seed_path


def _error(data: bytes, filename: str = "ke-hoach.txt", **kwargs) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        read_document(data, filename, **kwargs)
    return caught.value


# --------------------------------------------------------------------------- plain text


def test_it_reads_a_text_seed_with_source_line_numbers():
    document = read_document(seed_bytes("001"), "001.txt")

    assert document.format == "text"
    first = document[0]
    assert isinstance(first, Paragraph)
    assert first.line == 2  # line 1 of the seed is empty
    assert first.text.startswith("UBND TỈNH SÓC TRĂNG")
    assert all(isinstance(block, Paragraph) for block in document)
    assert document[-1].text == "- Lưu: VT." and document[-1].line == 1043


def test_it_normalises_decomposed_vietnamese_to_nfc():
    document = read_document("Cải cách thể chế\n".encode().replace("ả".encode(), "a\u0309".encode()), "x.txt")

    assert document[0].text == "Cải cách thể chế"


@pytest.mark.parametrize(
    ("encoded", "label"),
    [
        (b"\xef\xbb\xbf" + "KẾ HOẠCH\nCải cách hành chính năm 2024\n".encode(), "utf-8 with BOM"),
        ("KẾ HOẠCH\nCải cách hành chính năm 2024\n".encode("utf-16"), "utf-16 with BOM"),
        (b"\xfe\xff" + "KẾ HOẠCH\nCải cách hành chính năm 2024\n".encode("utf-16-be"), "utf-16-be with BOM"),
    ],
)
def test_it_reads_text_with_a_byte_order_mark(encoded, label):
    document = read_document(encoded, "plan.txt")

    assert [block.text for block in document] == ["KẾ HOẠCH", "Cải cách hành chính năm 2024"], label


def test_it_strips_markdown_from_a_markdown_seed():
    document = read_document(seed_bytes("004"), "004.md")

    assert document[0].text == "KẾ HOẠCH" and document[0].line == 3
    heading = next(block for block in document if block.text.startswith("II. CÁC NHIỆM VỤ"))
    assert heading.style == "heading" and heading.line == 32


def test_it_refuses_text_that_is_not_utf8_and_names_the_line():
    data = "KẾ HOẠCH\nCải cách hành chính\n".encode() + "Sở Tài chính\n".encode("cp1258", errors="replace")

    error = _error(data)

    assert "UTF-8" in error.message and error.line == 3
    assert "dòng 3" in str(error)


def test_it_refuses_utf16_without_a_byte_order_mark():
    error = _error("KẾ HOẠCH cải cách hành chính".encode("utf-16-le"))

    assert "UTF-16" in error.message


def test_it_refuses_an_empty_file():
    assert _error(b"").message == "Tệp rỗng: không có nội dung để đọc."


def test_it_refuses_a_text_file_with_only_blank_lines():
    assert _error(b"  \n\n \t\n").message == "Tệp văn bản không có nội dung."


def test_it_refuses_random_bytes():
    data = random.Random(7).randbytes(4096)

    assert "không phải DOCX, PDF" in _error(data, "ke-hoach.docx").message


def test_it_refuses_a_file_over_the_size_limit():
    error = _error(b"x" * 2048, max_bytes=1024)

    assert error.message.startswith("Tệp quá lớn")


def test_the_default_size_limit_is_20_megabytes():
    error = _error(b"a" * (20 * 1024 * 1024 + 1))

    assert "20 MB" in error.message


@pytest.mark.parametrize(
    ("data", "phrase"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Office cũ"),
        (b"{\\rtf1\\ansi Ke hoach}", "RTF"),
        (b"GIF89a" + b"\x00" * 100, "không phải DOCX, PDF"),
    ],
)
def test_it_refuses_other_formats_by_content(data, phrase):
    assert phrase in _error(data, "ke-hoach.docx").message


def test_it_recognises_an_encrypted_word_file():
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le")

    assert "mật khẩu" in _error(data, "ke-hoach.docx").message


# --------------------------------------------------------------------------- DOCX


def test_it_reads_paragraphs_and_real_tables_in_body_order():
    document = read_document((FILES / "seed_001.docx").read_bytes(), "seed_001.docx")

    assert document.format == "docx"
    kinds = [type(block).__name__ for block in document]
    header, task_table, signature = (block for block in document if isinstance(block, Table))
    assert kinds[0] == "Table" and kinds[-1] == "Table"
    assert header.rows[0].texts == [
        "UBND TỈNH SÓC TRĂNG\nTHANH TRA TỈNH",
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
    ]
    assert task_table.rows[0].texts[:3] == ["Nhiệm vụ chung", "Nhiệm vụ cụ thể", "Sản phẩm"]
    assert len(task_table.rows) == 23
    assert signature.rows[0].cells[1].text == "CHÁNH THANH TRA"
    title_index = next(i for i, block in enumerate(document) if getattr(block, "text", "") == "KẾ HOẠCH")
    assert kinds.index("Table", 1) > title_index


def test_a_vertically_merged_cell_is_repeated_and_marked_merged():
    document = read_document((FILES / "seed_001.docx").read_bytes(), "seed_001.docx")
    task_table = document.tables[1]

    first, second, fifth = task_table.rows[1], task_table.rows[2], task_table.rows[5]
    assert first.cells[0].text == "Cải cách thể chế" and not first.cells[0].merged
    assert second.cells[0].text == "Cải cách thể chế" and second.cells[0].merged
    assert fifth.cells[0].text == "Cải cách TTHC" and not fifth.cells[0].merged


def test_a_horizontally_merged_area_row_spans_all_columns():
    document = read_document((FILES / "seed_003.docx").read_bytes(), "seed_003.docx")
    task_table = document.tables[-1]

    area_row = task_table.rows[1]
    assert task_table.rows[0].is_header
    assert [cell.text for cell in area_row.cells] == ["I"] + ["Cải cách thể chế"] * 6
    assert [cell.merged for cell in area_row.cells] == [False, False] + [True] * 5


def test_it_detects_a_docx_by_content_whatever_the_extension():
    data = (FILES / "seed_003.docx").read_bytes()

    assert detect_format(data, "ke-hoach.pdf") == "docx"
    assert read_document(data, "ke-hoach.txt").format == "docx"


def test_it_refuses_a_truncated_docx():
    data = (FILES / "seed_003.docx").read_bytes()

    assert "bị hỏng hoặc không đầy đủ" in _error(data[: len(data) // 2], "ke-hoach.docx").message


def test_it_refuses_a_zip_that_is_not_a_word_file():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "Kế hoạch")

    assert (
        _error(buffer.getvalue(), "ke-hoach.docx").message == "Tệp nén ZIP không phải tài liệu Word (.docx)."
    )


def test_it_refuses_an_excel_workbook():
    import openpyxl

    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Kế hoạch"
    workbook.save(buffer)

    assert "Excel" in _error(buffer.getvalue(), "ke-hoach.docx").message


def test_it_refuses_a_docx_without_text():
    buffer = io.BytesIO()
    word = docx.Document()
    word.add_paragraph("   ")
    word.save(buffer)

    assert _error(buffer.getvalue(), "trong.docx").message == "Tệp Word không có nội dung văn bản."


# --------------------------------------------------------------------------- PDF


def test_it_reads_a_pdf_text_layer_with_its_tables():
    document = read_document((FILES / "seed_003.pdf").read_bytes(), "seed_003.pdf")

    assert document.format == "pdf"
    texts = [block.text for block in document.paragraphs]
    assert "KẾ HOẠCH" in texts
    assert any(text.startswith("I. MỤC ĐÍCH, YÊU CẦU") for text in texts)
    task_tables = [table for table in document.tables if "Sản phẩm" in table.rows[0].texts[2]]
    assert len(task_tables) >= 5  # one fragment per page, each with the repeated header
    assert all(table.wrapped_cells and table.page for table in task_tables)
    lines = [block.line for block in document]
    assert lines == sorted(lines)


def test_it_refuses_a_scanned_pdf():
    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(buffer, format="PDF")

    error = _error(buffer.getvalue(), "scan.pdf")

    assert "bản quét" in error.message


def test_it_refuses_an_encrypted_pdf():
    error = _error((FILES / "encrypted.pdf").read_bytes(), "mat-khau.pdf")

    assert error.message == "Tệp PDF được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."


def test_it_refuses_a_truncated_pdf():
    data = (FILES / "seed_003.pdf").read_bytes()

    assert "PDF" in _error(data[:2000], "ke-hoach.pdf").message


def test_it_refuses_a_pdf_over_the_page_limit():
    error = _error((FILES / "seed_003.pdf").read_bytes(), "ke-hoach.pdf", max_pages=3)

    assert "vượt quá giới hạn 3 trang" in error.message


def test_seed_paths_exist():
    assert seed_path("000").name.startswith("000_")
