"""Persona matrix and behaviour of the indicator pages: dashboard, drill-down, exports."""

from django.urls import reverse

from cchc.core.testing.scoped_cases import PersonaPageCase
from cchc.procedures.tests.world import DEPT_A_READERS, EVERYONE, add_dossiers

Q1 = {"period": "custom", "date_from": "01/01/2025", "date_to": "31/03/2025"}
Q3 = {"period": "q3", "year": "2025"}


class WithDossiers:
    @classmethod
    def extra_data(cls, world):
        add_dossiers(world)


class TestIndicatorHome(WithDossiers, PersonaPageCase):
    url_name = "indicators:home"
    expected = {**{p: 302 for p in EVERYONE}, "anonymous": 302}

    def test_it_opens_the_dashboard_of_the_highest_unit_in_reach(self):
        response = self.client_for("focal").get(self.url())
        self.assertEqual(response["Location"], reverse("indicators:dashboard", args=[self.world.dept_a.pk]))


class TestDashboard(WithDossiers, PersonaPageCase):
    url_name = "indicators:dashboard"
    expected = {**DEPT_A_READERS, "anonymous": 302}

    def url(self):
        return reverse(self.url_name, args=[self.world.dept_a.pk])

    def test_cards_show_recomputed_figures_in_vietnamese(self):
        response = self.client_for("focal").get(self.url(), Q1)
        cards = {spec.code: text for spec, _ratio, text in response.context["cards"]}
        self.assertEqual(cards["on_time_rate"], "50,00%")
        self.assertEqual(cards["on_time_rate_766"], "66,67%")  # (1 early + 1 open within 31/03) / 3
        self.assertEqual(cards["apology_share"], "100,00%")
        self.assertEqual(cards["online_payment_share"], "0,00%")
        self.assertEqual(response.context["discrepancy"], 0)

    def test_the_online_share_says_why_it_counts_fewer_than_the_online_receptions(self):
        # SXD-OPEN was received online, for a procedure with a paper result and no electronic result yet
        response = self.client_for("focal").get(self.url(), Q1)
        cards = {spec.code: (ratio.numerator, ratio.denominator) for spec, ratio, _text in response.context["cards"]}
        self.assertEqual((cards["online_share"], response.context["online_received"]), ((0, 3), 1))
        note = "0 trong số 1 hồ sơ nộp trực tuyến được tính"
        self.assertContains(response, note)
        self.assertContains(response, "không phải một trong các tỷ lệ theo kênh cộng lại thành 100%")
        self.assertContains(response, "(số hồ sơ trực tuyến được tính / số hồ sơ tiếp nhận mới)")

    def test_a_period_without_dossiers_shows_dashes(self):
        response = self.client_for("focal").get(self.url(), {"period": "year", "year": "2021"})
        cards = {spec.code: text for spec, _ratio, text in response.context["cards"]}
        self.assertEqual(cards["on_time_rate"], "—")
        self.assertEqual(cards["average_resolution_days"], "—")

    def test_the_province_ranks_its_units_and_links_down(self):
        response = self.client_for("steering").get(reverse(self.url_name, args=[self.world.province.pk]), Q3)
        names = [item.unit.name for item, _value, _on_time in response.context["ranked"]]
        self.assertEqual(names[0], "Xã Mới")
        self.assertContains(response, reverse(self.url_name, args=[self.world.commune_new.pk]))

    def test_tables_export_as_xlsx(self):
        for export in ("ranking", "report", "trend"):
            response = self.client_for("focal").get(self.url(), {**Q1, "export": export})
            self.assertEqual(response.status_code, 200)
            self.assertTrue(response.content.startswith(b"PK"), export)

    def test_bad_window_input_falls_back_to_the_default_period(self):
        response = self.client_for("focal").get(self.url(), {"period": "custom", "date_from": "31/02/2025"})
        self.assertEqual(response.status_code, 200)


class TestProcedureBreakdown(WithDossiers, PersonaPageCase):
    url_name = "indicators:procedures"
    expected = {**DEPT_A_READERS, "anonymous": 302}

    def url(self):
        return reverse(self.url_name, args=[self.world.dept_a.pk])

    def test_a_procedure_links_to_its_late_dossiers(self):
        response = self.client_for("focal").get(self.url(), Q1)
        self.assertContains(response, f"procedure={self.world.procedure.pk}&amp;late=on")
        export = self.client_for("focal").get(self.url(), {**Q1, "export": "xlsx"})
        self.assertTrue(export.content.startswith(b"PK"))


class TestMetricList(WithDossiers, PersonaPageCase):
    url_name = "indicators:metric_list"
    expected = {**EVERYONE, "anonymous": 302}

    def test_it_lists_the_qd766_indicators(self):
        self.assertContains(self.client_for("viewer").get(self.url()), "Tỷ lệ hồ sơ đã và đang xử lý đúng hạn, trong hạn")


class TestDashboardBalanceCheck(WithDossiers, PersonaPageCase):
    url_name = "indicators:dashboard"
    expected = {**DEPT_A_READERS, "anonymous": 302}

    def url(self):
        return reverse(self.url_name, args=[self.world.dept_a.pk]) + "?period=year&year=2025&check=1"

    def test_the_balance_is_checked_against_the_dossiers_on_request(self):
        response = self.client_for("focal").get(self.url())
        self.assertContains(response, "Đếm từ hồ sơ: 0 kỳ trước chuyển sang + 3 tiếp nhận mới − 2 kết thúc = 1 đang giải quyết.")
        self.assertContains(response, "hồ sơ và số liệu tổng hợp khớp nhau")
