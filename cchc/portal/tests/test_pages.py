"""Every portal URL for every persona, the anonymous visitor included, and what the public pages show."""

from __future__ import annotations

import csv
import io
import json

from django.test import TestCase
from django.urls import reverse

from cchc.core.testing.personas import build_world
from cchc.core.testing.scoped_cases import PersonaApiCase, PersonaPageCase
from cchc.plans.models import Plan
from cchc.plans.tests.factories import YEAR
from cchc.portal import services
from cchc.portal.models import Publication
from cchc.portal.tests.support import PortalWorld

ALL = ["admin", "steering", "viewer", "head", "focal", "staff", "outsider", "commune", "anonymous"]
PUBLIC = dict.fromkeys(ALL, 200)
SIGNED_IN = {**dict.fromkeys(ALL, 200), "anonymous": 302}
#: the department's issued plan: its head (and the administrator) decide; who reads it may not; others do not see it
APPROVE_PLAN = {**dict.fromkeys(ALL, 403), "admin": 200, "head": 200, "outsider": 404, "commune": 404, "anonymous": 302}
APPROVE_PLAN_POST = {**APPROVE_PLAN, "admin": 302, "head": 302}
#: the department itself: its division's staff do not reach it
APPROVE_UNIT = {**APPROVE_PLAN, "staff": 404}
APPROVE_UNIT_POST = {**APPROVE_UNIT, "admin": 302, "head": 302}


def publications():
    return sorted(Publication.objects.values_list("kind", "unit_id", "year", "object_id", "part"))


class TestProvincePage(PortalWorld, PersonaPageCase):
    url_name = "portal:province"
    expected = PUBLIC

    def url(self):
        return reverse(self.url_name) + f"?nam={YEAR}"

    def test_it_ranks_the_units_on_their_published_plans(self):
        page = self.client.get(self.url())
        rankings = dict((section.key, ranking) for section, ranking in page.context["rankings"])
        rows = [(row.rank, row.unit_name, row.cells) for row in rankings["plans"].rows]
        # Xã Mới: one task at 50 %; Sở Xây dựng: 100, 0 and 0 % → 33 %, one of three completed
        self.assertEqual(rows, [(1, "Xã Mới", ("1", "0", "50%")), (2, "Sở Xây dựng", ("3", "1", "33%"))])
        self.assertNotIn("scorecard", rankings)  # nobody published a scorecard

    def test_it_lists_the_open_departments_and_communes(self):
        page = self.client.get(self.url())
        groups = [(group.title, [unit.name for unit in group.units]) for group in page.context["groups"]]
        self.assertEqual(groups, [("Sở, ban, ngành", ["Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng"]), ("Xã, phường, đặc khu", ["Xã Mới"])])

    def test_a_year_without_publication_says_so(self):
        page = self.client.get(reverse(self.url_name) + "?nam=2019")
        self.assertContains(page, "Năm 2019 chưa có kế hoạch hay kết quả nào được công khai.")


