"""Fill the plan's Word template (docxtpl) and write its task list as Excel (``cchc.core.xlsx``) from an
export context (``selectors.plan_export_context``). No database access here."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from cchc.core import docx_render, xlsx

#: docxtpl turns this character in a value into a new paragraph of the same cell or paragraph
NEW_PARAGRAPH = "\a"
ROMAN = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
LOCAL_GOVERNMENT_KINDS = frozenset({"central_city", "province", "district", "commune", "ward", "special_zone"})


def roman(number: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while number >= value:
            out, number = out + letters, number - value
    return out


def agency_name(name: str, kind: str) -> str:
    """The agency line of the header: a local government is its People's Committee ("UBND TỈNH NAM ĐỊNH")."""
    return f"UBND {name}".upper() if kind in LOCAL_GOVERNMENT_KINDS else name.upper()


def timeframe_lines(timeframe: str) -> list[str]:
    """A timeframe listing several items ("Quý I/2024; Quý III/2024") is written one "- item" per line."""
    parts = [part.strip() for part in timeframe.split("; ") if part.strip()]
    return [f"- {part}" for part in parts] if len(parts) > 1 else parts


def budget_text(source: str, amount: Decimal | None) -> str:
    if amount is None:
        return source
    figure = f"{int(amount):,}".replace(",", ".")
    return f"{source} ({figure} đồng)" if source else f"{figure} đồng"


def cell(lines: list[str]) -> str:
    """Several values of one table cell, each its own paragraph."""
    return NEW_PARAGRAPH.join(line for line in lines if line)


def render_docx(context: dict, template: bytes) -> bytes:
    """The filled plan; ``docx_render.TemplateProblem`` (a Vietnamese message) when the template cannot be filled."""
    return docx_render.render(template, context)


def sample_context() -> dict:
    """A small context every plan template must be able to render (used to check an upload)."""
    task = {"number": "1", "title": "Nhiệm vụ", "products": "Kế hoạch", "lead": "Văn phòng", "coordinators": "Các phòng",
            "timeframe": "Quý I/2026", "budget": "Kinh phí thường xuyên", "due": None, "recurrence": "", "status": "",
            "percent": 0, "area": "Cải cách thể chế"}
    return {
        "parent_name": "UBND THÀNH PHỐ CẦN THƠ", "issuer_name": "SỞ XÂY DỰNG", "number": "01/KH-SXD",
        "place_date": "Cần Thơ, ngày 05 tháng 01 năm 2026", "kind": "KẾ HOẠCH", "subject": "Cải cách hành chính năm 2026",
        "blocks": [{"heading": True, "text": "I. MỤC ĐÍCH, YÊU CẦU"}, {"heading": False, "text": "Nội dung."}],
        "recipients": ["- Như trên;", "- Lưu: VT."], "signer_title": "GIÁM ĐỐC", "signer_name": "Nguyễn Văn A",
        "year": 2026, "appendix_note": "(Kèm theo Kế hoạch số 01/KH-SXD)",
        "areas": [{"number": "I", "title": "Cải cách thể chế", "code": "institutions", "tasks": [task]}],
    }


def check_template(file) -> str | None:
    """A Vietnamese message when the uploaded file is not a template that renders (in the sandbox), else None."""
    return docx_render.check(file, sample_context())


# -- Excel ------------------------------------------------------------------------------------------------

def _columns() -> list[tuple[str, int]]:
    """Title and width of each column of the task list."""
    return [
        (_("No."), 6), (_("Reform area"), 28), (_("Task"), 60), (_("Products"), 24), (_("Lead"), 26),
        (_("Coordinating units"), 30), (_("Timeframe"), 20), (_("Due date"), 12), (_("Recurrence"), 14),
        (_("Budget"), 24), (_("Status"), 16), (_("Percent done"), 10),
    ]


def render_xlsx(context: dict) -> bytes:
    """The task list: one row per task, a frozen header with filters, wrapped text, fixed widths."""
    columns = _columns()
    rows = [
        [
            task["number"], f"{area['number']}. {area['title']}", task["title"], _lines(task["products"]), task["lead"],
            _lines(task["coordinators"]), _lines(task["timeframe"]), task["due"], task["recurrence"], task["budget"],
            task["status"], task["percent"],
        ]
        for area in context["areas"]
        for task in area["tasks"]
    ]
    workbook = xlsx.new_workbook()
    xlsx.add_table(
        workbook, _("Tasks"), [title for title, _width in columns], rows,
        widths=[width for _title, width in columns], formats={8: xlsx.DATE_FORMAT}, wrap=True,
    )
    return xlsx.to_bytes(workbook)


def _lines(value: str) -> str:
    return value.replace(NEW_PARAGRAPH, "\n")
