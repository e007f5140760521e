"""Files made from petitions: the staff list and the public list of answers as Excel (``cchc.core.xlsx``,
which neutralises formulas), and the answer letter as Word (``cchc.core.docx_render``, sandboxed and
autoescaped). None of them carries a contact detail; the public list carries published answers only.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import docx_render, xlsx
from cchc.petitions.choices import Category, Channel, Status


def _date(day: dt.date | None):
    return day if day is not None else ""


def staff_rows(petitions, today: dt.date):
    """One row per petition for the officers' list (no contact details)."""
    for p in petitions:
        due = p.current_due
        yield [
            p.pk, p.unit.name, timezone.localtime(p.received_at).replace(tzinfo=None), str(Channel(p.channel).label),
            str(Category(p.category).label) if p.category else "", str(Status(p.status).label), p.content, p.procedure_code,
            p.dossier_code, _date(due), _("yes") if p.is_overdue(today) else "", _date(p.published_on),
        ]


def staff_workbook(petitions, today: dt.date) -> bytes:
    headers = [_("No."), _("Handling unit"), _("Reception time"), _("Reception channel"), _("Class"), _("Status"), _("Content"),
               _("Procedure"), _("Dossier"), _("Due date of the current step"), _("Overdue"), _("Published on")]
    workbook = xlsx.new_workbook()
    xlsx.add_table(workbook, _("Petitions"), headers, staff_rows(petitions, today), widths=[8, 30, 16, 16, 24, 24, 60],
                   formats={3: xlsx.DATETIME_FORMAT}, wrap=True)
    return xlsx.to_bytes(workbook)


def public_workbook(answers) -> bytes:
    """The published answers, as the public page shows them (``selectors.published_answers`` rows)."""
    headers = ["Đơn vị trả lời", "Phân loại", "Ngày tiếp nhận", "Ngày công khai", "Nội dung phản ánh, kiến nghị (tóm tắt)", "Trả lời"]
    rows = (
        [a["unit__name"], str(Category(a["category"]).label) if a["category"] else "", a["received_on"], a["published_on"],
         a["public_summary"], a["public_answer"]]
        for a in answers
    )
    workbook = xlsx.new_workbook()
    xlsx.add_table(workbook, "Trả lời phản ánh, kiến nghị", headers, rows, widths=[30, 24, 14, 14, 60, 80], wrap=True)
    return xlsx.to_bytes(workbook)


# --- the answer letter ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def answer_template() -> bytes:
    """The Word template of the answer letter (Nghị định 30/2020 layout, ``cchc.documents.layout``)."""
    from cchc.documents import layout

    document = layout.new_document()
    layout.header_block(document, parent="{{ parent_name }}", issuer="{{ issuer_name }}", number="{{ number }}",
                        place_date="{{ place_date }}")
    layout.title_block(document, kind="VĂN BẢN TRẢ LỜI", subject="Phản ánh, kiến nghị số {{ petition_number }} ngày {{ received_on }}")
    layout.text(document, "Kính gửi: Tổ chức, cá nhân gửi phản ánh, kiến nghị.", align=layout.LEFT, after=6)
    for heading, loop in (("Nội dung phản ánh, kiến nghị (tóm tắt):", "summary_lines"), ("Trả lời:", "answer_lines")):
        layout.text(document, heading, bold=True, align=layout.LEFT, after=6)
        layout.text(document, "{%p for line in " + loop + " %}", align=layout.JUSTIFY)
        layout.text(document, "{{ line }}", align=layout.JUSTIFY, after=6)
        layout.text(document, "{%p endfor %}", align=layout.JUSTIFY)
    layout.signature_block(document, recipients=["- Như trên;", "- Lưu: VT."], signer_title="{{ signer_title }}",
                           signer_name="{{ signer_name }}")
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()] or [""]


def answer_context(petition, *, summary: str, issuer: str, parent: str) -> dict:
    from cchc.documents import layout

    approver = petition.approved_by
    return {
        "parent_name": parent.upper(), "issuer_name": issuer.upper(), "number": "      /",
        "place_date": layout.place_and_date("", petition.approved_on),
        "petition_number": str(petition.pk), "received_on": f"{petition.received_on:%d/%m/%Y}",
        "summary_lines": _lines(summary), "answer_lines": _lines(petition.answer),
        "signer_title": "THỦ TRƯỞNG ĐƠN VỊ", "signer_name": getattr(approver, "full_name", "") or "",
    }


def answer_docx(petition, *, summary: str, issuer: str, parent: str) -> bytes:
    """The filled letter; every value is escaped by the sandbox (text stays text)."""
    return docx_render.render(answer_template(), answer_context(petition, summary=summary, issuer=issuer, parent=parent))
