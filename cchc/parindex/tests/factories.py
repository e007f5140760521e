"""PAR INDEX rows on the persona world (cchc/core/testing/personas.py), built through the services."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

from django.utils import timezone

from cchc.core.testing.personas import World
from cchc.parindex import services
from cchc.parindex.choices import Stage
from cchc.parindex.models import Assessment, AssessmentCampaign, Criterion

YEAR = 2025

#: A small department set, 68 appraised + 32 survey, with one criterion per rule kind and source.
TREE = {
    "title": "Bộ tiêu chí xác định Chỉ số CCHC của các sở, ban, ngành năm 2025",
    "total_points": Decimal("100"),
    "legal_basis": "QĐ 1187/QĐ-BNV ngày 15/10/2025",
    "bonus_cap": Decimal("2"),
    "penalty_cap": Decimal("5"),
    "nodes": [
        {"code": "1", "title": "Công tác chỉ đạo, điều hành CCHC", "max_points": Decimal("20"), "parent": None, "method": "appraisal",
         "evidence_required": False, "guidance": "", "options": []},
        {"code": "1.1", "title": "Ban hành kế hoạch CCHC năm", "max_points": Decimal("4"), "parent": "1", "method": "appraisal",
         "evidence_required": True, "guidance": "Ban hành trước 31/12 năm trước",
         "options": [{"label": "Ban hành trước 31/12", "points": Decimal("4")}, {"label": "Ban hành sau", "points": Decimal("0")}],
         "rule": {"kind": "by_date", "source": "plan_issued", "params": {"date": "31/12/2024"}}},
        {"code": "1.2", "title": "Báo cáo CCHC đầy đủ, đúng hạn", "max_points": Decimal("6"), "parent": "1", "method": "appraisal",
         "evidence_required": True, "guidance": "", "options": [],
         "rule": {"kind": "threshold", "source": "reports", "params": {"table": [{"min": "100", "points": "6"},
                                                                                 {"min": "75", "points": "3"}]}}},
        {"code": "1.3", "title": "Mức độ hoàn thành kế hoạch CCHC", "max_points": Decimal("10"), "parent": "1",
         "method": "appraisal", "evidence_required": False, "guidance": "", "options": [],
         "rule": {"kind": "linear", "source": "plan_tasks", "params": {"full_at": "100"}}},
        {"code": "2", "title": "Cải cách thủ tục hành chính", "max_points": Decimal("48"), "parent": None, "method": "appraisal",
         "evidence_required": False, "guidance": "", "options": []},
        {"code": "2.1", "title": "Tỷ lệ hồ sơ TTHC giải quyết đúng hạn", "max_points": Decimal("28"), "parent": "2",
         "method": "appraisal", "evidence_required": False, "guidance": "", "options": [],
         "rule": {"kind": "threshold", "source": "metric",
                  "params": {"metric": "on_time_rate", "table": [{"min": "98", "points": "28"}, {"min": "90", "points": "14"}]}}},
        {"code": "2.2", "title": "Công khai TTHC", "max_points": Decimal("20"), "parent": "2", "method": "appraisal",
         "evidence_required": False, "guidance": "", "options": []},
        {"code": "3", "title": "Tác động của CCHC", "max_points": Decimal("32"), "parent": None, "method": "survey",
         "evidence_required": False, "guidance": "", "options": []},
        {"code": "3.1", "title": "Mức độ hài lòng của người dân", "max_points": Decimal("32"), "parent": "3", "method": "survey",
         "evidence_required": False, "guidance": "", "options": []},
    ],
    "bonus": [{"code": "T1", "title": "Sáng kiến CCHC được công nhận", "max_points": Decimal("2")}],
    "penalty": [{"code": "P1", "title": "Chậm báo cáo theo yêu cầu", "max_points": Decimal("5")}],
}


def tree(**changes) -> dict:
    found = copy.deepcopy(TREE)
    found.update(changes)
    return found


def department_set(world: World, *, year: int = YEAR, **changes):
    return services.criteria_set_from_tree(tree(**changes), unit=world.province, level="department", year=year,
                                           actor=world.users["steering"])


def campaign(world: World, *, year: int = YEAR, opens_on: dt.date | None = None, **changes) -> AssessmentCampaign:
    """The province's campaign for its departments (Sở Nội vụ, Sở Xây dựng, Sở Tài chính), opened today."""
    criteria_set = department_set(world, year=year, **changes)
    return services.campaign_open(unit=world.province, criteria_set=criteria_set, opens_on=opens_on or timezone.localdate(),
                                  self_days=15, appraisal_days=10, explanation_days=5, publication_days=5,
                                  actor=world.users["steering"])


def criterion(assessment: Assessment, code: str) -> Criterion:
    return assessment.campaign.criteria_set.criteria.get(code=code)


#: self scores that need no suggestion (no rule) or follow none, with the reasons
SELF_SCORES = {"1.1": ("4", "Kế hoạch ban hành đúng hạn"), "1.2": ("6", ""), "1.3": ("8", ""), "2.1": ("28", ""),
               "2.2": ("18", "")}


def score_all(assessment: Assessment, actor, scores: dict[str, tuple[str, str]] | None = None) -> None:
    """Every leaf scored, with a note on the evidence-required ones and a reason where a suggestion differs."""
    for code, (points, note) in (scores or SELF_SCORES).items():
        services.self_score_save(assessment=assessment, criterion=criterion(assessment, code), actor=actor, points=points,
                                 note=note or "Có văn bản kèm theo", override_reason="Số liệu thực tế của đơn vị")


def advance(assessment: Assessment, world: World, stage: str) -> Assessment:
    """Move the assessment through the stages up to ``stage`` with the personas' actions."""
    order = [Stage.SELF, Stage.SUBMITTED, Stage.APPRAISING, Stage.EXPLANATION, Stage.ROUND2, Stage.FINAL]
    steering = world.users["steering"]
    head = world.users["head"] if assessment.unit_id == world.dept_a.pk else world.users["admin"]
    focal = world.users["focal"] if assessment.unit_id == world.dept_a.pk else world.users["admin"]
    target = order.index(stage)
    if target >= 1:
        score_all(assessment, focal)
        services.assessment_submit(assessment=assessment, actor=head)
    if target >= 2:
        services.appraisal_save(assessment=assessment, criterion=criterion(assessment, "2.2"), points="15",
                                comment="Chưa công khai đủ 20 TTHC", actor=steering)
    if target >= 3:
        services.preliminary_send(assessment=assessment, actor=steering)
    if target >= 4:
        services.explanations_lock(assessment=assessment, actor=head)
    if target >= 5:
        services.appraisal_lock(assessment=assessment, actor=steering)
    assessment.refresh_from_db()
    return assessment
