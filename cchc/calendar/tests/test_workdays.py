"""Working-day arithmetic against hand-counted Vietnamese calendars (2024–2026).

Every expected date below was counted by hand on a calendar; comments show the count.
"""

import re
from datetime import date, datetime, time, timedelta, timezone

import holidays
import pytest

from cchc.calendar.workdays import (
    COUNTING_RULE_ID,
    OFFICIAL_SCHEDULES,
    DueDate,
    OfficialYearSchedule,
    TimeUnit,
    WorkCalendar,
    parse_time_unit,
)


@pytest.fixture(scope="module")
def official():
    return WorkCalendar.official()


@pytest.fixture(scope="module")
def package_only():
    return WorkCalendar(years={2024, 2025, 2026})


# -- what the holidays package gives (documented in the module docstring) ----------------------


def _package_dates(year, start, end):
    return sorted(d for d in holidays.country_holidays("VN", years=year) if start <= d <= end)


def test_package_gives_tet_2024_as_seven_dates_8_to_14_february():
    assert _package_dates(2024, date(2024, 1, 15), date(2024, 3, 1)) == [
        date(2024, 2, 8) + timedelta(days=i) for i in range(7)
    ]


def test_package_gives_tet_2025_as_six_dates_27_january_to_1_february():
    assert _package_dates(2025, date(2025, 1, 15), date(2025, 3, 1)) == [
        date(2025, 1, 27) + timedelta(days=i) for i in range(6)
    ]


def test_package_gives_tet_2026_as_five_dates_16_to_20_february():
    assert _package_dates(2026, date(2026, 1, 15), date(2026, 3, 1)) == [
        date(2026, 2, 16) + timedelta(days=i) for i in range(5)
    ]


def test_package_knows_the_swapped_saturdays_but_not_the_2026_new_year_swap():
    swapped = {
        d for d in holidays.country_holidays("VN", years=range(2024, 2027)).weekend_workdays if d.year >= 2024
    }
    assert swapped == {date(2024, 5, 4), date(2025, 4, 26), date(2026, 8, 22)}


def test_official_table_covers_every_weekday_the_package_gives_except_culture_day_2026():
    for year, schedule in OFFICIAL_SCHEDULES.items():
        package_weekdays = {d for d in holidays.country_holidays("VN", years=year) if d.weekday() < 5}
        table_weekdays = {d for d in schedule.dates_off() if d.weekday() < 5}
        missing = package_weekdays - table_weekdays
        extra = table_weekdays - package_weekdays
        if year == 2026:
            assert missing == {date(2026, 11, 24)}  # Ngày Văn hóa Việt Nam, UNCONFIRMED
            assert extra == {date(2026, 1, 2)}  # Tết Dương lịch bridge (12729/VPCP-KGVX)
        else:
            assert missing == set()
            assert extra == set()


def test_official_breaks_are_the_announced_ranges():
    assert (date(2025, 1, 25), date(2025, 2, 2)) in OFFICIAL_SCHEDULES[2025].days_off
    assert (date(2024, 2, 8), date(2024, 2, 14)) in OFFICIAL_SCHEDULES[2024].days_off
    assert (date(2026, 2, 14), date(2026, 2, 22)) in OFFICIAL_SCHEDULES[2026].days_off
    assert (
        len(OFFICIAL_SCHEDULES[2025].dates_off() & {date(2025, 1, 25) + timedelta(days=i) for i in range(9)})
        == 9
    )


def test_every_official_schedule_names_its_sources():
    for schedule in OFFICIAL_SCHEDULES.values():
        assert schedule.sources
        assert all(isinstance(s, str) and s for s in schedule.sources)


def test_an_inverted_range_in_a_schedule_is_refused():
    schedule = OfficialYearSchedule(
        year=2030, days_off=((date(2030, 2, 5), date(2030, 2, 1)),), working_days=(), sources=("x",)
    )
    with pytest.raises(ValueError, match="Inverted range"):
        schedule.dates_off()


