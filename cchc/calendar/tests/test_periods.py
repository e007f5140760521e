"""Report windows and deadlines against 581/BNV-CCHC (reporting_regime.md §2) and seed 004."""

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from cchc.calendar.periods import (
    NATIONAL,
    SEED_004,
    DeadlinePolicy,
    PeriodKind,
    PeriodRule,
    ReportPeriod,
    adhoc_period,
    adjust_deadline,
    overlap_errors,
    overlapping,
    periods_for_year,
    validate_period,
)
from cchc.calendar.workdays import WorkCalendar

SEED_004_FILE = next(
    (Path(__file__).resolve().parents[3].parent / "shared" / "seeds").glob("004_*.txt"), None
)


def _rows(periods):
    return [(p.kind, p.data_from, p.data_to, p.deadline, p.label) for p in periods]


# -- national preset (581/BNV-CCHC) -----------------------------------------------------------------


def test_national_2024():
    assert _rows(periods_for_year(NATIONAL, 2024)) == [
        ("q1", date(2023, 12, 15), date(2024, 3, 14), date(2024, 3, 20), "Báo cáo quý I năm 2024"),
        ("h1", date(2023, 12, 15), date(2024, 6, 14), date(2024, 6, 20), "Báo cáo 6 tháng đầu năm 2024"),
        ("q3", date(2024, 6, 15), date(2024, 9, 14), date(2024, 9, 20), "Báo cáo quý III năm 2024"),
        ("year", date(2023, 12, 15), date(2024, 12, 14), date(2024, 12, 20), "Báo cáo năm 2024"),
    ]


def test_national_2025_moves_weekend_deadlines_to_monday():
    assert _rows(periods_for_year(NATIONAL, 2025)) == [
        ("q1", date(2024, 12, 15), date(2025, 3, 14), date(2025, 3, 20), "Báo cáo quý I năm 2025"),
        ("h1", date(2024, 12, 15), date(2025, 6, 14), date(2025, 6, 20), "Báo cáo 6 tháng đầu năm 2025"),
        # 20/09/2025 and 20/12/2025 are Saturdays.
        ("q3", date(2025, 6, 15), date(2025, 9, 14), date(2025, 9, 22), "Báo cáo quý III năm 2025"),
        ("year", date(2024, 12, 15), date(2025, 12, 14), date(2025, 12, 22), "Báo cáo năm 2025"),
    ]


def test_weekend_deadline_keeps_its_nominal_date():
    q3 = periods_for_year(NATIONAL, 2025)[2]
    assert q3.nominal_deadline == date(2025, 9, 20)
    assert q3.deadline == date(2025, 9, 22)
    assert q3.rule_code == "national-581-bnv-cchc"


def test_national_2026_sunday_and_saturday_deadlines():
    deadlines = [p.deadline for p in periods_for_year(NATIONAL, 2026)]
    # 20/03 Fri; 20/06 Sat → 22/06; 20/09 Sun → 21/09; 20/12 Sun → 21/12.
    assert deadlines == [date(2026, 3, 20), date(2026, 6, 22), date(2026, 9, 21), date(2026, 12, 21)]


def test_weekend_deadline_policies():
    for policy, expected in [
        (DeadlinePolicy.NEXT_WORKING_DAY, date(2025, 9, 22)),
        (DeadlinePolicy.PREVIOUS_WORKING_DAY, date(2025, 9, 19)),
        (DeadlinePolicy.AS_IS, date(2025, 9, 20)),
    ]:
        rule = replace(NATIONAL, deadline_policy=policy)
        assert periods_for_year(rule, 2025)[2].deadline == expected


def test_national_has_no_nine_month_report():
    assert [p.kind for p in periods_for_year(NATIONAL, 2024)] == ["q1", "h1", "q3", "year"]
    assert PeriodKind.M9 not in NATIONAL.kinds


# -- seed 004 preset (Trần Đề 2024) --------------------------------------------------------------------


