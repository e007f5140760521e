"""Read an uploaded plan document (DOCX, PDF, plain text, or scans and photos) into a flat list of blocks.

``read_document(data, filename)`` detects the format from the content (magic bytes), not only the
extension, and returns a :class:`Document`: paragraphs and tables in reading order, each with the
source position it came from. Anything unusable raises :class:`DocumentError` with a Vietnamese
message; no other exception escapes.

PDF pages are read by ``pdftext`` (PDFium) and ``pagelayout``; a page without a usable text layer,
and a photo or scan (JPG, PNG, or several in a bundle), is recognised by ``ocr`` (Tesseract) into
words with positions that go through the same layout reading, so a scanned task table is read from
its ruling lines. Recognised lines and rows carry where they are on the page (``box``, fractions of
the page) and the words read with low confidence (``unsure``); ``Document.page_images`` holds each
recognised page as the reader saw it, for the review page.

Positions ("line"): for text files the 1-based line of the file; for PDF and scans a running line
counter over all pages (each table row counts as one line); for DOCX a running counter over body
paragraphs and table rows, in document order.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from cchc.core.archives import ArchiveError, check_archive
from cchc.documents import numbering, scans
from cchc.documents.errors import DocumentError

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PAGES = 300
#: pages recognised in one import at most (a plan is rarely over 40 pages; each page takes seconds)
DEFAULT_MAX_SCAN_PAGES = 60

FORMAT_DOCX = "docx"
FORMAT_PDF = "pdf"
FORMAT_TEXT = "text"
FORMAT_IMAGE = "image"

#: called with (pages recognised, pages to recognise) after each recognised page
Progress = Callable[[int, int], None]
Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph (DOCX) or one line (PDF, text) of running text."""

    text: str
    line: int
    style: str = ""  # "heading", "list" or "" (body)
    page: int | None = None
    box: Box | None = None  # recognised pages: where on the page (x0, top, x1, bottom as fractions)
    unsure: tuple[str, ...] = ()  # recognised pages: words read with low confidence


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
    box: Box | None = None
    unsure: tuple[str, ...] = ()

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
    page_images: dict[int, bytes] = field(default_factory=dict)  # recognised page number → JPEG
    recognised_pages: list[int] = field(default_factory=list)
    blank_pages: list[int] = field(default_factory=list)
    timed_out_pages: list[int] = field(default_factory=list)

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
    max_scan_pages: int = DEFAULT_MAX_SCAN_PAGES,
    progress: Progress | None = None,
) -> Document:
    """Read ``data`` (the uploaded file) into a :class:`Document`; ``progress`` hears of each recognised page."""
    if not data:
        raise DocumentError("Tệp rỗng: không có nội dung để đọc.")
    if len(data) > max_bytes:
        raise DocumentError(
            f"Tệp quá lớn ({_megabytes(len(data))} MB); dung lượng tối đa là {_megabytes(max_bytes)} MB."
        )
    kind = detect_format(data, filename)
    if kind == FORMAT_PDF:
        document = _read_pdf(data, filename, max_pages=max_pages, max_scan_pages=max_scan_pages, progress=progress)
    elif kind == FORMAT_IMAGE:
        document = _read_images(data, filename, max_scan_pages=max_scan_pages, progress=progress)
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
    FORMAT_IMAGE: "Không nhận dạng được chữ nào trong ảnh.",
}


def detect_format(data: bytes, filename: str = "") -> str:
    """Return "docx", "pdf", "image" or "text" from the bytes; raise DocumentError for anything else."""
    head = data[:1024]
    if b"%PDF-" in head:
        return FORMAT_PDF
    if scans.is_photo(data):
        return FORMAT_IMAGE
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return FORMAT_IMAGE if scans.is_photo_bundle(data) else FORMAT_DOCX
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
        raise DocumentError("Tệp không phải DOCX, PDF, ảnh JPG/PNG hay văn bản thuần (.txt), không đọc được.")
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
        raise DocumentError("Tệp không phải DOCX, PDF, ảnh JPG/PNG hay văn bản thuần (.txt), không đọc được.")
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


