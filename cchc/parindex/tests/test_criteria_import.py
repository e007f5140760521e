"""Criteria sets read from the Excel files provinces distribute, written back to XLSX and read again.

Two files laid out differently (codes in a column and options as rows; codes inside titles, options as
"- …: x điểm" lines, a title block, a two-row merged header and decimal commas) give the same hand-written
tree. Wording from the national set (QĐ 876/892/QĐ-BNV areas and commonly used criteria); the points are
made up for the test.
"""

from __future__ import annotations

import io
import json
import sys
import types
import zipfile
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from cchc.core import spreadsheets
from cchc.parindex import criteria_export, criteria_import
from cchc.parindex.criteria_import import CriteriaImportError, parse, to_json

TITLE = "BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CỦA CÁC SỞ, BAN, NGÀNH NĂM 2025"


def node(code, title, points, parent, method="appraisal", evidence=True, guidance="", options=()):
    return {"code": code, "title": title, "max_points": D(points), "parent": parent, "method": method,
            "evidence_required": evidence, "guidance": guidance,
            "options": [{"label": label, "points": D(value)} for label, value in options]}


EXPECTED = {
    "title": TITLE,
    "total_points": D("11"),
    "nodes": [
        node("1", "Công tác chỉ đạo, điều hành CCHC", "5.5", None, method="both", evidence=False),
        node("1.1", "Kế hoạch CCHC năm", "2", "1", evidence=False),
        node("1.1.1", "Ban hành kế hoạch CCHC năm kịp thời", "1", "1.1", guidance="Căn cứ ngày ban hành kế hoạch.",
             options=[("Ban hành trước 31/12 năm trước", "1"), ("Ban hành sau 31/12 năm trước", "0")]),
        node("1.1.2", "Mức độ hoàn thành kế hoạch", "1", "1.1",
             options=[("Hoàn thành 100% nhiệm vụ", "1"), ("Hoàn thành từ 80% đến dưới 100%", "0.5"),
                      ("Hoàn thành dưới 80%", "0")]),
        node("1.2", "Báo cáo CCHC (đủ số lượng, đúng thời hạn)", "1.5", "1",
             guidance="Báo cáo quý, 6 tháng, 9 tháng và năm."),
        node("1.3", "Công tác tuyên truyền CCHC", "2", "1", method="survey", evidence=False,
             guidance="Đánh giá qua điều tra xã hội học."),
        node("2", "Cải cách thể chế", "3", None, evidence=False),
        node("2.1", "Tỷ lệ văn bản QPPL được ban hành đúng thẩm quyền, nội dung, hình thức và thủ tục", "2", "2",
             options=[("Đạt 100%", "2"), ("Dưới 100%", "0")]),
        node("2.2", "Tỷ lệ văn bản QPPL được xử lý hoặc kiến nghị sau rà soát", "1", "2"),
        node("3", "Cải cách thủ tục hành chính", "2.5", None, evidence=False),
        node("3.1", "Tỷ lệ hồ sơ giải quyết TTHC đúng hạn", "2.5", "3",
             options=[("Từ 98% trở lên", "2.5"), ("Từ 95% đến dưới 98%", "1.5"), ("Dưới 95%", "0")]),
    ],
    "bonus": [
        {"code": "T1", "title": "Có sáng kiến, giải pháp mới trong CCHC được công nhận", "max_points": D("1")},
        {"code": "T2", "title": "Được cấp có thẩm quyền khen thưởng về CCHC", "max_points": D("0.5")},
    ],
    "penalty": [
        {"code": "P1", "title": "Báo cáo CCHC chậm so với quy định", "max_points": D("0.5")},
        {"code": "P2", "title": "Để xảy ra sai phạm trong giải quyết TTHC bị xử lý", "max_points": D("1")},
    ],
}

HEADER_A = ["Mã", "Nội dung tiêu chí", "Điểm tối đa", "Phương pháp đánh giá", "Tài liệu kiểm chứng",
            "Hướng dẫn chấm điểm"]


