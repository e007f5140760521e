"""The announcement decision (Quyết định công bố) offered as PDF for signing (``cchc.documents.pdf_exports``),
converted from the same Word file the campaign page offers, once the results are published. The
conversion is the steering unit's: the campaign is its row."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cchc.documents.pdf_exports import PdfSource
from cchc.parindex import exports
from cchc.parindex.models import AssessmentCampaign

SOURCE = PdfSource(kind="par_announcement", model=AssessmentCampaign, label=_("announcement decision"),
                   docx=exports.announcement_docx,
                   filename=lambda campaign: f"quyet-dinh-cong-bo-chi-so-cchc-{campaign.year}-{campaign.pk}.pdf",
                   select_related=("unit__parent", "criteria_set"),
                   available=lambda campaign: campaign.is_published)
