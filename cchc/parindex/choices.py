"""Choices of the PAR INDEX app (Chỉ số cải cách hành chính)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.units.models import UnitKind


class Level(models.TextChoices):
    """The level of units a criteria set evaluates (cấp đánh giá)."""

    PROVINCE = "province", _("Province")
    DEPARTMENT = "department", _("Departments and agencies")
    DISTRICT = "district", _("Districts (until 2024)")
    COMMUNE = "commune", _("Communes, wards and special zones")
    DIVISION = "division", _("Divisions")


#: unit kinds evaluated at each level; a steering office (Văn phòng UBND) is evaluated with the departments
LEVEL_KINDS: dict[str, frozenset[str]] = {
    Level.PROVINCE: frozenset({UnitKind.PROVINCE, UnitKind.CENTRAL_CITY}),
    Level.DEPARTMENT: frozenset({UnitKind.DEPARTMENT, UnitKind.INSPECTORATE, UnitKind.STEERING_OFFICE}),
    Level.DISTRICT: frozenset({UnitKind.DISTRICT}),
    Level.COMMUNE: frozenset({UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE}),
    Level.DIVISION: frozenset({UnitKind.DIVISION}),
}

#: other spellings of a level accepted on the command line and in files
LEVEL_ALIASES = {
    "tinh": Level.PROVINCE, "so": Level.DEPARTMENT, "huyen": Level.DISTRICT, "xa": Level.COMMUNE, "phong": Level.DIVISION,
    "sở": Level.DEPARTMENT, "xã": Level.COMMUNE, "huyện": Level.DISTRICT, "tỉnh": Level.PROVINCE, "phòng": Level.DIVISION,
}
#: the last year districts were evaluated (the two-level local government began on 01/7/2025)
LAST_DISTRICT_YEAR = 2024


class Method(models.TextChoices):
    """How a criterion is scored."""

    APPRAISAL = "appraisal", _("Self-assessment and appraisal")
    SURVEY = "survey", _("Sociological survey")
    BOTH = "both", _("Appraisal and survey")


class NodeKind(models.TextChoices):
    """A criterion of the tree, or a bonus or penalty item outside it."""

    CRITERION = "criterion", _("Criterion")
    BONUS = "bonus", _("Bonus points")
    PENALTY = "penalty", _("Penalty points")


class Stage(models.TextChoices):
    """Where a unit's assessment stands."""

    SELF = "self", _("Self-assessment")
    SUBMITTED = "submitted", _("Submitted, awaiting appraisal")
    APPRAISING = "appraising", _("Appraisal, round 1")
    EXPLANATION = "explanation", _("Explanation window")
    ROUND2 = "round2", _("Appraisal, round 2")
    FINAL = "final", _("Final")


#: stages in which the unit's self-scores are read-only
AFTER_SUBMISSION = frozenset({Stage.SUBMITTED, Stage.APPRAISING, Stage.EXPLANATION, Stage.ROUND2, Stage.FINAL})
#: stages in which the appraiser sets the first-round score
ROUND1_STAGES = frozenset({Stage.SUBMITTED, Stage.APPRAISING})


class CampaignStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    PUBLISHED = "published", _("Results published")


class EvidenceKind(models.TextChoices):
    """What a piece of evidence is: a file uploaded for the score, or a record the platform already holds."""

    UPLOAD = "upload", _("Uploaded file")
    PLAN = "plan", _("Issued plan")
    TASK_EVIDENCE = "task_evidence", _("Evidence of a plan task")
    REPORT = "report", _("Submitted report")


class EvidenceStage(models.TextChoices):
    SELF = "self", _("Self-assessment")
    EXPLANATION = "explanation", _("Explanation")


class RuleKind(models.TextChoices):
    """The kinds of suggestion rules (``cchc.parindex.rules``)."""

    THRESHOLD = "threshold", _("Threshold table")
    LINEAR = "linear", _("Linear up to a cap")
    BY_DATE = "by_date", _("Yes or no by a date")


class RuleSource(models.TextChoices):
    """Where a suggestion rule reads its input (``cchc.parindex.suggestions``)."""

    PLAN_ISSUED = "plan_issued", _("Date the annual reform plan was issued")
    PLAN_TASKS = "plan_tasks", _("Share of plan tasks completed by their due date")
    REPORTS = "reports", _("Reports submitted on time out of those expected")
    METRIC = "metric", _("A platform metric by code")


#: which rule kinds read which sources: a date for "by date", a share for the others
SOURCE_KINDS = {
    RuleSource.PLAN_ISSUED: frozenset({RuleKind.BY_DATE}),
    RuleSource.PLAN_TASKS: frozenset({RuleKind.THRESHOLD, RuleKind.LINEAR}),
    RuleSource.REPORTS: frozenset({RuleKind.THRESHOLD, RuleKind.LINEAR}),
    RuleSource.METRIC: frozenset({RuleKind.THRESHOLD, RuleKind.LINEAR}),
}

#: Classes used when a set states none (commonly seen, unsourced: par_index.md §4 "UNCONFIRMED"); editable per set.
DEFAULT_THRESHOLDS = [
    {"label": "Tốt", "min": "80"},
    {"label": "Khá", "min": "70"},
    {"label": "Trung bình", "min": "50"},
    {"label": "Yếu", "min": "0"},
]
