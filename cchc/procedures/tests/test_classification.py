"""Hand-computed cases of ``classification.derive``: the supplement pause in the procedure's own unit,
the deadline restarted after a complete supplement, and where "more than one supplement request is
late" applies (tthc_indicators.md §2.4, §3.1). Pure: no database.

Calendar of March 2025: Mon 03, Tue 04, Wed 05, Thu 06, Fri 07, (Sat 08, Sun 09), Mon 10, Tue 11,
Wed 12, Thu 13, Fri 14, (Sat 15, Sun 16), Mon 17, Tue 18. Tết 2025: Sat 25/01 – Sun 02/02 off
(weekdays Mon 27 – Fri 31/01, migration 0002 / ``OFFICIAL_SCHEDULES``).
"""

from datetime import date, datetime

import pytest

from cchc.calendar.deadlines import DeadlineIndex
from cchc.calendar.workdays import WorkCalendar
from cchc.procedures.classification import (
    EARLY,
    LATE,
    ON_TIME,
    SUPPLEMENT_PAUSE,
    SUPPLEMENT_RESTART,
    TOO_MANY_ALL,
    TOO_MANY_PENDING,
    Rules,
    derive,
)

INDEX = DeadlineIndex(WorkCalendar.official())
PAUSE = Rules()
RESTART = Rules(supplement_rule=SUPPLEMENT_RESTART)


def run(*, received, due, finished=None, requested=None, completed=None, requests=None, rules=PAUSE,
        unit="working_day", limit=5, status=None):
    """``derive`` for a dossier; datetimes give the moments (needed for limits in hours), dates the days."""

    def day(value):
        return value.date() if isinstance(value, datetime) else value

    def moment(value):
        return value if isinstance(value, datetime) else (datetime(value.year, value.month, value.day) if value else None)

    if requests is None:
        requests = 1 if requested else 0
    return derive(
        received_on=day(received),
        due_date=due,
        status=status or ("resolved" if finished else "in_progress"),
        finished_on=day(finished),
        supplement_requests=requests,
        supplement_requested_on=day(requested),
        supplement_completed_on=day(completed),
        extended_due_date=None,
        channel="direct",
        paper_result=False,
        electronic_result=False,
        components_digitised=False,
        fee_amount=None,
        procedure_fee=0,
        rules=rules,
        index=INDEX,
        processing_unit=unit,
        processing_time=limit,
        received_at=moment(received),
        supplement_requested_at=moment(requested),
        supplement_completed_at=moment(completed),
    )


def figures(derived):
    return derived.outcome, derived.resolution_days, derived.overdue_from


def test_the_defaults_are_the_pause_in_the_procedures_unit_and_the_rule_for_pending_supplements():
    assert (PAUSE.supplement_rule, PAUSE.too_many_supplements_applies_to) == (SUPPLEMENT_PAUSE, TOO_MANY_PENDING)


class TestTheIssueExample:
    """5 working days, received Mon 03/03/2025 → due Mon 10/03 (04, 05, 06, 07, 10). Supplement asked
    Wed 05/03, completed Mon 10/03; finished Fri 14/03."""

    CASE = {"received": date(2025, 3, 3), "due": date(2025, 3, 10), "finished": date(2025, 3, 14),
            "requested": date(2025, 3, 5), "completed": date(2025, 3, 10)}

    def test_the_pause_counts_in_working_days_and_the_dossier_is_late(self):
        # Pause = working days in (Wed 05/03, Mon 10/03] = Thu 06, Fri 07, Mon 10 = 3 (not 5 calendar days).
        # Due moves 3 working days: Mon 10/03 → Tue 11, Wed 12, Thu 13/03. Finished Fri 14/03 > Thu 13/03: late.
        # Worked: working days in (03/03, 14/03] = 04, 05, 06, 07, 10, 11, 12, 13, 14 = 9, minus the pause 3 = 6 > 5.
        # Overdue from the day after the moved due date: Fri 14/03.
        assert figures(run(**self.CASE)) == (LATE, 6, date(2025, 3, 14))

    def test_restarting_the_deadline_after_the_supplement_makes_it_early(self):
        # NĐ 61 Điều 19: the limit restarts on the completion day Mon 10/03: + 5 working days = 11, 12, 13, 14, 17
        # → due Mon 17/03. Finished Fri 14/03 < 17/03: early. Worked since the restart: (10/03, 14/03] = 4 days.
        assert figures(run(**self.CASE, rules=RESTART)) == (EARLY, 4, date(2025, 3, 18))

    def test_still_open_it_is_overdue_from_the_same_day_as_it_would_be_late(self):
        open_case = {**self.CASE, "finished": None}
        assert run(**open_case).overdue_from == date(2025, 3, 14)
        assert run(**open_case, rules=RESTART).overdue_from == date(2025, 3, 18)


