"""The one reading of a page's layout: characters and ruling lines in, text lines and table grids out.

A born-digital PDF page (characters and lines read by PDFium, ``pdftext``), a page pdfplumber
parsed in full, and a scanned page (words recognised by Tesseract, ruling lines found in the image,
``scans``) are all turned into a :class:`PageContent` and read here, the same way:

- tables come from the ruling lines: pdfplumber's table finder (``TableFinder``'s "lines" strategy:
  edges snapped and joined, their crossings, the smallest cells between crossings, cells grouped
  into tables) runs on the page's edges;
- a table's cell text is the text of the characters whose middle lies in the cell, as
  ``pdfplumber.table.Table.extract`` gives it, lines kept apart by ``\\n``;
- the text outside the tables is read line by line, top to bottom, with words far apart on a line
  joined by five spaces (see :func:`_lines`), and placed between the tables by its position.

Characters are pdfplumber's dictionaries (``text``, ``x0``, ``x1``, ``top``, ``bottom``, ``upright``,
``size``…) in PDF points from the top left of the page. A recognised character also carries the
confidence (0–100) of its word, so a line or a table row knows which of its words were unsure.

Grouping characters into words and lines (:func:`words`, :func:`cell_text`) is pdfplumber's
``WordExtractor`` and ``extract_text`` for upright text, rewritten without their per-word
dictionaries and with the characters of a row picked by position arrays rather than one test per
character and row: the results are the same (``tests/test_pagelayout.py`` compares them on every
page of the seed PDFs) at a fraction of the cost. Rotated characters go through pdfplumber's own.
Pure: no file, no database.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np
from pdfplumber import utils as plumber_utils
from pdfplumber.table import TableFinder, TableSettings
from pdfplumber.utils.clustering import cluster_objects
from pdfplumber.utils.text import LIGATURES

#: a recognised word read with less confidence than this (Tesseract's 0–100) is unsure
UNSURE_BELOW = 60
#: a gap wider than this many average character widths separates two columns of one text line
COLUMN_GAP = 3.0

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points


@dataclass
class PageContent:
    """What one page holds for the layout reading: characters and edges (ruling lines).

    ``y_tolerance`` is how far apart (points) the tops of two characters of one text line may be:
    3 for a PDF text layer; more for recognised words, whose boxes follow accents and descenders.
    """

    number: int
    width: float
    height: float
    chars: list[dict] = field(default_factory=list)
    edges: list[dict] = field(default_factory=list)
    y_tolerance: float = 3.0
    recognised: bool = False


@dataclass
class TextLine:
    top: float
    text: str
    box: Box
    unsure: tuple[str, ...] = ()


@dataclass
class GridRow:
    cells: list[tuple[str, bool]]  # (text, merged)
    box: Box
    unsure: tuple[str, ...] = ()


@dataclass
class TableGrid:
    top: float
    rows: list[GridRow]


def read_page(content: PageContent) -> list[TextLine | TableGrid]:
    """The page's text lines and tables in reading order (top to bottom; a table before a line at its top)."""
    if not content.chars:
        return []
    page = _Page(content)
    tables = [table for table in TableFinder(page, TableSettings()).tables if _usable_table(table)]
    positions = _Positions(content.chars)
    inside = np.zeros(len(content.chars), dtype=bool)
    for table in tables:
        x0, top, x1, bottom = table.bbox
        inside |= (positions.cx >= x0) & (positions.cx <= x1) & (positions.cy >= top) & (positions.cy <= bottom)
    outside = [content.chars[index] for index in np.flatnonzero(~inside)] if tables else content.chars
    items: list[tuple[float, int, TextLine | TableGrid]] = [
        (line.top, 0, line) for line in _lines(outside, content.y_tolerance)
    ]
    for table in tables:
        items.append((float(table.bbox[1]), 1, _grid(table, content, positions)))
    items.sort(key=lambda item: (item[0], item[1]))
    return [item for _top, _kind, item in items]


def table_cells(content: PageContent) -> list[list[Box]]:
    """The cells (points) of each of the page's tables, as the layout reading finds them."""
    tables = TableFinder(_Page(content), TableSettings()).tables
    return [[tuple(float(v) for v in cell) for cell in table.cells] for table in tables if _usable_table(table)]


