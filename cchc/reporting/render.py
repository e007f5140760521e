"""Fill the Word template (docxtpl) and write the Excel figures (openpyxl) from a document context
(``selectors.document_context``). No database access here."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from docxtpl import DocxTemplate, RichText
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from cchc.core.uploads import UploadPolicy
from cchc.reporting.figures import Figure

TEMPLATE_POLICY = UploadPolicy(extensions=frozenset({".docx"}), max_bytes=5 * 1024 * 1024)


def _rich(block: dict) -> RichText:
    """Headings bold; body paragraphs plain."""
    return RichText(block["text"], bold=block["level"] > 0, font="Times New Roman", size=28)


def render_docx(context: dict, template: bytes) -> bytes:
    document = DocxTemplate(BytesIO(template))
    values = {**context, "blocks": [{**b, "rich": _rich(b)} for b in context["blocks"]]}
    values.pop("figure_objects", None)
    document.render(values, autoescape=True)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def describe_error(error: Exception) -> str:
    return _("The Word template could not be filled: {error}").format(
        error=str(error)[:300] or type(error).__name__
    )


def sample_context() -> dict:
    """A small context every template must be able to render (used to check an upload)."""
    return {
        "consolidated": True,
        "parent_name": "ỦY BAN NHÂN DÂN",
        "unit_name": "SỞ NỘI VỤ",
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
    except Exception as error:  # noqa: BLE001 - docxtpl raises many kinds (zip, XML, Jinja); all mean "unusable"
        return describe_error(error)
    return None


# -- Excel ------------------------------------------------------------------------------------------------

BOLD = Font(bold=True)


def _header(sheet, row: int, titles: list[str]) -> None:
    for column, title in enumerate(titles, 1):
        cell = sheet.cell(row=row, column=column, value=title)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _figure_cells(figure: Figure) -> list:
    """Numbers stay numbers: a count, or numerator, denominator and the ratio (as a percent format)."""
    if figure.is_ratio:
        value = figure.ratio.value
        return [
            None,
            _number(figure.numerator),
            _number(figure.denominator),
            float(value) if value is not None else None,
        ]
    return [_number(figure.numerator), None, None, None]


def _number(value):
    return value if isinstance(value, int) else float(value)


def render_xlsx(context: dict) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Figures")
    sheet["A1"] = context["unit_name"]
    sheet["A1"].font = BOLD
    sheet["A2"] = context["period_label"]
    sheet["A3"] = _("Data window: {window}").format(window=context["window"])
    _header(sheet, 5, ["#", _("Indicator"), _("Count"), _("Numerator"), _("Denominator"), _("Ratio")])
    for index, figure in enumerate(context["figure_objects"], 1):
        row = 5 + index
        sheet.cell(row=row, column=1, value=index)
        sheet.cell(row=row, column=2, value=figure.label)
        for offset, value in enumerate(_figure_cells(figure)):
            cell = sheet.cell(row=row, column=3 + offset, value=value)
            if offset == 3:
                cell.number_format = "0.00%"
    _widths(sheet, [6, 60, 12, 12, 12, 12])
    if context["targets"]:
        targets = workbook.create_sheet(_("Targets"))
        _header(targets, 1, ["#", _("Target"), _("Goal"), _("Latest value")])
        for target in context["targets"]:
            targets.append([target["no"], target["text"], target["goal"], target["current"]])
        _widths(targets, [6, 70, 14, 14])
    if context["consolidated"]:
        _units_sheet(workbook, context)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


def _units_sheet(workbook: Workbook, context: dict) -> None:
    """One row per reporting unit with its frozen figures (counts, and ratios as percentages)."""
    sheet = workbook.create_sheet(_("Units"))
    labels = [f.label for f in context["figure_objects"]]
    codes = [f.code for f in context["figure_objects"]]
    _header(sheet, 1, ["#", _("Unit"), _("Report number"), _("Sent on"), _("Timeliness"), *labels])
    for unit in context["units"]:
        by_code = {f.code: f for f in (Figure.from_json(row) for row in unit["figures"])}
        values = []
        for code in codes:
            figure = by_code.get(code)
            if figure is None:
                values.append(None)
            elif figure.is_ratio:
                value = figure.ratio.value
                values.append(float(value) if value is not None else None)
            else:
                values.append(_number(figure.numerator))
        sheet.append(
            [unit["no"], unit["name"], unit["number"], unit["submitted_on"], unit["timeliness"], *values]
        )
    for column, figure in enumerate(context["figure_objects"], 6):
        if figure.is_ratio:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
                cell.number_format = "0.00%"
    _widths(sheet, [6, 40, 14, 12, 22, *([14] * len(codes))])


def _widths(sheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
