"""Scanned pages and photos made ready for recognition: limits, decoding, deskewing, ruling lines.

Pillow decodes and resamples, numpy does the pixel arithmetic; OpenCV is not needed. Straightening a
page is a search over small angles for the one whose row profile is sharpest (text lines and
table rules then lie flat); ruling lines are long runs of dark pixels along a row or a column,
after a morphological closing that bridges the small breaks scanning leaves. That is all a plan's
task table needs, in a few dozen lines of numpy, without a 60 MB binary wheel to keep up to date.

Nothing is decoded before it is measured. A PDF page is rendered at most at ``RENDER_DPI`` and at
most ``MAX_RENDER_PIXELS`` (its images' sizes are checked first, ``readers._check_scans``); a photo's
header gives its size, and one above ``MAX_IMAGE_PIXELS`` is refused before decoding (Pillow's own
``MAX_IMAGE_PIXELS`` bomb check runs too and is turned into the same message). A large JPEG photo is
decoded directly at a reduced scale (``Image.draft``), so a 40-megapixel photo costs what a
10-megapixel one does.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from cchc.documents.errors import DocumentError

#: a photo or an image inside a scanned PDF page with more pixels than this is refused
MAX_IMAGE_PIXELS = 50_000_000
#: the resolution scanned PDF pages are rendered at (and the most a photo is worked at)
RENDER_DPI = 300
#: a rendered page has at most this many pixels (an A4 page at 300 dpi has 8.7 million)
MAX_RENDER_PIXELS = 12_000_000
#: a page larger than A0 (in points) is not a document page
MAX_PAGE_POINTS = 3400
#: the long side of the working copy of a photo (an A4 page at about 300 dpi)
PHOTO_LONG_SIDE = 3300
#: the long side of the page image kept for the review page
REVIEW_LONG_SIDE = 1400
A4_LONG_INCHES = 11.69

_PHOTO_NAME = re.compile(r"\.(jpe?g|png)$", re.IGNORECASE)


@dataclass
class PageImage:
    """A grayscale page image and its resolution (pixels per inch: points are pixels × 72 / dpi)."""

    image: Image.Image
    dpi: float


# --------------------------------------------------------------------------- what the upload holds


def is_photo(data: bytes) -> bool:
    return data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"))


def is_photo_bundle(data: bytes) -> bool:
    """A zip archive holding only JPG/PNG files (several photos uploaded together, in page order)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = [info.filename for info in archive.infolist() if not info.is_dir()]
    except Exception:  # not a readable zip: the DOCX reader says what is wrong
        return False
    return bool(names) and all(_PHOTO_NAME.search(name) for name in names)


def photo_pages(data: bytes) -> list[bytes]:
    """The photos of an upload in page order: the file itself, or a bundle's files by name."""
    if is_photo(data):
        return [data]
    from cchc.core.archives import ArchiveError, check_archive

    try:
        entries = check_archive(io.BytesIO(data), what="Tệp ảnh nén")
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            ordered = sorted((entry for entry in entries if not entry.is_dir()), key=lambda entry: entry.filename)
            return [archive.read(entry) for entry in ordered]
    except ArchiveError as error:
        raise DocumentError(str(error)) from None
    except Exception:
        raise DocumentError("Tệp ảnh nén bị hỏng, không đọc được.") from None


