"""The suggestion rule library: turn a measured input into suggested points (pure, no database).

Three kinds, parameterised per criterion in the criteria set (``Criterion.rule_params``), never code
per criterion:

* ``threshold`` — a table of ``{"min": "95", "points": "1.5"}`` rows: the points of the highest row
  whose minimum the value reaches (≥); below every row, 0 (or ``"else"``).
* ``linear`` — proportional up to a cap: ``zero_at`` (default 0) gives 0 points, ``full_at`` gives the
  criterion's maximum, in between a straight line, beyond them 0 or the maximum.
* ``by_date`` — yes or no by a date: on or before ``date`` (dd/mm/yyyy or yyyy-mm-dd) the maximum (or
  ``points``), after it or never, ``late_points`` (default 0).

``validate`` returns Vietnamese messages for bad parameters; ``apply`` returns the points and the
calculation as a sentence. Points never exceed the criterion's maximum.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from cchc.parindex.numbers import PointsError, format_points, parse_points, round_half_up

THRESHOLD, LINEAR, BY_DATE = "threshold", "linear", "by_date"
KINDS = (THRESHOLD, LINEAR, BY_DATE)


@dataclass(frozen=True)
class Outcome:
    points: Decimal
    calculation: str


def parse_date(value) -> dt.date | None:
    """A date given as dd/mm/yyyy or yyyy-mm-dd (or a date); None when it is not one."""
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar date, no time zone
        except ValueError:
            continue
    return None


def _number(value) -> Decimal | None:
    try:
        return parse_points(value)
    except PointsError:
        return None


def validate(kind: str, params: dict, max_points: Decimal) -> list[str]:
    """What is wrong with ``params`` for a rule of ``kind`` on a criterion worth ``max_points``."""
    if kind not in KINDS:
        return [_("Unknown rule kind “{kind}”.").format(kind=kind)]
    if not isinstance(params, dict):
        return [_("The rule's parameters must be a table of names and values.")]
    errors = []
    if kind == THRESHOLD:
        rows = params.get("table")
        if not isinstance(rows, list) or not rows:
            return [_("A threshold table needs at least one row with a minimum and points.")]
        for index, row in enumerate(rows, 1):
            low = _number(row.get("min")) if isinstance(row, dict) else None
            points = _number(row.get("points")) if isinstance(row, dict) else None
            if low is None or points is None:
                errors.append(_("Row {n} of the threshold table needs a minimum and points as numbers.").format(n=index))
            elif points < 0 or points > max_points:
                errors.append(_("Row {n} of the threshold table gives {points} points, more than the maximum {max}.").format(
                    n=index, points=format_points(points), max=format_points(max_points)))
        if "else" in params and _number(params.get("else")) is None:
            errors.append(_("The points below every row must be a number."))
    elif kind == LINEAR:
        full_at, zero_at = _number(params.get("full_at")), _number(params.get("zero_at", "0"))
        if full_at is None or zero_at is None:
            errors.append(_("A linear rule needs the value that gives full points (full_at) as a number."))
        elif full_at == zero_at:
            errors.append(_("The value that gives full points must differ from the value that gives none."))
    else:
        if parse_date(params.get("date")) is None:
            errors.append(_("A rule by date needs the date (dd/mm/yyyy)."))
        for name in ("points", "late_points"):
            if name in params:
                points = _number(params.get(name))
                if points is None or points < 0 or points > max_points:
                    errors.append(_("The points of a rule by date must be a number between 0 and {max}.").format(
                        max=format_points(max_points)))
    return errors


def apply(kind: str, params: dict, max_points: Decimal, value) -> Outcome:
    """The points ``value`` earns under the rule; ``value`` is a Decimal (a share in %, a count) or, for
    ``by_date``, the date the thing was done (None: never)."""
    if kind == THRESHOLD:
        return _threshold(params, max_points, Decimal(value))
    if kind == LINEAR:
        return _linear(params, max_points, Decimal(value))
    if kind == BY_DATE:
        return _by_date(params, max_points, value)
    raise ValueError(kind)


def _threshold(params: dict, max_points: Decimal, value: Decimal) -> Outcome:
    rows = sorted(((_number(r["min"]), _number(r["points"])) for r in params["table"]), key=lambda row: row[0], reverse=True)
    shown = format_points(value)
    for low, points in rows:
        if value >= low:
            points = min(points, max_points)
            return Outcome(points, _("{value} ≥ {low}: {points} points").format(
                value=shown, low=format_points(low), points=format_points(points)))
    fallback = min(_number(params.get("else", "0")) or Decimal(0), max_points)
    return Outcome(fallback, _("{value} < {low}: {points} points").format(
        value=shown, low=format_points(rows[-1][0]), points=format_points(fallback)))


def _linear(params: dict, max_points: Decimal, value: Decimal) -> Outcome:
    full_at, zero_at = _number(params["full_at"]), _number(params.get("zero_at", "0"))
    share = (value - zero_at) / (full_at - zero_at)
    share = min(max(share, Decimal(0)), Decimal(1))
    points = round_half_up(max_points * share)
    return Outcome(points, _("{max} × ({value} − {zero}) / ({full} − {zero}), between 0 and {max}: {points} points").format(
        max=format_points(max_points), value=format_points(value), zero=format_points(zero_at), full=format_points(full_at),
        points=format_points(points)))


def _by_date(params: dict, max_points: Decimal, done_on: dt.date | None) -> Outcome:
    deadline = parse_date(params["date"])
    on_time = min(_number(params.get("points", max_points)) or Decimal(0), max_points)
    late = min(_number(params.get("late_points", "0")) or Decimal(0), max_points)
    if done_on is None:
        return Outcome(late, _("not done: {points} points").format(points=format_points(late)))
    if done_on <= deadline:
        return Outcome(on_time, _("{day} on or before {deadline}: {points} points").format(
            day=f"{done_on:%d/%m/%Y}", deadline=f"{deadline:%d/%m/%Y}", points=format_points(on_time)))
    return Outcome(late, _("{day} after {deadline}: {points} points").format(
        day=f"{done_on:%d/%m/%Y}", deadline=f"{deadline:%d/%m/%Y}", points=format_points(late)))
