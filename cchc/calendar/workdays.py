"""Vietnamese working-day calendar for administrative-procedure (TTHC) deadlines.

Pure Python: no database, no Django. A model or service wraps it later.

What is a working day
---------------------
* Civil servants work Monday to Friday; Saturday and Sunday are rest days. The legal basis commonly
  cited is QĐ 188/1999/QĐ-TTg (40-hour week); UNCONFIRMED in our references
  (tthc_indicators.md §3.4).
* Public holidays: Bộ luật Lao động 2019, Điều 112 — 11 days a year (01/01; 5 days of Tết Âm lịch;
  Giỗ Tổ Hùng Vương 10/3 âm lịch; 30/4; 01/5; 2 days of Quốc khánh). A holiday falling on a weekly
  rest day gives a compensatory day off on the next working day (Điều 111 khoản 3).
* For civil servants the exact Tết and Quốc khánh days, the nghỉ bù days and the swapped working
  Saturdays are fixed every year by a government notice (Bộ LĐ-TB&XH until 2025, Bộ Nội vụ since),
  so the calendar must be data entered per year (tthc_indicators.md §3.4).

What the ``holidays`` package (0.109) gives for Vietnam, verified by running it
--------------------------------------------------------------------------------
* Tết 2024: 7 dates, Thu 08/02 – Wed 14/02/2024 (incl. Sat 10 and Sun 11) = 5 weekdays off.
  Official break 08/02–14/02/2024 (Bộ LĐ-TB&XH notice): identical.
* Tết 2025: 6 dates, Mon 27/01 – Sat 01/02/2025 = 5 weekdays off (27–31/01). Official break
  Sat 25/01 – Sun 02/02/2025, 9 days (Thông báo 6150/TB-LĐTBXH, 03/12/2024): same weekdays;
  the package simply omits the surrounding weekends.
* Tết 2026: 5 dates, Mon 16/02 – Fri 20/02/2026. Official break Sat 14/02 – Sun 22/02/2026, 9 days
  (Thông báo 9441/TB-BNV, 16/10/2025): same weekdays.
* Swapped days the package knows (``weekend_workdays``): 29/04/2024 off for Sat 04/05/2024;
  02/05/2025 off for Sat 26/04/2025; 31/08/2026 off for Sat 22/08/2026. These match the notices.
* What the package does NOT know: Tết Dương lịch 2026 was extended to Thu 01/01 – Sun 04/01/2026,
  with Fri 02/01/2026 off and Sat 10/01/2026 worked instead (Công văn 12729/VPCP-KGVX, 25/12/2025).
  ``WorkCalendar.official`` adds it.
* The package adds Tue 24/11/2026 "Ngày Văn hóa Việt Nam" (Resolution 80-NQ/TW). In early 2026
  the Labour Code had not yet been amended to make it a paid holiday (NQ 30/NQ-CP asks for the
  amendment); whether civil servants are off is UNCONFIRMED. It is kept as a day off because the
  package says so; pass ``extra_working_days={date(2026, 11, 24)}`` to override.

Deadline arithmetic
-------------------
Bộ luật Dân sự 2015 Điều 147–148 as summarised in tthc_indicators.md §3.4 (marked unsourced,
UNCONFIRMED there): a period counted in days starts on the day after the triggering event; if its
last day is a rest day it ends at the end of the next working day. So a dossier received on day D
with a limit of N working days is due on the N-th working day strictly after D, whatever the hour
of reception. NĐ 61/2018 Điều 18 moves paper dossiers received after 15:00 to the next working day
for *transfer*; it does not change the count, so it is not applied here.

Store the computed due date together with :attr:`DueDate.rule_id`, so that correcting the holiday
table later does not silently change history (tthc_indicators.md §3.4).
"""

from __future__ import annotations

import calendar as _calendar
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from enum import StrEnum

import holidays

__all__ = [
    "COUNTING_RULE_ID",
    "DEFAULT_WORK_SESSIONS",
    "OFFICIAL_SCHEDULES",
    "DueDate",
    "OfficialYearSchedule",
    "TimeUnit",
    "WorkCalendar",
    "parse_time_unit",
]

