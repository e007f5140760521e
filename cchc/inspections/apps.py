from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionsConfig(AppConfig):
    name = "cchc.inspections"
    label = "inspections"
    verbose_name = _("Inspections")
    nav = [(_("Inspections"), "inspections:list")]

    def ready(self) -> None:
        from cchc.calendar import changes
        from cchc.core import todo
        from cchc.documents import pdf_exports
        from cchc.indicators import sources
        from cchc.inspections import calendar_sources, metrics, pdf_sources, todos

        changes.register(calendar_sources.SOURCE)
        for pdf_source in pdf_sources.SOURCES:
            pdf_exports.register(pdf_source)
        for source in metrics.SOURCES:
            sources.register(source)
        todo.register("inspections", todos.items_for)
