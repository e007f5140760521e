"""Build the shipped Word templates of an inspection: the minute (``templates_docx/minute.docx``, Biên bản
kiểm tra) and the conclusion notice (``templates_docx/conclusion.docx``, Thông báo kết luận kiểm tra).

The layout follows NĐ 30/2020/NĐ-CP, Phụ lục I, through the same blocks as the plan and report templates
(``cchc.documents.layout``): A4 portrait, the Decree 30 margins and font, page numbers in the top margin
from page 2, the agency and Quốc hiệu header, the document type and subject bold and centred, "Nơi nhận"
and the signer. The minute has no number (a biên bản is numbered by the issuing office when it is kept)
and is signed by the team lead and the inspected unit's representative side by side.

An administrator may replace either file (``InspectionTemplate``); any Word file using the same tags
works (``documents.sample_context`` lists them). Regenerate the shipped ones with
``python -m cchc.inspections.docx_template``.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from docx import Document
from docx.shared import Cm

from cchc.documents import layout

FOLDER = Path(__file__).resolve().parent / "templates_docx"


def _loop_table(document: Document, headers: list[str], cells: list[str], loop: str, sizes) -> None:
    """A bordered table: a header row and one templated row repeated by ``loop`` (docxtpl ``{%tr %}``)."""
    table = document.add_table(rows=4, cols=len(headers))
    layout.borders(table, "single")
    for cell, header in zip(layout.empty_cells(table.rows[0]), headers, strict=True):
        layout.text(cell, header, size=13, bold=True)
    for row, tag in ((1, "{%tr for item in " + loop + " %}"), (3, "{%tr endfor %}")):
        cell = table.rows[row].cells[0]
        cell._tc.remove(cell.paragraphs[0]._p)
        layout.text(cell, tag, size=11)
    for index, (cell, value) in enumerate(zip(layout.empty_cells(table.rows[2]), cells, strict=True)):
        layout.text(cell, value, size=13, align=layout.CENTER if index == 0 else layout.LEFT)
    layout.widths(table, sizes)


def _paragraph(document: Document, value: str, *, bold: bool = False) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = layout.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1.27)
    run = paragraph.add_run(value)
    run.bold = bold


def _lines(document: Document, loop: str, line: str) -> None:
    layout.text(document, "{%p for line in " + loop + " %}", align=layout.JUSTIFY)
    _paragraph(document, line)
    layout.text(document, "{%p endfor %}", align=layout.JUSTIFY)


def _findings_and_recommendations(document: Document) -> None:
    _paragraph(document, "Tồn tại, hạn chế:", bold=True)
    layout.text(document, "{%p for item in findings %}", align=layout.JUSTIFY)
    _paragraph(document, "{{ item.no }}. {{ item.text }}")
    layout.text(document, "{%p endfor %}", align=layout.JUSTIFY)
    _paragraph(document, "Kiến nghị:", bold=True)
    layout.text(document, "{%p for item in recommendations %}", align=layout.JUSTIFY)
    _paragraph(document, "{{ item.no }}. {{ item.text }} (đơn vị thực hiện: {{ item.unit }}; thời hạn: {{ item.due }}).")
    layout.text(document, "{%p endfor %}", align=layout.JUSTIFY)


def build_minute() -> bytes:
    document = layout.new_document()
    layout.header_block(document, parent="{{ parent_name }}", issuer="{{ unit_name }}", number="      /BB-ĐKT",
                        place_date="{{ minute_place_date }}")
    layout.title_block(document, kind="BIÊN BẢN", subject="Kiểm tra công tác cải cách hành chính tại {{ inspected_name }}")
    _paragraph(document, "Thực hiện {{ plan_title }}, hôm nay, ngày {{ date }}, Đoàn kiểm tra của {{ unit_name }} "
                         "tiến hành kiểm tra công tác cải cách hành chính năm {{ year }} tại {{ inspected_name }}.")
    _paragraph(document, "I. THÀNH PHẦN", bold=True)
    _paragraph(document, "1. Đoàn kiểm tra: {{ lead }} – {{ lead_title }}.")
    _lines(document, "members", "- {{ line }} – thành viên.")
    _paragraph(document, "2. Đại diện {{ inspected_name }}.")
    _paragraph(document, "II. NỘI DUNG VÀ KẾT QUẢ KIỂM TRA", bold=True)
    _loop_table(document, ["STT", "Nội dung kiểm tra", "Kết quả", "Ghi chú"],
                ["{{ item.no }}", "{{ item.text }}", "{{ item.result }}", "{{ item.note }}"], "checklist",
                [Cm(1.2), Cm(8.3), Cm(3), Cm(3.5)])
    _lines(document, "summary", "{{ line }}")
    _paragraph(document, "III. TỒN TẠI, HẠN CHẾ VÀ KIẾN NGHỊ", bold=True)
    _findings_and_recommendations(document)
    _paragraph(document, "Biên bản được lập thành 02 bản, mỗi bên giữ 01 bản, đã đọc lại cho các thành viên cùng nghe và "
                         "thống nhất ký tên.")
    text = layout.text
    text(document, "")
    left, right = layout._two_columns(document, [Cm(8), Cm(8.5)])
    text(left, "ĐẠI DIỆN ĐƠN VỊ ĐƯỢC KIỂM TRA", bold=True)
    text(right, "TRƯỞNG ĐOÀN KIỂM TRA", bold=True)
    for _ in range(4):
        text(right, "")
    text(right, "{{ lead }}", bold=True)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def build_conclusion() -> bytes:
    document = layout.new_document()
    layout.header_block(document, parent="{{ parent_name }}", issuer="{{ unit_name }}", number="{{ number }}",
                        place_date="{{ place_date }}")
    layout.title_block(document, kind="THÔNG BÁO",
                       subject="Kết luận kiểm tra công tác cải cách hành chính năm {{ year }} tại {{ inspected_name }}")
    _paragraph(document, "Thực hiện {{ plan_title }}, ngày {{ date }}, Đoàn kiểm tra của {{ unit_name }} do {{ lead }} làm "
                         "Trưởng đoàn đã kiểm tra công tác cải cách hành chính tại {{ inspected_name }}. Kết luận như sau:")
    _paragraph(document, "1. Kết quả đạt được", bold=True)
    _lines(document, "summary", "{{ line }}")
    _loop_table(document, ["STT", "Nội dung kiểm tra", "Kết quả"],
                ["{{ item.no }}", "{{ item.text }}", "{{ item.result }}"], "checklist", [Cm(1.2), Cm(11.8), Cm(3)])
    _paragraph(document, "2. Tồn tại, hạn chế và kiến nghị", bold=True)
    _findings_and_recommendations(document)
    _paragraph(document, "{{ inspected_name }} tổ chức thực hiện các kiến nghị trên, báo cáo kết quả kèm tài liệu kiểm chứng "
                         "trên hệ thống trong thời hạn nêu tại Thông báo này.")
    layout.signature_block(document, recipients=["{%p for line in recipients %}", "{{ line }}", "{%p endfor %}"],
                           signer_title="{{ signer_title }}", signer_name="{{ signer_name }}")
    out = BytesIO()
    document.save(out)
    return out.getvalue()


BUILDERS = {"minute": build_minute, "conclusion": build_conclusion}


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    FOLDER.mkdir(exist_ok=True)
    for name, build in BUILDERS.items():
        path = FOLDER / f"{name}.docx"
        path.write_bytes(build())
        print(f"wrote {path}")