class _Page:
    """What pdfplumber's ``TableFinder`` and ``Table.extract`` read from a page."""

    def __init__(self, content: PageContent) -> None:
        self.chars = content.chars
        self.edges = content.edges
        self.bbox = (0, 0, content.width, content.height)


def _lines(chars: list[dict], y_tolerance: float) -> list[TextLine]:
    """The text lines of ``chars``, top to bottom; words far apart on a line are joined by 5 spaces.

    The wide separator keeps side-by-side blocks apart (the header "UBND TỈNH…     CỘNG HÒA…",
    the signature "Nơi nhận:     GIÁM ĐỐC"), as in a text dump.
    """
    rows: list[list[dict]] = []
    for word in sorted(words(chars, x_tolerance=1.5, y_tolerance=3), key=lambda w: (round(float(w["top"])), float(w["x0"]))):
        if rows and abs(float(word["top"]) - float(rows[-1][0]["top"])) <= y_tolerance:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines: list[TextLine] = []
    for row in rows:
        row.sort(key=lambda w: float(w["x0"]))
        widths = [(float(w["x1"]) - float(w["x0"])) / max(1, len(w["text"])) for w in row]
        char_width = sum(widths) / len(widths) if widths else 5.0
        parts = [row[0]["text"]]
        for previous, word in zip(row, row[1:], strict=False):
            gap = float(word["x0"]) - float(previous["x1"])
            parts.append("     " if gap > COLUMN_GAP * char_width else " ")
            parts.append(word["text"])
        box = (
            min(float(w["x0"]) for w in row),
            min(float(w["top"]) for w in row),
            max(float(w["x1"]) for w in row),
            max(float(w["bottom"]) for w in row),
        )
        unsure = tuple(w["text"] for w in row if _word_confidence(w["chars"]) < UNSURE_BELOW)
        lines.append(TextLine(top=float(row[0]["top"]), text="".join(parts), box=box, unsure=unsure))
    return lines


def _word_confidence(chars: list[dict]) -> float:
    return min((float(char.get("conf", 100)) for char in chars), default=100.0)


def _usable_table(table) -> bool:
    try:
        return len(table.rows) >= 1 and max(len(row.cells) for row in table.rows) >= 2
    except ValueError:
        return False


class _Positions:
    """The middle of every character of a page, as arrays (to pick the characters of a box at once)."""

    def __init__(self, chars: list[dict]) -> None:
        self.cx = np.fromiter(((char["x0"] + char["x1"]) / 2 for char in chars), dtype=np.float64, count=len(chars))
        self.cy = np.fromiter(((char["top"] + char["bottom"]) / 2 for char in chars), dtype=np.float64, count=len(chars))

    def within(self, box, indices: np.ndarray | None = None) -> np.ndarray:
        """Indices (ascending) of the characters whose middle is in ``box``: left and top edges in, right and bottom out."""
        x0, top, x1, bottom = box
        cx, cy = (self.cx, self.cy) if indices is None else (self.cx[indices], self.cy[indices])
        hit = (cx >= x0) & (cx < x1) & (cy >= top) & (cy < bottom)
        return np.flatnonzero(hit) if indices is None else indices[hit]


def _extract(table, chars: list[dict], positions: _Positions) -> list[list[str | None]]:
    """``pdfplumber.table.Table.extract()``: each cell's text, None for a position a merged cell covers."""
    out = []
    for row in table.rows:
        row_indices = positions.within(row.bbox)
        texts: list[str | None] = []
        for cell in row.cells:
            if cell is None:
                texts.append(None)
                continue
            texts.append(cell_text([chars[index] for index in positions.within(cell, row_indices)]))
        out.append(texts)
    return out


