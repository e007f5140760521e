"""Persona matrix for the surveys endpoints: questionnaires, campaigns and aggregated results only."""

from __future__ import annotations

from django.urls import reverse

from cchc.core.testing.openapi import assert_matches_schema
from cchc.core.testing.scoped_cases import PersonaApiCase
from cchc.surveys.tests import test_pages
from cchc.surveys.tests.test_pages import SurveysWorld
from cchc.surveys.tests.world import builtin


def matrix(default: int, **statuses) -> dict[str, int]:
    return test_pages.matrix(default, anonymous=401, **statuses)


class TestQuestionnaireList(SurveysWorld, PersonaApiCase):
    url_name = "survey-questionnaire-list"
    expected = matrix(200)

    def test_an_outsider_sees_the_built_in_questionnaires_only(self):
        builtin()
        response = self.client_for("outsider").get(self.url())
        self.assertEqual(sorted(q["code"] for q in response.json()["results"]), ["mot-cua-ho-so", "phuong-9-muc", "sipas-5-yeu-to"])


class TestQuestionnaireDetail(SurveysWorld, PersonaApiCase):
    url_name = "survey-questionnaire-detail"
    #: Sở Xây dựng's questionnaire: its divisions read it too (a unit may run its superior's questionnaire)
    expected = matrix(200, outsider=404, commune=404)

    def url(self):
        return reverse(self.url_name, args=[self.questionnaire.pk])

    def test_groups_items_and_choices(self):
        data = self.client_for("focal").get(self.url()).json()
        self.assertEqual([len(g["items"]) for g in data["groups"]], [2, 1])
        self.assertEqual([c["label"] for c in data["choices"]][:2], ["Rất hài lòng", "Hài lòng"])
        assert_matches_schema(self.client_for("focal").get(self.url()))


class TestCampaignList(SurveysWorld, PersonaApiCase):
    url_name = "survey-campaign-list"
    expected = matrix(200)


class TestCampaignDetail(SurveysWorld, PersonaApiCase):
    url_name = "survey-campaign-detail"
    expected = matrix(200, outsider=404, commune=404)

    def url(self):
        return reverse(self.url_name, args=[self.campaign.pk])


class TestCampaignResults(SurveysWorld, PersonaApiCase):
    url_name = "survey-campaign-results"
    expected = matrix(200, outsider=404, commune=404)

    def url(self):
        return reverse(self.url_name, args=[self.campaign.pk])

    def test_the_results_are_aggregates_worked_out_by_hand(self):
        response = self.client_for("steering").get(self.url())
        data = response.json()
        self.assertEqual((data["overall"]["responses"], data["overall"]["counts"], data["overall"]["mean"],
                          data["overall"]["satisfied_percent"]), (4, [1, 1, 3, 3, 4], "3.67", "58.33"))
        self.assertNotIn("comment", str(data))
        assert_matches_schema(response)

    def test_a_surveyed_division_reads_its_own_figures_only(self):
        data = self.client_for("staff").get(self.url()).json()
        self.assertEqual([u["label"] for u in data["units"]], ["Phòng Quản lý xây dựng"])
        self.assertEqual(data["overall"]["responses"], 0)

    def test_builtin_questionnaire_is_readable(self):
        self.assertEqual(self.client_for("outsider").get(reverse("survey-questionnaire-detail", args=[builtin().pk])).status_code, 200)