class TestOverAWeekend:
    """5 working days, received Mon 03/03/2025 → due Mon 10/03. Supplement asked Fri 07/03, completed Mon 10/03:
    3 calendar days but 1 working day (Mon 10; Sat 08 and Sun 09 are rest days)."""

    CASE = {"received": date(2025, 3, 3), "due": date(2025, 3, 10), "requested": date(2025, 3, 7),
            "completed": date(2025, 3, 10)}

    def test_finished_on_the_moved_due_date_is_on_time(self):
        # Due moves 1 working day → Tue 11/03. Finished Tue 11/03 = due: on time.
        # Worked: (03/03, 11/03] = 04, 05, 06, 07, 10, 11 = 6, minus 1 = 5 = the limit.
        assert figures(run(**self.CASE, finished=date(2025, 3, 11))) == (ON_TIME, 5, date(2025, 3, 12))

    def test_one_working_day_more_is_late(self):
        # Finished Wed 12/03 > Tue 11/03: late; worked (03/03, 12/03] = 7 − 1 = 6.
        # (In calendar days it was 12/03 − 3 = 09/03 < 10/03: early.)
        assert figures(run(**self.CASE, finished=date(2025, 3, 12))) == (LATE, 6, date(2025, 3, 12))

    def test_restarted_it_is_early(self):
        # Restart Mon 10/03 + 5 working days → Mon 17/03; finished Wed 12/03: early, (10/03, 12/03] = 2 days.
        assert figures(run(**self.CASE, finished=date(2025, 3, 12), rules=RESTART)) == (EARLY, 2, date(2025, 3, 18))


class TestOverTet2025:
    """5 working days, received Wed 22/01/2025 → due Wed 05/02 (Thu 23, Fri 24, [Tết 25/01–02/02], Mon 03, Tue 04,
    Wed 05). Supplement asked Thu 23/01, completed Mon 03/02: 11 calendar days, 2 working days (Fri 24, Mon 03).
    Finished Tue 11/02."""

    CASE = {"received": date(2025, 1, 22), "due": date(2025, 2, 5), "requested": date(2025, 1, 23),
            "completed": date(2025, 2, 3), "finished": date(2025, 2, 11)}

    def test_the_pause_over_tet_counts_its_two_working_days(self):
        # Due moves 2 working days: Thu 06, Fri 07/02. Finished Tue 11/02 > Fri 07/02: late.
        # Worked: (22/01, 11/02] = 23, 24, 03, 04, 05, 06, 07, 10, 11 = 9, minus 2 = 7 > 5.
        # Overdue from Sat 08/02, the day after the moved due date.
        # (In calendar days it was 11/02 − 11 = 31/01 < 05/02: early, with 2 days.)
        assert figures(run(**self.CASE)) == (LATE, 7, date(2025, 2, 8))

    def test_restarted_after_tet(self):
        # Restart Mon 03/02 + 5 working days = 04, 05, 06, 07, 10 → Mon 10/02; finished Tue 11/02: late.
        # Worked since the restart: (03/02, 11/02] = 04, 05, 06, 07, 10, 11 = 6.
        assert figures(run(**self.CASE, rules=RESTART)) == (LATE, 6, date(2025, 2, 11))


