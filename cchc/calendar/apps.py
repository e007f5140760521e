from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    """The working-day calendar and the reporting periods: imported by every app, importing none."""

    name = "cchc.calendar"
    label = "workcalendar"
    verbose_name = _("Working-day calendar")
