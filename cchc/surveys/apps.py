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
        from cchc.surveys import metrics, selectors

        for source in metrics.SOURCES:
            sources.register(source)
        todo.register("surveys", selectors.todo_items)