#: Identifies the counting convention (BLDS 2015 Điều 147–148: start the day after; roll a rest-day
#: end forward). Change the suffix if the convention ever changes.
COUNTING_RULE_ID = "vn-due/blds2015-147-148/v1"

#: Working sessions of a day. ASSUMPTION (no source in our references): 08:00–12:00 and
#: 13:00–17:00, i.e. the 8-hour day of Bộ luật Lao động 2019 Điều 105. Provinces publish their
#: own hours; pass ``work_sessions`` to change it.
DEFAULT_WORK_SESSIONS: tuple[tuple[time, time], ...] = (
    (time(8, 0), time(12, 0)),
    (time(13, 0), time(17, 0)),
)

# Guard against a calendar without any working day (e.g. a mistyped table of days off).
_MAX_CONSECUTIVE_REST_DAYS = 366


class TimeUnit(StrEnum):
    """Unit of a procedure's maximum processing time (field ``DonViTinh`` in [F766] 2.2)."""

    WORKING_DAY = "working_day"  # ngày làm việc
    CALENDAR_DAY = "calendar_day"  # ngày
    WORKING_HOUR = "working_hour"  # giờ (ASSUMPTION: "giờ" in a TTHC means working hours)
    MONTH = "month"  # tháng


_TIME_UNIT_BY_LABEL_VI: Mapping[str, TimeUnit] = {
    "ngày làm việc": TimeUnit.WORKING_DAY,
    "ngày": TimeUnit.CALENDAR_DAY,
    "giờ": TimeUnit.WORKING_HOUR,
    "giờ làm việc": TimeUnit.WORKING_HOUR,
    "tháng": TimeUnit.MONTH,
}


def parse_time_unit(label: str) -> TimeUnit:
    """Map the Vietnamese unit of a TTHC publication ("Ngày làm việc", "Ngày", "Giờ", "Tháng")."""
    key = " ".join(label.strip().lower().split())
    try:
        return _TIME_UNIT_BY_LABEL_VI[key]
    except KeyError:
        raise ValueError(f"Unknown processing-time unit: {label!r}") from None


@dataclass(frozen=True)
class OfficialYearSchedule:
    """Days off and swapped working days announced for one year for civil servants.

    ``days_off`` are inclusive ranges exactly as the notices state them (they may include weekends);
    ``working_days`` are rest days (Saturdays) worked in exchange for a bridge day off.
    """

    year: int
    days_off: tuple[tuple[date, date], ...]
    working_days: tuple[date, ...]
    sources: tuple[str, ...]

    def dates_off(self) -> frozenset[date]:
        days: set[date] = set()
        for first, last in self.days_off:
            if last < first:
                raise ValueError(f"Inverted range {first}..{last} in the {self.year} schedule")
            days.update(first + timedelta(days=i) for i in range((last - first).days + 1))
        return frozenset(days)