def bundle(photos: list[bytes]) -> bytes:
    """Several photos as one stored upload: a zip (not compressed) whose names keep their order."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for index, data in enumerate(photos, start=1):
            suffix = ".png" if data.startswith(b"\x89PNG") else ".jpg"
            archive.writestr(f"{index:03d}{suffix}", data)
    return buffer.getvalue()


# --------------------------------------------------------------------------- decoding within limits


def check_photo(data: bytes, number: int) -> Image.Image:
    """The photo opened (its header read, nothing decoded) after its size is checked."""
    label = f"Ảnh {number}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=["JPEG", "PNG"])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise DocumentError(f"{label} quá lớn (trên {_mp(MAX_IMAGE_PIXELS)} megapixel); hãy chụp lại ở độ phân giải thấp hơn.") from None
    except Exception:
        raise DocumentError(f"{label} không phải ảnh JPG hay PNG đọc được (tệp hỏng hoặc không đầy đủ).") from None
    width, height = image.size
    if width * height > MAX_IMAGE_PIXELS:
        raise DocumentError(
            f"{label} có {_mp(width * height)} megapixel ({width} × {height}), vượt quá giới hạn {_mp(MAX_IMAGE_PIXELS)} "
            "megapixel; hãy chụp lại ở độ phân giải thấp hơn."
        )
    if min(width, height) < 200:
        raise DocumentError(f"{label} quá nhỏ ({width} × {height} điểm ảnh) để đọc được chữ.")
    return image


def load_photo(data: bytes, image: Image.Image, number: int) -> PageImage:
    """Decode a checked photo into a grayscale working copy, turned as its camera recorded."""
    try:
        orientation = image.getexif().get(0x0112, 1)
        width, height = image.size
        if image.format == "JPEG" and max(width, height) > 2 * PHOTO_LONG_SIDE:
            factor = PHOTO_LONG_SIDE / max(width, height)
            image.draft("L", (max(1, int(width * factor)), max(1, int(height * factor))))
        image = image.convert("L")
        if orientation != 1:
            transposed = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_270, 8: Image.Transpose.ROTATE_90}
            if orientation in transposed:
                image = image.transpose(transposed[orientation])
    except Exception:
        raise DocumentError(f"Ảnh {number} bị hỏng hoặc không đầy đủ, không đọc được.") from None
    long_side = max(image.size)
    if long_side > PHOTO_LONG_SIDE:
        factor = PHOTO_LONG_SIDE / long_side
        image = image.resize((round(image.width * factor), round(image.height * factor)), Image.Resampling.LANCZOS)
    return PageImage(image=image, dpi=max(image.size) / A4_LONG_INCHES)


def render_pdf_page(page) -> PageImage:
    """A PDF page (pypdfium2) rendered in grayscale at ``RENDER_DPI`` (recognition reads a 200–250 dpi scan
    better at 300: its word gaps and tone marks come out clearer); the caller holds ``pdftext.LOCK``."""
    width, height = page.get_size()
    scale = RENDER_DPI / 72
    pixels = width * height * scale * scale
    if pixels > MAX_RENDER_PIXELS:
        scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        image = bitmap.to_pil().convert("L")
    finally:
        bitmap.close()
    return PageImage(image=image, dpi=scale * 72)


def _mp(pixels: int) -> str:
    return f"{pixels / 1_000_000:.0f}"


# --------------------------------------------------------------------------- straightening


def rotate(page: PageImage, degrees: int) -> PageImage:
    """Turn the page by a multiple of 90 degrees counter-clockwise."""
    if degrees % 360 == 0:
        return page
    return PageImage(image=page.image.rotate(degrees, expand=True), dpi=page.dpi)


def deskew(page: PageImage, *, limit: float = 8.0) -> tuple[PageImage, float]:
    """The page turned by the small angle (within ``limit`` degrees) that makes its lines level, and that angle."""
    small = page.image.copy()
    small.thumbnail((900, 900))
    dark = np.asarray(small) < otsu(np.asarray(small))
    if dark.mean() < 0.002:  # blank: nothing to level
        return page, 0.0
    mask = Image.fromarray((dark * 255).astype(np.uint8))

    def sharpness(angle: float) -> float:
        rows = np.asarray(mask.rotate(angle, resample=Image.Resampling.NEAREST)).sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(rows)).sum())

    best = max(np.arange(-limit, limit + 0.01, 1.0), key=sharpness)
    best = max(np.arange(best - 0.9, best + 0.91, 0.1), key=sharpness)
    angle = round(float(best), 1)
    if abs(angle) < 0.05:
        return page, 0.0
    turned = page.image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    return PageImage(image=turned, dpi=page.dpi), angle


def otsu(pixels: np.ndarray) -> int:
    """Otsu's threshold of a grayscale array: darker pixels are ink."""
    histogram = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    total = histogram.sum()
    if total == 0:
        return 128
    levels = np.arange(256)
    weight = np.cumsum(histogram)
    mean = np.cumsum(histogram * levels)
    background = total - weight
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean[-1] * weight - mean * total) ** 2 / (weight * background)
    between[~np.isfinite(between)] = 0
    return int(np.argmax(between)) + 1


