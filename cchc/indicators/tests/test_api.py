"""Persona matrix of the indicator endpoints."""

from django.urls import reverse

from cchc.core.testing.scoped_cases import PersonaApiCase
from cchc.procedures.tests.world import DEPT_A_READERS, EVERYONE, add_dossiers


class WithDossiers:
    @classmethod
    def extra_data(cls, world):
        add_dossiers(world)


class TestMetricList(WithDossiers, PersonaApiCase):
    url_name = "metric-list"
    expected = {**EVERYONE, "anonymous": 401}


class TestMetricDetail(WithDossiers, PersonaApiCase):
    url_name = "metric-detail"
    expected = {**EVERYONE, "anonymous": 401}

    def url(self):
        return reverse(self.url_name, args=["on_time_rate"])


class TestIndicatorValues(WithDossiers, PersonaApiCase):
    url_name = "indicator-value-list"
    expected = {**DEPT_A_READERS, "anonymous": 401}

    def url(self):
        return reverse(self.url_name) + f"?unit={self.world.dept_a.pk}&date_from=2025-01-01&date_to=2025-03-31"

    def test_values_carry_numerator_and_denominator(self):
        rows = self.client_for("focal").get(self.url() + "&metric=on_time_rate").json()
        self.assertEqual(rows, [{
            "unit": self.world.dept_a.pk, "unit_code": "TN-SXD", "unit_name": "Sở Xây dựng", "metric": "on_time_rate",
            "date_from": "2025-01-01", "date_to": "2025-03-31", "numerator": "1.00", "denominator": "2.00",
            "value": "50.00", "display": "50,00%",
        }])

    def test_children_and_merged_predecessors_roll_up(self):
        url = (reverse(self.url_name) + f"?unit={self.world.province.pk}&date_from=2025-07-01&date_to=2025-09-30"
               "&metric=resolved&children=true")
        rows = {r["unit_name"]: r["numerator"] for r in self.client_for("steering").get(url).json()}
        self.assertEqual((rows["Tỉnh Thử Nghiệm"], rows["Xã Mới"]), ("2.00", "2.00"))

    def test_bad_parameters_are_400(self):
        for query in ("?unit=x", f"?unit={self.world.dept_a.pk}&date_from=2025-02-01&date_to=2025-01-01",
                      f"?unit={self.world.dept_a.pk}&date_from=2025-01-01&date_to=2025-02-01&metric=nope"):
            self.assertEqual(self.client_for("admin").get(reverse(self.url_name) + query).status_code, 400, query)
