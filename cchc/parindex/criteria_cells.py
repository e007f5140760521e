"""The cells of a criteria file: numbers with decimal commas, codes ("1.1.2", "I.", "Lĩnh vực 1", "a)"),
scoring option lines ("- Ban hành trước 31/12: 1 điểm"), marks ("x", "có"), method words and column names.

Pure functions: ``cchc.parindex.criteria_import`` reads a sheet with them. Words are compared
folded (``cchc.core.text.fold``: no case, no diacritics, punctuation as spaces).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from cchc.core.text import fold, fold_keep_length
from cchc.core.xlsx import FORMULA_STARTS

APPRAISAL, SURVEY, BOTH = "appraisal", "survey", "both"
DECIMAL_PLACES = Decimal("0.0001")
ROMAN = {"I": 1, "V": 5, "X": 10}
MAX_ROMAN = 20
SURVEY_WORDS = ("dieu tra xhh", "dieu tra xa hoi hoc", "dtxhh", "dt xhh", "khao sat")
APPRAISAL_WORDS = ("tham dinh", "tu cham", "tu danh gia")
TRUE_FLAGS = {"x", "co", "c", "yes", "y", "1", "true", "v", "bat buoc", "co yeu cau", "\u2713", "\u2714", "\u2611"}
FALSE_FLAGS = {"", "khong", "k", "no", "n", "0", "false", "-", "khong yeu cau", "khong bat buoc"}

_BULLET = re.compile(r"^\s*[-\u2013\u2014\u2022+*\u2212]\s*")
_OPTION = re.compile(
    r"^(?P<label>.+?)\s*[:\uff1a]\s*(?P<number>[-\u2212+]?\d[\d.,]*)\s*(?P<unit>điểm|đ)?\s*[.;]?\s*$", re.IGNORECASE
)
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
#: a code at the start of a title: "1.1.2 ", "1.1. ", "1. ", "I. ", "a) ", "B. "
_CODE_IN_TITLE = re.compile(
    r"^\s*(?:(?P<dotted>\d+(?:\.\d+)+)(?:\s*[.:)]\s*|\s+)|(?P<single>\d+|[IVX]+)\s*[.:)]\s*"
    r"|(?P<letter>[a-z])\s*[.)]\s*|(?P<section>[A-H])\s*[.:)]\s*)(?P<rest>[^\W\d_].*|[(\"“].*)$",
    re.DOTALL,
)
#: a code cell: "1.1.2", "1.1.", "1", "I.", "a)", "B"
_CODE_CELL = re.compile(
    r"^\s*(?:(?P<dotted>\d+(?:\.\d+)*)|(?P<roman>[IVX]+)|(?P<letter>[a-z])|(?P<section>[A-H]))\s*[.:)]?\s*$"
)
#: "Lĩnh vực 1: …", "LĨNH VỰC II - …", matched on folded text (``fold_keep_length``)
_AREA = re.compile(r"^\s*linh\s+vuc\s+(?P<area_number>[ivx]+|\d+)\b\s*[.:)\-\u2013\u2014]?\s*(?P<rest>.*)$", re.DOTALL)
_NUMBERING_CELL = re.compile(r"^\(?\d{1,2}\)?$|^\([A-Za-z]\)$")


class NotANumber(ValueError):
    """A cell that does not hold points."""


def text_of(value) -> str:
    """A cell as text: trimmed, with the quote a spreadsheet writer puts before formula-like text taken off."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").strip()
    if text.startswith("'") and text[1:2] in FORMULA_STARTS:
        text = text[1:]
    return text


def number(value) -> Decimal:
    """Points from a cell: a number, or text with a decimal point or comma ("1,5", "2 điểm")."""
    if isinstance(value, bool):
        raise NotANumber(value)
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return clean(Decimal(repr(value)))
    text = text_of(value).replace("\u2212", "-").replace("\u2013", "-")
    folded = fold(text)
    for unit in ("diem", "d"):
        if folded.endswith(" " + unit) or (unit == "diem" and folded.endswith(unit)):
            text = text[: len(text) - len(unit)].strip()
            break
    text = "".join(text.split())
    if not _NUMBER.match(text):
        raise NotANumber(value)
    try:
        return clean(Decimal(text.replace(",", ".")))
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        raise NotANumber(value) from None


