"""Dossier ingestion reads a chunk column by column and writes it in bulk; the result must be exactly
what the row-by-row reading gives (``_parse_row`` stays the reference), and the database must not check
the dossier's references row by row (the ingestion checks and locks them once per batch)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from unittest import mock

from django.db import IntegrityError, connection, transaction
from django.test import TestCase

from cchc.core.testing.personas import build_world
from cchc.procedures import services
from cchc.procedures.models import Dossier, DossierChange, DossierDelta
from cchc.procedures.services import RowErrors
from cchc.procedures.tests.factories import dossier_record, ingest, make_procedure

FACTS = [
    {"received_at": "03/03/2025 09:00", "finished_at": "07/03/2025 10:00", "channel": "online", "paid_online": "1"},
    {"received_at": "03/03/2025 09:00", "status": "in_progress", "fee_amount": "0", "components_digitised": "x"},
    {"received_at": "2025-03-04 08:30", "supplement_requested_at": "05/03/2025 10:00",
     "supplement_completed_at": "10/03/2025 14:00", "finished_at": "14/03/2025 15:00", "electronic_result": "1"},
    {"received_at": "04/03/2025", "due_date": "20/03/2025", "extended_due_date": "25/03/2025", "status": "10",
     "finished_at": "26/03/2025 08:00", "apology_issued_on": "24/03/2025", "channel": "3"},
    {"received_at": "05/03/2025 16:45", "supplement_requests": "2", "supplement_requested_at": "06/03/2025 08:00",
     "channel": "buu_chinh"},
    {"received_at": " 05/03/2025 16:45 ", "status": "withdrawn", "finished_at": "06/03/2025 09:00", "due_date": ""},
    {"received_at": "27/01/2025 09:00", "finished_at": "10/02/2025 09:00", "fee_amount": "1.500.000"},
]
# API values and Excel cells are not plain text: such a chunk is read row by row.
TYPED = {"received_at": datetime(2025, 3, 6, 9, 0), "finished_at": "07/03/2025 11:00", "fee_amount": Decimal("15000"),
         "paid_online": True}


def stored():
    return (
        list(Dossier.objects.order_by("code").values(*(f for f in services.WRITE_FIELDS if f not in ("updated_at", "batch_id")))),
        # what the aggregates counted of each updated dossier, and how many new ones were written
        sorted(DossierDelta.objects.exclude(unit_id=None).values_list("unit_id", "received_on", "finished_on", "outcome")),
        sum(last - first + 1 for first, last in DossierDelta.objects.filter(unit_id=None).values_list("first_id", "last_id")),
        list(DossierChange.objects.order_by("pk").values_list("dossier__code", "changes")),
    )


class TestColumnReading(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.days = make_procedure(cls.world.province)
        cls.hours = make_procedure(cls.world.province, code="1.000002", processing_time="8", processing_unit="working_hour")

    def records(self, prefix):
        unit = self.world.province
        rows = [dossier_record(unit, procedure, code=f"{prefix}-{n}-{procedure.code}", **facts)
                for procedure in (self.days, self.hours) for n, facts in enumerate(FACTS)]
        return rows + [dossier_record(unit, self.days, code=f"{prefix}-typed", **TYPED)]

    def ingest_twice(self):
        """A first file, then a second that repeats some dossiers, changes others and adds new ones."""
        first = self.records("A")
        ingest(first, sender=self.world.province)
        second = [dict(record) for record in first[::2]]
        for record in second[:3]:
            record["finished_at"] = "28/03/2025 09:00"
            record["status"] = "resolved"
        ingest(second + self.records("B"), sender=self.world.province)
        return stored()

    def test_reading_by_column_stores_what_reading_row_by_row_stores(self):
        by_column = self.ingest_twice()
        Dossier.objects.all().delete()
        DossierDelta.objects.all().delete()
        with mock.patch.object(services, "_parse_chunk", return_value=None):
            by_row = self.ingest_twice()
        self.assertEqual(len(by_column[0]), 2 * (2 * len(FACTS) + 1))
        self.assertEqual(by_column, by_row)

    def test_a_bad_row_in_a_clean_file_is_reported_as_row_by_row(self):
        records = self.records("C")
        records[3] = {**records[3], "finished_at": "01/01/2025 08:00"}
        records[5] = {**records[5], "code": records[1]["code"]}
        with self.assertRaises(RowErrors) as raised:
            ingest(records, sender=self.world.province)
        self.assertEqual(raised.exception.rows, [
            (5, "kết thúc xử lý (01/01/2025 08:00) trước khi tiếp nhận (04/03/2025 00:00)."),
            (7, f"mã hồ sơ {records[1]['code']} bị lặp (lần đầu ở 3)."),
        ])
        self.assertFalse(Dossier.objects.exists())


class TestReferencesCheckedPerBatch(TestCase):
    def test_a_unit_deleted_under_the_ingestion_is_an_integrity_error_and_nothing_is_written(self):
        world = build_world()
        procedure = make_procedure(world.province)
        load = services._Context.load

        def stale(writable):
            context = load(writable)
            context.units[world.province.code] = [(999_999, world.province.valid_from, None)]
            return context

        with mock.patch.object(services._Context, "load", side_effect=stale), self.assertRaises(services.IntegrityError):
            ingest([dossier_record(world.province, procedure, received_at="03/03/2025 09:00")], sender=world.province)
        self.assertFalse(Dossier.objects.exists())


class TestItemsWithDifferentColumns(TestCase):
    def test_a_column_only_later_items_carry_is_read(self):
        """API items need not carry the same keys: a finish given by the second item only is stored."""
        world = build_world()
        procedure = make_procedure(world.province)
        ingest([dossier_record(world.province, procedure, code="OPEN", received_at="03/03/2025 09:00"),
                dossier_record(world.province, procedure, code="DONE", received_at="03/03/2025 09:00",
                               finished_at="05/03/2025 10:00")], sender=world.province)
        self.assertEqual(
            dict(Dossier.objects.values_list("code", "status")), {"OPEN": "in_progress", "DONE": "resolved"}
        )


class TestForeignKeysOnPostgreSQL(TestCase):
    """On PostgreSQL the ingestion checks the references once per batch and skips the per-row triggers for
    its own writes only: the constraints stay, and the setting is put back when it ends."""

    def setUp(self):
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL only")
        self.world = build_world()
        self.procedure = make_procedure(self.world.province)

    def role(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('session_replication_role')")
            return cursor.fetchone()[0]

    def test_the_constraints_stay_and_the_setting_is_put_back(self):
        ingest([dossier_record(self.world.province, self.procedure, received_at="03/03/2025 09:00")],
               sender=self.world.province)
        self.assertEqual(self.role(), "origin")
        with self.assertRaises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE procedures_dossier SET unit_id = 999999")
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def test_without_the_right_to_skip_them_the_triggers_check_every_row_and_the_result_is_the_same(self):
        records = [dossier_record(self.world.province, self.procedure, code=f"T-{n}", received_at="03/03/2025 09:00")
                   for n in range(3)]
        with mock.patch.object(services, "_may_set_replication_role", return_value=False):
            ingest(records, sender=self.world.province)
        self.assertEqual(self.role(), "origin")
        self.assertEqual(sorted(Dossier.objects.values_list("code", flat=True)), ["T-0", "T-1", "T-2"])
