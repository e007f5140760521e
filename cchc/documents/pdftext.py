"""Born-digital PDF pages read once with PDFium: characters and ruling lines for the layout reading.

pdfplumber (pdfminer.six) interprets every content stream in Python, which costs about a second
for a twenty-page plan. PDFium (``pypdfium2``, Apache-2.0/BSD; PyMuPDF would be AGPL) does the
same in C: for each page we take the characters of its text page and the segments of its path
objects once, and give them to the one layout reading (``pagelayout``) in the shape pdfplumber
gives them, so a page reads exactly as before, about ten times faster.

Shapes follow pdfminer's conventions: a character's box runs from its baseline up one font size
(pdfminer does the same, shifted by the font's descent), from its origin across its advance
width; a path is split into subpaths, a one-segment subpath is a line, a closed axis-aligned
four-segment subpath a rectangle, anything else a curve of its points (pdfplumber turns each into
edges). A page this cannot read as pdfminer would, :func:`read_page` leaves to pdfplumber by
returning ``None`` ("only where needed"): rotated pages or text, paths with curves or inside form
objects, a crop box that differs from the media box.

PDFium is not thread-safe; every call into it holds :data:`LOCK` (the queue worker runs threads).
"""

from __future__ import annotations

import ctypes
import threading
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from cchc.documents.pagelayout import PageContent

#: held around every use of PDFium in this process
LOCK = threading.RLock()
#: a page whose characters are more than this share unmapped (no Unicode) has no usable text layer
BAD_TEXT_SHARE = 0.3

_BAD_CODEPOINTS = {0, 0xFFFD, 0xFFFE, 0xFFFF}


@dataclass
class PageFacts:
    """What a page holds besides its layout: whether its text layer can be used, and its images."""

    chars: int = 0  # visible, mapped characters that are not blank
    bad_chars: int = 0
    invisible_text: bool = False  # all text drawn invisibly (a copier's OCR layer over a scan)
    images: int = 0
    largest_image_pixels: int = 0

    @property
    def has_usable_text(self) -> bool:
        if self.chars == 0 or (self.invisible_text and self.images):
            return False
        return self.bad_chars <= BAD_TEXT_SHARE * (self.chars + self.bad_chars)


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open ``data`` (raises ``pdfium.PdfiumError``); hold :data:`LOCK` while using the result."""
    return pdfium.PdfDocument(data)


def read_page(page: pdfium.PdfPage, number: int, doctop: float = 0.0) -> tuple[PageFacts, PageContent | None]:
    """What the page holds, and its characters and edges in pdfplumber's shapes (None when pdfplumber
    must read it, or when it has no usable text layer). Images are counted, never decoded."""
    facts = PageFacts()
    left, bottom, right, top = page.get_mediabox()
    readable = not page.get_rotation() % 360 and tuple(page.get_cropbox()) == (left, bottom, right, top)
    lines, rects, curves = [], [], []
    visible_text = invisible = 0
    for obj in _objects(page):
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            facts.images += 1
            width, height = ctypes.c_uint(), ctypes.c_uint()
            if raw.FPDFImageObj_GetImagePixelSize(obj, width, height):
                facts.largest_image_pixels = max(facts.largest_image_pixels, width.value * height.value)
        elif kind == raw.FPDF_PAGEOBJ_TEXT:
            if raw.FPDFTextObj_GetTextRenderMode(obj) == raw.FPDF_TEXTRENDERMODE_INVISIBLE:
                invisible += 1
            else:
                visible_text += 1
            matrix = raw.FS_MATRIX()
            if raw.FPDFPageObj_GetMatrix(obj, matrix) and (abs(matrix.b) > 1e-6 or abs(matrix.c) > 1e-6):
                readable = False  # rotated or skewed text
        elif kind == raw.FPDF_PAGEOBJ_FORM:
            if raw.FPDFFormObj_CountObjects(obj) > 0:
                readable = False  # nested coordinate systems: left to pdfplumber
        elif kind == raw.FPDF_PAGEOBJ_PATH and readable:
            readable = _path_shapes(obj, left, top, doctop, lines, rects, curves)
    facts.invisible_text = invisible > 0 and visible_text == 0
    chars = _chars(page, left, top, doctop, facts)
    if chars is None or not readable or not facts.has_usable_text:
        return facts, None
    from pdfplumber import utils as plumber_utils

    edges = [plumber_utils.line_to_edge(line) for line in lines]
    for rect in rects:
        edges.extend(plumber_utils.rect_to_edges(rect))
    for curve in curves:
        edges.extend(plumber_utils.curve_to_edges(curve))
    return facts, PageContent(number=number, width=right - left, height=top - bottom, chars=chars, edges=edges)


def _objects(container, *, form=None):
    """The page's objects, and those inside its form objects, depth first."""
    if form is None:
        count = raw.FPDFPage_CountObjects(container)
        get = raw.FPDFPage_GetObject
    else:
        count = raw.FPDFFormObj_CountObjects(form)
        get = raw.FPDFFormObj_GetObject
        container = form
    for index in range(max(0, count)):
        obj = get(container, index)
        if not obj:
            continue
        yield obj
        if raw.FPDFPageObj_GetType(obj) == raw.FPDF_PAGEOBJ_FORM:
            yield from _objects(None, form=obj)


