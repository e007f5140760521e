"""Seed 001 photographed: its Word version printed, rendered at 250 dpi, turned a little and
speckled, saved as one JPG per page (the second page upside down, as a phone held the wrong way
round takes it), uploaded together and read by the job.

Slow (Tesseract reads every page): ``make test`` runs it; see ``scanning.require_tools``.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.documents import services
from cchc.documents.choices import ImportStatus
from cchc.documents.tests import scanning
from cchc.documents.tests.scan_checks import disagreements, found, word_tasks

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_photos_of_seed_001_import_the_tasks_of_the_word_file_whichever_way_up(world):
    scanning.require_tools()
    photos = scanning.photos("001", upside_down=(2,))
    uploads = [SimpleUploadedFile(name, data, content_type="image/jpeg") for name, data in reversed(photos)]

    job = services.import_upload(unit=world.dept_a, files=uploads, actor=world.users["focal"])
    job = services.import_read(job=job)

    assert job.status == ImportStatus.READY, job.error
    assert job.file_name == "trang-1 và 9 ảnh khác.zip"
    assert (job.pages_done, job.pages_total) == (10, 10)
    tasks = job.result["draft"]["tasks"]
    expected = word_tasks("001")
    assert len(tasks) == len(expected) == 22
    assert found(tasks, expected) >= 0.9, disagreements(tasks, expected)
    # seed 001 numbers its tasks from 1 again in each area, as the Word file does
    assert [task["number"] for task in tasks] == [task["number"] for task in expected]
    assert len(job.result["pages"]) == 10
