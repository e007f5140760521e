"""Excel files the platform writes: tables with the same look everywhere, sent as downloads.

A table sheet has a bold header row that stays in view (frozen) and carries filters over the data,
columns wide enough to read, and dates shown day/month/year. Workbooks are written in openpyxl's
streaming mode, so a long export does not hold every cell in memory.

Every text cell goes through ``neutralise``: text a user typed that starts like a formula (``=``, ``+``,
``-``, ``@``, tab, carriage return) is written behind a single quote, so a spreadsheet shows it as text
and never runs it (OWASP "CSV injection"). Numbers, dates and booleans are written as they are.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain, islice

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from cchc.core.uploads import bytes_response

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"

BOLD = Font(bold=True)
WRAPPED = Alignment(wrap_text=True, vertical="top")

#: measured column widths (in characters) stay within these bounds
MIN_WIDTH, MAX_WIDTH = 8, 60
#: how many data rows are read to measure column widths
MEASURED_ROWS = 200
_FORBIDDEN_IN_TITLE = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
#: text starting with one of these could be read as a formula by a spreadsheet
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """``value`` as written to a cell: text starting like a formula behind a single quote, anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def new_workbook() -> Workbook:
    """An empty workbook to add table sheets to (streaming: cells are written as rows are added)."""
    return Workbook(write_only=True)


def add_table(
    workbook: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence],
    *,
    widths: Sequence[float] = (),
    formats: Mapping[int, str] | None = None,
    wrap: bool = False,
    above: Sequence[Sequence] = (),
):
    """Add a sheet named ``title`` holding one table and return it.

    ``above`` are lines written before the header (the first in bold), e.g. a unit and a period.
    The header row is bold and frozen; a filter covers the header and the data. ``widths`` gives the
    width of the first columns; the others are measured from the header and the first rows.
    ``formats`` maps a column number (1-based) to the number format of all its data cells; other date
    cells are shown day/month/year. With ``wrap`` every cell wraps its text at the top of the cell.
    """
    sheet = workbook.create_sheet(sheet_title(title))
    header_row = len(above) + 1
    rows = iter(rows)
    first_rows = list(islice(rows, MEASURED_ROWS))
    for column, width in enumerate(_widths(headers, first_rows, widths), 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    for index, line in enumerate(above):
        sheet.append([_styled(sheet, value, font=BOLD) for value in line] if index == 0 else [neutralise(v) for v in line])
    sheet.append([_styled(sheet, str(header), font=BOLD, alignment=WRAPPED) for header in headers])
    count = 0
    for row in chain(first_rows, rows):
        sheet.append(_data_row(sheet, row, formats or {}, wrap))
        count += 1
    last_column = get_column_letter(max(len(headers), 1))
    sheet.auto_filter.ref = f"A{header_row}:{last_column}{header_row + max(count, 1)}"
    return sheet


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(workbook: Workbook, filename: str) -> HttpResponse:
    """The workbook as a download named ``filename``."""
    return bytes_response(to_bytes(workbook), download_name=filename, content_type=CONTENT_TYPE)


def table_response(filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """A download of one table sheet (see ``add_table``)."""
    workbook = new_workbook()
    add_table(workbook, title, headers, rows)
    return xlsx_response(workbook, filename)


def sheet_title(title: str) -> str:
    """A name Excel accepts for a sheet: no ``[]:*?/\\``, at most 31 characters."""
    return " ".join(str(title).translate(_FORBIDDEN_IN_TITLE).split())[:31].strip() or "Sheet"


def _data_row(sheet, row: Sequence, formats: Mapping[int, str], wrap: bool) -> list:
    out = []
    for column, value in enumerate(row, 1):
        value = neutralise(value)
        number_format = formats.get(column)
        if isinstance(value, dt.datetime):
            if timezone.is_aware(value):
                value = timezone.make_naive(value)  # Excel has no time zones: local time
            number_format = number_format or DATETIME_FORMAT
        elif isinstance(value, dt.date):
            number_format = number_format or DATE_FORMAT
        if number_format or wrap:
            value = _styled(sheet, value, number_format=number_format, alignment=WRAPPED if wrap else None)
        out.append(value)
    return out


def _styled(sheet, value, *, font: Font | None = None, alignment: Alignment | None = None, number_format: str | None = None):
    cell = WriteOnlyCell(sheet, value=neutralise(value))
    if font:
        cell.font = font
    if alignment:
        cell.alignment = alignment
    if number_format:
        cell.number_format = number_format
    return cell


def _widths(headers: Sequence[str], rows: list[Sequence], given: Sequence[float]) -> list[float]:
    widths = []
    for column, header in enumerate(headers):
        if column < len(given):
            widths.append(given[column])
            continue
        longest = max([_display_length(header)] + [_display_length(row[column]) for row in rows if column < len(row)])
        widths.append(min(max(longest + 2, MIN_WIDTH), MAX_WIDTH))
    return widths


def _display_length(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return len("31/12/2025 23:59")
    if isinstance(value, dt.date):
        return len("31/12/2025")
    return max(len(line) for line in str(value).splitlines() or [""])
