from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "cchc.reporting"
    label = "reporting"
    verbose_name = _("Reporting")
    nav = [(_("My reports"), "reporting:my_reports"), (_("Reporting calendars"), "reporting:calendar_list")]

    def ready(self) -> None:
        from cchc.calendar import changes
        from cchc.core import todo
        from cchc.reporting import calendar_sources
        from cchc.reporting import home as reporting_home

        changes.register(calendar_sources.SOURCE)
        todo.register("reporting", reporting_home.todo_items)