#: The official civil-service schedule, kept as data so an administrator-maintained table can replace
#: it. Single statutory days are listed too, so that the table alone describes every weekday off.
OFFICIAL_SCHEDULES: dict[int, OfficialYearSchedule] = {
    2024: OfficialYearSchedule(
        year=2024,
        days_off=(
            (date(2024, 1, 1), date(2024, 1, 1)),  # Tết Dương lịch
            (date(2024, 2, 8), date(2024, 2, 14)),  # Tết Âm lịch: 29 Chạp – mùng 5
            (date(2024, 4, 18), date(2024, 4, 18)),  # Giỗ Tổ Hùng Vương
            (date(2024, 4, 27), date(2024, 5, 1)),  # 30/4–1/5, Mon 29/4 swapped
            (date(2024, 8, 31), date(2024, 9, 3)),  # Quốc khánh: 2/9 and 3/9
        ),
        working_days=(date(2024, 5, 4),),  # Saturday worked for Monday 29/4
        sources=(
            "Bộ LĐ-TB&XH notice on Tết Âm lịch and Quốc khánh 2024 "
            "(https://sucsongtre.vn/doi-song/can-bo-cong-chuc-vien-chuc-nguoi-lao-dong-nghi-tet-nguyen-dan-giap-thin-7-ngay.html)",
            "Công văn 2450/VPCP-KGVX (2024): swap of Mon 29/04 with Sat 04/05/2024",
            "Bộ luật Lao động 2019 Điều 112",
        ),
    ),
    2025: OfficialYearSchedule(
        year=2025,
        days_off=(
            (date(2025, 1, 1), date(2025, 1, 1)),  # Tết Dương lịch
            (date(2025, 1, 25), date(2025, 2, 2)),  # Tết Âm lịch, 9 days (27–31/01 statutory)
            (date(2025, 4, 7), date(2025, 4, 7)),  # Giỗ Tổ Hùng Vương
            (date(2025, 4, 30), date(2025, 5, 4)),  # 30/4–1/5, Fri 2/5 swapped
            (date(2025, 8, 30), date(2025, 9, 2)),  # Quốc khánh: 1/9 and 2/9
        ),
        working_days=(date(2025, 4, 26),),  # Saturday worked for Friday 2/5
        sources=(
            "Thông báo 6150/TB-LĐTBXH (03/12/2024) on Tết Âm lịch, 30/4–1/5 and Quốc khánh 2025 "
            "(https://en.sggp.org.vn/ministry-asks-public-holidays-to-be-announced-at-least-30-days-in-advance-post114254.html)",
            "Bộ luật Lao động 2019 Điều 112",
        ),
    ),
    2026: OfficialYearSchedule(
        year=2026,
        days_off=(
            (date(2026, 1, 1), date(2026, 1, 4)),  # Tết Dương lịch, Fri 2/1 swapped
            (date(2026, 2, 14), date(2026, 2, 22)),  # Tết Âm lịch, 9 days (16–20/02 statutory)
            (date(2026, 4, 27), date(2026, 4, 27)),  # nghỉ bù: Hùng Vương falls on Sun 26/4
            (date(2026, 4, 30), date(2026, 5, 1)),  # 30/4–1/5
            (date(2026, 8, 29), date(2026, 9, 2)),  # Quốc khánh: 1/9 and 2/9, Mon 31/8 swapped
        ),
        working_days=(
            date(2026, 1, 10),  # Saturday worked for Friday 2/1
            date(2026, 8, 22),  # Saturday worked for Monday 31/8
        ),
        sources=(
            "Công văn 12729/VPCP-KGVX (25/12/2025): Tết Dương lịch 2026, swap of Fri 02/01 with Sat 10/01",
            "Thông báo 9441/TB-BNV (16/10/2025): Tết Âm lịch and Quốc khánh 2026",
            "Bộ luật Lao động 2019 Điều 111 khoản 3 (nghỉ bù) and Điều 112",
        ),
    ),
}


@dataclass(frozen=True)
class DueDate:
    """A computed due date (ngày hẹn trả) with the rule that produced it, for storage."""

    value: date | datetime
    rule_id: str
    description: str


def _as_frozenset(days: Iterable[date]) -> frozenset[date]:
    result = frozenset(days)
    for day in result:
        if isinstance(day, datetime) or not isinstance(day, date):
            raise TypeError(f"Expected dates, got {day!r}")
    return result


