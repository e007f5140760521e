""""Việc cần làm" of the plans app for the home page (``cchc.core.todo``): the user's overdue tasks,
tasks due within five working days, coordinators' progress awaiting the lead's review and, for a
head of unit, draft plans awaiting approval. Each count is the length of the list its link opens."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import home, todo
from cchc.plans import selectors
from cchc.plans.deadlines import DUE_SOON_DAYS
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import visible_unit_ids


def todo_items(user) -> list[todo.Item]:
    today = timezone.localdate()
    found = []
    if visible_unit_ids(user, Perm.UPDATE_PROGRESS):
        my_tasks = reverse("plans:my_tasks")
        found += [
            todo.Item(_("My overdue tasks"), len(selectors.my_task_list(user, today=today, show="overdue")),
                      f"{my_tasks}?show=overdue", urgent=True, group="tasks", order=10),
            todo.Item(_("Tasks due within {n} working days").format(n=DUE_SOON_DAYS),
                      len(selectors.my_task_list(user, today=today, show="due_soon")), f"{my_tasks}?show=due_soon",
                      group="tasks", order=11),
            todo.Item(_("Coordinators' progress awaiting my review"),
                      len(selectors.my_task_list(user, today=today, show="review")), f"{my_tasks}?show=review",
                      group="tasks", order=12),
        ]
    if visible_unit_ids(user, Perm.APPROVE):
        found.append(todo.Item(_("Draft plans awaiting my approval"), selectors.plans_awaiting_approval(user).count(),
                               reverse("plans:list") + "?awaiting=approval", group="plans", order=30))
    return found


def panel(request) -> home.Panel | None:
    """The chart of the current unit's task completion by reform area this year, and its targets
    (indicators against the plan's targets) with their measured values."""
    unit_id = getattr(request, "current_unit_id", None)
    if unit_id is None:
        return None
    unit = Unit.objects.filter(pk=unit_id).first()
    if unit is None:
        return None
    year = timezone.localdate().year
    areas = selectors.unit_task_completion(request.user, unit=unit, year=year)
    plan, targets = selectors.unit_targets(request.user, unit=unit, year=year)
    chart = {"labels": [a.name for a in areas], "done": [a.done for a in areas], "open": [a.total - a.done for a in areas],
             "done_label": _("Completed"), "open_label": _("Not completed yet")}
    return home.Panel("plans/_home_panel.html", {"unit": unit, "year": year, "areas": areas, "chart": chart, "plan": plan,
                                                  "targets": targets}, order=10)
