"""Word documents turned into PDF by LibreOffice, for signing with a digital signature.

Every app that writes a Word document (plans, reports, PAR announcements, inspection documents)
offers the same document as PDF through :func:`docx_to_pdf`: ``soffice --headless --convert-to pdf``
in a temporary folder of its own (with its own LibreOffice profile, so two conversions at once do
not wait on each other's lock), within :data:`TIMEOUT` seconds, after which the whole process group
is killed. It runs in the task queue's worker, never in a web request.

LibreOffice is optional (Debian: ``libreoffice-writer-nogui``); without it :func:`missing` gives the
Vietnamese sentence a button shows instead of converting.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

PACKAGE = "libreoffice-writer-nogui"
#: seconds one conversion may take (a long plan takes a few)
TIMEOUT = 120
CONTENT_TYPE = "application/pdf"


class PdfError(Exception):
    """The conversion did not give a PDF; the message is Vietnamese."""


def missing_message() -> str:
    return (
        "Máy chủ này chưa xuất được PDF: cần cài LibreOffice (gói "
        f"{PACKAGE}). Hãy báo quản trị viên; trong khi chờ, tải bản Word và lưu thành PDF."
    )


def _command() -> str | None:
    configured = getattr(settings, "SOFFICE_CMD", "")
    if configured:
        return shutil.which(configured)
    return shutil.which("soffice") or shutil.which("libreoffice")


@functools.cache
def missing() -> str | None:
    """None when documents can be turned into PDF here; otherwise what to install, in Vietnamese."""
    return None if _command() else missing_message()


def docx_to_pdf(data: bytes, *, timeout: int = TIMEOUT) -> bytes:
    """The PDF LibreOffice makes of the Word document ``data``; ``PdfError`` when it cannot."""
    command = _command()
    if command is None:
        raise PdfError(missing_message())
    with tempfile.TemporaryDirectory(prefix="cchc-pdf-") as folder:
        root = Path(folder)
        source = root / "document.docx"
        source.write_bytes(data)
        arguments = [
            command, f"-env:UserInstallation={(root / 'profile').as_uri()}", "--headless", "--norestore",
            "--nolockcheck", "--nodefault", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(root), str(source),
        ]
        environment = {**os.environ, "HOME": str(root)}
        process = subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=folder,
                                   env=environment, start_new_session=True)
        try:
            _out, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(process)
            raise PdfError(f"LibreOffice không chuyển xong tệp sang PDF trong {timeout} giây.") from None
        result = root / "document.pdf"
        if process.returncode != 0 or not result.exists() or result.stat().st_size == 0:
            detail = errors.decode("utf-8", "replace").strip().splitlines()[-1:] if errors else []
            raise PdfError("LibreOffice không chuyển được tệp sang PDF" + (f" ({detail[0][:200]})." if detail else "."))
        return result.read_bytes()


def _kill(process: subprocess.Popen) -> None:
    """End LibreOffice and everything it started (it runs as soffice → soffice.bin)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
