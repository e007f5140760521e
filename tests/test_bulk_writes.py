"""Every bulk or upsert write path, run by a user of one unit against rows of another unit.

A bulk path (a file import, an API batch, an upsert on a natural key) looks rows up by a code
rather than through a scoped queryset, so the usual 404 of ``ScopedViewSet`` and the scoped
views does not protect it. Each path must refuse such a row per row, with a message that reads
like any other refusal (it never tells that the code exists elsewhere), and write nothing.

How to add a path
-----------------
1. Append a ``BulkWriteCase`` to ``BULK_WRITE_CASES``: the persona who writes, ``setup`` for the
   other unit's rows (on the persona world, ``cchc/core/testing/personas.py``), ``send`` that
   posts the write through the page or endpoint a user would use, the HTTP status and the exact
   refusal text of the answer (HTML-escaped for pages), and ``state`` for every table the path
   writes.
2. ``test_every_bulk_write_in_the_code_is_reviewed`` scans ``cchc/`` for bulk and upsert writes
   (``bulk_create``, ``bulk_update``, ``update_or_create``, ``get_or_create``, raw ``UPDATE``/
   ``INSERT``/``COPY``, ``executemany``, functions named ``*_import``/``*_ingest``/``*_upsert``).
   Add the new function to ``REVIEWED`` with the names of the cases that cover it, or the reason
   no user of one unit can reach another unit's rows through it.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from cchc.core.testing.personas import World, build_world
from cchc.procedures.models import (
    Dossier,
    DossierChange,
    DossierChangeMark,
    IngestBatch,
    Procedure,
    ProcedurePublication,
)
from cchc.procedures.tests.world import add_dossiers


def add_petition(world: World) -> None:
    """Sở Xây dựng's petition DVCQG-SXD-1 from the national portal (the commune officer does not reach it)."""
    import datetime as dt

    from cchc.petitions.services import Intake, petition_register

    petition_register(unit=world.dept_a, channel="national_portal", external_code="DVCQG-SXD-1", actor=world.users["admin"],
                      received_at=dt.datetime(2025, 7, 14, 9, tzinfo=dt.UTC), intake=Intake(content="Phản ánh về cấp phép."))


def petitions_state():
    from cchc.petitions.models import Petition, PetitionEvent

    return list(Petition.objects.order_by("pk").values()), PetitionEvent.objects.count()


def procedures_state():
    """Everything the dossier and catalogue paths write."""
    return (
        list(Dossier.objects.order_by("code").values()),
        list(Procedure.objects.order_by("code").values()),
        IngestBatch.objects.count(),
        DossierChange.objects.count(),
        DossierChangeMark.objects.count(),
    )


@dataclass(frozen=True)
class BulkWriteCase:
    """One bulk or upsert path tried by ``persona`` against another unit's rows."""

    name: str
    persona: str
    #: (test case, logged-in client) → response of the write
    send: Callable
    status: int
    #: the per-row refusal exactly as it appears in the response body
    refusal: str
    state: Callable[[], object]
    #: rows of another unit the write aims at (the persona world is already there)
    setup: Callable[[World], None] = field(default=lambda world: None)


