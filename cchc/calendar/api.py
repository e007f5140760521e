"""The one working-day calendar of the platform: the administrator's calendar, read by every app.

Dossiers (``procedures``), plan tasks and their reminders (``plans``), report deadlines
(``reporting``), and later petitions, PAR and inspections all count working days through these
functions, so an administrator's added day off moves every deadline alike.

Where the data lives (design choice)
------------------------------------
The rows stay in ``procedures.CalendarAdjustment`` (table ``procedures_calendaradjustment``, with
its history and the official 2024–2026 adjustments loaded by ``procedures`` migration 0002). Moving
the model into this package would need state-only migrations in two apps while other changes add
``procedures`` migrations too; keeping the table where it is keeps every migration safe. This
package imports no app at module level (the model is looked up when the rows are read), and
nothing here imports ``plans``, ``reporting`` or ``indicators``: they import this.

Which version of the calendar
-----------------------------
Adjustment rows are versioned by ``effective_from``. A dossier's due date is computed once, on
reception, with the version in force that day (:func:`calendar_versions`, ``version_on(day)``) and
stored with its rule (``procedures.counting.due_rule``).
Plan-task and report deadlines are *current* obligations: they use :func:`current_calendar`, i.e.
for each day the row with the latest ``effective_from``. Task due dates are stored as written and
moved to a working day on read; report deadlines are stored and re-stored by the calendar change
itself (``cchc.calendar.services``), which refuses to move a submitted report's deadline.

Years without any row (2027 onwards until the administrator enters them) fall back to weekends
and the ``holidays`` package; a row entered for 2027 is honoured by every app at once.

Caching: the rows (a few dozen) are read on each call and the calendar is rebuilt only when they
change; inside :func:`pinned` (every web request, through :class:`CalendarMiddleware`) they are
read once.
"""

from __future__ import annotations

import contextvars
import threading
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from cchc.calendar.deadlines import DeadlineIndex
from cchc.calendar.workdays import WorkCalendar

__all__ = [
    "DAY_OFF",
    "WORKING_DAY",
    "CalendarMiddleware",
    "CalendarVersion",
    "CalendarVersions",
    "add_working_days",
    "adjustment_rows",
    "calendar_from_rows",
    "calendar_versions",
    "current_calendar",
    "forget",
    "is_working_day",
    "next_working_day",
    "pinned",
    "versions_from_rows",
    "working_day_on_or_after",
    "working_days_between",
    "working_days_late",
]

#: Values of ``CalendarAdjustment.kind`` (``procedures.choices.AdjustmentKind``).
DAY_OFF, WORKING_DAY = "day_off", "working_day"

#: Name of the calendar built from the administrator's rows (part of every stored rule id).
CALENDAR_NAME = "vn-official"

_lock = threading.Lock()
_cache: dict[tuple, WorkCalendar] = {}
_pinned: contextvars.ContextVar[dict | None] = contextvars.ContextVar("cchc_calendar_pinned", default=None)


def adjustment_rows() -> tuple[tuple[date, str, date], ...]:
    """Every adjustment as ``(day, kind, effective_from)``, in primary-key order."""
    from django.apps import apps

    model = apps.get_model("procedures", "CalendarAdjustment")
    return tuple(model.objects.order_by("pk").values_list("day", "kind", "effective_from"))


def latest_kinds(rows: Iterable[tuple[date, str, date]], on: date | None = None) -> dict[date, str]:
    """For each adjusted day, the kind of its row with the latest ``effective_from`` (on or before ``on``)."""
    latest: dict[date, tuple[date, str]] = {}
    for day, kind, effective in rows:
        if on is not None and effective > on:
            continue
        if day not in latest or effective >= latest[day][0]:
            latest[day] = (effective, kind)
    return {day: kind for day, (_effective, kind) in latest.items()}


def calendar_from_rows(rows: Iterable[tuple[date, str, date]], on: date | None = None) -> WorkCalendar:
    """The calendar the rows give (the version in force on ``on``; every row when ``on`` is None)."""
    kinds = latest_kinds(rows, on)
    return WorkCalendar(
        extra_days_off={d for d, k in kinds.items() if k == DAY_OFF},
        extra_working_days={d for d, k in kinds.items() if k == WORKING_DAY},
        name=CALENDAR_NAME,
    )


