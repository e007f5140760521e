"""Build the Word and PDF test files from seeds 001 and 003.

Run from the repository root: ``.venv/bin/python cchc/documents/tests/files/make_docx.py``.

The narrative comes from the seed text (wrapped lines joined back into paragraphs); the task table
is built from the hand-checked expectation (``../expected/seed_00N.json``) as a real Word table:

- seed 001 keeps the original layout, the area ("Nhiệm vụ chung") in a first column merged
  vertically over the area's rows;
- seed 003 has an STT column and area heading rows ("I | Cải cách thể chế") whose title cell spans
  all remaining columns, and a header row repeated on every page.

Header and signature blocks are borderless two-column tables, as official documents lay them out.
When LibreOffice is installed every file is re-saved by it (``--convert-to docx``) so the committed
files are written by a word processor, and it also exports ``seed_001.pdf`` and ``seed_003.pdf``
(text layer; tables that run over several pages) and ``encrypted.pdf`` (password protected) for the
PDF reader tests.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[3]
SEEDS = ROOT.parent / "shared" / "seeds"
EXPECTED = HERE.parent / "expected"

_MARKER = re.compile(r"^([-+•]|[IVX]{1,5}\.|\d{1,2}(\.\d{1,2})*\.|[a-zđ]\))\s")


def seed_lines(seed: str) -> list[str]:
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    return unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).split("\n")


def paragraphs(lines: list[str]) -> list[str]:
    """Wrapped seed lines back to paragraphs: a marker, a caps line or a finished sentence starts one."""
    out: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line or line.isdigit() or line.startswith("https://"):
            continue
        new = (
            not out
            or _MARKER.match(line)
            or line.isupper()
            or out[-1].isupper()
            or (re.search(r"[.:;]$", out[-1]) and line[:1].isupper())
            or (_is_heading(out[-1]) and line[:1].isupper())
        )
        if new:
            out.append(line)
        elif re.search(r"\S-$", out[-1]):
            out[-1] += line
        else:
            out[-1] += " " + line
    return [re.sub(r"\s+", " ", paragraph) for paragraph in out]


def _is_heading(paragraph: str) -> bool:
    """A numbered heading ("1. Cải cách thể chế", "2. Yêu cầu"): short, no final punctuation."""
    numbered = re.match(r"^([IVX]{1,5}|\d{1,2}(\.\d{1,2})*)\.\s", paragraph)
    return bool(numbered) and len(paragraph) < 90 and not re.search(r"[.;:,]$", paragraph)


def new_document(landscape: bool = False):
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(2)
    return document


def header_block(document, left: list[str], right: list[str]) -> None:
    table = document.add_table(rows=1, cols=2)
    for cell, lines in zip(table.rows[0].cells, (left, right), strict=True):
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.bold = True


def title_block(document, title: str) -> None:
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run("KẾ HOẠCH").bold = True
    subtitle = document.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle.add_run(title).bold = True


def body(document, texts: list[str]) -> None:
    for text in texts:
        paragraph = document.add_paragraph(text)
        if re.match(r"^[IVX]{1,5}\.\s", text):
            paragraph.runs[0].bold = True


def signature_block(document, recipients: list[str], signature: list[str]) -> None:
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].text = recipients[0]
    for line in recipients[1:]:
        left.add_paragraph(line)
    right.paragraphs[0].text = signature[0]
    for line in signature[1:]:
        right.add_paragraph(line)
    for paragraph in right.paragraphs:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def fill(cell, lines: list[str]) -> None:
    cell.paragraphs[0].text = lines[0] if lines else ""
    for line in lines[1:]:
        cell.add_paragraph(line)


def timeframe_lines(text: str | None) -> list[str]:
    if not text:
        return []
    parts = text.split("; ")
    return [f"- {part}" for part in parts] if len(parts) > 1 else parts


# --------------------------------------------------------------------------- seed 001


def build_001(path: Path) -> None:
    lines = seed_lines("001")
    expected = json.loads((EXPECTED / "seed_001.json").read_text(encoding="utf-8"))
    document = new_document(landscape=True)
    header_block(
        document,
        ["UBND TỈNH SÓC TRĂNG", "THANH TRA TỈNH"],
        ["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"],
    )
    title_block(document, "Thực hiện cải cách hành chính năm 2024")
    body(document, paragraphs(lines[9:208]))  # lines 10–208: preamble to "III. PHÂN CÔNG NHIỆM VỤ CỤ THỂ"

    headers = [
        "Nhiệm vụ chung",
        "Nhiệm vụ cụ thể",
        "Sản phẩm",
        "Phòng tham mưu thực hiện",
        "Phối hợp thực hiện",
        "Thời gian thực hiện",
    ]
    tasks = expected["tasks"]
    table = document.add_table(rows=1 + len(tasks), cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        fill(cell, [text])
    repeat_header(table.rows[0])
    titles = {area["code"]: area["title"] for area in expected["areas"]}
    first_row_of_area: dict[str, int] = {}
    for index, task in enumerate(tasks, start=1):
        cells = table.rows[index].cells
        if task["area_code"] not in first_row_of_area:
            first_row_of_area[task["area_code"]] = index
            fill(cells[0], [titles[task["area_code"]]])
        fill(cells[1], [f"{task['number']}. {task['title']}"])
        fill(cells[2], task["products"])
        fill(cells[3], [task["lead"]])
        fill(cells[4], task["coordinators"])
        fill(cells[5], timeframe_lines(task["timeframe"]["text"]))
    for code, first in first_row_of_area.items():
        last = max(i for i, task in enumerate(tasks, start=1) if task["area_code"] == code)
        if last > first:
            table.cell(first, 0).merge(table.cell(last, 0))  # vertical merge: the area spans its rows

    body(document, paragraphs(lines[1003:1033]))  # "IV. TỔ CHỨC THỰC HIỆN" to the closing sentence
    signature_block(
        document,
        [
            "Nơi nhận:",
            "- VP UBND tỉnh;",
            "- Sở Nội vụ;",
            "- BLĐ TTr tỉnh;",
            "- Các phòng thuộc TTr tỉnh;",
            "- Lưu: VT.",
        ],
        ["CHÁNH THANH TRA"],
    )
    document.save(path)


# --------------------------------------------------------------------------- seed 003


def build_003(path: Path) -> None:
    lines = seed_lines("003")
    expected = json.loads((EXPECTED / "seed_003.json").read_text(encoding="utf-8"))
    document = new_document()
    header_block(
        document,
        ["UBND TỈNH NAM ĐỊNH", "SỞ XÂY DỰNG", "Số:        /KH-SXD"],
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Nam Định, ngày      tháng 12 năm 2023",
        ],
    )
    title_block(document, "Cải cách hành chính Sở Xây dựng năm 2024")
    body(document, paragraphs(lines[17:520]))  # lines 18–520: preamble to the end of "IV. TỔ CHỨC THỰC HIỆN"
    signature_block(
        document,
        [
            "Nơi nhận:",
            "- Bộ Xây dựng;",
            "- UBND tỉnh Nam Định; (để báo cáo)",
            "- Sở Nội vụ (để phối hợp);",
            "- Ban Giám đốc Sở Xây dựng;",
            "- Trưởng các phòng chuyên môn, đơn vị thuộc Sở;",
            "- Website Sở Xây dựng;",
            "- Lưu: VT,VP. (17b)",
        ],
        ["GIÁM ĐỐC", "", "", "Vũ Văn Hưng"],
    )

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for text in (
        "Phụ lục",
        "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2024",
        "(Ban hành kèm theo Kế hoạch số /KH-SXD ngày /12/2023 của Sở Xây dựng)",
    ):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER

    headers = [
        "STT",
        "Nhiệm vụ",
        "Sản phẩm",
        "Phòng, đơn vị chủ trì",
        "Phòng, đơn vị phối hợp",
        "Thời gian thực hiện",
        "Kinh phí dự kiến",
    ]
    rows: list[tuple[str, object]] = []
    area_by_code = {area["code"]: area for area in expected["areas"]}
    current = None
    for task in expected["tasks"]:
        if task["area_code"] != current:
            current = task["area_code"]
            rows.append(("area", area_by_code[current]))
        rows.append(("task", task))
    table = document.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        fill(cell, [text])
    repeat_header(table.rows[0])
    for index, (kind, item) in enumerate(rows, start=1):
        cells = table.rows[index].cells
        if kind == "area":
            fill(cells[0], [item["local_number"]])
            merged = cells[1].merge(cells[len(headers) - 1])  # horizontal merge over the other columns
            fill(merged, [item["title"]])
            for paragraph in merged.paragraphs:
                for run in paragraph.runs:
                    run.bold = True
            continue
        fill(cells[0], [item["number"]])
        fill(cells[1], [item["title"]])
        fill(cells[2], item["products"])
        fill(cells[3], [item["lead"]])
        fill(cells[4], item["coordinators"])
        fill(cells[5], timeframe_lines(item["timeframe"]["text"]))
        fill(cells[6], [item["budget"]] if item["budget"] else [])
    document.save(path)


# --------------------------------------------------------------------------- LibreOffice


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, target_format: str, outdir: Path) -> Path:
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                target_format,
                "--outdir",
                str(outdir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return outdir / f"{source.stem}.{target_format.split(':')[0]}"


def main() -> int:
    with tempfile.TemporaryDirectory() as work:
        workdir = Path(work)
        built = {"seed_001.docx": build_001, "seed_003.docx": build_003}
        for name, build in built.items():
            build(workdir / name)
        if soffice() is None:
            print("LibreOffice not found: writing the python-docx files as they are")
            for name in built:
                shutil.copy(workdir / name, HERE / name)
            return 0
        saved = workdir / "saved"
        saved.mkdir()
        for name in built:
            result = convert(workdir / name, "docx:MS Word 2007 XML", saved)
            shutil.copy(result, HERE / name)
            print(f"wrote {name} (saved by LibreOffice)")
        for name in built:
            pdf = convert(HERE / name, "pdf", workdir)
            shutil.copy(pdf, HERE / pdf.name)
            print(f"wrote {pdf.name}")
        note = workdir / "encrypted.txt"
        note.write_text("Kế hoạch cải cách hành chính năm 2024 (bản có mật khẩu)\n", encoding="utf-8")
        options = (
            'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
            '"DocumentOpenPassword":{"type":"string","value":"cchc2024"}}'
        )
        encrypted = convert(note, options, workdir)
        shutil.copy(encrypted, HERE / "encrypted.pdf")
        print("wrote encrypted.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
