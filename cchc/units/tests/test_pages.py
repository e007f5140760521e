"""Persona matrix for every units page."""

from django.urls import reverse

from cchc.core.testing.scoped_cases import PersonaPageCase
from cchc.units.models import Membership, Unit, UnitChange

ALL_READ = {"admin": 200, "steering": 200, "viewer": 200, "head": 200, "focal": 200, "staff": 200,
            "outsider": 200, "commune": 200, "anonymous": 302}


def unit_state():
    return (
        list(Unit.objects.order_by("pk").values_list("pk", "name", "parent_id", "valid_to")),
        UnitChange.objects.count(),
        list(Membership.objects.order_by("pk").values_list("pk", "valid_to")),
    )


class TestUnitTreePage(PersonaPageCase):
    url_name = "units:tree"
    expected = ALL_READ

    def test_outsider_sees_only_their_branch(self):
        response = self.client_for("outsider").get(self.url())
        self.assertContains(response, "Sở Tài chính")
        self.assertNotContains(response, "Sở Xây dựng")
        self.assertNotContains(response, "Tỉnh Thử Nghiệm")

    def test_closed_units_show_with_successor_when_asked(self):
        response = self.client_for("steering").get(self.url(), {"include_closed": "on"})
        self.assertContains(response, "Xã Cũ Một")
        self.assertContains(response, "ngừng hoạt động 30/06/2025")
        self.assertContains(response, f'href="/units/{self.world.commune_new.pk}/">Xã Mới')

    def test_without_closed_units_the_old_communes_are_hidden(self):
        response = self.client_for("steering").get(self.url())
        self.assertNotContains(response, "Xã Cũ Một")
        self.assertContains(response, "Xã Mới")

    def test_search_is_accent_insensitive(self):
        response = self.client_for("steering").get(self.url(), {"q": "xay dung"})
        self.assertContains(response, "Phòng Quản lý xây dựng")
        self.assertNotContains(response, "Phòng Ngân sách")

    def test_tree_on_a_past_date_shows_the_old_communes(self):
        response = self.client_for("steering").get(self.url(), {"on": "01/01/2025"})
        self.assertContains(response, "Xã Cũ Hai")
        self.assertNotContains(response, ">Xã Mới<")


class TestUnitDetailPage(PersonaPageCase):
    url_name = "units:detail"
    expected = {**ALL_READ, "outsider": 404, "commune": 404, "staff": 404}

    def url(self):
        return reverse(self.url_name, args=[self.world.dept_a.pk])

    def test_a_merged_unit_tells_its_history_in_vietnamese(self):
        response = self.client_for("steering").get(reverse(self.url_name, args=[self.world.commune_old_1.pk]))
        self.assertContains(response, "Đã hợp nhất vào Xã Mới từ 01/07/2025 theo Nghị quyết thử nghiệm 01/NQ-UBTVQH15")

    def test_the_successor_commune_officer_reaches_the_old_communes(self):
        response = self.client_for("commune").get(reverse(self.url_name, args=[self.world.commune_old_2.pk]))
        self.assertEqual(response.status_code, 200)
        response = self.client_for("commune").get(reverse(self.url_name, args=[self.world.commune_new.pk]))
        self.assertContains(response, "Được hình thành từ Xã Cũ Một, Xã Cũ Hai")

    def test_an_unknown_id_is_404(self):
        self.assertEqual(self.client_for("admin").get("/units/999999/").status_code, 404)


class TestUnitAuditPage(PersonaPageCase):
    url_name = "units:audit"
    expected = {**ALL_READ, "outsider": 404, "commune": 404}

    def url(self):
        return reverse(self.url_name, args=[self.world.division_a.pk])


class TestAddChildUnitPage(PersonaPageCase):
    url_name = "units:add_child"
    expected = {**{p: 403 for p in ALL_READ}, "admin": 200, "outsider": 404, "commune": 404, "staff": 404, "anonymous": 302}
    write_expected = {**expected, "admin": 302}

    def url(self):
        return reverse(self.url_name, args=[self.world.dept_a.pk])

    def write_data(self):
        return {"name": "Phòng Kinh tế", "code": "TN-SXD-KT", "kind": "division", "valid_from": "01/01/2024"}

    def state(self):
        return unit_state()

    def test_a_child_cannot_start_before_its_parent(self):
        data = {**self.write_data(), "valid_from": "01/01/2010"}
        response = self.client_for("admin").post(self.url(), data)
        self.assertContains(response, "Đơn vị không thể bắt đầu trước đơn vị cấp trên (01/01/2020).")

    def test_dates_are_read_as_day_month_year(self):
        self.client_for("admin").post(self.url(), {**self.write_data(), "valid_from": "02/03/2024"})
        self.assertEqual(str(Unit.objects.get(code="TN-SXD-KT").valid_from), "2024-03-02")