def _read_pdf(data: bytes, filename: str, *, max_pages: int, max_scan_pages: int, progress: Progress | None) -> Document:
    """A PDF's pages: a text layer is read with PDFium (pdfplumber where it must), a page without a usable
    text layer is recognised (OCR) when this server can, and every page goes through the one layout reading."""
    import pypdfium2 as pdfium

    from cchc.documents import ocr, pdftext

    document = Document(format=FORMAT_PDF, filename=filename)
    with pdftext.LOCK:
        try:
            pdf = pdftext.open_pdf(data)
        except pdfium.PdfiumError as error:
            logger.info("PDF open failed for %s: %r", filename, error)
            if getattr(error, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
                raise DocumentError("Tệp PDF được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại.") from None
            raise DocumentError("Tệp PDF bị hỏng hoặc không đầy đủ, không đọc được.") from None
    try:
        plan = _plan_pdf(pdf, data, filename, max_pages=max_pages)
        walker = _PageWalker(document)
        scanned = [number for number, kind, _content in plan if kind == _SCANNED]
        if scanned:
            _check_scans(pdf, plan, max_scan_pages=max_scan_pages, document=document)
        recognise = scanned and ocr.missing() is None
        done = 0
        for number, kind, content in plan:
            if kind == _SCANNED:
                if not recognise:
                    continue
                with pdftext.LOCK:
                    page = pdf[number - 1]
                    try:
                        image = scans.render_pdf_page(page)
                    finally:
                        page.close()
                content = _recognise(image, number, document)
                done += 1
                if progress is not None:
                    progress(done, len(scanned))
                if content is None:
                    continue
            walker.page(content)
    finally:
        with pdftext.LOCK:
            pdf.close()
    if not walker.chars:
        if document.recognised_pages or document.timed_out_pages:
            raise _nothing_recognised(document)
        raise DocumentError("Tệp PDF không có nội dung văn bản.")
    _warn_blank(document)
    if document.recognised_pages:
        document.blocks = numbering.repair(document.blocks)
    return document


_TEXT, _FALLBACK, _SCANNED = "text", "fallback", "scanned"


def _plan_pdf(pdf, data: bytes, filename: str, *, max_pages: int) -> list[tuple[int, str, object]]:
    """Each page's number, how it is read and (for a text page) its content; damaged files raise DocumentError."""
    from cchc.documents import pdftext

    plan: list[tuple[int, str, object]] = []
    plumber = None
    try:
        with pdftext.LOCK:
            count = len(pdf)
            if count > max_pages:
                raise DocumentError(f"Tệp PDF có {count} trang, vượt quá giới hạn {max_pages} trang.")
            doctop = 0.0
            for index in range(count):
                page = pdf[index]
                try:
                    facts, content = pdftext.read_page(page, index + 1, doctop)
                    if not facts.has_usable_text:
                        plan.append((index + 1, _SCANNED, facts))
                    else:
                        plan.append((index + 1, _TEXT if content else _FALLBACK, content))
                    doctop += page.get_height()
                finally:
                    page.close()
        for position, (number, kind, _content) in enumerate(plan):
            if kind == _FALLBACK:
                if plumber is None:
                    import pdfplumber

                    plumber = pdfplumber.open(io.BytesIO(data))
                plan[position] = (number, _TEXT, _plumber_content(plumber.pages[number - 1], number))
    except DocumentError:
        raise
    except Exception as error:  # PDFium and pdfminer raise many kinds on damaged files
        logger.info("PDF parse failed for %s: %r", filename, error)
        raise DocumentError("Tệp PDF bị hỏng hoặc không đầy đủ, không đọc được.") from None
    finally:
        if plumber is not None:
            plumber.close()
    return plan


def _plumber_content(page, number: int):
    """A page pdfplumber parsed in full (its layout analysis), for the layout reading."""
    from cchc.documents.pagelayout import PageContent

    return PageContent(number=number, width=float(page.width), height=float(page.height), chars=list(page.chars),
                       edges=list(page.edges))


def _check_scans(pdf, plan: list[tuple[int, str, object]], *, max_scan_pages: int, document: Document) -> None:
    """Refuse what cannot or must not be recognised before decoding any image."""
    from cchc.documents import ocr, pdftext

    scanned = [number for number, kind, _facts in plan if kind == _SCANNED]
    has_text = len(scanned) < len(plan)
    missing = ocr.missing()
    if missing:
        if not has_text:
            raise DocumentError(f"Tệp PDF là bản quét (chỉ có hình ảnh, không có lớp văn bản). {missing}")
        document.warnings.append(
            f"{_pages_label(scanned)} chỉ có hình ảnh (bản quét), nội dung của chúng không được đọc. {missing}"
        )
        return
    if len(scanned) > max_scan_pages:
        raise DocumentError(
            f"Tệp PDF có {len(scanned)} trang bản quét, vượt quá giới hạn nhận dạng {max_scan_pages} trang một lần; "
            "hãy tách tệp thành các phần nhỏ hơn."
        )
    for number, kind, facts in plan:
        if kind != _SCANNED:
            continue
        with pdftext.LOCK:
            page = pdf[number - 1]
            try:
                width, height = page.get_size()
            finally:
                page.close()
            if facts.largest_image_pixels > scans.MAX_IMAGE_PIXELS:
                raise DocumentError(
                    f"Trang {number} của tệp PDF chứa hình ảnh quá lớn ({_megapixels(facts.largest_image_pixels)} "
                    f"megapixel; tối đa {_megapixels(scans.MAX_IMAGE_PIXELS)}); không đọc được."
                )
            if max(width, height) > scans.MAX_PAGE_POINTS:
                raise DocumentError(
                    f"Trang {number} của tệp PDF có khổ giấy quá lớn ({round(width / 72 * 2.54)} × "
                    f"{round(height / 72 * 2.54)} cm); không đọc được."
                )


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.0f}"


