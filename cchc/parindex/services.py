"""Writes of the PAR INDEX: criteria sets, campaigns, self-assessment, evidence, appraisal, survey, publication.

Each service validates, writes in one transaction and names ``actor`` for the audit trail
(django-simple-history). Errors are ``ValidationError``s in Vietnamese naming the criterion (by its
code) and the field; nothing is written. A write needs the actor's permission on the rows it touches
(``PermissionDenied`` otherwise): steering (sets, campaigns, appraisal, survey) on the campaign's
steering unit and the assessed unit, editing (self-scores, evidence, explanations) or approving
(submission, locking the explanations) on the assessed unit. ``actor=None`` is the system (commands, demo).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.calendar.api import add_working_days
from cchc.core.uploads import validate_upload
from cchc.parindex import rules, selectors
from cchc.parindex.choices import (
    LAST_DISTRICT_YEAR,
    LEVEL_ALIASES,
    LEVEL_KINDS,
    ROUND1_STAGES,
    SOURCE_KINDS,
    CampaignStatus,
    EvidenceKind,
    EvidenceStage,
    Level,
    Method,
    NodeKind,
    RuleSource,
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
from cchc.parindex.numbers import PointsError, format_points, parse_points
from cchc.plans.services import EVIDENCE_POLICY
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import UnitGraph, user_can

ZERO = Decimal(0)
MAX_TEXT = 10_000


def _d(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def _require(actor, perm: str, *unit_ids: int) -> None:
    """PermissionDenied unless ``actor`` (None: the system) holds ``perm`` on every unit."""
    if actor is None:
        return
    if not all(user_can(actor, perm, unit_id) for unit_id in unit_ids):
        raise PermissionDenied


def _save(obj, actor, **kwargs) -> None:
    obj._history_user = actor
    obj.save(**kwargs)


def _points(value, *, code: str, field: str = "points", label: str | None = None) -> Decimal | None:
    """``value`` as points, or a ValidationError naming the criterion."""
    try:
        return parse_points(value)
    except PointsError as error:
        what = label or _("points")
        if error.reason == "places":
            message = _("Criterion {code}: {what} “{text}” has more than two decimals.")
        else:
            message = _("Criterion {code}: {what} “{text}” is not a number (write e.g. 1,5).")
        raise ValidationError({field: message.format(code=code, what=what, text=str(error.text)[:40])}) from None


def _text(value, field: str, limit: int = MAX_TEXT) -> str:
    text = str(value or "").strip()
    if len(text) > limit:
        raise ValidationError({field: _("At most {n} characters.").format(n=limit)})
    return text


def _lock(model, pk):
    """The row, locked until the transaction ends, with its current state."""
    return model.objects.select_for_update().get(pk=pk)


# --- criteria sets ------------------------------------------------------------------------------


def _unit_of(unit) -> Unit:
    if isinstance(unit, Unit):
        return unit
    found = Unit.objects.filter(code=str(unit).strip(), valid_to__isnull=True).first()
    if found is None:
        raise ValidationError({"unit": _("No current unit has the code “{code}”.").format(code=str(unit)[:40])})
    return found


def level_of(level) -> str:
    """A level from its code or a Vietnamese name ("so", "xã"); ValidationError listing the levels otherwise."""
    text = str(level or "").strip().lower()
    if text in Level.values:
        return text
    if text in LEVEL_ALIASES:
        return LEVEL_ALIASES[text]
    raise ValidationError({"level": _("Unknown level “{level}”; use one of: {levels}.").format(
        level=str(level)[:40], levels=", ".join(Level.values))})


def _check_year(level: str, year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationError({"year": _("The year must be a number, e.g. 2025.")}) from None
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("The year must be between 2000 and 2100.")})
    if level == Level.DISTRICT and year > LAST_DISTRICT_YEAR:
        raise ValidationError({"level": _("Districts were last evaluated in {year}.").format(year=LAST_DISTRICT_YEAR)})
    return year


def clean_thresholds(value) -> list[dict]:
    """Classes as ``[{"label", "min"}]``, highest first; ValidationError on a bad row."""
    if not isinstance(value, list) or not value:
        raise ValidationError({"thresholds": _("Give at least one class with its minimum index.")})
    rows, labels = [], set()
    for index, row in enumerate(value, 1):
        label = str(row.get("label", "")).strip() if isinstance(row, dict) else ""
        try:
            minimum = parse_points(row.get("min")) if isinstance(row, dict) else None
        except PointsError:
            minimum = None
        if not label or minimum is None or not ZERO <= minimum <= 100:
            raise ValidationError({"thresholds": _("Class {n}: give a name and a minimum between 0 and 100.").format(n=index)})
        if label in labels:
            raise ValidationError({"thresholds": _("The class “{label}” is given twice.").format(label=label)})
        labels.add(label)
        rows.append({"label": label[:32], "min": format_points(minimum).replace(",", ".")})
    minimums = [Decimal(r["min"]) for r in rows]
    if len(set(minimums)) != len(minimums):
        raise ValidationError({"thresholds": _("Two classes start at the same index.")})
    return sorted(rows, key=lambda r: Decimal(r["min"]), reverse=True)


def _rule_errors(code: str, kind: str, source: str, params, max_points: Decimal) -> list[str]:
    if not kind and not source:
        return []
    if source not in RuleSource.values:
        return [_("Criterion {code}: unknown data source “{source}”.").format(code=code, source=str(source)[:40])]
    if kind not in SOURCE_KINDS[source]:
        return [_("Criterion {code}: the data “{source}” cannot be read by a rule of kind “{kind}”.").format(
            code=code, source=source, kind=str(kind)[:40])]
    if source == RuleSource.METRIC and not str((params or {}).get("metric", "")).strip():
        return [_("Criterion {code}: name the metric's code.").format(code=code)]
    return [f"{code}: {message}" for message in rules.validate(kind, params or {}, max_points)]


def _parse_tree(tree) -> tuple[dict, list[dict], list[str]]:
    """Read and check the tree; returns (set fields, nodes in order, errors)."""
    errors: list[str] = []
    if not isinstance(tree, dict) or not isinstance(tree.get("nodes"), list) or not tree["nodes"]:
        raise ValidationError({"nodes": _("The criteria set has no criterion.")})
    fields: dict = {}
    fields["title"] = str(tree.get("title") or "").strip()
    if not fields["title"]:
        errors.append(_("The criteria set has no title."))
    fields["title"] = fields["title"][:500]
    try:
        fields["total_points"] = parse_points(tree.get("total_points"))
    except PointsError:
        fields["total_points"] = None
    if fields["total_points"] is None or fields["total_points"] <= 0:
        errors.append(_("The total points “{value}” are not a positive number.").format(value=str(tree.get("total_points"))[:40]))
    nodes, codes = [], set()
    for position, raw in enumerate(tree["nodes"], 1):
        if not isinstance(raw, dict):
            errors.append(_("Item {n} is not a criterion.").format(n=position))
            continue
        code = str(raw.get("code") or "").strip()
        label = code or _("number {n}").format(n=position)
        if not code or len(code) > 32:
            errors.append(_("Criterion {code}: the code is missing or longer than 32 characters.").format(code=label))
        elif code in codes:
            errors.append(_("Criterion {code}: the code is used twice.").format(code=code))
        codes.add(code)
        title = str(raw.get("title") or "").strip()
        if not title:
            errors.append(_("Criterion {code}: the title is missing.").format(code=label))
        try:
            max_points = parse_points(raw.get("max_points"))
        except PointsError:
            max_points = None
        if max_points is None or max_points < 0:
            errors.append(_("Criterion {code}: the maximum points “{value}” are not a number.").format(
                code=label, value=str(raw.get("max_points"))[:40]))
        method = str(raw.get("method") or Method.APPRAISAL).strip()
        if method not in Method.values:
            errors.append(_("Criterion {code}: unknown method “{method}” (appraisal, survey or both).").format(
                code=label, method=method[:40]))
        options = []
        for option in raw.get("options") or []:
            try:
                points = parse_points(option.get("points")) if isinstance(option, dict) else None
            except PointsError:
                points = None
            option_label = str(option.get("label") or "").strip() if isinstance(option, dict) else ""
            if points is None or not option_label or (max_points is not None and not ZERO <= points <= max_points):
                errors.append(_("Criterion {code}: the scoring option “{label}” needs a text and points between 0 and the maximum.")
                              .format(code=label, label=option_label[:60]))
                continue
            options.append({"label": option_label[:500], "points": str(points)})
        rule = raw.get("rule") or {}
        kind, source, params = (str(rule.get("kind") or ""), str(rule.get("source") or ""), rule.get("params") or {}) \
            if isinstance(rule, dict) else ("", "", {})
        if max_points is not None:
            errors.extend(_rule_errors(label, kind, source, params, max_points))
        nodes.append({
            "code": code, "title": title, "max_points": max_points, "method": method,
            "parent": (str(raw.get("parent")).strip() or None) if raw.get("parent") not in (None, "") else None,
            "evidence_required": bool(raw.get("evidence_required")), "guidance": str(raw.get("guidance") or "").strip(),
            "options": options, "kind": NodeKind.CRITERION, "rule_kind": kind, "rule_source": source,
            "rule_params": params if isinstance(params, dict) else {},
        })
    for kind, key in ((NodeKind.BONUS, "bonus"), (NodeKind.PENALTY, "penalty")):
        for position, raw in enumerate(tree.get(key) or [], 1):
            code = str(raw.get("code") or "").strip() if isinstance(raw, dict) else ""
            label = code or f"{key} {position}"
            try:
                max_points = parse_points(raw.get("max_points")) if isinstance(raw, dict) else None
            except PointsError:
                max_points = None
            if not code or code in codes:
                errors.append(_("Bonus or penalty item {code}: the code is missing or used twice.").format(code=label))
            codes.add(code)
            if max_points is None or max_points <= 0:
                errors.append(_("Bonus or penalty item {code}: the maximum points are not a positive number.").format(code=label))
            title = str(raw.get("title") or "").strip() if isinstance(raw, dict) else ""
            if not title:
                errors.append(_("Bonus or penalty item {code}: the title is missing.").format(code=label))
            nodes.append({"code": code, "title": title, "max_points": max_points, "method": Method.APPRAISAL, "parent": None,
                          "evidence_required": bool(raw.get("evidence_required")) if isinstance(raw, dict) else False,
                          "guidance": str(raw.get("guidance") or "").strip() if isinstance(raw, dict) else "",
                          "options": [], "kind": kind, "rule_kind": "", "rule_source": "", "rule_params": {}})
    if errors:
        return fields, nodes, errors
    tree_nodes = [n for n in nodes if n["kind"] == NodeKind.CRITERION]
    by_code = {n["code"]: n for n in tree_nodes}
    children: dict[str, list[dict]] = {}
    for node in tree_nodes:
        parent = node["parent"]
        if parent is not None and parent not in by_code:
            errors.append(_("Criterion {code}: its parent “{parent}” is not in the set.").format(code=node["code"], parent=parent[:40]))
        elif parent is not None:
            children.setdefault(parent, []).append(node)
    for node in tree_nodes:  # a parent chain that loops never reaches an area
        seen, current = set(), node
        while current["parent"] is not None and current["parent"] in by_code:
            if current["code"] in seen:
                errors.append(_("Criterion {code}: its parents loop back to it.").format(code=node["code"]))
                break
            seen.add(current["code"])
            current = by_code[current["parent"]]
    if errors:
        return fields, nodes, errors
    for node in tree_nodes:
        kids = children.get(node["code"])
        if kids:
            total = sum((k["max_points"] for k in kids), ZERO)
            if total != node["max_points"]:
                errors.append(_("Criterion {code}: its sub-criteria add up to {sum} points, not its maximum {max}.").format(
                    code=node["code"], sum=format_points(total), max=format_points(node["max_points"])))
    roots = sum((n["max_points"] for n in tree_nodes if n["parent"] is None), ZERO)
    if fields["total_points"] is not None and roots != fields["total_points"]:
        errors.append(_("The areas add up to {sum} points, not the set's total {total}.").format(
            sum=format_points(roots), total=format_points(fields["total_points"])))
    for node in tree_nodes:
        node["is_leaf"] = node["code"] not in children
        depth, current = 0, node
        while current["parent"] is not None:
            depth, current = depth + 1, by_code[current["parent"]]
        node["depth"] = depth
    for node in nodes:
        node.setdefault("is_leaf", True)
        node.setdefault("depth", 0)
    fields["survey_points"] = sum((n["max_points"] for n in tree_nodes if n["is_leaf"] and n["method"] == Method.SURVEY), ZERO)
    return fields, nodes, errors


def _caps(tree: dict, nodes: list[dict]) -> dict:
    found = {}
    for name, kind in (("bonus_cap", NodeKind.BONUS), ("penalty_cap", NodeKind.PENALTY)):
        value = tree.get(name)
        if value in (None, ""):
            found[name] = sum((n["max_points"] for n in nodes if n["kind"] == kind), ZERO)
        else:
            try:
                found[name] = parse_points(value)
            except PointsError:
                found[name] = None
            if found[name] is None or found[name] < 0:
                raise ValidationError({name: _("The cap “{value}” is not a number.").format(value=str(value)[:40])})
    return found


@transaction.atomic
def criteria_set_from_tree(tree: dict, *, unit, level: str, year: int, actor) -> CriteriaSet:
    """Store the criteria set ``tree`` (the shape ``criteria_import.parse`` returns) as ``unit``'s set for
    ``level`` and ``year``. A set of the same unit, level and year that no unit has scored yet is
    replaced (the province re-issued it); a set already scored is refused. Nothing is written on error.

    Besides the import's keys the tree may carry ``legal_basis``, ``thresholds``, ``bonus_cap``,
    ``penalty_cap``, ``is_demo`` and, per node, ``rule`` (``{"kind", "source", "params"}``).
    """
    unit = _unit_of(unit)
    level = level_of(level)
    year = _check_year(level, year)
    _require(actor, Perm.STEER, unit.pk)
    fields, nodes, errors = _parse_tree(tree)
    if errors:
        raise ValidationError({"nodes": errors})
    fields.update(_caps(tree, nodes))
    thresholds = clean_thresholds(tree["thresholds"]) if tree.get("thresholds") else None
    criteria_set = CriteriaSet.objects.select_for_update().filter(unit=unit, level=level, year=year).first()
    if criteria_set is not None:
        if criteria_set.is_locked or Score.objects.filter(criterion__criteria_set=criteria_set).exists():
            raise ValidationError({"nodes": _("The {year} set of {unit} for this level is already being scored; it cannot be "
                                              "replaced.").format(year=year, unit=unit.name)})
        criteria_set.criteria.filter(parent__isnull=False).delete()
        criteria_set.criteria.all().delete()
    else:
        criteria_set = CriteriaSet(unit=unit, level=level, year=year, created_by=actor)
    for name, value in fields.items():
        setattr(criteria_set, name, value)
    criteria_set.legal_basis = str(tree.get("legal_basis") or criteria_set.legal_basis or "").strip()[:500]
    criteria_set.is_demo = bool(tree.get("is_demo", criteria_set.is_demo))
    if thresholds is not None:
        criteria_set.thresholds = thresholds
    criteria_set.full_clean()
    _save(criteria_set, actor)
    _store_nodes(criteria_set, nodes, actor)
    return criteria_set


def _store_nodes(criteria_set: CriteriaSet, nodes: list[dict], actor) -> None:
    stored: dict[str, Criterion] = {}
    pending = list(enumerate(nodes, 1))
    while pending:  # parents first, whatever the order of the tree
        later = []
        for position, node in pending:
            if node["parent"] is not None and node["parent"] not in stored:
                later.append((position, node))
                continue
            criterion = Criterion(
                criteria_set=criteria_set, parent=stored.get(node["parent"]) if node["parent"] else None,
                kind=node["kind"], code=node["code"], title=node["title"], max_points=node["max_points"],
                method=node["method"], evidence_required=node["evidence_required"], guidance=node["guidance"],
                options=node["options"], position=position, depth=node["depth"], is_leaf=node["is_leaf"],
                rule_kind=node["rule_kind"], rule_source=node["rule_source"], rule_params=node["rule_params"],
            )
            _save(criterion, actor)
            stored[node["code"]] = criterion
        if len(later) == len(pending):  # pragma: no cover - _parse_tree refuses loops and missing parents
            raise ValidationError({"nodes": _("The criteria's parents cannot be resolved.")})
        pending = later


@transaction.atomic
def criteria_set_update(*, criteria_set: CriteriaSet, actor, title: str | None = None, legal_basis: str | None = None,
                        thresholds=None, bonus_cap=None, penalty_cap=None) -> CriteriaSet:
    """Change a set's title, legal basis, classes or caps. Classes stay editable after the set is locked
    (they only read the index); the caps do not."""
    criteria_set = _lock(CriteriaSet, criteria_set.pk)
    _require(actor, Perm.STEER, criteria_set.unit_id)
    if title is not None:
        criteria_set.title = _text(title, "title", 500)
        if not criteria_set.title:
            raise ValidationError({"title": _("Give the set's title.")})
    if legal_basis is not None:
        criteria_set.legal_basis = _text(legal_basis, "legal_basis", 500)
    if thresholds is not None:
        criteria_set.thresholds = clean_thresholds(thresholds)
    for name, value in (("bonus_cap", bonus_cap), ("penalty_cap", penalty_cap)):
        if value is None:
            continue
        cap = _points(value, code=criteria_set.title[:40], field=name)
        if cap is None or cap < 0:
            raise ValidationError({name: _("The cap must be a number of points, 0 or more.")})
        if cap != getattr(criteria_set, name) and criteria_set.is_locked:
            raise ValidationError({name: _("The set is locked: units have submitted against it.")})
        setattr(criteria_set, name, cap)
    criteria_set.full_clean()
    _save(criteria_set, actor)
    return criteria_set


def _shift_dates(params: dict, years: int) -> dict:
    """Rule parameters for the next year: a date rule's dates move by ``years``."""
    shifted = dict(params)
    for key in ("date",):
        day = rules.parse_date(params.get(key)) if key in params else None
        if day is not None:
            try:
                shifted[key] = f"{day.replace(year=day.year + years):%d/%m/%Y}"
            except ValueError:  # 29/02
                shifted[key] = f"{(day + dt.timedelta(days=365 * years)):%d/%m/%Y}"
    return shifted


