"""Fill the Word template (docxtpl) and write the Excel figures (``cchc.core.xlsx``) from a document context
(``selectors.document_context``). No database access here."""

from __future__ import annotations

from django.utils.translation import gettext as _
from docxtpl import RichText

from cchc.core import docx_render, xlsx
from cchc.core.uploads import UploadPolicy
from cchc.reporting.figures import Figure

TEMPLATE_POLICY = UploadPolicy(extensions=frozenset({".docx"}), max_bytes=5 * 1024 * 1024)


def _rich(block: dict) -> RichText:
    """Headings bold; body paragraphs plain."""
    return RichText(block["text"], bold=block["level"] > 0, font="Times New Roman", size=28)


def render_docx(context: dict, template: bytes) -> bytes:
    """The filled report; ``docx_render.TemplateProblem`` (a Vietnamese message) when the template cannot be filled."""
    values = {**context, "blocks": [{**b, "rich": _rich(b)} for b in context["blocks"]]}
    values.pop("figure_objects", None)
    return docx_render.render(template, values)


def describe_error(error: Exception) -> str:
    from cchc.core.pdf import PdfError

    if isinstance(error, (docx_render.TemplateProblem, PdfError)):
        return str(error)
    return docx_render.describe(error)


def sample_context() -> dict:
    """A small context every template must be able to render (used to check an upload)."""
    return {
        "consolidated": True,
        "parent_name": "ỦY BAN NHÂN DÂN",
        "unit_name": "SỞ NỘI VỤ",
        "addressee": "Bộ Nội vụ",
        "number": "01/BC-SNV",
        "place_date": "Cần Thơ, ngày 01 tháng 01 năm 2026",
        "subject": "Kết quả thực hiện công tác cải cách hành chính",
        "period_label": "Báo cáo quý I năm 2026",
        "window": "15/12/2025 – 14/03/2026",
        "blocks": [{"level": 1, "text": "I. CÔNG TÁC CHỈ ĐẠO"}, {"level": 0, "text": "Nội dung."}],
        "figures": [{"no": 1, "label": "Nhiệm vụ", "value": "1"}],
        "targets": [{"no": 1, "text": "Chỉ tiêu", "goal": "≥ 95%", "current": "96%", "status": "met"}],
        "units": [
            {
                "no": 1,
                "name": "Sở Xây dựng",
                "number": "1/BC-SXD",
                "submitted_on": "18/03/2026",
                "timeliness": "đúng hạn",
                "tasks": "1/2",
                "overdue": "0",
            }
        ],
        "unit_count": 1,
        "recipients": ["- Như trên;"],
        "signer_title": "GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn A",
    }


def check_template(file) -> str | None:
    """A Vietnamese message when the uploaded file is not a template that renders, else None."""
    file.seek(0)
    data = file.read()
    file.seek(0)
    try:
        render_docx(sample_context(), data)
    except docx_render.TemplateProblem as problem:
        return str(problem)
    return None


# -- Excel ------------------------------------------------------------------------------------------------

PERCENT = "0.00%"


def _figure_cells(figure: Figure) -> list:
    """Numbers stay numbers: a count, or numerator, denominator and the ratio (as a percent format)."""
    if figure.is_ratio:
        return [None, _number(figure.numerator), _number(figure.denominator), _ratio(figure)]
    return [_number(figure.numerator), None, None, None]


def _number(value):
    return value if isinstance(value, int) else float(value)


def _ratio(figure: Figure) -> float | None:
    value = figure.ratio.value
    return float(value) if value is not None else None


def render_xlsx(context: dict) -> bytes:
    """The figures sheet; the targets (if any); and, for a consolidated report, one row per unit."""
    workbook = xlsx.new_workbook()
    xlsx.add_table(
        workbook,
        _("Figures"),
        ["#", _("Indicator"), _("Count"), _("Numerator"), _("Denominator"), _("Ratio")],
        [[index, figure.label, *_figure_cells(figure)] for index, figure in enumerate(context["figure_objects"], 1)],
        above=[
            [context["unit_name"]],
            [context["period_label"]],
            [_("Data window: {window}").format(window=context["window"])],
            [],
        ],
        widths=[6, 60, 12, 12, 12, 12],
        formats={6: PERCENT},
    )
    if context["targets"]:
        xlsx.add_table(
            workbook,
            _("Targets"),
            ["#", _("Target"), _("Goal"), _("Latest value")],
            [[t["no"], t["text"], t["goal"], t["current"]] for t in context["targets"]],
            widths=[6, 70, 14, 14],
        )
    if context["consolidated"]:
        _units_sheet(workbook, context)
    return xlsx.to_bytes(workbook)


def _units_sheet(workbook, context: dict) -> None:
    """One row per reporting unit with its frozen figures (counts, and ratios as percentages)."""
    figures = context["figure_objects"]
    rows = []
    for unit in context["units"]:
        by_code = {f.code: f for f in (Figure.from_json(row) for row in unit["figures"])}
        values = [_unit_value(by_code.get(figure.code)) for figure in figures]
        rows.append([unit["no"], unit["name"], unit["number"], unit["submitted_on"], unit["timeliness"], *values])
    xlsx.add_table(
        workbook,
        _("Units"),
        ["#", _("Unit"), _("Report number"), _("Sent on"), _("Timeliness"), *(f.label for f in figures)],
        rows,
        widths=[6, 40, 14, 12, 22, *([14] * len(figures))],
        formats={column: PERCENT for column, figure in enumerate(figures, 6) if figure.is_ratio},
    )


def _unit_value(figure: Figure | None):
    if figure is None:
        return None
    return _ratio(figure) if figure.is_ratio else _number(figure.numerator)
