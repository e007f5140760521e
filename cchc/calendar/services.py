"""Changes to the working-day calendar: previewed, refused when they move a submitted report, then saved.

The rows are ``procedures.CalendarAdjustment`` (see ``cchc.calendar.api`` for why the table stays
there). Every change goes through :func:`calendar_adjustment_save` or
:func:`calendar_adjustment_delete`:

1. the calendar before and after the change is built from the rows;
2. every app says which of its open deadlines move (:mod:`cchc.calendar.changes`);
3. if one of them is a submitted report's deadline, the change is refused (``ValidationError`` on
   ``day``, nothing written): a report's lateness was judged against the deadline it was sent for;
4. otherwise the row is saved and the stored report deadlines are re-stored. Plan-task due dates
   move by themselves (computed on read). Open dossiers keep the due date stored on reception with
   the rule that produced it; dossiers received from the row's ``effective_from`` on use the change.

The page shows :func:`calendar_change_preview` first and asks for a confirmation when anything moves.
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.calendar import api, changes


def _model():
    return apps.get_model("procedures", "CalendarAdjustment")


def _rows_with(adjustment=None, *, removing=None) -> tuple[tuple, tuple]:
    """``(before, after)`` rows ``(day, kind, effective_from)`` for saving ``adjustment`` or removing ``removing``."""
    current = list(_model().objects.order_by("pk").values_list("pk", "day", "kind", "effective_from"))
    before = tuple(row[1:] for row in current)
    changed_pk = (adjustment.pk if adjustment is not None else None) or (removing.pk if removing is not None else None)
    after = [row[1:] for row in current if row[0] is None or row[0] != changed_pk]
    if adjustment is not None:
        after.append((adjustment.day, adjustment.kind, adjustment.effective_from))
    return before, tuple(after)


def calendar_change_preview(*, adjustment=None, removing=None) -> changes.ChangePreview:
    """Which open deadlines saving ``adjustment`` (new or edited) or deleting ``removing`` would move."""
    before, after = _rows_with(adjustment, removing=removing)
    effective = (adjustment or removing).effective_from if (adjustment or removing) is not None else None
    return changes.preview(api.calendar_from_rows(before), api.calendar_from_rows(after), effective_from=effective)


def refusal_message(preview: changes.ChangePreview) -> str:
    reports = "; ".join(
        _("{label}: {old} → {new}").format(label=m.label, old=f"{m.old:%d/%m/%Y}", new=f"{m.new:%d/%m/%Y}")
        for m in preview.locked
    )
    return _(
        "Day: this change would move the deadline of reports already submitted ({reports}); nothing was saved."
    ).format(reports=reports)


def _refuse_locked(preview: changes.ChangePreview) -> None:
    if preview.locked:
        raise ValidationError({"day": refusal_message(preview)})


@transaction.atomic
def calendar_adjustment_save(*, adjustment, actor):
    """Record or correct an announced day off or working day (see the module docstring)."""
    adjustment.full_clean()
    preview = calendar_change_preview(adjustment=adjustment)
    _refuse_locked(preview)
    adjustment._history_user = actor
    adjustment.save()
    api.forget()
    changes.apply(preview, api.current_calendar())
    return adjustment


@transaction.atomic
def calendar_adjustment_delete(*, adjustment, actor) -> None:
    """Remove an adjustment; refused like a save when it would move a submitted report's deadline."""
    preview = calendar_change_preview(removing=adjustment)
    _refuse_locked(preview)
    adjustment._history_user = actor
    adjustment.delete()
    api.forget()
    changes.apply(preview, api.current_calendar())
