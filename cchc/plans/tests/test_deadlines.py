"""Due dates in working days across Tết, reminder steps and task periods."""

from datetime import date

from cchc.calendar.workdays import WorkCalendar
from cchc.plans.deadlines import (
    PeriodSpec,
    effective_due,
    is_late,
    reminder_step,
    task_periods,
    working_days_left,
)

# Pure tests: the official 2024–2026 schedules, the same days as the administrator's calendar loaded by
# ``procedures`` migration 0002 (``cchc/calendar/tests`` checks they agree).
CAL = WorkCalendar.official()


def test_a_due_date_in_the_tet_2025_break_moves_to_the_first_working_day_after_it():
    # "Tháng 01/2025" ends on Friday 31/01/2025, inside the Tết break (25/01–02/02/2025).
    assert effective_due(date(2025, 1, 31), CAL) == date(2025, 2, 3)
    assert not is_late(date(2025, 1, 31), date(2025, 2, 3), CAL)
    assert is_late(date(2025, 1, 31), date(2025, 2, 4), CAL)


def test_working_days_left_skip_the_tet_2026_break():
    # Tết 2026: Monday 16/02 – Friday 20/02 off; due Tuesday 24/02/2026.
    assert working_days_left(date(2026, 2, 24), date(2026, 2, 13), CAL) == 2
    assert working_days_left(date(2026, 2, 24), date(2026, 2, 25), CAL) == -1


def test_reminder_steps_come_in_order_and_in_working_days():
    due = date(2025, 2, 7)  # Friday after Tết 2025
    assert reminder_step(due, date(2025, 1, 17), CAL) is None  # 10 working days left (Tết not counted)
    assert reminder_step(due, date(2025, 1, 24), CAL) == ("due_soon", 5)  # 14 calendar days, 5 working days
    assert reminder_step(due, date(2025, 2, 6), CAL) == ("due_soon", 1)
    assert reminder_step(due, date(2025, 2, 7), CAL) == ("due_soon", 1)
    assert reminder_step(due, date(2025, 2, 8), CAL) is None  # Saturday: not yet a working day late
    assert reminder_step(due, date(2025, 2, 10), CAL) == ("overdue", 1)
    assert reminder_step(due, date(2025, 2, 14), CAL) == ("escalation", 5)


def test_a_quarterly_task_has_four_periods():
    assert task_periods("quarterly", None, 2024) == [
        PeriodSpec("Quý I/2024", date(2024, 1, 1), date(2024, 3, 31)),
        PeriodSpec("Quý II/2024", date(2024, 4, 1), date(2024, 6, 30)),
        PeriodSpec("Quý III/2024", date(2024, 7, 1), date(2024, 9, 30)),
        PeriodSpec("Quý IV/2024", date(2024, 10, 1), date(2024, 12, 31)),
    ]


def test_monthly_half_yearly_and_yearly_periods():
    months = task_periods("monthly", None, 2024)
    assert len(months) == 12
    assert months[1] == PeriodSpec("Tháng 2/2024", date(2024, 2, 1), date(2024, 2, 29))
    assert [p.label for p in task_periods("semiannual", None, 2024)] == ["6 tháng đầu năm 2024", "6 tháng cuối năm 2024"]
    assert task_periods("annual", date(2024, 12, 15), 2024) == [PeriodSpec("Năm 2024", date(2024, 1, 1), date(2024, 12, 15))]


def test_a_one_off_or_ongoing_task_has_one_period():
    assert task_periods("", date(2024, 3, 31), 2024) == [PeriodSpec("", None, date(2024, 3, 31))]
    assert task_periods("ongoing", None, 2024) == [PeriodSpec("", None, None)]
