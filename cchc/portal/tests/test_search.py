"""Finding units and procedures by name without diacritics, through an index."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import time_machine
from django.db import connection
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cchc.core.testing.personas import build_world
from cchc.portal import search
from cchc.portal.models import SearchKey
from cchc.procedures.choices import ProcessingUnit
from cchc.procedures.models import Procedure
from cchc.units.models import UnitKind
from cchc.units.services import unit_create


class KeysTests(SimpleTestCase):
    def test_a_name_is_kept_from_each_word_on_folded(self):
        self.assertEqual(search.keys_for("Xã Trần Đề"), ["xa tran de", "tran de", "de"])

    def test_two_texts_give_their_keys_once(self):
        self.assertEqual(search.keys_for("Sở  Xây dựng", "SXD", "xây dựng"), ["so xay dung", "xay dung", "dung", "sxd"])

    def test_empty_texts_give_nothing(self):
        self.assertEqual(search.keys_for("", "  "), [])


def procedure(unit, code: str, name: str) -> Procedure:
    return Procedure.objects.create(unit=unit, code=code, name=name, sector="Hộ tịch", level="commune",
                                    processing_time=Decimal("3"), processing_unit=ProcessingUnit.WORKING_DAY, online_level="full")


class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.tran_de = unit_create(name="Xã Trần Đề", code="TN-XTD", kind=UnitKind.COMMUNE, parent=cls.world.province,
                                  valid_from=cls.world.commune_new.valid_from)
        cls.birth = procedure(cls.world.province, "1.001193", "Đăng ký khai sinh")
        cls.marriage = procedure(cls.world.province, "1.001194", "Đăng ký kết hôn")

    def names(self, query: str) -> tuple[list[str], list[str]]:
        found = search.search(query)
        return [unit.name for unit in found.units], [p.name for p in found.procedures]

    def test_tran_de_finds_tran_de_whatever_the_accents_and_case(self):
        for query in ("tran de", "Trần Đề", "TRAN  DE", "trần de", "Tran D"):
            with self.subTest(query=query):
                self.assertEqual(self.names(query), (["Xã Trần Đề"], []))

    def test_a_name_is_found_from_any_word_but_not_from_inside_a_word(self):
        self.assertEqual(self.names("de")[0], ["Xã Trần Đề"])
        self.assertEqual(self.names("ran de")[0], [])

    def test_a_procedure_is_found_by_name_or_code(self):
        self.assertEqual(self.names("dang ky khai sinh"), ([], ["Đăng ký khai sinh"]))
        self.assertEqual(self.names("đăng ký")[1], ["Đăng ký kết hôn", "Đăng ký khai sinh"])
        self.assertEqual(self.names("1.001194")[1], ["Đăng ký kết hôn"])

    def test_open_units_come_before_closed_ones(self):
        # "xa" also begins "Xây dựng": the last word of a query may be cut short
        self.assertEqual(self.names("xa")[0], ["Sở Xây dựng", "Xã Mới", "Xã Trần Đề", "Xã Cũ Hai", "Xã Cũ Một"])

    def test_divisions_and_short_queries_find_nothing(self):
        self.assertEqual(self.names("phong quan ly"), ([], []))
        self.assertEqual(self.names("x"), ([], []))
        self.assertEqual(self.names(""), ([], []))
        self.assertEqual(self.names("%"), ([], []))

    def test_the_keys_follow_a_rename_and_a_deletion(self):
        self.tran_de.name = "Xã Lịch Hội Thượng"
        self.tran_de.save()
        self.assertEqual((self.names("tran de")[0], self.names("lich hoi")[0]), ([], ["Xã Lịch Hội Thượng"]))
        self.marriage.delete()
        self.assertEqual(self.names("ket hon")[1], [])
        self.assertFalse(SearchKey.objects.filter(kind="procedure", object_id=self.marriage.pk or 0).exists())

    def test_it_is_a_prefix_lookup_whose_query_count_does_not_grow(self):
        for index in range(30):
            unit_create(name=f"Xã Trần Đề {index}", code=f"TN-T{index}", kind=UnitKind.COMMUNE, parent=self.world.province,
                        valid_from=self.world.commune_new.valid_from)
        with CaptureQueriesContext(connection) as queries:
            found = search.search("tran de", limit=20)
        # the unit keys, the units, the procedure keys (none matched, so no query for procedures)
        self.assertEqual((len(found.units), len(queries)), (20, 3))
        self.assertIn("LIKE", queries[0]["sql"])
        self.assertIn('"portal_searchkey"."key"', queries[0]["sql"])

    def test_reindex_rebuilds_the_same_keys(self):
        before = sorted(SearchKey.objects.values_list("kind", "object_id", "key"))
        SearchKey.objects.all().delete()
        search.reindex()
        self.assertEqual(sorted(SearchKey.objects.values_list("kind", "object_id", "key")), before)

    def test_the_search_page_lists_units_and_procedures(self):
        page = self.client.get(reverse("portal:search"), {"q": "tran de"})
        self.assertContains(page, f'<a href="{reverse("portal:unit", args=[self.tran_de.pk])}">Xã Trần Đề</a>', html=True)
        page = self.client.get(reverse("portal:search"), {"q": "khai sinh"})
        self.assertContains(page, "1.001193")
        self.assertEqual(page["Cache-Control"], "no-store")

    def test_too_many_searches_are_refused(self):
        from cchc.portal import views

        with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, 5, tzinfo=dt.UTC), tick=False):
                statuses = [self.client.get(reverse("portal:search"), {"q": "xa"}).status_code for _ in range(views.SEARCH_LIMIT + 1)]
        self.assertEqual((statuses[0], statuses[-1]), (200, 429))