def test_seed_004_2024_matches_the_plan_text():
    assert _rows(periods_for_year(SEED_004, 2024)) == [
        ("q1", date(2023, 12, 11), date(2024, 3, 10), date(2024, 3, 11), "Báo cáo quý I năm 2024"),
        ("h1", date(2023, 12, 11), date(2024, 6, 10), date(2024, 6, 11), "Báo cáo 6 tháng đầu năm 2024"),
        ("q3", date(2024, 6, 11), date(2024, 9, 10), date(2024, 9, 11), "Báo cáo quý III năm 2024"),
        ("year", date(2023, 12, 11), date(2024, 12, 10), date(2024, 12, 11), "Báo cáo năm 2024"),
    ]


def test_seed_004_2025():
    assert _rows(periods_for_year(SEED_004, 2025)) == [
        ("q1", date(2024, 12, 11), date(2025, 3, 10), date(2025, 3, 11), "Báo cáo quý I năm 2025"),
        ("h1", date(2024, 12, 11), date(2025, 6, 10), date(2025, 6, 11), "Báo cáo 6 tháng đầu năm 2025"),
        ("q3", date(2025, 6, 11), date(2025, 9, 10), date(2025, 9, 11), "Báo cáo quý III năm 2025"),
        ("year", date(2024, 12, 11), date(2025, 12, 10), date(2025, 12, 11), "Báo cáo năm 2025"),
    ]


@pytest.mark.skipif(SEED_004_FILE is None, reason="shared seeds not present")
def test_seed_004_windows_are_read_from_the_seed_itself():
    text = SEED_004_FILE.read_text(encoding="utf-8")
    assert "Thời hạn báo cáo chậm nhất ngày 11 của tháng cuối kỳ báo cáo" in text
    assert "9 tháng" not in text
    found = re.findall(
        r"Báo cáo ([^:]+): Thời gian chốt số liệu từ ngày (\d+)/(\d+)/(\d{4}) đến ngày (\d+)/(\d+)/(\d{4})",
        text,
    )
    windows = {
        title.strip(): (date(int(y1), int(m1), int(d1)), date(int(y2), int(m2), int(d2)))
        for title, d1, m1, y1, d2, m2, y2 in found
    }
    generated = {p.kind: (p.data_from, p.data_to) for p in periods_for_year(SEED_004, 2024)}
    assert windows == {
        "Quý I/2024": generated["q1"],
        "6 tháng đầu năm 2024": generated["h1"],
        "Quý III/2024": generated["q3"],
        "tổng hợp năm 2024": generated["year"],
    }


# -- rule mechanics --------------------------------------------------------------------------------


def test_nine_month_window_is_cumulative_when_enabled():
    rule = replace(NATIONAL, kinds=("q1", "h1", "q3", "m9", "year"))
    nine = [p for p in periods_for_year(rule, 2024) if p.kind == "m9"][0]
    assert (nine.data_from, nine.data_to, nine.deadline) == (
        date(2023, 12, 15),
        date(2024, 9, 14),
        date(2024, 9, 20),
    )
    assert nine.label == "Báo cáo 9 tháng năm 2024"


def test_end_of_month_cutoff_gives_calendar_windows():
    rule = PeriodRule(
        code="calendar",
        name_vi="Theo tháng dương lịch",
        source="test",
        kinds=("q1", "h1", "q3", "year"),
        cutoff_day=31,
        deadline_day=31,
    )
    assert [(p.data_from, p.data_to, p.nominal_deadline) for p in periods_for_year(rule, 2024)] == [
        (date(2024, 1, 1), date(2024, 3, 31), date(2024, 3, 31)),
        (date(2024, 1, 1), date(2024, 6, 30), date(2024, 6, 30)),
        (date(2024, 7, 1), date(2024, 9, 30), date(2024, 9, 30)),
        (date(2024, 1, 1), date(2024, 12, 31), date(2024, 12, 31)),
    ]
    # 31/03/2024 is a Sunday → Monday 01/04; 30/06/2024 Sunday → 01/07.
    assert [p.deadline for p in periods_for_year(rule, 2024)] == [
        date(2024, 4, 1),
        date(2024, 7, 1),
        date(2024, 9, 30),
        date(2024, 12, 31),
    ]


def test_deadline_on_a_holiday_moves_past_it():
    rule = PeriodRule(
        code="quoc-khanh", name_vi="Thử", source="test", kinds=("q3",), cutoff_day=1, deadline_day=2
    )
    # 02/09 is Quốc khánh: 2024 → 02 and 03/09 off → Wed 04/09; 2025 → Wed 03/09; 2026 → Thu 03/09.
    assert [periods_for_year(rule, y)[0].deadline for y in (2024, 2025, 2026)] == [
        date(2024, 9, 4),
        date(2025, 9, 3),
        date(2026, 9, 3),
    ]