def rows_with_codes_in_a_column() -> list[list]:
    """Layout A: a one-line title, a one-row header, codes in their own column (numbers as Excel keeps them),
    options as rows under their criterion, the method in words, evidence marked x, penalties negative."""
    return [
        [TITLE],
        HEADER_A,
        [1, "Công tác chỉ đạo, điều hành CCHC", 5.5],
        [1.1, "Kế hoạch CCHC năm", 2],
        ["1.1.1", "Ban hành kế hoạch CCHC năm kịp thời", 1, "Thẩm định", "x", "Căn cứ ngày ban hành kế hoạch."],
        [None, "Ban hành trước 31/12 năm trước", 1],
        [None, "Ban hành sau 31/12 năm trước", 0],
        ["1.1.2", "Mức độ hoàn thành kế hoạch", 1, "Thẩm định", "x"],
        [None, "Hoàn thành 100% nhiệm vụ", 1],
        [None, "Hoàn thành từ 80% đến dưới 100%", 0.5],
        [None, "Hoàn thành dưới 80%", 0],
        [1.2, "Báo cáo CCHC (đủ số lượng, đúng thời hạn)", 1.5, "Thẩm định", "X",
         "Báo cáo quý, 6 tháng, 9 tháng và năm."],
        [1.3, "Công tác tuyên truyền CCHC", 2, "Điều tra XHH", None, "Đánh giá qua điều tra xã hội học."],
        [2, "Cải cách thể chế", 3],
        [2.1, "Tỷ lệ văn bản QPPL được ban hành đúng thẩm quyền, nội dung, hình thức và thủ tục", 2, "Thẩm định", "x"],
        [None, "Đạt 100%", 2],
        [None, "Dưới 100%", 0],
        [2.2, "Tỷ lệ văn bản QPPL được xử lý hoặc kiến nghị sau rà soát", 1, "Thẩm định", "x"],
        [3, "Cải cách thủ tục hành chính", 2.5],
        [3.1, "Tỷ lệ hồ sơ giải quyết TTHC đúng hạn", 2.5, "Thẩm định", "x"],
        [None, "Từ 98% trở lên", 2.5],
        [None, "Từ 95% đến dưới 98%", 1.5],
        [None, "Dưới 95%", 0],
        [None, "Tổng cộng", 11],
        [None, "Điểm thưởng"],
        [1, "Có sáng kiến, giải pháp mới trong CCHC được công nhận", 1],
        [2, "Được cấp có thẩm quyền khen thưởng về CCHC", 0.5],
        [None, "Điểm trừ"],
        [1, "Báo cáo CCHC chậm so với quy định", -0.5],
        [2, "Để xảy ra sai phạm trong giải quyết TTHC bị xử lý", -1],
    ]


def xlsx(rows: list[list], merged: tuple[str, ...] = (), name: str = "bo-tieu-chi.xlsx") -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    for cells in rows:
        sheet.append(cells)
    for block in merged:
        sheet.merge_cells(block)
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    data.name = name
    return data