class TestMergePage(PersonaPageCase):
    url_name = "units:merge"
    expected = {**{p: 403 for p in ALL_READ}, "admin": 200, "outsider": 404, "commune": 404, "staff": 404, "anonymous": 302}
    write_expected = {**expected, "admin": 302}

    def url(self):
        return reverse(self.url_name, args=[self.world.office_a.pk])

    def write_data(self):
        return {"into": self.world.division_a.pk, "effective": "01/03/2025", "decision": "Quyết định 12/QĐ-SXD"}

    def state(self):
        return unit_state()

    def test_a_unit_with_active_units_below_cannot_be_merged(self):
        response = self.client_for("admin").post(
            reverse(self.url_name, args=[self.world.dept_a.pk]),
            {"into": self.world.dept_b.pk, "effective": "01/03/2025", "decision": "QĐ 1"},
        )
        self.assertContains(response, "còn đơn vị trực thuộc đang hoạt động")

    def test_it_needs_a_target(self):
        response = self.client_for("admin").post(self.url(), {"effective": "01/03/2025", "decision": "QĐ 1"})
        self.assertContains(response, "Chọn đơn vị hiện có hoặc nhập tên đơn vị mới")


class TestMembershipCreatePage(PersonaPageCase):
    url_name = "units:member_add"
    expected = {**{p: 403 for p in ALL_READ}, "admin": 200, "head": 200, "outsider": 404, "commune": 404, "anonymous": 302}
    write_expected = {**expected, "admin": 302, "head": 302}

    def url(self):
        return reverse(self.url_name, args=[self.world.division_a.pk])

    def write_data(self):
        return {"username": "viewer", "role": "division_staff", "valid_from": "01/01/2024"}

    def state(self):
        return unit_state()

    def test_a_membership_before_the_unit_existed_is_refused(self):
        response = self.client_for("head").post(self.url(), {**self.write_data(), "valid_from": "01/01/2019"})
        self.assertContains(response, "chỉ tồn tại từ 01/01/2020")

    def test_only_an_administrator_grants_the_administrator_role(self):
        response = self.client_for("head").post(self.url(), {**self.write_data(), "role": "admin"})
        self.assertContains(response, "Bạn không được cấp vai trò này trên đơn vị này")


class TestMembershipEndPage(PersonaPageCase):
    url_name = "units:membership_end"
    expected = {**{p: 403 for p in ALL_READ}, "admin": 200, "head": 200, "outsider": 404, "commune": 404, "anonymous": 302}
    write_expected = {**expected, "admin": 302, "head": 302}

    def url(self):
        return reverse(self.url_name, args=[self.world.users["staff"].memberships.get().pk])

    def write_data(self):
        return {"valid_to": "31/12/2025"}

    def state(self):
        return unit_state()


class TestDividePage(PersonaPageCase):
    """Office A was split into two new offices on 01/7/2025; the steering side confirms how its data is divided."""

    url_name = "units:divide"
    expected = {**{p: 403 for p in ALL_READ}, "admin": 200, "outsider": 404, "commune": 404, "staff": 404, "anonymous": 302}
    write_expected = {**expected, "admin": 302}

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from datetime import date

        from cchc.units import services
        from cchc.units.models import UnitKind

        office = cls.world.office_a
        cls.change = services.unit_split(
            source=office,
            new_units=[{"name": f"Văn phòng {c}", "code": f"VP-{c}", "kind": UnitKind.DIVISION, "parent": office.parent}
                       for c in ("1", "2")],
            effective=date(2025, 7, 1),
            decision="QĐ 30/QĐ-SNV",
        )
        cls.first, cls.second = cls.change.successors.order_by("code")

    def url(self):
        return reverse(self.url_name, args=[self.world.office_a.pk])

    def write_data(self):
        return {"default_successor": self.second.pk, "mapping": ""}

    def state(self):
        from cchc.units.models import SplitAssignment

        return (UnitChange.objects.get(pk=self.change.pk).default_successor_id,
                list(SplitAssignment.objects.values_list("kind", "record_id", "key", "successor_id")))

    def test_it_records_the_default_successor(self):
        response = self.client_for("admin").post(self.url(), self.write_data())
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.state(), (self.second.pk, []))

    def test_a_line_naming_another_unit_is_refused_with_its_number(self):
        data = {"default_successor": self.second.pk, "mapping": "\nhồ sơ; HS-1; SXD"}
        response = self.client_for("admin").post(self.url(), data)
        self.assertContains(response, "Dòng 2: SXD không phải là đơn vị mới được thành lập từ lần chia tách này.")
        self.assertEqual(self.state(), (None, []))

    def test_a_dossier_the_old_unit_never_had_is_refused(self):
        data = {"default_successor": self.second.pk, "mapping": "hồ sơ; HS-KHONG-CO; VP-1"}
        response = self.client_for("admin").post(self.url(), data)
        self.assertContains(response, "Dòng 1: Hồ sơ HS-KHONG-CO không thuộc dữ liệu của đơn vị bị chia tách.")
        self.assertEqual(self.state(), (None, []))

    def test_a_unit_that_was_not_split_has_no_such_page(self):
        response = self.client_for("admin").get(reverse(self.url_name, args=[self.world.dept_a.pk]))
        self.assertEqual(response.status_code, 404)