def test_deadline_near_tet_2026():
    # 17/02/2026 is mùng 1 Tết; the break runs 14/02–22/02/2026.
    assert adjust_deadline(date(2026, 2, 17), "next_working_day") == date(2026, 2, 23)
    assert adjust_deadline(date(2026, 2, 17), "previous_working_day") == date(2026, 2, 13)
    assert adjust_deadline(date(2026, 2, 17), "as_is") == date(2026, 2, 17)


def test_deadline_near_tet_2025_with_a_package_only_calendar():
    calendar = WorkCalendar(years={2025})
    assert adjust_deadline(date(2025, 1, 28), DeadlinePolicy.NEXT_WORKING_DAY, calendar) == date(2025, 2, 3)
    assert adjust_deadline(date(2025, 1, 28), DeadlinePolicy.PREVIOUS_WORKING_DAY, calendar) == date(
        2025, 1, 24
    )


def test_new_year_bridge_2026_only_in_the_official_calendar():
    assert adjust_deadline(date(2026, 1, 2), "next_working_day") == date(2026, 1, 5)
    assert adjust_deadline(date(2026, 1, 2), "next_working_day", WorkCalendar()) == date(2026, 1, 2)


def test_working_day_deadline_is_unchanged():
    assert adjust_deadline(date(2024, 3, 20), "previous_working_day") == date(2024, 3, 20)


def test_invalid_rules_are_refused():
    with pytest.raises(ValueError):
        replace(NATIONAL, kinds=("q1", "adhoc"))
    with pytest.raises(ValueError):
        replace(NATIONAL, kinds=("q1", "q1"))
    with pytest.raises(ValueError):
        replace(NATIONAL, cutoff_day=0)
    with pytest.raises(ValueError):
        replace(NATIONAL, deadline_day=10)  # before the 14th cut-off
    with pytest.raises(ValueError):
        replace(NATIONAL, deadline_policy="whenever")
    with pytest.raises(ValueError):
        NATIONAL.window("adhoc", 2024)


# -- ad hoc periods ---------------------------------------------------------------------------------


def test_adhoc_period_near_tet():
    period = adhoc_period(
        data_from=date(2026, 1, 1),
        data_to=date(2026, 2, 10),
        deadline=date(2026, 2, 17),
        title="Kết quả số hóa hồ sơ",
    )
    assert period == ReportPeriod(
        kind=PeriodKind.ADHOC,
        year=2026,
        data_from=date(2026, 1, 1),
        data_to=date(2026, 2, 10),
        deadline=date(2026, 2, 23),
        label="Báo cáo đột xuất: Kết quả số hóa hồ sơ",
        nominal_deadline=date(2026, 2, 17),
        rule_code="adhoc",
    )


def test_adhoc_period_without_title_and_invalid():
    assert (
        adhoc_period(data_from=date(2025, 5, 5), data_to=date(2025, 5, 5), deadline=date(2025, 5, 5)).label
        == "Báo cáo đột xuất"
    )
    with pytest.raises(ValueError, match="không được trước ngày kết thúc chốt số liệu"):
        adhoc_period(data_from=date(2025, 5, 1), data_to=date(2025, 5, 10), deadline=date(2025, 5, 9))


# -- validation ------------------------------------------------------------------------------------


def test_valid_period_has_no_errors():
    assert validate_period(date(2023, 12, 15), date(2024, 3, 14), date(2024, 3, 20)) == []
    assert validate_period(date(2024, 3, 14), date(2024, 3, 14), date(2024, 3, 14)) == []


def test_inverted_window():
    assert validate_period(date(2024, 3, 14), date(2023, 12, 15), date(2024, 3, 20)) == [
        "Ngày bắt đầu chốt số liệu (14/03/2024) phải trước hoặc trùng ngày kết thúc chốt số liệu (15/12/2023)."
    ]


def test_deadline_before_the_window_ends():
    assert validate_period(date(2023, 12, 15), date(2024, 3, 14), date(2024, 3, 13)) == [
        "Thời hạn gửi báo cáo (13/03/2024) không được trước ngày kết thúc chốt số liệu (14/03/2024)."
    ]


