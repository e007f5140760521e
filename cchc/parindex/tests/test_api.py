"""Persona matrix for every PAR INDEX endpoint, and what the endpoints answer."""

from __future__ import annotations

from django.urls import reverse

from cchc.core.testing.openapi import assert_matches_schema
from cchc.core.testing.scoped_cases import PersonaApiCase
from cchc.parindex.choices import Stage
from cchc.parindex.models import Score
from cchc.parindex.tests.factories import tree
from cchc.parindex.tests.world import ParWorld, matrix

ALL_READ = matrix(200, anonymous=401)
READ_DEPT = matrix(200, staff=404, outsider=404, commune=404, anonymous=401)
POST_ONLY = matrix(405, anonymous=401)
EDIT_DEPT = matrix(403, admin=200, head=200, focal=200, staff=404, outsider=404, commune=404, anonymous=401)
APPROVE_DEPT = matrix(403, admin=200, head=200, staff=404, outsider=404, commune=404, anonymous=401)
STEER_DEPT = matrix(403, admin=200, steering=200, staff=404, outsider=404, commune=404, anonymous=401)


def json_tree() -> dict:
    found = tree()
    found["total_points"] = "100"
    for node in found["nodes"]:
        node["max_points"] = str(node["max_points"])
        node["options"] = [{"label": o["label"], "points": str(o["points"])} for o in node["options"]]
    for key in ("bonus", "penalty"):
        found[key] = [{**item, "max_points": str(item["max_points"])} for item in found[key]]
    found["bonus_cap"], found["penalty_cap"] = "2", "5"
    return found


class TestSetList(ParWorld, PersonaApiCase):
    url_name = "parindex-set-list"
    expected = ALL_READ
    #: only the steering office may name the province as the issuing unit; for others it reads as unknown
    write_expected = matrix(400, admin=201, steering=201, anonymous=401)

    def write_data(self):
        return {"unit": self.world.province.pk, "level": "department", "year": 2026, "tree": json_tree()}

    def test_a_tree_that_does_not_add_up_is_refused_by_criterion(self):
        data = self.write_data()
        data["tree"]["nodes"][1]["max_points"] = "5"
        before = self.state()
        response = self.send("steering", "post", data)
        self.assertEqual(response.json(), {"nodes": ["Tiêu chí 1: tổng điểm các tiêu chí con là 21, khác điểm tối đa 20."]})
        self.assertEqual(self.state(), before)

    def test_the_list_answers_the_schema(self):
        response = self.send("focal")
        assert_matches_schema(response)
        self.assertEqual([s["year"] for s in response.json()["results"]], [2025])


class TestSetDetail(ParWorld, PersonaApiCase):
    url_name = "parindex-set-detail"
    expected = ALL_READ

    def url(self):
        return reverse(self.url_name, args=[self.criteria_set.pk])


class TestSetTree(ParWorld, PersonaApiCase):
    url_name = "parindex-set-tree"
    expected = ALL_READ

    def url(self):
        return reverse(self.url_name, args=[self.criteria_set.pk])

    def test_every_node_with_its_parent_and_rule(self):
        nodes = self.send("outsider").json()
        self.assertEqual([(n["code"], n["parent_code"], n["kind"]) for n in nodes][:3], [("1", None, "criterion"), ("1.1", "1", "criterion"),
                                                                                         ("1.2", "1", "criterion")])
        self.assertEqual(nodes[1]["rule_params"], {"date": "31/12/2024"})


class TestCampaignList(ParWorld, PersonaApiCase):
    url_name = "parindex-campaign-list"
    expected = ALL_READ


class TestCampaignDetail(ParWorld, PersonaApiCase):
    url_name = "parindex-campaign-detail"
    expected = ALL_READ

    def url(self):
        return reverse(self.url_name, args=[self.campaign.pk])


class TestCampaignRanking(ParWorld, PersonaApiCase):
    url_name = "parindex-campaign-ranking"
    expected = ALL_READ
    with_published = True

    def url(self):
        return reverse(self.url_name, args=[self.published.pk])

    def test_the_published_ranking(self):
        rows = self.send("commune").json()["rows"]
        self.assertEqual([(r["unit_name"], r["rank"], r["index"]) for r in rows],
                         [("Sở Nội vụ", 1, "86.00"), ("Sở Tài chính", 1, "86.00"), ("Sở Xây dựng", 1, "86.00")])

    def test_an_open_campaign_is_ranked_for_the_steering_office_only(self):
        url = reverse(self.url_name, args=[self.campaign.pk])
        self.assertEqual(self.client_for("focal").get(url).json(), {"published": False, "rows": []})
        self.assertEqual(len(self.client_for("steering").get(url).json()["rows"]), 3)


class TestAssessmentList(ParWorld, PersonaApiCase):
    url_name = "parindex-assessment-list"
    expected = ALL_READ

    def test_each_sees_the_scorecards_in_reach(self):
        self.assertEqual([a["unit"] for a in self.send("focal").json()["results"]], [self.world.dept_a.pk])
        self.assertEqual(len(self.send("steering").json()["results"]), 3)


