"""Seed 003 scanned: its Word version printed, rendered at 250 dpi, turned a little and speckled,
wrapped as an image-only PDF, and imported through the reading job like an upload.

Slow (Tesseract reads 21 pages): ``make test`` runs it; see ``scanning.require_tools`` for machines
without Tesseract. Its twin ``test_scan_seed_001`` imports photos, so the two run side by side.
"""

from __future__ import annotations

import pytest

from cchc.documents.choices import ImportStatus
from cchc.documents.tests import scanning
from cchc.documents.tests.factories import read_job
from cchc.documents.tests.scan_checks import disagreements, found, word_tasks

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_an_image_only_pdf_of_seed_003_imports_the_tasks_of_the_word_file(world):
    scanning.require_tools()
    data = scanning.image_pdf("003")

    job = read_job(world.dept_a, world.users["focal"], "ke-hoach-scan.pdf", data)

    assert job.status == ImportStatus.READY, job.error
    assert (job.pages_done, job.pages_total) == (21, 21)
    tasks = job.result["draft"]["tasks"]
    expected = word_tasks("003")
    # every page image is kept for the review page, and every task row is placed on one
    assert [page["number"] for page in job.result["pages"]] == list(range(1, 22))
    assert all(str(task["lines"][0]) in job.result["boxes"] for task in tasks)
    assert len(tasks) == len(expected) == 43
    assert found(tasks, expected) >= 0.9, disagreements(tasks, expected)
    # the number column is read in sequence through the table (the plan numbers its tasks 1 to 43)
    assert [task["number"] for task in tasks] == [str(number) for number in range(1, 44)]