def _csv(text: str, name: str = "bang.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


# Sở Xây dựng's dossier SXD-LATE, which the commune officer cannot see, re-sent with his own commune.
TAKEOVER_CSV = "Mã hồ sơ,Mã thủ tục,Mã đơn vị tiếp nhận,Ngày tiếp nhận,Kênh nộp\nSXD-LATE,1.000001,TN-XM,15/07/2025 09:00,1\n"
TAKEOVER_ITEM = {"code": "SXD-LATE", "procedure": "1.000001", "unit": "TN-XM", "received_at": "2025-07-15T09:00:00+07:00",
                 "channel": "direct"}
# The province's catalogue entry 1.000001, re-published by Sở Xây dựng (its head does not reach the province).
CATALOGUE_CSV = ("Mã thủ tục,Tên thủ tục,Lĩnh vực,Cấp thực hiện,Thời hạn giải quyết,Đơn vị tính thời hạn,"
                 "Mức độ dịch vụ công trực tuyến\n1.000001,Thủ tục đổi tên,Xây dựng,Cấp tỉnh,1,Ngày làm việc,Toàn trình\n")

# Publication facts of the province's entry 1.000001, sent by Sở Xây dựng's head.
PUBLICATION_CSV = "Mã thủ tục,Số quyết định công bố,Ngày quyết định công bố\n1.000001,12/QĐ-UBND,03/02/2025\n"

BULK_WRITE_CASES: list[BulkWriteCase] = [
    BulkWriteCase(
        name="dossier file import",
        persona="commune",
        setup=add_dossiers,
        send=lambda case, client: client.post(reverse("procedures:dossier_import"),
                                              {"unit": case.world.commune_new.pk, "file": _csv(TAKEOVER_CSV)}),
        status=200,
        refusal="Dòng 2: bạn không được nhập hồ sơ này cho mã đơn vị &#x27;TN-XM&#x27; ngày 15/07/2025.",
        state=procedures_state,
    ),
    BulkWriteCase(
        name="dossier API batch",
        persona="commune",
        setup=add_dossiers,
        send=lambda case, client: client.post(reverse("dossier-batch"), json.dumps({"items": [TAKEOVER_ITEM]}),
                                              content_type="application/json"),
        status=400,
        refusal='{"items":{"0":["bạn không được nhập hồ sơ này cho mã đơn vị \'TN-XM\' ngày 15/07/2025."]}}',
        state=procedures_state,
    ),
    BulkWriteCase(
        name="procedure publication file import",
        persona="head",
        setup=add_dossiers,
        send=lambda case, client: client.post(reverse("procedures:publication_import"),
                                              {"unit": case.world.dept_a.pk, "file": _csv(PUBLICATION_CSV)}),
        status=200,
        refusal="Dòng 2: mã thủ tục &#x27;1.000001&#x27; không có trong danh mục của mã đơn vị &#x27;TN-SXD&#x27;.",
        state=lambda: (procedures_state(), list(ProcedurePublication.objects.values())),
    ),
    BulkWriteCase(
        name="procedure catalogue file import",
        persona="head",
        setup=add_dossiers,
        send=lambda case, client: client.post(reverse("procedures:procedure_import"),
                                              {"unit": case.world.dept_a.pk, "file": _csv(CATALOGUE_CSV)}),
        status=200,
        refusal="Dòng 2: bạn không được nhập thủ tục này vào danh mục của mã đơn vị &#x27;TN-SXD&#x27;.",
        state=procedures_state,
    ),
    BulkWriteCase(
        name="petition API batch",
        persona="commune",
        setup=add_petition,
        # Sở Xây dựng's portal code, re-sent by the commune officer for his own commune
        send=lambda case, client: client.post(
            reverse("petition-batch"),
            json.dumps({"items": [{"external_code": "DVCQG-SXD-1", "unit": "TN-XM", "received_at": "2025-07-15T09:00:00+07:00",
                                   "content": "Phản ánh về cấp phép."}]}),
            content_type="application/json"),
        status=400,
        refusal='{"items":{"0":["bạn không được ghi nhận phản ánh này cho mã đơn vị \'TN-XM\'."]}}',
        state=petitions_state,
    ),
    BulkWriteCase(
        name="PAR INDEX survey points file import",
        persona="steering",
        setup=lambda world: _par_campaign(world),
        send=lambda case, client: client.post(reverse("parindex:survey_import", args=[_par_campaign_id()]),
                                              {"file": _csv("Mã đơn vị,Mã tiêu chí,Điểm\nTN-XM,3.1,20\n")}),
        status=200,
        refusal="Dòng 2: không có đơn vị mã “TN-XM” trong đợt đánh giá này.",
        state=lambda: _par_state(),
    ),
]


def _par_campaign(world):
    """The province's PAR INDEX campaign for its departments (Xã Mới, a commune, is not assessed in it)."""
    from cchc.parindex.tests.factories import campaign

    campaign(world)


def _par_campaign_id() -> int:
    from cchc.parindex.models import AssessmentCampaign

    return AssessmentCampaign.objects.get().pk


def _par_state():
    from cchc.parindex.models import Score

    return list(Score.objects.order_by("pk").values())


#: every function of ``cchc/`` that writes in bulk or upserts → the cases covering it, or why none is needed
REVIEWED: dict[str, str | tuple[str, ...]] = {
    "cchc/procedures/services.py:dossiers_ingest": ("dossier file import", "dossier API batch"),
    "cchc/procedures/services.py:_write_chunk": ("dossier file import", "dossier API batch"),
    "cchc/procedures/services.py:_update": ("dossier file import", "dossier API batch"),
    "cchc/procedures/services.py:_copy_or_insert": ("dossier file import", "dossier API batch"),
    "cchc/procedures/services.py:_copy_dossiers": ("dossier file import", "dossier API batch"),
    "cchc/procedures/services.py:procedures_import": ("procedure catalogue file import",),
    "cchc/procedures/publications.py:procedure_publications_import": ("procedure publication file import",),
    "cchc/procedures/counting.py:due_rule": "due-date rules belong to no unit; get_or_create on the rule id",
    "cchc/procedures/counting.py:source_due_rule": "due-date rules belong to no unit; get_or_create on the rule id",
    "cchc/procedures/services.py:save": (
        "_Written.save: the ingestion's own record of the dossier ids it wrote (DossierDelta), after its rows "
        "were checked; no lookup by code"
    ),
    "cchc/indicators/services.py:_recompute_all": "aggregates recomputed from stored dossiers by the background refresh; no user input",
    "cchc/indicators/services.py:_recompute_marked": (
        "aggregates recomputed from stored dossiers by the background refresh; no user input"
    ),
    "cchc/indicators/services.py:_apply_deltas": (
        "aggregates changed by the stored dossiers an ingestion wrote, by the background refresh; no user input"
    ),
    "cchc/indicators/services.py:_assign_lines": (
        "dossier split lines derived by the background refresh from stored dossiers and confirmed mappings; no user input"
    ),
    "cchc/units/services.py:unit_split_divide": (
        "rows are looked up only among the split unit's own data (split_records), and a dossier code of another unit "
        "is refused like an unknown one (TestDividePage, test_split_divide)"
    ),
    "cchc/indicators/services.py:_upsert_marked": "aggregates recomputed from stored dossiers by the background refresh; no user input",
    "cchc/indicators/services.py:indicator_values_record": "called by no view, API or command; computes, never takes rows",
    "cchc/notifications/services.py:notify": "creates new notifications only; never looks rows up by a code",
    "cchc/documents/tasks.py:read_import": "background task calling import_read with a job id",
    "cchc/petitions/services.py:petitions_import": ("petition API batch",),
    "cchc/petitions/bench_support.py:published_petitions": "benchmark data only; called by no view, API or command",
    "cchc/petitions/services.py:petition_setting_update": (
        "get_or_create of the setting row of the unit in the URL, whose edit permission the view checked (404/403 otherwise); "
        "never looks a row up by a code"
    ),
    "cchc/parindex/services.py:survey_points_import": ("PAR INDEX survey points file import",),
    "cchc/parindex/demo.py:_published_2024": "demo data loaded by seed_demo; creates the scores of a new campaign, no user input",
    "cchc/surveys/services.py:response_submit": (
        "writes the answers of the one response it creates, for the access point's unit or a unit the paper-entry "
        "view checked in reach; never looks rows up by a code"
    ),
    "cchc/surveys/services.py:tallies_rebuild": "recomputes one campaign's tallies from its stored answers; no user input",
    "cchc/surveys/services.py:_tally_add": (
        "adds the one response response_submit just created to the tally rows of that response's own campaign, unit "
        "and profile; never looks rows up by a code"
    ),
    "cchc/surveys/demo.py:_answers": "demo data loaded by seed_demo; no user input",
    "cchc/portal/search.py:index": "search keys of one unit or procedure just saved, derived from its name; takes no rows from users",
    "cchc/portal/search.py:reindex": "search keys rebuilt from every stored unit and procedure by a command; no user input",
}

BULK_WRITE = re.compile(
    r"bulk_update\(|update_or_create\(|bulk_create\(|get_or_create\(|executemany\(|\bUPDATE\s|\bINSERT\s+INTO\b|\bCOPY\s"
)
WRITE_SERVICE = re.compile(r"_(?:import|ingest|upsert)$")


def bulk_writers() -> set[str]:
    """``path:function`` of every function in ``cchc/`` (tests and migrations aside) that writes in bulk."""
    base = Path(settings.BASE_DIR)
    found = set()
    for path in sorted((base / "cchc").rglob("*.py")):
        relative = path.relative_to(base)
        if {"tests", "migrations", "testing"} & set(relative.parts):
            continue
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            body = ast.get_source_segment(source, node)
            for inner in ast.walk(node):
                if inner is not node and isinstance(inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    body = body.replace(ast.get_source_segment(source, inner), "")
            docstring = ast.get_docstring(node, clean=False) or ""
            if WRITE_SERVICE.search(node.name) or BULK_WRITE.search(body.replace(docstring, "")):
                found.add(f"{relative.as_posix()}:{node.name}")
    return found


def test_every_bulk_write_in_the_code_is_reviewed():
    found = bulk_writers()
    unreviewed = sorted(found - set(REVIEWED))
    assert unreviewed == [], (
        "New bulk or upsert writes: add a BulkWriteCase for each path users reach and list the function in "
        f"REVIEWED (tests/test_bulk_writes.py): {unreviewed}"
    )
    assert sorted(set(REVIEWED) - found) == [], "REVIEWED names functions that no longer write in bulk"
    names = {case.name for case in BULK_WRITE_CASES}
    for function, covered_by in REVIEWED.items():
        if isinstance(covered_by, tuple):
            assert set(covered_by) <= names, f"{function}: no case named {set(covered_by) - names}"


class TestBulkWritesRefuseAnotherUnitsRows(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        done = set()
        for case in BULK_WRITE_CASES:
            if case.setup not in done:
                case.setup(cls.world)
                done.add(case.setup)

    def test_each_path_refuses_per_row_and_writes_nothing(self):
        for case in BULK_WRITE_CASES:
            with self.subTest(case.name):
                client = self.client_class()
                client.force_login(self.world.users[case.persona])
                before = case.state()
                response = case.send(self, client)
                self.assertEqual(response.status_code, case.status)
                self.assertIn(case.refusal, response.content.decode())
                self.assertEqual(case.state(), before, f"{case.name}: the refused write changed something")
