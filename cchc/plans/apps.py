from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "cchc.plans"
    label = "plans"
    verbose_name = _("Plans")
    nav = [(_("Plans"), "plans:list"), (_("My tasks"), "plans:my_tasks")]

    def ready(self) -> None:
        from cchc.calendar import changes
        from cchc.plans import calendar_sources

        changes.register(calendar_sources.SOURCE)
