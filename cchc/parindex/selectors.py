"""Reads of the PAR INDEX: set trees, the assessment page, rankings, a unit's results, to-do counts.

Pages and the API read through these; none makes a query per criterion (the assessment page reads the
set's criteria, the assessment's scores and their evidence in one query each, whatever the set's size).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.parindex import results, suggestions
from cchc.parindex.choices import (
    CampaignStatus,
    Method,
    NodeKind,
    Stage,
)
from cchc.parindex.models import (
    Assessment,
    AssessmentCampaign,
    CriteriaSet,
    Criterion,
    Result,
    Score,
    ScoreEvidence,
)
from cchc.units.roles import Perm
from cchc.units.scoping import UnitGraph, user_can, visible_unit_ids

ZERO = Decimal(0)

# --- sets -------------------------------------------------------------------------------------


def criteria_of(criteria_set: CriteriaSet) -> list[Criterion]:
    return list(criteria_set.criteria.order_by("position", "pk"))


def _number(value: Decimal) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def criteria_set_tree(criteria_set: CriteriaSet, *, with_rules: bool = False) -> dict:
    """The set as the import reads it: ``{"title", "total_points", "nodes": [{"code", "title", "max_points",
    "parent", "method", "evidence_required", "guidance", "options": [{"label", "points"}]}], "bonus", "penalty"}``
    (numbers as Decimal, ``parent`` the parent's code), plus the set's legal basis, classes and caps."""
    criteria = criteria_of(criteria_set)
    code_of = {c.pk: c.code for c in criteria}
    nodes, bonus, penalty = [], [], []
    for criterion in criteria:
        if criterion.kind != NodeKind.CRITERION:
            (bonus if criterion.kind == NodeKind.BONUS else penalty).append(
                {"code": criterion.code, "title": criterion.title, "max_points": _number(criterion.max_points)})
            continue
        node = {
            "code": criterion.code, "title": criterion.title, "max_points": _number(criterion.max_points),
            "parent": code_of.get(criterion.parent_id), "method": criterion.method,
            "evidence_required": criterion.evidence_required, "guidance": criterion.guidance,
            "options": [{"label": o["label"], "points": _number(Decimal(str(o["points"])))} for o in criterion.options],
        }
        if with_rules and criterion.has_rule:
            node["rule"] = {"kind": criterion.rule_kind, "source": criterion.rule_source, "params": criterion.rule_params}
        nodes.append(node)
    return {
        "title": criteria_set.title, "total_points": _number(criteria_set.total_points), "nodes": nodes,
        "bonus": bonus, "penalty": penalty, "legal_basis": criteria_set.legal_basis,
        "thresholds": criteria_set.thresholds, "bonus_cap": _number(criteria_set.bonus_cap),
        "penalty_cap": _number(criteria_set.penalty_cap),
    }


def set_list(user) -> QuerySet[CriteriaSet]:
    return CriteriaSet.objects.visible_to(user, Perm.VIEW).select_related("unit").order_by("-year", "level", "pk")


def campaign_list(user) -> QuerySet[AssessmentCampaign]:
    return (AssessmentCampaign.objects.visible_to(user, Perm.VIEW).select_related("unit", "criteria_set")
            .order_by("-criteria_set__year", "pk"))


def can_steer(user, campaign: AssessmentCampaign) -> bool:
    return user_can(user, Perm.STEER, campaign.unit_id)


def result_nodes(criteria: list[Criterion]) -> results.Tree:
    code_of = {c.pk: c.code for c in criteria}
    return results.Tree([
        results.Node(c.code, c.title, code_of.get(c.parent_id), Decimal(c.max_points), c.method, c.kind) for c in criteria
    ])


def scheme_of(criteria_set: CriteriaSet, campaign: AssessmentCampaign | None = None) -> results.Scheme:
    return results.Scheme(
        thresholds=tuple((row["label"], Decimal(str(row["min"]))) for row in criteria_set.thresholds or []),
        bonus_cap=Decimal(criteria_set.bonus_cap), penalty_cap=Decimal(criteria_set.penalty_cap),
        survey=campaign.survey_conducted if campaign is not None else True,
    )


def suggestion_for(criterion: Criterion, assessment: Assessment) -> suggestions.Suggestion | None:
    return suggestions.suggest(criterion, suggestions.Context(assessment.unit, assessment.campaign.criteria_set.year))


# --- the assessment page -----------------------------------------------------------------------


@dataclass
class Row:
    criterion: Criterion
    score: Score | None = None
    evidence: list[ScoreEvidence] = field(default_factory=list)
    suggestion: suggestions.Suggestion | None = None
    self_total: Decimal = ZERO
    appraised_total: Decimal = ZERO

    @property
    def needs_note(self) -> bool:
        """Evidence required, none attached and no note: the submission would refuse it."""
        return (self.criterion.evidence_required and self.criterion.is_scored_by_unit and not self.evidence
                and not (self.score and self.score.self_note.strip()))


@dataclass
class AreaSummary:
    criterion: Criterion
    scored: int = 0
    leaves: int = 0
    self_points: Decimal = ZERO
    appraised_points: Decimal = ZERO
    max_points: Decimal = ZERO


@dataclass
class AssessmentPage:
    assessment: Assessment
    rows: list[Row]
    areas: list[AreaSummary]
    extras: list[Row]
    scored: int
    total: int
    result: results.UnitResult

    @property
    def percent_done(self) -> int:
        return round(self.scored * 100 / self.total) if self.total else 100


def assessment_page(assessment: Assessment, *, with_suggestions: bool = True, today: dt.date | None = None) -> AssessmentPage:
    """Every row of the set with its score, evidence and suggestion, subtotals, per-area summary and progress."""
    criteria_set = assessment.campaign.criteria_set
    criteria = criteria_of(criteria_set)
    scores = {s.criterion_id: s for s in Score.objects.filter(assessment=assessment)}
    evidence: dict[int, list[ScoreEvidence]] = defaultdict(list)
    for item in ScoreEvidence.objects.filter(score__assessment=assessment).select_related("score").order_by("created_at", "pk"):
        evidence[item.score.criterion_id].append(item)
    hints = suggestions.suggest_many([c for c in criteria if c.has_rule], assessment.unit, criteria_set.year, today) \
        if with_suggestions else {}
    rows = {c.pk: Row(c, scores.get(c.pk), evidence.get(c.pk, []), hints.get(c.pk)) for c in criteria}
    by_pk = {c.pk: c for c in criteria}
    areas: dict[int, AreaSummary] = {}
    scored = total = 0
    for criterion in criteria:
        if criterion.kind == NodeKind.CRITERION and criterion.parent_id is None:
            areas[criterion.pk] = AreaSummary(criterion, max_points=criterion.max_points)
    for criterion in criteria:
        if criterion.kind != NodeKind.CRITERION or not criterion.is_leaf:
            continue
        score = scores.get(criterion.pk)
        self_points = (score.self_points if score else None) or ZERO
        appraised = (score.appraisal_value if score else None) or ZERO
        if criterion.method != Method.APPRAISAL and score and score.survey_points is not None:
            appraised += score.survey_points
        counted = criterion.is_scored_by_unit
        done = counted and score is not None and score.self_points is not None
        if counted:
            total += 1
            scored += 1 if done else 0
        current, top = criterion, None
        while current is not None:
            if current.pk != criterion.pk:
                rows[current.pk].self_total += self_points
                rows[current.pk].appraised_total += appraised
            top = current
            current = by_pk.get(current.parent_id)
        area = areas.get(top.pk) if top else None
        if area is not None:
            area.self_points += self_points
            area.appraised_points += appraised
            area.leaves += 1 if counted else 0
            area.scored += 1 if done else 0
    tree_rows = [rows[c.pk] for c in criteria if c.kind == NodeKind.CRITERION]
    extras = [rows[c.pk] for c in criteria if c.kind != NodeKind.CRITERION]
    result = results.unit_result(result_nodes(criteria), points_of(criteria, scores.values()),
                                 scheme_of(criteria_set, assessment.campaign))
    return AssessmentPage(assessment, tree_rows, list(areas.values()), extras, scored, total, result)


def points_of(criteria: list[Criterion], scores) -> dict[str, results.Points]:
    code_of = {c.pk: c.code for c in criteria}
    return {
        code_of[s.criterion_id]: results.Points(appraised=s.appraisal_value, survey=s.survey_points)
        for s in scores if s.criterion_id in code_of
    }


@dataclass
class Reusable:
    plans: list
    task_evidence: list
    reports: list


def reusable_evidence(assessment: Assessment, user) -> Reusable:
    """Records the platform already holds that may prove a score of the assessed unit: its issued plans of the
    year, the evidence its units reported on plan tasks of the year, and its submitted reports of the year."""
    from cchc.plans.models import Evidence, Plan
    from cchc.reporting.models import Report

    year = assessment.campaign.criteria_set.year
    reach = UnitGraph.load().reach([assessment.unit_id])
    plans = list(Plan.objects.visible_to(user, Perm.VIEW).filter(unit__in=reach, year=year, issued_on__isnull=False)
                 .order_by("issued_on", "pk"))
    task_evidence = list(
        Evidence.objects.visible_to(user, Perm.VIEW).filter(unit__in=reach)
        .filter(Q(progress_update__period__task__plan__year=year) | Q(progress_update__isnull=True, created_at__year__in=[year, year + 1]))
        .select_related("progress_update__period__task").order_by("-created_at", "-pk")[:200]
    )
    reports = list(Report.objects.visible_to(user, Perm.VIEW).filter(unit__in=reach, period__calendar__year=year,
                                                                      first_submitted_at__isnull=False)
                   .select_related("period__calendar").order_by("period__data_to", "pk"))
    return Reusable(plans, task_evidence, reports)


# --- lists and to-do ---------------------------------------------------------------------------

TODO_SELF, TODO_APPRAISE, TODO_EXPLAIN = "self", "appraise", "explain"
APPRAISE_STAGES = (Stage.SUBMITTED, Stage.APPRAISING, Stage.ROUND2)


def assessments_for(user, *, todo: str = "", campaign: AssessmentCampaign | None = None) -> QuerySet[Assessment]:
    """Assessments the user reads; ``todo`` narrows them to what the user must act on: ``self`` (units where he
    scores, still in self-assessment), ``appraise`` (where he steers, awaiting appraisal) or ``explain``
    (where he scores, explanation window open)."""
    found = Assessment.objects.visible_to(user, Perm.VIEW)
    open_campaigns = Q(campaign__status=CampaignStatus.OPEN)
    if todo == TODO_SELF:
        found = found.filter(open_campaigns, stage=Stage.SELF, unit__in=visible_unit_ids(user, Perm.EDIT))
    elif todo == TODO_APPRAISE:
        steering = visible_unit_ids(user, Perm.STEER)
        found = found.filter(open_campaigns, stage__in=APPRAISE_STAGES, unit__in=steering, campaign__unit__in=steering)
    elif todo == TODO_EXPLAIN:
        found = found.filter(open_campaigns, stage=Stage.EXPLANATION, unit__in=visible_unit_ids(user, Perm.EDIT))
    if campaign is not None:
        found = found.filter(campaign=campaign)
    return found.select_related("unit", "campaign__criteria_set").order_by("-campaign__criteria_set__year", "unit__name", "pk")


def todo_items(user) -> list:
    from cchc.core import todo

    if not getattr(user, "is_authenticated", False):
        return []
    url = reverse("parindex:assessments")
    items = []
    for key, label, urgent, order in (
        (TODO_SELF, _("PAR INDEX scorecards to score"), False, 40),
        (TODO_APPRAISE, _("PAR INDEX scorecards to appraise"), False, 41),
        (TODO_EXPLAIN, _("PAR INDEX explanations open"), True, 42),
    ):
        count = assessments_for(user, todo=key).count()
        if count:
            items.append(todo.Item(label=label, count=count, url=f"{url}?todo={key}", urgent=urgent, group="parindex",
                                   order=order))
    return items


# --- rankings ----------------------------------------------------------------------------------


@dataclass
class RankingRow:
    unit: object
    index: Decimal
    label: str
    rank: int
    appraised: Decimal
    survey: Decimal
    bonus: Decimal
    penalty: Decimal
    max_points: Decimal
    change: results.Change
    assessment: Assessment | None = None
    result: results.UnitResult | None = None
    stored: Result | None = None

    @property
    def points(self) -> Decimal:
        return self.appraised + self.survey + self.bonus - self.penalty


@dataclass
class Ranking:
    campaign: AssessmentCampaign
    rows: list[RankingRow]
    published: bool
    previous: AssessmentCampaign | None

    def chart(self) -> dict:
        return {"labels": [r.unit.short_name or r.unit.name for r in self.rows], "values": [float(r.index) for r in self.rows],
                "classes": [r.label for r in self.rows]}


def units_on_portal(campaign: AssessmentCampaign) -> int:
    """How many units of the campaign have their announced index on the public portal."""
    from cchc.parindex.portal_section import KIND
    from cchc.portal.models import Publication

    return Publication.objects.filter(kind=KIND, object_id__in=campaign.assessments.values("pk")).count()


def previous_campaign(campaign: AssessmentCampaign) -> AssessmentCampaign | None:
    return (AssessmentCampaign.objects.filter(
        unit=campaign.unit_id, criteria_set__level=campaign.criteria_set.level, criteria_set__year=campaign.criteria_set.year - 1,
        status=CampaignStatus.PUBLISHED).order_by("-pk").first())


def campaign_ranking(campaign: AssessmentCampaign, *, details: bool = False) -> Ranking:
    """The ranking of the campaign's units: as published, or computed now from the scores in force (with each unit's
    area sub-indices and criteria lost when ``details``)."""
    previous = previous_campaign(campaign)
    last = {r.unit_id: r for r in Result.objects.filter(campaign=previous)} if previous else {}
    if campaign.status == CampaignStatus.PUBLISHED:
        rows = [
            RankingRow(unit=r.unit, index=r.index, label=r.label, rank=r.rank, appraised=r.appraised_points,
                       survey=r.survey_points, bonus=r.bonus_points, penalty=r.penalty_points, max_points=r.max_points,
                       change=results.Change(r.index_change, r.rank_change), stored=r)
            for r in Result.objects.filter(campaign=campaign).select_related("unit").order_by("rank", "unit__name")
        ]
        return Ranking(campaign, rows, True, previous)
    criteria_set = campaign.criteria_set
    criteria = criteria_of(criteria_set)
    tree = result_nodes(criteria)
    scheme = scheme_of(criteria_set, campaign)
    code_of = {c.pk: c.code for c in criteria}
    by_assessment: dict[int, dict[str, results.Points]] = defaultdict(dict)
    values = Score.objects.filter(assessment__campaign=campaign).values_list(
        "assessment_id", "criterion_id", Coalesce("final_points", "appraised_points", "self_points"), "survey_points")
    Points = results.Points
    for assessment_id, criterion_id, appraised, survey in values:  # the value in force: round 2, round 1, self
        by_assessment[assessment_id][code_of[criterion_id]] = Points(appraised, survey)
    assessments = list(campaign.assessments.select_related("unit"))
    computed = {a.pk: results.unit_result(tree, by_assessment.get(a.pk, {}), scheme, details=details) for a in assessments}
    ranks = results.rank({pk: r.index for pk, r in computed.items()})
    rows = []
    for assessment in assessments:
        result, position = computed[assessment.pk], ranks[assessment.pk]
        before = last.get(assessment.unit_id)
        rows.append(RankingRow(
            unit=assessment.unit, index=result.index, label=result.label, rank=position, appraised=result.appraised,
            survey=result.survey, bonus=result.bonus, penalty=result.penalty, max_points=result.max_points,
            change=results.change(result.index, position, before.index if before else None, before.rank if before else None),
            assessment=assessment, result=result,
        ))
    rows.sort(key=lambda r: (r.rank, r.unit.name))
    return Ranking(campaign, rows, False, previous)


def _text(value: Decimal) -> str:
    return str(_number(value))


def areas_json(result: results.UnitResult) -> list[dict]:
    return [{"code": a.code, "title": a.title, "points": _text(a.points), "max": _text(a.max_points),
             "index": None if a.index is None else _text(a.index)} for a in result.areas]


def lost_json(result: results.UnitResult, limit: int = 10) -> list[dict]:
    return [{"code": x.code, "title": x.title, "max": _text(x.max_points), "points": _text(x.points), "lost": _text(x.lost)}
            for x in result.lost[:limit] if x.lost > 0]


# --- a unit's page -----------------------------------------------------------------------------


@dataclass
class UnitResults:
    unit: object
    history: list[Result]
    latest: Result | None
    averages: list[dict]
    current: list[Assessment]

    def chart(self) -> dict:
        if self.latest is None:
            return {}
        average = {a["code"]: a["index"] for a in self.averages}
        return {
            "labels": [a["code"] + ". " + a["title"][:40] for a in self.latest.areas],
            "unit": [None if a["index"] is None else float(a["index"]) for a in self.latest.areas],
            "average": [None if average.get(a["code"]) is None else float(average[a["code"]]) for a in self.latest.areas],
        }


def unit_results(unit, user) -> UnitResults:
    """The unit's published results and its predecessors' (a merged unit's history), its latest areas against
    the average of its level in that campaign, and its assessments in progress the user reads."""
    graph = UnitGraph.load()
    own = {unit.pk, *graph.transitive(unit.pk, graph.predecessors)}
    history = list(Result.objects.filter(unit__in=own).select_related("unit", "campaign__criteria_set")
                   .order_by("-campaign__criteria_set__year", "unit__name"))
    latest = next((r for r in history if r.unit_id == unit.pk), None)
    averages = []
    if latest is not None:
        sums: dict[str, list[Decimal]] = defaultdict(list)
        titles = {}
        for areas in Result.objects.filter(campaign=latest.campaign_id).values_list("areas", flat=True):
            for area in areas:
                titles[area["code"]] = area["title"]
                if area.get("index") is not None:
                    sums[area["code"]].append(Decimal(area["index"]))
        averages = [{"code": code, "title": titles[code],
                     "index": str((sum(v) / len(v)).quantize(Decimal("0.01"))) if v else None} for code, v in sums.items()]
    current = list(Assessment.objects.visible_to(user, Perm.VIEW).filter(unit=unit, campaign__status=CampaignStatus.OPEN)
                   .select_related("campaign__criteria_set"))
    return UnitResults(unit, history, latest, averages, current)


# --- history -----------------------------------------------------------------------------------

SCORE_FIELDS = ("self_points", "self_note", "suggestion_accepted", "override_reason", "appraised_points", "appraisal_comment",
                "explanation_requested", "explanation", "final_points", "final_comment", "survey_points")


@dataclass
class Change:
    when: dt.datetime
    who: str
    code: str
    fields: list[tuple[str, object, object]]


def score_history(assessment: Assessment, limit: int = 500) -> list[Change]:
    """Every change to the assessment's scores, newest first: who, when, which criterion, each field from → to."""
    labels = {name: str(Score._meta.get_field(name).verbose_name) for name in SCORE_FIELDS}
    code_of = dict(assessment.campaign.criteria_set.criteria.values_list("pk", "code"))
    records = list(Score.history.filter(assessment_id=assessment.pk).select_related("history_user")
                   .order_by("id", "history_date", "history_id"))
    previous: dict[int, object] = {}
    changes = []
    for record in records:
        before = previous.get(record.id)
        fields = []
        for name in SCORE_FIELDS:
            old, new = (getattr(before, name) if before else None), getattr(record, name)
            if old != new and not (before is None and new in (None, "", False)):
                fields.append((labels[name], old, new))
        previous[record.id] = record
        if fields:
            changes.append(Change(record.history_date, str(record.history_user or _("system")),
                                  code_of.get(record.criterion_id, "?"), fields))
    changes.sort(key=lambda c: c.when, reverse=True)
    return changes[:limit]


def stage_history(assessment: Assessment) -> list[tuple[dt.datetime, str, str]]:
    """When each lock happened and by whom."""
    entries = []
    for when, who, label in (
        (assessment.submitted_at, assessment.submitted_by, _("Self-assessment submitted")),
        (assessment.preliminary_at, None, _("Preliminary result sent")),
        (assessment.explanations_locked_at, assessment.explanations_locked_by, _("Explanations locked")),
        (assessment.final_at, assessment.final_by, _("Appraisal locked")),
    ):
        if when is not None:
            entries.append((when, str(who or ""), label))
    return entries


def days_left(due: dt.date, today: dt.date | None = None) -> int:
    from cchc.calendar.api import working_days_between

    return working_days_between(today or timezone.localdate(), due)
