"""Rows the documents tests need: import jobs read from the test files, and review form data."""

from __future__ import annotations

import shutil
import tempfile
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory, override_settings

from cchc.documents import services
from cchc.documents.models import ImportJob
from cchc.documents.tests.support import FILES


def upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (FILES / name).read_bytes() if data is None else data)


@contextmanager
def scratch_media():
    """Files stored while building class-level test data go to a folder deleted afterwards.

    Each test then has its own MEDIA_ROOT (conftest.py): ``restore`` puts a stored file back in it.
    """
    folder = tempfile.mkdtemp(prefix="cchc-documents-")
    try:
        with override_settings(MEDIA_ROOT=folder):
            yield
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def restore(field_file, data: bytes) -> None:
    default_storage.save(field_file.name, ContentFile(data))


def read_job(unit, actor, name: str = "seed_003.docx", data: bytes | None = None) -> ImportJob:
    """An uploaded file, read as the background job would (the job runs on commit, which tests never reach)."""
    job = services.import_upload(unit=unit, file=upload(name, data), actor=actor)
    return services.import_read(job=job)


def review_post(job: ImportJob, user, **changes) -> dict:
    """The review page's form data as first shown (the extracted draft), with ``changes`` applied."""
    from cchc.documents.views import ImportReviewView

    view = ImportReviewView()
    view.request = RequestFactory().get("/")
    view.request.user = user
    header, areas, tasks, targets = view.forms(job)
    data = {}
    for formset in (areas, tasks, targets):
        management = formset.management_form
        data.update({management[name].html_name: management[name].value() for name in management.fields})
    for form in [header, *areas, *tasks, *targets]:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else value
    data.update(changes)
    return data
