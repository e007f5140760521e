"""The counting rules in force on a reception date, and the stored rules that produced due dates.

Working days come from the one calendar (``cchc.calendar.api.calendar_versions``: the version in
force on the reception day computes a dossier's due date); what this module adds is the dossiers'
own side: ``CountingRules`` versions (``counting_rules()``, read once per change of the table and
cached per process) and the ``DueRule`` row stored with every computed due date.
"""

from __future__ import annotations

import datetime as dt
import threading
from bisect import bisect_right

from cchc.calendar.api import CalendarVersion
from cchc.calendar.workdays import COUNTING_RULE_ID
from cchc.procedures.classification import Rules
from cchc.procedures.models import CountingRules, DueRule

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


class RulesVersions:
    """The counting rules over time; before the first row, the defaults of ``Rules``."""

    def __init__(self, rows: tuple):
        ordered = sorted(rows, key=lambda row: row[0])
        self._starts = [row[0] for row in ordered]
        self._rules = [Rules(**dict(zip(RULE_FIELDS[1:], row[1:], strict=True))) for row in ordered]

    def rules_on(self, day: dt.date) -> Rules:
        position = bisect_right(self._starts, day) - 1
        return self._rules[position] if position >= 0 else Rules()


def rules_from_rows(rows: tuple) -> RulesVersions:
    """The versions ``RULE_FIELDS`` rows give (plain rows: a data migration passes the historical model's)."""
    return RulesVersions(rows)


def counting_rules() -> RulesVersions:
    """The counting rules in force over time; rebuilt when an administrator changes them."""
    rows = tuple(CountingRules.objects.order_by("effective_from").values_list(*RULE_FIELDS))
    with _lock:
        if _cache.get("rows") != rows:
            _cache.update(rows=rows, rules=rules_from_rows(rows))
        return _cache["rules"]


def due_rule(version: CalendarVersion, processing_unit: str) -> DueRule:
    """The stored ``DueRule`` for due dates computed with the calendar ``version`` in ``processing_unit``
    (created on first use)."""
    rule, _ = DueRule.objects.get_or_create(
        rule_id=f"{COUNTING_RULE_ID}/{processing_unit}/{version.calendar.rule_id}",
        defaults={
            "description": (
                f"{processing_unit}: counted from the day after reception, rest-day end rolled forward "
                f"(BLDS 2015 Điều 147–148); weekends, holidays package and adjustments in force from "
                f"{version.effective_from:%d/%m/%Y}"
            ),
            "days_off": sorted(d.isoformat() for d in version.calendar.extra_days_off),
            "working_days": sorted(d.isoformat() for d in version.calendar.extra_working_days),
        },
    )
    return rule


def source_due_rule() -> DueRule:
    """The rule of a due date the one-stop system gave (stored as given)."""
    rule, _ = DueRule.objects.get_or_create(
        rule_id=DueRule.SOURCE_SYSTEM,
        defaults={"description": "Ngày hẹn trả do hệ thống thông tin một cửa điện tử cung cấp (NgayHenTra)."},
    )
    return rule
