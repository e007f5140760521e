"""Read an uploaded plan (DOCX, PDF or plain text) into a flat list of blocks.

``read_document(data, filename)`` detects the format from the content (magic bytes), not only the
extension, and returns a :class:`Document`: paragraphs and tables in reading order, each with the
source position it came from. Anything unusable raises :class:`DocumentError` with a Vietnamese
message; no other exception escapes.

Positions ("line"): for text files the 1-based line of the file; for PDF a running line counter over
all pages (each table row counts as one line); for DOCX a running counter over body paragraphs and
table rows, in document order.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from cchc.core.archives import ArchiveError, check_archive
from cchc.documents.errors import DocumentError

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PAGES = 300

FORMAT_DOCX = "docx"
FORMAT_PDF = "pdf"
FORMAT_TEXT = "text"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph (DOCX) or one line (PDF, text) of running text."""

    text: str
    line: int
    style: str = ""  # "heading", "list" or "" (body)
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    """One grid position of a table row.

    A merged cell is expanded: every grid position it covers gets its text, and all but the first
    (top-left) are marked ``merged``. Paragraphs inside a cell are separated by ``\\n``.
    """

    text: str
    merged: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    cells: tuple[Cell, ...]
    line: int
    is_header: bool = False
    page: int | None = None
    starts_page: bool = False  # first row of a table fragment on a new PDF page

    @property
    def texts(self) -> list[str]:
        return [cell.text for cell in self.cells]


@dataclass(frozen=True, slots=True)
class Table:
    rows: tuple[Row, ...]
    line: int
    page: int | None = None
    wrapped_cells: bool = False  # True when "\n" in a cell is a wrapped line (PDF), not a new paragraph


Block = Paragraph | Table


