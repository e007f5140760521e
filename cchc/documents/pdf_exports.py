"""Which documents can be downloaded as PDF: each app registers a :class:`PdfSource`.

A source says how to find a document (a scoped model: rows carry their unit), how to write it as
Word (the same DOCX the app already offers) and what to call the file. The documents app then
gives every source the same PDF button, job page and download (``documents:pdf_request``,
``pdf_detail``, ``pdf_file``), converting in the task queue with ``cchc.core.pdf.docx_to_pdf``.
An app registers in its ``AppConfig.ready()``::

    pdf_exports.register(PdfSource(kind="inspection", model=Inspection, label=_("inspection record"),
                                   docx=lambda row: render(row), filename=lambda row: f"bien-ban-{row.pk}.pdf"))

and puts ``{% include "documents/_pdf_button.html" with kind="inspection" obj=row %}`` on its page (with
``label=…`` where a page offers several documents). The button shows only where ``offered`` says so; the
conversion page answers 404 elsewhere (a row whose ``available`` says it has no document yet, or one the
user reads from outside its unit).
The plan is registered here; the report files of ``reporting`` convert through the same function
in their own job.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PdfSource:
    kind: str  # short, in URLs: "plan"
    model: type  # a model with ``unit_field`` and a unit-scoped manager
    label: object  # what the document is, for the job page ("plan")
    docx: Callable[[object], bytes]  # the Word document of one row
    filename: Callable[[object], str]  # the PDF's download name
    select_related: tuple[str, ...] = ()
    #: whether the row has its document yet (an inspection not carried out has no minute); None: always
    available: Callable[[object], bool] | None = None

    def has_document(self, obj) -> bool:
        return self.available is None or bool(self.available(obj))


_SOURCES: dict[str, PdfSource] = {}


def register(source: PdfSource) -> None:
    _SOURCES[source.kind] = source


def source(kind: str) -> PdfSource | None:
    return _SOURCES.get(kind)


def kinds() -> list[str]:
    return sorted(_SOURCES)


def offered(source: PdfSource, obj, user) -> bool:
    """Whether ``user`` may convert ``obj``'s document: it has one, and the user reaches the document's own
    unit, whose the conversion job is (a division reading its department's plan, or an inspected unit
    reading its inspection, reads the Word file but could not follow the job)."""
    from cchc.core.scoped import unit_id_of
    from cchc.units.roles import Perm
    from cchc.units.scoping import user_can

    return source.has_document(obj) and user_can(user, Perm.VIEW, unit_id_of(obj))


def _plan_docx(plan) -> bytes:
    from cchc.documents import exports, selectors

    return exports.render_docx(selectors.plan_export_context(plan), selectors.template_bytes(plan.unit))


def _plan_filename(plan) -> str:
    return f"ke-hoach-{plan.year}-{plan.unit.code}-{plan.pk}.pdf"


def register_plan() -> None:
    from django.utils.translation import gettext_lazy as _

    from cchc.plans.models import Plan

    register(PdfSource(kind="plan", model=Plan, label=_("plan"), docx=_plan_docx, filename=_plan_filename,
                       select_related=("unit__parent",)))
