"""The figures of a report (biểu số liệu): counts and ratios, summed across units, compared over time.

Pure Python (gettext aside). A figure is stored in a report's snapshot as JSON:

    {"code": "tasks_completed", "label": "…", "value": 12}                       a count
    {"code": "tasks_rate", "label": "…", "numerator": 12, "denominator": 20}      a ratio (a percentage)
    {"code": "metric:…", "label": "…", "numerator": 90, "denominator": 30, "unit": "ngày"}   an average

A ratio of several units is the sum of their numerators over the sum of their denominators, never
the average of their percentages (DESIGN.md, "Rules that keep the numbers right"); ``Ratio`` from
``cchc.indicators.formulas`` does the arithmetic and the Vietnamese display.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from cchc.indicators.formulas import Ratio, format_decimal_vi

Number = int | Decimal


@dataclass(frozen=True)
class Figure:
    """One row of the figures table: a count (``denominator is None``) or a ratio, shown as a
    percentage when ``unit`` is "%" and otherwise as a number of ``unit`` (an average)."""

    code: str
    label: str
    numerator: Number
    denominator: Number | None = None
    unit: str = "%"

    @property
    def is_ratio(self) -> bool:
        return self.denominator is not None

    @property
    def ratio(self) -> Ratio | None:
        return Ratio(self.numerator, self.denominator) if self.is_ratio else None

    def display(self) -> str:
        """ "12", "1.234", "96,55%", "3,50 ngày" or "—" for a ratio over zero."""
        if self.is_ratio:
            if self.unit == "%":
                return self.ratio.display()
            text = self.ratio.display(as_percent=False)
            return text if self.ratio.value is None else f"{text} {self.unit}"
        if isinstance(self.numerator, Decimal) and self.numerator != self.numerator.to_integral_value():
            return format_decimal_vi(self.numerator)
        return format_decimal_vi(Decimal(self.numerator), 0)

    def to_json(self) -> dict:
        data = {"code": self.code, "label": self.label}
        if self.is_ratio:
            data.update(numerator=_json_number(self.numerator), denominator=_json_number(self.denominator))
            if self.unit != "%":
                data["unit"] = self.unit
        else:
            data["value"] = _json_number(self.numerator)
        return data

    @classmethod
    def from_json(cls, data: dict) -> Figure:
        if "denominator" in data:
            numbers = _number(data["numerator"]), _number(data["denominator"])
            return cls(data["code"], data["label"], *numbers, unit=data.get("unit", "%"))
        return cls(data["code"], data["label"], _number(data["value"]))


def _json_number(value: Number) -> int | str:
    if isinstance(value, int):
        return value
    return int(value) if value == value.to_integral_value() else str(value)


def _number(value) -> Number:
    if isinstance(value, int):
        return value
    number = Decimal(str(value))
    return int(number) if number == number.to_integral_value() else number


def to_json(figures: Iterable[Figure]) -> list[dict]:
    return [figure.to_json() for figure in figures]


def from_json(rows: Iterable[dict] | None) -> list[Figure]:
    return [Figure.from_json(row) for row in rows or ()]


def sum_figures(groups: Iterable[Iterable[Figure]]) -> list[Figure]:
    """Add the figures of several units code by code, in the order codes first appear.

    Counts add; ratios add their numerators and denominators. A code that is a count in one unit and
    a ratio in another is a programming error and raises ``ValueError``.
    """
    totals: dict[str, Figure] = {}
    for figures in groups:
        for figure in figures:
            current = totals.get(figure.code)
            if current is None:
                totals[figure.code] = figure
                continue
            if current.is_ratio != figure.is_ratio:
                raise ValueError(f"{figure.code} is a count in one report and a ratio in another")
            denominator = current.denominator + figure.denominator if figure.is_ratio else None
            numerator = current.numerator + figure.numerator
            totals[figure.code] = Figure(figure.code, current.label, numerator, denominator, current.unit)
    return list(totals.values())


@dataclass(frozen=True)
class Change:
    """A figure whose value differs between the frozen snapshot and the data today."""

    code: str
    label: str
    frozen: str
    current: str


def changes(frozen: Iterable[Figure], current: Iterable[Figure]) -> list[Change]:
    """What changed since a snapshot: differing values, and figures that appeared or disappeared."""
    before = {f.code: f for f in frozen}
    after = {f.code: f for f in current}
    result = []
    for code in [*before, *(c for c in after if c not in before)]:
        old, new = before.get(code), after.get(code)
        if (
            old is not None
            and new is not None
            and (old.numerator, old.denominator) == (new.numerator, new.denominator)
        ):
            continue
        label = (old or new).label
        result.append(Change(code, label, old.display() if old else "—", new.display() if new else "—"))
    return result
