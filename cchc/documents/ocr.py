"""Recognising a scanned page or a photo with Tesseract and its Vietnamese model.

The Python layer is ``pytesseract``: a thin, long-kept wrapper around the ``tesseract`` program that
Debian ships (``tesseract-ocr``, ``tesseract-ocr-vie``). Its ``image_to_data`` gives every word with
its box and confidence, which is what the layout reading needs: the words become characters in
pdfplumber's shape and go through ``pagelayout`` like a PDF text layer, so a scanned task table is
read from its ruling lines, cell by cell. OCRmyPDF was the alternative; it produces a searchable
PDF, a step further away from positions (they would have to be read back out of its text layer),
and brings Ghostscript, qpdf and a plugin system to keep in step for nothing the import uses.

Each page: straightened (``scans.deskew``), its ruling lines found and cleared
(``scans.ruling_lines``), specks removed, then recognised with a time limit (:data:`PAGE_SECONDS`,
Tesseract is killed past it); table cells that hold ink but came out empty are read again
together. A page read with little confidence is turned upright (Tesseract's orientation detection,
OSD) and read again. Tesseract runs single-threaded
(``OMP_THREAD_LIMIT=1``): its OpenMP threads spin against the web server and each other on a small
machine and made a page several times slower.

Without the program or its Vietnamese model :func:`missing` says, in Vietnamese, which packages to
install; the platform runs without them and refuses scans plainly.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from statistics import median

from PIL import Image

from cchc.documents import scans
from cchc.documents.pagelayout import Box, PageContent, table_cells

logger = logging.getLogger(__name__)

os.environ.setdefault("OMP_THREAD_LIMIT", "1")

PACKAGES = ("tesseract-ocr", "tesseract-ocr-vie")
LANGUAGE = "vie"
#: a page that takes Tesseract longer than this is given up (its process is killed)
PAGE_SECONDS = 90
#: orientation detection is given this long
OSD_SECONDS = 30
#: how sure orientation detection must be before a page is turned
OSD_MIN_CONFIDENCE = 1.5
#: a page read with a median word confidence below this is checked for being sideways or upside down
TURN_BELOW = 70
#: a word without a letter or digit read with less confidence than this is dropped (stray marks)
JUNK_BELOW = 50
#: what a table cell read again must reach to count (else it is noise in an empty cell)
EMPTY_CELL_MIN_CONFIDENCE = 40
NUMBER_CHARACTERS = "0123456789IVXivxl|.ST"
#: what a number column's cell holds: an item number, a Roman area number, or the header
NUMBER_TOKEN = re.compile(r"(\d{1,3}|[IVX]{1,6}|S?TT)\.?")
_ROMAN_LOOKALIKES = str.maketrans({"l": "I", "i": "I", "|": "I", "v": "V", "x": "X"})


def missing_message() -> str:
    return (
        "Máy chủ này chưa đọc được bản quét và ảnh chụp: cần cài phần nhận dạng chữ Tesseract với tiếng Việt "
        f"(các gói {' và '.join(PACKAGES)}). Hãy báo quản trị viên, hoặc tải lên bản Word hay PDF xuất từ Word."
    )


@functools.cache
def missing() -> str | None:
    """None when scans can be read here; otherwise the Vietnamese message naming the packages to install."""
    command = shutil.which(_command())
    if command is None:
        return missing_message()
    try:
        listed = subprocess.run([command, "--list-langs"], capture_output=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return missing_message()
    languages = {line.strip() for line in listed.stdout.decode("utf-8", "replace").splitlines()}
    if LANGUAGE not in languages:
        return missing_message()
    return None


def _command() -> str:
    from django.conf import settings

    return getattr(settings, "TESSERACT_CMD", "") or "tesseract"


@dataclass
class RecognisedPage:
    content: PageContent
    image: bytes  # the straightened page as JPEG, for the review page
    turned: int  # degrees the page was turned to stand upright
    skew: float  # degrees it was straightened by
    confidence: float | None  # median word confidence


def recognise(page: scans.PageImage, *, number: int) -> RecognisedPage:
    """Words, their positions and the table rules of one page image.

    Most pages are upright: they are read straight away. A page read with little confidence (or
    not at all) is shown to orientation detection, and read again turned if that is surer.
    """
    import pytesseract

    pytesseract.pytesseract.tesseract_cmd = shutil.which(_command()) or _command()
    result = _read(page, number, turned=0)
    if result.confidence is None or result.confidence < TURN_BELOW:
        turned = _orientation(page)
        if turned:
            again = _read(scans.rotate(page, turned), number, turned=turned)
            if (again.confidence or 0) > (result.confidence or 0):
                result = again
    return result


def _read(page: scans.PageImage, number: int, *, turned: int) -> RecognisedPage:
    page, skew = scans.deskew(page)
    rules = scans.ruling_lines(page)
    cleared = scans.cleaned(page, rules)
    content = _content(number, page, _words(cleared.image, page.dpi), rules)
    _read_cells_again(content, cleared)
    confidences = [char["conf"] for char in content.chars if not char["text"].isspace()]
    return RecognisedPage(
        content=content,
        image=scans.review_jpeg(page),
        turned=turned,
        skew=skew,
        confidence=median(confidences) if confidences else None,
    )


def _read_cells_again(content: PageContent, page: scans.PageImage) -> None:
    """Read again the table cells page segmentation gets wrong, each group in one strip.

    Page segmentation drops a short item alone in a column, or reads it as a stroke: the "1", "2",
    "IV" of an STT column becomes nothing, "|" or "c". So the cells of a number column (a table's
    first column when its cells hold short items only) are read again with only the characters of
    numbers (digits, Roman numerals, "STT"), and every other cell that holds ink but came out empty
    is read again as it is. The crops of a group are stacked into one strip, read as a block of
    lines, and each line's words are put back into their cell.
    """
    scale = page.dpi / 72
    numbers: list[tuple[Box, Image.Image, tuple[int, int]]] = []
    empty: list[tuple[Box, Image.Image, tuple[int, int]]] = []
    for cells in table_cells(content):
        first = min(cell[0] for cell in cells)
        texts = {cell: "".join(char["text"] for char in content.chars if _centre_in(char, cell)).strip() for cell in cells}
        column = [cell for cell in cells if abs(cell[0] - first) < 1 and cell[2] - cell[0] < 0.3 * _width(cells)]
        long_items = sum(1 for cell in column if len(texts[cell].replace(" ", "")) > 5)
        number_column = set(column) if len(column) >= 2 and long_items <= 0.2 * len(column) else set()
        for cell in cells:
            if texts[cell] and (cell not in number_column or NUMBER_TOKEN.fullmatch(texts[cell].replace(" ", ""))):
                continue
            found = scans.cell_crop(page, tuple(value * scale for value in cell))
            if found is not None:
                (numbers if cell in number_column else empty).append((cell, *found))
    narrow = numbers
    if narrow:
        placed = _read_strip(narrow, page, f"-c tessedit_char_whitelist={NUMBER_CHARACTERS}", numbers=True)
        content.chars[:] = [char for char in content.chars if not any(
            _centre_in(char, cell) for cell in placed)] + [char for chars in placed.values() for char in chars]
    if empty:
        for chars in _read_strip(empty, page, "").values():
            content.chars.extend(chars)


def _width(cells: list[Box]) -> float:
    return max(cell[2] for cell in cells) - min(cell[0] for cell in cells)


def _read_strip(crops, page: scans.PageImage, config: str, *, numbers: bool = False) -> dict[Box, list[dict]]:
    """The characters read from each cell's crop (cells where nothing sure was read are left out). With
    ``numbers`` only a number is taken ("1", "12.", "IV"; "l" and "|" are the Roman one), however unsure."""
    import pytesseract

    scale = page.dpi / 72
    # numbers side by side as the words of one line (read best that way), other cells as lines of a block
    strip, offsets = scans.stack([image for _cell, image, _origin in crops], in_a_row=numbers)
    data = pytesseract.image_to_data(
        strip, lang=LANGUAGE, config=f"--psm {7 if numbers else 6} --dpi {round(page.dpi)} {config}".strip(),
        output_type=pytesseract.Output.DICT, timeout=PAGE_SECONDS,
    )
    placed: dict[Box, list[dict]] = {}
    for index in range(len(data.get("text", []))):
        text = _corrected((data["text"][index] or "").strip(), "")
        confidence = float(data["conf"][index])
        if data["level"][index] != 5 or not text:
            continue
        if numbers:
            text = text.translate(_ROMAN_LOOKALIKES)
            if not NUMBER_TOKEN.fullmatch(text):
                continue
        elif confidence < EMPTY_CELL_MIN_CONFIDENCE or _is_junk(text, 100):
            continue
        middle = data["top"][index] + data["height"][index] / 2
        centre = data["left"][index] + data["width"][index] / 2
        for (cell, image, origin), (left, top) in zip(crops, offsets, strict=True):
            if not (left - 4 <= centre < left + image.width + 4 if numbers else top <= middle < top + image.height):
                continue
            x0 = max(cell[0], (origin[0] + data["left"][index] - left) / scale)
            x1 = min(cell[2], x0 + data["width"][index] / scale)
            y0 = max(cell[1], (origin[1] + data["top"][index] - top) / scale)
            y1 = min(cell[3], y0 + data["height"][index] / scale)
            chars = placed.setdefault(cell, [])
            if chars:
                chars.append(_char(" ", chars[-1]["x1"], max(chars[-1]["x1"], x0), y0, y1, 100.0, -1, ""))
            step = (x1 - x0) / len(text)
            for position, letter in enumerate(text):
                chars.append(_char(letter, x0 + position * step, x0 + (position + 1) * step, y0, y1, confidence,
                                   1_000_000 + index, text))
            break
    return placed


def _centre_in(char: dict, box: Box) -> bool:
    cx, cy = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return box[0] <= cx < box[2] and box[1] <= cy < box[3]


class PageTimeout(Exception):
    """Tesseract did not finish a page within ``PAGE_SECONDS``."""


def _words(image: Image.Image, dpi: float) -> dict:
    import pytesseract

    try:
        return pytesseract.image_to_data(
            image, lang=LANGUAGE, config=f"--psm 3 --dpi {round(dpi)}", output_type=pytesseract.Output.DICT,
            timeout=PAGE_SECONDS,
        )
    except RuntimeError as error:  # pytesseract's way of saying the time limit was hit
        if "timeout" in str(error).lower():
            raise PageTimeout from None
        raise


_ROTATE = re.compile(r"Rotate:\s*(\d+)")
_CONFIDENCE = re.compile(r"Orientation confidence:\s*([\d.]+)")


def _orientation(page: scans.PageImage) -> int:
    """Degrees (counter-clockwise) to turn the page so its text stands upright; 0 when unsure."""
    import pytesseract

    small = page.image.copy()
    factor = min(1.0, 1400 / max(small.size))
    if factor < 1:
        small = small.resize((round(small.width * factor), round(small.height * factor)), Image.Resampling.LANCZOS)
    try:
        text = pytesseract.image_to_osd(
            small, config=f"--psm 0 --dpi {round(page.dpi * factor)} -c min_characters_to_try=20", timeout=OSD_SECONDS
        )
    except (pytesseract.TesseractError, RuntimeError) as error:  # too few characters (a blank page), or too slow
        logger.info("orientation not detected: %s", error)
        return 0
    rotate, confidence = _ROTATE.search(text), _CONFIDENCE.search(text)
    if not rotate or not confidence or float(confidence.group(1)) < OSD_MIN_CONFIDENCE:
        return 0
    # "Rotate: N" is the clockwise turn that makes the page upright
    return (360 - int(rotate.group(1))) % 360


def _content(number: int, page: scans.PageImage, data: dict, rules: scans.Rules) -> PageContent:
    """Tesseract's words as characters in pdfplumber's shape (points), and the rules as edges.

    Every character of a word gets an equal share of the word's width and the top and bottom of the
    word's line (a word's own box follows its accents, which would split a line); the words of a line
    are separated by a space character, as in a PDF text layer. Each character carries its word's
    confidence and the word itself, for marking unsure fields.
    """
    scale = 72 / page.dpi
    line_boxes: dict[tuple, tuple[float, float]] = {}
    count = len(data.get("text", []))
    for index in range(count):
        if data["level"][index] == 4:
            key = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
            top = data["top"][index] * scale
            line_boxes[key] = (top, top + data["height"][index] * scale)
    chars: list[dict] = []
    heights: list[float] = []
    previous: tuple | None = None
    before = ""
    for index in range(count):
        text = (data["text"][index] or "").strip()
        confidence = float(data["conf"][index])
        if data["level"][index] != 5 or not text or confidence < 0 or _is_junk(text, confidence):
            continue
        text, before = _corrected(text, before), text
        key = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
        x0 = data["left"][index] * scale
        x1 = (data["left"][index] + data["width"][index]) * scale
        top, bottom = line_boxes.get(key, (data["top"][index] * scale, (data["top"][index] + data["height"][index]) * scale))
        heights.append(bottom - top)
        if previous is not None and previous[0] == key and chars and x0 > chars[-1]["x1"]:
            chars.append(_char(" ", chars[-1]["x1"], x0, top, bottom, 100.0, -1, ""))
        step = (x1 - x0) / len(text)
        for position, letter in enumerate(text):
            chars.append(_char(letter, x0 + position * step, x0 + (position + 1) * step, top, bottom, confidence, index, text))
        previous = (key,)
    edges = [_edge_h(y * scale, a * scale, b * scale) for y, a, b in rules.horizontal]
    edges += [_edge_v(x * scale, a * scale, b * scale) for x, a, b in rules.vertical]
    line_height = median(heights) if heights else 12.0
    return PageContent(
        number=number,
        width=page.image.width * scale,
        height=page.image.height * scale,
        chars=chars,
        edges=edges,
        y_tolerance=max(3.0, 0.4 * line_height),
        recognised=True,
    )


#: marks that never stand alone in Vietnamese text: a tone or vowel mark read apart from its letter,
#: an underscore or a tilde read from a speck or a bit of a rule
_LONE_MARKS = frozenset("ˆ˜`´¨^~_¯ˇ˘˙'\u0300\u0301\u0303\u0309\u0323")


def _is_junk(text: str, confidence: float) -> bool:
    """A "word" of stray marks: read with little confidence and holding no letter or digit (a speck, a
    bit of a rule), or, however sure, only marks that never stand alone (``_LONE_MARKS``)."""
    if all(char in _LONE_MARKS for char in text):
        return True
    return confidence < JUNK_BELOW and not any(char.isalnum() for char in text)


_QUARTER = {"1": "I", "l": "I", "|": "I", "11": "II", "ll": "II", "111": "III", "lll": "III", "1V": "IV", "lV": "IV",
            "1v": "IV"}


def _corrected(text: str, before: str) -> str:
    """The slips recognition makes in the words of these documents: a fraction slash for "/", and the
    Roman quarter after "Quý" read as digits ("Quý 1/2024" → "Quý I/2024")."""
    text = text.replace("\u2044", "/").replace("\u2215", "/")
    if fold_word(before) == "quy":
        head, slash, tail = text.partition("/")
        if head in _QUARTER:
            text = _QUARTER[head] + slash + tail
    return text


def fold_word(word: str) -> str:
    from cchc.core.text import fold

    return fold(word).strip(".,;:")


def _char(text: str, x0: float, x1: float, top: float, bottom: float, confidence: float, word: int, word_text: str) -> dict:
    return {
        "text": text, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top, "width": x1 - x0,
        "height": bottom - top, "size": bottom - top, "upright": True, "object_type": "char",
        "conf": confidence, "word": word, "word_text": word_text,
    }


def _edge_h(y: float, x0: float, x1: float) -> dict:
    return {"object_type": "line", "orientation": "h", "x0": x0, "x1": x1, "top": y, "bottom": y, "doctop": y,
            "width": x1 - x0, "height": 0.0}


def _edge_v(x: float, top: float, bottom: float) -> dict:
    return {"object_type": "line", "orientation": "v", "x0": x, "x1": x, "top": top, "bottom": bottom, "doctop": top,
            "width": 0.0, "height": bottom - top}
