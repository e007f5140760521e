"""Persona matrix and content of the QĐ 766 scorecard page and endpoint."""

from django.urls import reverse

from cchc.core.testing.openapi import assert_matches_schema
from cchc.core.testing.scoped_cases import PersonaApiCase, PersonaPageCase
from cchc.procedures.tests.world import DEPT_A_READERS, add_dossiers

Q1 = {"period": "custom", "date_from": "01/01/2025", "date_to": "31/03/2025"}


class WithDossiers:
    @classmethod
    def extra_data(cls, world):
        add_dossiers(world)


class TestScorecardPage(WithDossiers, PersonaPageCase):
    url_name = "indicators:scorecard"
    expected = {**DEPT_A_READERS, "anonymous": 302}

    def url(self):
        return reverse(self.url_name, args=[self.world.dept_a.pk])

    def test_group_five_shows_no_data_never_zero(self):
        response = self.client_for("focal").get(self.url(), Q1)
        group5 = response.content.decode().split('id="group-5"')[1].split("</section>")[0]
        self.assertEqual(group5.count("chưa có dữ liệu"), 4)
        self.assertNotIn("0,00%", group5)
        self.assertIn("18,00 điểm chưa đo được", group5)

    def test_it_shows_points_and_points_lost_per_indicator(self):
        # Sở Xây dựng Q1 2025: early, late, open within the deadline → 2/3 on time (2.1): 2/3 × 20 = 13.33, 6.67 lost.
        response = self.client_for("focal").get(self.url(), Q1)
        row = response.content.decode().split('id="indicator-2.1"')[1].split("</tr>")[0]
        self.assertEqual(
            [cell.split("</td>")[0] for cell in row.split("<td>")[1:6]],
            ["2.1 Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn", "66,67%", "2/3", "13,33", "20,00"],
        )
        self.assertIn("<td>6,67</td>", row)

    def test_a_unit_out_of_reach_is_not_found(self):
        response = self.client_for("outsider").get(self.url(), Q1)
        self.assertEqual(response.status_code, 404)


class TestScorecardApi(WithDossiers, PersonaApiCase):
    url_name = "scorecard-list"
    expected = {**DEPT_A_READERS, "anonymous": 401}

    def url(self):
        return reverse(self.url_name) + f"?unit={self.world.dept_a.pk}&date_from=2025-01-01&date_to=2025-03-31"

    def test_it_gives_points_lost_and_what_is_not_measurable(self):
        data = self.client_for("focal").get(self.url()).json()
        by_code = {row["code"]: row for row in data["indicators"]}
        self.assertEqual(
            {k: by_code["2.1"][k] for k in ("numerator", "denominator", "value", "points", "points_lost", "status")},
            {"numerator": "2.00", "denominator": "3.00", "value": "66.67", "points": "13.33", "points_lost": "6.67",
             "status": "measured"},
        )
        self.assertEqual(
            [(by_code[c]["status"], by_code[c]["points"], by_code[c]["value"]) for c in ("5.1", "5.2", "5.3", "5.4")],
            [("no_data", None, None)] * 4,
        )
        self.assertEqual(data["tt01"]["indices"][4], {"number": 5, "name": "Mô hình Bộ phận Một cửa giải quyết thực chất",
                                                      "points": None})

    def test_the_answer_is_one_scorecard_as_the_published_schema_says(self):
        response = self.client_for("focal").get(self.url())
        self.assertEqual(response.status_code, 200)
        assert_matches_schema(response)

    def test_a_window_when_the_unit_did_not_exist_measures_no_dossier_indicator(self):
        # Its data scope is empty, so no dossier is read (an SQL "IN ()" once made this a 500).
        response = self.client_for("focal").get(
            reverse(self.url_name) + f"?unit={self.world.dept_a.pk}&date_from=1990-01-01&date_to=1990-03-31")
        self.assertEqual(response.status_code, 200)
        by_code = {row["code"]: row for row in response.json()["indicators"]}
        self.assertEqual((by_code["2.1"]["status"], by_code["2.1"]["points"]), ("no_base", None))

    def test_a_reversed_window_is_refused_naming_the_field(self):
        response = self.client_for("focal").get(
            reverse(self.url_name) + f"?unit={self.world.dept_a.pk}&date_from=2025-03-31&date_to=2025-01-01")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"date_to": ["Ngày kết thúc trước ngày bắt đầu."]})
