"""The working-day calendar in force on a date, built from the administrator's adjustments.

``calendar_book()`` reads ``CalendarAdjustment`` and ``CountingRules`` once per change of those
tables (cached per process) and answers, for a reception date, which calendar, due-date rule and
counting rules apply.
"""

from __future__ import annotations

import datetime as dt
import threading
from bisect import bisect_right
from dataclasses import dataclass

from cchc.calendar.deadlines import DeadlineIndex
from cchc.calendar.workdays import COUNTING_RULE_ID, WorkCalendar
from cchc.procedures.choices import AdjustmentKind
from cchc.procedures.classification import Rules
from cchc.procedures.models import CalendarAdjustment, CountingRules, DueRule

#: ``CountingRules`` columns read into ``Rules`` (after ``effective_from``), in order.
RULE_FIELDS = (
    "effective_from",
    "late_after_supplement_requests",
    "extension_moves_due_date",
    "online_needs_electronic_result",
    "supplement_rule",
    "too_many_supplements_applies_to",
)

_lock = threading.Lock()
_cache: dict[str, object] = {}


@dataclass
class CalendarVersion:
    effective_from: dt.date
    calendar: WorkCalendar
    index: DeadlineIndex

    def due_rule(self, processing_unit: str) -> DueRule:
        """The stored ``DueRule`` for this calendar and unit (created on first use)."""
        rule, _ = DueRule.objects.get_or_create(
            rule_id=f"{COUNTING_RULE_ID}/{processing_unit}/{self.calendar.rule_id}",
            defaults={
                "description": (
                    f"{processing_unit}: counted from the day after reception, rest-day end rolled forward "
                    f"(BLDS 2015 Điều 147–148); weekends, holidays package and adjustments in force from "
                    f"{self.effective_from:%d/%m/%Y}"
                ),
                "days_off": sorted(d.isoformat() for d in self.calendar.extra_days_off),
                "working_days": sorted(d.isoformat() for d in self.calendar.extra_working_days),
            },
        )
        return rule


@dataclass
class CalendarBook:
    versions: list[CalendarVersion]
    rules: list[tuple[dt.date, Rules]]

    def __post_init__(self) -> None:
        self._version_starts = [v.effective_from for v in self.versions]
        self._rule_starts = [d for d, _ in self.rules]

    def version_on(self, day: dt.date) -> CalendarVersion:
        position = bisect_right(self._version_starts, day) - 1
        return self.versions[max(position, 0)]

    def rules_on(self, day: dt.date) -> Rules:
        position = bisect_right(self._rule_starts, day) - 1
        return self.rules[position][1] if position >= 0 else Rules()


def _signature() -> tuple:
    """The whole content of both tables (a few dozen rows): the cache is rebuilt whenever it changes."""
    return (
        tuple(CalendarAdjustment.objects.order_by("pk").values_list("day", "kind", "effective_from")),
        tuple(CountingRules.objects.order_by("effective_from").values_list(*RULE_FIELDS)),
    )


def calendar_book() -> CalendarBook:
    """The calendars and rules in force over time; rebuilt when an administrator changes them."""
    signature = _signature()
    with _lock:
        if _cache.get("signature") == signature:
            return _cache["book"]
        book = book_from_rows(*signature)
        _cache.update(signature=signature, book=book)
        return book


def book_from_rows(adjustments: tuple, rules: tuple) -> CalendarBook:
    """The book from ``(day, kind, effective_from)`` adjustment rows and ``RULE_FIELDS`` rule rows.

    Takes plain rows so that a data migration can build it from the historical models.
    """
    rows = sorted(adjustments, key=lambda row: (row[2], row[0]))
    breakpoints = sorted({effective for _, _, effective in rows}) or [dt.date.min]
    if breakpoints[0] != dt.date.min:
        breakpoints.insert(0, dt.date.min)
    versions = []
    for effective in breakpoints:
        latest: dict[dt.date, str] = {}
        for day, kind, row_effective in rows:
            if row_effective <= effective:
                latest[day] = kind
        calendar = WorkCalendar(
            extra_days_off={d for d, k in latest.items() if k == AdjustmentKind.DAY_OFF},
            extra_working_days={d for d, k in latest.items() if k == AdjustmentKind.WORKING_DAY},
            name="vn-official",
        )
        versions.append(CalendarVersion(effective_from=effective, calendar=calendar, index=DeadlineIndex(calendar)))
    ordered = sorted(rules, key=lambda row: row[0])
    return CalendarBook(versions=versions, rules=[(row[0], Rules(**dict(zip(RULE_FIELDS[1:], row[1:], strict=True)))) for row in ordered])


def forget() -> None:
    """Drop the cached calendars (tests that roll back adjustments call it)."""
    with _lock:
        _cache.clear()


def source_due_rule() -> DueRule:
    rule, _ = DueRule.objects.get_or_create(
        rule_id=DueRule.SOURCE_SYSTEM,
        defaults={"description": "Ngày hẹn trả do hệ thống thông tin một cửa điện tử cung cấp (NgayHenTra)."},
    )
    return rule