@transaction.atomic
def criteria_set_copy(*, criteria_set: CriteriaSet, actor, year: int | None = None) -> CriteriaSet:
    """A copy of the set for the next year (or ``year``): same unit, level, points, classes, caps, rules (their
    dates moved by the years between), unlocked."""
    _require(actor, Perm.STEER, criteria_set.unit_id)
    year = _check_year(criteria_set.level, year if year is not None else criteria_set.year + 1)
    if CriteriaSet.objects.filter(unit=criteria_set.unit_id, level=criteria_set.level, year=year).exists():
        raise ValidationError({"year": _("{unit} already has a {year} set for this level.").format(
            unit=criteria_set.unit.name, year=year)})
    years = year - criteria_set.year
    title = re.sub(rf"\b{criteria_set.year}\b", str(year), criteria_set.title)
    if title == criteria_set.title:
        title = f"{criteria_set.title} ({year})"
    copy = CriteriaSet(
        unit=criteria_set.unit, level=criteria_set.level, year=year, title=title[:500], legal_basis=criteria_set.legal_basis,
        total_points=criteria_set.total_points, survey_points=criteria_set.survey_points,
        thresholds=criteria_set.thresholds, bonus_cap=criteria_set.bonus_cap, penalty_cap=criteria_set.penalty_cap,
        is_demo=criteria_set.is_demo, source_set=criteria_set, created_by=actor,
    )
    copy.full_clean()
    _save(copy, actor)
    mapping: dict[int, Criterion] = {}
    for criterion in criteria_set.criteria.order_by("depth", "position", "pk"):
        new = Criterion(
            criteria_set=copy, parent=mapping.get(criterion.parent_id), kind=criterion.kind, code=criterion.code,
            title=criterion.title, max_points=criterion.max_points, method=criterion.method,
            evidence_required=criterion.evidence_required, guidance=criterion.guidance, options=criterion.options,
            position=criterion.position, depth=criterion.depth, is_leaf=criterion.is_leaf, rule_kind=criterion.rule_kind,
            rule_source=criterion.rule_source, rule_params=_shift_dates(criterion.rule_params, years),
        )
        _save(new, actor)
        mapping[criterion.pk] = new
    return copy


