from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "cchc.petitions"
    label = "petitions"
    verbose_name = _("Petitions")
    nav = [(_("Petitions"), "petitions:list")]

    def ready(self) -> None:
        from cchc.calendar import changes
        from cchc.core import todo
        from cchc.petitions import calendar_sources, metrics
        from cchc.petitions.todo import todo_items

        changes.register(calendar_sources.SOURCE)
        metrics.register()
        todo.register("petitions", todo_items)
