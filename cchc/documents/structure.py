"""Logical items (paragraphs, list items, headings) and the section outline of a plan.

Text dumps wrap paragraphs over many lines; :func:`build_items` joins them back. A new item starts at
a list marker ("-", "a)", "1.", "2.1.", "II."), at a heading, or after a line that ends a paragraph
(a short line, or one ending with ".", ":" or ";") when the next line starts with a capital letter.
:func:`outline` then walks the items: roman headings open sections (purpose, goals, tasks…), numbered
headings inside the tasks section open reform areas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cchc.core.text import fold
from cchc.documents.vocabulary import (
    classify_area,
    clean_item,
    collapse,
    is_area_title,
    join_wrapped,
    uppercase_ratio,
)


@dataclass(frozen=True, slots=True)
class Line:
    """A line of running text; ``wrapped`` when it may be one of several lines of a paragraph."""

    text: str
    line: int
    style: str = ""
    wrapped: bool = True


@dataclass
class Item:
    text: str
    first_line: int
    last_line: int
    marker_kind: str | None = None  # "roman", "number", "letter", "bullet", "heading", "caps"
    marker: str | None = None
    body: str = ""
    lines: list[str] = field(default_factory=list)


@dataclass
class TableSlot:
    """Where a task table sits among the items."""

    index: int
    first_line: int


_ROMAN_MARKER = re.compile(r"^([IVX]{1,5})\s*[.)]\s*(?=\S)")
_NUMBER_MARKER = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?=\S)|^(\d{1,2})[.)]\s*(?=\S)")
_LETTER_MARKER = re.compile(r"^([a-zđ])\)\s*(?=\S)")
_BULLET_MARKER = re.compile(r"^[-+•*–]\s*(?=[^\s\d-]|\d+([.,]\d+)?\s*%)")


def marker_of(text: str) -> tuple[str | None, str | None, str]:
    """(kind, marker, body) of a stripped line or item."""
    match = _ROMAN_MARKER.match(text)
    if match:
        return "roman", match.group(1), text[match.end() :]
    match = _NUMBER_MARKER.match(text)
    if match and not re.match(r"^\d{1,2}(?:[.,]\d{1,2})*\s*%", text):
        return "number", match.group(1) or match.group(2), text[match.end() :]
    match = _LETTER_MARKER.match(text)
    if match:
        return "letter", match.group(1), text[match.end() :]
    match = _BULLET_MARKER.match(text)
    if match:
        body = text[match.end() :]
        if body[:1].isupper() or body[:1].isdigit() or body[:1] in '“"(':
            return "bullet", text[0], body
    return None, None, text


def _is_caps_line(text: str) -> bool:
    stripped = text.strip()
    return (
        len(stripped) <= 90 and uppercase_ratio(stripped) >= 0.8 and sum(c.isalpha() for c in stripped) >= 3
    )


@dataclass(frozen=True)
class Layout:
    """Line width of a wrapped text, and whether its lines are wrapped at all (one per paragraph if not)."""

    width: float
    wrapped: bool


def text_layout(lines: list[Line]) -> Layout:
    lengths = sorted(len(line.text.strip()) for line in lines if line.wrapped)
    if not lengths:
        return Layout(width=80.0, wrapped=False)
    width = float(lengths[min(len(lengths) - 1, (len(lengths) * 9) // 10)])
    near = sum(1 for length in lengths if 0.8 * width <= length <= 1.1 * width)
    return Layout(width=width, wrapped=near / len(lengths) >= 0.35)


def build_items(lines: list[Line | TableSlot]) -> list[Item | TableSlot]:
    """Join wrapped lines into items; table slots pass through."""
    layout = text_layout([line for line in lines if isinstance(line, Line)])
    items: list[Item | TableSlot] = []
    current: Item | None = None
    previous: Line | None = None
    for entry in lines:
        if isinstance(entry, TableSlot):
            if current is not None:
                items.append(_finish(current))
                current = None
            items.append(entry)
            previous = None
            continue
        text = entry.text.strip()
        kind, marker, body = marker_of(text)
        if entry.style == "heading" and kind is None:
            kind = "heading"
        if kind is None and _is_caps_line(text):
            kind = "caps"
        starts_new = (
            current is None
            or kind is not None
            or not entry.wrapped
            or previous is None
            or not previous.wrapped
            or current.marker_kind in ("heading", "caps")
            or (_is_heading_line(current) and _starts_sentence(text))
            or _ends_paragraph(previous.text.strip(), text, layout)
        )
        if entry.style == "list" and kind is None:
            kind, marker = "bullet", "-"
        if starts_new:
            if current is not None:
                items.append(_finish(current))
            current = Item(
                text="", first_line=entry.line, last_line=entry.line, marker_kind=kind, marker=marker
            )
        current.lines.append(text)
        current.last_line = entry.line
        previous = entry
    if current is not None:
        items.append(_finish(current))
    return items


def _starts_sentence(text: str) -> bool:
    return text[:1].isupper() or text[:1] in '“"('


def _is_heading_line(item: Item) -> bool:
    """A one-line numbered heading ("6. Xây dựng và phát triển Chính quyền điện tử…") ends at its line."""
    if item.marker_kind not in ("number", "roman") or len(item.lines) != 1:
        return False
    _kind, _marker, body = marker_of(item.lines[0])
    body = body.strip()
    if re.search(r"[.;:,]$", body) or len(body) > 130:
        return False
    return bool(classify_area(body) or _classify_subsection(body) or uppercase_ratio(body) >= 0.6)


def _ends_paragraph(previous: str, following: str, layout: Layout) -> bool:
    if not _starts_sentence(following) or re.search(r"\S[-/]$", previous):
        return False
    if not layout.wrapped:
        return True
    if len(previous) < 0.75 * layout.width:
        return True
    return bool(re.search(r"[.:;!?…]$|\./\.$", previous)) and len(previous) < 0.9 * layout.width


def _finish(item: Item) -> Item:
    item.text = join_wrapped(item.lines)
    if item.marker_kind in ("roman", "number", "letter", "bullet"):
        _kind, _marker, body = marker_of(item.text)
        item.body = body.strip()
    else:
        item.body = item.text
    return item


# --------------------------------------------------------------------------- outline

SECTION_PURPOSE = "purpose"
SECTION_REQUIREMENTS = "requirements"
SECTION_GOALS = "goals"
SECTION_TASKS = "tasks"
SECTION_SOLUTIONS = "solutions"
SECTION_BUDGET = "budget"
SECTION_ORGANISATION = "organisation"
SECTION_OTHER = "other"


def classify_section(title: str) -> str:
    folded = fold(title)
    if "to chuc thuc hien" in folded or "trach nhiem" in folded:
        return SECTION_ORGANISATION
    if "nhiem vu" in folded or "noi dung" in folded or "phan cong" in folded:
        return SECTION_TASKS
    if "muc dich" in folded:
        return SECTION_PURPOSE
    if "muc tieu" in folded or "chi tieu" in folded:
        return SECTION_GOALS
    if "giai phap" in folded:
        return SECTION_SOLUTIONS
    if "kinh phi" in folded:
        return SECTION_BUDGET
    if "yeu cau" in folded:
        return SECTION_REQUIREMENTS
    return SECTION_OTHER


def _classify_subsection(title: str) -> str | None:
    folded = fold(title)
    if folded.startswith(("muc dich",)):
        return SECTION_PURPOSE
    if folded.startswith("yeu cau"):
        return SECTION_REQUIREMENTS
    if "muc tieu" in folded or "chi tieu" in folded:
        return SECTION_GOALS
    return None


@dataclass
class AreaBlock:
    """A reform-area heading in the tasks section and the items under it."""

    local_number: str | None
    title: str
    code: str | None
    first_line: int
    items: list[Item] = field(default_factory=list)


@dataclass
class Outline:
    preamble: list[Item] = field(default_factory=list)
    sections: dict[str, list[Item]] = field(default_factory=dict)
    areas: list[AreaBlock] = field(default_factory=list)
    goal_items: list[Item] = field(default_factory=list)
    first_heading_index: int | None = None


def _is_top_heading(item: Item) -> bool:
    return item.marker_kind == "roman" and uppercase_ratio(item.body) >= 0.6 and len(item.body) <= 160


def _is_numbered_heading(item: Item) -> bool:
    if item.marker_kind not in ("number", "heading"):
        return False
    body = item.body.strip()
    if not body or len(body) > 130 or body.endswith((";", ",")):
        return False
    return not (body.endswith(".") and len(body) > 60)


def _is_unnumbered_area_heading(item: Item) -> bool:
    """An area heading whose number Word draws itself (a list paragraph) or that has none."""
    if item.marker_kind in ("number", "roman"):
        return False
    body = item.body.strip()
    return len(body) <= 90 and not re.search(r"[.;:,]$", body) and is_area_title(body)


def outline(items: list[Item | TableSlot]) -> Outline:
    result = Outline()
    top: str | None = None
    sub: str | None = None
    area: AreaBlock | None = None
    for index, item in enumerate(items):
        if isinstance(item, TableSlot):
            area = None
            continue
        if _is_top_heading(item):
            top, sub, area = classify_section(item.body), None, None
            if result.first_heading_index is None:
                result.first_heading_index = index
            continue
        if top is None:
            result.preamble.append(item)
            continue
        if top == SECTION_TASKS and _is_unnumbered_area_heading(item):
            area = AreaBlock(None, clean_item(item.body), classify_area(item.body), item.first_line)
            result.areas.append(area)
            sub = None
            continue
        if _is_numbered_heading(item):
            if top == SECTION_TASKS:
                code = classify_area(item.body)
                if code is not None:
                    area = AreaBlock(item.marker, clean_item(item.body), code, item.first_line)
                    result.areas.append(area)
                    sub = None
                    continue
                if _classify_subsection(item.body) == SECTION_GOALS or len(item.body) <= 90:
                    area, sub = None, _classify_subsection(item.body)
                    continue
            elif item.marker_kind == "heading" or len(item.body) <= 90:
                sub = _classify_subsection(item.body)
                continue
        if area is not None:
            area.items.append(item)
            continue
        kind = sub or top
        result.sections.setdefault(kind, []).append(item)
        if kind == SECTION_GOALS:
            result.goal_items.append(item)
    return result


def section_texts(result: Outline) -> dict[str, str]:
    return {kind: "\n".join(collapse(item.text) for item in items) for kind, items in result.sections.items()}
