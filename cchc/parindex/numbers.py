"""Points as people write them: "1,5" (decimal comma), "1.5", "2" (pure, no database).

A number with two commas ("1,5,0"), text ("một"), or more than two decimals is refused; the caller
names the criterion in its message. Points are kept as ``Decimal`` with two decimals.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d{1,2})?$")
TWO_PLACES = Decimal("0.01")


class PointsError(ValueError):
    """A value that is not a number of points; ``reason`` is "format" or "places"."""

    def __init__(self, reason: str, text: str):
        super().__init__(text)
        self.reason = reason
        self.text = text


def parse_points(value) -> Decimal | None:
    """``value`` as a Decimal of points; ``None`` for an empty value."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise PointsError("format", str(value))
    if isinstance(value, Decimal | int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(str(value))
    else:
        text = str(value).strip().replace(" ", "")
        if text == "":
            return None
        if not _NUMBER.match(text):
            if re.match(r"^[+-]?\d+[.,]\d{3,}$", text):
                raise PointsError("places", str(value))
            raise PointsError("format", str(value))
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation as exc:  # pragma: no cover - the pattern lets only numbers through
            raise PointsError("format", str(value)) from exc
    if not number.is_finite():
        raise PointsError("format", str(value))
    if number != number.quantize(TWO_PLACES, rounding=ROUND_HALF_UP):
        raise PointsError("places", str(value))
    return number.quantize(TWO_PLACES)


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_points(value: Decimal | None, places: int = 2) -> str:
    """Vietnamese display: "1,5", "68", "85,25"; "—" for no value."""
    if value is None:
        return "—"
    text = f"{round_half_up(Decimal(value), places):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")
