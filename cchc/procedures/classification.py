"""Period-independent facts derived from one dossier, so that counting is a sum.

Pure Python. Rules (tthc_indicators.md §2.4, §3.1–3.4, [F766] 2.1, 3.3, 3.6, 4.1, 4.2):

* Outcome of a finished dossier: finished (day) against the due date moved by the citizen's
  supplement time: before → early, on it → on time, after → late; a refused, stopped or withdrawn
  dossier is "returned". Days are compared, not timestamps (§3.2: most systems do; UNCONFIRMED).
* Supplement time, ``Rules.supplement_rule`` (a choice, see ``SUPPLEMENT_RULES``):

  - ``SUPPLEMENT_PAUSE`` (default), [F766] 2.1: "Thời gian kết thúc xử lý = Thời gian kết thúc xử
    lý − (Thời điểm hoàn thành bổ sung − Thời điểm yêu cầu bổ sung)". The pause is measured in the
    procedure's own unit (§3.4, [F766] 2.2 ``DonViTinh``): working days for a limit in working
    days (a weekend or Tết inside the pause is not the citizen's time, since the agency would
    not have worked then either), working hours within the work sessions for a limit in hours,
    calendar days for a limit in days or months. The due date moves forward by the pause (for
    working days: by as many working days; for hours: the due moment by as many working hours;
    for days: by as many days, which is "end − pause ≤ due" of [F766] read literally).
  - ``SUPPLEMENT_RESTART``, NĐ 61/2018 Điều 19 (tthc_indicators.md §2.4): "Thời hạn giải quyết
    được tính lại từ đầu sau khi nhận đủ hồ sơ": once the supplement is complete, the due date is
    the procedure's full limit counted from the completion, and the resolution time runs from it.

  While the citizen has not come back, the clock stands at the request day, under both readings.
* More supplement requests than ``late_after_supplement_requests`` make the dossier late ([F766]:
  "trừ trường hợp 'Yêu cầu bổ sung hồ sơ' hơn 01 lần thì tính quá hạn"). The reference states it
  for a dossier whose supplement is pending (the citizen has not come back: requested and not
  completed); ``Rules.too_many_supplements_applies_to`` = ``TOO_MANY_PENDING`` (default) applies
  it there only, ``TOO_MANY_ALL`` to every dossier, finished ones with a completed supplement too.
* ``resolution_days`` is in working days whatever the procedure's unit ([F766] 2.2 averages it):
  the working days from reception to the finish, less the working days of the pause (under the
  restart reading: from the supplement's completion to the finish).
* ``overdue_from``: the first day on which the dossier, if still open at the end of that day,
  counts as "in progress past the deadline" (the moved or restarted due date + 1). An open
  dossier is overdue at the end of a period iff the period ends on or after this day; so the
  stock of overdue dossiers at any date is a difference of two running sums. ``None``: never
  overdue while open.
* Online share: an online dossier of a procedure whose result is a paper document counts only
  with an electronic result ([F766] 3.3, configurable). Digitised: components digitised and, for
  a paper-result procedure, an electronic result ([F766] 4.2). Owes a fee: the dossier's own fee
  when known, else the procedure's ([F766] 3.6).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol

EARLY, ON_TIME, LATE, RETURNED = "early", "on_time", "late", "returned"
RESOLVED = frozenset({"resolved", "result_returned"})
RETURNED_OR_WITHDRAWN = frozenset({"rejected", "stopped", "withdrawn"})

#: The citizen's supplement time is a pause counted in the procedure's unit ([F766] 2.1). Default.
SUPPLEMENT_PAUSE = "pause"
#: The limit restarts from the supplement's completion (NĐ 61/2018 Điều 19, tthc_indicators.md §2.4).
SUPPLEMENT_RESTART = "restart"
SUPPLEMENT_RULES = (SUPPLEMENT_PAUSE, SUPPLEMENT_RESTART)
#: "More than one request is late" only while the supplement is pending ([F766] 2.1 as the reference reads). Default.
TOO_MANY_PENDING = "pending"
#: … and also for dossiers whose supplement was completed, finished or not.
TOO_MANY_ALL = "all"
TOO_MANY_SCOPES = (TOO_MANY_PENDING, TOO_MANY_ALL)

_WORKING_DAY, _WORKING_HOUR = "working_day", "working_hour"  # ``workdays.TimeUnit`` values


@dataclass(frozen=True)
class Rules:
    """The configurable counting rules in force for a dossier (``CountingRules`` rows)."""

    late_after_supplement_requests: int | None = 1
    extension_moves_due_date: bool = False
    online_needs_electronic_result: bool = True
    supplement_rule: str = SUPPLEMENT_PAUSE
    too_many_supplements_applies_to: str = TOO_MANY_PENDING

    def __post_init__(self) -> None:
        if self.supplement_rule not in SUPPLEMENT_RULES:
            raise ValueError(f"Unknown supplement rule {self.supplement_rule!r}")
        if self.too_many_supplements_applies_to not in TOO_MANY_SCOPES:
            raise ValueError(f"Unknown scope {self.too_many_supplements_applies_to!r}")


class Deadlines(Protocol):
    """What ``derive`` needs of a calendar (``deadlines.DeadlineIndex``): O(log n) day counts."""

    calendar: object

    def working_days_between(self, a: date, b: date) -> int: ...

    def add_working_days(self, start: date, n: int) -> date: ...

    def working_hours_between(self, a: datetime, b: datetime) -> float: ...

    def due_date(self, received: datetime, amount, unit: str) -> date: ...

    def rank(self, day: date) -> int: ...


@dataclass(frozen=True)
class Derived:
    outcome: str
    overdue_from: date | None
    resolution_days: int | None
    counts_online: bool
    owes_fee: bool
    counts_digitised: bool


def derive(
    *,
    received_on: date,
    due_date: date,
    status: str,
    finished_on: date | None,
    supplement_requests: int,
    supplement_requested_on: date | None,
    supplement_completed_on: date | None,
    extended_due_date: date | None,
    channel: str,
    paper_result: bool,
    electronic_result: bool,
    components_digitised: bool,
    fee_amount,
    procedure_fee,
    rules: Rules,
    index: Deadlines,
    processing_unit: str,
    processing_time,
    received_at: datetime | None = None,
    supplement_requested_at: datetime | None = None,
    supplement_completed_at: datetime | None = None,
) -> Derived:
    """Everything counting needs from one dossier.

    ``index`` answers working-day questions of the calendar in force; ``processing_unit`` and
    ``processing_time`` are the procedure's limit. The local (naive) moments ``received_at`` and
    ``supplement_*_at`` are needed only for a limit in working hours (elsewhere the days suffice).
    """
    due = extended_due_date if (extended_due_date and rules.extension_moves_due_date) else due_date
    pending = supplement_requested_on is not None and supplement_completed_on is None
    too_many = (
        rules.late_after_supplement_requests is not None
        and supplement_requests > rules.late_after_supplement_requests
        and (pending or rules.too_many_supplements_applies_to == TOO_MANY_ALL)
    )
    paused = supplement_requested_on is not None and supplement_completed_on is not None
    worked_from, pause_days = received_on, 0  # working days counted: (worked_from, end] less pause_days
    if paused and rules.supplement_rule == SUPPLEMENT_RESTART:
        completed_at = supplement_completed_at or datetime.combine(supplement_completed_on, time())
        due = index.due_date(completed_at, processing_time, processing_unit)
        if extended_due_date and rules.extension_moves_due_date and extended_due_date > due:
            due = extended_due_date
        worked_from = supplement_completed_on
    elif paused:
        due = _moved_by_pause(
            due, index=index, unit=processing_unit, amount=processing_time, requested_on=supplement_requested_on,
            completed_on=supplement_completed_on, received_at=received_at, requested_at=supplement_requested_at,
            completed_at=supplement_completed_at,
        )
        pause_days = index.working_days_between(supplement_requested_on, supplement_completed_on)

    if too_many:
        overdue_from = received_on
    elif pending:
        overdue_from = due + timedelta(days=1) if supplement_requested_on > due else None
    else:
        overdue_from = due + timedelta(days=1)

    outcome, resolution_days = "", None
    if status in RETURNED_OR_WITHDRAWN:
        outcome = RETURNED
    elif status in RESOLVED and finished_on is not None:
        stopped_on = supplement_requested_on if pending else finished_on
        outcome = LATE if too_many or stopped_on > due else (EARLY if stopped_on < due else ON_TIME)
        resolution_days = max(0, index.working_days_between(worked_from, max(worked_from, stopped_on)) - pause_days)

    counts_online = channel == "online" and (
        not (rules.online_needs_electronic_result and paper_result) or electronic_result
    )
    owes_fee = (fee_amount > 0) if fee_amount is not None else (procedure_fee or 0) > 0
    counts_digitised = components_digitised and (not paper_result or electronic_result)
    return Derived(
        outcome=outcome,
        overdue_from=overdue_from,
        resolution_days=resolution_days,
        counts_online=counts_online,
        owes_fee=owes_fee,
        counts_digitised=counts_digitised,
    )


#: ``derive``'s arguments that ``derive_columns`` takes as columns, in order.
COLUMN_ARGUMENTS = (
    "received_on", "due_date", "status", "finished_on", "supplement_requests", "supplement_requested_on",
    "supplement_completed_on", "extended_due_date", "channel", "paper_result", "electronic_result",
    "components_digitised", "fee_amount", "procedure_fee", "rules", "index", "processing_unit", "processing_time",
    "received_at", "supplement_requested_at", "supplement_completed_at",
)


def derive_columns(**columns) -> tuple[list, list, list, list, list, list]:
    """``derive`` for many dossiers at once: each of ``COLUMN_ARGUMENTS`` is a sequence (the moments may be
    ``None`` instead, when no row has a limit in working hours); returns the ``Derived`` fields as six lists
    (outcome, overdue_from, resolution_days, counts_online, owes_fee, counts_digitised).

    A dossier without a supplement request (most of them) is classified here with the rules of ``derive``
    written out for that case, and its working days counted through the index's ranks; any other goes
    through ``derive`` itself. The two give the same answers (``tests/test_classification.py`` checks
    them against each other on every combination of the rules' cases).
    """
    count = len(columns["received_on"])
    absent = [None] * count
    moments = [columns.get(name) or absent for name in ("received_at", "supplement_requested_at", "supplement_completed_at")]
    outcomes, overdue, days, online, owes, digitised = [], [], [], [], [], []
    one_day = timedelta(days=1)
    for (received_on, due_date, status, finished_on, requests, requested_on, completed_on, extended, channel, paper,
         electronic, components, fee_amount, procedure_fee, rules, index, unit, amount, received_at, requested_at,
         completed_at) in zip(*(columns[name] for name in COLUMN_ARGUMENTS[:-3]), *moments, strict=True):
        if requested_on is not None:
            derived = derive(
                received_on=received_on, due_date=due_date, status=status, finished_on=finished_on,
                supplement_requests=requests, supplement_requested_on=requested_on,
                supplement_completed_on=completed_on, extended_due_date=extended, channel=channel, paper_result=paper,
                electronic_result=electronic, components_digitised=components, fee_amount=fee_amount,
                procedure_fee=procedure_fee, rules=rules, index=index, processing_unit=unit, processing_time=amount,
                received_at=received_at, supplement_requested_at=requested_at, supplement_completed_at=completed_at,
            )
            outcomes.append(derived.outcome)
            overdue.append(derived.overdue_from)
            days.append(derived.resolution_days)
            online.append(derived.counts_online)
            owes.append(derived.owes_fee)
            digitised.append(derived.counts_digitised)
            continue
        # No supplement asked: nothing pending, no pause; too many requests only under TOO_MANY_ALL.
        due = extended if (extended and rules.extension_moves_due_date) else due_date
        limit = rules.late_after_supplement_requests
        too_many = limit is not None and requests > limit and rules.too_many_supplements_applies_to == TOO_MANY_ALL
        overdue.append(received_on if too_many else due + one_day)
        if status in RETURNED_OR_WITHDRAWN:
            outcomes.append(RETURNED)
            days.append(None)
        elif status in RESOLVED and finished_on is not None:
            outcomes.append(LATE if too_many or finished_on > due else (EARLY if finished_on < due else ON_TIME))
            days.append(index.rank(finished_on) - index.rank(received_on) if finished_on > received_on else 0)
        else:
            outcomes.append("")
            days.append(None)
        online.append(channel == "online" and (not (rules.online_needs_electronic_result and paper) or electronic))
        owes.append((fee_amount > 0) if fee_amount is not None else (procedure_fee or 0) > 0)
        digitised.append(components and (not paper or electronic))
    return outcomes, overdue, days, online, owes, digitised


def _moved_by_pause(
    due: date, *, index: Deadlines, unit: str, amount, requested_on: date, completed_on: date,
    received_at: datetime | None, requested_at: datetime | None, completed_at: datetime | None,
) -> date:
    """The due date moved forward by the supplement pause, measured in the procedure's unit."""
    if unit == _WORKING_DAY:
        pause = index.working_days_between(requested_on, completed_on)
        return index.add_working_days(due, pause) if pause > 0 else due
    if unit == _WORKING_HOUR:
        requested_at = requested_at or datetime.combine(requested_on, time())
        completed_at = completed_at or datetime.combine(completed_on, time())
        hours = index.working_hours_between(requested_at, completed_at)
        if hours <= 0:
            return due
        # The due moment: the limit counted from reception when it falls on the due day, else the
        # end of the due day's last work session (a due date given by the source system).
        moment = index.calendar.add_working_hours(received_at, amount) if received_at is not None else None
        if moment is None or moment.date() != due:
            moment = datetime.combine(due, index.calendar.work_sessions[-1][1])
        return index.calendar.add_working_hours(moment, hours).date()
    # Days and months: the pause in calendar days ([F766]: end − pause against the due date).
    return due + timedelta(days=(completed_on - requested_on).days)
