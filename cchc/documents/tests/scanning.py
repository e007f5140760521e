"""Scans made by the tests themselves: the Word versions of seeds 001 and 003, printed to PDF by
LibreOffice, rendered to page images at 250 dpi, turned by a small angle and given scanner noise,
then wrapped as an image-only PDF or saved as JPG photos.

Rendering is cached per test process (``cached``) in a temporary folder: LibreOffice and the
rasterising run once however many tests use a seed's scan.

``require_tools()`` is how a test that needs Tesseract (and LibreOffice) starts: without them it is
skipped with the reason on a developer's machine, and fails in CI (``CI`` set), where ``.ci/run``
installs them, so the tests can never pass there by not running.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from cchc.documents.tests.support import FILES

DPI = 250
_CACHE = Path(tempfile.mkdtemp(prefix="cchc-scans-"))


def require_tools(*, libreoffice: bool = True) -> None:
    from cchc.core import pdf
    from cchc.documents import ocr

    ocr.missing.cache_clear()
    problems = [message for message in (ocr.missing(), pdf.missing() if libreoffice else None) if message]
    if not problems:
        return
    reason = " ".join(problems) + " (apt-get install tesseract-ocr tesseract-ocr-vie libreoffice-writer-nogui)"
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the scan tests: {reason}")
    pytest.skip(reason)


def word_pdf(seed: str) -> bytes:
    """The Word version of the seed, printed to PDF by LibreOffice (``cchc.core.pdf``)."""
    target = _CACHE / f"seed_{seed}.pdf"
    if not target.exists():
        from cchc.core.pdf import docx_to_pdf

        target.write_bytes(docx_to_pdf((FILES / f"seed_{seed}.docx").read_bytes()))
    return target.read_bytes()


def page_images(seed: str) -> list[Image.Image]:
    """The seed's pages as a scanner gives them: grayscale, a little turned, with noise and specks."""
    folder = _CACHE / f"pages_{seed}"
    if not folder.exists():
        import pypdfium2 as pdfium

        folder.mkdir()
        rng = np.random.default_rng(int(seed) + 7)
        document = pdfium.PdfDocument(word_pdf(seed))
        try:
            for index in range(len(document)):
                page = document[index]
                image = page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L")
                page.close()
                angle = (0.7, -0.5, 0.4, -0.8)[index % 4]
                image = image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
                pixels = np.asarray(image).astype(np.int16) + rng.normal(0, 8, (image.height, image.width)).astype(np.int16)
                pixels = np.clip(pixels, 0, 255).astype(np.uint8)
                pixels[rng.random(pixels.shape) < 0.0004] = 0
                Image.fromarray(pixels).save(folder / f"{index + 1:03d}.png")
        finally:
            document.close()
    return [Image.open(path) for path in sorted(folder.glob("*.png"))]


def image_pdf(seed: str) -> bytes:
    """The scan as a PDF of page images only (no text layer), JPEG-compressed like a copier's."""
    target = _CACHE / f"scan_{seed}.pdf"
    if not target.exists():
        images = page_images(seed)
        buffer = io.BytesIO()
        images[0].save(buffer, format="PDF", save_all=True, append_images=images[1:], resolution=DPI, quality=70)
        target.write_bytes(buffer.getvalue())
    return target.read_bytes()


def photos(seed: str, *, upside_down: tuple[int, ...] = ()) -> list[tuple[str, bytes]]:
    """The scan as JPG photos ``trang-1.jpg``…, the pages in ``upside_down`` (1-based) turned over."""
    out = []
    for number, image in enumerate(page_images(seed), start=1):
        if number in upside_down:
            image = image.rotate(180)
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=80)
        out.append((f"trang-{number}.jpg", buffer.getvalue()))
    return out
