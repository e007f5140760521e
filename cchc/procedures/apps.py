from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "cchc.procedures"
    label = "procedures"
    verbose_name = _("Procedures")
    nav = [(_("Procedures"), "procedures:procedure_list")]

    def ready(self) -> None:
        from cchc.calendar import changes
        from cchc.procedures import calendar_sources

        changes.register(calendar_sources.SOURCE)