@dataclass
class Document:
    """The blocks of one file in reading order, with where they came from."""

    format: str
    filename: str
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[Block]:
        return iter(self.blocks)

    def __len__(self) -> int:
        return len(self.blocks)

    def __getitem__(self, index: int) -> Block:
        return self.blocks[index]

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [block for block in self.blocks if isinstance(block, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [block for block in self.blocks if isinstance(block, Table)]

    def has_text(self) -> bool:
        for block in self.blocks:
            if isinstance(block, Paragraph) and block.text.strip():
                return True
            if isinstance(block, Table) and any(
                cell.text.strip() for row in block.rows for cell in row.cells
            ):
                return True
        return False


# --------------------------------------------------------------------------- entry point


def read_document(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
) -> Document:
    """Read ``data`` (the uploaded file) into a :class:`Document`."""
    if not data:
        raise DocumentError("Tệp rỗng: không có nội dung để đọc.")
    if len(data) > max_bytes:
        raise DocumentError(
            f"Tệp quá lớn ({_megabytes(len(data))} MB); dung lượng tối đa là {_megabytes(max_bytes)} MB."
        )
    kind = detect_format(data, filename)
    if kind == FORMAT_PDF:
        document = _read_pdf(data, filename, max_pages=max_pages)
    elif kind == FORMAT_DOCX:
        document = _read_docx(data, filename)
    else:
        document = _read_text(data, filename)
    if not document.has_text():
        raise DocumentError(_NO_TEXT[kind])
    return document


_NO_TEXT = {
    FORMAT_DOCX: "Tệp Word không có nội dung văn bản.",
    FORMAT_PDF: "Tệp PDF không có nội dung văn bản.",
    FORMAT_TEXT: "Tệp văn bản không có nội dung.",
}


def detect_format(data: bytes, filename: str = "") -> str:
    """Return "docx", "pdf" or "text" from the bytes; raise DocumentError for anything else."""
    head = data[:1024]
    if b"%PDF-" in head:
        return FORMAT_PDF
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return FORMAT_DOCX
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise DocumentError("Tệp Word được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.")
        raise DocumentError(
            "Tệp theo định dạng Office cũ (.doc/.xls) chưa được hỗ trợ; hãy lưu lại thành .docx hoặc PDF."
        )
    if data.startswith(b"{\\rtf"):
        raise DocumentError("Tệp RTF chưa được hỗ trợ; hãy lưu lại thành .docx hoặc PDF.")
    if _looks_utf16_without_bom(data):
        raise DocumentError(
            "Tệp văn bản dùng bảng mã UTF-16 nhưng thiếu dấu BOM, không đọc được; hãy lưu lại với bảng mã UTF-8."
        )
    if _looks_binary(data):
        raise DocumentError("Tệp không phải DOCX, PDF hay văn bản thuần (.txt), không đọc được.")
    return FORMAT_TEXT


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


_IMAGE_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
    b"\x1f\x8b",
    b"7z\xbc\xaf",
)


def _looks_utf16_without_bom(data: bytes) -> bool:
    """Text in UTF-16 has a zero byte in every other position (the high byte of ASCII characters)."""
    sample = data[:4096]
    if len(sample) < 8 or sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    for offset in (0, 1):
        half = sample[offset::2]
        if half.count(0) >= 0.6 * len(half) and sample[1 - offset :: 2].count(0) <= 0.05 * len(half):
            return True
    return False


def _looks_binary(data: bytes) -> bool:
    if data.startswith(_IMAGE_MAGIC):
        return True
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return False
    sample = data[:4096]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 12, 13))
    return controls > max(2, len(sample) // 100)


# --------------------------------------------------------------------------- text


def _read_text(data: bytes, filename: str) -> Document:
    text = _decode_text(data)
    text = unicodedata.normalize("NFC", text)
    controls = sum(1 for char in text[:4096] if unicodedata.category(char) == "Cc" and char not in "\t\n\r\f")
    if controls > max(2, len(text[:4096]) // 100):
        raise DocumentError("Tệp không phải DOCX, PDF hay văn bản thuần (.txt), không đọc được.")
    document = Document(format=FORMAT_TEXT, filename=filename)
    for number, raw in enumerate(text.splitlines(), start=1):
        paragraph = _text_line(raw, number)
        if paragraph is not None:
            document.blocks.append(paragraph)
    return document


def _decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict_decode(data[3:], "utf-8", "UTF-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict_decode(data, "utf-16", "UTF-16")
    return _strict_decode(data, "utf-8", "UTF-8")


def _strict_decode(data: bytes, codec: str, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1 if codec == "utf-8" else None
        raise DocumentError(
            f"Tệp văn bản không đúng bảng mã {label} (ký tự lỗi ở dòng {line}); hãy lưu lại tệp với bảng mã UTF-8."
            if line
            else f"Tệp văn bản không đúng bảng mã {label}; hãy lưu lại tệp với bảng mã UTF-8.",
            line=line,
        ) from None


_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+")
_MARKDOWN_EMPHASIS = re.compile(r"\*\*|__")
_MARKDOWN_ITALIC_LINE = re.compile(r"^\s*\*(?!\s)(.+?)(?<!\s)\*\s*$")


def _text_line(raw: str, number: int) -> Paragraph | None:
    text = raw.replace("\t", "   ").replace("\f", " ").rstrip()
    if not text.strip():
        return None
    style = ""
    if _MARKDOWN_HEADING.match(text):
        text = _MARKDOWN_HEADING.sub("", text)
        style = "heading"
    text = _MARKDOWN_EMPHASIS.sub("", text)
    text = _MARKDOWN_ITALIC_LINE.sub(r"\1", text)
    if not text.strip():
        return None
    return Paragraph(text=text, line=number, style=style)


# --------------------------------------------------------------------------- DOCX


def _read_docx(data: bytes, filename: str) -> Document:
    _check_docx_package(data)
    try:
        import docx  # python-docx

        word = docx.Document(io.BytesIO(data))
        body = word.element.body
        document = Document(format=FORMAT_DOCX, filename=filename)
        _DocxWalker(word, document).walk(body)
    except DocumentError:
        raise
    except Exception as error:  # python-docx and lxml raise many kinds on damaged packages
        logger.info("DOCX parse failed for %s: %r", filename, error)
        raise DocumentError("Tệp Word (.docx) bị hỏng hoặc không đầy đủ, không đọc được.") from None
    return document


def _check_docx_package(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" not in names:
                if "xl/workbook.xml" in names:
                    raise DocumentError("Tệp là bảng tính Excel, không phải tài liệu Word (.docx) hay PDF.")
                if "content.xml" in names:
                    raise DocumentError(
                        "Tệp OpenDocument chưa được hỗ trợ; hãy lưu lại thành .docx hoặc PDF."
                    )
                raise DocumentError("Tệp nén ZIP không phải tài liệu Word (.docx).")
        try:  # the limits every uploaded zip archive is held to (size unzipped, compression ratio, parts)
            check_archive(io.BytesIO(data), what="Tệp Word")
        except ArchiveError as error:
            raise DocumentError(str(error)) from None
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if archive.testzip() is not None:
                raise DocumentError("Tệp Word (.docx) bị hỏng hoặc không đầy đủ, không đọc được.")
    except DocumentError:
        raise
    except Exception:  # BadZipFile, zlib.error, EOFError, NotImplementedError (unknown compression)…
        raise DocumentError("Tệp Word (.docx) bị hỏng hoặc không đầy đủ, không đọc được.") from None


class _DocxWalker:
    """Walks the body XML in order, turning w:p into Paragraph and w:tbl into Table."""

    def __init__(self, word, document: Document) -> None:
        from docx.oxml.ns import qn

        self.word = word
        self.document = document
        self.line = 0
        self.tag_p = qn("w:p")
        self.tag_tbl = qn("w:tbl")
        self.tag_sdt = qn("w:sdt")
        self.tag_sdt_content = qn("w:sdtContent")
        self.tag_tr = qn("w:tr")
        self.tag_tc = qn("w:tc")

    def walk(self, container) -> None:
        for child in container.iterchildren():
            if child.tag == self.tag_p:
                self._paragraph(child)
            elif child.tag == self.tag_tbl:
                self._table(child)
            elif child.tag == self.tag_sdt:
                for content in child.iterchildren(self.tag_sdt_content):
                    self.walk(content)

    def _paragraph(self, element) -> None:
        from docx.text.paragraph import Paragraph as DocxParagraph

        self.line += 1
        paragraph = DocxParagraph(element, self.word)
        style = _docx_style(paragraph)
        for part in paragraph.text.split("\n"):
            text = unicodedata.normalize("NFC", part.replace("\t", "   ")).rstrip()
            if text.strip():
                self.document.blocks.append(Paragraph(text=text, line=self.line, style=style))

    def _table(self, element) -> None:
        rows: list[Row] = []
        above: list[Cell] = []
        for tr in element.iterchildren(self.tag_tr):
            self.line += 1
            cells: list[Cell] = [Cell("", merged=True) for _ in range(_grid_before(tr))]
            for tc in tr.iterchildren(self.tag_tc):
                span = max(1, min(int(tc.grid_span or 1), 64))
                column = len(cells)
                if tc.vMerge == "continue" and column < len(above):
                    text = above[column].text
                    cells.extend(Cell(text, merged=True) for _ in range(span))
                    continue
                text = _cell_text(tc, self)
                cells.append(Cell(text))
                cells.extend(Cell(text, merged=True) for _ in range(span - 1))
            is_header = tr.trPr is not None and tr.trPr.find(_qn("w:tblHeader")) is not None
            row = Row(cells=tuple(cells), line=self.line, is_header=is_header)
            rows.append(row)
            above = list(cells)
        if rows:
            self.document.blocks.append(Table(rows=tuple(rows), line=rows[0].line))


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _grid_before(tr) -> int:
    try:
        return max(0, min(int(tr.grid_before or 0), 64))
    except (AttributeError, TypeError, ValueError):
        return 0


def _cell_text(tc, walker: _DocxWalker) -> str:
    from docx.text.paragraph import Paragraph as DocxParagraph

    parts: list[str] = []
    for element in tc.iter(walker.tag_p):
        text = DocxParagraph(element, walker.word).text.replace("\t", " ")
        for piece in text.split("\n"):
            piece = unicodedata.normalize("NFC", piece).strip()
            if piece:
                parts.append(piece)
    return "\n".join(parts)


def _docx_style(paragraph) -> str:
    try:
        name = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
    except Exception:  # a style id without definition
        name = ""
    if name.startswith(("heading", "title")):
        return "heading"
    p_pr = paragraph._p.pPr
    if "list" in name or (p_pr is not None and p_pr.numPr is not None):
        return "list"
    return ""


# --------------------------------------------------------------------------- PDF


def _read_pdf(data: bytes, filename: str, *, max_pages: int) -> Document:
    try:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = pdf.pages
            if len(pages) > max_pages:
                raise DocumentError(f"Tệp PDF có {len(pages)} trang, vượt quá giới hạn {max_pages} trang.")
            document = Document(format=FORMAT_PDF, filename=filename)
            _PdfWalker(document).walk(pages)
    except DocumentError:
        raise
    except Exception as error:  # pdfminer raises many kinds on damaged files
        logger.info("PDF parse failed for %s: %r", filename, error)
        if _pdf_is_encrypted(data, error):
            raise DocumentError("Tệp PDF được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.") from None
        raise DocumentError("Tệp PDF bị hỏng hoặc không đầy đủ, không đọc được.") from None
    return document


def _pdf_is_encrypted(data: bytes, error: Exception) -> bool:
    names = {type(error).__name__, type(getattr(error, "args", [None])[0]).__name__ if error.args else ""}
    return "PDFPasswordIncorrect" in names or "PDFEncryptionError" in names or b"/Encrypt" in data


class _PdfWalker:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.line = 0
        self.chars = 0
        self.image_only_pages: list[int] = []

    def walk(self, pages) -> None:
        for number, page in enumerate(pages, start=1):
            self._page(page, number)
        if self.chars == 0:
            if self.image_only_pages:
                raise DocumentError(
                    "Tệp PDF là bản quét (chỉ có hình ảnh, không có lớp văn bản); hãy tải lên bản Word "
                    "hoặc PDF xuất từ Word, hoặc nhận dạng chữ (OCR) trước."
                )
            raise DocumentError("Tệp PDF không có nội dung văn bản.")
        if self.image_only_pages:
            pages_text = ", ".join(str(page) for page in self.image_only_pages[:10])
            self.document.warnings.append(
                f"Các trang {pages_text} chỉ có hình ảnh (bản quét), nội dung của chúng không được đọc."
            )

    def _page(self, page, number: int) -> None:
        self.chars += len(page.chars)
        if not page.chars:
            if page.images:
                self.image_only_pages.append(number)
            return
        tables = [table for table in page.find_tables() if _usable_table(table)]
        boxes = [table.bbox for table in tables]
        outside = page.filter(lambda obj: not _inside_any(obj, boxes)) if boxes else page
        items: list[tuple[float, int, object]] = []
        for top, text in _page_lines(outside):
            items.append((top, 0, text))
        for table in tables:
            items.append((float(table.bbox[1]), 1, table))
        items.sort(key=lambda item: (item[0], item[1]))
        for _top, kind, payload in items:
            if kind == 0:
                self._text(payload, number)
            else:
                self._table(payload, number)

    def _text(self, text: str, page: int) -> None:
        self.line += 1
        text = unicodedata.normalize("NFC", text).rstrip()
        if text.strip():
            self.document.blocks.append(Paragraph(text=text, line=self.line, page=page))

    def _table(self, table, page: int) -> None:
        grid = _pdf_table_grid(table)
        rows: list[Row] = []
        for index, cells in enumerate(grid):
            self.line += 1
            rows.append(Row(cells=tuple(cells), line=self.line, page=page, starts_page=index == 0))
        if rows:
            self.document.blocks.append(
                Table(rows=tuple(rows), line=rows[0].line, page=page, wrapped_cells=True)
            )


_COLUMN_GAP = 3.0  # a gap wider than this many average character widths separates two columns


def _page_lines(page) -> list[tuple[float, str]]:
    """The page's text lines, top to bottom; words far apart on a line are joined by 5 spaces.

    The wide separator keeps side-by-side blocks apart (the header "UBND TỈNH…     CỘNG HÒA…",
    the signature "Nơi nhận:     GIÁM ĐỐC"), as in a text dump.
    """
    words = page.extract_words(x_tolerance=1.5, y_tolerance=3, keep_blank_chars=False, use_text_flow=False)
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(float(w["top"])), float(w["x0"]))):
        if rows and abs(float(word["top"]) - float(rows[-1][0]["top"])) <= 3:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines: list[tuple[float, str]] = []
    for row in rows:
        row.sort(key=lambda w: float(w["x0"]))
        widths = [(float(w["x1"]) - float(w["x0"])) / max(1, len(w["text"])) for w in row]
        char_width = sum(widths) / len(widths) if widths else 5.0
        parts = [row[0]["text"]]
        for previous, word in zip(row, row[1:], strict=False):
            gap = float(word["x0"]) - float(previous["x1"])
            parts.append("     " if gap > _COLUMN_GAP * char_width else " ")
            parts.append(word["text"])
        lines.append((float(row[0]["top"]), "".join(parts)))
    return lines


def _usable_table(table) -> bool:
    try:
        return len(table.rows) >= 1 and max(len(row.cells) for row in table.rows) >= 2
    except ValueError:
        return False


def _inside_any(obj, boxes) -> bool:
    x0, top, x1, bottom = obj.get("x0"), obj.get("top"), obj.get("x1"), obj.get("bottom")
    if x0 is None or top is None:
        return False
    cx, cy = (x0 + x1) / 2, (top + bottom) / 2
    return any(box[0] <= cx <= box[2] and box[1] <= cy <= box[3] for box in boxes)


def _pdf_table_grid(table) -> list[list[Cell]]:
    """Turn a pdfplumber table into rows of Cell, expanding merged cells (None in pdfplumber)."""
    texts = table.extract()
    boxes = [row.cells for row in table.rows]
    width = max((len(row) for row in texts), default=0)
    columns: list[tuple[float, float] | None] = [None] * width
    for row in boxes:
        for index, box in enumerate(row):
            if box is not None and index < width and columns[index] is None:
                columns[index] = (box[0], box[2])
    grid: list[list[Cell]] = []
    for r, row in enumerate(texts):
        cells: list[Cell] = []
        for c in range(width):
            text = row[c] if c < len(row) else None
            if text is not None:
                cells.append(Cell(unicodedata.normalize("NFC", text).strip()))
                continue
            cells.append(_merged_cell(grid, cells, boxes[r] if r < len(boxes) else [], columns, c))
        grid.append(cells)
    return grid


def _merged_cell(grid, cells, row_boxes, columns, column: int) -> Cell:
    bounds = columns[column]
    for left in range(column - 1, -1, -1):
        box = row_boxes[left] if left < len(row_boxes) else None
        if box is None:
            continue
        if bounds is not None and box[2] >= (bounds[0] + bounds[1]) / 2:
            return Cell(cells[left].text, merged=True)
        break
    if grid and column < len(grid[-1]):
        return Cell(grid[-1][column].text, merged=True)
    return Cell("", merged=True)
