"""extract_plan against the hand-checked expectations of the five seed plans, field by field."""

from __future__ import annotations

import io
import sys
import time
from collections import Counter

import docx
import pytest

from cchc.documents.errors import DocumentError
from cchc.documents.extraction import extract_plan
from cchc.documents.hooks import parse_target_hook, parse_timeframe_hook
from cchc.documents.readers import read_document
from cchc.documents.tests.support import SEED_IDS, expected, seed_bytes, seed_draft, seed_path

PLAN_KEYS = ("issuer", "number", "title", "year", "issued_on", "place", "signer")


@pytest.mark.parametrize("seed", SEED_IDS)
@pytest.mark.parametrize("key", PLAN_KEYS)
def test_plan_identity_matches_the_expectation(seed, key):
    assert seed_draft(seed).to_json()[key] == expected(seed)[key]


@pytest.mark.parametrize("seed", SEED_IDS)
def test_legal_bases_match_the_expectation(seed):
    actual = seed_draft(seed).to_json()["legal_bases"]
    wanted = expected(seed)["legal_bases"]

    assert [{key: basis[key] for key in wanted[0]} for basis in actual] == wanted


@pytest.mark.parametrize("seed", SEED_IDS)
def test_areas_match_the_expectation(seed):
    assert seed_draft(seed).to_json()["areas"] == expected(seed)["areas"]


@pytest.mark.parametrize("seed", SEED_IDS)
def test_every_task_matches_the_expectation_field_by_field(seed):
    actual = seed_draft(seed).to_json()["tasks"]
    wanted = expected(seed)["tasks"]

    assert len(actual) == len(wanted)
    for index, (task, want) in enumerate(zip(actual, wanted, strict=True)):
        for key, value in want.items():
            got = {"text": task["timeframe"]["text"]} if key == "timeframe" else task[key]
            assert got == value, f"seed {seed} task {index + 1} ({want['lines']}) field {key}"


@pytest.mark.parametrize("seed", SEED_IDS)
def test_targets_match_the_expectation(seed):
    actual = [target["text"] for target in seed_draft(seed).to_json()["targets"]]

    assert actual == [target["text"] for target in expected(seed)["targets"]]


def test_seed_001_has_22_table_tasks_numbered_afresh_in_each_area():
    tasks = seed_draft("001").tasks

    assert len(tasks) == 22
    numbers: dict[str, list[str]] = {}
    for task in tasks:
        numbers.setdefault(task.area_code, []).append(task.number)
    assert numbers == {
        "institutions": ["1", "2", "3", "4"],
        "procedures": ["1", "2", "3"],
        "apparatus": ["1", "2"],
        "civil_service": ["1", "2"],
        "public_finance": ["1", "2", "3"],
        "digital_government": ["1", "2", "3"],
        "direction": ["1", "2", "3", "4", "5"],
    }


def test_seed_003_has_43_tasks_in_9_areas():
    draft = seed_draft("003")

    assert len(draft.tasks) == 43
    assert [area.code for area in draft.areas] == [
        "institutions", "procedures", "apparatus", "civil_service", "public_finance",
        "digital_government", "par_index", "direction", "emulation",
    ]  # fmt: skip
    assert {task.area_code for task in draft.tasks} == {area.code for area in draft.areas}


def test_budget_cells_give_the_source_of_funding_without_the_columns_label():
    # the demo city's import read "Kinh phí Thường xuyên": "Kinh phí" is the column's label repeated in each cell
    budgets = Counter(task.budget for task in seed_draft("003").tasks)
    assert budgets == {"Thường xuyên": 41, "Thường xuyên, đào tạo": 1, "Đào tạo": 1}


def test_a_cell_continued_after_a_repeated_page_header_joins_its_row():
    task = seed_draft("003").tasks[5]  # task 6: "quyết định, báo cáo" is on the next page

    assert task.products == ["Các kế hoạch", "Thông báo", "Quyết định", "Báo cáo"]
    assert task.lines == (673, 714)


def test_bullet_seeds_take_tasks_from_every_area():
    assert [len(seed_draft(seed).tasks) for seed in ("000", "002", "004")] == [33, 38, 28]


def test_narrative_sections_are_kept_by_kind():
    sections = seed_draft("000").sections

    assert set(sections) == {"purpose", "requirements", "goals", "tasks", "organisation"}
    assert sections["purpose"].startswith("- Nâng cao hiệu quả, trách nhiệm của công chức")
    assert sections["goals"].startswith("1. Phấn đấu giải quyết trước hạn")
    assert seed_draft("002").sections["budget"].startswith("Kinh phí thực hiện các nhiệm vụ")


