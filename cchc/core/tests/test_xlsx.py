import datetime as dt
import io

from openpyxl import load_workbook

from cchc.core import xlsx

HEADERS = ["Mã hồ sơ", "Ngày tiếp nhận", "Số"]
ROWS = [["H01.1", dt.date(2025, 3, 31), 4], ["H01.2" + " dài" * 30, None, 12], ["H01.3", dt.date(2025, 4, 2), 0]]


def _read(data: bytes):
    return load_workbook(io.BytesIO(data))


def _one_table(**options):
    workbook = xlsx.new_workbook()
    xlsx.add_table(workbook, "Hồ sơ", HEADERS, ROWS, **options)
    return _read(xlsx.to_bytes(workbook))["Hồ sơ"]


def test_a_table_has_a_bold_frozen_header_with_a_filter_over_the_data():
    sheet = _one_table()
    assert [c.value for c in sheet[1]] == HEADERS
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:C4"
    assert [c.value for c in sheet[4]] == ["H01.3", dt.datetime(2025, 4, 2), 0]


def test_dates_show_day_month_year_and_other_cells_keep_the_general_format():
    sheet = _one_table()
    assert sheet["B2"].number_format == "DD/MM/YYYY"
    assert (sheet["A2"].number_format, sheet["C2"].number_format) == ("General", "General")


def test_a_column_format_covers_every_data_cell_even_an_empty_one():
    sheet = _one_table(formats={2: "DD/MM/YYYY", 3: "0.00%"})
    assert sheet["B3"].value is None and sheet["B3"].number_format == "DD/MM/YYYY"
    assert sheet["C2"].number_format == "0.00%"


def test_widths_are_given_or_measured_within_bounds():
    sheet = _one_table(widths=[30])
    assert sheet.column_dimensions["A"].width == 30
    assert sheet.column_dimensions["B"].width == len("Ngày tiếp nhận") + 2
    assert sheet.column_dimensions["C"].width == xlsx.MIN_WIDTH
    assert _one_table().column_dimensions["A"].width == xlsx.MAX_WIDTH


def test_lines_above_move_the_header_down_and_the_first_is_bold():
    workbook = xlsx.new_workbook()
    xlsx.add_table(workbook, "Số liệu", HEADERS, ROWS, above=[["SỞ XÂY DỰNG"], ["Quý I/2025"], []])
    sheet = _read(xlsx.to_bytes(workbook))["Số liệu"]
    assert (sheet["A1"].value, sheet["A1"].font.bold, sheet["A2"].value, sheet["A2"].font.bold) == (
        "SỞ XÂY DỰNG", True, "Quý I/2025", False
    )
    assert [c.value for c in sheet[4]] == HEADERS
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A5", "A4:C7")


def test_an_empty_table_still_filters_one_row_below_its_header():
    workbook = xlsx.new_workbook()
    xlsx.add_table(workbook, "Trống", HEADERS, [])
    assert _read(xlsx.to_bytes(workbook))["Trống"].auto_filter.ref == "A1:C2"


def test_sheet_titles_are_made_acceptable_to_excel():
    assert xlsx.sheet_title("Hồ sơ [quý I/2025]: chi tiết theo đơn vị") == "Hồ sơ quý I 2025 chi tiết theo"
    assert xlsx.sheet_title("???") == "Sheet"


def test_the_response_is_an_xlsx_attachment_with_a_safe_name():
    response = xlsx.table_response("../hồ sơ.xlsx", "Hồ sơ", HEADERS, ROWS)
    assert response["Content-Type"] == xlsx.CONTENT_TYPE
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''h%E1%BB%93%20s%C6%A1.xlsx"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert [c.value for c in _read(response.content)["Hồ sơ"][1]] == HEADERS


def test_an_ascii_name_is_quoted_as_before():
    response = xlsx.table_response("ho-so.xlsx", "Hồ sơ", HEADERS, ROWS)
    assert response["Content-Disposition"] == 'attachment; filename="ho-so.xlsx"'