# -- is_working_day ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 1, 24), True),  # Friday before Tết
        (date(2025, 1, 25), False),  # Saturday
        (date(2025, 1, 27), False),  # Tết
        (date(2025, 2, 3), True),  # back to work
        (date(2025, 4, 26), True),  # swapped Saturday
        (date(2025, 5, 2), False),  # bridge Friday
        (date(2025, 9, 1), False),
        (date(2025, 9, 3), True),
        (date(2026, 1, 2), False),  # Tết Dương lịch bridge (official only)
        (date(2026, 1, 10), True),  # Saturday worked for it (official only)
        (date(2026, 4, 27), False),  # nghỉ bù for Hùng Vương on Sunday 26/4
        (date(2026, 8, 22), True),
        (date(2026, 8, 31), False),
        (date(2026, 11, 24), False),  # package's Ngày Văn hóa Việt Nam
    ],
)
def test_is_working_day_official(official, day, expected):
    assert official.is_working_day(day) is expected


def test_package_only_calendar_misses_the_2026_new_year_swap(package_only):
    assert package_only.is_working_day(date(2026, 1, 2)) is True
    assert package_only.is_working_day(date(2026, 1, 10)) is False


def test_is_working_day_accepts_a_datetime(official):
    assert official.is_working_day(datetime(2025, 1, 27, 9, 0)) is False


def test_explicit_working_day_overrides_a_package_holiday():
    cal = WorkCalendar(extra_working_days={date(2026, 11, 24)})
    assert cal.is_working_day(date(2026, 11, 24)) is True


def test_explicit_day_off_overrides_a_package_swapped_saturday():
    cal = WorkCalendar(extra_days_off={date(2025, 4, 26)})
    assert cal.is_working_day(date(2025, 4, 26)) is False


def test_a_date_both_off_and_working_is_refused():
    with pytest.raises(ValueError, match="2025-03-03"):
        WorkCalendar(extra_days_off={date(2025, 3, 3)}, extra_working_days={date(2025, 3, 3)})


def test_datetimes_are_refused_in_adjustments():
    with pytest.raises(TypeError):
        WorkCalendar(extra_days_off={datetime(2025, 3, 3, 8, 0)})


def test_years_outside_the_preloaded_ones_load_on_demand():
    cal = WorkCalendar(years={2024})
    assert cal.is_working_day(date(2027, 9, 2)) is False  # Quốc khánh, Thursday
    assert cal.is_working_day(date(2023, 5, 1)) is False


# -- add_working_days ---------------------------------------------------------------------------


def test_due_date_across_tet_2025(official):
    # Received Fri 24/01; 25/01–02/02 off; day 1 = Mon 03/02 … day 5 = Fri 07/02.
    assert official.add_working_days(date(2025, 1, 24), 5) == date(2025, 2, 7)
    # Received Thu 23/01: day 1 = Fri 24/01, day 2 = Mon 03/02, day 3 = Tue 04/02.
    assert official.add_working_days(date(2025, 1, 23), 3) == date(2025, 2, 4)


def test_tet_2025_gives_the_same_weekdays_with_or_without_the_table(package_only):
    assert package_only.add_working_days(date(2025, 1, 24), 5) == date(2025, 2, 7)


def test_due_date_across_tet_2026(official):
    # Received Fri 13/02; 14/02–22/02 off; Mon 23 (1), Tue 24 (2), Wed 25/02 (3).
    assert official.add_working_days(date(2026, 2, 13), 3) == date(2026, 2, 25)
    # Received Wed 11/02: 12, 13, 23, 24, 25, 26, 27/02, 02, 03, 04/03 → day 10 = Wed 04/03.
    assert official.add_working_days(date(2026, 2, 11), 10) == date(2026, 3, 4)


def test_due_date_across_new_year_2026_differs_from_the_package(official, package_only):
    # 01/01 holiday, 02/01 bridge, 03–04/01 weekend → Mon 05/01.
    assert official.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 5)
    assert package_only.add_working_days(date(2025, 12, 31), 1) == date(2026, 1, 2)


def test_due_date_across_30_april_2025(official):
    # Received Tue 29/04; 30/04, 01/05, 02/05 (bridge), 03–04/05 off; Mon 05 (1), Tue 06 (2), Wed 07/05 (3).
    assert official.add_working_days(date(2025, 4, 29), 3) == date(2025, 5, 7)


def test_due_date_across_30_april_2024(official):
    # Received Fri 26/04; 27–28 weekend, 29/04 bridge, 30/04, 01/05 → Thu 02/05 (1), Fri 03/05 (2), Sat 04/05 (3, swapped).
    assert official.add_working_days(date(2024, 4, 26), 2) == date(2024, 5, 3)
    assert official.add_working_days(date(2024, 4, 26), 3) == date(2024, 5, 4)