def file_with_codes_in_titles() -> io.BytesIO:
    """Layout B: a title block under the national heading, a two-row header with merged cells ("Thang điểm" over
    "Điểm chuẩn" and "Hướng dẫn chấm điểm"), a column-number row, codes at the start of the titles, areas
    written "I.", "Lĩnh vực 2:" and "III.", options as "- …: x điểm" lines in the title or the guidance cell,
    decimal commas in text cells, evidence marked "Có", the survey told by the guidance's words, a
    self-assessment column to ignore, and bonus / penalty items as dashed lines without codes (one with its
    points in the text)."""
    rows = [
        ["UBND TỈNH SÓC TRĂNG", None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
        ["SỞ NỘI VỤ", None, "Độc lập - Tự do - Hạnh phúc"],
        [],
        ["BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH"],
        ["CỦA CÁC SỞ, BAN, NGÀNH NĂM 2025"],
        ["(Kèm theo Quyết định số 1234/QĐ-UBND ngày 15/01/2025 của Ủy ban nhân dân tỉnh)"],
        [],
        ["Lĩnh vực, tiêu chí, tiêu chí thành phần", "Thang điểm", None, "Tài liệu kiểm chứng", "Điểm tự chấm"],
        [None, "Điểm chuẩn", "Hướng dẫn chấm điểm"],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        ["I. Công tác chỉ đạo, điều hành CCHC", "5,5"],
        ["1.1. Kế hoạch CCHC năm", 2],
        ["1.1.1 Ban hành kế hoạch CCHC năm kịp thời\n- Ban hành trước 31/12 năm trước: 1 điểm\n"
         "- Ban hành sau 31/12 năm trước: 0 điểm", 1, "Căn cứ ngày ban hành kế hoạch.", "Có"],
        ["1.1.2 Mức độ hoàn thành kế hoạch", "1", "- Hoàn thành 100% nhiệm vụ: 1 điểm\n"
         "- Hoàn thành từ 80% đến dưới 100%: 0,5 điểm\n- Hoàn thành dưới 80%: 0 điểm", "có", "0,5"],
        ["1.2. Báo cáo CCHC (đủ số lượng, đúng thời hạn)", "1,5", "Báo cáo quý, 6 tháng, 9 tháng và năm.", "Có"],
        ["1.3. Công tác tuyên truyền CCHC", 2, "Đánh giá qua điều tra xã hội học.", None],
        ["Lĩnh vực 2: Cải cách thể chế", 3],
        ["2.1. Tỷ lệ văn bản QPPL được ban hành đúng thẩm quyền, nội dung, hình thức và thủ tục\n"
         "- Đạt 100%: 2 điểm; Dưới 100%: 0 điểm", 2, None, "Có"],
        ["2.2. Tỷ lệ văn bản QPPL được xử lý hoặc kiến nghị sau rà soát", 1, None, "Có"],
        ["III. Cải cách thủ tục hành chính", "2,5"],
        ["3.1. Tỷ lệ hồ sơ giải quyết TTHC đúng hạn", "2,5 điểm",
         "- Từ 98% trở lên: 2,5 điểm\n- Từ 95% đến dưới 98%: 1,5 điểm\n- Dưới 95%: 0 điểm", "Có"],
        ["TỔNG CỘNG", 11],
        ["ĐIỂM THƯỞNG (tối đa 1,5 điểm)", "1,5"],
        ["- Có sáng kiến, giải pháp mới trong CCHC được công nhận", 1],
        ["- Được cấp có thẩm quyền khen thưởng về CCHC", "0,5"],
        ["ĐIỂM TRỪ"],
        ["- Báo cáo CCHC chậm so với quy định: 0,5 điểm"],
        ["- Để xảy ra sai phạm trong giải quyết TTHC bị xử lý", 1],
    ]
    merged = ("A1:B1", "C1:E1", "A2:B2", "C2:E2", "A4:E4", "A5:E5", "A6:E6", "A8:A9", "B8:C8", "D8:D9", "E8:E9")
    return xlsx(rows, merged, name="bo-tieu-chi-so-2025.xlsx")


def errors_of(rows: list[list], merged: tuple[str, ...] = ()) -> list[str]:
    with pytest.raises(CriteriaImportError) as refused:
        parse(xlsx(rows, merged))
    return refused.value.errors


# -- the two layouts ----------------------------------------------------------------------------------------


def test_codes_in_a_column_with_options_as_rows_give_the_tree():
    assert parse(xlsx(rows_with_codes_in_a_column())) == EXPECTED


def test_codes_in_titles_with_options_as_lines_under_a_merged_header_give_the_same_tree():
    assert parse(file_with_codes_in_titles()) == EXPECTED


def test_a_path_is_read_like_a_file_object(tmp_path):
    path = tmp_path / "bo-tieu-chi.xlsx"
    path.write_bytes(file_with_codes_in_titles().getvalue())
    assert parse(path) == parse(str(path)) == EXPECTED


def test_areas_in_roman_numerals_number_their_criteria_from_one_and_letters_are_sub_criteria():
    """Criteria "1.", "2." count within the area "II."; "a)", "b)" are sub-criteria of the criterion above.
    The method comes from two mark columns under "Phương pháp đánh giá" (both marked: both)."""
    rows = [
        ["TT", "Nội dung", "Điểm tối đa", "Phương pháp đánh giá", None],
        [None, None, None, "Thẩm định", "ĐTXHH"],
        ["I", "Công tác chỉ đạo, điều hành CCHC", 1, None, None],
        ["1", "Kế hoạch CCHC năm", 1, "x", None],
        ["II", "Cải cách thủ tục hành chính", 3, None, None],
        ["1", "Công khai TTHC", 1, "x", "x"],
        ["2", "Tỷ lệ hồ sơ giải quyết TTHC đúng hạn", 2, None, None],
        ["a)", "Hồ sơ thuộc thẩm quyền của sở", "1,5", "x", None],
        ["b)", "Hồ sơ liên thông", "0,5", None, "x"],
    ]
    tree = parse(xlsx(rows, merged=("A1:A2", "B1:B2", "C1:C2", "D1:E1")))
    assert [(n["code"], n["parent"], n["max_points"], n["method"]) for n in tree["nodes"]] == [
        ("1", None, D(1), "appraisal"),
        ("1.1", "1", D(1), "appraisal"),
        ("2", None, D(3), "both"),
        ("2.1", "2", D(1), "both"),
        ("2.2", "2", D(2), "both"),
        ("2.2.1", "2.2", D("1.5"), "appraisal"),
        ("2.2.2", "2.2", D("0.5"), "survey"),
    ]
    assert tree["total_points"] == D(4)
    assert tree["title"] == ""


def test_a_group_name_spread_over_merged_cells_tells_points_from_scores():
    """"Điểm" merged over "Tối đa", "Tự chấm" and "Thẩm định": the maximum is read, the two scores are left out
    (without the merge, "Thẩm định" alone would be read as a column marking appraisal)."""
    rows = [
        ["Mã", "Tiêu chí", "Điểm", None, None],
        [None, None, "Tối đa", "Tự chấm", "Thẩm định"],
        ["1", "Công tác chỉ đạo, điều hành CCHC", 1, 1, 0.5],
        ["1.1", "Công tác tuyên truyền CCHC (điều tra XHH)", 1, 1, 0.5],
    ]
    tree = parse(xlsx(rows, merged=("A1:A2", "B1:B2", "C1:E1")))
    assert [(n["code"], n["max_points"], n["method"]) for n in tree["nodes"]] == [
        ("1", D(1), "survey"), ("1.1", D(1), "survey"),
    ]


def test_notes_under_the_table_are_not_items():
    rows = rows_with_codes_in_a_column() + [
        [None, "Ghi chú: tổng điểm trừ không vượt quá 1,5 điểm."],
        [None, "Người lập biểu"],
    ]
    assert parse(xlsx(rows)) == EXPECTED
    rows = rows_with_codes_in_a_column()
    rows.insert(24, [None, "Ghi chú: điểm thưởng do Hội đồng thẩm định xem xét."])  # after the total, before bonus
    assert parse(xlsx(rows)) == EXPECTED


def test_evidence_written_out_requires_evidence_and_is_kept_in_the_guidance():
    rows = [
        ["Mã", "Tiêu chí", "Thang điểm", "Tài liệu kiểm chứng"],
        ["1", "Công tác chỉ đạo, điều hành CCHC", 1, None],
        ["1.1", "Kế hoạch CCHC năm", 1, "Kế hoạch CCHC năm đã ban hành"],
    ]
    leaf = parse(xlsx(rows))["nodes"][1]
    assert (leaf["evidence_required"], leaf["guidance"]) == (True, "Tài liệu kiểm chứng: Kế hoạch CCHC năm đã ban hành")


def test_survey_words_in_a_title_mark_the_criterion_and_its_children_when_there_is_no_method_column():
    rows = [
        ["Nội dung đánh giá", "Điểm chuẩn"],
        ["Lĩnh vực 8: Tác động của CCHC", 2],
        ["8.1. Sự hài lòng của người dân (khảo sát)", 2],
        ["8.1.1 Về tiếp cận dịch vụ", 1],
        ["8.1.2 Về thủ tục hành chính", 1],
    ]
    tree = parse(xlsx(rows))
    assert [(n["code"], n["method"]) for n in tree["nodes"]] == [
        ("8", "survey"), ("8.1", "survey"), ("8.1.1", "survey"), ("8.1.2", "survey"),
    ]


# -- bad input ----------------------------------------------------------------------------------------------


def test_children_that_do_not_add_up_to_their_parent_are_named_by_row_and_code():
    rows = rows_with_codes_in_a_column()
    rows[3] = [1.1, "Kế hoạch CCHC năm", 2.5]  # row 4: its sub-criteria give 1 + 1
    assert errors_of(rows) == [
        "Dòng 3, lĩnh vực 1: các tiêu chí con cộng lại được 6 điểm, không bằng 5,5 điểm.",
        "Dòng 4, tiêu chí 1.1: các tiêu chí con cộng lại được 2 điểm, không bằng 2,5 điểm.",
    ]


def test_a_code_used_twice_is_named_with_both_rows():
    rows = rows_with_codes_in_a_column()
    rows[11] = ["1.1.2", "Báo cáo CCHC (đủ số lượng, đúng thời hạn)", 1.5, "Thẩm định", "x"]  # row 12
    assert errors_of(rows) == [
        "Dòng 12: mã 1.1.2 đã dùng ở dòng 8.",
        "Dòng 3, lĩnh vực 1: các tiêu chí con cộng lại được 4 điểm, không bằng 5,5 điểm.",
    ]


@pytest.mark.parametrize("value", ["1,5,0", "1.5.0", "một", "1,5đ x"])
def test_a_number_that_does_not_parse_is_named(value):
    rows = rows_with_codes_in_a_column()
    rows[11][2] = value  # row 12, criterion 1.2
    assert errors_of(rows) == [
        f"Dòng 12, tiêu chí 1.2: “{value}” ở cột “Điểm tối đa” không phải là số; số thập phân viết với một dấu "
        "phẩy, ví dụ 1,5."
    ]


def test_two_commas_in_an_option_line_are_named_with_the_column_of_the_line():
    rows = [
        ["Tiêu chí", "Thang điểm", None],
        [None, "Điểm chuẩn", "Hướng dẫn chấm điểm"],
        ["1. Công tác chỉ đạo, điều hành CCHC", 1],
        ["1.1. Kế hoạch CCHC năm", "1", "- Ban hành đúng hạn: 1,0,0 điểm\n- Ban hành chậm: 0 điểm"],
    ]
    assert errors_of(rows, merged=("A1:A2", "B1:C1")) == [
        "Dòng 4, tiêu chí 1.1: “1,0,0” ở cột “Hướng dẫn chấm điểm” không phải là số; số thập phân viết với một "
        "dấu phẩy, ví dụ 1,5."
    ]


def test_missing_points_are_named():
    rows = rows_with_codes_in_a_column()
    rows[17] = [2.2, "Tỷ lệ văn bản QPPL được xử lý hoặc kiến nghị sau rà soát", None, "Thẩm định", "x"]  # row 18
    assert errors_of(rows) == ["Dòng 18, tiêu chí 2.2: thiếu điểm (cột “Điểm tối đa”)."]


def test_an_option_above_its_criterion_and_a_wrong_total_are_named():
    rows = rows_with_codes_in_a_column()
    rows[21][2] = 3  # row 22, an option of 3.1 (2,5 points)
    assert errors_of(rows) == [
        "Dòng 22, tiêu chí 3.1: mức “Từ 95% đến dưới 98%” có 3 điểm, vượt điểm tối đa 2,5 điểm."
    ]
    rows = rows_with_codes_in_a_column()
    rows[23][2] = 12  # row 24, the total
    assert errors_of(rows) == ["Dòng 24: tổng điểm ghi 12 điểm nhưng các lĩnh vực cộng lại được 11 điểm."]


def test_a_criterion_whose_parent_is_missing_and_points_without_a_criterion_are_named():
    rows = [
        ["Mã", "Nội dung", "Điểm tối đa"],
        [None, "Kế hoạch CCHC năm", 1],
        ["1", "Công tác chỉ đạo, điều hành CCHC", 1],
        ["1.2.1", "Báo cáo quý", 1],
        [None, "Đúng hạn", 1],
    ]
    assert errors_of(rows) == [
        "Dòng 2: “Kế hoạch CCHC năm” có điểm nhưng không có mã tiêu chí và không nằm dưới tiêu chí nào.",
        "Dòng 4: tiêu chí 1.2.1 không có tiêu chí cha 1.2 ở phía trên.",
    ]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["Danh sách đơn vị"], ["Sở Tư pháp", "Sở Nội vụ"]],
         "Không nhận ra bộ tiêu chí trong tệp bo-tieu-chi.xlsx: 40 dòng đầu không có dòng tiêu đề gồm cột tiêu chí "
         "và cột điểm (“Điểm tối đa”, “Điểm chuẩn” hoặc “Thang điểm”)."),
        ([["Nội dung", "Điểm tối đa"], ["Ghi chú chung", None]],
         "Không tìm thấy tiêu chí nào dưới dòng tiêu đề (dòng 1) của tệp bo-tieu-chi.xlsx."),
    ],
)
def test_nothing_recognisable_is_said(rows, message):
    assert errors_of(rows) == [message]