@dataclass(frozen=True)
class CalendarVersion:
    """The calendar in force for what is received from ``effective_from`` on, with its fast index."""

    effective_from: date
    calendar: WorkCalendar
    index: DeadlineIndex


class CalendarVersions:
    """Every version of the calendar over time: a new one wherever some row's ``effective_from`` starts."""

    def __init__(self, versions: list[CalendarVersion]):
        self.versions = versions
        self._starts = [version.effective_from for version in versions]

    def version_on(self, day: date) -> CalendarVersion:
        """The version in force on ``day`` (the first one before any row's ``effective_from``)."""
        return self.versions[max(bisect_right(self._starts, day) - 1, 0)]


def versions_from_rows(rows: Iterable[tuple[date, str, date]]) -> CalendarVersions:
    """The versions ``(day, kind, effective_from)`` rows give; plain rows, so that a data migration can
    build them from the historical model."""
    rows = tuple(rows)
    starts = sorted({date.min, *(effective for _day, _kind, effective in rows)})
    versions = []
    for start in starts:
        calendar = calendar_from_rows(rows, on=start)
        versions.append(CalendarVersion(effective_from=start, calendar=calendar, index=DeadlineIndex(calendar)))
    return CalendarVersions(versions)


_versions: dict[tuple, CalendarVersions] = {}


def calendar_versions() -> CalendarVersions:
    """The administrator's calendar in every version (for due dates fixed on reception, e.g. dossiers').

    Rebuilt only when the rows change; the indexes inside keep what they have counted meanwhile."""
    holder = _pinned.get()
    if holder is not None and "versions" in holder:
        return holder["versions"]
    key = tuple(sorted(adjustment_rows()))
    with _lock:
        versions = _versions.get(key)
        if versions is None:
            _versions.clear()
            versions = _versions[key] = versions_from_rows(key)
    if holder is not None:
        holder["versions"] = versions
    return versions


def _cached(rows: tuple) -> WorkCalendar:
    key = tuple(sorted(latest_kinds(rows).items()))
    with _lock:
        calendar = _cache.get(key)
        if calendar is None:
            _cache.clear()
            calendar = _cache[key] = calendar_from_rows(rows)
        return calendar


def current_calendar() -> WorkCalendar:
    """The administrator's calendar as it stands (weekends, the ``holidays`` package, every adjustment)."""
    holder = _pinned.get()
    if holder is not None and "calendar" in holder:
        return holder["calendar"]
    calendar = _cached(adjustment_rows())
    if holder is not None:
        holder["calendar"] = calendar
    return calendar


@contextmanager
def pinned() -> Iterator[None]:
    """Read the rows once for the whole block (a request, a reminder run)."""
    if _pinned.get() is not None:
        yield
        return
    token = _pinned.set({})
    try:
        yield
    finally:
        _pinned.reset(token)


def forget() -> None:
    """Drop the pinned and cached calendars (after a change within the same block)."""
    holder = _pinned.get()
    if holder is not None:
        holder.clear()
    with _lock:
        _cache.clear()
        _versions.clear()


class CalendarMiddleware:
    """Reads the calendar at most once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with pinned():
            return self.get_response(request)


# -- the functions every app calls ------------------------------------------------------------


def is_working_day(day: date) -> bool:
    return current_calendar().is_working_day(day)


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after ``start`` (start never counted; BLDS 2015 Điều 147–148)."""
    return current_calendar().add_working_days(start, n)


def working_days_between(a: date, b: date) -> int:
    """Signed count of working days in ``(a, b]``."""
    return current_calendar().working_days_between(a, b)


def working_day_on_or_after(day: date) -> date:
    """``day`` if it is a working day, else the next one (a deadline on a rest day, BLDS 2015 Điều 148)."""
    return current_calendar().working_day_on_or_after(day)


def next_working_day(day: date) -> date:
    return current_calendar().next_working_day(day)


def working_days_late(due: date, finished: date) -> int:
    return current_calendar().working_days_late(due, finished)
