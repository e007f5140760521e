"""Reading users' XLSX and CSV tables in bounded memory: checked before reading, streamed while reading.

An XLSX file is refused before openpyxl parses a row when it would unzip too far (``cchc.core.archives``),
or when a streaming scan of its first sheet's XML (a few kilobytes in memory whatever its size) finds more
than ``SPREADSHEET_MAX_ROWS`` rows (empty ones included) up to the last row holding a cell, or a row wider
than ``SPREADSHEET_MAX_COLUMNS`` columns.
The rows are then read with openpyxl's read-only mode up to the last row that holds a cell, so a sheet
padded with millions of empty rows is not walked. A CSV file is decoded and split as it is read and
refused past the same caps. Every refusal is a ``SpreadsheetError`` with a Vietnamese message naming the file.

``read_table(upload)`` returns the header cells and the (line number, cells) of the non-blank rows.
``xlsx_sheet(file, name=...)`` also gives the first sheet's name and its merged cell ranges, which
openpyxl's read-only mode does not keep: they are collected by the same streaming scan (at most
``MAX_MERGED_RANGES`` of them, clipped to the rows and columns that are read) and ``MergeFiller`` spreads
a range's value over its cells row by row, for the rows a caller wants filled (e.g. a two-row header).
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from typing import NamedTuple

from django.conf import settings
from django.utils.translation import gettext as _

from cchc.core.archives import ArchiveError, check_archive

CHUNK = 64 * 1024
#: a tag (with its attributes) longer than this is not a spreadsheet's
MAX_TAG_BYTES = 64 * 1024
#: the longest CSV cell, in characters
MAX_CSV_FIELD = 100_000

_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>")
_ROW_NUMBER = re.compile(rb"""\sr\s*=\s*["'](\d+)["']""")
_CELL_COLUMN = re.compile(rb"""\sr\s*=\s*["']([A-Za-z]+)\d+["']""")
_MERGE = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?mergeCell\s[^>]*?\bref\s*=\s*["']\$?([A-Za-z]{1,3})\$?(\d{1,7}):\$?([A-Za-z]{1,3})\$?(\d{1,7})["']"""
)
#: the most merged cell ranges a sheet read with ``xlsx_sheet`` may have
MAX_MERGED_RANGES = 10_000


class SpreadsheetError(ValueError):
    """A table refused or unreadable; the message is Vietnamese."""


class CellRange(NamedTuple):
    """A merged block of cells, 1-based and inclusive; its value is that of its top-left cell."""

    first_row: int
    first_column: int
    last_row: int
    last_column: int


class Sheet(NamedTuple):
    """The first sheet of a workbook: its name, its merged ranges and its (row number, cells), streamed."""

    title: str
    merged: tuple[CellRange, ...]
    rows: Iterator[tuple[int, list]]


class MergeFiller:
    """Spreads each merged range's value (that of its top-left cell) over all its cells.

    Rows are given in order with ``fill``; only the top-left values of ranges that start on a row are kept,
    so the memory held is bounded by the number of ranges. A row that is not filled still has to be passed
    to ``see`` when a range may start on it.
    """

    def __init__(self, merged: tuple[CellRange, ...]) -> None:
        self._starting: dict[int, list[CellRange]] = {}
        for block in merged:
            self._starting.setdefault(block.first_row, []).append(block)
        self._values: dict[CellRange, object] = {}

    def see(self, number: int, cells: list) -> None:
        """Remember the values of the ranges that start on row ``number``."""
        for block in self._starting.get(number, ()):
            index = block.first_column - 1
            self._values[block] = cells[index] if index < len(cells) else ""

    def fill(self, number: int, cells: list) -> list:
        """A copy of row ``number``'s cells, each cell inside a merged range holding the range's value."""
        self.see(number, cells)
        out = list(cells)
        for block, value in list(self._values.items()):
            if block.last_row < number:
                del self._values[block]
            elif block.first_row <= number:
                for column in range(block.first_column, min(block.last_column, len(out)) + 1):
                    out[column - 1] = value
        return out


def read_table(upload) -> tuple[list[str], list[tuple[int, list]]]:
    """Headers and (line number, cells) of a CSV or XLSX upload; blank lines are skipped."""
    name = getattr(upload, "name", "") or ""
    upload.seek(0)
    rows = xlsx_rows(upload, name=name) if name.lower().endswith(".xlsx") else csv_rows(upload, name=name)
    header = next(rows, (1, []))[1]
    headers = ["" if cell is None else str(cell) for cell in header]
    return headers, [(line, cells) for line, cells in rows if any(str(cell).strip() for cell in cells)]


# -- XLSX -------------------------------------------------------------------------------------------------


def xlsx_rows(file, *, name: str) -> Iterator[tuple[int, list]]:
    """(row number, cell values) of the first sheet, checked first (see the module)."""
    return _open_sheet(file, name=name, merged=None).rows


def xlsx_sheet(file, *, name: str) -> Sheet:
    """The first sheet of an XLSX file with its merged ranges, checked first (see the module).

    The ranges are clipped to the rows and columns that are read; more than ``MAX_MERGED_RANGES`` of them
    are refused, and so are ranges that together cover more cells than the sheet has (overlapping ranges).
    """
    return _open_sheet(file, name=name, merged=[])


def _open_sheet(file, *, name: str, merged: list | None) -> Sheet:
    from openpyxl import load_workbook

    what = _("The file {name}").format(name=name)
    try:
        check_archive(file, what=what)
    except ArchiveError as error:
        raise SpreadsheetError(str(error)) from None
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        with workbook._archive.open(sheet._worksheet_path) as source:
            last_row, columns = scan_sheet(source, what=what, merged=merged)
        title = str(sheet.title or "")
    except SpreadsheetError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise SpreadsheetError(_("The XLSX file cannot be read.")) from error
    ranges = _clipped(merged or [], last_row, columns, what)
    return Sheet(title, ranges, _sheet_rows(workbook, sheet, last_row, columns))


def _clipped(merged: list[CellRange], last_row: int, columns: int, what: str) -> tuple[CellRange, ...]:
    """The ranges cut to the rows and columns read, without those left empty or of a single cell."""
    out = []
    covered = 0
    for block in merged:
        block = block._replace(last_row=min(block.last_row, last_row), last_column=min(block.last_column, columns))
        if block.last_row < block.first_row or block.last_column < block.first_column:
            continue
        if block.last_row == block.first_row and block.last_column == block.first_column:
            continue
        covered += (block.last_row - block.first_row + 1) * (block.last_column - block.first_column + 1)
        if covered > max(last_row, 1) * max(columns, 1):
            raise SpreadsheetError(_("The XLSX file cannot be read."))
        out.append(block)
    return tuple(out)


def _sheet_rows(workbook, sheet, last_row: int, columns: int) -> Iterator[tuple[int, list]]:
    try:
        if last_row:
            values = sheet.iter_rows(values_only=True, max_row=last_row, max_col=max(columns, 1))
            for number, cells in enumerate(values, start=1):
                yield number, ["" if cell is None else cell for cell in cells]
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise SpreadsheetError(_("The XLSX file cannot be read.")) from error
    finally:
        workbook.close()


def scan_sheet(source, *, what: str, merged: list | None = None) -> tuple[int, int]:
    """The number of the last row holding a cell and the widest row's column count of a sheet's XML,
    read in chunks; ``SpreadsheetError`` past the caps (rows up to the last holding a cell, columns).

    Empty rows after the last row holding a cell are not counted: they are never read. When ``merged``
    is a list, the sheet's merged ranges are appended to it as ``CellRange`` (at most ``MAX_MERGED_RANGES``)."""
    max_rows, max_columns = settings.SPREADSHEET_MAX_ROWS, settings.SPREADSHEET_MAX_COLUMNS
    rows_seen = last_row = row_number = columns = cells_in_row = 0
    tail = b""
    while True:
        chunk = source.read(CHUNK)
        buffer = tail + chunk
        cut = buffer.rfind(b"<") if chunk else len(buffer)
        if cut < 0 or buffer.find(b">", cut) >= 0:
            cut = len(buffer)
        for match in _TAG.finditer(buffer, 0, cut):
            attributes = match.group(2)
            if match.group(1) == b"row":
                number = _ROW_NUMBER.search(b" " + attributes)
                row_number = int(number.group(1)) if number else row_number + 1
                rows_seen += 1
                cells_in_row = 0
                continue
            cells_in_row += 1
            if cells_in_row == 1:
                last_row = max(last_row, row_number)
                if max(rows_seen, last_row) > max_rows + 1:
                    raise SpreadsheetError(_too_many_rows(what, max_rows))
            column = _CELL_COLUMN.search(b" " + attributes)
            columns = max(columns, _column_index(column.group(1)) if column else cells_in_row)
            if columns > max_columns:
                raise SpreadsheetError(_too_many_columns(what, max_columns))
        if merged is not None:
            _collect_merged(buffer, cut, merged, what)
        tail = buffer[cut:]
        if len(tail) > MAX_TAG_BYTES:
            raise SpreadsheetError(_("The XLSX file cannot be read."))
        if not chunk:
            return last_row, columns


def _collect_merged(buffer: bytes, cut: int, merged: list, what: str) -> None:
    for match in _MERGE.finditer(buffer, 0, cut):
        if len(merged) >= MAX_MERGED_RANGES:
            raise SpreadsheetError(
                _("{what} has more than {limit} merged cell ranges; it cannot be read.").format(
                    what=what, limit=MAX_MERGED_RANGES
                )
            )
        first_column, first_row, last_column, last_row = match.groups()
        rows = sorted((int(first_row), int(last_row)))
        columns = sorted((_column_index(first_column), _column_index(last_column)))
        merged.append(CellRange(rows[0], columns[0], rows[1], columns[1]))


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters.upper():
        index = index * 26 + letter - 64
    return index


# -- CSV --------------------------------------------------------------------------------------------------


def csv_rows(file, *, name: str) -> Iterator[tuple[int, list]]:
    """(line number, cells) of a UTF-8 CSV file, decoded and split as it is read (see the module)."""
    what = _("The file {name}").format(name=name)
    lines = _text_lines(file, what)
    first = next(lines, "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(_chain(first, lines), delimiter=delimiter)
    return _csv_records(reader, what)


def _csv_records(reader, what: str) -> Iterator[tuple[int, list]]:
    max_rows, max_columns = settings.SPREADSHEET_MAX_ROWS, settings.SPREADSHEET_MAX_COLUMNS
    previous = csv.field_size_limit(MAX_CSV_FIELD)
    try:
        for index, cells in enumerate(reader, start=1):
            if index > max_rows + 1:
                raise SpreadsheetError(_too_many_rows(what, max_rows))
            if len(cells) > max_columns:
                raise SpreadsheetError(_too_many_columns(what, max_columns))
            yield index, cells
    except csv.Error as error:
        raise SpreadsheetError(
            _("Line {line} of {what} cannot be read: {error}").format(line=reader.line_num, what=what, error=error)
        ) from None
    finally:
        csv.field_size_limit(previous)


def _chain(first: str, lines: Iterator[str]) -> Iterator[str]:
    if first:
        yield first
    yield from lines


def _text_lines(file, what: str) -> Iterator[str]:
    """The file's lines (each with its ``\\n``), decoded from UTF-8 (a BOM dropped) as chunks are read."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    pending = ""
    while True:
        chunk = file.read(CHUNK)
        try:
            text = pending + decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            raise SpreadsheetError(_("The file is not UTF-8 text; save it as CSV UTF-8 or XLSX.")) from error
        lines = text.split("\n")
        pending = lines.pop()
        if len(pending) > MAX_CSV_FIELD * 10:
            raise SpreadsheetError(
                _("{what} has a line longer than {limit} characters.").format(what=what, limit=MAX_CSV_FIELD * 10)
            )
        for line in lines:
            yield line + "\n"
        if not chunk:
            if pending:
                yield pending
            return


def _too_many_rows(what: str, limit: int) -> str:
    return _("{what} has more than {limit} rows; split it into smaller files.").format(what=what, limit=limit)


def _too_many_columns(what: str, limit: int) -> str:
    return _("{what} has more than {limit} columns; keep only the columns of the template.").format(
        what=what, limit=limit
    )
