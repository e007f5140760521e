"""The inspection documents offered as PDF for signing (``cchc.documents.pdf_exports``): the minute and the
conclusion notice, converted from the same Word files the inspection page offers."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cchc.documents.pdf_exports import PdfSource
from cchc.inspections import documents
from cchc.inspections.choices import TemplateKind
from cchc.inspections.models import Inspection

#: the PDF kind (in URLs) → the template it is written from and its download name
DOCUMENTS = {
    "inspection_minute": (TemplateKind.MINUTE, _("inspection minute"), "bien-ban-kiem-tra"),
    "inspection_conclusion": (TemplateKind.CONCLUSION, _("conclusion notice"), "thong-bao-ket-luan-kiem-tra"),
}


def _source(kind: str) -> PdfSource:
    template_kind, label, file_name = DOCUMENTS[kind]
    return PdfSource(kind=kind, model=Inspection, label=label,
                     docx=lambda inspection: documents.inspection_docx(inspection, template_kind),
                     filename=lambda inspection: f"{file_name}-{inspection.pk}.pdf",
                     select_related=("plan__unit__parent", "unit", "team_lead"))


SOURCES = [_source(kind) for kind in DOCUMENTS]
