"""Build the shipped Word template ``templates_docx/summary.docx``: a one-page summary of a campaign's
results (docxtpl tags inside a Word file), on the page and fonts of ``cchc.documents.layout``.

It is filled only through ``cchc.core.docx_render`` (sandboxed, autoescaped), so text people typed
(a field, a unit name) stays text. Regenerate it with ``python -m cchc.surveys.docx_template``.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from cchc.documents import layout

PATH = Path(__file__).resolve().parent / "templates_docx" / "summary.docx"


def _table(document, headers: list[str], cells: list[str], loop: str) -> None:
    table = document.add_table(rows=4, cols=len(headers))
    layout.borders(table, "single")
    for cell, header in zip(layout.empty_cells(table.rows[0]), headers, strict=True):
        layout.text(cell, header, size=11, bold=True)
    for row, tag in ((1, "{%tr for item in " + loop + " %}"), (3, "{%tr endfor %}")):
        cell = table.rows[row].cells[0]
        cell._tc.remove(cell.paragraphs[0]._p)
        layout.text(cell, tag, size=10)
    for index, (cell, value) in enumerate(zip(layout.empty_cells(table.rows[2]), cells, strict=True)):
        layout.text(cell, value, size=11, align=layout.LEFT if index == 0 else layout.CENTER)


def build() -> bytes:
    document = layout.new_document()
    layout.text(document, "{{ site_name }}", size=12, bold=True)
    layout.text(document, "TÓM TẮT KẾT QUẢ KHẢO SÁT MỨC ĐỘ HÀI LÒNG", size=14, bold=True, after=0)
    layout.text(document, "{{ campaign }}", size=13, bold=True, after=0)
    layout.text(document, "{{ scope }}", size=12, italic=True, after=6)
    layout.text(document, "Số phiếu: {{ responses }} (phiếu giấy: {{ paper }}). {{ headline_label }}: {{ headline }}. "
                          "Điểm trung bình: {{ mean }}.", size=12, align=layout.JUSTIFY, after=6)
    _table(document, ["Nhóm tiêu chí", "Số câu trả lời", "{{ headline_label }}"], ["{{ item.label }}", "{{ item.answers }}",
                                                                                  "{{ item.headline }}"], "groups")
    layout.text(document, "", size=6)
    _table(document, ["Đơn vị được khảo sát", "Số phiếu", "{{ headline_label }}"], ["{{ item.label }}", "{{ item.responses }}",
                                                                                    "{{ item.headline }}"], "units")
    layout.text(document, "", size=6)
    _table(document, ["Nhận định có kết quả thấp nhất", "Số câu trả lời", "{{ headline_label }}"],
           ["{{ item.label }}", "{{ item.answers }}", "{{ item.headline }}"], "lowest")
    layout.text(document, "Tính đến {{ made_on }}. Tỷ lệ hài lòng = số câu trả lời mức 4–5 / số câu trả lời hợp lệ.",
                size=10, italic=True, align=layout.LEFT)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    PATH.parent.mkdir(exist_ok=True)
    PATH.write_bytes(build())
    print(f"wrote {PATH}")
