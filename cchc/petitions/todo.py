""""Việc cần làm" of the petitions app (``cchc.core.todo``): each count links to the list holding exactly those rows."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import todo
from cchc.petitions import selectors
from cchc.units.scoping import visible_unit_ids


def todo_items(user) -> list[todo.Item]:
    today = timezone.localdate()
    labels = {
        "classify": _("Petitions to classify"),
        "answer": _("Petitions to answer"),
        "approve": _("Petition answers to approve"),
        "publish": _("Petition answers to publish"),
        "overdue": _("Overdue petitions"),
    }
    items = []
    for order, (which, perm) in enumerate(selectors.TODO_FILTERS.items()):
        if not visible_unit_ids(user, perm):
            continue
        count = selectors.todo_rows(user, which, today).count()
        items.append(todo.Item(label=labels[which], count=count, url=f"{reverse('petitions:list')}?todo={which}",
                               urgent=which == "overdue" and count > 0, group="petitions", order=60 + order))
    return items
