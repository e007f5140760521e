"""The fast working-day index agrees with WorkCalendar day by day."""

from datetime import date, datetime, timedelta

import pytest

from cchc.calendar.deadlines import DeadlineIndex
from cchc.calendar.workdays import WorkCalendar


@pytest.fixture(scope="module")
def pair():
    calendar = WorkCalendar.official()
    return calendar, DeadlineIndex(calendar)


@pytest.mark.parametrize("n", [-3, -1, 0, 1, 5, 15, 30])
def test_add_working_days_matches_the_calendar_every_day_of_2024_to_2026(pair, n):
    calendar, index = pair
    day = date(2024, 1, 1)
    while day <= date(2026, 12, 31):
        assert index.add_working_days(day, n) == calendar.add_working_days(day, n), day
        day += timedelta(days=1)


def test_working_days_between_matches_the_calendar(pair):
    calendar, index = pair
    start = date(2025, 1, 20)
    for offset in range(-40, 60):
        end = start + timedelta(days=offset)
        assert index.working_days_between(start, end) == calendar.working_days_between(start, end)


def test_a_dossier_received_before_tet_2025_is_due_after_it(pair):
    _, index = pair
    # Fri 24/01/2025 + 5 working days: Tết 25/01–02/02 is skipped → Mon 3, Tue 4, Wed 5, Thu 6, Fri 7/02.
    assert index.due_date(datetime(2025, 1, 24, 9, 0), 5, "working_day") == date(2025, 2, 7)


def test_hours_and_calendar_days_fall_back_to_the_calendar(pair):
    calendar, index = pair
    assert index.due_date(datetime(2025, 1, 24, 16, 0), 4, "working_hour") == date(2025, 2, 3)
    assert index.due_date(datetime(2025, 1, 20, 9, 0), 10, "calendar_day") == date(2025, 2, 3)


def test_working_hours_between_counts_sessions_of_working_days_only():
    index = DeadlineIndex(WorkCalendar.official())
    # Fri 07/03/2025 15:00 → Mon 10/03 09:00: Fri 15–17 (2 h) + Mon 08–09 (1 h).
    assert index.working_hours_between(datetime(2025, 3, 7, 15), datetime(2025, 3, 10, 9)) == 3
    # Fri 07/03 09:00 → Tue 11/03 10:00: Fri 7 h + Mon 8 h + Tue 2 h.
    assert index.working_hours_between(datetime(2025, 3, 7, 9), datetime(2025, 3, 11, 10)) == 17
    # Over Tết 2025: Fri 24/01 16:00 → Mon 03/02 09:00 = 1 h + 1 h; within the lunch break nothing.
    assert index.working_hours_between(datetime(2025, 1, 24, 16), datetime(2025, 2, 3, 9)) == 2
    assert index.working_hours_between(datetime(2025, 3, 7, 12, 10), datetime(2025, 3, 7, 12, 50)) == 0
    assert index.working_hours_between(datetime(2025, 3, 10, 9), datetime(2025, 3, 7, 9)) == 0
