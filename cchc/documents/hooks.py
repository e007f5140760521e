"""Hooks to the plans app's pure parsers for timeframes and targets.

``cchc.plans.timeframe.parse_timeframe(text, *, year)`` and ``cchc.plans.targets.parse_target(text)``
are written separately. When they are importable their results are used; otherwise the raw text is
kept and the parsed fields stay empty. A parser that fails on odd input marks the field for review
instead of breaking the import.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TimeframeDraft:
    text: str | None
    due: str | None = None  # ISO date
    recurrence: str | None = None
    needs_review: bool = False


@dataclass(frozen=True)
class TargetDraft:
    text: str
    metric: str | None = None
    comparator: str | None = None
    value: float | None = None
    unit: str | None = None
    needs_review: bool = False
    metric_code: str | None = None


def parse_timeframe_hook(text: str | None, *, year: int | None) -> TimeframeDraft:
    """Timeframe text → due date and recurrence, through ``cchc.plans.timeframe`` when it exists."""
    if not text:
        return TimeframeDraft(text=None)
    try:
        from cchc.plans.timeframe import parse_timeframe
    except ImportError:
        return TimeframeDraft(text=text)
    if year is None:  # without the plan year a relative text ("Quý I") has no date
        return TimeframeDraft(text=text, needs_review=True)
    try:
        parsed = parse_timeframe(text, year=year)
    except Exception:  # a parser bug on one cell must not stop the import
        logger.warning("parse_timeframe failed on %r", text, exc_info=True)
        return TimeframeDraft(text=text, needs_review=True)
    return TimeframeDraft(
        text=text,
        due=_iso(getattr(parsed, "due", None)),
        recurrence=_plain(getattr(parsed, "recurrence", None)),
        needs_review=bool(getattr(parsed, "needs_review", False)),
    )


def parse_target_hook(text: str) -> TargetDraft:
    """Target statement → metric, comparator, value, unit, through ``cchc.plans.targets`` when it exists,
    and the code of the metric that measures it (``cchc.indicators.binding``)."""
    try:
        from cchc.plans.targets import parse_target
    except ImportError:
        return TargetDraft(text=text)
    metric_code = _metric_code(text)
    try:
        parsed = parse_target(text)
    except Exception:  # a parser bug on one statement must not stop the import
        logger.warning("parse_target failed on %r", text, exc_info=True)
        return TargetDraft(text=text, needs_review=True, metric_code=metric_code)
    if parsed is None:
        return TargetDraft(text=text, needs_review=True, metric_code=metric_code)
    value = getattr(parsed, "value", None)
    return TargetDraft(
        text=text,
        metric=_plain(getattr(parsed, "metric_text", None) or getattr(parsed, "metric", None)),
        comparator=_plain(getattr(parsed, "comparator", None)),
        value=float(value) if isinstance(value, int | float | Decimal) else None,
        unit=_plain(getattr(parsed, "unit", None)),
        needs_review=bool(getattr(parsed, "needs_review", False)),
        metric_code=metric_code,
    )


def _metric_code(text: str) -> str | None:
    try:
        from cchc.indicators.binding import bind
    except ImportError:
        return None
    return bind(text)


def _iso(value: object) -> str | None:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value) if value else None


def _plain(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, Enum):
        value = value.value
    return str(value) or None