def test_past_a_hundred_problems_the_rest_are_counted():
    rows = [["Mã", "Nội dung", "Điểm tối đa"], ["1", "Công tác chỉ đạo, điều hành CCHC", 1]]
    rows += [["1.1", "Kế hoạch CCHC năm", 1]] * 103
    errors = errors_of(rows)
    assert len(errors) == 101
    assert errors[0] == "Dòng 4: mã 1.1 đã dùng ở dòng 3."
    assert errors[-1] == "… và 2 lỗi khác."


def test_a_sheet_with_thousands_of_criteria_is_not_a_criteria_set(monkeypatch):
    monkeypatch.setattr(criteria_import, "MAX_ITEMS", 10)
    assert errors_of(rows_with_codes_in_a_column()) == [
        "Tệp bo-tieu-chi.xlsx có hơn 10 tiêu chí và mức điểm; đây không phải là một bộ tiêu chí."
    ]


def test_a_file_that_is_not_xlsx_is_refused():
    with pytest.raises(CriteriaImportError) as refused:
        parse(io.BytesIO(b"STT;Noi dung;Diem\n"))
    assert refused.value.errors == ["Tệp bo-tieu-chi.xlsx không phải tệp Office hợp lệ (zip): File is not a zip file"]


# -- the guarded reader ---------------------------------------------------------------------------------------


