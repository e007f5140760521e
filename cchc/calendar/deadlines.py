"""Fast working-day arithmetic over a ``WorkCalendar`` for bulk dossier ingestion.

Pure Python. ``WorkCalendar.add_working_days`` steps day by day, which is right but slow for a
million dossiers; ``DeadlineIndex`` keeps the sorted ordinals of the working days of the years
it has seen and answers with a binary search. It follows the same conventions (start day never
counted, BLDS 2015 Điều 147–148 as summarised in tthc_indicators.md §3.4) and is tested against
``WorkCalendar`` day by day.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from datetime import date, datetime, time, timedelta

from cchc.calendar.workdays import DueDate, TimeUnit, WorkCalendar


class DeadlineIndex:
    """Working days of ``calendar`` as sorted ordinals, extended a year at a time on demand."""

    def __init__(self, calendar: WorkCalendar):
        self.calendar = calendar
        self._ordinals: list[int] = []
        self._first_year: int | None = None
        self._last_year: int | None = None
        self._safe = (0, -1)  # ordinals far enough inside the covered years to need no check
        self._ranks: dict[date, int] = {}
        self._anchor: date | None = None

    def _cover(self, first: int, last: int) -> None:
        if self._first_year is not None and self._first_year <= first and last <= self._last_year:
            return
        first = min(first, self._first_year or first)
        last = max(last, self._last_year or last)
        day, end = date(first, 1, 1), date(last, 12, 31)
        ordinals = []
        while day <= end:
            if self.calendar.is_working_day(day):
                ordinals.append(day.toordinal())
            day += timedelta(days=1)
        self._ordinals, self._first_year, self._last_year = ordinals, first, last
        self._safe = (date(first, 1, 1).toordinal() + 400, date(last, 12, 31).toordinal() - 400)

    def _ensure(self, day: date, reach_days: int) -> None:
        if -100 <= reach_days <= 100 and self._safe[0] <= day.toordinal() <= self._safe[1]:
            return
        # Cover one spare year each side so that counts near the year boundary find their days.
        lo = (day - timedelta(days=max(0, -reach_days) * 2 + 31)).year
        hi = (day + timedelta(days=max(0, reach_days) * 2 + 31)).year
        self._cover(lo - 1, hi + 1)

    def add_working_days(self, start: date, n: int) -> date:
        """Same result as ``WorkCalendar.add_working_days``."""
        if isinstance(start, datetime):
            start = start.date()
        self._ensure(start, n)
        ordinal = start.toordinal()
        if n == 0:
            return date.fromordinal(self._ordinals[bisect_left(self._ordinals, ordinal)])
        if n > 0:
            return date.fromordinal(self._ordinals[bisect_right(self._ordinals, ordinal) + n - 1])
        return date.fromordinal(self._ordinals[bisect_left(self._ordinals, ordinal) + n])

    def rank(self, day: date) -> int:
        """Working days from a fixed day of the index to ``day`` (remembered per day): ``rank(b) - rank(a)``
        is ``working_days_between(a, b)``, for counting many dossiers at once."""
        known = self._ranks.get(day)
        if known is None:
            if self._anchor is None:
                self._anchor = day
            known = self._ranks[day] = self.working_days_between(self._anchor, day)
        return known

    def working_days_between(self, a: date, b: date) -> int:
        """Same result as ``WorkCalendar.working_days_between``: working days in ``(a, b]``, signed."""
        if a > b:
            return -self.working_days_between(b, a)
        self._ensure(a, 0)
        self._ensure(b, 0)
        return bisect_right(self._ordinals, b.toordinal()) - bisect_right(self._ordinals, a.toordinal())

    def working_hours_between(self, a: datetime, b: datetime) -> float:
        """Working hours (within the calendar's work sessions, on working days) from ``a`` to ``b``; 0 if ``b <= a``.

        Counts whole days between the two through the index, so it costs the same for any span.
        """
        if b <= a:
            return 0.0
        sessions = self.calendar.work_sessions

        def within(day: date, start: time, end: time) -> float:
            if not self.calendar.is_working_day(day):
                return 0.0
            seconds = 0.0
            for session_start, session_end in sessions:
                lo, hi = max(start, session_start), min(end, session_end)
                if lo < hi:
                    seconds += (datetime.combine(day, hi) - datetime.combine(day, lo)).total_seconds()
            return seconds / 3600

        first, last = a.date(), b.date()
        if first == last:
            return within(first, a.time(), b.time())
        day_hours = sum((datetime.combine(first, e) - datetime.combine(first, s)).total_seconds() for s, e in sessions) / 3600
        whole_days = self.working_days_between(first, last - timedelta(days=1))
        return within(first, a.time(), time.max) + whole_days * day_hours + within(last, time.min, b.time())

    def due_date(self, received: datetime, amount, unit: str) -> date:
        """The due date (a day) of a dossier received at ``received`` (local time) for ``amount`` ``unit``."""
        unit = TimeUnit(unit)
        if unit is TimeUnit.WORKING_DAY and amount == int(amount):
            return self.add_working_days(received.date(), int(amount))
        return _as_day(self.calendar.due_date(received, _whole(amount, unit), unit))


def _whole(amount, unit: TimeUnit):
    # Working hours may be fractional (e.g. 4.5 hours); days and months are whole in TTHC publications.
    if unit is TimeUnit.WORKING_HOUR:
        return amount
    return int(-(-amount // 1))


def _as_day(due: DueDate) -> date:
    value = due.value
    return value.date() if isinstance(value, datetime) else value