@transaction.atomic
def criterion_rule_set(*, criterion: Criterion, kind: str, source: str, params: dict, actor) -> Criterion:
    """Bind ``criterion`` to a suggestion rule (or unbind it with empty kind and source). Rules only suggest:
    they may change until the set is locked."""
    criterion = _lock(Criterion, criterion.pk)
    criteria_set = criterion.criteria_set
    _require(actor, Perm.STEER, criteria_set.unit_id)
    if criteria_set.is_locked:
        raise ValidationError({"kind": _("The set is locked: units have submitted against it.")})
    if not criterion.is_leaf or criterion.kind != NodeKind.CRITERION:
        raise ValidationError({"kind": _("Criterion {code}: only a criterion scored directly takes a rule.").format(
            code=criterion.code)})
    kind, source = (kind or "").strip(), (source or "").strip()
    if bool(kind) != bool(source):
        raise ValidationError({"kind": _("Criterion {code}: choose both the rule and the data it reads.").format(
            code=criterion.code)})
    errors = _rule_errors(criterion.code, kind, source, params, criterion.max_points)
    if errors:
        raise ValidationError({"params": errors})
    criterion.rule_kind, criterion.rule_source = kind, source
    criterion.rule_params = params if kind else {}
    _save(criterion, actor)
    return criterion