class TestUnitPage(PortalWorld, PersonaPageCase):
    url_name = "portal:unit"
    expected = PUBLIC

    def url(self):
        return reverse(self.url_name, args=[self.world.dept_a.pk]) + f"?nam={YEAR}"

    def test_it_shows_the_published_plan_with_its_progress_not_the_draft(self):
        page = self.client.get(self.url())
        views = {section.key: view for section, view in page.context["views"]}
        self.assertEqual([(p["number"], p["tasks"], p["done"], p["percent"]) for p in views["plans"].context["plans"]],
                         [("12/KH-SXD", 3, 1, 33)])
        self.assertNotIn("scorecard", views)
        self.assertContains(page, reverse("portal:plan", args=[self.department.pk]))
        self.assertNotContains(page, reverse("portal:plan", args=[self.draft.pk]))

    def test_a_division_has_no_page(self):
        self.assertEqual(self.client.get(reverse(self.url_name, args=[self.world.division_a.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse(self.url_name, args=[999999])).status_code, 404)

    def test_a_merged_commune_says_what_became_of_it(self):
        page = self.client.get(reverse(self.url_name, args=[self.world.commune_old_1.pk]))
        self.assertContains(page, "Xã Mới")
        self.assertContains(page, "hoạt động đến 30/06/2025")


class TestPlanPage(PortalWorld, PersonaPageCase):
    url_name = "portal:plan"
    expected = PUBLIC

    def url(self):
        return reverse(self.url_name, args=[self.department.pk])

    def test_it_shows_the_tasks_by_area_with_status_and_progress(self):
        page = self.client.get(self.url())
        areas = [(area.number, area.title, [(t.number, t.status_label, t.percent) for t in area.tasks]) for area in page.context["areas"]]
        self.assertEqual(areas, [
            ("I", "Cải cách thể chế", [("1", "Hoàn thành", 100)]),
            ("II", "Cải cách thủ tục hành chính", [("2", "Chưa bắt đầu", 0), ("3", "Chưa bắt đầu", 0)]),
        ])
        self.assertEqual((page.context["task_count"], page.context["percent"]), (3, 33))
        self.assertContains(page, '<progress value="100" max="100"', html=False)

    def test_notes_and_the_signer_stay_internal(self):
        page = self.client.get(self.url())
        self.assertNotContains(page, "Đã gửi báo cáo")  # the progress note
        self.assertNotContains(page, "Trần Văn Bình")  # the signer's name

    def test_an_unpublished_plan_or_a_draft_is_not_found(self):
        for plan in (self.superior, self.draft):
            self.assertEqual(self.client.get(reverse(self.url_name, args=[plan.pk])).status_code, 404)
        self.assertEqual(self.client.get("/cong-khai/ke-hoach/99999999999999999999999/").status_code, 404)
        self.assertEqual(self.client.get("/cong-khai/don-vi/99999999999999999999999/").status_code, 404)


class TestSearchPage(PortalWorld, PersonaPageCase):
    url_name = "portal:search"
    expected = PUBLIC

    def url(self):
        return reverse(self.url_name) + "?q=xay+dung"

    def test_it_finds_the_unit_without_diacritics(self):
        page = self.client.get(self.url())
        self.assertEqual([unit.name for unit in page.context["results"].units], ["Sở Xây dựng"])


class TestOpenDataPage(PortalWorld, PersonaPageCase):
    url_name = "portal:open_data"
    expected = PUBLIC

    def test_it_links_each_table_of_each_year_and_states_the_licence(self):
        page = self.client.get(self.url())
        self.assertContains(page, reverse("portal:table_csv", args=[YEAR, "nhiem-vu"]))
        self.assertContains(page, reverse("portal:table_json", args=[YEAR, "diem-qd766"]))
        self.assertContains(page, 'rel="license">CC BY 4.0</a>', html=False)


class TestTableCsv(PortalWorld, PersonaPageCase):
    url_name = "portal:table_csv"
    expected = PUBLIC

    def url(self):
        return reverse(self.url_name, args=[YEAR, "ke-hoach"])

    def test_it_lists_the_published_plans_with_a_licence_header(self):
        response = self.client.get(self.url())
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(response["Link"], '<https://creativecommons.org/licenses/by/4.0/deed.vi>; rel="license"')
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        self.assertEqual(rows, [
            ["ma_don_vi", "don_vi", "so_ky_hieu", "ten_ke_hoach", "ngay_ban_hanh", "so_nhiem_vu", "da_hoan_thanh", "tien_do_binh_quan"],
            ["TN-SXD", "Sở Xây dựng", "12/KH-SXD", "Cải cách hành chính năm 2025", "2024-12-20", "3", "1", "33"],
            ["TN-XM", "Xã Mới", "5/KH-UBND", "Cải cách hành chính xã Mới năm 2025", "2025-01-10", "1", "0", "50"],
        ])

    def test_a_cell_that_starts_like_a_formula_is_written_as_text(self):
        Plan.objects.filter(pk=self.department.pk).update(title="=HYPERLINK(\"http://x\")")
        rows = list(csv.reader(io.StringIO(self.client.get(self.url()).content.decode("utf-8-sig"))))
        self.assertEqual(rows[1][3], "'=HYPERLINK(\"http://x\")")

    def test_an_unknown_table_is_not_found(self):
        self.assertEqual(self.client.get(reverse(self.url_name, args=[YEAR, "khong-co"])).status_code, 404)


class TestTableJson(PortalWorld, PersonaPageCase):
    url_name = "portal:table_json"
    expected = PUBLIC

    def url(self):
        return reverse(self.url_name, args=[YEAR, "nhiem-vu"])

    def test_it_gives_the_tasks_with_the_licence(self):
        data = json.loads(self.client.get(self.url()).content)
        self.assertEqual(data["licence"], {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/deed.vi"})
        self.assertEqual([(row["ma_don_vi"], row["so_thu_tu"], row["trang_thai"], row["tien_do"]) for row in data["rows"]], [
            ("TN-SXD", "1", "completed", 100), ("TN-SXD", "2", "not_started", 0), ("TN-SXD", "3", "not_started", 0),
            ("TN-XM", "1", "in_progress", 50),
        ])


class TestPublishingList(PortalWorld, PersonaPageCase):
    url_name = "publishing:list"
    expected = SIGNED_IN

    def test_the_head_sees_the_issued_plans_of_the_unit_and_their_state(self):
        page = self.client_for("head").get(self.url())
        self.assertEqual([(plan.pk, published) for plan, published in page.context["plan_rows"]], [(self.department.pk, True)])
        self.assertEqual([unit.name for unit, _states in page.context["unit_rows"]], ["Sở Xây dựng"])

    def test_a_focal_officer_leads_no_unit(self):
        page = self.client_for("focal").get(self.url())
        self.assertEqual((list(page.context["plan_rows"]), page.context["leads_units"]), ([], False))


class TestPlanPublication(PortalWorld, PersonaPageCase):
    url_name = "publishing:plan"
    expected = APPROVE_PLAN
    write_expected = APPROVE_PLAN_POST

    def url(self):
        return reverse(self.url_name, args=[self.department.pk])

    def write_data(self):
        return {"action": "unpublish"}

    def state(self):
        return publications()

    def test_the_head_withdraws_and_publishes_again(self):
        head = self.client_for("head")
        head.post(self.url(), {"action": "unpublish"})
        self.assertFalse(Publication.objects.filter(kind="plan", object_id=self.department.pk).exists())
        head.post(self.url(), {"action": "publish"})
        publication = Publication.objects.get(kind="plan", object_id=self.department.pk)
        self.assertEqual((publication.unit_id, publication.year, publication.published_by), (self.world.dept_a.pk, YEAR,
                                                                                               self.world.users["head"]))

    def test_a_draft_cannot_be_published(self):
        before = publications()
        response = self.client_for("head").post(reverse(self.url_name, args=[self.draft.pk]), {"action": "publish"})
        self.assertContains(response, "Chỉ công khai được kế hoạch đã ban hành.")
        self.assertEqual(publications(), before)


class TestScorecardPublication(PortalWorld, PersonaPageCase):
    url_name = "publishing:scorecard"
    expected = APPROVE_UNIT
    write_expected = APPROVE_UNIT_POST

    def url(self):
        return reverse(self.url_name, args=[self.world.dept_a.pk])

    def write_data(self):
        return {"action": "publish", "year": YEAR}

    def state(self):
        return publications()

    def test_a_published_scorecard_shows_on_the_unit_page_and_ranks_it(self):
        self.client_for("head").post(self.url(), self.write_data())
        page = self.client.get(reverse("portal:unit", args=[self.world.dept_a.pk]) + f"?nam={YEAR}")
        views = {section.key: view for section, view in page.context["views"]}
        self.assertEqual((views["scorecard"].context["rank"], views["scorecard"].context["ranked"]), (1, 1))
        province = self.client.get(reverse("portal:province") + f"?nam={YEAR}")
        rankings = {section.key: ranking for section, ranking in province.context["rankings"]}
        self.assertEqual([row.unit_name for row in rankings["scorecard"].rows], ["Sở Xây dựng"])

    def test_a_year_not_begun_is_refused(self):
        before = publications()
        response = self.client_for("head").post(self.url(), {"action": "publish", "year": 2099})
        self.assertContains(response, "Năm 2099 chưa bắt đầu")
        self.assertEqual(publications(), before)


class PublicApiCase(PortalWorld, PersonaApiCase):
    """The public API answers everybody, the anonymous caller included."""


class TestApiPlans(PublicApiCase):
    url_name = "public-api:plan-list"
    expected = PUBLIC

    def test_it_lists_the_published_plans_only(self):
        data = self.client.get(self.url()).json()
        self.assertEqual([(row["id"], row["mean_percent"]) for row in data["results"]], [(self.department.pk, 33), (self.commune.pk, 50)])
        data = self.client.get(self.url(), {"unit": self.world.commune_new.pk}).json()
        self.assertEqual([row["id"] for row in data["results"]], [self.commune.pk])


class TestApiPlan(PublicApiCase):
    url_name = "public-api:plan-detail"
    expected = PUBLIC

    def url(self):
        return reverse(self.url_name, args=[self.commune.pk])

    def test_it_gives_the_tasks_by_area(self):
        data = self.client.get(self.url()).json()
        self.assertEqual([(area["title"], [(t["title"], t["status"], t["percent"]) for t in area["tasks"]]) for area in data["areas"]],
                         [("Cải cách thủ tục hành chính", [("Niêm yết thủ tục hành chính tại xã", "in_progress", 50)])])

    def test_an_unpublished_plan_is_not_found(self):
        self.assertEqual(self.client.get(reverse(self.url_name, args=[self.superior.pk])).status_code, 404)


class TestApiUnits(PublicApiCase):
    url_name = "public-api:unit-list"
    expected = PUBLIC

    def test_q_finds_units_without_diacritics(self):
        data = self.client.get(self.url(), {"q": "xa moi"}).json()
        self.assertEqual([row["name"] for row in data["results"]], ["Xã Mới"])


class TestApiTables(PublicApiCase):
    url_name = "public-api:table-list"
    expected = PUBLIC

    def test_it_lists_every_table_of_each_published_year(self):
        data = self.client.get(self.url()).json()
        self.assertEqual(sorted((row["year"], row["name"]) for row in data),
                         [(YEAR, name) for name in ("bao-cao", "chi-so-cchc", "chi-so-cchc-linh-vuc", "diem-qd766", "ke-hoach",
                                                    "khao-sat-cau-hoi", "khao-sat-hai-long", "nhiem-vu", "tra-loi-phan-anh",
                                                    "xu-huong-thang")])


class TestApiTable(PublicApiCase):
    url_name = "public-api:table-detail"
    expected = PUBLIC

    def url(self):
        return reverse(self.url_name, args=[YEAR, "ke-hoach"])

    def test_it_is_the_json_file(self):
        api = self.client.get(self.url()).json()
        file = json.loads(self.client.get(reverse("portal:table_json", args=[YEAR, "ke-hoach"])).content)
        self.assertEqual(api, file)


class WithdrawnPlanTests(TestCase):
    """A withdrawn plan leaves the API, the tables and the pages."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        PortalWorld.extra_data(cls.world)
        cls.plan = PortalWorld.department

    def test_withdrawing_empties_every_public_view_of_it(self):
        services.plan_publish(plan=self.plan, actor=self.world.users["head"], published=False)
        self.assertEqual(self.client.get(reverse("public-api:plan-detail", args=[self.plan.pk])).status_code, 404)
        rows = json.loads(self.client.get(reverse("portal:table_json", args=[YEAR, "ke-hoach"])).content)["rows"]
        self.assertEqual([row["ma_don_vi"] for row in rows], ["TN-XM"])


class TodoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        PortalWorld.extra_data(cls.world)

    def test_the_head_is_told_of_issued_plans_not_published_and_led_to_them(self):
        from cchc.core import todo

        services.plan_publish(plan=PortalWorld.department, actor=self.world.users["head"], published=False)
        items = [item for item in todo.items_for(self.world.users["head"]) if item.label == "Kế hoạch đã ban hành chưa công khai"]
        self.assertEqual([(item.count, item.url) for item in items], [(1, "/publishing/?unpublished=1")])
        page = self.client_class()
        page.force_login(self.world.users["head"])
        listed = page.get(items[0].url).context["plan_rows"]
        self.assertEqual([(plan.pk, published) for plan, published in listed], [(PortalWorld.department.pk, False)])

    def test_who_leads_no_unit_is_told_nothing(self):
        from cchc.core import todo

        self.assertEqual([item for item in todo.items_for(self.world.users["focal"]) if item.group == "plans"
                          and item.label.startswith("Kế hoạch đã ban hành")], [])
