"""Word and PDF files written by a word processor import like the seed text they were made from."""

from __future__ import annotations

import pytest

from cchc.documents.tests.support import FILES, expected, file_draft, seed_draft

TASK_FIELDS = ("area_code", "number", "title", "products", "lead", "coordinators", "budget")


def _tasks(draft) -> list[dict]:
    rows = []
    for task in draft.to_json()["tasks"]:
        row = {key: task[key] for key in TASK_FIELDS}
        row["timeframe"] = task["timeframe"]["text"]
        rows.append(row)
    return rows


@pytest.mark.parametrize("seed", ["001", "003"])
def test_the_word_file_imports_the_same_tasks_as_the_text(seed):
    assert _tasks(file_draft(f"seed_{seed}.docx")) == _tasks(seed_draft(seed))


@pytest.mark.parametrize("seed", ["001", "003"])
def test_the_word_file_imports_the_same_plan_as_the_text(seed):
    from_word = file_draft(f"seed_{seed}.docx").to_json()
    from_text = seed_draft(seed).to_json()

    for key in ("issuer", "number", "title", "year", "issued_on", "place", "areas", "signer", "legal_bases"):
        assert from_word[key] == from_text[key], key
    assert [t["text"] for t in from_word["targets"]] == [t["text"] for t in from_text["targets"]]


def test_word_task_lines_point_at_table_rows():
    tasks = file_draft("seed_003.docx").tasks

    assert all(task.lines[0] == task.lines[1] for task in tasks)
    assert [task.lines[0] for task in tasks] == sorted(task.lines[0] for task in tasks)


def test_the_pdf_export_of_seed_001_joins_an_area_cell_split_by_a_page_break():
    draft = file_draft("seed_001.pdf")

    assert _tasks(draft) == _tasks(seed_draft("001"))
    assert [area.to_json() for area in draft.areas] == expected("001")["areas"]


def test_the_pdf_export_imports_the_table_across_pages():
    draft = file_draft("seed_003.pdf")
    wanted = expected("003")

    assert (draft.issuer, draft.year, draft.place) == ("Sở Xây dựng", 2024, "Nam Định")
    assert draft.to_json()["signer"] == wanted["signer"]
    assert [area.to_json() for area in draft.areas] == wanted["areas"]
    actual = _tasks(draft)
    assert len(actual) == 43
    same = sum(
        actual_task[key] == (want["timeframe"]["text"] if key == "timeframe" else want[key])
        for actual_task, want in zip(actual, wanted["tasks"], strict=True)
        for key in (*TASK_FIELDS, "timeframe")
    )
    assert same / (43 * (len(TASK_FIELDS) + 1)) >= 0.99  # PDF glyph spacing may differ ("NĐ-" → "N Đ-")


def test_the_generated_files_are_committed():
    assert {path.name for path in FILES.iterdir()} >= {
        "make_docx.py",
        "seed_001.docx",
        "seed_003.docx",
        "seed_001.pdf",
        "seed_003.pdf",
        "encrypted.pdf",
    }