def test_with_a_task_table_the_area_narrative_goes_to_the_tasks_section():
    text = seed_draft("003").sections["tasks"]

    assert "1. Công tác chỉ đạo, điều hành CCHC" in text
    assert "- Giám đốc Sở trực tiếp phụ trách" in text


def test_blank_number_and_day_are_marked_uncertain():
    draft = seed_draft("003")

    assert draft.number is None and draft.issued_on is None and draft.place == "Nam Định"
    assert {"number", "issued_on"} <= set(draft.uncertain)


def test_a_missing_signer_name_is_marked_uncertain():
    assert "signer.name" in seed_draft("001").uncertain
    assert "signer.name" not in seed_draft("000").uncertain


def test_a_lead_cell_with_two_units_is_kept_as_written_and_marked():
    task = seed_draft("003").tasks[29]

    assert task.lead == "Văn phòng Sở; Các đơn vị trực thuộc Sở"
    assert "lead" in task.uncertain
    assert seed_draft("003").tasks[28].uncertain == []


def test_to_json_has_exactly_the_agreed_keys():
    data = seed_draft("003").to_json()

    assert list(data) == [
        "issuer", "number", "title", "year", "issued_on", "place", "legal_bases", "sections",
        "areas", "tasks", "targets", "signer", "uncertain",
    ]  # fmt: skip
    assert list(data["tasks"][0]) == [
        "area_code", "number", "title", "products", "lead", "coordinators", "timeframe", "budget",
        "lines", "uncertain",
    ]  # fmt: skip
    assert list(data["tasks"][0]["timeframe"]) == ["text", "due", "recurrence"]
    assert list(data["targets"][0]) == ["text", "metric", "comparator", "value", "unit", "metric_code"]
    assert list(data["legal_bases"][0]) == ["kind", "number", "date", "issuer", "title", "text"]
    assert list(data["signer"]) == ["name", "title"]


@pytest.mark.parametrize("seed", SEED_IDS)
def test_extraction_takes_under_a_second(seed):
    data = seed_bytes(seed)
    started = time.perf_counter()
    extract_plan(read_document(data, seed_path(seed).name))

    assert time.perf_counter() - started < 1.0


# --------------------------------------------------------------------------- repeated task numbers


def test_a_number_repeated_within_an_area_of_a_text_table_is_an_error_naming_the_line():
    lines = seed_bytes("003").decode().split("\n")
    assert lines[604].strip() == "2"
    lines[604] = "1 "

    with pytest.raises(DocumentError) as caught:
        extract_plan(read_document("\n".join(lines).encode(), "003.txt"))

    assert caught.value.line == 605
    assert "Nhiệm vụ số 1 bị lặp lại" in caught.value.message and "Cải cách thể chế" in caught.value.message


def _word_plan(rows: list[list[str]]) -> bytes:
    word = docx.Document()
    word.add_paragraph("KẾ HOẠCH")
    word.add_paragraph("Cải cách hành chính năm 2024")
    table = word.add_table(rows=len(rows) + 1, cols=5)
    for cell, text in zip(
        table.rows[0].cells, ["STT", "Nhiệm vụ", "Sản phẩm", "Đơn vị chủ trì", "Thời gian"], strict=True
    ):
        cell.text = text
    for row, values in zip(table.rows[1:], rows, strict=True):
        if len(values) == 2:
            row.cells[0].text = values[0]
            row.cells[1].merge(row.cells[4]).text = values[1]
            continue
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def test_a_number_repeated_within_an_area_of_a_word_table_is_an_error_naming_the_row():
    data = _word_plan(
        [
            ["I", "Cải cách thể chế"],
            ["1", "Rà soát văn bản", "Báo cáo", "Văn phòng", "Quý I/2024"],
            ["1", "Theo dõi thi hành pháp luật", "Kế hoạch", "Văn phòng", "Năm 2024"],
        ]
    )

    with pytest.raises(DocumentError) as caught:
        extract_plan(read_document(data, "lap.docx"))

    assert caught.value.row == 4  # the header is row 1


def test_numbering_may_restart_in_each_area_of_a_word_table():
    data = _word_plan(
        [
            ["I", "Cải cách thể chế"],
            ["1", "Rà soát văn bản", "Báo cáo", "Văn phòng", "Quý I/2024"],
            ["II", "Cải cách thủ tục hành chính"],
            ["1", "Công bố thủ tục hành chính", "Quyết định", "Văn phòng", "Thường xuyên"],
        ]
    )

    draft = extract_plan(read_document(data, "ok.docx"))

    assert [(task.area_code, task.number, task.title) for task in draft.tasks] == [
        ("institutions", "1", "Rà soát văn bản"),
        ("procedures", "1", "Công bố thủ tục hành chính"),
    ]
    assert [area.to_json() for area in draft.areas] == [
        {"local_number": "I", "title": "Cải cách thể chế", "code": "institutions"},
        {"local_number": "II", "title": "Cải cách thủ tục hành chính", "code": "procedures"},
    ]