# --------------------------------------------------------------------------- ruling lines


@dataclass
class Rules:
    """Ruling lines found on a page, in pixels: horizontal (y, x0, x1) and vertical (x, y0, y1)."""

    horizontal: list[tuple[float, float, float]]
    vertical: list[tuple[float, float, float]]
    mask: np.ndarray  # True where a rule's pixels are (to clear them before recognition)


def ruling_lines(page: PageImage) -> Rules:
    """The table rules of a straightened page: long horizontal runs of ink, and vertical runs that
    span rows between them (:func:`_vertical_rules`). Text has no long horizontal runs; a letter's
    stroke is shorter than a table row and does not reach the row's rules, so neither becomes a line."""
    pixels = np.asarray(page.image)
    dark = pixels < min(otsu(pixels), 200)
    height, width = dark.shape
    point = page.dpi / 72  # pixels per point
    gap = max(1, round(0.75 * point))
    h_runs = _runs(_close(_spread(dark, axis=0, by=2), axis=1, gap=gap), min_length=max(40, width // 10))
    horizontal = _merge(h_runs, thickness=max(3, round(2 * point)))
    v_runs = _runs(_close(_spread(dark, axis=1, by=2), axis=0, gap=gap).T, min_length=round(10 * point))
    vertical = _vertical_rules(
        _merge(v_runs, thickness=max(3, round(2 * point))), horizontal,
        near=4 * point, touch=max(3.0, 1.5 * point), tall=40 * point, aligned=max(3.0, 1.5 * point),
    )
    mask = np.zeros_like(dark)
    pad = max(2, round(1.5 * point))
    for y, x0, x1 in horizontal:
        mask[max(0, int(y) - pad): int(y) + pad + 1, max(0, int(x0)): int(x1) + 1] = True
    for x, y0, y1 in vertical:
        mask[max(0, int(y0)): int(y1) + 1, max(0, int(x) - pad): int(x) + pad + 1] = True
    return Rules(horizontal=horizontal, vertical=vertical, mask=mask & dark)


def _vertical_rules(runs: list[tuple[float, float, float]], horizontal: list[tuple[float, float, float]], *,
                    near: float, touch: float, tall: float, aligned: float) -> list[tuple[float, float, float]]:
    """The vertical runs that are table rules, each cut to the horizontal rules it runs between.

    A run is a rule over the rows it covers from rule to rule (:func:`_row_span`); ink that runs on
    past the rules it reaches (a letter of a merged heading row touching the rule below) is cut off.
    It is kept when it crosses a rule on its way or stands in a row ``tall`` pixels high or more. A run over one short row only is kept when another kept rule stands at the same ``x``
    (within ``aligned`` pixels): the column rules of a header row above a merged heading row
    (which has none) line up with the rules of the rows below. The stems of the two lines of a
    tight header row, one above the other, may look like one stroke across the row, but they do
    not stand on a column's rule (a cell's text keeps its padding from it), and never cross two rows.
    """
    kept: list[tuple[float, float, float]] = []
    short: list[tuple[float, float, float]] = []
    for x, y0, y1 in runs:
        span = _row_span(x, y0, y1, horizontal, near=near, touch=touch)
        if span is None:
            continue
        top, bottom, rows = span
        (kept if rows >= 2 or bottom - top >= tall else short).append((x, top, bottom))
    kept += [line for line in short if any(abs(line[0] - other[0]) <= aligned for other in kept)]
    return sorted(kept, key=lambda line: (line[0], line[1]))


def _row_span(x: float, y0: float, y1: float, horizontal: list[tuple[float, float, float]], *,
              near: float, touch: float) -> tuple[float, float, int] | None:
    """Where a vertical run at ``x`` from ``y0`` to ``y1`` stands as a rule: from the first to the last
    horizontal rule reaching ``x`` (within ``near`` pixels) that the run touches or crosses (its end
    within ``touch`` pixels of the rule, or beyond it), and how many rows lie between them; None when
    it spans no whole row. A letter's stem in a one-line row comes near both rules of its row but
    stops short of them; a letter of a merged heading row touching a column's rule below it makes
    the run begin in the middle of that row, which is then left out."""
    crossing = sorted(line_y for line_y, x0, x1 in horizontal
                      if x0 - near <= x <= x1 + near and y0 - touch <= line_y <= y1 + touch)
    if len(crossing) < 2 or crossing[-1] - crossing[0] < near:
        return None
    top, bottom = crossing[0], crossing[-1]
    rows = 1 + sum(1 for y in crossing[1:-1] if top + near < y < bottom - near)
    return top, bottom, rows


def _spread(dark: np.ndarray, *, axis: int, by: int) -> np.ndarray:
    """Thicken ink by ``by`` pixels along ``axis``, so a rule slightly off level stays one run."""
    out = dark.copy()
    for shift in range(1, by + 1):
        if axis == 0:
            out[shift:] |= dark[:-shift]
            out[:-shift] |= dark[shift:]
        else:
            out[:, shift:] |= dark[:, :-shift]
            out[:, :-shift] |= dark[:, shift:]
    return out


def _close(dark: np.ndarray, *, axis: int, gap: int) -> np.ndarray:
    """Morphological closing along ``axis``: breaks up to ``gap`` pixels long are filled."""
    grown = _spread(dark, axis=axis, by=gap)
    shrunk = grown.copy()
    for shift in range(1, gap + 1):
        if axis == 0:
            shrunk[shift:] &= grown[:-shift]
            shrunk[:-shift] &= grown[shift:]
        else:
            shrunk[:, shift:] &= grown[:, :-shift]
            shrunk[:, :-shift] &= grown[:, shift:]
    return shrunk


def _runs(dark: np.ndarray, *, min_length: int) -> list[tuple[int, int, int]]:
    """Runs of True along each row at least ``min_length`` long, as (row, start, end)."""
    padded = np.zeros((dark.shape[0], dark.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = dark
    change = np.diff(padded, axis=1)
    rows_start, starts = np.nonzero(change == 1)
    _rows_end, ends = np.nonzero(change == -1)
    keep = (ends - starts) >= min_length
    return list(zip(rows_start[keep].tolist(), starts[keep].tolist(), (ends[keep] - 1).tolist(), strict=True))


def _merge(runs: list[tuple[int, int, int]], *, thickness: int) -> list[tuple[float, float, float]]:
    """Runs on neighbouring rows that overlap become one line at their middle row."""
    lines: list[list[float]] = []  # [first row, last row, start, end]
    for row, start, end in sorted(runs):
        for line in lines:
            if row - line[1] > thickness:
                continue
            if start <= line[3] and end >= line[2]:
                line[1], line[2], line[3] = row, min(line[2], start), max(line[3], end)
                break
        else:
            lines.append([row, row, start, end])
    return [((first + last) / 2, start, end) for first, last, start, end in lines]


#: pixels kept white around a cell's crop (and taken off its borders)
CELL_MARGIN = 12


#: the largest speck (in pixels at 300 dpi) cleared when nothing else is near it: scanner dust and noise
#: blown up by the scan's resampling and compression; the dot of "i" or under "ạ" is twice as large or more
SPECK_PIXELS = 6


def cleaned(page: PageImage, rules: Rules) -> PageImage:
    """The page without its ruling lines and specks, in black and white, for recognition.

    A speck is a dark pixel alone among its eight neighbours, or a clump of at most
    :data:`SPECK_PIXELS` (at 300 dpi) with nothing else within three pixels around it: dust and
    scanner noise, which recognition otherwise reads as stray ".", "-" or "|" words between the
    real ones. Nothing larger goes: a blur such as a median filter, or a larger speck size, takes the
    small tone marks Vietnamese depends on.

    The page is given to Tesseract already thresholded (Otsu, as Tesseract itself thresholds for its
    layout analysis): its line recogniser otherwise reads the grey image, where a scan's noise
    turned short capitalised words into other letters ("CCHC", "TTHC", "Sở" read as "LÊ E!",
    "š M", "ĐỮ" on the tests' scans of seed 003).
    """
    pixels = np.asarray(page.image).copy()
    if rules.mask.any():
        pixels[rules.mask] = 255
    dark = pixels < otsu(pixels)
    alone = dark & (_box_count(dark, 1) <= 1)
    near = _box_count(dark, 2)
    largest = max(2, round(SPECK_PIXELS * (page.dpi / 300) ** 2))
    clump = dark & (near <= largest) & (_box_count(dark, 3) == near)  # nothing in the ring around it
    ink = dark & ~alone & ~(_box_count(clump, 2) > 0)
    return PageImage(image=Image.fromarray(np.where(ink, 0, 255).astype(np.uint8)), dpi=page.dpi)


def _box_count(mask: np.ndarray, radius: int) -> np.ndarray:
    """How many True pixels each pixel's square of side ``2 * radius + 1`` around it holds."""
    side = 2 * radius + 1
    total = np.pad(mask.astype(np.int32), radius + 1).cumsum(axis=0).cumsum(axis=1)
    height, width = mask.shape
    return (total[side:side + height, side:side + width] - total[:height, side:side + width]
            - total[side:side + height, :width] + total[:height, :width])


def cell_crop(page: PageImage, box: tuple[float, float, float, float]) -> tuple[Image.Image, tuple[int, int]] | None:
    """The ink of a table cell (pixels), cut close with a white margin, and where the crop's top left corner
    lies on the page; None when the cell holds no ink but specks."""
    inset = max(2, round(page.dpi / 72 * 2))
    x0, top, x1, bottom = (round(box[0]) + inset, round(box[1]) + inset, round(box[2]) - inset, round(box[3]) - inset)
    if x1 - x0 < 8 or bottom - top < 8:
        return None
    pixels = np.asarray(page.image.crop((x0, top, x1, bottom))).copy()
    dark = pixels < 128
    padded = np.pad(dark.astype(np.uint8), 1)
    around = sum(padded[dy: dy + dark.shape[0], dx: dx + dark.shape[1]] for dy in range(3) for dx in range(3))
    specks = dark & (around <= 3)
    pixels[specks] = 255
    ink = dark & ~specks
    if ink.sum() < 12:
        return None
    rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    r0, r1, c0, c1 = rows[0], rows[-1] + 1, columns[0], columns[-1] + 1
    framed = Image.new("L", (c1 - c0 + 2 * CELL_MARGIN, r1 - r0 + 2 * CELL_MARGIN), 255)
    framed.paste(Image.fromarray(pixels[r0:r1, c0:c1]), (CELL_MARGIN, CELL_MARGIN))
    return framed, (x0 + c0 - CELL_MARGIN, top + r0 - CELL_MARGIN)


def stack(images: list[Image.Image], *, in_a_row: bool = False) -> tuple[Image.Image, list[tuple[int, int]]]:
    """Images on white, one under the other (or side by side, bottoms aligned, as the words of one line),
    with a gap between them, and where each was put."""
    gap = 24
    if in_a_row:
        gap = max(gap, 2 * max(image.height for image in images))
        height = max(image.height for image in images) + 2 * 24
        strip = Image.new("L", (sum(image.width for image in images) + gap * (len(images) + 1), height), 255)
        offsets, x = [], gap
        for image in images:
            y = height - 24 - image.height
            strip.paste(image, (x, y))
            offsets.append((x, y))
            x += image.width + gap
        return strip, offsets
    width = max(image.width for image in images)
    height = sum(image.height for image in images) + gap * (len(images) + 1)
    strip = Image.new("L", (width + 2 * gap, height), 255)
    offsets, y = [], gap
    for image in images:
        strip.paste(image, (gap, y))
        offsets.append((gap, y))
        y += image.height + gap
    return strip, offsets


def review_jpeg(page: PageImage) -> bytes:
    """The page as the reader saw it, small enough for the review page."""
    image = page.image.copy()
    image.thumbnail((REVIEW_LONG_SIDE, REVIEW_LONG_SIDE), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    ImageOps.autocontrast(image).save(buffer, format="JPEG", quality=70, optimize=True)
    return buffer.getvalue()
