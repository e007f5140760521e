"""Petition deadlines in working days (QĐ 766 group 5: 2 / 5 / 15 / 2), hand-computed across a weekend and Tết,
and the on-time rule of indicator 5.2."""

from datetime import date

import pytest

from cchc.calendar.workdays import WorkCalendar
from cchc.petitions import deadlines
from cchc.petitions.deadlines import Facts, clock_dates, on_time, publish_due, reminder_step

# The official 2024–2026 schedules: the same days as the administrator's calendar (procedures migration 0002).
CAL = WorkCalendar.official()


def test_the_limits_are_named_data_with_their_source():
    assert {code: limit.working_days for code, limit in deadlines.LIMITS.items()} == {
        "reject": 2, "request_info": 5, "resolve": 15, "publish": 2}
    assert all("QĐ 766" in limit.source for limit in deadlines.LIMITS.values())


def test_across_a_weekend():
    # Received Friday 06/06/2025: Sat 07 and Sun 08 do not count.
    # reject: Mon 09 (1), Tue 10 (2); more information: 09–13/06; resolve: 09–13, 16–20, 23–27/06.
    clock = clock_dates(date(2025, 6, 6), CAL)
    assert (clock.decide_due, clock.info_due, clock.resolve_due) == (date(2025, 6, 10), date(2025, 6, 13), date(2025, 6, 27))
    # Approved Thursday 26/06: publish by Fri 27 (1), Mon 30/06 (2).
    assert publish_due(date(2025, 6, 26), CAL) == date(2025, 6, 30)


def test_a_petition_sent_on_a_saturday_counts_from_monday():
    # The day of reception is never counted, and Sunday 08/06 is no working day either.
    assert clock_dates(date(2025, 6, 7), CAL).decide_due == date(2025, 6, 10)


def test_across_tet_2025():
    # Received Thursday 23/01/2025; Tết break Sat 25/01 – Sun 02/02/2025.
    # reject: Fri 24/01 (1), Mon 03/02 (2); more information: 24/01, 03, 04, 05, 06/02;
    # resolve: 24/01 (1), 03–07/02 (2–6), 10–14/02 (7–11), 17–20/02 (12–15).
    clock = clock_dates(date(2025, 1, 23), CAL)
    assert (clock.decide_due, clock.info_due, clock.resolve_due) == (date(2025, 2, 3), date(2025, 2, 6), date(2025, 2, 20))
    # Approved on the last working day before Tết: publish by Mon 03/02 (1), Tue 04/02 (2).
    assert publish_due(date(2025, 1, 24), CAL) == date(2025, 2, 4)


def test_across_tet_2026():
    # Received Friday 13/02/2026; Tết break Sat 14/02 – Sun 22/02/2026.
    # reject: Mon 23 (1), Tue 24/02 (2); resolve: 23–27/02 (1–5), 02–06/03 (6–10), 09–13/03 (11–15).
    clock = clock_dates(date(2026, 2, 13), CAL)
    assert (clock.decide_due, clock.resolve_due) == (date(2026, 2, 24), date(2026, 3, 13))


TET = clock_dates(date(2025, 1, 23), CAL)


def facts(**steps) -> Facts:
    return Facts(decide_due=TET.decide_due, info_due=TET.info_due, resolve_due=TET.resolve_due, **steps)


@pytest.mark.parametrize(("steps", "as_of", "expected"), [
    ({"rejected_on": date(2025, 2, 3)}, date(2025, 3, 31), True),       # rejected on the last day allowed
    ({"rejected_on": date(2025, 2, 4)}, date(2025, 3, 31), False),      # a working day late
    ({}, date(2025, 2, 20), True),                                      # still in progress on its resolve day
    ({}, date(2025, 2, 21), False),                                     # in progress past 15 working days
    ({"info_requested_on": date(2025, 2, 7)}, date(2025, 2, 10), False),  # more information asked a day late
    ({"info_requested_on": date(2025, 2, 6)}, date(2025, 2, 10), True),
    ({"approved_on": date(2025, 2, 20), "publish_due": date(2025, 2, 24), "published_on": date(2025, 2, 24)}, date(2025, 3, 31), True),
    ({"approved_on": date(2025, 2, 21), "publish_due": date(2025, 2, 25), "published_on": date(2025, 2, 21)}, date(2025, 3, 31), False),
    ({"approved_on": date(2025, 2, 10), "publish_due": date(2025, 2, 12), "published_on": date(2025, 2, 13)}, date(2025, 3, 31), False),
    ({"approved_on": date(2025, 2, 10), "publish_due": date(2025, 2, 12)}, date(2025, 2, 12), True),   # not yet published, in time
    ({"approved_on": date(2025, 2, 10), "publish_due": date(2025, 2, 12)}, date(2025, 2, 13), False),  # not published in time
    # a window ending before the steps: judged as it stood then
    ({"approved_on": date(2025, 3, 10), "publish_due": date(2025, 3, 12), "published_on": date(2025, 3, 12)}, date(2025, 1, 31), True),
])
def test_on_time_follows_qd766_5_2(steps, as_of, expected):
    assert on_time(facts(**steps), as_of) is expected


def test_reminders_come_a_working_day_before_then_after_the_due_date_across_tet():
    due = date(2025, 2, 3)  # reject-by date of a petition received on 23/01/2025
    assert reminder_step(due, date(2025, 1, 23), CAL) is None         # 2 working days left
    assert reminder_step(due, date(2025, 1, 24), CAL) == ("due_soon", 1)  # Friday before Tết: 1 left
    assert reminder_step(due, date(2025, 2, 3), CAL) == ("due_soon", 1)
    assert reminder_step(due, date(2025, 2, 4), CAL) == ("overdue", 1)
    assert reminder_step(due, date(2025, 2, 6), CAL) == ("escalation", 3)