class TestAssessmentDetail(ParWorld, PersonaApiCase):
    url_name = "parindex-assessment-detail"
    expected = READ_DEPT

    def url(self):
        return reverse(self.url_name, args=[self.assessment.pk])


class AssessmentAction(ParWorld, PersonaApiCase):
    expected = POST_ONLY

    def url(self):
        return reverse(self.url_name, args=[self.assessment.pk])


class TestSubmit(AssessmentAction):
    url_name = "parindex-assessment-submit"
    write_expected = APPROVE_DEPT

    @classmethod
    def extra_data(cls, world):
        from cchc.parindex.tests.factories import score_all

        super().extra_data(world)
        score_all(cls.assessment, world.users["focal"])

    def write_data(self):
        return {"stage": "self"}

    def test_a_stage_the_caller_did_not_see_is_refused(self):
        response = self.send("head", "post", {"stage": "submitted"})
        self.assertEqual(response.json(), {"stage": ["Bảng điểm hiện ở giai đoạn “Tự đánh giá”; hãy tải lại."]})


class TestPreliminary(AssessmentAction):
    url_name = "parindex-assessment-preliminary"
    write_expected = STEER_DEPT
    stage = Stage.APPRAISING

    def write_data(self):
        return {"stage": "appraising"}


class TestLockExplanations(AssessmentAction):
    url_name = "parindex-assessment-lock-explanations"
    #: the steering office reaches the endpoint but may close the window only once it has passed
    write_expected = matrix(403, admin=200, head=200, steering=400, staff=404, outsider=404, commune=404, anonymous=401)
    stage = Stage.EXPLANATION

    def write_data(self):
        return {"stage": "explanation"}


class TestFinalise(AssessmentAction):
    url_name = "parindex-assessment-finalise"
    write_expected = STEER_DEPT
    stage = Stage.ROUND2

    def write_data(self):
        return {"stage": "round2"}


class TestSelfScore(AssessmentAction):
    url_name = "parindex-assessment-self-score"
    write_expected = EDIT_DEPT

    def write_data(self):
        return {"criterion": self.criterion.pk, "points": "19,5", "note": "Công khai 19/20 TTHC"}

    def test_a_score_above_the_maximum_is_named(self):
        response = self.send("focal", "post", {**self.write_data(), "points": "21"})
        self.assertEqual(response.json(), {"points": ["Tiêu chí 2.2: 21 vượt điểm tối đa 20."]})

    def test_the_appraisal_is_hidden_until_sent(self):
        response = self.send("focal", "post", self.write_data())
        self.assertEqual((response.json()["self_points"], response.json()["appraised_points"]), ("19.50", None))


class TestAppraise(AssessmentAction):
    url_name = "parindex-assessment-appraise"
    write_expected = STEER_DEPT
    stage = Stage.SUBMITTED

    def write_data(self):
        return {"criterion": self.criterion.pk, "points": "16", "comment": "Thiếu 4 TTHC"}


class TestExplain(AssessmentAction):
    url_name = "parindex-assessment-explain"
    write_expected = EDIT_DEPT
    stage = Stage.EXPLANATION

    def write_data(self):
        return {"criterion": self.criterion.pk, "text": "Đã công khai đủ"}


class TestSurvey(AssessmentAction):
    url_name = "parindex-assessment-survey"
    write_expected = STEER_DEPT

    def write_data(self):
        return {"criterion": self.survey_criterion.pk, "points": "27,25"}


class TestScoreList(ParWorld, PersonaApiCase):
    url_name = "parindex-score-list"
    expected = ALL_READ
    stage = Stage.APPRAISING

    def test_the_unit_reads_its_self_scores_but_not_the_unsent_appraisal(self):
        rows = {r["code"]: r for r in self.send("focal").json()["results"]}
        self.assertEqual((rows["2.2"]["self_points"], rows["2.2"]["appraised_points"], rows["2.2"]["appraisal_comment"]),
                         ("18.00", None, ""))
        rows = {r["code"]: r for r in self.send("steering").json()["results"] if r["assessment"] == self.assessment.pk}
        self.assertEqual(rows["2.2"]["appraised_points"], "15.00")


class TestScoreDetail(ParWorld, PersonaApiCase):
    url_name = "parindex-score-detail"
    expected = READ_DEPT
    stage = Stage.SUBMITTED

    def url(self):
        return reverse(self.url_name, args=[Score.objects.get(assessment=self.assessment, criterion=self.criterion).pk])


class TestResultList(ParWorld, PersonaApiCase):
    url_name = "parindex-result-list"
    expected = ALL_READ
    with_published = True

    def test_published_results_with_areas(self):
        results = self.send("outsider").json()["results"]
        self.assertEqual(len(results), 3)
        self.assertEqual(results[0]["areas"][0], {"code": "1", "title": "Công tác chỉ đạo, điều hành CCHC", "points": "18.00",
                                                  "max": "20.00", "index": "90.00"})


class TestResultDetail(ParWorld, PersonaApiCase):
    url_name = "parindex-result-detail"
    expected = ALL_READ
    with_published = True

    def url(self):
        return reverse(self.url_name, args=[self.published.results.get(unit=self.world.dept_a).pk])

