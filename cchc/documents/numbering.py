"""The number column of a recognised task table, put back in sequence.

Recognition reads the short, lone items of an STT column worst: "3" comes out "5", "I" comes out
"|" or nothing. A plan numbers its tasks 1, 2, 3… through the table (some from 1 again under each
area: the numbers read under most areas say which) and its areas I, II, III…, and that order is
what the table reading relies on to tell a new task from a row carried over from the previous page.
So, in the tables of recognised pages only, a number that breaks the sequence, or a missing one in
a row that is not the first of its page, is replaced by the one the sequence expects, and the row's
number is marked unsure (the review page shows it as "cần kiểm tra"). Pure: blocks in, blocks out.
"""

from __future__ import annotations

import re
from dataclasses import replace

from cchc.core.text import fold

_ARABIC = re.compile(r"\d{1,3}")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")
_HEADER = re.compile(r"(so )?s?tt")


def repair(blocks: list) -> list:
    """The blocks with the number column of recognised task tables in sequence."""
    from cchc.documents.readers import Table

    tables = [block for block in blocks if isinstance(block, Table) and _recognised(block) and _has_number_column(block)]
    if not tables:
        return blocks
    state = _Sequence(restarts=_restarts_in_each_area(tables))
    fixed = {id(table): _repair_table(table, state) for table in tables}
    return [fixed.get(id(block), block) for block in blocks]


def _recognised(table) -> bool:
    return any(row.box is not None for row in table.rows)


def _token(row) -> str:
    return row.cells[0].text.replace(" ", "").rstrip(".") if row.cells else ""


def _has_number_column(table) -> bool:
    tokens = [_token(row) for row in table.rows if row.cells and not row.cells[0].merged]
    if any(_HEADER.fullmatch(fold(token)) for token in tokens):
        return True
    filled = [token for token in tokens if token]
    return len(filled) >= 3 and sum(bool(_ARABIC.fullmatch(t) or t in _ROMAN) for t in filled) >= 0.6 * len(filled)


def _area_row(row) -> bool:
    """A heading row: its title cell spans every column after the number."""
    return len(row.cells) > 2 and all(cell.merged for cell in row.cells[2:])


class _Sequence:
    def __init__(self, *, restarts: bool) -> None:
        self.task = 0
        self.area = 0
        self.after_area = False
        self.restarts = restarts  # the tasks are numbered from 1 again under each area


def _restarts_in_each_area(tables) -> bool:
    """Whether the plan numbers its tasks from 1 again under each area: the first task number read
    under most of the areas after the first is 1. (Under the first area both ways start at 1.) A
    lone "1" after an area of a plan numbered through is then a misread "31" or "41", not a restart."""
    firsts: list[str] = []
    areas = 0
    waiting = False
    for table in tables:
        for row in table.rows:
            if _is_header(row) or not any(cell.text.strip() for cell in row.cells[1:]):
                continue
            if _area_row(row):
                areas += 1
                waiting = areas > 1
            elif waiting and _ARABIC.fullmatch(_token(row)):
                firsts.append(_token(row))
                waiting = False
    return sum(token == "1" for token in firsts) > len(firsts) / 2


def _is_header(row) -> bool:
    from cchc.documents.tasktables import header_role, is_task_header

    return _HEADER.fullmatch(fold(_token(row))) is not None or is_task_header([header_role(c.text) for c in row.cells])


def _repair_table(table, state: _Sequence):
    rows = []
    first_of_page = True
    for row in table.rows:
        token = _token(row)
        if _is_header(row):
            rows.append(row)
            continue
        title = row.cells[1].text.strip() if len(row.cells) > 1 else ""
        if not any(cell.text.strip() for cell in row.cells[1:]):
            rows.append(row)
        elif _area_row(row):
            wanted = _ROMAN[min(state.area, len(_ROMAN) - 1)]
            state.area += 1
            state.after_area = True
            rows.append(row if token == wanted else _renumbered(row, wanted))
        elif not token and (first_of_page or not title[:1].isupper()):
            rows.append(row)  # carried over from the previous page, or the rest of a row a rule cut in two
        else:
            number = int(token) if _ARABIC.fullmatch(token) else None
            if number is not None and (number == state.task + 1 or (state.after_area and state.restarts and number == 1)):
                state.task = number
                rows.append(row)
            else:
                state.task += 1
                rows.append(_renumbered(row, str(state.task)))
            state.after_area = False
        first_of_page = False
    return replace(table, rows=tuple(rows))


def _renumbered(row, number: str):
    cells = (replace(row.cells[0], text=number), *row.cells[1:])
    unsure = tuple(dict.fromkeys((*row.unsure, number)))
    return replace(row, cells=cells, unsure=unsure)
