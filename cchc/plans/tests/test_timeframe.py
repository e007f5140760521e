"""Reading "Thời gian thực hiện" texts: every timeframe of seeds 001 and 003, the usual forms, and what must go to review."""

import json
import unicodedata
from datetime import date as D
from pathlib import Path

import pytest

from cchc.plans.timeframe import Recurrence, Timeframe, parse_timeframe

SEED_DATA = Path(__file__).resolve().parents[1] / "seed_data"
PLAN_YEAR = 2024

Q1 = (D(2024, 1, 1), D(2024, 3, 31))
Q2 = (D(2024, 4, 1), D(2024, 6, 30))
Q4 = (D(2024, 10, 1), D(2024, 12, 31))
YEAR_2024 = (D(2024, 1, 1), D(2024, 12, 31))
JANUARY_2024 = (D(2024, 1, 1), D(2024, 1, 31))
MARCH_2024 = (D(2024, 3, 1), D(2024, 3, 31))
DECEMBER_2024 = (D(2024, 12, 1), D(2024, 12, 31))


# Every distinct timeframe written in seeds 001 and 003 (whitespace collapsed) → (due, recurrence, periods).
SEED_TIMEFRAMES = {
    # seed 001
    "Năm 2024": (D(2024, 12, 31), None, [YEAR_2024]),
    "- Tháng 01/2024 - Định kỳ hàng quý và năm 2024": (
        D(2024, 12, 31),
        Recurrence.QUARTERLY,
        [JANUARY_2024, YEAR_2024],
    ),
    "Thường xuyên": (None, Recurrence.ONGOING, []),
    "Hàng quý và năm 2024": (D(2024, 12, 31), Recurrence.QUARTERLY, [YEAR_2024]),
    "- Tháng 01/2024 - Tháng 12/2024": (D(2024, 12, 31), None, [JANUARY_2024, DECEMBER_2024]),
    "- Tháng 3/2024 - Tháng 12/2024": (D(2024, 12, 31), None, [MARCH_2024, DECEMBER_2024]),
    "Tháng 12/2024": (D(2024, 12, 31), None, [DECEMBER_2024]),
    "Quý 4/2024": (D(2024, 12, 31), None, [Q4]),
    # seed 003 ("Thường xuyên" and "Năm 2024" are above)
    "Quý I/2024": (D(2024, 3, 31), None, [Q1]),
    "Trước ngày 15/01/2024": (D(2024, 1, 15), None, []),
    "Tháng 9/2024": (D(2024, 9, 30), None, [(D(2024, 9, 1), D(2024, 9, 30))]),
    "Tháng 12/2023": (D(2023, 12, 31), None, [(D(2023, 12, 1), D(2023, 12, 31))]),
    "Theo quy định": (None, Recurrence.AS_REGULATED, []),
    "Theo đúng lộ trình": (None, Recurrence.AS_REGULATED, []),
    "Quý IV/2024": (D(2024, 12, 31), None, [Q4]),
    "Theo quy định, yêu cầu": (None, Recurrence.AS_REGULATED, []),
}

# The same cells exactly as the PDF text dumps split them over lines (seed 001 also has decomposed accents).
RAW_DUMP_CELLS = {
    "- Tháng \n\n01/2024 \n\n-  Định kỳ \n\nhàng quý \n\nvà năm \n\n2024 ": "- Tháng 01/2024 - Định kỳ hàng quý và năm 2024",
    "Hàng quý \n\nvà năm \n\n2024 ": "Hàng quý và năm 2024",
    "- Tháng \n\n3/2024 \n\n \n\n \n\n \n\n- Tháng \n\n12/2024 ": "- Tháng 3/2024 - Tháng 12/2024",
    "Quý \n\n4/2024 ": "Quý 4/2024",
    "Thường \n\nxuyên ": "Thường xuyên",
    "Năm \n\n2024 ": "Năm 2024",
    "Trước ngày \n15/01/2024 ": "Trước ngày 15/01/2024",
    "Tháng \n9/2024 ": "Tháng 9/2024",
    "Theo quy \nđịnh ": "Theo quy định",
    "Theo  \nquy định ": "Theo quy định",
    "Theo đúng lộ \ntrình ": "Theo đúng lộ trình",
    "Theo quy \nđịnh, yêu cầu ": "Theo quy định, yêu cầu",
}

