"""Demo data of the documents app: the 2024 plan of Sở Xây dựng (seed 003, as a Word file) uploaded
by the department's focal officer and read, waiting for review at /documents/imports/."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.documents import services
from cchc.documents.models import ImportJob
from cchc.units.models import Unit

WORD_FILE = Path(__file__).resolve().parent / "tests" / "files" / "seed_003.docx"
FILE_NAME = "ke-hoach-cchc-so-xay-dung-2024.docx"


def load(*, created: bool) -> None:
    """Idempotent: the import is made once, whatever ``created`` says."""
    unit = Unit.objects.filter(code="92-SXD", is_demo=True).first()
    if unit is None or ImportJob.objects.filter(unit=unit, file_name=FILE_NAME).exists():
        return
    officer = get_user_model().objects.filter(username="xaydung.daumoi").first()
    upload = SimpleUploadedFile(FILE_NAME, WORD_FILE.read_bytes())
    job = services.import_upload(unit=unit, file=upload, actor=officer)
    services.import_read(job=job)
