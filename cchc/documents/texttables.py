"""Rebuild task tables from text where every table cell was dumped as separate lines.

A PDF-to-text dump (seeds 001, 003) writes a table row cell after cell, each cell's wrapped lines on
their own lines, sometimes two cells on one line ("Kế hoạch Văn phòng Sở"), and repeats the header
at every page break. This module:

1. finds the header (a block of lines made only of header words: "STT Nhiệm vụ Sản phẩm",
   "Phòng, đơn vị", "chủ trì"…) and reads the column roles from it;
2. cuts the lines after it into rows at row numbers ("1", "2. Xây dựng…") and area rows
   ("I Cải cách thể chế", or an area cell such as "Cải / cách / thể chế" before a row);
3. splits each row into cells by choosing, with dynamic programming, the cut points that make the
   best cells: a lead cell that reads like a unit name, a timeframe that is all timeframe words, a
   product cell that starts with a product word… Line widths learnt from a first pass penalise a
   cell line longer than its column, and decide which cell a line after a page break continues.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from cchc.core.text import fold
from cchc.documents.tasktables import (
    ROLE_AREA,
    ROLE_BUDGET,
    ROLE_COORDINATORS,
    ROLE_LEAD,
    ROLE_NOTES,
    ROLE_NUMBER,
    ROLE_PRODUCTS,
    ROLE_TIMEFRAME,
    ROLE_TITLE,
    TableRowDraft,
    is_task_header,
)
from cchc.documents.vocabulary import (
    classify_area,
    collapse,
    is_area_title,
    is_roman,
    starts_with_budget,
    starts_with_product,
    starts_with_timeframe,
    starts_with_unit,
    timeframe_leftover,
    uppercase_ratio,
)


@dataclass(frozen=True, slots=True)
class SourceLine:
    text: str
    line: int


@dataclass
class TextTable:
    """A task table rebuilt from lines ``start``…``end`` (indexes into the line list, end exclusive)."""

    start: int
    end: int
    roles: list[str]
    rows: list[TableRowDraft]


# --------------------------------------------------------------------------- header

_HEADER_VOCABULARY = (
    "stt tt so nhiem vu chung cu the san pham phong tham muu thuc hien phoi hop thoi gian han kinh phi du "
    "kien don vi chu tri co quan noi dung ghi ket qua linh vuc ten cong viec dau ra tien do trach nguon "
    "hoan thanh chinh"
)
_HEADER_WORDS = frozenset(_HEADER_VOCABULARY.split())
_ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern))
    for role, pattern in (
        (ROLE_AREA, r"nhiem vu chung|linh vuc"),
        (ROLE_TITLE, r"nhiem vu cu the|ten nhiem vu|nhiem vu|noi dung|ten cong viec"),
        (ROLE_NUMBER, r"\b(stt|tt)\b"),
        (ROLE_PRODUCTS, r"san pham|ket qua dau ra"),
        (ROLE_COORDINATORS, r"phoi hop"),
        (ROLE_LEAD, r"chu tri|tham muu"),
        (ROLE_TIMEFRAME, r"thoi gian|thoi han|tien do"),
        (ROLE_BUDGET, r"kinh phi|nguon"),
        (ROLE_NOTES, r"ghi chu"),
    )
)
_MAX_HEADER_LINES = 40


def _header_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def _is_header_line(text: str) -> bool:
    words = _header_words(text)
    return bool(words) and all(word in _HEADER_WORDS for word in words)


def roles_from_header(text: str) -> list[str]:
    folded = " ".join(_header_words(text))
    spans: list[tuple[int, int, str]] = []
    for role, pattern in _ROLE_PATTERNS:
        for match in pattern.finditer(folded):
            if any(start < match.end() and match.start() < end for start, end, _ in spans):
                continue
            if any(existing == role for _, _, existing in spans):
                continue
            spans.append((match.start(), match.end(), role))
    return [role for _, _, role in sorted(spans)]


def _find_header(lines: list[SourceLine], start: int) -> tuple[int, int, list[str]] | None:
    """The next header block at or after ``start``: (first index, end index, roles)."""
    for index in range(start, len(lines)):
        text = lines[index].text
        if "san pham" not in fold(text) or not _is_header_line(text):
            continue
        first = index
        while first > start and index - first < _MAX_HEADER_LINES and _is_header_line(lines[first - 1].text):
            first -= 1
        end = index + 1
        while end < len(lines) and end - first < _MAX_HEADER_LINES and _is_header_line(lines[end].text):
            end += 1
        roles = roles_from_header(" ".join(line.text for line in lines[first:end]))
        if is_task_header(list(roles)) and ROLE_LEAD in roles:
            return first, end, roles
    return None


_TOP_HEADING = re.compile(r"^\s*([IVX]{1,5})\.\s+\S")


def _is_region_end(text: str) -> bool:
    stripped = text.strip()
    if _TOP_HEADING.match(stripped) and uppercase_ratio(stripped) >= 0.6:
        return True
    folded = fold(stripped)
    return folded.startswith(("noi nhan", "tm. uy ban", "kt. "))


def find_text_tables(lines: list[SourceLine]) -> list[TextTable]:
    """Every task table written as a text dump in ``lines``."""
    tables: list[TextTable] = []
    index = 0
    while index < len(lines):
        header = _find_header(lines, index)
        if header is None:
            break
        first, body_start, roles = header
        end = body_start
        while end < len(lines) and not _is_region_end(lines[end].text):
            end += 1
        signature = [fold(line.text) for line in lines[first:body_start]]
        rows = _TableBuilder(roles).build(_body_entries(lines[body_start:end], signature))
        tables.append(TextTable(start=first, end=end, roles=roles, rows=rows))
        index = end
    return tables


_BREAK = None


def _body_entries(body: list[SourceLine], signature: list[str]) -> list[SourceLine | None]:
    """The body lines with each repeated header replaced by a page-break marker (None)."""
    entries: list[SourceLine | None] = []
    index = 0
    size = len(signature)
    while index < len(body):
        if (
            size
            and fold(body[index].text) == signature[0]
            and [fold(line.text) for line in body[index : index + size]] == signature
        ):
            entries.append(_BREAK)
            index += size
            continue
        entries.append(body[index])
        index += 1
    return entries


# --------------------------------------------------------------------------- rows


@dataclass(slots=True)
class _Piece:
    text: str
    line: int
    line_start: bool


@dataclass
class _RawRow:
    number: str | None
    first_line: int
    parts: list[list[_Piece]] = field(default_factory=lambda: [[]])
    area_title: str | None = None
    area_number: str | None = None


_ROW_START_NUMBER_COLUMN = re.compile(r"^(\d{1,3})(?:\s+(\S.*))?$")
_ROW_START_IN_TITLE = re.compile(r"^(\d{1,3})\.\s*(\S.*)?$")
_AREA_ROW = re.compile(r"^([IVX]{1,5})\.?\s+(\S.*)$")


class _TableBuilder:
    def __init__(self, roles: list[str]) -> None:
        self.roles = roles
        self.has_number_column = ROLE_NUMBER in roles
        self.has_area_column = ROLE_AREA in roles
        self.cell_roles = [role for role in roles if role not in (ROLE_NUMBER, ROLE_AREA)]
        if not self.cell_roles or self.cell_roles[0] != ROLE_TITLE:
            self.cell_roles = [ROLE_TITLE] + [role for role in self.cell_roles if role != ROLE_TITLE]

    # ---- cutting into rows

    def build(self, entries: list[SourceLine | None]) -> list[TableRowDraft]:
        raw_rows = self._raw_rows(entries)
        return _Segmenter(self.cell_roles).rows(raw_rows)

    def _raw_rows(self, entries: list[SourceLine | None]) -> list[_RawRow]:
        rows: list[_RawRow] = []
        pending: list[_Piece] = []
        last_in_area = 0
        last_overall = 0
        for position, entry in enumerate(entries):
            if entry is _BREAK:
                if rows and rows[-1].area_title is None:
                    rows[-1].parts.append([])
                continue
            text = entry.text.strip()
            next_text = _next_text(entries, position)
            area = self._area_row(text)
            if area is not None:
                rows.append(
                    _RawRow(number=None, first_line=entry.line, area_title=area[1], area_number=area[0])
                )
                last_in_area = 0
                continue
            start = self._row_start(text, last_in_area, last_overall)
            if start is not None:
                number, rest = start
                if self.has_area_column:
                    area_row = self._area_from_tail(rows, pending)
                    if area_row is not None:
                        rows.append(area_row)
                        last_in_area = 0
                pending = []
                row = _RawRow(number=number, first_line=entry.line)
                if rest:
                    row.parts[0].extend(_pieces(rest, entry.line, next_text))
                rows.append(row)
                last_in_area = int(number)
                last_overall = max(last_overall, int(number))
                continue
            target = rows[-1].parts[-1] if rows and rows[-1].area_title is None else pending
            target.extend(_pieces(text, entry.line, next_text))
        return rows

    def _area_row(self, text: str) -> tuple[str, str] | None:
        if not self.has_number_column:
            return None
        match = _AREA_ROW.match(text)
        if not match or not is_roman(match.group(1)):
            return None
        rest = collapse(match.group(2))
        if is_area_title(rest) or (classify_area(rest) and len(rest) <= 90):
            return match.group(1), rest
        return None

    def _row_start(self, text: str, last_in_area: int, last_overall: int) -> tuple[str, str] | None:
        pattern = _ROW_START_NUMBER_COLUMN if self.has_number_column else _ROW_START_IN_TITLE
        match = pattern.match(text)
        if not match:
            return None
        number = int(match.group(1))
        rest = (match.group(2) or "").strip()
        if rest and not rest[0].isupper():
            return None
        last = last_in_area if not self.has_number_column else max(last_in_area, last_overall)
        plausible = number in (last + 1, 1) or number <= last or number <= last + 3
        if not plausible or number == 0:
            return None
        return str(number), rest

    def _area_from_tail(self, rows: list[_RawRow], pending: list[_Piece]) -> _RawRow | None:
        """An area cell at the end of the previous row (or before the first row) opens a new area."""
        tail = pending if pending or not rows else rows[-1].parts[-1]
        if not tail or (rows and rows[-1].area_title is not None and not pending):
            return None
        line_starts = [index for index, piece in enumerate(tail) if piece.line_start]
        best: int | None = None
        for index in line_starts:
            if len(tail) - index > 12:
                continue
            text = collapse(" ".join(piece.text for piece in tail[index:]))
            if is_area_title(text):
                best = index
                break
        if best is None:
            return None
        title = collapse(" ".join(piece.text for piece in tail[best:]))
        first_line = tail[best].line
        del tail[best:]
        return _RawRow(number=None, first_line=first_line, area_title=title)


def _next_text(entries: list[SourceLine | None], position: int) -> str:
    for entry in entries[position + 1 : position + 2]:
        if entry is not None:
            return entry.text.strip()
    return ""


def _is_column_start(text: str) -> bool:
    return (
        bool(text)
        and text[0].isupper()
        and (
            starts_with_unit(text)
            or starts_with_product(text)
            or starts_with_timeframe(text)
            or starts_with_budget(text)
        )
    )


def _pieces(text: str, line: int, next_text: str) -> list[_Piece]:
    """A line cut before every word that could begin another column ("Kế hoạch Văn phòng Sở" → 3)."""
    tokens = text.split()
    lookahead = next_text.split()[:2]
    pieces: list[_Piece] = []
    current: list[str] = []
    for index, token in enumerate(tokens):
        if (
            current
            and token[:1].isupper()
            and _is_column_start(" ".join(tokens[index : index + 3] + lookahead))
        ):
            pieces.append(_Piece(" ".join(current), line, not pieces))
            current = []
        current.append(token)
    if current:
        pieces.append(_Piece(" ".join(current), line, not pieces))
    return pieces


# --------------------------------------------------------------------------- cells

_MAX_PIECES = {
    ROLE_PRODUCTS: 16,
    ROLE_LEAD: 10,
    ROLE_COORDINATORS: 10,
    ROLE_TIMEFRAME: 10,
    ROLE_BUDGET: 8,
    ROLE_NOTES: 10,
}
_EMPTY_SCORE = {
    ROLE_TITLE: -100.0,
    ROLE_PRODUCTS: -2.0,
    ROLE_LEAD: -4.0,
    ROLE_COORDINATORS: -1.5,
    ROLE_TIMEFRAME: -4.0,
    ROLE_BUDGET: -2.0,
    ROLE_NOTES: 0.0,
}
_INLINE_CUT_PENALTY = 0.3
_CONTINUATION_COST = 1.5
_DANGLING_TITLE_END = re.compile(
    r"\b(theo|cua|va|ve|cho|cac|tai|voi|de|trong|doi voi|nham|hoac|nhung|duoc|xay dung|trien khai|"
    r"thuc hien|to chuc|ban hanh|tham gia|bao cao|lap|thong qua)$"
)
_UNFINISHED_END = re.compile(r"([,;(\-–]|\b(va|hoac|cua|cac|tai|ve|voi|theo))$")


class _Segmenter:
    """Chooses cell boundaries for every row; two passes so the second knows the column widths."""

    def __init__(self, roles: list[str]) -> None:
        self.roles = roles
        self.widths: dict[str, float] = {}

    def rows(self, raw_rows: list[_RawRow]) -> list[TableRowDraft]:
        first_pass = [self._cells(row.parts[0]) if row.area_title is None else {} for row in raw_rows]
        self.widths = self._learn_widths(first_pass)
        drafts: list[TableRowDraft] = []
        for index, row in enumerate(raw_rows, start=1):
            drafts.append(self._draft(row, index))
        return drafts

    def _learn_widths(self, assignments: list[dict[str, list[_Piece]]]) -> dict[str, float]:
        widths: dict[str, float] = {}
        for role in self.roles:
            longest = sorted(
                max(len(text) for text in _segment_lines(cells[role]))
                for cells in assignments
                if cells.get(role)
            )
            if len(longest) >= 3:
                widths[role] = float(longest[min(len(longest) - 1, (len(longest) * 3) // 4)])
        return widths

    def _draft(self, row: _RawRow, index: int) -> TableRowDraft:
        if row.area_title is not None:
            cells = {ROLE_TITLE: row.area_title}
            if row.area_number:
                cells[ROLE_NUMBER] = row.area_number
            else:
                cells[ROLE_AREA] = row.area_title
            return TableRowDraft(
                cells=cells,
                first_line=row.first_line,
                last_line=row.first_line,
                row_index=index,
                wrapped=True,
                is_area_row=True,
            )
        assigned = self._cells(row.parts[0])
        for part in row.parts[1:]:
            if part:
                extra = self._continue(part, assigned)
                for role, pieces in extra.items():
                    assigned.setdefault(role, []).extend(pieces)
        cells = {role: _cell_text(pieces) for role, pieces in assigned.items() if pieces}
        if row.number is not None:
            cells[ROLE_NUMBER] = row.number
        lines = [piece.line for part in row.parts for piece in part]
        return TableRowDraft(
            cells=cells,
            first_line=row.first_line,
            last_line=max(lines + [row.first_line]),
            row_index=index,
            wrapped=True,
            uncertain=self._uncertain(assigned),
        )

    # ---- scoring

    def _cells(self, pieces: list[_Piece]) -> dict[str, list[_Piece]]:
        if not pieces:
            return {}
        roles = self.roles
        n = len(pieces)
        negative = float("-inf")
        best = [[negative] * (n + 1) for _ in range(len(roles) + 1)]
        back = [[0] * (n + 1) for _ in range(len(roles) + 1)]
        best[0][0] = 0.0
        for r, role in enumerate(roles):
            for start in range(n + 1):
                base = best[r][start]
                if base == negative:
                    continue
                empty = _EMPTY_SCORE[role]
                if empty + base > best[r + 1][start]:
                    best[r + 1][start] = empty + base
                    back[r + 1][start] = start
                if start == n or not self._may_start(role, pieces[start], start):
                    continue
                limit = n if role == ROLE_TITLE else min(n, start + _MAX_PIECES.get(role, 10))
                lines: list[str] = []
                last_line: int | None = None
                for end in range(start + 1, limit + 1):
                    piece = pieces[end - 1]
                    if lines and piece.line == last_line:
                        lines[-1] = f"{lines[-1]} {piece.text}"
                    else:
                        lines.append(piece.text)
                        last_line = piece.line
                    score = base + self._score_lines(role, lines)
                    if end < n and not pieces[end].line_start:
                        score -= _INLINE_CUT_PENALTY
                    if score > best[r + 1][end]:
                        best[r + 1][end] = score
                        back[r + 1][end] = start
        return self._trace(back, pieces, best)

    def _trace(self, back, pieces: list[_Piece], best) -> dict[str, list[_Piece]]:
        n = len(pieces)
        end = n
        if best[len(self.roles)][n] == float("-inf"):
            return {ROLE_TITLE: list(pieces)}
        cells: dict[str, list[_Piece]] = {}
        for r in range(len(self.roles), 0, -1):
            start = back[r][end]
            cells[self.roles[r - 1]] = pieces[start:end]
            end = start
        return cells

    def _may_start(self, role: str, piece: _Piece, index: int) -> bool:
        if role == ROLE_TITLE:
            return index == 0
        first = piece.text[:1]
        return first.isupper() or first.isdigit() or first in "-–+("

    def _score(self, role: str, pieces: list[_Piece], start: int, end: int) -> float:
        return self._score_lines(role, _segment_lines(pieces[start:end]))

    def _score_lines(self, role: str, lines: list[str]) -> float:
        """How well the text (one string per source line) reads as a cell of this column."""
        text = " ".join(lines)
        score = self._width_penalty(role, lines)
        if role == ROLE_TITLE:
            return score + self._title_shape(lines)
        if role == ROLE_PRODUCTS:
            return score + _products_score(tuple(lines), text)
        if role in (ROLE_LEAD, ROLE_COORDINATORS):
            return score + _unit_score(text)
        if role == ROLE_TIMEFRAME:
            return score + _timeframe_score(text)
        if role == ROLE_BUDGET:
            return score + _budget_score(len(lines), text)
        return score

    def _width_penalty(self, role: str, lines: list[str]) -> float:
        width = self.widths.get(role)
        if not width:
            return 0.0
        limit = width * 1.4 + 4
        return -2.0 * sum(1 for line in lines if len(line) > limit)

    def _title_shape(self, lines: list[str]) -> float:
        """Wrapped title lines are full except the last; a short last line that is a product word is not title."""
        score = 0.0
        width = self.widths.get(ROLE_TITLE)
        if width:
            for line, following in zip(lines, lines[1:], strict=False):
                next_word = following.split()[0] if following.split() else ""
                if len(line) + 1 + len(next_word) < 0.9 * width:
                    score -= 1.5
        if (
            len(lines) > 1
            and lines[-1][:1].isupper()
            and starts_with_product(lines[-1])
            and len(lines[-1]) < 20
        ):
            score -= 1.0
        if _DANGLING_TITLE_END.search(fold(lines[-1])):
            score -= 2.5
        return score

    # ---- text after a page break

    def _continue(self, pieces: list[_Piece], assigned: dict[str, list[_Piece]]) -> dict[str, list[_Piece]]:
        """Share lines that follow a repeated header among the cells they continue."""
        roles = self.roles
        n = len(pieces)
        negative = float("-inf")
        best = [[negative] * (n + 1) for _ in range(len(roles) + 1)]
        back = [[0] * (n + 1) for _ in range(len(roles) + 1)]
        best[0][0] = 0.0
        for r, role in enumerate(roles):
            before = assigned.get(role, [])
            before_score = self._score(role, before, 0, len(before)) if before else _EMPTY_SCORE[role]
            for start in range(n + 1):
                base = best[r][start]
                if base == negative:
                    continue
                if base > best[r + 1][start]:
                    best[r + 1][start] = base
                    back[r + 1][start] = start
                if start == n:
                    continue
                fit = self._continuation_fit(role, before, pieces[start]) - _CONTINUATION_COST
                for end in range(start + 1, n + 1):
                    combined = before + pieces[start:end]
                    delta = self._score(role, combined, 0, len(combined)) - before_score + fit
                    if end < n and not pieces[end].line_start:
                        delta -= 1.0
                    if base + delta > best[r + 1][end]:
                        best[r + 1][end] = base + delta
                        back[r + 1][end] = start
        return self._trace(back, pieces, best)

    def _continuation_fit(self, role: str, before: list[_Piece], first: _Piece) -> float:
        """+1 when the cell's last line was full (so it wrapped onto the next page), −1 when it was not."""
        if not before:
            return -0.5
        last = before[-1].text
        if _UNFINISHED_END.search(fold(last)):
            return 1.5
        width = self.widths.get(role)
        if not width:
            return 0.0
        next_word = first.text.split()[0] if first.text.split() else ""
        return 1.0 if len(last) + 1 + len(next_word) > width else -1.0

    def _uncertain(self, assigned: dict[str, list[_Piece]]) -> set[str]:
        uncertain: set[str] = set()
        for role, pieces in assigned.items():
            if not pieces:
                continue
            text = collapse(" ".join(piece.text for piece in pieces))
            if role == ROLE_PRODUCTS and not starts_with_product(text):
                uncertain.add("products")
            if role in (ROLE_LEAD, ROLE_COORDINATORS) and _unit_score(text) < 4:
                uncertain.add(role)
            if role == ROLE_TIMEFRAME and _timeframe_score(text) < 5:
                uncertain.add("timeframe")
            if role == ROLE_BUDGET and not starts_with_budget(text):
                uncertain.add("budget")
        return uncertain


