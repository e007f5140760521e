"""Period-independent facts derived from one dossier, so that counting per period is a sum.

Pure Python. Rules (tthc_indicators.md §3.1–3.3, [F766] 2.1, 3.3, 3.6, 4.1, 4.2):

* Outcome of a finished dossier: finished (day) minus the citizen's supplement time, against the
  due date: before → early, on it → on time, after → late; a refused, stopped or withdrawn dossier
  is "returned". Days are compared, not timestamps (§3.2: most systems do; UNCONFIRMED).
* Supplement pause: end − (supplement completed − supplement requested) ([F766] 2.1). While the
  citizen has not come back, the clock stands at the request day. More supplement requests than
  ``late_after_supplement_requests`` make the dossier late ([F766]: "hơn 01 lần thì tính quá hạn").
* ``overdue_from``: the first day on which the dossier, if still open at the end of that day,
  counts as "in progress past the deadline". An open dossier is overdue at the end of a period
  iff the period ends on or after this day; so the stock of overdue dossiers at any date is a
  difference of two running sums. ``None``: never overdue while open.
* Online share: an online dossier of a procedure whose result is a paper document counts only
  with an electronic result ([F766] 3.3, configurable). Digitised: components digitised and, for
  a paper-result procedure, an electronic result ([F766] 4.2). Owes a fee: the dossier's own fee
  when known, else the procedure's ([F766] 3.6).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

EARLY, ON_TIME, LATE, RETURNED = "early", "on_time", "late", "returned"
RESOLVED = frozenset({"resolved", "result_returned"})
RETURNED_OR_WITHDRAWN = frozenset({"rejected", "stopped", "withdrawn"})


@dataclass(frozen=True)
class Rules:
    """The configurable counting rules in force for a dossier (``CountingRules`` rows)."""

    late_after_supplement_requests: int | None = 1
    extension_moves_due_date: bool = False
    online_needs_electronic_result: bool = True


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
    working_days_between,
) -> Derived:
    """Everything counting needs from one dossier; ``working_days_between(a, b)`` counts days in ``(a, b]``."""
    due = extended_due_date if (extended_due_date and rules.extension_moves_due_date) else due_date
    too_many = rules.late_after_supplement_requests is not None and supplement_requests > rules.late_after_supplement_requests
    pending = supplement_requested_on is not None and supplement_completed_on is None
    pause = (supplement_completed_on - supplement_requested_on).days if supplement_requested_on and supplement_completed_on else 0

    if too_many:
        overdue_from = received_on
    elif pending:
        overdue_from = due + timedelta(days=1) if supplement_requested_on > due else None
    else:
        overdue_from = due + timedelta(days=pause + 1)

    outcome, resolution_days = "", None
    if status in RETURNED_OR_WITHDRAWN:
        outcome = RETURNED
    elif status in RESOLVED and finished_on is not None:
        stopped_on = supplement_requested_on if pending else finished_on - timedelta(days=pause)
        outcome = LATE if too_many or stopped_on > due else (EARLY if stopped_on < due else ON_TIME)
        resolution_days = max(0, working_days_between(received_on, max(received_on, stopped_on)))

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