# The forms plans commonly write, beyond the seeds.
COMMON_FORMS = {
    "Quý I, II/2024": (D(2024, 6, 30), None, [Q1, Q2]),
    "Quý IV năm 2024": (D(2024, 12, 31), None, [Q4]),
    "Quý 1/2024": (D(2024, 3, 31), None, [Q1]),
    "Quý II": (D(2024, 6, 30), None, [Q2]),
    "Quý I và Quý II năm 2024": (D(2024, 6, 30), None, [Q1, Q2]),
    "Quý I - II/2024": (D(2024, 6, 30), None, [(D(2024, 1, 1), D(2024, 6, 30))]),
    "Tháng 3/2024": (D(2024, 3, 31), None, [MARCH_2024]),
    "tháng 3 năm 2024": (D(2024, 3, 31), None, [MARCH_2024]),
    "Tháng 2/2024": (D(2024, 2, 29), None, [(D(2024, 2, 1), D(2024, 2, 29))]),
    "Tháng 3, 6, 9, 12": (
        D(2024, 12, 31),
        None,
        [MARCH_2024, (D(2024, 6, 1), D(2024, 6, 30)), (D(2024, 9, 1), D(2024, 9, 30)), DECEMBER_2024],
    ),
    "Trước 15/12": (D(2024, 12, 15), None, []),
    "Chậm nhất ngày 30/6/2024": (D(2024, 6, 30), None, []),
    "ngày 15 tháng 01 năm 2024": (D(2024, 1, 15), None, []),
    "6 tháng đầu năm": (D(2024, 6, 30), None, [(D(2024, 1, 1), D(2024, 6, 30))]),
    "6 tháng cuối năm": (D(2024, 12, 31), None, [(D(2024, 7, 1), D(2024, 12, 31))]),
    "6 tháng đầu năm 2024": (D(2024, 6, 30), None, [(D(2024, 1, 1), D(2024, 6, 30))]),
    "9 tháng đầu năm": (D(2024, 9, 30), None, [(D(2024, 1, 1), D(2024, 9, 30))]),
    "Năm 2021 - 2025": (D(2025, 12, 31), None, [(D(2021, 1, 1), D(2025, 12, 31))]),
    "Từ tháng 3 đến tháng 6/2024": (D(2024, 6, 30), None, [(D(2024, 3, 1), D(2024, 6, 30))]),
    "Từ ngày 01/3/2024 đến ngày 30/6/2024": (D(2024, 6, 30), None, [(D(2024, 3, 1), D(2024, 6, 30))]),
    "Tháng 3/2024 - Tháng 6/2024": (D(2024, 6, 30), None, [(D(2024, 3, 1), D(2024, 6, 30))]),
    "Quý I/2024 (nếu có)": (D(2024, 3, 31), None, [Q1]),
    "Cả năm": (None, Recurrence.ONGOING, []),
    "Trong năm": (None, Recurrence.ONGOING, []),
    "Trong năm 2024": (D(2024, 12, 31), Recurrence.ONGOING, [YEAR_2024]),
    "Hàng quý": (None, Recurrence.QUARTERLY, []),
    "Hằng quý": (None, Recurrence.QUARTERLY, []),
    "Định kỳ hàng quý": (None, Recurrence.QUARTERLY, []),
    "Định kỳ hằng tháng": (None, Recurrence.MONTHLY, []),
    "Hàng tháng": (None, Recurrence.MONTHLY, []),
    "Định kỳ 6 tháng": (None, Recurrence.SEMIANNUAL, []),
    "6 tháng/lần": (None, Recurrence.SEMIANNUAL, []),
    "Hằng năm": (None, Recurrence.ANNUAL, []),
    "Hàng năm": (None, Recurrence.ANNUAL, []),
    "Định kỳ hàng quý, 6 tháng, năm": (None, Recurrence.QUARTERLY, []),
    "Theo kế hoạch của tỉnh": (None, Recurrence.AS_REGULATED, []),
    "Theo kế hoạch của UBND tỉnh": (None, Recurrence.AS_REGULATED, []),
    "Theo chỉ đạo": (None, Recurrence.AS_REGULATED, []),
    "Theo hướng dẫn của Sở Nội vụ": (None, Recurrence.AS_REGULATED, []),
    "Khi có yêu cầu": (None, Recurrence.AS_REGULATED, []),
    "Đột xuất": (None, Recurrence.AS_REGULATED, []),
}

