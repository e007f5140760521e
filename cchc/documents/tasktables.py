"""Task tables ("Phụ lục nhiệm vụ", "Phân công nhiệm vụ cụ thể"): column roles and rows → tasks.

Both real tables (DOCX, PDF) and tables rebuilt from a text dump (:mod:`texttables`) arrive here as
:class:`TableRowDraft` rows whose cells are keyed by column role.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from cchc.core.text import fold
from cchc.documents.errors import DocumentError
from cchc.documents.readers import Row, Table
from cchc.documents.vocabulary import (
    capitalise,
    classify_area,
    clean_item,
    collapse,
    is_area_title,
    is_roman,
    join_wrapped,
    starts_upper,
    starts_with_product,
    starts_with_unit,
)

ROLE_NUMBER = "number"
ROLE_AREA = "area"
ROLE_TITLE = "title"
ROLE_PRODUCTS = "products"
ROLE_LEAD = "lead"
ROLE_COORDINATORS = "coordinators"
ROLE_TIMEFRAME = "timeframe"
ROLE_BUDGET = "budget"
ROLE_NOTES = "notes"

# A space in a pattern may be missing in the text: recognition sometimes runs two words together ("Nhiệmvụ").
_HEADER_RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (role, re.compile(pattern.replace(" ", " ?")))
    for role, pattern in (
        (ROLE_NUMBER, r"^(stt|tt|so tt|so thu tu)$"),
        (ROLE_COORDINATORS, r"phoi hop"),
        (ROLE_TIMEFRAME, r"thoi gian|thoi han|tien do|thoi diem"),
        (ROLE_BUDGET, r"kinh phi|nguon von|nguon kinh phi"),
        (ROLE_PRODUCTS, r"san pham|ket qua dau ra|hinh thuc van ban"),
        (ROLE_AREA, r"nhiem vu chung|linh vuc|noi dung chung"),
        (ROLE_TITLE, r"nhiem vu|noi dung|ten cong viec|cong viec"),
        (ROLE_LEAD, r"chu tri|tham muu|thuc hien|don vi|co quan|phong|trach nhiem"),
        (ROLE_NOTES, r"ghi chu"),
    )
)


def header_role(text: str) -> str | None:
    folded = fold(text)
    if not folded:
        return None
    for role, pattern in _HEADER_RULES:
        if pattern.search(folded):
            return role
    return None


def is_task_header(roles: list[str | None]) -> bool:
    present = {role for role in roles if role}
    return (
        ROLE_TITLE in present
        and len(present & {ROLE_PRODUCTS, ROLE_LEAD, ROLE_TIMEFRAME, ROLE_COORDINATORS}) >= 2
    )


def table_roles(table: Table) -> tuple[list[str | None], int] | None:
    """Column roles of a task table and how many header rows it has, or None if not a task table."""
    for header_rows in (1, 2):
        if len(table.rows) < header_rows:
            break
        roles = _dedupe_roles([header_role(text) for text in header_texts(table, header_rows)])
        if is_task_header(roles):
            if roles and roles[0] is None and ROLE_NUMBER not in roles and _numbers_below(table, header_rows):
                roles[0] = ROLE_NUMBER  # a header cell read wrong (a scan's "STT"), over a column of numbers
            return roles, header_rows
    return None


def header_texts(table: Table, header_rows: int) -> list[str]:
    """Each column's header text (the texts of its header rows joined)."""
    width = max((len(row.cells) for row in table.rows[:header_rows]), default=0)
    texts = []
    for column in range(width):
        parts: list[str] = []
        for row in table.rows[:header_rows]:
            if column < len(row.cells) and row.cells[column].text not in parts:
                parts.append(row.cells[column].text)
        texts.append(" ".join(parts))
    return texts


#: how alike (difflib ratio of the folded texts) two readings of one header cell are at least
HEADER_ALIKE = 0.8