# --- campaigns ----------------------------------------------------------------------------------


def deadlines_for(opens_on: dt.date, self_days: int, appraisal_days: int, explanation_days: int, publication_days: int,
                  add=None) -> tuple[dt.date, dt.date, dt.date, dt.date]:
    """Each deadline counts its working days from the previous one (from the opening for the first)."""
    add = add or add_working_days
    self_due = add(opens_on, self_days)
    appraisal_due = add(self_due, appraisal_days)
    explanation_due = add(appraisal_due, explanation_days)
    return self_due, appraisal_due, explanation_due, add(explanation_due, publication_days)


def expected_units(unit: Unit, level: str, year: int) -> list[Unit]:
    """Units of ``level`` below ``unit`` (or merged into a unit below it) that exist at the end of ``year``: a
    unit merged during the year is assessed as its successor."""
    graph = UnitGraph.load()
    reach = graph.reach([unit.pk]) - {unit.pk}
    end = dt.date(year, 12, 31)
    return list(Unit.objects.filter(pk__in=reach, kind__in=LEVEL_KINDS[level]).valid_on(end).order_by("name", "pk"))


def _days(value, field: str) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: _("A number of working days, e.g. 15.")}) from None
    if not 1 <= days <= 250:
        raise ValidationError({field: _("Between 1 and 250 working days.")})
    return days


@transaction.atomic
def campaign_open(*, unit: Unit, criteria_set: CriteriaSet, opens_on: dt.date, self_days: int, appraisal_days: int,
                  explanation_days: int, publication_days: int, actor, title: str = "", survey_conducted: bool = True,
                  units: Iterable[Unit] | None = None) -> AssessmentCampaign:
    """Open ``criteria_set``'s assessment for the units of its level below ``unit``; one assessment each.

    ``units`` narrows the units (each must be one of those expected); by default every expected unit.
    """
    _require(actor, Perm.STEER, unit.pk)
    if criteria_set.unit_id != unit.pk:
        raise ValidationError({"criteria_set": _("Choose a criteria set issued by {unit}.").format(unit=unit.name)})
    if AssessmentCampaign.objects.filter(criteria_set=criteria_set).exists():
        raise ValidationError({"criteria_set": _("An assessment against this set is already open.")})
    if not criteria_set.criteria.filter(is_leaf=True, kind=NodeKind.CRITERION).exists():
        raise ValidationError({"criteria_set": _("The criteria set has no criterion.")})
    days = [_days(value, name) for value, name in ((self_days, "self_days"), (appraisal_days, "appraisal_days"),
                                                    (explanation_days, "explanation_days"), (publication_days, "publication_days"))]
    if opens_on is None:
        raise ValidationError({"opens_on": _("Give the opening date.")})
    expected = expected_units(unit, criteria_set.level, criteria_set.year)
    if units is not None:
        expected_ids = {u.pk for u in expected}
        chosen = list(units)
        outside = [u for u in chosen if u.pk not in expected_ids]
        if outside:
            raise ValidationError({"units": _("{unit} is not a unit of this level under {steering} in {year}.").format(
                unit=outside[0].name, steering=unit.name, year=criteria_set.year)})
        expected = chosen
    if not expected:
        raise ValidationError({"criteria_set": _("No unit of this level under {unit} existed at the end of {year}.").format(
            unit=unit.name, year=criteria_set.year)})
    dues = deadlines_for(opens_on, *days)
    campaign = AssessmentCampaign(
        unit=unit, criteria_set=criteria_set, opens_on=opens_on, self_days=days[0], appraisal_days=days[1],
        explanation_days=days[2], publication_days=days[3], self_due=dues[0], appraisal_due=dues[1],
        explanation_due=dues[2], publication_due=dues[3], survey_conducted=bool(survey_conducted), created_by=actor,
        title=_text(title, "title", 500) or _("PAR INDEX {year}: {level}").format(
            year=criteria_set.year, level=criteria_set.get_level_display()),
    )
    campaign.full_clean()
    _save(campaign, actor)
    for assessed in expected:
        _save(Assessment(campaign=campaign, unit=assessed), actor)
    return campaign