def test_a_file_larger_than_the_upload_limit_is_refused_before_it_is_opened(settings, monkeypatch, tmp_path):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    monkeypatch.setattr(spreadsheets, "xlsx_sheet", lambda *a, **k: pytest.fail("the file was read"))
    big = io.BytesIO(b"PK\x03\x04" + b"\0" * (2 * 1024 * 1024))
    big.name = "to.xlsx"
    with pytest.raises(CriteriaImportError) as refused:
        parse(big)
    assert refused.value.errors == ["Tệp to.xlsx có dung lượng 2 MB; giới hạn là 1 MB."]
    path = tmp_path / "to.xlsx"
    path.write_bytes(big.getvalue()[: 1024 * 1024 + 110_000])
    with pytest.raises(CriteriaImportError) as refused:
        parse(path)
    assert refused.value.errors == ["Tệp to.xlsx có dung lượng 1,1 MB; giới hạn là 1 MB."]


def test_a_sheet_that_unzips_too_far_or_has_too_many_rows_is_refused(settings):
    settings.UPLOAD_MAX_UNZIPPED_BYTES = 2000
    with pytest.raises(CriteriaImportError) as refused:
        parse(xlsx(rows_with_codes_in_a_column()))
    assert refused.value.errors == ["Tệp bo-tieu-chi.xlsx khi giải nén vượt quá 0 MB; không đọc được."]
    settings.UPLOAD_MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
    settings.SPREADSHEET_MAX_ROWS = 20
    with pytest.raises(CriteriaImportError) as refused:
        parse(xlsx(rows_with_codes_in_a_column()))
    assert refused.value.errors == ["Tệp bo-tieu-chi.xlsx có hơn 20 dòng; hãy tách thành các tệp nhỏ hơn."]


