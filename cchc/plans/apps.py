from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "cchc.plans"
    label = "plans"
    verbose_name = _("Plans")
    nav = [(_("Plans"), "plans:list"), (_("My tasks"), "plans:my_tasks")]

    def ready(self) -> None:
        from cchc.calendar import changes
        from cchc.core import home, todo
        from cchc.plans import calendar_sources
        from cchc.plans import home as plans_home

        changes.register(calendar_sources.SOURCE)
        todo.register("plans", plans_home.todo_items)
        home.register_panel("plans", plans_home.panel)
