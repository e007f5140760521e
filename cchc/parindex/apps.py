from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParIndexConfig(AppConfig):
    name = "cchc.parindex"
    label = "parindex"
    verbose_name = _("PAR INDEX")
    nav = [(_("PAR INDEX"), "parindex:home")]

    def ready(self) -> None:
        from cchc.calendar import changes
        from cchc.core import todo
        from cchc.documents import pdf_exports
        from cchc.parindex import calendar_sources, pdf_sources, portal_section, selectors
        from cchc.portal import sections

        changes.register(calendar_sources.SOURCE)
        pdf_exports.register(pdf_sources.SOURCE)
        sections.register(portal_section.SECTION)
        sections.register_kind(portal_section.PUBLICATION_KIND)
        todo.register("parindex", selectors.todo_items)