def test_too_many_merged_ranges_are_refused_while_scanning(monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_MERGED_RANGES", 3)
    with pytest.raises(CriteriaImportError) as refused:
        parse(file_with_codes_in_titles())
    assert refused.value.errors == [
        "Tệp bo-tieu-chi-so-2025.xlsx có hơn 3 vùng ô gộp; không đọc được."
    ]


def test_overlapping_merged_ranges_covering_more_than_the_sheet_are_refused():
    data = xlsx([["Nội dung", "Điểm tối đa"], ["1. Công tác chỉ đạo", 1]])
    out = io.BytesIO()
    with zipfile.ZipFile(data) as original, zipfile.ZipFile(out, "w") as changed:
        for info in original.infolist():
            content = original.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                blocks = b"".join(b'<mergeCell ref="A1:B2"/>' for _ in range(5))
                content = content.replace(b"</sheetData>", b'</sheetData><mergeCells count="5">' + blocks + b"</mergeCells>")
            changed.writestr(info, content)
    out.seek(0)
    out.name = "chong.xlsx"
    with pytest.raises(CriteriaImportError) as refused:
        parse(out)
    assert refused.value.errors == ["Không đọc được tệp XLSX."]


# -- JSON, export, command ------------------------------------------------------------------------------------


def test_json_numbers_are_ints_when_whole_else_floats():
    data = to_json(EXPECTED)
    assert data["total_points"] == 11 and isinstance(data["total_points"], int)
    assert data["nodes"][0]["max_points"] == 5.5
    assert data["nodes"][3]["options"][1] == {"label": "Hoàn thành từ 80% đến dưới 100%", "points": 0.5}
    assert data["penalty"][0] == {"code": "P1", "title": "Báo cáo CCHC chậm so với quy định", "max_points": 0.5}
    assert json.loads(json.dumps(data)) == data


def test_the_export_is_read_back_into_the_same_tree():
    exported = criteria_export.write_xlsx(EXPECTED)
    assert parse(io.BytesIO(exported)) == EXPECTED


def test_the_export_neutralises_formula_like_text_and_reads_it_back():
    tree = {
        "title": "=HYPERLINK(\"http://x\")",
        "total_points": D(1),
        "nodes": [node("1", "Công tác chỉ đạo, điều hành CCHC", "1", None, evidence=False),
                  node("1.1", "Kế hoạch CCHC năm", "1", "1", guidance="- Căn cứ ngày ban hành\n+ và nội dung",
                       options=[("=1+1", "1"), ("@chậm", "0")])],
        "bonus": [], "penalty": [],
    }
    exported = criteria_export.write_xlsx(tree)
    with zipfile.ZipFile(io.BytesIO(exported)) as archive:
        strings = archive.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in archive.namelist() else ""
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    assert "'=1+1" in strings + sheet and "'=HYPERLINK" in strings + sheet
    assert parse(io.BytesIO(exported)) == tree


def test_the_command_prints_the_json(tmp_path):
    path = tmp_path / "bo-tieu-chi.xlsx"
    path.write_bytes(file_with_codes_in_titles().getvalue())
    out = io.StringIO()
    call_command("import_criteria", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue()) == to_json(EXPECTED)


def test_the_command_says_what_is_wrong_and_stores_nothing(tmp_path, monkeypatch):
    rows = rows_with_codes_in_a_column()
    rows[11][2] = "1,5,0"
    path = tmp_path / "sai.xlsx"
    path.write_bytes(xlsx(rows).getvalue())
    stored = []
    monkeypatch.setitem(sys.modules, "cchc.parindex.services",
                        types.SimpleNamespace(criteria_set_from_tree=lambda *a, **k: stored.append((a, k))))
    err = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import_criteria", str(path), "--save", "--unit", "94-SNV", "--level", "department",
                     "--year", "2025", stderr=err)
    assert err.getvalue().splitlines() == [
        "Dòng 12, tiêu chí 1.2: “1,5,0” ở cột “Điểm tối đa” không phải là số; số thập phân viết với một dấu phẩy, "
        "ví dụ 1,5."
    ]
    assert str(failed.value) == "Không nhập được bộ tiêu chí từ sai.xlsx: 1 lỗi."
    assert stored == []


