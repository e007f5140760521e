"""Combining units' progress, judging targets, the due dates a plan may set."""

from datetime import date
from decimal import Decimal

from cchc.plans.rules import (
    Combined,
    UnitProgress,
    combine_periods,
    combine_units,
    due_date_range,
    target_status,
)

DAY = date(2025, 3, 10)


def report(status, percent, day=DAY):
    return UnitProgress(status, percent, day)


def test_nobody_reported_means_not_started():
    assert combine_units(None) == Combined("not_started", 0, None)


def test_only_the_lead_completes_the_task():
    assert combine_units(report("in_progress", 80)) == Combined("in_progress", 80, None)
    assert combine_units(report("completed", 100, date(2025, 3, 12))) == Combined("completed", 100, date(2025, 3, 12))


def test_the_percentage_stays_below_100_until_the_lead_completes():
    assert combine_units(report("in_progress", 100)) == Combined("in_progress", 99, None)


def test_a_lead_that_does_not_carry_out_the_task_cancels_it():
    assert combine_units(report("cancelled", 10)) == Combined("cancelled", 10, None)


def test_a_lead_that_reported_not_started_leaves_it_not_started():
    assert combine_units(report("not_started", 0)) == Combined()


def test_a_recurring_task_is_completed_when_every_period_is_closed():
    done = Combined("completed", 100, date(2025, 4, 2))
    later = Combined("completed", 100, date(2025, 7, 3))
    assert combine_periods([done, later]) == Combined("completed", 100, date(2025, 7, 3))
    assert combine_periods([done, Combined()]) == Combined("in_progress", 50, None)
    assert combine_periods([Combined(), Combined()]) == Combined()
    assert combine_periods([done, Combined("cancelled", 0)]) == Combined("completed", 100, date(2025, 4, 2))


def test_targets_are_met_at_risk_or_missed():
    goal = Decimal("95")
    assert target_status(comparator=">=", goal=goal, value=Decimal("96.5"), final=False) == "met"
    assert target_status(comparator=">=", goal=goal, value=Decimal("90"), final=False) == "at_risk"
    assert target_status(comparator=">=", goal=goal, value=Decimal("90"), final=True) == "missed"
    assert target_status(comparator=">", goal=Decimal("70"), value=Decimal("70"), final=True) == "missed"
    assert target_status(comparator="<=", goal=Decimal("5"), value=Decimal("3"), final=True) == "met"


def test_a_target_without_value_or_reading_has_no_status():
    assert target_status(comparator=">=", goal=Decimal("95"), value=None, final=True) is None
    assert target_status(comparator="", goal=None, value=Decimal("5"), final=True) is None


def test_a_plan_may_set_due_dates_in_its_year_and_the_quarter_before():
    assert due_date_range(2024) == (date(2023, 10, 1), date(2024, 12, 31))