def test_due_date_lands_on_a_swapped_saturday(official):
    assert official.add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)
    assert official.add_working_days(date(2026, 8, 21), 1) == date(2026, 8, 22)
    assert official.add_working_days(date(2026, 1, 9), 1) == date(2026, 1, 10)


def test_due_date_across_2_september(official):
    # 2024: 31/08–01/09 weekend, 02–03/09 holiday → Wed 04/09.
    assert official.add_working_days(date(2024, 8, 30), 1) == date(2024, 9, 4)
    # 2025: 30–31/08 weekend, 01–02/09 holiday → Wed 03/09.
    assert official.add_working_days(date(2025, 8, 29), 1) == date(2025, 9, 3)
    # 2026: 29–30/08 weekend, 31/08 bridge, 01–02/09 holiday → Thu 03/09.
    assert official.add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 3)


def test_reception_on_a_rest_day_counts_from_the_next_working_day(official):
    # Online dossier filed Sat 25/01/2025 with 1 working day: Mon 03/02.
    assert official.add_working_days(date(2025, 1, 25), 1) == date(2025, 2, 3)


def test_zero_working_days_is_the_same_day_or_the_next_working_day(official):
    assert official.add_working_days(date(2025, 2, 3), 0) == date(2025, 2, 3)
    assert official.add_working_days(date(2025, 1, 25), 0) == date(2025, 2, 3)


def test_negative_working_days_count_backwards(official):
    assert official.add_working_days(date(2025, 2, 3), -1) == date(2025, 1, 24)
    assert official.add_working_days(date(2025, 2, 7), -5) == date(2025, 1, 24)
    # From a rest day, day −1 is the last working day before it.
    assert official.add_working_days(date(2025, 2, 1), -1) == date(2025, 1, 24)


def test_add_working_days_accepts_a_datetime(official):
    assert official.add_working_days(datetime(2025, 1, 24, 16, 45), 5) == date(2025, 2, 7)


def test_an_empty_calendar_is_detected():
    every_day = {date(2030, 1, 1) + timedelta(days=i) for i in range(400)}
    cal = WorkCalendar(extra_days_off=every_day)
    with pytest.raises(ValueError, match="No working day"):
        cal.add_working_days(date(2030, 1, 1), 1)


# -- next / previous -----------------------------------------------------------------------------


def test_next_and_previous_working_day(official):
    assert official.next_working_day(date(2025, 1, 24)) == date(2025, 2, 3)
    assert official.previous_working_day(date(2025, 2, 3)) == date(2025, 1, 24)
    assert official.next_working_day(date(2025, 2, 3)) == date(2025, 2, 4)
    assert official.previous_working_day(date(2024, 5, 6)) == date(2024, 5, 4)  # swapped Saturday


def test_on_or_after_and_on_or_before(official):
    assert official.working_day_on_or_after(date(2026, 2, 17)) == date(2026, 2, 23)
    assert official.working_day_on_or_before(date(2026, 2, 17)) == date(2026, 2, 13)
    assert official.working_day_on_or_after(date(2026, 2, 13)) == date(2026, 2, 13)
    assert official.working_day_on_or_before(date(2026, 2, 13)) == date(2026, 2, 13)


# -- working_days_between and lateness ---------------------------------------------------------


def test_working_days_between_is_signed_and_excludes_the_start(official):
    assert official.working_days_between(date(2025, 1, 24), date(2025, 2, 7)) == 5
    assert official.working_days_between(date(2025, 2, 7), date(2025, 1, 24)) == -5
    assert official.working_days_between(date(2025, 2, 7), date(2025, 2, 7)) == 0
    assert official.working_days_between(date(2025, 1, 25), date(2025, 2, 2)) == 0  # all Tết
    assert official.working_days_between(date(2025, 1, 24), date(2025, 1, 27)) == 0
    assert official.working_days_between(date(2025, 1, 23), date(2025, 1, 24)) == 1


def test_working_days_between_round_trips_add_working_days(official):
    start = date(2025, 1, 20)
    for n in range(1, 30):
        assert official.working_days_between(start, official.add_working_days(start, n)) == n
        assert official.working_days_between(start, official.add_working_days(start, -n)) == -n


