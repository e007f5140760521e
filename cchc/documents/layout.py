"""Building blocks of an administrative document laid out per Decree 30/2020/NĐ-CP (Nghị định
30/2020/NĐ-CP về công tác văn thư, Điều 8 and Phụ lục I), for Word templates built with python-docx.

Confirmed rules (Phụ lục I, summarised in ``/work/shared/reference/reporting_regime.md`` §4): A4;
margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman, black; page numbers
centred in the top margin, not on the first page; paragraph spacing ≥ 6 pt, single line spacing;
landscape pages allowed for tables. Element sizes (reporting_regime.md §4, marked unsourced there):
Quốc hiệu 13 bold; Tiêu ngữ 14 bold with a rule under it; issuing agency 13 bold under its parent
(13 upright) with a short rule; "Số:" 13; place and date 14 italic; document type and subject 14
bold centred; "Nơi nhận:" 12 bold italic with entries in 11; signer's title and name 14 bold.

Every helper takes plain strings, which may be docxtpl tags ("{{ number }}"), so one builder makes
both a finished document and a template an administrator can edit in Word. The plan template
(``cchc/documents/docx_template.py``) and the report template (``cchc/reporting/docx_template.py``)
are both built from these helpers.
"""

from __future__ import annotations

import datetime as dt

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SLOGAN = "Độc lập - Tự do - Hạnh phúc"
RULE = "────────"
CENTER, LEFT, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT, WD_ALIGN_PARAGRAPH.JUSTIFY


def place_and_date(place: str, on: dt.date | None, year: int | None = None) -> str:
    """"Nam Định, ngày 05 tháng 01 năm 2024": days below 10 and the months 1 and 2 take a leading
    zero (Decree 30/2020, Phụ lục I); without a date the day and month are left for the clerk."""
    prefix = f"{place}, " if place else ""
    if on is None:
        return f"{prefix}ngày      tháng      năm {year or ''}".rstrip()
    month = f"{on.month:02d}" if on.month <= 2 else str(on.month)
    return f"{prefix}ngày {on.day:02d} tháng {month} năm {on.year}"


def new_document() -> Document:
    """An empty A4 portrait document with the Decree 30 font, spacing, margins and page numbers."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    style.paragraph_format.space_after, style.paragraph_format.line_spacing = Pt(6), 1.0
    section = document.sections[0]
    _a4(section, landscape=False)
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = CENTER
    run = paragraph.add_run()
    page = OxmlElement("w:fldSimple")
    page.set(qn("w:instr"), "PAGE")
    run._r.append(page)
    run.font.size = Pt(13)
    return document


def _a4(section, *, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    width, height = Mm(210), Mm(297)
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def landscape_section(document: Document):
    """Start a new page in landscape A4 (for a wide table, e.g. the task appendix)."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    _a4(section, landscape=True)
    return section


def text(container, value: str, **style):
    """A paragraph with one run, added to the document or a table cell (``style``: see ``_format``)."""
    return _format(container.add_paragraph(), value, **style)


def _format(paragraph, value: str, *, size=14, bold=False, italic=False, underline=False, align=CENTER, after=0,
            indent: Cm | None = None):
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.first_line_indent = indent if indent is not None else Cm(0)
    run = paragraph.add_run(value)
    run.font.size, run.bold, run.italic, run.underline = Pt(size), bold, italic, underline
    return paragraph


def borders(table, value: str) -> None:
    """Every border of ``table``, inside and out: ``"single"`` (a thin line) or ``"nil"`` (none)."""
    edges = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), "4")
        edges.append(element)
    table._tbl.tblPr.append(edges)


def widths(table, sizes) -> None:
    """Column widths in the grid and in every cell (Word reads the cells, LibreOffice the grid)."""
    table.autofit = False
    for column, width in zip(table.columns, sizes, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def empty_cells(row) -> list:
    """The row's cells without the empty paragraph each starts with, so text starts at the top."""
    cells = list(row.cells)
    for cell in cells:
        cell._tc.remove(cell.paragraphs[0]._p)
    return cells


def _two_columns(document: Document, sizes, align=WD_TABLE_ALIGNMENT.CENTER):
    table = document.add_table(rows=1, cols=2)
    table.alignment = align
    borders(table, "nil")
    widths(table, sizes)
    return empty_cells(table.rows[0])


def header_block(document: Document, *, parent: str, issuer: str, number: str, place_date: str) -> None:
    """Boxes 1–4: the parent and issuing agencies and "Số:" on the left; Quốc hiệu, Tiêu ngữ and the
    place and date on the right, in a borderless two-column table."""
    left, right = _two_columns(document, [Cm(6.2), Cm(10.3)])
    text(left, parent, size=13)
    text(left, issuer, size=13, bold=True)
    text(left, RULE, size=10)
    text(left, f"Số: {number}", size=13)
    text(right, MOTTO, size=13, bold=True)
    text(right, SLOGAN, size=14, bold=True, underline=True)
    text(right, "")
    text(right, place_date, size=14, italic=True)


def title_block(document: Document, *, kind: str, subject: str) -> None:
    """Box 5a: the document type in capitals and its subject, bold and centred, with a short rule."""
    text(document, "")
    text(document, kind, bold=True)
    text(document, subject, bold=True)
    text(document, RULE, size=10, after=12)


def signature_block(document: Document, *, recipients: list[str], signer_title: str, signer_name: str,
                    align=WD_TABLE_ALIGNMENT.CENTER) -> None:
    """Boxes 7 and 9a: "Nơi nhận:" and its lines on the left, the signer's title and name on the right.

    ``recipients`` are the paragraphs of the left column after "Nơi nhận:" (lines, or docxtpl
    ``{%p for %}`` tags around one line). ``align`` places the borderless table; ``None`` leaves it
    to Word's default (the left margin), as the report template has always done.
    """
    text(document, "")
    left, right = _two_columns(document, [Cm(7.5), Cm(9)], align)
    text(left, "Nơi nhận:", size=12, bold=True, italic=True, align=LEFT)
    for line in recipients:
        text(left, line, size=11, align=LEFT)
    text(right, signer_title, bold=True)
    for _ in range(4):
        text(right, "")
    text(right, signer_name, bold=True)


def grid_table(document: Document, *, headers: list[str], sizes, header_size=12):
    """A bordered table with a bold header row repeated on every page; rows are added by the caller."""
    table = document.add_table(rows=1, cols=len(headers))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    borders(table, "single")
    for cell, header in zip(empty_cells(table.rows[0]), headers, strict=True):
        text(cell, header, size=header_size, bold=True)
    properties = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    properties.append(repeat)
    widths(table, sizes)
    return table


def add_row(table, values: list[str], *, size=12, bold=False, aligns=None, merge_from: int | None = None) -> None:
    """A row of ``values``; with ``merge_from`` the cells from that column on are merged into one."""
    cells = list(table.add_row().cells)
    if merge_from is not None:
        cells = [*cells[:merge_from], cells[merge_from].merge(cells[-1])]
    for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
        for extra in cell.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
        _format(cell.paragraphs[0], value, size=size, bold=bold, align=aligns[index] if aligns else CENTER)
