"""PAR INDEX at the size of a province: results and ranking of 150 units on 100 criteria, and the
self-assessment page's query count for sets of 100 and 300 criteria (equal: no query per criterion).

Builds the persona province (cchc/core/testing/personas.py) with 150 more departments, a 100-criterion set
(ten areas of ten, the last area surveyed: 90 appraised + 10 survey) and a campaign with every score filled
(bulk-inserted: the benchmark measures the results, not the services). Prints ``parindex_units``,
``parindex_criteria``, ``parindex_results_s`` (median of 5, goal under 1 s), ``assessment_page_queries_100``
and ``assessment_page_queries_300``.
"""

import datetime as dt
import random
import statistics
import time
from decimal import Decimal

from _common import emit, setup_django

vendor = setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from cchc.core.testing.personas import build_world  # noqa: E402
from cchc.parindex import selectors, services  # noqa: E402
from cchc.parindex.models import Score, ScoreEvidence  # noqa: E402
from cchc.units.models import Unit, UnitKind  # noqa: E402

UNITS = 150
RULES = {
    "1.1": {"kind": "by_date", "source": "plan_issued", "params": {"date": "31/12/2024"}},
    "1.2": {"kind": "linear", "source": "plan_tasks", "params": {"full_at": "100"}},
    "1.3": {"kind": "threshold", "source": "reports", "params": {"table": [{"min": "100", "points": "1"}]}},
    "1.4": {"kind": "threshold", "source": "metric", "params": {"metric": "on_time_rate", "table": [{"min": "95", "points": "1"}]}},
}


def tree(leaves: int) -> dict:
    """Ten areas; ``leaves`` criteria shared between them (the last area surveyed): 1 point each up to 100 criteria,
    half a point each beyond."""
    per_area = leaves // 10
    unit = Decimal(1) if leaves <= 100 else Decimal("0.5")
    nodes = []
    for area in range(1, 11):
        method = "survey" if area == 10 else "appraisal"
        nodes.append({"code": str(area), "title": f"Lĩnh vực {area}", "max_points": unit * per_area, "parent": None,
                      "method": method, "evidence_required": False, "guidance": "", "options": []})
        for index in range(1, per_area + 1):
            code = f"{area}.{index}"
            node = {"code": code, "title": f"Tiêu chí {code}", "max_points": unit, "parent": str(area), "method": method,
                    "evidence_required": index % 3 == 0, "guidance": "Chấm theo tài liệu kiểm chứng",
                    "options": [{"label": "Đạt", "points": unit}, {"label": "Không đạt", "points": "0"}]}
            if code in RULES:
                rule = {**RULES[code], "params": dict(RULES[code]["params"])}
                if "table" in rule["params"]:
                    rule["params"]["table"] = [{**row, "points": str(unit)} for row in rule["params"]["table"]]
                node["rule"] = rule
            nodes.append(node)
    return {"title": f"Bộ tiêu chí {leaves} tiêu chí", "total_points": unit * leaves, "nodes": nodes,
            "bonus": [{"code": "T1", "title": "Sáng kiến", "max_points": "2"}],
            "penalty": [{"code": "P1", "title": "Chậm báo cáo", "max_points": "5"}]}


def campaign_for(world, leaves: int, year: int):
    steering = world.users["steering"]
    criteria_set = services.criteria_set_from_tree(tree(leaves), unit=world.province, level="department", year=year, actor=steering)
    return services.campaign_open(unit=world.province, criteria_set=criteria_set, opens_on=dt.date(year + 1, 1, 5), self_days=15,
                                  appraisal_days=10, explanation_days=5, publication_days=5, actor=steering)


def fill(campaign, rng: random.Random, with_evidence: bool = False) -> None:
    leaves = [c for c in campaign.criteria_set.criteria.all() if c.is_leaf]
    scores = []
    for assessment in campaign.assessments.all():
        for criterion in leaves:
            points = (criterion.max_points * Decimal(rng.randint(0, 4)) / 4).quantize(Decimal("0.01"))
            if criterion.method == "survey":
                scores.append(Score(assessment=assessment, criterion=criterion, survey_points=points))
            else:
                scores.append(Score(assessment=assessment, criterion=criterion, self_points=points, appraised_points=points,
                                    self_note="Có tài liệu" if criterion.evidence_required else ""))
    created = Score.objects.bulk_create(scores)
    if with_evidence:
        ScoreEvidence.objects.bulk_create(ScoreEvidence(score=s, kind="upload", title=f"Minh chứng {s.criterion_id}",
                                                        file_name="minh-chung.pdf") for s in created[::3])


def page_queries(world, campaign) -> int:
    client = Client()
    client.force_login(world.users["focal"])
    url = reverse("parindex:assessment", args=[campaign.assessments.get(unit=world.dept_a).pk])
    assert client.get(url).status_code == 200  # warm caches (translations, templates)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def main() -> None:
    world = build_world()
    Unit.objects.bulk_create(
        Unit(name=f"Sở minh họa {i:03d}", code=f"TN-S{i:03d}", kind=UnitKind.DEPARTMENT, parent=world.province,
             valid_from=dt.date(2020, 1, 1)) for i in range(1, UNITS - 3 + 1)
    )
    rng = random.Random(2025)
    big = campaign_for(world, 100, 2024)
    fill(big, rng)
    emit("parindex_units", big.assessments.count())
    emit("parindex_criteria", big.criteria_set.criteria.filter(is_leaf=True, kind="criterion").count())
    samples = []
    for _ in range(5):
        started = time.perf_counter()
        ranking = selectors.campaign_ranking(big)
        samples.append(time.perf_counter() - started)
    assert len(ranking.rows) == UNITS
    emit("parindex_results_s", statistics.median(samples))

    # The page: the department's scorecard in a set of 100 and one of 300 criteria, every leaf scored, evidence on a third.
    for leaves, year in ((100, 2025), (300, 2026)):
        small = services.criteria_set_from_tree(tree(leaves), unit=world.province, level="department", year=year,
                                                actor=world.users["steering"])
        campaign = services.campaign_open(unit=world.province, criteria_set=small, opens_on=dt.date(year + 1, 1, 5), self_days=15,
                                          appraisal_days=10, explanation_days=5, publication_days=5,
                                          units=[world.dept_a], actor=world.users["steering"])
        fill(campaign, rng, with_evidence=True)
        emit(f"assessment_page_queries_{leaves}", page_queries(world, campaign))


main()