# --- self-assessment ----------------------------------------------------------------------------


def _criterion_in(assessment: Assessment, criterion: Criterion) -> Criterion:
    if criterion.criteria_set_id != assessment.campaign.criteria_set_id:
        raise ValidationError({"criterion": _("This criterion is not part of the assessment's set.")})
    return criterion


def _score_for(assessment: Assessment, criterion: Criterion) -> Score:
    """The score row of the criterion (new, unsaved, when there is none yet), locked."""
    score = Score.objects.select_for_update().filter(assessment=assessment, criterion=criterion).first()
    return score or Score(assessment=assessment, criterion=criterion)


def _check_extra_cap(assessment: Assessment, criterion: Criterion, points: Decimal, attribute: str) -> None:
    """A bonus or penalty claim within its item's maximum and, with the unit's other claims, within the set's cap."""
    if criterion.kind == NodeKind.CRITERION:
        return
    criteria_set = assessment.campaign.criteria_set
    cap = criteria_set.bonus_cap if criterion.kind == NodeKind.BONUS else criteria_set.penalty_cap
    others = Score.objects.filter(assessment=assessment, criterion__kind=criterion.kind).exclude(criterion=criterion)
    total = points
    for score in others:
        value = getattr(score, attribute) if attribute != "appraisal_value" else score.appraisal_value
        total += value or ZERO
    if total > cap:
        what = _("bonus") if criterion.kind == NodeKind.BONUS else _("penalty")
        raise ValidationError({"points": _("Item {code}: the {what} points would total {total}, beyond the set's cap of {cap}.")
                               .format(code=criterion.code, what=what, total=format_points(total), cap=format_points(cap))})


def _check_range(criterion: Criterion, points: Decimal, field: str = "points") -> None:
    if points < 0:
        raise ValidationError({field: _("Criterion {code}: the score cannot be negative.").format(code=criterion.code)})
    if points > criterion.max_points:
        raise ValidationError({field: _("Criterion {code}: {points} is above the maximum of {max} points.").format(
            code=criterion.code, points=format_points(points), max=format_points(criterion.max_points))})


def _self_editable(assessment: Assessment) -> None:
    if assessment.stage != Stage.SELF:
        raise ValidationError({"points": _("The self-assessment was submitted on {date}; it can no longer be changed.").format(
            date=_d(timezone.localdate(assessment.submitted_at)) if assessment.submitted_at else "—")})


@transaction.atomic
def self_score_save(*, assessment: Assessment, criterion: Criterion, actor, points=None, note: str | None = None,
                    accept_suggestion: bool = False, override_reason: str | None = None) -> Score:
    """The focal officer's score of a leaf (or a bonus or penalty claim): points (text as typed, "1,5"
    accepted), a note, and, where a rule suggests a score, acceptance of it or a reason for another score."""
    assessment = _lock(Assessment, assessment.pk)
    _require(actor, Perm.EDIT, assessment.unit_id)
    criterion = _criterion_in(assessment, criterion)
    _self_editable(assessment)
    if not criterion.is_scored_by_unit:
        raise ValidationError({"points": _("Criterion {code} is not scored by the unit.").format(code=criterion.code)})
    score = _score_for(assessment, criterion)
    suggestion = None
    if criterion.has_rule:
        suggestion = selectors.suggestion_for(criterion, assessment)
    if accept_suggestion:
        if suggestion is None or suggestion.points is None:
            raise ValidationError({"points": _("Criterion {code}: there is no suggested score to accept.").format(
                code=criterion.code)})
        value = suggestion.points
    else:
        value = _points(points, code=criterion.code)
    if value is not None:
        _check_range(criterion, value)
        _check_extra_cap(assessment, criterion, value, "self_points")
    reason = _text(override_reason if override_reason is not None else score.override_reason, "override_reason")
    if suggestion is not None and suggestion.points is not None and value is not None:
        score.suggested_points = suggestion.points
        score.suggestion_accepted = value == suggestion.points
        if value != suggestion.points and not reason:
            raise ValidationError({"override_reason": _(
                "Criterion {code}: the score differs from the suggested {suggested} points; give the reason.").format(
                code=criterion.code, suggested=format_points(suggestion.points))})
        score.override_reason = "" if score.suggestion_accepted else reason
    elif value is None:
        score.suggestion_accepted = None
    score.self_points = value
    if note is not None:
        score.self_note = _text(note, "note")
    _save(score, actor)
    return score


def _reachable_records(assessment: Assessment) -> set[int]:
    """Units whose records may serve as the assessed unit's evidence: its subtree and the units merged into it."""
    return UnitGraph.load().reach([assessment.unit_id])


