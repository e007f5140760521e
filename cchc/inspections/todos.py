""""Việc cần làm" of the inspections app (``cchc.core.todo``): overdue recommendations the user's units must carry out,
and recommendations reported done that the user's inspecting units have still to close. Each count links to the
recommendations list filtered to exactly those rows."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cchc.core import todo
from cchc.inspections import selectors
from cchc.inspections.choices import ItemState
from cchc.units.roles import Perm
from cchc.units.scoping import visible_unit_ids


def _url(side: str, state: str) -> str:
    return f"{reverse('inspections:items')}?{urlencode({'side': side, 'state': state})}"


def items_for(user) -> list[todo.Item]:
    if not getattr(user, "is_authenticated", False):
        return []
    today = timezone.localdate()
    found = []
    if visible_unit_ids(user, Perm.UPDATE_PROGRESS):
        overdue = selectors.item_list(user, side="assigned", state=ItemState.OVERDUE, today=today)
        found.append(todo.Item(_("Overdue inspection recommendations to carry out"), len(overdue),
                               _url("assigned", ItemState.OVERDUE), urgent=True, group="inspections", order=40))
    if visible_unit_ids(user, Perm.EDIT):
        awaiting = selectors.item_list(user, side="issued", state=ItemState.AWAITING, today=today)
        found.append(todo.Item(_("Inspection recommendations reported done, to close"), len(awaiting),
                               _url("issued", ItemState.AWAITING), group="inspections", order=41))
    return found