def _segment_lines(segment: list[_Piece]) -> list[str]:
    """The segment's text per source line (pieces of one line joined)."""
    lines: list[str] = []
    current: int | None = None
    for piece in segment:
        if piece.line == current and lines:
            lines[-1] = f"{lines[-1]} {piece.text}"
        else:
            lines.append(piece.text)
            current = piece.line
    return lines


def _cell_text(pieces: list[_Piece]) -> str:
    """The cell's text: one line per source line."""
    return "\n".join(_segment_lines(pieces))


_INNER_UNIT = re.compile(
    r"(?<![;,])\s+(Văn phòng|Các phòng|Các đơn vị|Thanh tra|Bộ phận|Các Sở|Các sở|Các cơ quan|Phòng)\b"
)
_INNER_PRODUCT = re.compile(
    r"(?<![;,])\s+(Kế hoạch|Báo cáo|Tờ trình|Quyết định|Hội nghị|Văn bản|Thông báo|Hướng dẫn)\b"
)
_INNER_TIMEFRAME = re.compile(
    r"\s(Năm \d{4}|Thường xuyên|Quý [IVX\d]|Tháng \d|Trước ngày|Theo quy định|Hàng quý|Định kỳ)"
)
_INNER_BUDGET = re.compile(r"\s(Kinh phí|Nguồn kinh phí|Ngân sách)\b")


