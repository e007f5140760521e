"""The printable A5 poster of an access point: the QR code of its public answer page (segno) with the
unit, the counter, the campaign and the address written out, as a PNG or a one-page PDF (Pillow).

The text is drawn with DejaVu Sans (``fonts/``, Bitstream Vera licence), which covers Vietnamese, so the
poster looks the same on any server.
"""

from __future__ import annotations

import io
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont

FONTS = Path(__file__).resolve().parent / "fonts"
#: A5 portrait, 148 × 210 mm, at 200 dots per inch
DPI = 200
WIDTH, HEIGHT = round(148 / 25.4 * DPI), round(210 / 25.4 * DPI)
MARGIN = 90
BLUE = (11, 61, 145)


def qr_png(url: str, *, scale: int = 10) -> bytes:
    """The bare QR code of ``url`` as PNG (error correction M, quiet zone of 4 modules)."""
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if draw.textlength(candidate, font=font) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _centred(draw, y: int, text: str, font, fill=(0, 0, 0), max_lines: int = 4) -> int:
    lines = _wrap(draw, text, font, WIDTH - 2 * MARGIN)[:max_lines]
    for line in lines:
        width = draw.textlength(line, font=font)
        draw.text(((WIDTH - width) / 2, y), line, font=font, fill=fill)
        y += int(font.size * 1.3)
    return y


def poster(*, url: str, site: str, unit: str, counter: str, campaign: str, period: str, kiosk: bool = False) -> Image.Image:
    """The poster as an image of an A5 page."""
    page = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle([0, 0, WIDTH, 150], fill=BLUE)
    _centred(draw, 45, site.upper(), _font(40, bold=True), fill=(255, 255, 255), max_lines=2)
    y = _centred(draw, 200, unit, _font(48, bold=True), max_lines=3)
    if counter:
        y = _centred(draw, y + 5, counter, _font(42))
    y = _centred(draw, y + 30, "KHẢO SÁT MỨC ĐỘ HÀI LÒNG", _font(56, bold=True), fill=BLUE, max_lines=1)
    y = _centred(draw, y + 10, campaign, _font(34), max_lines=3)
    code = Image.open(io.BytesIO(qr_png(url, scale=1))).convert("L")
    side = min(WIDTH - 2 * MARGIN, HEIGHT - y - 430)
    code = code.resize((side, side), Image.NEAREST)
    page.paste(code, ((WIDTH - side) // 2, y + 30))
    y += side + 60
    how = ("Mời Ông/Bà chạm vào màn hình để trả lời phiếu khảo sát." if kiosk else
           "Quét mã QR bằng điện thoại để trả lời phiếu khảo sát. Không cần đăng nhập, không ghi tên.")
    y = _centred(draw, y, how, _font(34, bold=True), max_lines=3)
    y = _centred(draw, y + 10, url, _font(26), fill=(60, 60, 60), max_lines=3)
    _centred(draw, y + 10, period, _font(30), max_lines=1)
    return page


def to_bytes(image: Image.Image, kind: str) -> bytes:
    """``kind`` "png" or "pdf" (one A5 page at the poster's resolution)."""
    out = io.BytesIO()
    if kind == "pdf":
        image.save(out, format="PDF", resolution=DPI)
    else:
        image.save(out, format="PNG", dpi=(DPI, DPI), optimize=True)
    return out.getvalue()
