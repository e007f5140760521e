from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "cchc.reporting"
    label = "reporting"
    verbose_name = _("Reporting")
    nav = [(_("My reports"), "reporting:my_reports"), (_("Reporting calendars"), "reporting:calendar_list")]

    def ready(self) -> None:
        from cchc.calendar import changes
        from cchc.reporting import calendar_sources

        changes.register(calendar_sources.SOURCE)