def clean(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    if value.as_tuple().exponent < -4:
        value = value.quantize(DECIMAL_PLACES)
    return value.normalize()


def shown(value: Decimal | None) -> str:
    """A number as Vietnamese text: a decimal comma, no trailing zeros."""
    if value is None:
        return ""
    value = clean(Decimal(value))
    return f"{value:f}".replace(".", ",")


def words_of(text: str) -> str:
    """Folded text with punctuation turned into spaces, padded with spaces for whole-word tests."""
    return " " + " ".join(re.sub(r"[^0-9a-z]+", " ", fold(text)).split()) + " "


def has(words: str, *keywords: str) -> bool:
    return any(f" {keyword} " in words for keyword in keywords)


def method_of(text: str) -> str | None:
    """``appraisal``, ``survey``, ``both`` or ``None`` from a method cell's words."""
    words = words_of(text)
    survey = has(words, *SURVEY_WORDS) or has(words, "xhh")
    appraisal = has(words, *APPRAISAL_WORDS)
    if has(words, "ca hai", "ket hop"):
        return BOTH
    if survey and appraisal:
        return BOTH
    return SURVEY if survey else APPRAISAL if appraisal else None


def flag(value) -> bool | None:
    """True / False for a mark cell ("x", "có" / "", "không"); ``None`` when it holds other text."""
    if isinstance(value, bool):
        return value
    folded = fold(text_of(value))
    if folded in TRUE_FLAGS:
        return True
    if folded in FALSE_FLAGS:
        return False
    return None


def option_parts(line: str) -> list[tuple[str, str]] | None:
    """(label, number text) of each option on a line "- Ban hành trước 31/12: 1 điểm; sau: 0 điểm",
    or ``None`` when the line is not a list of options."""
    bulleted = bool(_BULLET.match(line))
    body = _BULLET.sub("", line, count=1).strip()
    parts = [part.strip() for part in body.split(";") if part.strip()]
    found = []
    with_unit = False
    for part in parts:
        match = _OPTION.match(part)
        if not match:
            return None
        with_unit = with_unit or bool(match.group("unit"))
        found.append((match.group("label").strip(), match.group("number")))
    if not found or not (bulleted or with_unit):
        return None
    return found


def bare(label: str) -> str:
    return _BULLET.sub("", label, count=1).strip()
CODE, TITLE, POINTS, METHOD, APPRAISAL_MARK, SURVEY_MARK, EVIDENCE, GUIDANCE, IGNORED = (
    "code", "title", "points", "method", "appraisal_mark", "survey_mark", "evidence", "guidance", "ignored",
)
#: for two columns of the same kind, the one whose name holds the earlier of these words is kept
POINTS_PREFERENCE = ("toi da", "chuan", "thang diem", "so diem", "diem")


def column_role(label: str) -> str | None:
    """What a header names, from its (folded) words; ``None`` for a column the reader does not use."""
    words = words_of(label)
    if not words.strip():
        return None
    if has(words, "phuong phap", "hinh thuc danh gia", "cach thuc danh gia"):
        if has(words, *SURVEY_WORDS, "xhh"):
            return SURVEY_MARK
        if has(words, "tham dinh"):
            return APPRAISAL_MARK
        return METHOD
    if has(words, "diem") and has(words, "tu cham", "tu danh gia", "tham dinh", "dat duoc", "dieu chinh"):
        return IGNORED
    if has(words, "kiem chung", "minh chung", "tai lieu"):
        return EVIDENCE
    if has(words, "huong dan", "cach cham", "cach tinh", "ghi chu", "yeu cau", "thuyet minh", "cach danh gia"):
        return GUIDANCE
    if has(words, *SURVEY_WORDS, "xhh"):
        return SURVEY_MARK
    if has(words, "tham dinh"):
        return APPRAISAL_MARK
    if has(words, "diem toi da", "diem chuan", "thang diem", "so diem", "diem so", "diem"):
        return POINTS
    stripped = words.strip()
    if stripped in {"ma", "ma so", "stt", "tt", "so tt", "so thu tu", "ky hieu"} or stripped.startswith("ma "):
        return CODE
    if has(words, "noi dung", "tieu chi", "linh vuc", "ten", "chi so", "tieu chi thanh phan"):
        return TITLE
    return None


def _points_rank(label: str) -> int:
    words = words_of(label)
    return next((i for i, word in enumerate(POINTS_PREFERENCE) if has(words, word) or word in words), len(POINTS_PREFERENCE))


def header_columns(labels: list[str]) -> dict[str, int]:
    """Role → 0-based column from the header labels (each the column's texts joined top to bottom)."""
    roles: dict[str, int] = {}
    for index, label in enumerate(labels):
        role = column_role(label)
        if role is None or role == IGNORED:
            continue
        if role not in roles or (role == POINTS and _points_rank(label) < _points_rank(labels[roles[role]])):
            roles[role] = index
    return roles


def texts_of(cells: list) -> list[str]:
    return [text_of(cell) for cell in cells]


def _header_keywords(text: str) -> bool:
    return column_role(text) not in (None, IGNORED) or has(words_of(text), "diem", "toi da", "chuan")


def continues_header(above: list[str], row: list[str]) -> bool:
    """Whether ``row`` (merges filled) is a second header row under the header row ``above``."""
    names = {text for text in above if text}
    if len(names) < 2 or not any(_header_keywords(text) for text in names):
        return False
    new = [text for index, text in enumerate(row) if text and (index >= len(above) or above[index] != text)]
    if not new:
        return False
    if any(_CODE_CELL.match(text) or _is_number_text(text) for text in new):
        return False
    return any(_header_keywords(text) for text in new)


def _is_number_text(text: str) -> bool:
    try:
        number(text)
    except NotANumber:
        return False
    return True


def header_labels(rows: list[list[str]]) -> list[str]:
    width = max(len(row) for row in rows)
    labels = []
    for index in range(width):
        parts: list[str] = []
        for row in rows:
            text = row[index] if index < len(row) else ""
            if text and text not in parts:
                parts.append(text)
        labels.append(" / ".join(parts))
    return labels


def is_numbering_row(texts: list[str]) -> bool:
    present = [text for text in texts if text]
    return len(present) >= 2 and all(_NUMBERING_CELL.match(text) for text in present)


def _roman(text: str) -> int | None:
    text = text.upper()
    if not text or any(char not in ROMAN for char in text):
        return None
    total = 0
    for index, char in enumerate(text):
        value = ROMAN[char]
        following = ROMAN[text[index + 1]] if index + 1 < len(text) else 0
        total += -value if value < following else value
    return total if 0 < total <= MAX_ROMAN else None


def _token(match: re.Match) -> tuple[str, str] | None:
    groups = match.groupdict()
    if groups.get("dotted"):
        parts = groups["dotted"].split(".")
        if any(not part.strip("0") for part in parts):
            return None
        return ("number", ".".join(str(int(part)) for part in parts))
    single = groups.get("single") or groups.get("roman")
    if single:
        if single.isdigit():
            return ("number", str(int(single))) if int(single) > 0 else None
        value = _roman(single)
        return ("roman", str(value)) if value else None
    if groups.get("letter"):
        return ("letter", groups["letter"])
    if groups.get("section"):
        return ("section", groups["section"])
    return None


def _area(text: str) -> tuple[tuple[str, str] | None, str]:
    match = _AREA.match(fold_keep_length(text))
    if not match:
        return None, text
    value = match.group("area_number")
    number_ = int(value) if value.isdigit() else _roman(value.upper())
    if not number_:
        return None, text
    return ("area", str(number_)), text[match.start("rest"):].strip()


def code_in_title(text: str) -> tuple[tuple[str, str] | None, str]:
    """(code token, the title after it) of a title that starts with a code, else (``None``, the title)."""
    token, rest = _area(text)
    if token is not None:
        return token, rest
    match = _CODE_IN_TITLE.match(text)
    if match:
        token = _token(match)
        if token is not None:
            return token, match.group("rest").strip()
    return None, text


def code_in_cell(text: str) -> tuple[str, str] | None:
    if not text:
        return None
    token, rest = _area(text)
    if token is not None:
        return token if not rest else None
    match = _CODE_CELL.match(text)
    return _token(match) if match else None