@pytest.mark.django_db
def test_the_command_saves_the_set_for_the_unit_level_and_year(tmp_path):
    import datetime as dt

    from cchc.parindex.models import CriteriaSet
    from cchc.units.models import Unit, UnitKind

    unit = Unit.objects.create(code="94-SNV", name="Sở Nội vụ", kind=UnitKind.DEPARTMENT, valid_from=dt.date(2020, 1, 1))
    path = tmp_path / "bo-tieu-chi.xlsx"
    path.write_bytes(xlsx(rows_with_codes_in_a_column()).getvalue())
    out, err = io.StringIO(), io.StringIO()
    call_command("import_criteria", str(path), "--save", "--unit", "94-SNV", "--level", "department",
                 "--year", "2025", stdout=out, stderr=err)
    stored = CriteriaSet.objects.get()
    assert (stored.unit, stored.level, stored.year, stored.title) == (unit, "department", 2025, EXPECTED["title"])
    nodes = EXPECTED["nodes"] + EXPECTED["bonus"] + EXPECTED["penalty"]
    assert sorted(stored.criteria.values_list("code", flat=True)) == sorted(node["code"] for node in nodes)
    assert out.getvalue() == ""
    assert err.getvalue().strip() == f"Đã lưu bộ tiêu chí #{stored.pk} (11 tiêu chí) cho Sở Nội vụ."


def test_the_command_needs_unit_level_and_year_to_save(tmp_path):
    path = tmp_path / "bo-tieu-chi.xlsx"
    path.write_bytes(xlsx(rows_with_codes_in_a_column()).getvalue())
    with pytest.raises(CommandError) as failed:
        call_command("import_criteria", str(path), "--save", "--unit", "94-SNV")
    assert str(failed.value) == "--save cần --unit MÃ_ĐƠN_VỊ, --level CẤP và --year NĂM."