# --------------------------------------------------------------------------- hooks


def test_the_timeframe_hook_keeps_raw_text_without_the_plans_parser(monkeypatch):
    monkeypatch.setitem(sys.modules, "cchc.plans.timeframe", None)

    result = parse_timeframe_hook("Quý I/2024", year=2024)

    assert (result.text, result.due, result.recurrence, result.needs_review) == (
        "Quý I/2024",
        None,
        None,
        False,
    )


def test_the_target_hook_keeps_raw_text_without_the_plans_parser(monkeypatch):
    monkeypatch.setitem(sys.modules, "cchc.plans.targets", None)

    result = parse_target_hook("Phấn đấu 100% hồ sơ đúng hạn")

    assert (result.text, result.metric, result.value) == ("Phấn đấu 100% hồ sơ đúng hạn", None, None)


def test_the_hooks_use_the_plans_parsers_when_they_exist():
    pytest.importorskip("cchc.plans.timeframe")
    pytest.importorskip("cchc.plans.targets")

    timeframe = parse_timeframe_hook("Quý I/2024", year=2024)
    target = parse_target_hook("Phấn đấu giải quyết đúng hạn từ 95% trở lên số hồ sơ")

    assert timeframe.due == "2024-03-31"
    assert (target.comparator, target.value, target.unit) == (">=", 95.0, "%")


def test_a_failing_parser_marks_the_timeframe_for_review(monkeypatch):
    module = pytest.importorskip("cchc.plans.timeframe")

    def broken(text, *, year):
        raise ValueError("bug")

    monkeypatch.setattr(module, "parse_timeframe", broken)

    assert parse_timeframe_hook("Năm 2024", year=2024).needs_review


# --------------------------------------------------------------------------- other layouts

SMALL_PLAN = """UBND HUYỆN A
KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025
Căn cứ Kế hoạch số 12/KH-UBND ngày 05/01/2025 của UBND tỉnh về cải cách hành chính năm 2025;
Phòng Nội vụ ban hành Kế hoạch như sau:
I. NHIỆM VỤ
1. Cải cách thể chế
- Rà soát văn bản quy phạm pháp luật.
2. Cải cách thủ tục hành chính
- Công khai 100% thủ tục hành chính; giải quyết đúng hạn từ 98% trở lên hồ sơ.
II. TỔ CHỨC THỰC HIỆN
Các phòng thực hiện.
Nơi nhận:      TRƯỞNG PHÒNG
- Như trên;
- Lưu VT.      Nguyễn Văn An
PHỤ LỤC
Nội dung phụ lục.
"""


def test_a_small_plan_with_a_one_line_title_and_an_appendix_after_the_signature():
    draft = extract_plan(read_document(SMALL_PLAN.encode(), "nho.txt")).to_json()

    assert (draft["title"], draft["year"], draft["issuer"]) == (
        "CẢI CÁCH HÀNH CHÍNH NĂM 2025",
        2025,
        "Phòng Nội vụ",
    )
    assert draft["signer"] == {"name": "Nguyễn Văn An", "title": "TRƯỞNG PHÒNG"}
    assert draft["legal_bases"][0] | {"text": None} == {
        "kind": "plan",
        "number": "12/KH-UBND",
        "date": "2025-01-05",
        "issuer": "UBND tỉnh",
        "title": "cải cách hành chính năm 2025",
        "text": None,
    }
    assert [(task["area_code"], task["title"]) for task in draft["tasks"]] == [
        ("institutions", "Rà soát văn bản quy phạm pháp luật"),
        ("procedures", "Công khai 100% thủ tục hành chính; giải quyết đúng hạn từ 98% trở lên hồ sơ"),
    ]
    assert [target["text"] for target in draft["targets"]] == [
        "Công khai 100% thủ tục hành chính",
        "giải quyết đúng hạn từ 98% trở lên hồ sơ",
    ]