@transaction.atomic
def evidence_add(*, assessment: Assessment, criterion: Criterion, actor, upload=None, plan=None, task_evidence=None,
                 report=None, title: str = "") -> ScoreEvidence:
    """Attach evidence to a score: an uploaded file, or a record the platform holds (the unit's issued plan,
    a task's progress evidence, a submitted report), never uploaded again. During self-assessment, or
    with an explanation in the explanation window."""
    assessment = _lock(Assessment, assessment.pk)
    _require(actor, Perm.EDIT, assessment.unit_id)
    criterion = _criterion_in(assessment, criterion)
    if assessment.stage == Stage.SELF:
        stage = EvidenceStage.SELF
    elif assessment.stage == Stage.EXPLANATION:
        _window_open(assessment)
        stage = EvidenceStage.EXPLANATION
    else:
        raise ValidationError({"file": _("Evidence can be added during self-assessment or in the explanation window only.")})
    if not criterion.is_scored_by_unit:
        raise ValidationError({"file": _("Criterion {code} is not scored by the unit.").format(code=criterion.code)})
    given = [x for x in (upload, plan, task_evidence, report) if x]
    if len(given) != 1:
        raise ValidationError({"file": _("Criterion {code}: upload a file or choose one record.").format(code=criterion.code)})
    reach = _reachable_records(assessment)
    evidence = ScoreEvidence(stage=stage, created_by=actor, title=_text(title, "title", 255))
    if upload:
        try:
            validate_upload(upload, EVIDENCE_POLICY)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from None
        evidence.kind, evidence.file = EvidenceKind.UPLOAD, upload
        evidence.file_name, evidence.file_size = str(upload.name)[:255], upload.size
        evidence.title = evidence.title or str(upload.name)[:255]
    elif plan:
        if plan.unit_id not in reach or plan.issued_on is None:
            raise ValidationError({"plan": _("Choose an issued plan of the unit.")})
        evidence.kind, evidence.plan = EvidenceKind.PLAN, plan
        evidence.title = evidence.title or str(plan)[:255]
    elif task_evidence:
        if task_evidence.unit_id not in reach:
            raise ValidationError({"task_evidence": _("Choose evidence the unit reported.")})
        evidence.kind, evidence.task_evidence = EvidenceKind.TASK_EVIDENCE, task_evidence
        evidence.title = evidence.title or str(task_evidence)[:255]
    else:
        if report.unit_id not in reach or report.first_submitted_at is None:
            raise ValidationError({"report": _("Choose a report the unit submitted.")})
        evidence.kind, evidence.report = EvidenceKind.REPORT, report
        evidence.title = evidence.title or str(report)[:255]
    score = _score_for(assessment, criterion)
    if score.pk is None:
        _save(score, actor)
    evidence.score = score
    evidence.full_clean(exclude=["file"])
    _save(evidence, actor)
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: ScoreEvidence, actor) -> None:
    """Remove evidence added at the current stage (self-assessment, or the explanation window)."""
    assessment = _lock(Assessment, evidence.score.assessment_id)
    _require(actor, Perm.EDIT, assessment.unit_id)
    allowed = (assessment.stage == Stage.SELF and evidence.stage == EvidenceStage.SELF) or (
        assessment.stage == Stage.EXPLANATION and evidence.stage == EvidenceStage.EXPLANATION)
    if not allowed:
        raise ValidationError({"file": _("This evidence can no longer be removed.")})
    evidence._history_user = actor
    evidence.delete()


def submission_problems(assessment: Assessment) -> list[str]:
    """What keeps the assessment from being submitted, by criterion: a leaf without a score, evidence required
    but neither attached nor explained."""
    criteria = list(assessment.campaign.criteria_set.criteria.filter(is_leaf=True).order_by("position", "pk"))
    scores = {s.criterion_id: s for s in Score.objects.filter(assessment=assessment)}
    with_evidence = set(ScoreEvidence.objects.filter(score__assessment=assessment).values_list("score__criterion_id", flat=True))
    problems = []
    for criterion in criteria:
        if not criterion.is_scored_by_unit:
            continue
        score = scores.get(criterion.pk)
        if criterion.kind == NodeKind.CRITERION and (score is None or score.self_points is None):
            problems.append(_("Criterion {code}: no self score.").format(code=criterion.code))
            continue
        claimed = score is not None and (score.self_points or ZERO) > 0
        needs = criterion.evidence_required and (criterion.kind == NodeKind.CRITERION or claimed)
        if needs and criterion.pk not in with_evidence and not (score and score.self_note.strip()):
            problems.append(_("Criterion {code}: evidence is required; attach it or explain in the note why there is none.")
                            .format(code=criterion.code))
    return problems


@transaction.atomic
def assessment_submit(*, assessment: Assessment, actor) -> Assessment:
    """The head of unit submits the self-assessment (chốt điểm tự chấm): the self-scores lock, the set locks."""
    assessment = _lock(Assessment, assessment.pk)
    _require(actor, Perm.APPROVE, assessment.unit_id)
    _self_editable(assessment)
    problems = submission_problems(assessment)
    if problems:
        raise ValidationError({"points": problems})
    now = timezone.now()
    assessment.stage, assessment.submitted_at, assessment.submitted_by = Stage.SUBMITTED, now, actor
    _save(assessment, actor)
    criteria_set = CriteriaSet.objects.select_for_update().get(pk=assessment.campaign.criteria_set_id)
    if criteria_set.locked_at is None:
        criteria_set.locked_at = now
        _save(criteria_set, actor)
    return assessment


# --- appraisal ----------------------------------------------------------------------------------


def _steering(actor, assessment: Assessment) -> None:
    _require(actor, Perm.STEER, assessment.campaign.unit_id, assessment.unit_id)


def _not_published(assessment: Assessment) -> None:
    if assessment.campaign.status == CampaignStatus.PUBLISHED:
        raise ValidationError({"points": _("The results were published; nothing can change.")})


@transaction.atomic
def appraisal_save(*, assessment: Assessment, criterion: Criterion, actor, points=None, comment: str = "",
                   request_explanation: bool | None = None) -> Score:
    """The appraiser's score of a leaf: round 1 while the assessment awaits or is in appraisal, round 2 after the
    explanations. Changing the value in force (the self score in round 1, the round-1 score in round 2)
    needs a comment. In round 1 the appraiser may also ask the unit to explain the item."""
    assessment = _lock(Assessment, assessment.pk)
    _steering(actor, assessment)
    _not_published(assessment)
    criterion = _criterion_in(assessment, criterion)
    if not criterion.is_scored_by_unit:
        raise ValidationError({"points": _("Criterion {code} is not appraised: its points come from the survey.").format(
            code=criterion.code)})
    if assessment.stage in ROUND1_STAGES:
        round_two = False
    elif assessment.stage == Stage.ROUND2:
        round_two = True
    else:
        raise ValidationError({"points": _("The assessment is at the stage “{stage}”: no appraisal now.").format(
            stage=assessment.get_stage_display())})
    score = _score_for(assessment, criterion)
    value = _points(points, code=criterion.code)
    comment = _text(comment, "comment")
    current = (score.appraised_points if score.appraised_points is not None else score.self_points) if round_two \
        else score.self_points
    if value is None:
        value = current if current is not None else None
    if value is None:
        raise ValidationError({"points": _("Criterion {code}: give the appraised score.").format(code=criterion.code)})
    _check_range(criterion, value)
    _check_extra_cap(assessment, criterion, value, "appraisal_value")
    if value != (current if current is not None else ZERO) and not comment:
        raise ValidationError({"comment": _("Criterion {code}: the score changes from {old} to {new}; give the reason in a "
                                            "comment.").format(code=criterion.code, old=format_points(current),
                                                               new=format_points(value))})
    if round_two:
        score.final_points, score.final_comment = value, comment or score.final_comment
    else:
        score.appraised_points, score.appraisal_comment = value, comment or score.appraisal_comment
        if request_explanation is not None:
            score.explanation_requested = bool(request_explanation)
        if assessment.stage == Stage.SUBMITTED:
            assessment.stage = Stage.APPRAISING
            _save(assessment, actor)
    _save(score, actor)
    return score