def test_working_days_in_a_whole_year(official, package_only):
    # 2024: 262 weekdays − 12 weekday holidays + Sat 04/05 = 251.
    assert official.working_days_between(date(2023, 12, 31), date(2024, 12, 31)) == 251
    # 2025: 261 weekdays − 12 (01/01, 27–31/01, 07/04, 30/04, 01/05, 02/05, 01/09, 02/09) + Sat 26/04 = 250.
    assert official.working_days_between(date(2024, 12, 31), date(2025, 12, 31)) == 250
    # 2026: 261 − 14 (01/01, 02/01, 16–20/02, 27/04, 30/04, 01/05, 31/08, 01/09, 02/09, 24/11) + 2 Saturdays = 249.
    assert official.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 249
    # The package alone: 261 − 13 + Sat 22/08 = 249 as well, with different days.
    assert package_only.working_days_between(date(2025, 12, 31), date(2026, 12, 31)) == 249


def test_lateness_count(official):
    due = date(2025, 2, 7)  # Friday
    assert official.working_days_late(due, date(2025, 2, 11)) == 2  # Mon 10, Tue 11
    assert official.working_days_late(due, date(2025, 2, 7)) == 0  # on the due date: on time
    assert official.working_days_late(due, date(2025, 2, 3)) == 0  # early
    assert official.working_days_late(due, date(2025, 2, 8)) == 1  # Saturday after: late, at least 1
    assert official.working_days_late(datetime(2025, 2, 7, 8), datetime(2025, 2, 11, 16)) == 2
    # Early by 4 working days, as a signed count.
    assert official.working_days_between(date(2025, 2, 3), due) == 4


def test_lateness_across_tet_2026(official):
    # Due Fri 13/02/2026, finished Tue 24/02/2026: Mon 23 and Tue 24 → 2 days late, not 11 calendar days.
    assert official.working_days_late(date(2026, 2, 13), date(2026, 2, 24)) == 2


# -- calendar days, months, hours ------------------------------------------------------------------


def test_add_calendar_days_rolls_a_rest_day_end_forward(official):
    assert official.add_calendar_days(date(2025, 1, 20), 7) == date(2025, 2, 3)  # 27/01 Tết → 03/02
    assert official.add_calendar_days(date(2025, 1, 20), 7, roll_rest_day=False) == date(2025, 1, 27)
    assert official.add_calendar_days(date(2025, 3, 3), 10) == date(2025, 3, 13)


def test_add_months(official):
    assert official.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)  # Friday
    assert official.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)  # leap year, Thursday
    assert official.add_months(date(2025, 11, 30), 3, roll_rest_day=False) == date(2026, 2, 28)
    assert official.add_months(date(2025, 11, 30), 3) == date(2026, 3, 2)  # Sat 28/02 → Mon 02/03
    assert official.add_months(date(2025, 3, 15), -2) == date(2025, 1, 15)


def test_add_working_hours_across_tet(official):
    # Fri 24/01 15:00: 2 h until 17:00, then Mon 03/02 08:00 + 2 h.
    assert official.add_working_hours(datetime(2025, 1, 24, 15, 0), 4) == datetime(2025, 2, 3, 10, 0)


def test_add_working_hours_skips_lunch_and_evenings(official):
    assert official.add_working_hours(datetime(2025, 3, 3, 11, 0), 2) == datetime(2025, 3, 3, 14, 0)
    assert official.add_working_hours(datetime(2025, 3, 3, 12, 30), 1) == datetime(2025, 3, 3, 14, 0)
    assert official.add_working_hours(datetime(2025, 3, 3, 18, 0), 1) == datetime(2025, 3, 4, 9, 0)
    assert official.add_working_hours(datetime(2025, 3, 3, 8, 0), 8) == datetime(2025, 3, 3, 17, 0)
    assert official.add_working_hours(datetime(2025, 3, 3, 16, 30), 0.5) == datetime(2025, 3, 3, 17, 0)
    assert official.add_working_hours(datetime(2025, 3, 3, 8, 0), 24) == datetime(2025, 3, 5, 17, 0)