def words(chars: list[dict], *, x_tolerance: float = 3, y_tolerance: float = 3) -> list[dict]:
    """``pdfplumber.utils.extract_words(chars, x_tolerance=…, y_tolerance=…)``: words with text, x0, x1,
    top, bottom and their characters, for upright text (rotated text goes to pdfplumber)."""
    if any(not char.get("upright", True) for char in chars):
        return plumber_utils.extract_words(chars, x_tolerance=x_tolerance, y_tolerance=y_tolerance, return_chars=True)
    found: list[dict] = []
    for line in cluster_objects(chars, itemgetter("top"), y_tolerance):
        line.sort(key=itemgetter("x0"))
        current: list[dict] = []
        for char in line:
            text = char["text"]
            if text.isspace():
                if current:
                    found.append(_word(current))
                current = []
            elif current and (
                char["x0"] < current[-1]["x0"]
                or char["x0"] > current[-1]["x1"] + x_tolerance
                or abs(char["top"] - current[-1]["top"]) > y_tolerance
            ):
                found.append(_word(current))
                current = [char]
            else:
                current.append(char)
        if current:
            found.append(_word(current))
    return found


def _word(chars: list[dict]) -> dict:
    return {
        "text": "".join([LIGATURES.get(char["text"], char["text"] or "") for char in chars]),
        "x0": min(map(_X0, chars)),
        "x1": max(map(_X1, chars)),
        "top": min(map(_TOP, chars)),
        "bottom": max(map(_BOTTOM, chars)),
        "chars": chars,
    }


_X0, _X1, _TOP, _BOTTOM = itemgetter("x0"), itemgetter("x1"), itemgetter("top"), itemgetter("bottom")


def cell_text(chars: list[dict]) -> str:
    """``pdfplumber.utils.extract_text(chars)``: words joined by spaces, lines by ``\\n``."""
    if not chars:
        return ""
    if any(not char.get("upright", True) for char in chars):
        return plumber_utils.extract_text(chars)
    lines = cluster_objects(words(chars), itemgetter("top"), 3)
    return "\n".join(" ".join(word["text"] for word in line) for line in lines)


def _grid(table, content: PageContent, positions: _Positions) -> TableGrid:
    """A pdfplumber table as rows of (text, merged), merged cells expanded (None in pdfplumber)."""
    texts = _extract(table, content.chars, positions)
    boxes = [row.cells for row in table.rows]
    row_boxes = [row.bbox for row in table.rows]
    width = max((len(row) for row in texts), default=0)
    columns: list[tuple[float, float] | None] = [None] * width
    for row in boxes:
        for index, box in enumerate(row):
            if box is not None and index < width and columns[index] is None:
                columns[index] = (box[0], box[2])
    grid: list[list[tuple[str, bool]]] = []
    for r, row in enumerate(texts):
        cells: list[tuple[str, bool]] = []
        for c in range(width):
            text = row[c] if c < len(row) else None
            if text is not None:
                cells.append((unicodedata.normalize("NFC", text).strip(), False))
                continue
            cells.append(_merged_cell(grid, cells, boxes[r] if r < len(boxes) else [], columns, c))
        grid.append(cells)
    rows = []
    for index, cells in enumerate(grid):
        box = tuple(float(v) for v in row_boxes[index]) if index < len(row_boxes) else tuple(table.bbox)
        unsure = _unsure_in(content.chars, box) if content.recognised else ()
        rows.append(GridRow(cells=cells, box=box, unsure=unsure))
    return TableGrid(top=float(table.bbox[1]), rows=rows)


def _merged_cell(grid, cells, row_boxes, columns, column: int) -> tuple[str, bool]:
    bounds = columns[column]
    for left in range(column - 1, -1, -1):
        box = row_boxes[left] if left < len(row_boxes) else None
        if box is None:
            continue
        if bounds is not None and box[2] >= (bounds[0] + bounds[1]) / 2:
            return (cells[left][0], True)
        break
    if grid and column < len(grid[-1]):
        return (grid[-1][column][0], True)
    return ("", True)


def _unsure_in(chars: list[dict], box: Box) -> tuple[str, ...]:
    """The unsure recognised words whose characters lie in ``box``, each once, in reading order."""
    words: dict[int, str] = {}
    for char in chars:
        if char.get("conf", 100) >= UNSURE_BELOW or char["text"].isspace():
            continue
        cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        if box[0] <= cx < box[2] and box[1] <= cy < box[3]:
            words.setdefault(char["word"], char["word_text"])
    return tuple(words.values())