def _chars(page: pdfium.PdfPage, left: float, top: float, doctop: float, facts: PageFacts) -> list[dict] | None:
    """The text page's characters (those PDFium inferred left out), counting good and unmapped ones."""
    textpage = page.get_textpage()
    try:
        count = textpage.count_chars()
        if count <= 0:
            return []
        buffer = ctypes.create_string_buffer(2 * (count + 1))
        written = raw.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
        units = memoryview(buffer.raw[: 2 * max(0, written - 1)]).cast("H")
        if len(units) != count:  # characters outside the basic plane: one call per character instead
            units = [raw.FPDFText_GetUnicode(textpage, index) for index in range(count)]
        chars: list[dict] = []
        origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
        box = raw.FS_RECTF()
        get_origin, get_box, get_size = raw.FPDFText_GetCharOrigin, raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetFontSize
        for index, code in enumerate(units):
            text = chr(code)
            if text.isspace():
                if text in "\r\n" or raw.FPDFText_IsGenerated(textpage, index):
                    continue  # a space or line break PDFium inferred; pdfminer has none
            elif code in _BAD_CODEPOINTS or 0xE000 <= code <= 0xF8FF:
                facts.bad_chars += 1
            else:
                facts.chars += 1
            get_origin(textpage, index, origin_x, origin_y)
            get_box(textpage, index, box)
            size = get_size(textpage, index)
            x0 = origin_x.value - left
            x1 = box.right - left
            if x1 < x0:
                return None  # right-to-left or mirrored text
            baseline = top - origin_y.value
            chars.append({
                "text": text, "x0": x0, "x1": x1, "top": baseline - size, "bottom": baseline,
                "doctop": doctop + baseline - size, "width": x1 - x0, "height": size, "size": size,
                "upright": True, "object_type": "char",
            })
        return chars
    finally:
        textpage.close()


def _path_shapes(obj, left: float, top: float, doctop: float, lines: list, rects: list, curves: list) -> bool:
    """Add the path's subpaths as pdfminer would paint them; False when the path has curves."""
    matrix = raw.FS_MATRIX()
    raw.FPDFPageObj_GetMatrix(obj, matrix)
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[list] = []
    for index in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, index)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_BEZIERTO:
            return False
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        point = (
            round(matrix.a * x.value + matrix.c * y.value + matrix.e - left, 4),
            round(top - (matrix.b * x.value + matrix.d * y.value + matrix.f), 4),
        )
        if kind == raw.FPDF_SEGMENT_MOVETO or not subpaths:
            subpaths.append([("m", point)])
        else:
            subpaths[-1].append(("l", point))
        if raw.FPDFPathSegment_GetClose(segment):
            subpaths[-1].append(("h", subpaths[-1][0][1]))
    for path in subpaths:
        _paint(path, doctop, lines, rects, curves)
    return True


def _paint(path: list, doctop: float, lines: list, rects: list, curves: list) -> None:
    """pdfminer's ``paint_path`` for one subpath (points already in top-left page coordinates)."""
    shape = "".join(op for op, _point in path)
    points = [point for _op, point in path]
    if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
        shape = shape[:-2] + "h"
        points.pop()
    if shape in {"mlh", "ml"}:
        lines.append(_shape("line", points[:2], doctop))
    elif shape in {"mlllh", "mllll"}:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _last = points
        closed = points[0] == points[4]
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if closed and square:
            rects.append(_shape("rect", [points[0], points[2]], doctop))
        else:
            curves.append(_shape("curve", points, doctop))
    elif len(points) > 1:
        curves.append(_shape("curve", points, doctop))


def _shape(kind: str, points: list, doctop: float) -> dict:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    return {
        "object_type": kind,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": doctop + top,
        "width": x1 - x0,
        "height": bottom - top,
        "pts": points,
        # rect_to_edges copies y0/y1 (PDF coordinates); only their presence matters downstream
        "y0": -bottom,
        "y1": -top,
    }
