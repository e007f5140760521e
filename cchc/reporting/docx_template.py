"""Build the shipped Word template ``templates_docx/report.docx`` (docxtpl tags inside a Word file).

The layout follows NĐ 30/2020/NĐ-CP, Phụ lục I as summarised in reporting_regime.md §4: A4
portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; body 14 pt,
justified, first line indented 1.27 cm, 6 pt after, single spacing; page numbers centred in the top
margin, not on the first page. Header: a borderless two-column table, the parent agency and the
issuing agency (bold, a short rule under it) and "Số:" on the left; Quốc hiệu (bold, 13) and Tiêu
ngữ (bold, 14, underlined) and the italic place and date on the right. "BÁO CÁO" and the subject
bold, centred. Signature block: "Nơi nhận:" (bold italic 12, entries 11) on the left, the signer's
title and name (bold) on the right. The element sizes are unsourced (reporting_regime.md §4).
The page, header, title and signature blocks come from ``cchc.documents.layout``, as in the plan
template; only the body and the annex tables are drawn here.

An administrator may replace the file (``ReportTemplate``); any Word file using the same tags
works. Regenerate the shipped one with ``python -m cchc.reporting.docx_template``.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from docx import Document
from docx.shared import Cm

from cchc.documents import layout

PATH = Path(__file__).resolve().parent / "templates_docx" / "report.docx"


def _simple_table(document: Document, headers: list[str], cells: list[str], loop: str) -> None:
    """A bordered table: a header row and one templated row repeated by ``loop`` (docxtpl ``{%tr %}``);
    the second column (a name or a label) is left-aligned, the others centred."""
    table = document.add_table(rows=4, cols=len(headers))
    layout.borders(table, "single")
    for cell, header in zip(layout.empty_cells(table.rows[0]), headers, strict=True):
        layout.text(cell, header, size=13, bold=True)
    for row, tag in ((1, "{%tr for item in " + loop + " %}"), (3, "{%tr endfor %}")):
        cell = table.rows[row].cells[0]
        cell._tc.remove(cell.paragraphs[0]._p)
        layout.text(cell, tag, size=11)
    for index, (cell, value) in enumerate(zip(layout.empty_cells(table.rows[2]), cells, strict=True)):
        layout.text(cell, value, size=13, align=layout.LEFT if index == 1 else layout.CENTER)


def _body(document: Document) -> None:
    layout.text(document, "{%p for block in blocks %}", align=layout.JUSTIFY)
    paragraph = document.add_paragraph()
    paragraph.alignment = layout.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1.27)
    paragraph.add_run("{{r block.rich }}")
    layout.text(document, "{%p endfor %}", align=layout.JUSTIFY)


def _annex(document: Document) -> None:
    layout.text(document, "{%p if consolidated %}")
    layout.text(document, "DANH SÁCH ĐƠN VỊ GỬI BÁO CÁO ({{ unit_count }} đơn vị)", bold=True, after=6)
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
    layout.text(document, "{%p endif %}")
    layout.text(document, "PHỤ LỤC: BIỂU SỐ LIỆU KẾT QUẢ THỰC HIỆN CCHC", bold=True, after=0)
    layout.text(document, "({{ period_label }}; số liệu từ {{ window }})", italic=True, after=6)
    _simple_table(
        document,
        ["STT", "Nội dung", "Kết quả"],
        ["{{ item.no }}", "{{ item.label }}", "{{ item.value }}"],
        "figures",
    )
    layout.text(document, "{%p if targets %}")
    layout.text(document, "CHỈ TIÊU CỦA KẾ HOẠCH", bold=True, after=6)
    _simple_table(
        document,
        ["STT", "Chỉ tiêu", "Mục tiêu", "Kết quả"],
        ["{{ item.no }}", "{{ item.text }}", "{{ item.goal }}", "{{ item.current }}"],
        "targets",
    )
    layout.text(document, "{%p endif %}")


def build() -> bytes:
    document = layout.new_document()
    layout.header_block(document, parent="{{ parent_name }}", issuer="{{ unit_name }}", number="{{ number }}",
                        place_date="{{ place_date }}")
    layout.title_block(document, kind="BÁO CÁO", subject="{{ subject }}")
    layout.text(document, "{%p if addressee %}")
    layout.text(document, "Kính gửi: {{ addressee }}", after=12)
    layout.text(document, "{%p endif %}")
    _body(document)
    _annex(document)
    layout.signature_block(document, recipients=["{%p for line in recipients %}", "{{ line }}", "{%p endfor %}"],
                           signer_title="{{ signer_title }}", signer_name="{{ signer_name }}", align=None)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    PATH.parent.mkdir(exist_ok=True)
    PATH.write_bytes(build())
    print(f"wrote {PATH}")