def _pages_label(numbers: list[int]) -> str:
    shown = ", ".join(str(number) for number in numbers[:10])
    more = f" và {len(numbers) - 10} trang khác" if len(numbers) > 10 else ""
    return f"Trang {shown}{more}" if len(numbers) == 1 else f"Các trang {shown}{more}"


_NOTHING_RECOGNISED = (
    "Không nhận dạng được chữ nào trên bản quét: các trang trống, ảnh quá mờ hoặc quá tối. "
    "Hãy quét lại rõ hơn (200–300 dpi) hoặc tải lên bản Word."
)


def _recognise(image, number: int, document: Document):
    """One page recognised (its image kept for the review page), or None when it ran out of time."""
    from cchc.documents import ocr

    try:
        page = ocr.recognise(image, number=number)
    except ocr.PageTimeout:
        document.timed_out_pages.append(number)
        document.warnings.append(
            f"Trang {number} không nhận dạng xong trong {ocr.PAGE_SECONDS} giây và đã bị bỏ qua; hãy kiểm tra lại nội dung trang này."
        )
        return None
    document.page_images[number] = page.image
    document.recognised_pages.append(number)
    if not page.content.chars:
        document.blank_pages.append(number)
    return page.content


def _nothing_recognised(document: Document) -> DocumentError:
    from cchc.documents import ocr

    if document.timed_out_pages:
        return DocumentError(
            f"{_pages_label(document.timed_out_pages)} không nhận dạng xong trong {ocr.PAGE_SECONDS} giây mỗi trang "
            "(ảnh quá lớn hoặc quá nhiễu). Hãy quét lại ở 200–300 dpi hoặc tải lên bản Word."
        )
    return DocumentError(_NOTHING_RECOGNISED)


def _warn_blank(document: Document) -> None:
    if document.blank_pages:
        document.warnings.append(f"{_pages_label(document.blank_pages)} trống hoặc không nhận dạng được chữ nào.")


class _PageWalker:
    """Turns each page's lines and tables (``pagelayout.read_page``) into blocks, numbering lines across pages."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.line = 0
        self.chars = 0

    def page(self, content) -> None:
        from cchc.documents.pagelayout import TextLine, read_page

        self.chars += len(content.chars)
        for item in read_page(content):
            if isinstance(item, TextLine):
                self._text(item, content)
            else:
                self._table(item, content)

    def _text(self, item, content) -> None:
        self.line += 1
        text = unicodedata.normalize("NFC", item.text).rstrip()
        if text.strip():
            self.document.blocks.append(Paragraph(
                text=text, line=self.line, page=content.number, box=_fraction(item.box, content),
                unsure=_nfc(item.unsure),
            ))

    def _table(self, grid, content) -> None:
        rows: list[Row] = []
        for index, row in enumerate(grid.rows):
            self.line += 1
            rows.append(Row(
                cells=tuple(Cell(text, merged=merged) for text, merged in row.cells), line=self.line, page=content.number,
                starts_page=index == 0, box=_fraction(row.box, content), unsure=_nfc(row.unsure),
            ))
        if rows:
            self.document.blocks.append(Table(rows=tuple(rows), line=rows[0].line, page=content.number, wrapped_cells=True))


def _fraction(box, content) -> tuple[float, float, float, float] | None:
    """A box in points as fractions of the page (for showing that part of the page image)."""
    if not content.recognised or not content.width or not content.height:
        return None
    x0, top, x1, bottom = box
    return (
        round(max(0.0, x0 / content.width), 4), round(max(0.0, top / content.height), 4),
        round(min(1.0, x1 / content.width), 4), round(min(1.0, bottom / content.height), 4),
    )


def _nfc(words) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", word) for word in words)


# --------------------------------------------------------------------------- photos


def _read_images(data: bytes, filename: str, *, max_scan_pages: int, progress: Progress | None) -> Document:
    """One photo or scan (JPG, PNG), or several in a bundle (zip, pages in order), recognised page by page."""
    from cchc.documents import ocr

    missing = ocr.missing()
    if missing:
        raise DocumentError(f"Tệp là ảnh chụp hoặc ảnh quét. {missing}")
    photos = scans.photo_pages(data)
    if len(photos) > max_scan_pages:
        raise DocumentError(
            f"Có {len(photos)} ảnh, vượt quá giới hạn nhận dạng {max_scan_pages} trang một lần; hãy chia thành các lần tải nhỏ hơn."
        )
    images = [scans.check_photo(photo, number) for number, photo in enumerate(photos, start=1)]
    document = Document(format=FORMAT_IMAGE, filename=filename)
    walker = _PageWalker(document)
    for number, (photo, image) in enumerate(zip(photos, images, strict=True), start=1):
        content = _recognise(scans.load_photo(photo, image, number), number, document)
        images[number - 1] = None  # let the decoded photo go
        if content is not None:
            walker.page(content)
        if progress is not None:
            progress(number, len(photos))
    if not walker.chars:
        raise _nothing_recognised(document)
    _warn_blank(document)
    document.blocks = numbering.repair(document.blocks)
    return document