def test_both_errors_and_missing_dates():
    assert validate_period(date(2024, 3, 14), date(2024, 1, 1), date(2023, 12, 31)) == [
        "Ngày bắt đầu chốt số liệu (14/03/2024) phải trước hoặc trùng ngày kết thúc chốt số liệu (01/01/2024).",
        "Thời hạn gửi báo cáo (31/12/2023) không được trước ngày kết thúc chốt số liệu (01/01/2024).",
    ]
    assert validate_period(None, None, None) == [
        "Chưa nhập ngày bắt đầu chốt số liệu.",
        "Chưa nhập ngày kết thúc chốt số liệu.",
        "Chưa nhập thời hạn gửi báo cáo.",
    ]


def test_previous_working_day_policy_can_move_the_deadline_into_the_window():
    # Seed 004 shape: cut-off on the 10th, deadline on the 11th.
    rule = replace(SEED_004, deadline_policy="previous_working_day")
    # 2023: 11/06/2023 is a Sunday → Friday 09/06, before the 10/06 cut-off.
    h1 = periods_for_year(rule, 2023)[1]
    assert (h1.data_to, h1.deadline) == (date(2023, 6, 10), date(2023, 6, 9))
    assert validate_period(h1.data_from, h1.data_to, h1.deadline) == [
        "Thời hạn gửi báo cáo (09/06/2023) không được trước ngày kết thúc chốt số liệu (10/06/2023)."
    ]


# -- overlaps --------------------------------------------------------------------------------------


def test_consecutive_generated_years_do_not_overlap():
    # Different kinds overlap by design (Q1 lies inside H1), so only the same kind is compared.
    assert overlapping(periods_for_year(NATIONAL, 2024) + periods_for_year(NATIONAL, 2025)) == []
    assert overlapping(periods_for_year(SEED_004, 2024) + periods_for_year(SEED_004, 2025)) == []


def test_two_rules_for_the_same_year_overlap_kind_by_kind():
    periods = periods_for_year(NATIONAL, 2024) + periods_for_year(SEED_004, 2024)
    assert [(a.kind, a.rule_code, b.rule_code) for a, b in overlapping(periods)] == [
        ("h1", "seed-004-tran-de-2024", "national-581-bnv-cchc"),
        ("q1", "seed-004-tran-de-2024", "national-581-bnv-cchc"),
        ("q3", "seed-004-tran-de-2024", "national-581-bnv-cchc"),
        ("year", "seed-004-tran-de-2024", "national-581-bnv-cchc"),
    ]


def test_same_kind_overlap_is_found():
    q1 = periods_for_year(NATIONAL, 2024)[0]
    shifted = ReportPeriod(
        kind=PeriodKind.Q1,
        year=2024,
        data_from=date(2024, 3, 1),
        data_to=date(2024, 5, 31),
        deadline=date(2024, 6, 5),
        label="Báo cáo quý I năm 2024 (bổ sung)",
        nominal_deadline=date(2024, 6, 5),
    )
    assert overlapping([shifted, q1]) == [(q1, shifted)]
    assert overlap_errors([shifted, q1]) == [
        "Kỳ báo cáo “Báo cáo quý I năm 2024” (15/12/2023 – 14/03/2024) trùng thời gian chốt số liệu với "
        "“Báo cáo quý I năm 2024 (bổ sung)” (01/03/2024 – 31/05/2024)."
    ]


def test_touching_windows_do_not_overlap_but_a_shared_day_does():
    first = adhoc_period(data_from=date(2025, 1, 1), data_to=date(2025, 1, 31), deadline=date(2025, 2, 5))
    next_day = adhoc_period(data_from=date(2025, 2, 1), data_to=date(2025, 2, 28), deadline=date(2025, 3, 5))
    same_day = adhoc_period(data_from=date(2025, 1, 31), data_to=date(2025, 2, 28), deadline=date(2025, 3, 5))
    assert overlapping([first, next_day, same_day]) == []  # ad hoc skipped by default
    assert overlapping([first, next_day], include_adhoc=True) == []
    assert overlapping([first, same_day], include_adhoc=True) == [(first, same_day)]