@transaction.atomic
def preliminary_send(*, assessment: Assessment, actor) -> Assessment:
    """Send the first-round result to the unit: the explanation window opens (until the campaign's date)."""
    assessment = _lock(Assessment, assessment.pk)
    _steering(actor, assessment)
    _not_published(assessment)
    if assessment.stage not in ROUND1_STAGES:
        raise ValidationError({"stage": _("Only an assessment in round 1 of the appraisal can be sent back for explanation.")})
    assessment.stage, assessment.preliminary_at = Stage.EXPLANATION, timezone.now()
    _save(assessment, actor)
    return assessment


def _window_open(assessment: Assessment) -> None:
    due = assessment.campaign.explanation_due
    if timezone.localdate() > due:
        raise ValidationError({"explanation": _("The explanation window closed on {date}.").format(date=_d(due))})


@transaction.atomic
def explanation_save(*, assessment: Assessment, criterion: Criterion, text: str, actor) -> Score:
    """The unit explains an item it contests (or that the appraiser asked about); an empty text withdraws it."""
    assessment = _lock(Assessment, assessment.pk)
    _require(actor, Perm.EDIT, assessment.unit_id)
    criterion = _criterion_in(assessment, criterion)
    if assessment.stage != Stage.EXPLANATION:
        raise ValidationError({"explanation": _("The explanation window is not open for this assessment.")})
    _window_open(assessment)
    if not criterion.is_scored_by_unit:
        raise ValidationError({"explanation": _("Criterion {code} is not scored by the unit.").format(code=criterion.code)})
    score = _score_for(assessment, criterion)
    score.explanation = _text(text, "explanation")
    _save(score, actor)
    return score


@transaction.atomic
def explanations_lock(*, assessment: Assessment, actor) -> Assessment:
    """Close the explanations (chốt điểm giải trình): the head of unit at any time in the window, or the
    appraiser once the window has closed. Round 2 of the appraisal follows."""
    assessment = _lock(Assessment, assessment.pk)
    if assessment.stage != Stage.EXPLANATION:
        raise ValidationError({"stage": _("The explanation window is not open for this assessment.")})
    head = actor is None or user_can(actor, Perm.APPROVE, assessment.unit_id)
    steering = actor is not None and user_can(actor, Perm.STEER, assessment.campaign.unit_id) and user_can(
        actor, Perm.STEER, assessment.unit_id)
    if not head and not steering:
        raise PermissionDenied
    if not head and timezone.localdate() <= assessment.campaign.explanation_due:
        raise ValidationError({"stage": _("The unit may explain until {date}; close the window after it.").format(
            date=_d(assessment.campaign.explanation_due))})
    assessment.stage = Stage.ROUND2
    assessment.explanations_locked_at, assessment.explanations_locked_by = timezone.now(), actor
    _save(assessment, actor)
    return assessment


@transaction.atomic
def appraisal_lock(*, assessment: Assessment, actor) -> Assessment:
    """The appraiser locks the second round (chốt điểm thẩm định): the assessment is final and read-only."""
    assessment = _lock(Assessment, assessment.pk)
    _steering(actor, assessment)
    if assessment.stage != Stage.ROUND2:
        raise ValidationError({"stage": _("Only an assessment in round 2 of the appraisal can be locked.")})
    assessment.stage, assessment.final_at, assessment.final_by = Stage.FINAL, timezone.now(), actor
    _save(assessment, actor)
    return assessment


# --- survey points ------------------------------------------------------------------------------


@transaction.atomic
def survey_points_set(*, assessment: Assessment, criterion: Criterion, points, actor) -> Score:
    """Survey points of a criterion of method survey (or both) for one unit, entered by the steering office."""
    assessment = _lock(Assessment, assessment.pk)
    _steering(actor, assessment)
    _not_published(assessment)
    criterion = _criterion_in(assessment, criterion)
    if not criterion.has_survey:
        raise ValidationError({"points": _("Criterion {code} takes no survey points.").format(code=criterion.code)})
    value = _points(points, code=criterion.code)
    if value is not None:
        _check_range(criterion, value)
    score = _score_for(assessment, criterion)
    score.survey_points = value
    _save(score, actor)
    return score


SURVEY_HEADERS = {"unit": ("mã đơn vị", "đơn vị"), "criterion": ("mã tiêu chí", "tiêu chí"), "points": ("điểm", "điểm điều tra")}


def _column(headers: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in headers]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


