from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "cchc.plans"
    label = "plans"
    verbose_name = _("Plans")
    nav = [(_("Plans"), "plans:list"), (_("My tasks"), "plans:my_tasks")]