# Texts the parser must not read: it sends them to a person instead of guessing.
UNREADABLE = {
    "": "empty timeframe",
    "   \n ": "empty timeframe",
    "Định kỳ": "no date, period or recurrence found",
    "Quý 5/2024": "unrecognised words: Quý, 5/2024",
    "Tháng 13/2024": "month 13 does not exist",
    "31/02/2024": "31/2/2024 is not a date",
    "Năm 2042": "year 2042 is far from the plan year 2024",
    "Tháng 12/2022": "year 2022 is far from the plan year 2024",
    "Trước tháng 6/2024": "unrecognised words: Trước",
    "Từ tháng 3/2024": "a range has a start but no end",
    "Tháng 6 - Tháng 3": "month range runs backwards",
    "Tháng 01/2024 đến": "a range has no end",
    "Hàng tuần": "unrecognised words: Hàng, tuần",
    "Sau khi có kết quả": "unrecognised words: Sau, khi, có, kết, quả",
    "Q1/2024": "unrecognised words: Q1/2024",
    "Báo cáo tháng": "unrecognised words: Báo, cáo, tháng",
    "Chậm nhất ngày 11 của tháng cuối kỳ báo cáo": "unrecognised words: Chậm, nhất, ngày, 11, của, tháng, cuối, kỳ, báo, cáo",
}


def _seed_timeframes() -> set[str]:
    texts = set()
    for name in ("seed_001.json", "seed_003.json"):
        plan = json.loads((SEED_DATA / name).read_text(encoding="utf-8"))
        texts |= {task["timeframe"] for area in plan["areas"] for task in area["tasks"]}
    return texts


def _assert_reads(text: str, expected: tuple) -> None:
    due, recurrence, periods = expected
    assert parse_timeframe(text, year=PLAN_YEAR) == Timeframe(
        text=text, due=due, recurrence=recurrence, periods=periods
    )


def test_the_table_lists_exactly_the_timeframes_of_seeds_001_and_003():
    assert _seed_timeframes() == set(SEED_TIMEFRAMES)


@pytest.mark.parametrize("text", sorted(SEED_TIMEFRAMES))
def test_it_reads_every_seed_timeframe(text):
    _assert_reads(text, SEED_TIMEFRAMES[text])


@pytest.mark.parametrize("raw", sorted(RAW_DUMP_CELLS))
def test_it_reads_cells_split_over_lines_like_their_joined_text(raw):
    _assert_reads(raw, SEED_TIMEFRAMES[RAW_DUMP_CELLS[raw]])


@pytest.mark.parametrize("text", sorted(COMMON_FORMS))
def test_it_reads_common_forms(text):
    _assert_reads(text, COMMON_FORMS[text])


@pytest.mark.parametrize("text", sorted(SEED_TIMEFRAMES) + sorted(COMMON_FORMS))
def test_decomposed_accents_read_the_same(text):
    decomposed = unicodedata.normalize("NFD", text)
    expected = SEED_TIMEFRAMES.get(text) or COMMON_FORMS[text]
    _assert_reads(decomposed, expected)


@pytest.mark.parametrize(
    ("without_accents", "text"),
    [
        ("Quy IV/2024", "Quý IV/2024"),
        ("Truoc ngay 15/01/2024", "Trước ngày 15/01/2024"),
        ("thuong xuyen", "Thường xuyên"),
        ("Dinh ky hang quy va nam 2024", "Hàng quý và năm 2024"),
        ("THEO QUY DINH", "Theo quy định"),
        ("Thang 9/2024", "Tháng 9/2024"),
        ("6 thang cuoi nam", "6 tháng cuối năm"),
    ],
)
def test_missing_accents_read_the_same(without_accents, text):
    expected = SEED_TIMEFRAMES.get(text) or COMMON_FORMS[text]
    _assert_reads(without_accents, expected)


def test_the_plan_year_fills_a_missing_year():
    assert parse_timeframe("Trước 15/12", year=2025).due == D(2025, 12, 15)
    assert parse_timeframe("Quý II", year=2025).periods == [(D(2025, 4, 1), D(2025, 6, 30))]
    assert parse_timeframe("Tháng 6", year=2025).due == D(2025, 6, 30)


def test_a_written_year_wins_over_the_plan_year():
    assert parse_timeframe("Tháng 12/2023", year=2024).due == D(2023, 12, 31)


def test_the_text_is_kept_as_written():
    raw = "Quý \n\n4/2024 "
    assert parse_timeframe(raw, year=PLAN_YEAR).text == raw


@pytest.mark.parametrize("text", sorted(UNREADABLE))
def test_it_sends_unreadable_text_to_review_without_guessing(text):
    assert parse_timeframe(text, year=PLAN_YEAR) == Timeframe(
        text=text, needs_review=True, reason=UNREADABLE[text]
    )


def test_recurrence_values_are_the_agreed_strings():
    assert [recurrence.value for recurrence in Recurrence] == [
        "ongoing",
        "monthly",
        "quarterly",
        "semiannual",
        "annual",
        "as_regulated",
    ]
    assert Recurrence.QUARTERLY == "quarterly"