@lru_cache(maxsize=16384)
def _products_score(lines: tuple[str, ...], text: str) -> float:
    score = 3.0 if starts_with_product(text) else -2.0
    score += 0.5 * sum(1 for line in lines[1:] if line[:1].isupper() and starts_with_product(line))
    score -= 3.0 * len(_INNER_UNIT.findall(text))
    score -= 3.0 * len(_INNER_TIMEFRAME.findall(text))
    score -= 3.0 * len(_INNER_BUDGET.findall(text))
    score -= sum(1.0 for line in lines if len(line) > 30)
    return score


@lru_cache(maxsize=16384)
def _unit_score(text: str) -> float:
    score = 4.0 if starts_with_unit(text) else -4.0
    score -= 3.0 * len(_INNER_UNIT.findall(text))
    score -= 3.0 * len(_INNER_PRODUCT.findall(text))
    score -= 4.0 * len(_INNER_TIMEFRAME.findall(text))
    score -= 4.0 * len(_INNER_BUDGET.findall(text))
    for part in text.split(";"):
        if len(re.findall(r"\bso\b", fold(part))) > 1:
            score -= 2.0
    if re.search(r"\b(cac|van|bo phan)$", fold(text)):
        score -= 3.0
    if len(text) > 90:
        score -= 3.0
    return score


@lru_cache(maxsize=16384)
def _budget_score(line_count: int, text: str) -> float:
    score = 4.0 if starts_with_budget(text) else -4.0
    score -= 2.0 * len(_FOREIGN_TO_BUDGET.findall(fold(text)))
    return score - 0.5 * max(0, line_count - 4)


_FOREIGN_TO_BUDGET = re.compile(r"\b(truc thuoc|so|phong|van phong|don vi)\b")


@lru_cache(maxsize=16384)
def _timeframe_score(text: str) -> float:
    if not starts_with_timeframe(text):
        return -5.0
    leftover = timeframe_leftover(text)
    return 5.0 if leftover == 0 else max(-5.0, 2.0 - leftover)