class TestWorkingHours:
    """8 working hours (sessions 08–12, 13–17), received Fri 07/03/2025 09:00: Fri 09–12 (3 h) + 13–17 (4 h) +
    Mon 10/03 08–09 (1 h) → due Mon 10/03 09:00, day 10/03. Supplement asked Fri 07/03 15:00, completed
    Mon 10/03 09:00: Fri 15–17 (2 h) + Mon 08–09 (1 h) = 3 working hours (3 calendar days)."""

    CASE = {"received": datetime(2025, 3, 7, 9), "due": date(2025, 3, 10), "requested": datetime(2025, 3, 7, 15),
            "completed": datetime(2025, 3, 10, 9), "unit": "working_hour", "limit": 8}

    def test_the_pause_counts_in_working_hours(self):
        # Due moment Mon 09:00 + 3 h → Mon 12:00, still Mon 10/03. Finished Tue 11/03 10:00: late.
        # (Agency time: Fri 7 h + Mon 8 h + Tue 2 h = 17 h, minus 3 h = 14 h > 8 h.)
        # Working days: (07/03, 11/03] = 2, minus the pause's (07/03, 10/03] = 1 → 1.
        # (In calendar days it was 11/03 − 3 = 08/03 < 10/03: early.)
        assert figures(run(**self.CASE, finished=datetime(2025, 3, 11, 10))) == (LATE, 1, date(2025, 3, 11))

    def test_finished_on_the_moved_due_day_is_on_time(self):
        assert run(**self.CASE, finished=datetime(2025, 3, 10, 16)).outcome == ON_TIME

    def test_restarted_in_hours(self):
        # Restart Mon 10/03 09:00 + 8 h: Mon 09–12 (3 h), 13–17 (4 h), Tue 08–09 (1 h) → Tue 11/03 09:00.
        # Finished Tue 11/03 10:00, the due day: on time. Worked since the restart: (10/03, 11/03] = 1 day.
        assert figures(run(**self.CASE, finished=datetime(2025, 3, 11, 10), rules=RESTART)) == (
            ON_TIME, 1, date(2025, 3, 12))


class TestCalendarDays:
    """10 days, received Mon 03/03/2025 → due Thu 13/03. Supplement Fri 07/03 → Mon 10/03: 3 calendar days."""

    CASE = {"received": date(2025, 3, 3), "due": date(2025, 3, 13), "requested": date(2025, 3, 7),
            "completed": date(2025, 3, 10), "unit": "calendar_day", "limit": 10}

    def test_the_pause_counts_in_calendar_days(self):
        # [F766]: end − pause against the due date: Sun 16/03 − 3 = 13/03 = due → on time;
        # Mon 17/03 − 3 = 14/03 > 13/03 → late. Working days: (03/03, 17/03] = 10, minus (07/03, 10/03] = 1 → 9.
        assert run(**self.CASE, finished=date(2025, 3, 16)).outcome == ON_TIME
        assert figures(run(**self.CASE, finished=date(2025, 3, 17))) == (LATE, 9, date(2025, 3, 17))

    def test_restarted_in_calendar_days(self):
        # Mon 10/03 + 10 days = Thu 20/03 (a working day); finished Mon 17/03: early, (10/03, 17/03] = 5 days.
        assert figures(run(**self.CASE, finished=date(2025, 3, 17), rules=RESTART)) == (EARLY, 5, date(2025, 3, 21))


class TestMoreThanOneSupplementRequest:
    """5 working days, received Mon 03/03/2025 → due Mon 10/03; two supplement requests."""

    ALL = Rules(too_many_supplements_applies_to=TOO_MANY_ALL)

    def test_while_the_citizen_has_not_come_back_it_is_late_under_both_options(self):
        # Last request Tue 04/03, no completion: overdue at once (from the reception day).
        pending = {"received": date(2025, 3, 3), "due": date(2025, 3, 10), "requested": date(2025, 3, 4), "requests": 2}
        for rules in (PAUSE, self.ALL):
            assert run(**pending, rules=rules).overdue_from == date(2025, 3, 3)
            assert run(**pending, finished=date(2025, 3, 6), rules=rules).outcome == LATE

    def test_a_completed_supplement_is_counted_by_its_pause_unless_the_rule_covers_finished_dossiers(self):
        # Asked Tue 04/03, completed Wed 05/03: pause (04/03, 05/03] = 1 working day → due Tue 11/03.
        # Finished Thu 06/03: early, worked (03/03, 06/03] = 3 − 1 = 2. Open: overdue from Wed 12/03.
        done = {"received": date(2025, 3, 3), "due": date(2025, 3, 10), "requested": date(2025, 3, 4),
                "completed": date(2025, 3, 5), "requests": 2}
        assert figures(run(**done, finished=date(2025, 3, 6))) == (EARLY, 2, date(2025, 3, 12))
        assert run(**done).overdue_from == date(2025, 3, 12)
        # "Pending and finished": late whatever the dates, and overdue from the reception day while open.
        assert run(**done, finished=date(2025, 3, 6), rules=self.ALL).outcome == LATE
        assert run(**done, rules=self.ALL).overdue_from == date(2025, 3, 3)

    def test_the_rule_can_be_switched_off(self):
        pending = {"received": date(2025, 3, 3), "due": date(2025, 3, 10), "requested": date(2025, 3, 4), "requests": 2}
        off = Rules(late_after_supplement_requests=None, too_many_supplements_applies_to=TOO_MANY_ALL)
        # The clock stands at the request day Tue 04/03 < 10/03: early; never overdue while waiting.
        assert run(**pending, finished=date(2025, 3, 6), rules=off).outcome == EARLY
        assert run(**pending, rules=off).overdue_from is None


