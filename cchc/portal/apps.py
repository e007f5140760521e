from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "cchc.portal"
    label = "portal"
    verbose_name = _("Public portal")
    nav = [(_("Publication"), "publishing:list")]

    def ready(self) -> None:
        from cchc.core import todo
        from cchc.portal import plan_section, report_section, scorecard_section, sections, signals, todos

        for module in (plan_section, scorecard_section, report_section):
            sections.register(module.SECTION)
            sections.register_kind(module.PUBLICATION_KIND)
        signals.connect()
        todo.register("portal", todos.provider)