@transaction.atomic
def survey_points_import(*, campaign: AssessmentCampaign, upload, actor) -> int:
    """Survey points from an XLSX or CSV table (columns "Mã đơn vị", "Mã tiêu chí", "Điểm"), one row per unit
    and criterion. Each row's unit must be one of the campaign's assessed units and its criterion a survey
    criterion of the set; every refused row is named and nothing is written. Returns the rows stored."""
    from cchc.core.spreadsheets import SpreadsheetError, read_table

    _require(actor, Perm.STEER, campaign.unit_id)
    if campaign.status == CampaignStatus.PUBLISHED:
        raise ValidationError({"file": _("The results were published; nothing can change.")})
    try:
        headers, rows = read_table(upload)
    except SpreadsheetError as error:
        raise ValidationError({"file": str(error)}) from None
    columns = {key: _column(headers, names) for key, names in SURVEY_HEADERS.items()}
    missing = [names[0] for key, names in SURVEY_HEADERS.items() if columns[key] is None]
    if missing:
        raise ValidationError({"file": _("The table needs the columns: {names}.").format(names=", ".join(missing))})
    assessments = {a.unit.code: a for a in campaign.assessments.select_related("unit")}
    criteria = {c.code: c for c in campaign.criteria_set.criteria.all()}
    errors, writes = [], []
    for line, cells in rows:
        def cell(key, cells=cells):
            index = columns[key]
            return "" if index >= len(cells) or cells[index] is None else str(cells[index]).strip()

        assessment = assessments.get(cell("unit"))
        criterion = criteria.get(cell("criterion"))
        if assessment is None:
            errors.append(_("Line {line}: no unit with the code “{code}” in this assessment.").format(line=line, code=cell("unit")[:40]))
            continue
        if criterion is None or not criterion.has_survey:
            errors.append(_("Line {line}: “{code}” is not a survey criterion of the set.").format(line=line, code=cell("criterion")[:40]))
            continue
        try:
            value = parse_points(cell("points"))
        except PointsError:
            value = None
        if value is None or not ZERO <= value <= criterion.max_points:
            errors.append(_("Line {line}: the points “{value}” of criterion {code} are not a number between 0 and {max}.").format(
                line=line, value=cell("points")[:40], code=criterion.code, max=format_points(criterion.max_points)))
            continue
        writes.append((assessment, criterion, value))
    if errors:
        raise ValidationError({"file": errors[:50]})
    if not writes:
        raise ValidationError({"file": _("The table has no row.")})
    for assessment, criterion, value in writes:
        survey_points_set(assessment=assessment, criterion=criterion, points=value, actor=actor)
    return len(writes)


@transaction.atomic
def survey_points_from_data(*, campaign: AssessmentCampaign, actor) -> int:
    """Survey points computed from the platform's data (the survey capability registers
    ``survey_satisfaction_share``): each survey criterion bound to a rule gets the rule's points for every
    unit. A unit without data keeps its points; returns the scores written."""
    _require(actor, Perm.STEER, campaign.unit_id)
    if campaign.status == CampaignStatus.PUBLISHED:
        raise ValidationError({"file": _("The results were published; nothing can change.")})
    criteria = [c for c in campaign.criteria_set.criteria.filter(is_leaf=True) if c.has_survey and c.has_rule]
    if not criteria:
        raise ValidationError({"file": _("No survey criterion of the set is bound to a rule.")})
    written = 0
    for assessment in campaign.assessments.select_related("unit"):
        for criterion, suggestion in zip(criteria, [selectors.suggestion_for(c, assessment) for c in criteria], strict=True):
            if suggestion is not None and suggestion.points is not None:
                survey_points_set(assessment=assessment, criterion=criterion, points=suggestion.points, actor=actor)
                written += 1
    return written


# --- publication --------------------------------------------------------------------------------


@transaction.atomic
def campaign_publish(*, campaign: AssessmentCampaign, decision_number: str, published_on: dt.date, signer_title: str,
                     actor, signer_name: str = "") -> list[Result]:
    """Publish the results (Quyết định công bố): every assessment must be final; each unit's points, index,
    class, rank and change against last year are stored as announced."""
    campaign = _lock(AssessmentCampaign, campaign.pk)
    _require(actor, Perm.STEER, campaign.unit_id)
    if campaign.status == CampaignStatus.PUBLISHED:
        raise ValidationError({"decision_number": _("The results were already published.")})
    errors = {}
    if not (decision_number or "").strip():
        errors["decision_number"] = _("Give the decision's number, e.g. 125/QĐ-UBND.")
    if published_on is None:
        errors["published_on"] = _("Give the decision's date.")
    if not (signer_title or "").strip():
        errors["signer_title"] = _("Give the signer's title, e.g. Chủ tịch.")
    pending = [a.unit.name for a in campaign.assessments.select_related("unit") if a.stage != Stage.FINAL]
    if pending:
        errors["decision_number"] = _("Not final yet: {units}.").format(units=", ".join(pending[:10]))
    if errors:
        raise ValidationError(errors)
    ranking = selectors.campaign_ranking(campaign, details=True)
    results = []
    for row in ranking.rows:
        result = Result(
            campaign=campaign, unit=row.unit, appraised_points=row.result.appraised, survey_points=row.result.survey,
            bonus_points=row.result.bonus, penalty_points=row.result.penalty, max_points=row.result.max_points,
            index=row.result.index, label=row.result.label, rank=row.rank, index_change=row.change.index,
            rank_change=row.change.rank, areas=selectors.areas_json(row.result), lost=selectors.lost_json(row.result),
        )
        _save(result, actor)
        results.append(result)
    campaign.status, campaign.decision_number, campaign.published_on = CampaignStatus.PUBLISHED, decision_number.strip(), published_on
    campaign.signer_title, campaign.signer_name = signer_title.strip(), (signer_name or "").strip()
    campaign.full_clean()
    _save(campaign, actor)
    _portal_set(campaign, published=True, actor=actor)
    return results


def _portal_set(campaign: AssessmentCampaign, *, published: bool, actor) -> int:
    """The announced index of each unit of the campaign on the public portal (``published``) or off it:
    one publication per unit with a public page, in the same transaction
    (``cchc.portal.services.publication_set``)."""
    from cchc.parindex.portal_section import KIND
    from cchc.portal.search import PUBLIC_UNIT_KINDS
    from cchc.portal.services import publication_set

    announced = set(Result.objects.filter(campaign=campaign).values_list("unit_id", flat=True))
    changed = 0
    for assessment in campaign.assessments.select_related("unit").order_by("unit__code", "pk"):
        # divisions have no public page: their index stays within their department
        if assessment.unit_id in announced and assessment.unit.kind in PUBLIC_UNIT_KINDS:
            publication_set(kind=KIND, unit=assessment.unit, year=campaign.criteria_set.year, object_id=assessment.pk,
                            published=published, actor=actor)
            changed += 1
    return changed


@transaction.atomic
def campaign_portal_set(*, campaign: AssessmentCampaign, published: bool, actor) -> int:
    """The steering office withdraws the announced results from the public portal, or publishes them there
    again; the announcement itself stands. The number of units concerned."""
    campaign = _lock(AssessmentCampaign, campaign.pk)
    _require(actor, Perm.STEER, campaign.unit_id)
    if campaign.status != CampaignStatus.PUBLISHED:
        raise ValidationError({"action": _("The results are not announced yet: publish them with the decision first.")})
    return _portal_set(campaign, published=published, actor=actor)