def test_without_a_supplement_both_readings_agree():
    # Received Mon 03/03 → due Mon 10/03; finished Fri 07/03: early, 4 working days.
    for rules in (PAUSE, RESTART):
        assert figures(run(received=date(2025, 3, 3), due=date(2025, 3, 10), finished=date(2025, 3, 7), rules=rules)) == (
            EARLY, 4, date(2025, 3, 11))


def test_an_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        run(received=date(2025, 3, 3), due=date(2025, 3, 10), requested=date(2025, 3, 4), completed=date(2025, 3, 5),
            rules=Rules(supplement_rule="sometimes"))


class TestManyAtOnce:
    """``derive_columns`` (bulk ingestion) answers what ``derive`` answers, dossier by dossier, on every
    combination of the cases the rules distinguish."""

    def test_every_combination_gives_derives_answer(self):
        from itertools import product

        from cchc.procedures.classification import COLUMN_ARGUMENTS, derive_columns

        rules = [PAUSE, RESTART, Rules(too_many_supplements_applies_to=TOO_MANY_ALL),
                 Rules(extension_moves_due_date=True, online_needs_electronic_result=False),
                 Rules(late_after_supplement_requests=None)]
        received = datetime(2025, 3, 3, 9, 30)
        finishes = [None, date(2025, 3, 3), date(2025, 3, 7), date(2025, 3, 10), date(2025, 3, 14)]
        supplements = [(None, None, 0), (None, None, 2), (date(2025, 3, 5), None, 1), (date(2025, 3, 5), None, 2),
                       (date(2025, 3, 5), date(2025, 3, 10), 1), (date(2025, 3, 5), date(2025, 3, 10), 3)]
        rows = []
        for rule, finished, (asked, supplied, requests), status, extended, flags, unit in product(
            rules, finishes, supplements, ["resolved", "result_returned", "withdrawn", "in_progress"],
            [None, date(2025, 3, 12)], [(True, False, True), (False, True, False)],
            [("working_day", 5), ("working_hour", 8), ("calendar_day", 7)],
        ):
            if (status == "in_progress") != (finished is None) or (supplied and finished and finished < supplied):
                continue
            paper, electronic, digitised = flags
            rows.append(dict(
                received_on=received.date(), due_date=date(2025, 3, 10), status=status, finished_on=finished,
                supplement_requests=requests, supplement_requested_on=asked, supplement_completed_on=supplied,
                extended_due_date=extended, channel="online" if paper else "direct", paper_result=paper,
                electronic_result=electronic, components_digitised=digitised,
                fee_amount=None if electronic else 0, procedure_fee=15000, rules=rule, index=INDEX,
                processing_unit=unit[0], processing_time=unit[1], received_at=received.replace(tzinfo=None),
                supplement_requested_at=datetime(asked.year, asked.month, asked.day, 10) if asked else None,
                supplement_completed_at=datetime(supplied.year, supplied.month, supplied.day, 14) if supplied else None,
            ))
        assert len(rows) > 2000
        columns = {name: [row[name] for row in rows] for name in COLUMN_ARGUMENTS}
        together = list(zip(*derive_columns(**columns), strict=True))
        one_by_one = [tuple(vars(derive(**row)).values()) for row in rows]
        assert together == one_by_one
        # at least one of each outcome, so that the comparison covers every branch
        assert {outcome for outcome, *_ in together} == {"", EARLY, ON_TIME, LATE, "returned"}
