"""Plan documents in and out at the size of seed 003 (43 tasks in 9 areas).

Reads the Word and PDF test files of seed 003 (``read_document`` + ``extract_plan``), creates the
plan of Sở Xây dựng (92-SXD) from the Word file's draft, exports it to Word and Excel, and, when
LibreOffice and poppler-utils are installed, converts the Word file to PDF and renders its first
page to ``test-artifacts/plan_export_page1.png``. Prints ``key: value`` lines.
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from _common import ROOT, emit, setup_django, timed

vendor = setup_django()

from cchc.documents import exports, selectors, services  # noqa: E402
from cchc.documents.extraction import extract_plan  # noqa: E402
from cchc.documents.readers import read_document  # noqa: E402
from cchc.units.demo import load_demo  # noqa: E402
from cchc.units.models import Unit  # noqa: E402

FILES = ROOT / "cchc" / "documents" / "tests" / "files"
ARTIFACTS = ROOT / "test-artifacts"


def read(name: str):
    data = (FILES / name).read_bytes()
    return extract_plan(read_document(data, name))


def to_pdf(docx: bytes, folder: Path) -> Path | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    source = folder / "ke-hoach.docx"
    source.write_bytes(docx)
    subprocess.run([soffice, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True, timeout=180)
    return source.with_suffix(".pdf")


emit("database", vendor)
for name in ("seed_003.docx", "seed_003.pdf", "seed_001.pdf"):
    seconds, draft = timed(read, name)
    emit(f"import_{name.replace('.', '_')}_seconds", seconds)
    emit(f"import_{name.replace('.', '_')}_tasks", len(draft.tasks))

load_demo()
unit = Unit.objects.get(code="92-SXD")
draft = read("seed_003.docx").to_json()
reviewed = selectors.reviewed_from_draft(draft, selectors.unit_matches(["Văn phòng Sở"], unit, draft["year"]), unit)
seconds, plan = timed(services.plan_from_review, unit=unit, reviewed=reviewed, actor=None)
emit("plan_from_review_seconds", seconds)
emit("plan_tasks", plan.tasks.count())
context_seconds, context = timed(selectors.plan_export_context, plan)
docx_seconds, docx = timed(exports.render_docx, context, selectors.template_bytes(unit))
xlsx_seconds, xlsx = timed(exports.render_xlsx, context)
emit("export_docx_seconds", context_seconds + docx_seconds)
emit("export_xlsx_seconds", context_seconds + xlsx_seconds)
emit("export_docx_bytes", len(docx))
emit("export_xlsx_bytes", len(xlsx))
with tempfile.TemporaryDirectory(prefix="cchc-bench-lo-") as folder:
    pdf_seconds, pdf = timed(to_pdf, docx, Path(folder))
    if pdf is None:
        emit("export_pdf", "skipped: LibreOffice is not installed")
    else:
        emit("export_pdf_seconds", pdf_seconds)
        import pdfplumber

        with pdfplumber.open(pdf) as document:
            emit("export_pdf_pages", len(document.pages))
            emit("export_pdf_last_page_landscape", document.pages[-1].width > document.pages[-1].height)
        if shutil.which("pdftoppm"):
            ARTIFACTS.mkdir(exist_ok=True)
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                            str(ARTIFACTS / "plan_export_page1")], check=True, timeout=60)
            emit("export_png", "test-artifacts/plan_export_page1.png")