def test_word_list_paragraphs_numbered_by_word_itself_become_areas_and_tasks():
    word = docx.Document()
    for text, style in [
        ("KẾ HOẠCH", None),
        ("Cải cách hành chính năm 2024", None),
        ("Sở Y tế ban hành kế hoạch như sau:", None),
        ("II. NHIỆM VỤ", None),
        ("Cải cách thể chế", "List Number"),
        ("Rà soát, hệ thống hóa văn bản quy phạm pháp luật.", "List Bullet"),
        ("Xây dựng và phát triển Chính quyền điện tử, Chính quyền số", "List Number"),
        ("Duy trì hệ thống quản lý chất lượng ISO 9001:2015.", "List Bullet"),
        ("Số hóa 100% hồ sơ, kết quả giải quyết thủ tục hành chính.", "List Bullet"),
    ]:
        word.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    word.save(buffer)

    draft = extract_plan(read_document(buffer.getvalue(), "ds.docx"))

    assert draft.issuer == "Sở Y tế"
    assert [(area.code, area.title) for area in draft.areas] == [
        ("institutions", "Cải cách thể chế"),
        ("digital_government", "Xây dựng và phát triển Chính quyền điện tử, Chính quyền số"),
    ]
    assert [(task.area_code, task.title) for task in draft.tasks] == [
        ("institutions", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật"),
        ("digital_government", "Duy trì hệ thống quản lý chất lượng ISO 9001:2015"),
        ("digital_government", "Số hóa 100% hồ sơ, kết quả giải quyết thủ tục hành chính"),
    ]


def test_a_repeated_number_without_any_area_heading_is_flagged_not_refused():
    data = _word_plan(
        [
            ["1", "Rà soát văn bản", "Báo cáo", "Văn phòng", "Quý I/2024"],
            ["1", "Theo dõi thi hành pháp luật", "Kế hoạch", "Văn phòng", "Năm 2024"],
        ]
    )

    draft = extract_plan(read_document(data, "khong-linh-vuc.docx"))

    assert [task.number for task in draft.tasks] == ["1", "1"]
    assert "number" in draft.tasks[1].uncertain and "area_code" in draft.tasks[1].uncertain


def test_an_empty_document_gives_an_empty_draft_marked_uncertain():
    from cchc.documents.readers import Document

    draft = extract_plan(Document(format="text", filename="rong.txt"))

    assert draft.tasks == [] and draft.title is None
    assert {"title", "year", "tasks", "issuer"} <= set(draft.uncertain)


def test_a_page_whose_repeated_header_is_misread_in_one_column_carries_on_the_table():
    """A scan reads each copy of the header differently: the "STT" of page 2 comes out as stray letters,
    and only one numbered row stands under it. The page still continues the table: its first row goes
    on with the last task of page 1, and its number column is still the number column."""
    from cchc.documents.readers import Cell, Document, Row, Table

    def table(page, line, *rows):
        built = tuple(Row(cells=tuple(Cell(text, merged=merged) for text, merged in row), line=line + index, page=page,
                          starts_page=index == 0) for index, row in enumerate(rows))
        return Table(rows=built, line=line, page=page, wrapped_cells=True)

    def plain(*texts):
        return [(text, False) for text in texts]

    header = ("Nhiệm vụ", "Sản phẩm", "Đơn vị chủ trì", "Thời gian thực hiện")
    document = Document(format="pdf", filename="ban-quet.pdf", blocks=[
        table(1, 1, plain("STT", *header), [("I", False)] + [("Cải cách thể chế", True)] * 4,
              plain("1", "Rà soát văn bản quy\nphạm", "Báo cáo", "Văn phòng Sở", "Năm 2024")),
        table(2, 4, plain("Sx bí", *header), plain("", "pháp luật", "", "", ""),
              plain("2", "Xây dựng kế hoạch", "Kế hoạch", "Văn phòng Sở", "Quý I/2024")),
    ])

    draft = extract_plan(document)

    assert [(task.number, task.title, task.lead, task.timeframe.text) for task in draft.tasks] == [
        ("1", "Rà soát văn bản quy phạm pháp luật", "Văn phòng Sở", "Năm 2024"),
        ("2", "Xây dựng kế hoạch", "Văn phòng Sở", "Quý I/2024"),
    ]


def test_headers_name_the_same_columns_when_one_leaves_a_column_unnamed_or_reads_it_alike():
    from cchc.documents.tasktables import same_columns

    header = ["STT", "Nhiệm vụ", "Sản phẩm", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"]
    roles = ["number", "title", "products", "lead", "coordinators", "timeframe"]
    misread = ["Sx bí", "Nhiệm vụ", "Sản phẩm", "Đơn vị chủ trì", "Đơn vi phối hơn", "Thời gian"]
    misread_roles = [None, "title", "products", "lead", "notes", "timeframe"]
    assert same_columns(misread, misread_roles, header, roles) == roles
    assert same_columns(header, roles, misread, misread_roles) == ["number", *misread_roles[1:]]
    swapped = ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Sản phẩm", "Đơn vị phối hợp", "Thời gian"]
    swapped_roles = ["number", "title", "lead", "products", "coordinators", "timeframe"]
    assert same_columns(swapped, swapped_roles, header, roles) is None
    assert same_columns(header[:5], roles[:5], header, roles) is None
