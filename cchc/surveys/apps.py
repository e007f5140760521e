from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "cchc.surveys"
    label = "surveys"
    verbose_name = _("Surveys")
    nav = [(_("Surveys"), "surveys:campaigns")]

    def ready(self) -> None:
        from cchc.core import todo
        from cchc.indicators import sources
        from cchc.portal import sections
        from cchc.surveys import metrics, portal_section, selectors

        sections.register(portal_section.SECTION)
        sections.register_kind(portal_section.PUBLICATION_KIND)
        for source in metrics.SOURCES:
            sources.register(source)
        todo.register("surveys", selectors.todo_items)