def same_columns(header: list[str], roles: list[str | None], first_header: list[str],
                 first_roles: list[str | None]) -> list[str | None] | None:
    """The column roles of a table whose header (``header``, ``roles``) repeats the header of the table
    before it (``first_header``, ``first_roles``), or None when it is another table.

    A scan reads each copy of the header a little differently. A cell read wrong may name no role
    (the "STT" of a narrow first column comes out as a few stray letters), or another one ("phối hợp"
    read "phối hơn" no longer says coordinators, and the column passes for a second lead column):
    a column is the same when both name the same role, when one names none, or when its two
    readings are alike (:data:`HEADER_ALIKE`, folded). It keeps the role the first header gave it
    (or the one the new header gives it, where the first named none). Two columns named and read
    differently, or a different number of columns, make two tables.
    """
    if len(roles) != len(first_roles) or len(header) != len(first_header):
        return None
    merged: list[str | None] = []
    for text, mine, first_text, theirs in zip(header, roles, first_header, first_roles, strict=True):
        if mine and theirs and mine != theirs and not _read_alike(text, first_text):
            return None
        merged.append(theirs or mine)
    return merged


def _read_alike(text: str, other: str) -> bool:
    a, b = fold(text), fold(other)
    return bool(a and b) and difflib.SequenceMatcher(None, a, b).ratio() >= HEADER_ALIKE


_ITEM_NUMBER = re.compile(r"(\d{1,3}|[IVX]{1,6})\.?")


def _numbers_below(table: Table, header_rows: int) -> bool:
    """Whether the first column under the header holds item numbers (and at least two of them)."""
    values = [row.cells[0].text.strip() for row in table.rows[header_rows:] if row.cells and not row.cells[0].merged]
    filled = [value for value in values if value]
    return len(filled) >= 2 and all(_ITEM_NUMBER.fullmatch(value) for value in filled)


def _dedupe_roles(roles: list[str | None]) -> list[str | None]:
    seen: set[str] = set()
    out: list[str | None] = []
    for role in roles:
        if role in seen and role != ROLE_NOTES:
            out.append(ROLE_NOTES)
            continue
        if role:
            seen.add(role)
        out.append(role)
    return out


@dataclass
class TableRowDraft:
    """One row of a task table, cells keyed by role; ``wrapped`` when cell lines are wrapped text."""

    cells: dict[str, str]
    first_line: int
    last_line: int
    row_index: int
    wrapped: bool = False
    starts_page: bool = False
    is_area_row: bool = False
    uncertain: set[str] = field(default_factory=set)


@dataclass
class TableTask:
    area_code: str | None
    area_title: str | None
    area_number: str | None
    number: str | None
    title: str
    products: list[str]
    lead: str | None
    coordinators: list[str]
    timeframe_text: str | None
    budget: str | None
    first_line: int
    last_line: int
    uncertain: set[str] = field(default_factory=set)
    cells: dict[str, str] = field(default_factory=dict)  # raw cell texts, kept to join a continuation
    wrapped: bool = False


@dataclass
class TableArea:
    local_number: str | None
    title: str
    code: str | None


def rows_from_table(table: Table, roles: list[str | None], header_rows: int) -> list[TableRowDraft]:
    """Turn a real table's rows (after the header) into role-keyed drafts, skipping repeated headers."""
    header_texts = [collapse(row_text(row)) for row in table.rows[:header_rows]]
    drafts: list[TableRowDraft] = []
    page_start = bool(table.rows) and table.rows[0].starts_page
    for index, row in enumerate(table.rows[header_rows:], start=header_rows + 1):
        if (row.is_header or collapse(row_text(row)) in header_texts or _is_column_number_row(row)
                or _repeats_header(row, roles)):
            continue
        cells: dict[str, str] = {}
        merged_across = _merged_across(row)
        for column, role in enumerate(roles):
            if role is None or column >= len(row.cells):
                continue
            cell = row.cells[column]
            if cell.merged and role != ROLE_AREA:
                continue
            if cell.text and role not in cells:
                cells[role] = cell.text
        drafts.append(
            TableRowDraft(
                cells=cells,
                first_line=row.line,
                last_line=row.line,
                row_index=index,
                wrapped=table.wrapped_cells,
                starts_page=page_start and not drafts,
                is_area_row=merged_across,
            )
        )
    return drafts


