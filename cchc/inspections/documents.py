"""Fill the inspection documents' Word templates (``cchc.core.docx_render``, sandboxed) and write the Excel file of
inspections and open recommendations (``cchc.core.xlsx``). No database access here: the values come from
``selectors.document_context`` and ``selectors.export_rows``."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cchc.core import docx_render, xlsx
from cchc.core.uploads import UploadPolicy

TEMPLATE_POLICY = UploadPolicy(extensions=frozenset({".docx"}), max_bytes=5 * 1024 * 1024)


def render_docx(context: dict, template: bytes) -> bytes:
    """The filled document; ``docx_render.TemplateProblem`` (a Vietnamese message) when the template cannot be filled."""
    return docx_render.render(template, context)


def inspection_docx(inspection, kind: str) -> bytes:
    """The minute or the conclusion notice (``TemplateKind``) of one inspection, from its inspecting unit's template."""
    from cchc.inspections import selectors

    return render_docx(selectors.document_context(inspection), selectors.template_bytes(inspection.plan.unit, kind))


def sample_context() -> dict:
    """A small context every inspection template must be able to render (used to check an upload)."""
    return {
        "parent_name": "UBND THÀNH PHỐ CẦN THƠ", "unit_name": "SỞ XÂY DỰNG", "inspected_name": "Văn phòng Sở",
        "number": "25/TB-SXD", "place_date": "Cần Thơ, ngày 20 tháng 5 năm 2026",
        "minute_place_date": "Cần Thơ, ngày 15 tháng 5 năm 2026", "date": "15/05/2026",
        "plan_title": "Kế hoạch số 15/KH-SXD", "plan_number": "15/KH-SXD", "year": 2026,
        "lead": "Lê Thị Mai", "lead_title": "Trưởng đoàn", "members": ["Phạm Minh Tuấn"],
        "checklist": [{"no": 1, "area": "Cải cách thủ tục hành chính", "text": "Niêm yết TTHC", "result": "Đạt", "note": ""}],
        "summary": ["Đơn vị triển khai đầy đủ kế hoạch CCHC."],
        "findings": [{"no": 1, "text": "Chưa cập nhật niêm yết TTHC mới."}],
        "recommendations": [{"no": 1, "text": "Cập nhật niêm yết TTHC", "unit": "Văn phòng Sở", "due": "30/06/2026", "days": 30}],
        "recipients": ["- Văn phòng Sở;", "- Lưu: VT."], "signer_title": "GIÁM ĐỐC", "signer_name": "Trần Văn Bình",
    }


def check_template(file) -> str | None:
    """A Vietnamese message when the uploaded file is not a template that renders, else None."""
    return docx_render.check(file, sample_context())


def render_xlsx(inspections: list[list], items: list[list]) -> bytes:
    """Two sheets: every inspection, and every open recommendation (numbers and dates stay numbers and dates)."""
    workbook = xlsx.new_workbook()
    xlsx.add_table(
        workbook, _("Inspections"),
        ["#", _("Year"), _("Inspecting unit"), _("Inspected unit"), _("Planned month"), _("Inspection date"), _("Status"),
         _("Team lead"), _("Findings"), _("Recommendations"), _("Recommendations closed")],
        inspections, widths=[6, 8, 32, 32, 10, 12, 14, 24],
    )
    xlsx.add_table(
        workbook, _("Open recommendations"),
        ["#", _("Assigned unit"), _("Inspecting unit"), _("Inspection date"), _("Recommendation"), _("Due date"),
         _("Progress"), _("Percent done"), _("Overdue")],
        items, widths=[6, 32, 32, 12, 60, 12, 16, 10, 10], wrap=False,
    )
    return xlsx.to_bytes(workbook)
