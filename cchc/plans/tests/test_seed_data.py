"""The hand-checked task tables of seeds 001 and 003 (seed_data/*.json): counts, codes, completeness, and agreement with the seed text."""

import json
import unicodedata
from pathlib import Path

import pytest

from cchc.plans.timeframe import parse_timeframe

SEED_DATA = Path(__file__).resolve().parents[1] / "seed_data"
SHARED = Path(__file__).resolve().parents[4] / "shared"  # ../shared next to the repository

# The standard reform areas of the glossary (Resolution 76/NQ-CP).
GLOSSARY_AREA_CODES = {
    "direction",
    "institutions",
    "procedures",
    "apparatus",
    "civil_service",
    "public_finance",
    "digital_government",
    "par_index",
    "emulation",
}

# file → (source, tasks, areas, area codes in the order the plan lists them)
PLANS = {
    "seed_001.json": (
        "001_f3dc751e0727d9a9.txt",
        22,
        [
            "institutions",
            "procedures",
            "apparatus",
            "civil_service",
            "public_finance",
            "digital_government",
            "direction",
        ],
    ),
    "seed_003.json": (
        "003_ca67c600700f827c.txt",
        43,
        [
            "institutions",
            "procedures",
            "apparatus",
            "civil_service",
            "public_finance",
            "digital_government",
            "par_index",
            "direction",
            "emulation",
        ],
    ),
}

# Seed timeframes allowed to need review, as (file, task number) → reason. Every one parses today.
EXPECTED_REVIEW: dict[tuple[str, str], str] = {}

# Texts the PDF dump cuts in two with other cells (and a page header) in between: (file, task number, field).
SPLIT_BY_PAGE_BREAK = {
    (
        "seed_003.json",
        "29",
        "title",
    ),  # "…tự chịu" | other cells, page header | "trách nhiệm về sử dụng biên chế…"
}


def _load(name: str) -> dict:
    return json.loads((SEED_DATA / name).read_text(encoding="utf-8"))


def _tasks(name: str) -> list[dict]:
    return [task for area in _load(name)["areas"] for task in area["tasks"]]


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


@pytest.mark.parametrize("name", sorted(PLANS))
def test_plan_header(name):
    plan = _load(name)
    assert plan["source"] == PLANS[name][0]
    assert plan["year"] == 2024
    assert plan["issuer"] and plan["title"]
    assert isinstance(plan["number"], str)


def test_seed_001_has_22_tasks_in_7_areas():
    plan = _load("seed_001.json")
    assert len(plan["areas"]) == 7
    assert len(_tasks("seed_001.json")) == 22


def test_seed_003_has_43_tasks_in_9_areas():
    plan = _load("seed_003.json")
    assert len(plan["areas"]) == 9
    assert len(_tasks("seed_003.json")) == 43


@pytest.mark.parametrize("name", sorted(PLANS))
def test_area_codes_are_glossary_codes_in_plan_order(name):
    codes = [area["code"] for area in _load(name)["areas"]]
    assert codes == PLANS[name][2]
    assert set(codes) <= GLOSSARY_AREA_CODES
    assert len(codes) == len(set(codes))


def test_the_area_codes_here_are_the_glossary_codes():
    glossary = SHARED / "GLOSSARY.md"
    if not glossary.exists():
        pytest.skip("../shared/GLOSSARY.md is not next to the repository")
    section = glossary.read_text(encoding="utf-8").split("## The standard reform areas", 1)[1]
    codes = {line.split("`")[1] for line in section.splitlines() if line.startswith("| `")}
    assert codes == GLOSSARY_AREA_CODES


def test_seed_001_numbering_restarts_in_each_area():
    for area in _load("seed_001.json")["areas"]:
        assert [task["number"] for task in area["tasks"]] == [
            str(n) for n in range(1, len(area["tasks"]) + 1)
        ]


def test_seed_003_numbers_tasks_1_to_43_in_areas_i_to_ix():
    plan = _load("seed_003.json")
    assert [area["local_number"] for area in plan["areas"]] == [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
    ]
    assert [task["number"] for task in _tasks("seed_003.json")] == [str(n) for n in range(1, 44)]
    assert [len(area["tasks"]) for area in plan["areas"]] == [8, 10, 6, 4, 2, 3, 2, 6, 2]


@pytest.mark.parametrize("name", sorted(PLANS))
def test_every_task_has_a_title_a_lead_and_a_timeframe(name):
    for task in _tasks(name):
        assert set(task) == {"number", "title", "products", "lead", "coordinators", "timeframe", "budget"}
        assert task["title"] and task["lead"] and task["timeframe"], task["number"]
        assert isinstance(task["products"], list) and isinstance(task["coordinators"], list)
        assert isinstance(task["budget"], str)


@pytest.mark.parametrize("name", sorted(PLANS))
def test_every_timeframe_parses_without_review(name):
    year = _load(name)["year"]
    for task in _tasks(name):
        result = parse_timeframe(task["timeframe"], year=year)
        expected = (name, task["number"]) in EXPECTED_REVIEW
        assert result.needs_review is expected, (task["number"], task["timeframe"], result.reason)
        if not result.needs_review:
            assert result.due is not None or result.recurrence is not None


@pytest.mark.parametrize("name", sorted(PLANS))
def test_text_is_nfc_with_whitespace_collapsed(name):
    for text in _strings(_load(name)):
        assert text == unicodedata.normalize("NFC", text)
        assert text == " ".join(text.split())
        assert not text.endswith(";"), text  # list separators of the PDF cells are not part of the text


@pytest.mark.parametrize("name", sorted(PLANS))
def test_fields_are_transcribed_from_the_seed_text(name):
    """Every title, product, unit, timeframe and budget is a piece of the seed's own text."""
    seed = SHARED / "seeds" / PLANS[name][0]
    if not seed.exists():
        pytest.skip("../shared/seeds is not next to the repository")
    source = " ".join(unicodedata.normalize("NFC", seed.read_text(encoding="utf-8")).split())
    for area in _load(name)["areas"]:
        assert area["title"] in source
        for task in area["tasks"]:
            fields = {
                "title": [task["title"]],
                "products": task["products"],
                "lead": [task["lead"]],
                "coordinators": task["coordinators"],
                "timeframe": [task["timeframe"]],
                "budget": [task["budget"]] if task["budget"] else [],
            }
            for field, texts in fields.items():
                if (name, task["number"], field) in SPLIT_BY_PAGE_BREAK:
                    continue
                for text in texts:
                    assert text in source, (task["number"], field, text)


def test_page_split_title_of_seed_003_task_29_is_both_halves_of_the_seed_text():
    seed = SHARED / "seeds" / PLANS["seed_003.json"][0]
    if not seed.exists():
        pytest.skip("../shared/seeds is not next to the repository")
    source = " ".join(unicodedata.normalize("NFC", seed.read_text(encoding="utf-8")).split())
    title = next(task["title"] for task in _tasks("seed_003.json") if task["number"] == "29")
    first, second = title.split(" trách nhiệm về sử dụng", 1)
    assert first in source
    assert "trách nhiệm về sử dụng" + second in source
