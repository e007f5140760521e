"""Read measurable targets ("Chỉ tiêu") out of plan text.

A target sentence names a level to reach: "Phấn đấu giải quyết trước hạn, đúng
hạn từ 95% trở lên số hồ sơ…", ">70% hồ sơ được số hóa", "không quá 5%",
"Năm 2024 tổ chức 02 cuộc tập huấn…". ``parse_target`` returns the comparator,
the value, the unit and the rest of the sentence (the metric).

A bare value ("100% văn bản…", "đạt 40%") is a floor, so it reads as ">=":
Vietnamese targets name the level to reach and doing better is never a miss.
The one exception is a bare 0 ("0% hồ sơ quá hạn"), which reads as "=".

The parser never guesses: several values in one sentence, a relative change
("giảm 20%"), a percentage above 100, a bare value on a metric where lower is
better, or no value at all come back with ``needs_review=True`` and a reason.
``parse_targets`` first splits a bullet that holds several targets ("100% …;
100% …") and reads each part.

Pure Python: no Django, no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from cchc.core.text import fold, fold_keep_length
from cchc.plans.timeframe import normalize_text

__all__ = ["Comparator", "Target", "parse_target", "parse_targets"]


class Comparator(StrEnum):
    """How the achieved value must compare with the target value."""

    AT_LEAST = ">="
    MORE_THAN = ">"
    EQUAL = "="
    AT_MOST = "<="
    LESS_THAN = "<"


@dataclass(frozen=True)
class Target:
    """The reading of one target sentence ("Chỉ tiêu").

    ``unit`` is "%" or the count word as written ("cuộc", "lần"…), else "".
    ``metric_text`` is the sentence without the comparator and value. When
    ``needs_review`` is set, only ``text`` and ``reason`` are filled.
    """

    text: str
    comparator: Comparator | None = None
    value: Decimal | None = None
    unit: str = ""
    metric_text: str = ""
    needs_review: bool = False
    reason: str = ""


# Comparator phrases on folded text (lower case, no diacritics); longest first inside each group.
_COMPARATOR_PHRASES: dict[Comparator, tuple[str, ...]] = {
    Comparator.AT_LEAST: (
        "lon hon hoac bang",
        "tren hoac bang",
        "khong thap hon",
        "khong duoi",
        "khong it hon",
        "toi thieu",
        "it nhat",
        "≥",
        ">=",
        "=>",
        "tu",
    ),
    Comparator.AT_MOST: (
        "nho hon hoac bang",
        "duoi hoac bang",
        "khong vuot qua",
        "khong nhieu hon",
        "khong lon hon",
        "khong cao hon",
        "khong qua",
        "toi da",
        "≤",
        "<=",
        "=<",
    ),
    Comparator.MORE_THAN: ("nhieu hon", "cao hon", "lon hon", "tren", "hon", ">"),
    Comparator.LESS_THAN: ("thap hon", "nho hon", "it hon", "duoi", "<"),
    Comparator.EQUAL: ("bang", "="),
}
_PHRASE_TO_COMPARATOR = {
    phrase: comparator for comparator, phrases in _COMPARATOR_PHRASES.items() for phrase in phrases
}
_PHRASE_ALTERNATION = "|".join(
    re.escape(phrase) for phrase in sorted(_PHRASE_TO_COMPARATOR, key=len, reverse=True)
)

# What may stand right before the value: "Phấn đấu đạt tối thiểu", "giảm xuống dưới", "đạt:"…
_LEAD_IN = re.compile(
    r"(?<![a-z0-9])(?P<phrase>(?:(?:phan dau|dam bao|duy tri)\s+)?(?:(?:dat|la)\s*:?\s*)?"
    r"(?:(?P<direction>xuong|len)\s+)?(?:(?P<comparator>" + _PHRASE_ALTERNATION + r")\s*)?)$"
)
_SUFFIX = re.compile(r"\s*(?P<suffix>tro len|tro xuong)(?![a-z0-9])")

# A value right after one of these words is a change, not a level ("giảm 20%", "tăng thêm 10%").
_CHANGE_WORDS = frozenset({"giam", "tang", "them", "con", "xuong", "len", "vuot", "bot"})
# A bare value on these metrics is ambiguous: less is better ("5% hồ sơ trễ hạn").
_LOWER_IS_BETTER = ("qua han", "tre han", "tre hen", "cham tre", "ton dong")

_NUMBER = r"\d+(?:[.,]\d+)*"
_PERCENT = re.compile(rf"(?<![\w.,/:])(?P<number>{_NUMBER})\s*(?P<unit>%|phan tram(?![a-z]))")

_COUNT_UNITS = (
    "hoi nghi",
    "sang kien",
    "luot",
    "chuyen de",
    "mo hinh",
    "van ban",
    "ho so",
    "thu tuc",
    "dich vu",
    "don vi",
    "co quan",
    "y kien",
    "tthc",
    "cuoc",
    "buoi",
    "lan",
    "dot",
    "lop",
    "nguoi",
    "ngay",
    "gio",
    "thang",
    "bai",
    "tin",
    "diem",
    "phong",
    "xa",
)
_MEASURE_UNITS = frozenset({"diem", "ngay", "gio", "thang"})
_COUNT = re.compile(
    rf"(?<![\w.,/:-])(?P<number>{_NUMBER})(?![\w/:-])"
    rf"(?:\s+(?P<unit>{'|'.join(_COUNT_UNITS)})(?![a-z0-9]))?"
)
# Numbers after these words are names, not values ("năm 2024", "mức độ 4", "Nghị định số 30").
_NOT_A_VALUE_AFTER = re.compile(
    r"(?:nam|so|muc do|giai doan|quy|thang|ngay|khoa|dieu|khoan|chuong|tcvn|iso|phien ban|lan thu)\s*$"
)
_LIST_MARKER = re.compile(r"^\s*(?:[-+•*]|\d+(?:\.\d+)*[.)]|[a-zđ]\))\s*")
_TRIM = " ,;:.-"


@dataclass(frozen=True)
class _Value:
    """One value found in the text: where its number starts and ends, where its unit ends, both as written."""

    start: int
    number_end: int
    end: int
    number: str
    unit: str


def _review(text: str, reason: str) -> Target:
    return Target(text=text, needs_review=True, reason=reason)


def _to_decimal(number: str, unit: str) -> Decimal | None:
    """ "98,5" and "98.5" → 98.5; "1.000 hồ sơ" → 1000; anything else ambiguous → None."""
    if "," in number and "." in number:
        return None
    if "," in number:
        integer, _, fraction = number.partition(",")
        return Decimal(f"{integer}.{fraction}") if fraction.isdigit() and "," not in fraction else None
    groups = number.split(".")
    if len(groups) > 2 or (len(groups) == 2 and len(groups[1]) == 3 and unit != "%"):
        # Thousands separators: "1.000", "1.000.000".
        return Decimal("".join(groups)) if all(len(group) == 3 for group in groups[1:]) else None
    return Decimal(number)


def _find_values(normalized: str, folded: str) -> list[_Value]:
    """Percentages if there are any; otherwise plain counts that are not years, dates or document numbers."""
    percents = [
        _Value(match.start(), match.end("number"), match.end(), match.group("number"), "%")
        for match in _PERCENT.finditer(folded)
    ]
    if percents:
        return percents
    values = []
    for match in _COUNT.finditer(folded):
        if _NOT_A_VALUE_AFTER.search(folded[: match.start()]) or re.fullmatch(
            r"(?:19|20)\d\d", match["number"]
        ):
            continue
        if not folded[: match.start()].strip(_TRIM):  # the list marker "1." of a numbered sentence
            continue
        unit = normalized[match.start("unit") : match.end("unit")] if match.group("unit") else ""
        values.append(_Value(match.start(), match.end("number"), match.end(), match.group("number"), unit))
    return values


def _comparator_of(phrase: str | None, suffix: str | None) -> Comparator | None:
    """Combine the phrase before the value with "trở lên" / "trở xuống" after it; None when they disagree."""
    comparator = _PHRASE_TO_COMPARATOR[phrase] if phrase else None
    if suffix is None:
        return comparator
    from_suffix = Comparator.AT_LEAST if suffix == "tro len" else Comparator.AT_MOST
    if comparator in (None, from_suffix) or phrase == "tu":
        return from_suffix
    return None


def _metric_text(normalized: str, spans: list[tuple[int, int]]) -> str:
    """The sentence without the given spans (comparator, value…), its list marker and stray punctuation."""
    metric, cursor = "", 0
    for start, end in sorted(spans):
        metric += normalized[cursor:start] + " "
        cursor = end
    metric = _LIST_MARKER.sub("", metric + normalized[cursor:])
    metric = re.sub(r"[\s,;:]+\)", ")", " ".join(metric.split()))
    return metric.strip(_TRIM)


def parse_target(text: str) -> Target:
    """Read one target sentence into comparator, value, unit and metric.

    >>> parse_target("≥98% hồ sơ giải quyết đúng hạn").comparator
    <Comparator.AT_LEAST: '>='>
    """
    normalized = normalize_text(text)
    folded = fold_keep_length(normalized)
    values = _find_values(normalized, folded)
    if not values:
        return _review(text, "no measurable value")
    if len(values) > 1:
        return _review(
            text, "several values in one sentence: " + ", ".join(v.number + v.unit for v in values)
        )
    value = values[0]
    lead_in = _LEAD_IN.search(folded[: value.start])
    assert lead_in is not None  # every part of the pattern is optional, so it always matches
    suffix = _SUFFIX.match(folded, value.end)
    phrase, direction = lead_in.group("comparator"), lead_in.group("direction")
    comparator = _comparator_of(phrase, suffix.group("suffix") if suffix else None)
    words_before = folded[: lead_in.start()].split()
    if phrase is None and direction is None and words_before and words_before[-1] in _CHANGE_WORDS:
        return _review(text, "a change by an amount, not a level to reach")
    if (phrase or suffix) and comparator is None:
        return _review(text, "the comparator words disagree")
    if direction and not phrase:
        return _review(text, "a change by an amount, not a level to reach")
    number = _to_decimal(value.number, value.unit)
    if number is None:
        return _review(text, f"cannot read the number {value.number}")
    if value.unit == "%" and number > 100:
        return _review(text, "a percentage above 100")
    # A unit of measure ("%", "điểm") goes with the value; a word naming what is counted
    # ("02 cuộc tập huấn", "1.000 hồ sơ") stays in the metric.
    is_measure = value.unit == "%" or fold(value.unit) in _MEASURE_UNITS
    spans = [(lead_in.start("phrase"), value.end if is_measure else value.number_end)]
    if suffix:
        spans.append((suffix.start("suffix"), suffix.end()))
    metric = _metric_text(normalized, spans)
    if not metric:
        return _review(text, "no metric named")
    if comparator is None:
        if number != 0 and any(word in fold(metric) for word in _LOWER_IS_BETTER):
            return _review(text, "a bare value on a metric where lower is better")
        comparator = Comparator.EQUAL if number == 0 else Comparator.AT_LEAST
    return Target(text=text, comparator=comparator, value=number, unit=value.unit, metric_text=metric)


_PART_BOUNDARY = re.compile(r";\s*|(?<=[.!?])\s+(?=[^\W\d_])")


def _segments(normalized: str) -> list[tuple[int, int]]:
    """Spans between ";" and sentence ends (a full stop followed by a capital letter)."""
    spans, start = [], 0
    for boundary in _PART_BOUNDARY.finditer(normalized):
        if boundary.group().startswith(";") or normalized[boundary.end()].isupper():
            spans.append((start, boundary.start()))
            start = boundary.end()
    spans.append((start, len(normalized)))
    return [(first, last) for first, last in spans if normalized[first:last].strip(_TRIM)]


def _split_parts(normalized: str) -> list[str]:
    """Split a bullet into parts holding one value each; a part without a value joins its neighbour."""
    groups: list[list[int]] = []
    pending_start: int | None = None  # value-less context waiting for the next part with a value
    for first, last in _segments(normalized):
        part = normalized[first:last]
        if _find_values(part, fold_keep_length(part)):
            groups.append([first if pending_start is None else pending_start, last])
            pending_start = None
        elif pending_start is None:
            pending_start = first
    if pending_start is not None and groups:
        groups[-1][1] = len(normalized)
    return [normalized[first:last].strip(" ;") for first, last in groups]


def parse_targets(text: str) -> list[Target]:
    """Read a bullet that may hold several targets ("100% …; 100% …"), one ``Target`` per value.

    A text with no value gives one ``Target`` that needs review.
    """
    parts = _split_parts(normalize_text(text))
    if len(parts) <= 1:
        return [parse_target(text)]
    return [parse_target(part) for part in parts]
