"""Build the shipped Word template ``templates_docx/plan.docx``: a plan in the Decree 30/2020 layout
(``layout``) with docxtpl tags, its task appendix on landscape pages.

An administrator may replace it with their own Word file (``PlanTemplate``) using the same tags:

- ``parent_name``, ``issuer_name``, ``number``, ``place_date``, ``kind``, ``subject``: the header;
- ``blocks``: the body, each ``{"heading": bool, "text": str}``;
- ``recipients`` (lines), ``signer_title``, ``signer_name``: the signature block;
- ``year``, ``appendix_note`` and ``areas``: the appendix, each area ``{"number", "title", "tasks"}``
  and each task ``{"number", "title", "products", "lead", "coordinators", "timeframe", "budget"}``
  (several products or units are separate paragraphs of the cell).

Regenerate the shipped file with ``python -m cchc.documents.docx_template``.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from docx.shared import Cm

from cchc.documents import layout

PATH = Path(__file__).resolve().parent / "templates_docx" / "plan.docx"
APPENDIX_HEADERS = ["STT", "Nhiệm vụ", "Sản phẩm", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện", "Kinh phí"]
#: column widths of the appendix: 25.2 cm of landscape A4 between the margins
APPENDIX_WIDTHS = [Cm(1.2), Cm(8.0), Cm(3.2), Cm(3.4), Cm(3.8), Cm(3.0), Cm(2.6)]
TASK_CELLS = ["{{ task.number }}", "{{ task.title }}", "{{ task.products }}", "{{ task.lead }}", "{{ task.coordinators }}",
              "{{ task.timeframe }}", "{{ task.budget }}"]


def _body(document) -> None:
    for tag in ("{%p for block in blocks %}", "{%p if block.heading %}"):
        layout.text(document, tag, align=layout.JUSTIFY)
    layout.text(document, "{{ block.text }}", bold=True, align=layout.JUSTIFY, after=6)
    layout.text(document, "{%p else %}", align=layout.JUSTIFY)
    layout.text(document, "{{ block.text }}", align=layout.JUSTIFY, after=6, indent=Cm(1.27))
    for tag in ("{%p endif %}", "{%p endfor %}"):
        layout.text(document, tag, align=layout.JUSTIFY)


def _loop_row(table, tag: str) -> None:
    """A row holding only a docxtpl ``{%tr %}`` tag: docxtpl replaces the whole row by the tag."""
    layout.add_row(table, [tag, *[""] * (len(APPENDIX_HEADERS) - 1)])


def _appendix(document) -> None:
    layout.landscape_section(document)
    layout.text(document, "Phụ lục", bold=True)
    layout.text(document, "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM {{ year }}", bold=True)
    layout.text(document, "{{ appendix_note }}", italic=True, after=6)
    table = layout.grid_table(document, headers=APPENDIX_HEADERS, sizes=APPENDIX_WIDTHS)
    _loop_row(table, "{%tr for area in areas %}")
    layout.add_row(table, ["{{ area.number }}", "{{ area.title }}"], bold=True, merge_from=1, aligns=[layout.CENTER, layout.LEFT])
    _loop_row(table, "{%tr for task in area.tasks %}")
    layout.add_row(table, TASK_CELLS, aligns=[layout.CENTER, layout.JUSTIFY, *[layout.CENTER] * 5])
    _loop_row(table, "{%tr endfor %}")
    _loop_row(table, "{%tr endfor %}")
    layout.widths(table, APPENDIX_WIDTHS)


def build() -> bytes:
    document = layout.new_document()
    layout.header_block(document, parent="{{ parent_name }}", issuer="{{ issuer_name }}", number="{{ number }}",
                        place_date="{{ place_date }}")
    layout.title_block(document, kind="{{ kind }}", subject="{{ subject }}")
    _body(document)
    layout.signature_block(document, recipients=["{%p for line in recipients %}", "{{ line }}", "{%p endfor %}"],
                           signer_title="{{ signer_title }}", signer_name="{{ signer_name }}")
    _appendix(document)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":  # pragma: no cover - a maintainer's tool
    PATH.parent.mkdir(exist_ok=True)
    PATH.write_bytes(build())
    print(f"wrote {PATH}")
