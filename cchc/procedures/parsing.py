"""Reading dossier and catalogue rows from CSV, XLSX or JSON values, with Vietnamese error messages.

Columns are recognised by their machine name or their Vietnamese header, ignoring case and
diacritics ("Mã hồ sơ", "ma_ho_so" and "code" are the same column). Dates are day/month/year
(``31/12/2025``, optionally ``08:30``) or ISO 8601; Excel date cells are taken as they are.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from cchc.core import spreadsheets
from cchc.core.text import fold

LOCAL_TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)


class CellError(ValueError):
    """A cell that cannot be read; the message is Vietnamese and names the problem."""


def as_key(text) -> str:
    """A header or a choice as a machine key: folded, brackets dropped, words joined by "_".

    "Mã hồ sơ" → "ma_ho_so"; "Trực tuyến (toàn trình)" → "truc_tuyen_toan_trinh".
    """
    return "_".join(fold(text).replace("(", " ").replace(")", " ").split())


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # Vietnamese header, as written in templates and messages
    required: bool = False
    aliases: tuple[str, ...] = ()

    def names(self) -> set[str]:
        return {as_key(self.key), as_key(self.label), *(as_key(a) for a in self.aliases)}


def header_map(headers: list[str], columns: tuple[Column, ...]) -> tuple[dict[int, str], list[str]]:
    """Position → column key for known headers, and the labels of required columns that are missing."""
    by_name = {name: column.key for column in columns for name in column.names()}
    positions: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = by_name.get(as_key(header or ""))
        if key and key not in positions.values():
            positions[index] = key
    found = set(positions.values())
    missing = [column.label for column in columns if column.required and column.key not in found]
    return positions, missing


def read_table(upload) -> tuple[list[str], list[tuple[int, list]]]:
    """Headers and (line number, cells) of a CSV or XLSX upload; blank lines are skipped.

    Read by ``cchc.core.spreadsheets`` in bounded memory: a zip bomb, too many rows or columns are refused.
    """
    try:
        return spreadsheets.read_table(upload)
    except spreadsheets.SpreadsheetError as error:
        raise CellError(str(error)) from None


# -- cells --------------------------------------------------------------------------------------


def parse_record(record, columns, parsers) -> tuple[dict, list[str]]:
    """Read one row of a catalogue table: ``parsers`` maps each column key to its cell parser.

    Returns the typed values of the non-blank cells and a Vietnamese message per bad or missing
    required cell, naming the column.
    """
    values: dict = {}
    errors: list[str] = []
    for column in columns:
        value = record.get(column.key)
        if is_blank(value):
            if column.required:
                errors.append(_("column '{column}' is empty.").format(column=column.label))
            continue
        try:
            values[column.key] = parsers[column.key](value)
        except CellError as error:
            errors.append(_("column '{column}': {reason}").format(column=column.label, reason=error))
    return values, errors


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_datetime(value) -> dt.datetime:
    """An aware datetime in local time from dd/mm/yyyy[ HH:MM[:SS]], ISO text or a date(time) value."""
    if value.__class__ is str and value[4:5] == "-":  # the usual ISO text, as one-stop systems export it
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            pass  # read again below (surrounding blanks, or a bad date the message names)
        else:
            return parsed.replace(tzinfo=LOCAL_TZ) if parsed.tzinfo is None else parsed.astimezone(LOCAL_TZ)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=LOCAL_TZ) if value.tzinfo is None else value.astimezone(LOCAL_TZ)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=LOCAL_TZ)
    text = str(value).strip()
    try:
        if len(text) >= 10 and text[2] == "/" and text[5] == "/":
            day = dt.datetime(int(text[6:10]), int(text[3:5]), int(text[0:2]), tzinfo=LOCAL_TZ)
            rest = text[10:].strip()
            if not rest:
                return day
            parts = [int(p) for p in rest.split(":")]
            if not 2 <= len(parts) <= 3:
                raise ValueError(rest)
            return day.replace(hour=parts[0], minute=parts[1], second=parts[2] if len(parts) == 3 else 0)
        parsed = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise CellError(_("'{value}' is not a valid date (dd/mm/yyyy).").format(value=text[:40])) from exc
    return parsed.replace(tzinfo=LOCAL_TZ) if parsed.tzinfo is None else parsed.astimezone(LOCAL_TZ)


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.astimezone(LOCAL_TZ).date() if value.tzinfo else value.date()
    if isinstance(value, dt.date):
        return value
    return parse_datetime(value).date()


def parse_decimal(value, *, allow_negative: bool = False) -> Decimal:
    if isinstance(value, str) and value.isdigit() and len(value) < 15:  # the usual "75000"
        return Decimal(value)
    if isinstance(value, bool):
        raise CellError(_("'{value}' is not a number.").format(value=value))
    if isinstance(value, int | Decimal):
        number = Decimal(value)
    else:
        text = str(value).strip().replace(" ", "")
        if text.count(".") > 1 or ("," in text and "." in text):  # 1.500.000 or 1.500,5
            text = text.replace(".", "").replace(",", ".")
        elif "," in text:
            text = text.replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise CellError(_("'{value}' is not a number.").format(value=str(value)[:40])) from exc
    if not number.is_finite() or abs(number) >= Decimal(10) ** 14:
        raise CellError(_("'{value}' is not a number.").format(value=str(value)[:40]))
    if number < 0 and not allow_negative:
        raise CellError(_("{value} is negative.").format(value=value))
    return number


#: the most a count column (e.g. supplement requests) may hold; more is a typing error
MAX_COUNT = 1000


def parse_count(value) -> int:
    if isinstance(value, str) and value.isdigit() and len(value) < 4:
        return int(value)
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise CellError(_("'{value}' is not a whole number.").format(value=value))
    if number > MAX_COUNT:
        raise CellError(_("'{value}' is more than {limit}.").format(value=value, limit=MAX_COUNT))
    return int(number)


_TRUE = {"1", "x", "co", "true", "yes", "dung", "da"}
_FALSE = {"0", "", "khong", "false", "no", "chua"}


_FAST_BOOLS = {"1": True, "0": False, "": False}


def parse_bool(value) -> bool:
    if isinstance(value, bool):
        return value
    if value in _FAST_BOOLS:
        return _FAST_BOOLS[value]
    if isinstance(value, int):
        if value in (0, 1):
            return bool(value)
    else:
        key = as_key(value)
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
    raise CellError(_("'{value}' is not yes/no (use 1/0 or có/không).").format(value=str(value)[:40]))


def parse_choice(value, mapping: dict[str, str], what) -> str:
    if value in mapping:
        return mapping[value]
    key = as_key(value)
    if key in mapping:
        return mapping[key]
    raise CellError(_("'{value}' is not a known {what}.").format(value=str(value)[:40], what=what))
