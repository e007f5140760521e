"""Read the "Thời gian thực hiện / hoàn thành" column of a reform plan.

Plans write timeframes as free text: "Quý I/2024", "Tháng 3, 6, 9, 12",
"Trước ngày 15/01/2024", "Thường xuyên", "Định kỳ hàng quý và năm 2024",
"Theo quy định" and so on, often split over lines by the PDF text dump and
sometimes typed without accents. ``parse_timeframe`` turns such a text into a
``Timeframe``: the windows it names, the due date (end of the last window, or
the deadline it names) and a recurrence.

The parser never guesses. Every word of the text must be understood; a text
with an unknown word, an impossible date or a year far from the plan year comes
back with ``needs_review=True``, a ``reason`` and nothing else filled in.

Pure Python: no Django, no database. Working days are not computed here.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from cchc.core.text import fold_keep_length

__all__ = [
    "Recurrence",
    "Timeframe",
    "normalize_text",
    "parse_timeframe",
]

Window = tuple[date, date]

# A due date more than this many years before / after the plan year is a typo until a person says otherwise.
MAX_YEARS_BEFORE_PLAN = 1
MAX_YEARS_AFTER_PLAN = 10


class Recurrence(StrEnum):
    """How often a task repeats, or who sets its timing (the second half of the glossary's ``recurrence``)."""

    ONGOING = "ongoing"  # Thường xuyên, Cả năm, Trong năm
    MONTHLY = "monthly"  # Hằng tháng
    QUARTERLY = "quarterly"  # Hằng quý
    SEMIANNUAL = "semiannual"  # Định kỳ 6 tháng
    ANNUAL = "annual"  # Hằng năm
    AS_REGULATED = "as_regulated"  # Theo quy định, Theo kế hoạch của tỉnh, Khi có yêu cầu


# When one text names several recurrences ("hàng quý, 6 tháng, năm"), the most frequent one wins.
_RECURRENCE_PRIORITY = (
    Recurrence.MONTHLY,
    Recurrence.QUARTERLY,
    Recurrence.SEMIANNUAL,
    Recurrence.ANNUAL,
    Recurrence.ONGOING,
    Recurrence.AS_REGULATED,
)


@dataclass(frozen=True)
class Timeframe:
    """The reading of one timeframe text ("Thời gian thực hiện").

    ``periods`` are the (start, end) windows the text names, in date order;
    ``due`` is the latest window end or named deadline. A bare recurrence
    ("Hằng quý", "Thường xuyên") has no due date and no periods. When
    ``needs_review`` is set, only ``text`` and ``reason`` are filled.
    """

    text: str
    due: date | None = None
    recurrence: Recurrence | None = None
    periods: list[Window] = field(default_factory=list)
    needs_review: bool = False
    reason: str = ""


# ---------------------------------------------------------------------------
# Text normalisation, shared with targets.py
# ---------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))


def normalize_text(text: str) -> str:
    """NFC-normalise, unify dashes, drop invisible characters and collapse all whitespace to single spaces."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).translate(_DASHES)
    # A combining mark that NFC could not attach to a letter carries no meaning for us.
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.split())


# ---------------------------------------------------------------------------
# Calendar windows
# ---------------------------------------------------------------------------


class _Unreadable(Exception):
    """Raised while reading a text that looked like a timeframe but cannot be one."""


def _month_window(year: int, month: int) -> Window:
    if not 1 <= month <= 12:
        raise _Unreadable(f"month {month} does not exist")
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _quarter_window(year: int, quarter: int) -> Window:
    if not 1 <= quarter <= 4:
        raise _Unreadable(f"quarter {quarter} does not exist")
    first_month = 3 * quarter - 2
    return _month_window(year, first_month)[0], _month_window(year, first_month + 2)[1]


def _year_window(year: int) -> Window:
    return date(year, 1, 1), date(year, 12, 31)


def _make_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _Unreadable(f"{day}/{month}/{year} is not a date") from None


# ---------------------------------------------------------------------------
# Pieces: what one recognised expression contributes
# ---------------------------------------------------------------------------


@dataclass
class _Piece:
    """What one recognised expression says: windows, deadlines and/or recurrences."""

    windows: list[Window] = field(default_factory=list)
    deadlines: list[date] = field(default_factory=list)
    recurrences: list[Recurrence] = field(default_factory=list)
    is_range: bool = False  # already a "từ … đến …" range inside ("Tháng 3 đến tháng 6/2024")

    @property
    def is_rangeable(self) -> bool:
        """Whether this piece can be one end of a "từ … đến …" range."""
        return bool(self.windows or self.deadlines) and not self.recurrences

    @property
    def first_day(self) -> date:
        return min([start for start, _ in self.windows] + self.deadlines)

    @property
    def last_day(self) -> date:
        return max([end for _, end in self.windows] + self.deadlines)


# Connectors between pieces.
_FROM = "from"
_TO = "to"
_DASH = "dash"

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_QUARTER_NUMERAL = r"(?:iv|iii|ii|i|[1-4])(?![a-z0-9])"
_LIST_JOINER = r"\s*(?:,|va|-|den)\s*"
_END = r"(?![a-z0-9])"


def _year_of(match: re.Match[str], names: tuple[str, ...], plan_year: int) -> int:
    """The first of the named year groups that matched, else the plan year."""
    for name in names:
        if match.group(name):
            return int(match.group(name))
    return plan_year


def _numbers_with_ranges(listing: str, number_pattern: str) -> list[tuple[str, str]]:
    """Split "3, 6 - 9 và 12" into [("3", "3"), ("6", "9"), ("12", "12")]."""
    items: list[tuple[str, str]] = []
    tokens = re.findall(rf"{number_pattern}|-|den", listing)
    index = 0
    while index < len(tokens):
        first = tokens[index]
        if index + 2 < len(tokens) and tokens[index + 1] in ("-", "den"):
            items.append((first, tokens[index + 2]))
            index += 3
        else:
            items.append((first, first))
            index += 1
    return items


# --- handlers: each turns one regex match into a _Piece ---------------------


def _read_quarters(match: re.Match[str], plan_year: int) -> _Piece:
    year = _year_of(match, ("y1", "y2", "y3"), plan_year)
    windows = []
    items = _numbers_with_ranges(match.group("list"), r"iv|iii|ii|i|[1-4]")
    for first, last in items:
        start_quarter = _ROMAN.get(first) or int(first)
        end_quarter = _ROMAN.get(last) or int(last)
        if end_quarter < start_quarter:
            raise _Unreadable("quarter range runs backwards")
        windows.append((_quarter_window(year, start_quarter)[0], _quarter_window(year, end_quarter)[1]))
    return _Piece(windows=windows, is_range=any(first != last for first, last in items))


def _read_months(match: re.Match[str], plan_year: int) -> _Piece:
    year = _year_of(match, ("y1", "y2"), plan_year)
    windows = []
    items = _numbers_with_ranges(match.group("list"), r"\d{1,2}")
    for first, last in items:
        if int(last) < int(first):
            raise _Unreadable("month range runs backwards")
        windows.append((_month_window(year, int(first))[0], _month_window(year, int(last))[1]))
    return _Piece(windows=windows, is_range=any(first != last for first, last in items))


def _read_part_of_year(match: re.Match[str], plan_year: int) -> _Piece:
    """ "6 tháng đầu năm" (January–June), "6 tháng cuối năm" (July–December), "9 tháng đầu năm"…"""
    year = _year_of(match, ("y1", "y2"), plan_year)
    months = 6 if match.group("half") else int(match.group("months"))
    if not 1 <= months <= 11:
        raise _Unreadable(f"{months} months is not part of a year")
    if match.group("which") == "dau":
        return _Piece(windows=[(date(year, 1, 1), _month_window(year, months)[1])])
    return _Piece(windows=[(_month_window(year, 13 - months)[0], date(year, 12, 31))])


def _read_years(match: re.Match[str], plan_year: int) -> _Piece:
    first = int(match.group("y"))
    last = int(match.group("y_end") or first)
    if last < first:
        raise _Unreadable("year range runs backwards")
    return _Piece(windows=[(_year_window(first)[0], _year_window(last)[1])], is_range=first != last)


def _read_date(match: re.Match[str], plan_year: int) -> _Piece:
    """ "15/01/2024" or "15 tháng 01 năm 2024" (groups d/m/y or d2/m2/y2); no year means the plan year."""
    day, month = match.group("d") or match.group("d2"), match.group("m") or match.group("m2")
    year = match.group("y") or match.group("y2")
    return _Piece(deadlines=[_make_date(int(year) if year else plan_year, int(month), int(day))])


def _read_ongoing(match: re.Match[str], plan_year: int) -> _Piece:
    windows = [_year_window(int(match.group("y")))] if match.group("y") else []
    return _Piece(windows=windows, recurrences=[Recurrence.ONGOING])


_PERIODIC_WORDS = {
    "thang": Recurrence.MONTHLY,
    "quy": Recurrence.QUARTERLY,
    "6 thang": Recurrence.SEMIANNUAL,
    "nam": Recurrence.ANNUAL,
}


def _read_periodic(match: re.Match[str], plan_year: int) -> _Piece:
    """ "Hằng quý", "Định kỳ hàng tháng", "hàng quý, 6 tháng, năm" (the last: three recurrences)."""
    words = re.findall(r"6 thang|9 thang|thang|quy|nam", match.group(0))
    recurrences = [_PERIODIC_WORDS[word] for word in words if word in _PERIODIC_WORDS]
    return _Piece(recurrences=recurrences)


def _read_semiannual(match: re.Match[str], plan_year: int) -> _Piece:
    return _Piece(recurrences=[Recurrence.SEMIANNUAL])


def _read_as_regulated(match: re.Match[str], plan_year: int) -> _Piece:
    return _Piece(recurrences=[Recurrence.AS_REGULATED])


# --- the grammar, on folded text (lower case, no diacritics) ------------------

_REGULATION_WORDS = (
    r"quy dinh|ke hoach|chi dao|yeu cau|huong dan|lo trinh|tien do|van ban|thong bao|chuong trinh"
    r"|de an|thoi gian quy dinh|thoi han quy dinh"
)

_Handler = Callable[[re.Match[str], int], _Piece]

_RULES: list[tuple[re.Pattern[str], _Handler]] = [
    # "Theo quy định", "Theo kế hoạch của tỉnh", "Theo đúng lộ trình", "Theo quy định, yêu cầu", "Khi có yêu cầu"
    (
        re.compile(
            rf"(?:theo(?: dung)?\s+(?:{_REGULATION_WORDS})(?:\s*(?:,|va|hoac)\s*(?:{_REGULATION_WORDS}))*"
            rf"(?:\s+(?:cua|duoc giao)\s+[^,;()]+)?"
            rf"|khi co\s+(?:yeu cau|chi dao|van ban|huong dan)(?:\s+(?:cua)\s+[^,;()]+)?"
            rf"|khi phat sinh|dot xuat){_END}"
        ),
        _read_as_regulated,
    ),
    # "Thường xuyên", "Cả năm", "Trong năm", "Liên tục", optionally with a year
    (
        re.compile(rf"(?:thuong xuyen|lien tuc|(?:ca|trong) nam)(?:\s+(?P<y>\d{{4}}))?{_END}"),
        _read_ongoing,
    ),
    # "Hằng quý", "Định kỳ hàng tháng", "hàng quý, 6 tháng, năm", "Mỗi năm"
    (
        re.compile(
            rf"(?:dinh ky\s+)?(?:hang|moi)\s+(?:thang|quy|nam){_END}"
            rf"(?:\s*(?:,|va|hoac)\s*(?:hang\s+)?(?:6 thang|9 thang|thang|quy|nam(?!\s*\d)){_END})*"
        ),
        _read_periodic,
    ),
    # "Định kỳ 6 tháng", "6 tháng/lần", "6 tháng một lần"
    (
        re.compile(rf"(?:(?:dinh ky|hang)\s+6 thang(?:\s*(?:/|mot)\s*lan)?|6 thang\s*(?:/|mot)\s*lan){_END}"),
        _read_semiannual,
    ),
    # "Định kỳ quý", "Định kỳ năm" (the word "hàng" left out)
    (re.compile(rf"dinh ky\s+(?:thang|quy|nam){_END}(?!\s*\d)"), _read_periodic),
    # "6 tháng đầu năm", "6 tháng cuối năm 2024", "9 tháng đầu năm", "Nửa đầu năm"
    (
        re.compile(
            rf"(?:(?P<months>\d{{1,2}})\s+thang|(?P<half>nua))\s+(?P<which>dau|cuoi)\s+nam"
            rf"(?:\s*/\s*(?P<y1>\d{{4}})|\s+(?P<y2>\d{{4}}))?{_END}"
        ),
        _read_part_of_year,
    ),
    # "Quý I/2024", "Quý I, II/2024", "Quý IV năm 2024", "Quý 4/2024", "Quý I - II"
    (
        re.compile(
            rf"quy\s+(?P<list>{_QUARTER_NUMERAL}(?:{_LIST_JOINER}(?:quy\s+)?{_QUARTER_NUMERAL})*)"
            rf"(?:\s*/\s*(?P<y1>\d{{4}})|\s+nam\s+(?P<y2>\d{{4}})|\s+(?P<y3>\d{{4}}))?(?![a-z0-9/])"
        ),
        _read_quarters,
    ),
    # "Tháng 3/2024", "Tháng 01/2024", "Tháng 3, 6, 9, 12", "tháng 3 năm 2024", "Tháng 3 - 6/2024"
    (
        re.compile(
            rf"thang\s+(?P<list>\d{{1,2}}(?!\d)(?:{_LIST_JOINER}(?:thang\s+)?\d{{1,2}}(?!\d)(?!\s+thang))*)"
            rf"(?:\s*/\s*(?P<y1>\d{{4}})|\s+nam\s+(?P<y2>\d{{4}}))?(?![a-z0-9/])"
        ),
        _read_months,
    ),
    # "Trước ngày 15/01/2024", "Trước 15/12", "Chậm nhất ngày 30.6.2024", "ngày 15 tháng 01 năm 2024"
    (
        re.compile(
            r"(?:(?:truoc|cham nhat(?: la)?|muon nhat|han chot|han)\s+)?(?:ngay\s+)?"
            r"(?:(?P<d>\d{1,2})\s*[/.]\s*(?P<m>\d{1,2})(?:\s*[/.]\s*(?P<y>\d{4}))?(?![\d/])"
            r"|(?P<d2>\d{1,2})\s+thang\s+(?P<m2>\d{1,2})(?:\s+nam\s+(?P<y2>\d{4}))?(?!\d))"
        ),
        _read_date,
    ),
    # "Năm 2024", "2024", "Năm 2021 - 2025", "giai đoạn 2021-2025"
    (
        re.compile(
            r"(?:(?:nam|giai doan)\s+)?(?P<y>(?:19|20)\d{2})(?![\d/])"
            r"(?:\s*(?:-|den)\s*(?:nam\s+)?(?P<y_end>(?:19|20)\d{2})(?![\d/]))?"
        ),
        _read_years,
    ),
]


# Words that carry no timing of their own.
_FILLERS = re.compile(
    r"(?:va|hoac|dinh ky|thuc hien|hoan thanh|thoi gian|du kien|trong|vao|neu co|giai doan)(?![a-z0-9])"
)
_CONNECTORS = re.compile(r"(?P<from>tu)(?![a-z0-9])|(?P<to>den|toi)(?![a-z0-9])|(?P<dash>-)")
_SEPARATORS = re.compile(r"[\s,;:.()+•*]+")
_WORD = re.compile(r"[^\s,;:()]+")

_BULLET_START = ("-", "+", "•", "*")


# ---------------------------------------------------------------------------
# Reading a whole text
# ---------------------------------------------------------------------------


def _tokenize(normalized: str, plan_year: int) -> tuple[list[_Piece | str], list[str]]:
    """Split text into pieces and connectors; also return the words nobody understood, as written."""
    folded = fold_keep_length(normalized)
    tokens: list[_Piece | str] = []
    unknown: list[str] = []
    position = 0
    while position < len(folded):
        separator = _SEPARATORS.match(folded, position)
        if separator:
            position = separator.end()
            continue
        for pattern, handler in _RULES:
            match = pattern.match(folded, position)
            if match:
                tokens.append(handler(match, plan_year))
                position = match.end()
                break
        else:
            end = _read_small_word(folded, position, tokens)
            if end is None:
                word = _WORD.match(folded, position)
                end = word.end() if word else position + 1
                unknown.append(normalized[position:end])
            position = end
    return tokens, unknown


def _read_small_word(folded: str, position: int, tokens: list[_Piece | str]) -> int | None:
    """Consume a connector or a filler word at ``position``; return the new position, or None if neither."""
    connector = _CONNECTORS.match(folded, position)
    if connector:
        tokens.append(_FROM if connector.group("from") else _TO if connector.group("to") else _DASH)
        return connector.end()
    filler = _FILLERS.match(folded, position)
    return filler.end() if filler else None


def _merge_range(first: _Piece, last: _Piece) -> _Piece:
    """ "Từ tháng 3 đến tháng 6/2024" → one window from the start of the first to the end of the last."""
    if last.last_day < first.first_day:
        raise _Unreadable("range ends before it starts")
    return _Piece(windows=[(first.first_day, last.last_day)])


def _combine(tokens: list[_Piece | str], dashes_are_bullets: bool) -> list[_Piece]:
    """Join pieces linked by "từ … đến …" or "A - B" into ranges; keep the others as a list."""
    pieces: list[_Piece] = []
    range_pending = False
    open_from: int | None = None
    for token in tokens:
        if token == _FROM:
            open_from = len(pieces)
        elif token == _TO or (token == _DASH and not dashes_are_bullets):
            range_pending = bool(pieces) and (token == _TO or pieces[-1].is_rangeable)
        elif isinstance(token, _Piece):
            if range_pending:
                if not (pieces[-1].is_rangeable and token.is_rangeable):
                    raise _Unreadable("cannot read a range between these parts")
                pieces[-1] = _merge_range(pieces[-1], token)
                if open_from == len(pieces) - 1:
                    open_from = None
            else:
                pieces.append(token)
                if open_from == len(pieces) - 1 and token.is_range:
                    open_from = None
            range_pending = False
    if range_pending:
        raise _Unreadable("a range has no end")
    if open_from is not None:
        raise _Unreadable("a range has a start but no end")
    return pieces


def _check_years(pieces: list[_Piece], plan_year: int) -> None:
    for piece in pieces:
        for day in [end for _, end in piece.windows] + piece.deadlines:
            if not plan_year - MAX_YEARS_BEFORE_PLAN <= day.year <= plan_year + MAX_YEARS_AFTER_PLAN:
                raise _Unreadable(f"year {day.year} is far from the plan year {plan_year}")


def _pick_recurrence(pieces: list[_Piece]) -> Recurrence | None:
    named = {recurrence for piece in pieces for recurrence in piece.recurrences}
    return next((recurrence for recurrence in _RECURRENCE_PRIORITY if recurrence in named), None)


def _review(text: str, reason: str) -> Timeframe:
    return Timeframe(text=text, needs_review=True, reason=reason)


def parse_timeframe(text: str, *, year: int) -> Timeframe:
    """Read a "Thời gian thực hiện" text; ``year`` is the plan year, used when the text gives none.

    >>> parse_timeframe("Quý I, II/2024", year=2024).due
    datetime.date(2024, 6, 30)
    >>> parse_timeframe("Hàng quý", year=2024).recurrence
    <Recurrence.QUARTERLY: 'quarterly'>
    """
    normalized = normalize_text(text)
    if not normalized:
        return _review(text, "empty timeframe")
    try:
        tokens, unknown = _tokenize(normalized, year)
        if unknown:
            return _review(text, "unrecognised words: " + ", ".join(unknown))
        pieces = _combine(tokens, dashes_are_bullets=normalized.startswith(_BULLET_START))
        _check_years(pieces, year)
    except _Unreadable as error:
        return _review(text, str(error))
    if not pieces:
        return _review(text, "no date, period or recurrence found")
    windows = sorted(window for piece in pieces for window in piece.windows)
    ends = [end for _, end in windows] + [deadline for piece in pieces for deadline in piece.deadlines]
    return Timeframe(
        text=text,
        due=max(ends) if ends else None,
        recurrence=_pick_recurrence(pieces),
        periods=windows,
    )