@dataclass(frozen=True)
class WorkCalendar:
    """Working days of Vietnamese state administrative agencies.

    A day is a working day when, in this order of precedence:

    1. it is in ``extra_working_days`` (a swapped Saturday) → working;
    2. it is in ``extra_days_off`` (nghỉ bù, bridge day, Tết extension) → not working;
    3. it is a rest day the ``holidays`` package marks as worked (``weekend_workdays``) → working;
    4. it is a Saturday or Sunday → not working;
    5. it is a ``holidays.country_holidays("VN")`` holiday → not working;
    6. otherwise → working.

    ``years`` are loaded eagerly; any other year is loaded from the package on first use (the
    package estimates future lunar dates, and knows no future swap: another reason to store the
    ``rule_id`` with every due date).
    """

    years: frozenset[int] = frozenset()
    extra_days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    name: str = "vn-statutory"
    work_sessions: tuple[tuple[time, time], ...] = DEFAULT_WORK_SESSIONS
    _package_days_off: dict[int, frozenset[date]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )
    _package_working_days: dict[int, frozenset[date]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "years", frozenset(self.years))
        object.__setattr__(self, "extra_days_off", _as_frozenset(self.extra_days_off))
        object.__setattr__(self, "extra_working_days", _as_frozenset(self.extra_working_days))
        object.__setattr__(self, "work_sessions", tuple(tuple(s) for s in self.work_sessions))
        both = self.extra_days_off & self.extra_working_days
        if both:
            listed = ", ".join(sorted(d.isoformat() for d in both))
            raise ValueError(f"Dates both off and working: {listed}")
        previous_end: time | None = None
        for start, end in self.work_sessions:
            if not start < end or (previous_end is not None and start < previous_end):
                raise ValueError("Work sessions must be increasing, non-overlapping (start, end) pairs")
            previous_end = end
        if not self.work_sessions:
            raise ValueError("At least one work session is required")
        for year in self.years:
            self._load_year(year)

    # -- construction -----------------------------------------------------------------------

    @classmethod
    def official(
        cls,
        years: Iterable[int] | None = None,
        *,
        schedules: Mapping[int, OfficialYearSchedule] | None = None,
        work_sessions: tuple[tuple[time, time], ...] = DEFAULT_WORK_SESSIONS,
    ) -> WorkCalendar:
        """The package calendar plus the announced civil-service schedule (``OFFICIAL_SCHEDULES``).

        ``years`` defaults to every year of the table; years missing from the table fall back to the
        package alone. ``schedules`` lets an administrator-maintained table replace the constant.
        """
        table = OFFICIAL_SCHEDULES if schedules is None else schedules
        chosen = sorted(table) if years is None else sorted(set(years))
        days_off: set[date] = set()
        working: set[date] = set()
        for year in chosen:
            schedule = table.get(year)
            if schedule is not None:
                days_off |= schedule.dates_off()
                working |= set(schedule.working_days)
        return cls(
            years=frozenset(chosen),
            extra_days_off=frozenset(days_off),
            extra_working_days=frozenset(working),
            name="vn-official",
            work_sessions=work_sessions,
        )

    def _load_year(self, year: int) -> None:
        if year in self._package_days_off:
            return
        package = holidays.country_holidays("VN", years=year)
        self._package_days_off[year] = frozenset(d for d in package if d.year == year)
        self._package_working_days[year] = frozenset(
            d for d in getattr(package, "weekend_workdays", ()) if d.year == year
        )

    # -- identity ---------------------------------------------------------------------------

    @property
    def fingerprint(self) -> str:
        """Hash of everything that decides a due date: package version, adjustments, sessions."""
        payload = {
            "package": f"holidays-{holidays.__version__}",
            "days_off": sorted(d.isoformat() for d in self.extra_days_off),
            "working_days": sorted(d.isoformat() for d in self.extra_working_days),
            "sessions": [[s.isoformat(), e.isoformat()] for s, e in self.work_sessions],
        }
        encoded = json.dumps(payload, sort_keys=True).encode()
        return hashlib.sha256(encoded).hexdigest()[:12]

    @property
    def rule_id(self) -> str:
        """Short identifier of this calendar, e.g. ``"vn-official@3f2a9c0d41be"``."""
        return f"{self.name}@{self.fingerprint}"

    # -- days -------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        """Whether ``day`` is a working day (see the class docstring for the precedence)."""
        if isinstance(day, datetime):
            day = day.date()
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off:
            return False
        self._load_year(day.year)
        if day in self._package_working_days[day.year]:
            return True
        if day.weekday() >= 5:
            return False
        return day not in self._package_days_off[day.year]

    def _step_to_working_day(self, day: date, step: int) -> date:
        for _ in range(_MAX_CONSECUTIVE_REST_DAYS):
            day += timedelta(days=step)
            if self.is_working_day(day):
                return day
        raise ValueError(f"No working day within {_MAX_CONSECUTIVE_REST_DAYS} days of {day}")

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        return self._step_to_working_day(day, +1)

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before ``day``."""
        return self._step_to_working_day(day, -1)

    def working_day_on_or_after(self, day: date) -> date:
        """``day`` itself if it is a working day, else the next one."""
        return day if self.is_working_day(day) else self.next_working_day(day)

    def working_day_on_or_before(self, day: date) -> date:
        """``day`` itself if it is a working day, else the previous one."""
        return day if self.is_working_day(day) else self.previous_working_day(day)

    def add_working_days(self, start: date, n: int) -> date:
        """The n-th working day after ``start``; ``start`` itself is never counted.

        This is how a one-stop due date is counted (BLDS 2015 Điều 147–148 as summarised in
        tthc_indicators.md §3.4, UNCONFIRMED there): the count begins on the day after reception,
        so a dossier received on Friday 24/01/2025 with 5 working days is due on 07/02/2025 (Tết
        25/01–02/02 in between). The result is always a working day.

        * ``n > 0``: count forward; the first working day strictly after ``start`` is day 1.
        * ``n < 0``: count backward; the last working day strictly before ``start`` is day −1
          (e.g. "one working day before the due date", for the apology letter of NĐ 61 Điều 19).
        * ``n == 0``: procedures resolved "ngay" (immediately): ``start`` if it is a working day,
          else the next working day (an online dossier filed on Saturday is handled on Monday).
        """
        if isinstance(start, datetime):
            start = start.date()
        if n == 0:
            return self.working_day_on_or_after(start)
        step = 1 if n > 0 else -1
        day = start
        for _ in range(abs(n)):
            day = self._step_to_working_day(day, step)
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Signed number of working days from ``a`` to ``b``.

        For ``a <= b`` it counts the working days ``d`` with ``a < d <= b`` (start excluded, end
        included, the same convention as :meth:`add_working_days`); for ``a > b`` it is
        ``-working_days_between(b, a)``. Hence ``working_days_between(a, add_working_days(a, n)) == n``
        for every ``n >= 1`` (and for ``n <= -1`` when ``a`` is a working day).

        Examples: from Fri 24/01/2025 to Fri 07/02/2025 → 5; from a Saturday to the next Sunday → 0.
        """
        if isinstance(a, datetime):
            a = a.date()
        if isinstance(b, datetime):
            b = b.date()
        if a == b:
            return 0
        if a > b:
            return -self.working_days_between(b, a)
        return sum(1 for i in range(1, (b - a).days + 1) if self.is_working_day(a + timedelta(days=i)))

    def working_days_late(self, due: date, finished: date) -> int:
        """How many working days a dossier finished on ``finished`` is late against ``due``.

        0 when ``finished <= due`` (on time or early, compared by date as most systems do,
        tthc_indicators.md §3.2). Otherwise ``working_days_between(due, finished)``, but at least 1:
        a dossier finished on the rest day after its due date is late even though no working day
        has passed.
        """
        if isinstance(due, datetime):
            due = due.date()
        if isinstance(finished, datetime):
            finished = finished.date()
        if finished <= due:
            return 0
        return max(1, self.working_days_between(due, finished))

    # -- calendar days and months (BLDS 2015 Điều 147–148, UNCONFIRMED) -----------------------

    def add_calendar_days(self, start: date, n: int, *, roll_rest_day: bool = True) -> date:
        """``start + n`` days; a result on a rest day moves to the next working day.

        BLDS 2015 Điều 148 as summarised in tthc_indicators.md §3.4 (UNCONFIRMED): "if the last
        day is a rest day the period ends at the end of the next working day". ``roll_rest_day``
        turns that off.
        """
        if isinstance(start, datetime):
            start = start.date()
        end = start + timedelta(days=n)
        return self.working_day_on_or_after(end) if roll_rest_day else end

    def add_months(self, start: date, n: int, *, roll_rest_day: bool = True) -> date:
        """The same day ``n`` months later (the month's last day if it has none), rolled forward.

        BLDS 2015 Điều 147–148 (UNCONFIRMED summary): a period in months ends on the corresponding
        day of the last month; without such a day, on that month's last day.
        """
        if isinstance(start, datetime):
            start = start.date()
        month_index = start.year * 12 + (start.month - 1) + n
        year, month = divmod(month_index, 12)
        month += 1
        day = min(start.day, _calendar.monthrange(year, month)[1])
        end = date(year, month, day)
        return self.working_day_on_or_after(end) if roll_rest_day else end

    # -- hours ------------------------------------------------------------------------------

    def _sessions_on(self, day: date, tzinfo) -> list[tuple[datetime, datetime]]:
        if not self.is_working_day(day):
            return []
        return [
            (datetime.combine(day, start, tzinfo=tzinfo), datetime.combine(day, end, tzinfo=tzinfo))
            for start, end in self.work_sessions
        ]

    def add_working_hours(self, start: datetime, hours: int | float | Decimal) -> datetime:
        """The moment ``hours`` working hours after ``start``, counting only work sessions.

        Some procedures are limited in hours ([F766] 2.2: unit "Giờ", tthc_indicators.md §3.4).
        Time outside the sessions (``DEFAULT_WORK_SESSIONS``, an assumption) and on rest days does
        not count. A result that lands exactly on the end of a session is returned as that end.
        ``hours == 0`` returns ``start`` unchanged. The timezone of ``start`` (if any) is kept:
        sessions are read as local wall-clock times.
        """
        if not isinstance(start, datetime):
            raise TypeError("add_working_hours needs a datetime")
        remaining = timedelta(hours=float(hours))
        if remaining < timedelta(0):
            raise ValueError("hours must not be negative")
        if remaining == timedelta(0):
            return start
        day = start.date()
        cursor = start
        for _ in range(_MAX_CONSECUTIVE_REST_DAYS * 10):
            for session_start, session_end in self._sessions_on(day, start.tzinfo):
                begin = max(cursor, session_start)
                if begin >= session_end:
                    continue
                available = session_end - begin
                if remaining <= available:
                    return begin + remaining
                remaining -= available
                cursor = session_end
            day += timedelta(days=1)
        raise ValueError("Could not place the working hours; is the calendar empty?")

    # -- due dates with their rule -----------------------------------------------------------

    def due_date(self, received: date | datetime, amount: int, unit: TimeUnit | str) -> DueDate:
        """Due date of a dossier received at ``received`` for a limit of ``amount`` ``unit``.

        Returns the value with ``rule_id`` = counting convention / unit / calendar identity, so that
        it can be stored next to the date.
        """
        unit = TimeUnit(unit)
        if amount < 0:
            raise ValueError("A processing time cannot be negative")
        received_day = received.date() if isinstance(received, datetime) else received
        if unit is TimeUnit.WORKING_HOUR:
            if not isinstance(received, datetime):
                raise TypeError("A limit in hours needs the reception datetime")
            value: date | datetime = self.add_working_hours(received, amount)
            how = f"{amount} working hour(s) within sessions after {received.isoformat()}"
        elif unit is TimeUnit.WORKING_DAY:
            value = self.add_working_days(received_day, amount)
            how = f"{amount} working day(s) counted from the day after {received_day.isoformat()}"
        elif unit is TimeUnit.CALENDAR_DAY:
            value = self.add_calendar_days(received_day, amount)
            how = f"{amount} day(s) after {received_day.isoformat()}, rest-day end rolled forward"
        else:
            value = self.add_months(received_day, amount)
            how = f"{amount} month(s) after {received_day.isoformat()}, rest-day end rolled forward"
        rule_id = f"{COUNTING_RULE_ID}/{unit.value}/{self.rule_id}"
        description = f"{how} (BLDS 2015 Điều 147–148; calendar {self.rule_id})"
        return DueDate(value=value, rule_id=rule_id, description=description)
