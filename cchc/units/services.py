"""Writes over units and memberships. Each service validates, writes in one transaction and
leaves the audit trail (django-simple-history) to record who did it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.units.models import ChangeKind, Membership, SplitAssignment, SplitRecordKind, Unit, UnitChange
from cchc.units.roles import Perm
from cchc.units.scoping import UnitGraph, clear_cache, may_grant_on, user_can

#: why a grant was refused to someone who manages members on the unit but lacks the role's permissions there
GRANT_REFUSED = gettext_lazy(
    "You may not grant this role on this unit: you do not hold every permission of this role here."
)


def _d(value: dt.date) -> str:
    return f"{value:%d/%m/%Y}"


def _check_within_parent(*, parent: Unit | None, valid_from: dt.date, valid_to: dt.date | None) -> None:
    if parent is None:
        return
    if valid_from < parent.valid_from:
        raise ValidationError(
            {"valid_from": _("The unit cannot start before its parent unit ({date}).").format(date=_d(parent.valid_from))}
        )
    if parent.valid_to and (valid_to is None or valid_to > parent.valid_to):
        raise ValidationError(
            {"parent": _("The parent unit closed on {date}; choose a unit that is still active.").format(date=_d(parent.valid_to))}
        )


def _check_code_free(*, code: str, valid_from: dt.date, valid_to: dt.date | None, exclude: int | None = None) -> None:
    clash = Unit.objects.filter(code=code).overlapping(valid_from, valid_to or dt.date.max)
    if exclude:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"code": _("Another unit uses code {code} in the same period.").format(code=code)})


@transaction.atomic
def unit_create(
    *,
    name: str,
    code: str,
    kind: str,
    parent: Unit | None,
    valid_from: dt.date,
    short_name: str = "",
    valid_to: dt.date | None = None,
    is_demo: bool = False,
    actor=None,
) -> Unit:
    """Create a unit under ``parent`` valid from ``valid_from``."""
    unit = Unit(
        name=name.strip(),
        code=code.strip(),
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        short_name=short_name.strip(),
        is_demo=is_demo,
    )
    unit.full_clean(validate_constraints=False)
    if valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end date is before the start date.")})
    _check_within_parent(parent=parent, valid_from=valid_from, valid_to=valid_to)
    _check_code_free(code=unit.code, valid_from=valid_from, valid_to=valid_to)
    unit._history_user = actor
    unit.save()
    return unit


def _check_can_close(*, unit: Unit, last_day: dt.date, closing: set[int]) -> None:
    if last_day < unit.valid_from:
        raise ValidationError(
            {"effective": _("{unit} only started on {date}.").format(unit=unit.name, date=_d(unit.valid_from))}
        )
    if unit.valid_to is not None and unit.valid_to < last_day:
        raise ValidationError(
            {"sources": _("{unit} already ceased on {date}.").format(unit=unit.name, date=_d(unit.valid_to))}
        )
    open_children = [
        child.name
        for child in Unit.objects.filter(parent=unit).exclude(pk__in=closing)
        if child.valid_to is None or child.valid_to > last_day
    ]
    if open_children:
        raise ValidationError(
            {
                "sources": _("{unit} still has active units below it ({children}); reorganise them first.").format(
                    unit=unit.name, children=", ".join(open_children[:5])
                )
            }
        )


def _close(unit: Unit, last_day: dt.date, actor) -> None:
    unit.valid_to = last_day
    unit._history_user = actor
    unit.save(update_fields=["valid_to"])


def _record_change(*, kind: str, effective: dt.date, decision: str, note: str, before, after, actor) -> UnitChange:
    change = UnitChange(kind=kind, effective=effective, decision=decision.strip(), note=note, created_by=actor)
    change.full_clean()
    change._history_user = actor
    change.save()
    change.predecessors.set(before)
    change.successors.set(after)
    if actor is not None:
        clear_cache(actor)
    return change


def _require_decision(decision: str) -> None:
    if not decision or not decision.strip():
        raise ValidationError({"decision": _("Give the legal decision that ordered the change.")})


@transaction.atomic
def unit_merge(
    *,
    sources: Sequence[Unit],
    effective: dt.date,
    decision: str,
    into: Unit | None = None,
    new_unit: dict | None = None,
    note: str = "",
    actor=None,
) -> UnitChange:
    """Merge ``sources`` into an existing unit (``into``) or a new one (``new_unit`` fields).

    Sources close the day before ``effective``; history is never rewritten, so their plans,
    reports and figures stay theirs and roll up to the successor as a view.
    """
    _require_decision(decision)
    sources = list({s.pk: s for s in sources}.values())
    if not sources:
        raise ValidationError({"sources": _("Choose at least one unit to merge.")})
    if (into is None) == (new_unit is None):
        raise ValidationError({"into": _("Merge either into an existing unit or into a new unit, not both.")})
    last_day = effective - dt.timedelta(days=1)
    source_ids = {s.pk for s in sources}
    for source in sources:
        source.refresh_from_db()
        _check_can_close(unit=source, last_day=last_day, closing=source_ids)
    if into is not None:
        if into.pk in source_ids:
            raise ValidationError({"into": _("A unit cannot be merged into itself.")})
        if not into.is_valid_on(effective):
            raise ValidationError(
                {"into": _("{unit} is not active on {date}.").format(unit=into.name, date=_d(effective))}
            )
        target = into
    else:
        target = unit_create(**{**new_unit, "valid_from": effective, "actor": actor})
    for source in sources:
        _close(source, last_day, actor)
    return _record_change(
        kind=ChangeKind.MERGE, effective=effective, decision=decision, note=note, before=sources, after=[target], actor=actor
    )


@transaction.atomic
def unit_split(
    *,
    source: Unit,
    new_units: Sequence[dict],
    effective: dt.date,
    decision: str,
    note: str = "",
    default: int | None = None,
    actor=None,
) -> UnitChange:
    """Close ``source`` and create the units it is split into.

    ``default`` is the position in ``new_units`` of the unit that takes every dossier, task and
    report of ``source`` that the mapping does not name; the mapping itself is confirmed with
    ``unit_split_divide`` (until then, only the records it names go to a new unit).
    """
    _require_decision(decision)
    if len(new_units) < 2:
        raise ValidationError({"new_units": _("A split needs at least two new units.")})
    if default is not None and not 0 <= default < len(new_units):
        raise ValidationError({"default_successor": _("Choose the default successor among the new units.")})
    source.refresh_from_db()
    last_day = effective - dt.timedelta(days=1)
    _check_can_close(unit=source, last_day=last_day, closing={source.pk})
    created = [unit_create(**{**fields, "valid_from": effective, "actor": actor}) for fields in new_units]
    _close(source, last_day, actor)
    change = _record_change(
        kind=ChangeKind.SPLIT, effective=effective, decision=decision, note=note, before=[source], after=created, actor=actor
    )
    if default is not None:
        change.default_successor = created[default]
        change.save(update_fields=["default_successor"])
    return change


#: the model holding each kind of record a split divides, and how it names its unit
_SPLIT_RECORDS = {
    SplitRecordKind.DOSSIER: ("procedures.Dossier", "unit_id", "code"),
    SplitRecordKind.TASK: ("plans.Task", "plan__unit_id", "number"),
    SplitRecordKind.REPORT: ("reporting.Report", "unit_id", "number"),
}


def split_records(*, change: UnitChange) -> dict[str, dict[int, tuple]]:
    """Every dossier, plan task and report a split divides (its old unit's whole data), by kind and id.

    Dossiers come with (code, procedure id, field, procedure code); tasks and reports with their label. The apps
    owning them sit above this one and are reached through the app registry.
    """
    graph = UnitGraph.load()
    units = set().union(*(graph.reach([p.pk]) for p in change.predecessors.all()))
    result: dict[str, dict[int, tuple]] = {}
    for kind, (model_name, unit_path, label) in _SPLIT_RECORDS.items():
        model = apps.get_model(model_name)
        rows = model.objects.filter(**{f"{unit_path}__in": units}).order_by("pk")
        if kind == SplitRecordKind.DOSSIER:
            values = rows.values_list("pk", label, "procedure_id", "procedure__sector", "procedure__code")
        else:
            values = rows.values_list("pk", label)
        result[kind] = {row[0]: row[1:] for row in values}
    return result


@transaction.atomic
def unit_split_divide(
    *, change: UnitChange, assignments: Sequence[dict], default_successor: Unit | None, actor=None
) -> list[SplitAssignment]:
    """Confirm how a split divides its old unit's data, replacing any earlier mapping.

    Each row of ``assignments`` is ``{"kind": …, "record": …, "successor": Unit}``: ``record`` is the
    id of a dossier, plan task or report, the id of a procedure (every dossier of it) or a field's
    name (every dossier of that field). A dossier goes by its own row, then its procedure's, then its
    field's, then to ``default_successor``. Refused, with nothing written, when a row names a unit the
    split did not create, a record outside the old unit's data, or a record already named; or when,
    without a default, some record is left without a new unit.
    """
    if change.kind != ChangeKind.SPLIT:
        raise ValidationError({"change": _("Only a split divides its data among new units.")})
    successors = {u.pk: u for u in change.successors.all()}
    if default_successor is not None and default_successor.pk not in successors:
        raise ValidationError(
            {"default_successor": _("{unit} is not one of the units this split creates.").format(unit=default_successor.name)}
        )
    records = split_records(change=change)
    procedures = {row[1] for row in records[SplitRecordKind.DOSSIER].values()}
    labels = dict(SplitRecordKind.choices)
    seen: dict[tuple[str, object], int] = {}
    rows = []
    for index, item in enumerate(assignments, start=1):
        number = item.get("row", index)
        kind, record, successor = item.get("kind"), item.get("record"), item.get("successor")
        if kind not in labels:
            raise ValidationError({"assignments": _("Row {row}: unknown kind of record.").format(row=number)})
        if successor is None or successor.pk not in successors:
            name = successor.name if successor is not None else "—"
            raise ValidationError(
                {"assignments": _("Row {row}: {unit} is not one of the units this split creates.").format(row=number, unit=name)}
            )
        if kind == SplitRecordKind.SECTOR:
            record = str(record or "").strip()
            known = record in {row[2] for row in records[SplitRecordKind.DOSSIER].values()}
        elif kind == SplitRecordKind.PROCEDURE:
            known = record in procedures
        else:
            known = record in records[kind]
        if not known:
            raise ValidationError(
                {"assignments": _("Row {row}: {kind} {record} is not part of the data of the unit being split.").format(
                    row=number, kind=labels[kind], record=record)}
            )
        if (kind, record) in seen:
            raise ValidationError(
                {"assignments": _("Row {row}: {kind} {record} is already assigned on row {first}.").format(
                    row=number, kind=labels[kind], record=_record_label(records, kind, record), first=seen[(kind, record)])}
            )
        seen[(kind, record)] = number
        rows.append(
            SplitAssignment(
                change=change,
                kind=kind,
                record_id=None if kind == SplitRecordKind.SECTOR else record,
                key=record if kind == SplitRecordKind.SECTOR else "",
                successor=successor,
                created_by=actor,
            )
        )
    if default_successor is None:
        named = {kind: {record for (k, record) in seen if k == kind} for kind in labels}
        for kind in (SplitRecordKind.DOSSIER, SplitRecordKind.TASK, SplitRecordKind.REPORT):
            for pk, row in records[kind].items():
                covered = pk in named[kind] or (
                    kind == SplitRecordKind.DOSSIER
                    and (row[1] in named[SplitRecordKind.PROCEDURE] or row[2] in named[SplitRecordKind.SECTOR])
                )
                if not covered:
                    raise ValidationError(
                        {"default_successor": _(
                            "{kind} {record} goes to no new unit: assign it or choose a default successor."
                        ).format(kind=labels[kind], record=_record_label(records, kind, pk))}
                    )
    change.assignments.all().delete()
    SplitAssignment.objects.bulk_create(rows)
    change.default_successor = default_successor
    change._history_user = actor
    change.save(update_fields=["default_successor"])
    return list(change.assignments.order_by("pk"))


def split_mapping_rows(*, change: UnitChange, lines: Sequence[tuple[int, str, str, Unit]]) -> list[dict]:
    """Turn mapping lines as written (line number, kind, record, new unit) into ``unit_split_divide`` rows.

    A dossier is written by its code, a procedure by its code, a field by its name, a task or a report
    by its number (id). Raises a ValidationError naming the line of a record the old unit's data lacks.
    """
    records = split_records(change=change)
    dossiers = {row[0]: pk for pk, row in records[SplitRecordKind.DOSSIER].items()}
    procedures = {row[3]: row[1] for row in records[SplitRecordKind.DOSSIER].values()}
    labels = dict(SplitRecordKind.choices)
    rows = []
    for number, kind, written, successor in lines:
        if kind == SplitRecordKind.DOSSIER:
            record = dossiers.get(written)
        elif kind == SplitRecordKind.PROCEDURE:
            record = procedures.get(written)
        elif kind == SplitRecordKind.SECTOR:
            record = written
        else:
            record = int(written) if written.isdigit() and int(written) in records[kind] else None
        if record is None:
            raise ValidationError(
                {"mapping": _("Row {row}: {kind} {record} is not part of the data of the unit being split.").format(
                    row=number, kind=labels[kind], record=written)}
            )
        rows.append({"row": number, "kind": kind, "record": record, "successor": successor})
    return rows


def _record_label(records: dict, kind: str, record) -> str:
    row = records.get(kind, {}).get(record)
    return str(row[0]) if row and row[0] else str(record)


@transaction.atomic
def unit_rename(
    *, unit: Unit, name: str, effective: dt.date, decision: str, code: str | None = None, short_name: str = "", actor=None
) -> UnitChange:
    """Close ``unit`` and open a unit with the new name (and code) that carries on its data.

    Units below the renamed one move to the new unit from the same day.
    """
    _require_decision(decision)
    return _successor_version(
        kind=ChangeKind.RENAME,
        unit=unit,
        fields={"name": name, "code": code or unit.code, "short_name": short_name or unit.short_name, "parent": unit.parent},
        effective=effective,
        decision=decision,
        actor=actor,
    )


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit, effective: dt.date, decision: str, actor=None) -> UnitChange:
    """Close ``unit`` and open the same unit under ``new_parent`` from ``effective``."""
    _require_decision(decision)
    graph = UnitGraph.load()
    if new_parent.pk == unit.pk or new_parent.pk in graph.descendants(unit.pk):
        raise ValidationError({"new_parent": _("A unit cannot be placed below itself or one of its own units.")})
    return _successor_version(
        kind=ChangeKind.MOVE,
        unit=unit,
        fields={"name": unit.name, "code": unit.code, "short_name": unit.short_name, "parent": new_parent},
        effective=effective,
        decision=decision,
        actor=actor,
    )


def _successor_version(*, kind: str, unit: Unit, fields: dict, effective: dt.date, decision: str, actor) -> UnitChange:
    unit.refresh_from_db()
    last_day = effective - dt.timedelta(days=1)
    if not (unit.valid_from < effective and unit.is_valid_on(effective)):
        raise ValidationError({"effective": _("{unit} is not active on {date}.").format(unit=unit.name, date=_d(effective))})
    children = list(Unit.objects.filter(parent=unit).valid_on(effective))
    # The new version takes the old code from ``effective``: close the old one first.
    _close(unit, last_day, actor)
    successor = unit_create(**fields, kind=unit.kind, valid_from=effective, is_demo=unit.is_demo, actor=actor)
    for child in children:
        _successor_version(
            kind=ChangeKind.MOVE,
            unit=child,
            fields={"name": child.name, "code": child.code, "short_name": child.short_name, "parent": successor},
            effective=effective,
            decision=decision,
            actor=actor,
        )
    return _record_change(kind=kind, effective=effective, decision=decision, note="", before=[unit], after=[successor], actor=actor)


def _check_may_grant(*, actor, unit: Unit, role: str) -> None:
    if actor is None:
        return
    if not user_can(actor, Perm.MANAGE_MEMBERS, unit):
        raise PermissionDenied
    if not may_grant_on(actor, role, unit):
        raise ValidationError({"role": GRANT_REFUSED})


@transaction.atomic
def membership_create(
    *, user, unit: Unit, role: str, valid_from: dt.date, valid_to: dt.date | None = None, title: str = "", actor=None
) -> Membership:
    """Grant ``role`` on ``unit`` to ``user`` for a period inside the unit's validity.

    ``actor`` (None only for seeds and system commands) must manage members on ``unit`` and hold
    every permission of ``role`` there (``scoping.may_grant_on``), himself as grantee included.
    """
    _check_may_grant(actor=actor, unit=unit, role=role)
    membership = Membership(user=user, unit=unit, role=role, valid_from=valid_from, valid_to=valid_to, title=title.strip())
    membership.full_clean(validate_constraints=False)
    if valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The end date is before the start date.")})
    if valid_from < unit.valid_from:
        raise ValidationError(
            {"valid_from": _("{unit} only exists from {date}.").format(unit=unit.name, date=_d(unit.valid_from))}
        )
    if unit.valid_to and (valid_to is None or valid_to > unit.valid_to):
        raise ValidationError(
            {"valid_to": _("{unit} ceased on {date}; the membership must end by then.").format(unit=unit.name, date=_d(unit.valid_to))}
        )
    overlap = Membership.objects.filter(user=user, unit=unit, role=role).filter(valid_from__lte=valid_to or dt.date.max)
    overlap = [m for m in overlap if m.valid_to is None or m.valid_to >= valid_from]
    if overlap:
        raise ValidationError({"role": _("This person already holds this role on this unit in the period.")})
    membership._history_user = actor
    membership.save()
    clear_cache(user)
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, valid_to: dt.date, actor=None) -> Membership:
    """End a membership on ``valid_to`` (kept for the record, never deleted).

    Ending needs the same right as granting: ``actor`` may end only a role he could grant there.
    """
    if actor is not None and not may_grant_on(actor, membership.role, membership.unit):
        raise PermissionDenied
    if valid_to < membership.valid_from:
        raise ValidationError({"valid_to": _("The end date is before the start date.")})
    membership.valid_to = valid_to
    membership._history_user = actor
    membership.save(update_fields=["valid_to"])
    clear_cache(membership.user)
    return membership
