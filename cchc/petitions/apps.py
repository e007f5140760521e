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
        from cchc.petitions import calendar_sources, metrics, portal_section
        from cchc.petitions.todo import todo_items
        from cchc.portal import sections

        changes.register(calendar_sources.SOURCE)
        sections.register(portal_section.SECTION)
        sections.register_kind(portal_section.PUBLICATION_KIND)
        metrics.register()
        todo.register("petitions", todo_items)
