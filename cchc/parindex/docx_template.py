"""Build the shipped Word template ``templates_docx/announcement.docx``: the decision announcing the PAR INDEX
results (Quyết định công bố Chỉ số CCHC) with its ranking annex, in the layout of NĐ 30/2020/NĐ-CP.

The page, header, title and signature blocks come from ``cchc.documents.layout`` (as in the plan and report
templates): A4 portrait, Times New Roman, the issuing body and "Số:" on the left, Quốc hiệu and Tiêu ngữ
with the place and date on the right; "QUYẾT ĐỊNH" and the subject bold and centred; the authority, the
bases in italics, "QUYẾT ĐỊNH:" and the articles; "Nơi nhận:" and the signer. The annex (Phụ lục) is a
landscape page holding the ranking table. The file is filled by ``cchc.core.docx_render`` only.
Regenerate it with ``python -m cchc.parindex.docx_template``.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from docx import Document
from docx.shared import Cm

from cchc.documents import layout

PATH = Path(__file__).resolve().parent / "templates_docx" / "announcement.docx"

ANNEX_HEADERS = ["STT", "Đơn vị", "Điểm thẩm định", "Điểm điều tra XHH", "Điểm thưởng", "Điểm trừ", "Tổng điểm",
                 "Chỉ số (%)", "Xếp loại", "Xếp hạng", "So với năm trước"]
ANNEX_CELLS = ["{{ item.no }}", "{{ item.name }}", "{{ item.appraised }}", "{{ item.survey }}", "{{ item.bonus }}",
               "{{ item.penalty }}", "{{ item.points }}", "{{ item.index }}", "{{ item.label }}", "{{ item.rank }}",
               "{{ item.change }}"]


def _paragraph(document: Document, value: str, *, italic: bool = False, bold: bool = False) -> None:
    layout.text(document, value, align=layout.JUSTIFY, italic=italic, bold=bold, after=6, indent=Cm(1.27))


def _annex(document: Document) -> None:
    layout.landscape_section(document)
    layout.text(document, "PHỤ LỤC", bold=True)
    layout.text(document, "{{ annex_title }}", bold=True)
    layout.text(document, "(Kèm theo Quyết định số {{ number }} {{ date_words }} của {{ issuer_title }})", italic=True, after=12)
    sizes = [Cm(1.2), Cm(6.5), Cm(2.1), Cm(2.1), Cm(1.8), Cm(1.8), Cm(2.0), Cm(2.0), Cm(2.2), Cm(1.8), Cm(2.2)]
    table = layout.grid_table(document, headers=ANNEX_HEADERS, sizes=sizes, header_size=11)
    for tag in ("{%tr for item in rows %}", None, "{%tr endfor %}"):
        if tag is None:
            aligns = [layout.CENTER, layout.LEFT] + [layout.CENTER] * (len(ANNEX_CELLS) - 2)
            layout.add_row(table, ANNEX_CELLS, size=11, aligns=aligns)
        else:
            layout.add_row(table, [tag], size=11, merge_from=0)


def build() -> bytes:
    document = layout.new_document()
    layout.header_block(document, parent="{{ parent_name }}", issuer="{{ issuer_name }}", number="{{ number }}",
                        place_date="{{ place_date }}")
    layout.title_block(document, kind="QUYẾT ĐỊNH", subject="{{ subject }}")
    layout.text(document, "{{ authority }}", bold=True, after=12)
    layout.text(document, "{%p for line in bases %}", align=layout.JUSTIFY)
    _paragraph(document, "{{ line }}", italic=True)
    layout.text(document, "{%p endfor %}", align=layout.JUSTIFY)
    layout.text(document, "QUYẾT ĐỊNH:", bold=True, after=12)
    layout.text(document, "{%p for article in articles %}", align=layout.JUSTIFY)
    paragraph = document.add_paragraph()
    paragraph.alignment = layout.JUSTIFY
    paragraph.paragraph_format.first_line_indent = Cm(1.27)
    heading = paragraph.add_run("{{ article.heading }} ")
    heading.bold = True
    paragraph.add_run("{{ article.text }}")
    layout.text(document, "{%p endfor %}", align=layout.JUSTIFY)
    layout.signature_block(document, recipients=["{%p for line in recipients %}", "{{ line }}", "{%p endfor %}"],
                           signer_title="{{ signer_title }}", signer_name="{{ signer_name }}")
    _annex(document)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    PATH.parent.mkdir(exist_ok=True)
    PATH.write_bytes(build())
    print(f"wrote {PATH}")