def _repeats_header(row: Row, roles: list[str | None]) -> bool:
    """A header repeated on a new page whose text differs from the first one (a scan reads each copy
    slightly differently): every column but the number names the same role as the header does."""
    named = [(column, role) for column, role in enumerate(roles) if role not in (None, ROLE_NUMBER, ROLE_AREA)]
    if len(named) < 3 or len(row.cells) < len(roles):
        return False
    return all(header_role(row.cells[column].text) == role for column, role in named)


def row_text(row: Row) -> str:
    texts: list[str] = []
    for cell in row.cells:
        if not cell.merged and cell.text:
            texts.append(cell.text)
    return " ".join(texts)


def _is_column_number_row(row: Row) -> bool:
    """The "(1) (2) (3)…" row some tables put under the header."""
    texts = [cell.text.strip() for cell in row.cells if not cell.merged and cell.text.strip()]
    return len(texts) >= 3 and all(re.fullmatch(r"\(?\d{1,2}\)?", text) for text in texts)


def _merged_across(row: Row) -> bool:
    """A row whose content is one cell spanning (almost) all columns, like an area heading row."""
    own = [cell for cell in row.cells if not cell.merged and cell.text.strip()]
    merged = sum(1 for cell in row.cells if cell.merged)
    return (
        len(own) <= 2
        and merged >= max(2, len(row.cells) // 2)
        and any(cell.text == other.text for cell in own for other in row.cells if other.merged)
    )


# --------------------------------------------------------------------------- rows → tasks

_NUMBER_PREFIX = re.compile(r"^\s*(\d{1,3})\s*[.)]\s*(?=\S)")
_ROMAN_PREFIX = re.compile(r"^\s*([IVX]{1,5})\s*[.)]?\s+(?=\S)")


@dataclass
class _AreaState:
    code: str | None = None
    title: str | None = None
    number: str | None = None
    numbers_seen: dict[str, int] = field(default_factory=dict)
    cell_text: str | None = None  # the area column's text as last seen (a page may show only its end)


def tasks_from_rows(rows: list[TableRowDraft]) -> tuple[list[TableArea], list[TableTask]]:
    """Group rows under their areas and build tasks; a number repeated within an area is an error."""
    areas: list[TableArea] = []
    tasks: list[TableTask] = []
    state = _AreaState()
    for row in rows:
        if _continues_area_cell(row, state, areas):
            state = _join_area_cell(row, state, areas, tasks)
        area = _area_of_row(row, state)
        if area is not None:
            state = _AreaState(
                code=area.code, title=area.title, number=area.local_number, cell_text=_area_cell(row) or None
            )
            areas.append(area)
            if row.is_area_row or not _has_task_content(row):
                continue
        number, title = _number_and_title(row)
        if tasks and _is_continuation(row, number, title):
            tasks[-1] = _continued(tasks[-1], row)
            continue
        if not _has_task_content(row):
            continue
        if number is not None and state.title is None and number in state.numbers_seen:
            row.uncertain.add("number")  # no area heading seen: the numbering may restart in areas we missed
        elif number is not None:
            if number in state.numbers_seen:
                raise DocumentError(
                    f"Nhiệm vụ số {number} bị lặp lại trong cùng lĩnh vực “{state.title or 'không rõ'}” "
                    f"của bảng nhiệm vụ.",
                    line=row.first_line,
                    row=row.row_index,
                )
            state.numbers_seen[number] = row.row_index
        tasks.append(_task_from_row(row, number, title, state))
    return areas, tasks


def _area_cell(row: TableRowDraft) -> str:
    return collapse(row.cells.get(ROLE_AREA, "").replace("\n", " "))


def _continues_area_cell(row: TableRowDraft, state: _AreaState, areas: list[TableArea]) -> bool:
    """An area cell merged down over a page break shows the rest of its text on the new page."""
    text = _area_cell(row)
    return bool(
        row.starts_page
        and text
        and areas
        and state.cell_text
        and text != state.cell_text
        and not is_area_title(text)
        and classify_area(f"{state.title} {text}") is not None
        and (state.code is None or classify_area(f"{state.title} {text}") == state.code)
    )


def _join_area_cell(
    row: TableRowDraft, state: _AreaState, areas: list[TableArea], tasks: list[TableTask]
) -> _AreaState:
    text = _area_cell(row)
    title = join_wrapped([state.title or "", text])
    code = classify_area(title)
    old = areas[-1]
    areas[-1] = TableArea(local_number=old.local_number, title=title, code=code)
    for index, task in enumerate(tasks):
        if task.area_title == old.title and task.area_code == old.code:
            task.area_title, task.area_code = title, code
            task.uncertain.discard("area_code")
            tasks[index] = task
    return _AreaState(
        code=code, title=title, number=state.number, numbers_seen=state.numbers_seen, cell_text=text
    )


def _has_task_content(row: TableRowDraft) -> bool:
    return bool(row.cells.get(ROLE_TITLE, "").strip())


def _area_of_row(row: TableRowDraft, state: _AreaState) -> TableArea | None:
    area_text = _area_cell(row)
    if area_text and area_text not in (state.title, state.cell_text):
        return TableArea(local_number=None, title=area_text, code=classify_area(area_text))
    number_text = collapse(row.cells.get(ROLE_NUMBER, ""))
    title_text = collapse(row.cells.get(ROLE_TITLE, "").replace("\n", " "))
    if is_roman(number_text) and title_text:
        return TableArea(
            local_number=number_text, title=clean_item(title_text), code=classify_area(title_text)
        )
    if not number_text:
        match = _ROMAN_PREFIX.match(title_text)
        if match and (row.is_area_row or is_area_title(title_text[match.end() :])):
            rest = clean_item(title_text[match.end() :])
            return TableArea(local_number=match.group(1), title=rest, code=classify_area(rest))
        if row.is_area_row and is_area_title(title_text):
            return TableArea(local_number=None, title=clean_item(title_text), code=classify_area(title_text))
    return None


def _number_and_title(row: TableRowDraft) -> tuple[str | None, str]:
    title = row.cells.get(ROLE_TITLE, "")
    number_text = collapse(row.cells.get(ROLE_NUMBER, "")).rstrip(".")
    number: str | None = number_text if re.fullmatch(r"\d{1,3}", number_text) else None
    match = _NUMBER_PREFIX.match(title)
    if match:
        if number is None:
            number = match.group(1)
        title = title[match.end() :]
    return number, title


def _is_continuation(row: TableRowDraft, number: str | None, title: str) -> bool:
    """No number, and on top of a new page, or without a title, or with a title that goes on a sentence."""
    if number is not None or row.is_area_row:
        return False
    if not any(text.strip() for role, text in row.cells.items() if role not in (ROLE_NUMBER, ROLE_AREA)):
        return False
    stripped = title.strip()
    return row.starts_page or not stripped or not starts_upper(stripped)


_RECOMPUTED_FLAGS = frozenset({"lead", "timeframe", "number", "area_code"})


def _continued(task: TableTask, row: TableRowDraft) -> TableTask:
    """The task with a row that carries it on after a page break: each cell goes on where it stopped."""
    cells = dict(task.cells)
    for role, text in row.cells.items():
        if role == ROLE_NUMBER or not text.strip():
            continue
        cells[role] = f"{cells[role]}\n{text}" if cells.get(role) else text
    merged = TableRowDraft(
        cells=cells,
        first_line=task.first_line,
        last_line=max(task.last_line, row.last_line),
        row_index=row.row_index,
        wrapped=task.wrapped or row.wrapped,
        uncertain=(task.uncertain - _RECOMPUTED_FLAGS) | row.uncertain,
    )
    _number, title = _number_and_title(merged)
    state = _AreaState(task.area_code, task.area_title, task.area_number)
    return _task_from_row(merged, task.number, title, state)


def _task_from_row(row: TableRowDraft, number: str | None, title: str, state: _AreaState) -> TableTask:
    uncertain = set(row.uncertain)
    lead_text = _cell_line_text(row.cells.get(ROLE_LEAD, ""), row.wrapped) or None
    if lead_text is not None and not row.wrapped and "\n" in row.cells.get(ROLE_LEAD, ""):
        lead_text = "; ".join(part.strip() for part in row.cells[ROLE_LEAD].split("\n") if part.strip())
    if lead_text is None or ";" in lead_text or not starts_with_unit(lead_text):
        uncertain.add("lead")
    timeframe = timeframe_text(row.cells.get(ROLE_TIMEFRAME, "")) or None
    if timeframe is None:
        uncertain.add("timeframe")
    if state.code is None:
        uncertain.add("area_code")
    if number is None:
        uncertain.add("number")
    budget = _cell_line_text(row.cells.get(ROLE_BUDGET, ""), row.wrapped) or None
    return TableTask(
        area_code=state.code,
        area_title=state.title,
        area_number=state.number,
        number=number,
        title=clean_item(_cell_line_text(title, row.wrapped)),
        products=split_products(row.cells.get(ROLE_PRODUCTS, ""), wrapped=row.wrapped),
        lead=clean_item(lead_text) if lead_text else None,
        coordinators=split_units(row.cells.get(ROLE_COORDINATORS, ""), wrapped=row.wrapped),
        timeframe_text=timeframe,
        budget=clean_item(budget) if budget else None,
        first_line=row.first_line,
        last_line=row.last_line,
        uncertain=uncertain,
        cells=dict(row.cells),
        wrapped=row.wrapped,
    )


def _cell_line_text(text: str, wrapped: bool) -> str:
    lines = text.split("\n")
    return join_wrapped(lines) if wrapped else collapse(" ".join(lines))


# --------------------------------------------------------------------------- cell splitting

_TOP_LEVEL_SEMICOLON = re.compile(r";(?![^()]*\))")


def split_products(text: str, *, wrapped: bool) -> list[str]:
    """Products of one cell: split on ``;``, on a comma before a product word, and on paragraphs.

    For wrapped text a new line only starts a new product when it begins with a capitalised
    product word ("Kế hoạch" / "Báo cáo kết" / "quả thực hiện" → two products).
    """
    if not text.strip():
        return []
    chunks: list[str] = []
    current: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        new_item = not wrapped or (stripped[0].isupper() and starts_with_product(stripped))
        if current and new_item:
            chunks.append(join_wrapped(current))
            current = []
        current.append(stripped)
    if current:
        chunks.append(join_wrapped(current))
    products: list[str] = []
    for chunk in chunks:
        for part in _TOP_LEVEL_SEMICOLON.split(chunk):
            products.extend(_split_on_product_commas(part))
    return [capitalise(item) for item in (clean_item(product.lstrip("-+• ")) for product in products) if item]


def _split_on_product_commas(text: str) -> list[str]:
    parts = [part for part in re.split(r",\s*", text)]
    out: list[str] = []
    for part in parts:
        if out and starts_with_product(part):
            out.append(part)
        elif out:
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return out


def split_units(text: str, *, wrapped: bool) -> list[str]:
    """Units of a cell: split on ``;``, paragraphs, and a comma before a capitalised unit word."""
    if not text.strip():
        return []
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    chunks = [join_wrapped(lines)] if wrapped else lines
    units: list[str] = []
    for chunk in chunks:
        for part in _TOP_LEVEL_SEMICOLON.split(chunk):
            for piece in re.split(r",\s*", part):
                piece = piece.strip().lstrip("-+• ")
                if not piece:
                    continue
                if units and not starts_with_unit(piece) and not piece.startswith(("và ", "Và ")):
                    units[-1] = f"{units[-1]}, {piece}"
                else:
                    units.append(piece)
    return [item for item in (clean_item(unit) for unit in units) if item]


def timeframe_text(text: str) -> str:
    """Cell text of a timeframe; dash-listed items become ``; ``-separated."""
    joined = collapse(text.replace("\n", " "))
    if not joined:
        return ""
    items = [clean_item(item) for item in re.split(r"(?:^|\s)[-–+•]\s+", joined)]
    return "; ".join(item for item in items if item)
