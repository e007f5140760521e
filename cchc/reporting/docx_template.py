"""Build the shipped Word template ``templates_docx/report.docx`` (docxtpl tags inside a Word file).

The layout follows NĐ 30/2020/NĐ-CP, Phụ lục I as summarised in reporting_regime.md §4: A4
portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; body 14 pt,
justified, first line indented 1.27 cm, 6 pt after, single spacing; page numbers centred in the top
margin, not on the first page. Header: a borderless two-column table, the parent agency and the
issuing agency (bold, a short rule under it) and "Số:" on the left; Quốc hiệu (bold, 13) and Tiêu
ngữ (bold, 14, underlined) and the italic place and date on the right. "BÁO CÁO" and the subject
bold, centred. Signature block: "Nơi nhận:" (bold italic 12, entries 11) on the left, the signer's
title and name (bold) on the right. The element sizes are unsourced (reporting_regime.md §4).

An administrator may replace the file (``ReportTemplate``); any Word file using the same tags
works. Regenerate the shipped one with ``python -m cchc.reporting.docx_template``.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
PATH = Path(__file__).resolve().parent / "templates_docx" / "report.docx"


def _font(document: Document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after = Pt(6)
    style.paragraph_format.line_spacing = 1.0


def _page(document: Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run._r.append(field)
    run.font.size = Pt(13)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _widths(table, widths) -> None:
    """Column widths in the grid and in every cell (Word reads the cells, LibreOffice the grid)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _grid(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "4")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _text(
    cell_or_doc,
    text: str,
    *,
    size=14,
    bold=False,
    italic=False,
    underline=False,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    after=0,
):
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.first_line_indent = Cm(0)
    run = paragraph.add_run(text)
    run.font.size, run.bold, run.italic, run.underline = Pt(size), bold, italic, underline
    return paragraph


def _rule(cell) -> None:
    """A short solid line under the agency name (⅓ of the text width)."""
    _text(cell, "────────", size=10, after=0)


def _first_paragraph_of(cell):
    """Table cells start with an empty paragraph; drop it so text starts at the top."""
    cell._tc.remove(cell.paragraphs[0]._p)


def _header(document: Document) -> None:
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _widths(table, [Cm(6.2), Cm(10.3)])
    left, right = table.rows[0].cells
    for cell in (left, right):
        _first_paragraph_of(cell)
    _text(left, "{{ parent_name }}", size=13)
    _text(left, "{{ unit_name }}", size=13, bold=True)
    _rule(left)
    _text(left, "Số: {{ number }}", size=13)
    _text(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True)
    _text(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, underline=True)
    _text(right, "")
    _text(right, "{{ place_date }}", size=14, italic=True)


def _simple_table(document: Document, headers: list[str], cells: list[str], loop: str) -> None:
    """A bordered table: a header row and one templated row repeated by ``loop`` (docxtpl ``{%tr %}``);
    the second column (a name or a label) is left-aligned, the others centred."""
    table = document.add_table(rows=4, cols=len(headers))
    _grid(table)
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        _first_paragraph_of(cell)
        _text(cell, header, size=13, bold=True)
    _first_paragraph_of(table.rows[1].cells[0])
    _text(table.rows[1].cells[0], "{%tr for item in " + loop + " %}", size=11)
    for index, (cell, value) in enumerate(zip(table.rows[2].cells, cells, strict=True)):
        _first_paragraph_of(cell)
        _text(
            cell, value, size=13, align=WD_ALIGN_PARAGRAPH.LEFT if index == 1 else WD_ALIGN_PARAGRAPH.CENTER
        )
    _first_paragraph_of(table.rows[3].cells[0])
    _text(table.rows[3].cells[0], "{%tr endfor %}", size=11)


def _body(document: Document) -> None:
    _text(document, "")
    _text(document, "BÁO CÁO", bold=True)
    _text(document, "{{ subject }}", bold=True)
    _text(document, "────────", size=10, after=12)
    _text(document, "{%p for block in blocks %}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1.27)
    paragraph.add_run("{{r block.rich }}")
    _text(document, "{%p endfor %}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def _annex(document: Document) -> None:
    _text(document, "{%p if consolidated %}")
    _text(document, "DANH SÁCH ĐƠN VỊ GỬI BÁO CÁO ({{ unit_count }} đơn vị)", bold=True, after=6)
    _simple_table(
        document,
        ["STT", "Đơn vị", "Số báo cáo", "Ngày gửi", "Thời hạn", "Nhiệm vụ hoàn thành"],
        [
            "{{ item.no }}",
            "{{ item.name }}",
            "{{ item.number }}",
            "{{ item.submitted_on }}",
            "{{ item.timeliness }}",
            "{{ item.tasks }}",
        ],
        "units",
    )
    _text(document, "{%p endif %}")
    _text(document, "PHỤ LỤC: BIỂU SỐ LIỆU KẾT QUẢ THỰC HIỆN CCHC", bold=True, after=0)
    _text(document, "({{ period_label }}; số liệu từ {{ window }})", italic=True, after=6)
    _simple_table(
        document,
        ["STT", "Nội dung", "Kết quả"],
        ["{{ item.no }}", "{{ item.label }}", "{{ item.value }}"],
        "figures",
    )
    _text(document, "{%p if targets %}")
    _text(document, "CHỈ TIÊU CỦA KẾ HOẠCH", bold=True, after=6)
    _simple_table(
        document,
        ["STT", "Chỉ tiêu", "Mục tiêu", "Kết quả"],
        ["{{ item.no }}", "{{ item.text }}", "{{ item.goal }}", "{{ item.current }}"],
        "targets",
    )
    _text(document, "{%p endif %}")


def _signature(document: Document) -> None:
    _text(document, "")
    table = document.add_table(rows=1, cols=2)
    _no_borders(table)
    _widths(table, [Cm(7.5), Cm(9)])
    left, right = table.rows[0].cells
    for cell in (left, right):
        _first_paragraph_of(cell)
    _text(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _text(left, "{%p for line in recipients %}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _text(left, "{{ line }}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _text(left, "{%p endfor %}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _text(right, "{{ signer_title }}", bold=True)
    for _ in range(4):
        _text(right, "")
    _text(right, "{{ signer_name }}", bold=True)


def build() -> bytes:
    document = Document()
    _font(document)
    _page(document)
    _header(document)
    _body(document)
    _annex(document)
    _signature(document)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    PATH.parent.mkdir(exist_ok=True)
    PATH.write_bytes(build())
    print(f"wrote {PATH}")