def test_add_working_hours_edge_inputs(official):
    start = datetime(2025, 3, 1, 10, 0)  # Saturday
    assert official.add_working_hours(start, 0) == start
    assert official.add_working_hours(start, 2) == datetime(2025, 3, 3, 10, 0)
    with pytest.raises(ValueError):
        official.add_working_hours(start, -1)
    with pytest.raises(TypeError):
        official.add_working_hours(date(2025, 3, 3), 1)


def test_add_working_hours_keeps_the_timezone(official):
    ict = timezone(timedelta(hours=7))
    assert official.add_working_hours(datetime(2025, 3, 3, 16, 0, tzinfo=ict), 2) == datetime(
        2025, 3, 4, 9, 0, tzinfo=ict
    )


def test_custom_work_sessions():
    cal = WorkCalendar(work_sessions=((time(7, 0), time(11, 30)), (time(13, 30), time(17, 0))))
    assert cal.add_working_hours(datetime(2025, 3, 3, 11, 0), 1) == datetime(2025, 3, 3, 14, 0)


def test_bad_work_sessions_are_refused():
    with pytest.raises(ValueError):
        WorkCalendar(work_sessions=((time(12, 0), time(8, 0)),))
    with pytest.raises(ValueError):
        WorkCalendar(work_sessions=((time(8, 0), time(12, 0)), (time(11, 0), time(17, 0))))
    with pytest.raises(ValueError):
        WorkCalendar(work_sessions=())


# -- due dates with their rule ---------------------------------------------------------------------


def test_due_date_carries_its_rule(official):
    due = official.due_date(date(2025, 1, 24), 5, TimeUnit.WORKING_DAY)
    assert isinstance(due, DueDate)
    assert due.value == date(2025, 2, 7)
    assert due.rule_id == f"{COUNTING_RULE_ID}/working_day/{official.rule_id}"
    assert due.description == (
        "5 working day(s) counted from the day after 2025-01-24 "
        f"(BLDS 2015 Điều 147–148; calendar {official.rule_id})"
    )


def test_due_date_for_each_unit(official):
    assert official.due_date(datetime(2025, 1, 24, 15, 0), 4, "working_hour").value == datetime(
        2025, 2, 3, 10, 0
    )
    assert official.due_date(datetime(2025, 1, 24, 15, 0), 5, "working_day").value == date(2025, 2, 7)
    assert official.due_date(date(2025, 1, 20), 7, "calendar_day").value == date(2025, 2, 3)
    assert official.due_date(date(2025, 1, 31), 1, "month").value == date(2025, 2, 28)


def test_due_date_refuses_bad_input(official):
    with pytest.raises(ValueError):
        official.due_date(date(2025, 1, 24), -1, TimeUnit.WORKING_DAY)
    with pytest.raises(TypeError):
        official.due_date(date(2025, 1, 24), 4, TimeUnit.WORKING_HOUR)
    with pytest.raises(ValueError):
        official.due_date(date(2025, 1, 24), 4, "fortnight")


def test_rule_id_is_stable_and_changes_with_the_calendar(official):
    assert re.fullmatch(r"vn-official@[0-9a-f]{12}", official.rule_id)
    assert WorkCalendar.official().rule_id == official.rule_id
    corrected = WorkCalendar.official(
        schedules={**OFFICIAL_SCHEDULES, 2026: OfficialYearSchedule(2026, (), (), ("test",))}
    )
    assert corrected.rule_id != official.rule_id
    assert re.fullmatch(r"vn-statutory@[0-9a-f]{12}", WorkCalendar().rule_id)


def test_official_for_chosen_years_only(official):
    only_2025 = WorkCalendar.official([2025])
    assert only_2025.is_working_day(date(2026, 1, 2)) is True  # 2026 table not loaded
    assert only_2025.is_working_day(date(2025, 1, 27)) is False
    assert WorkCalendar.official([2031]).extra_days_off == frozenset()


def test_parse_time_unit():
    assert parse_time_unit("Ngày làm việc") is TimeUnit.WORKING_DAY
    assert parse_time_unit(" ngày ") is TimeUnit.CALENDAR_DAY
    assert parse_time_unit("Giờ") is TimeUnit.WORKING_HOUR
    assert parse_time_unit("Tháng") is TimeUnit.MONTH
    with pytest.raises(ValueError, match="Tuần"):
        parse_time_unit("Tuần")
