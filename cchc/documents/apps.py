from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "cchc.documents"
    label = "documents"
    verbose_name = _("Documents")
    nav = [(_("Plan imports"), "documents:import_list")]

    def ready(self) -> None:
        from cchc.documents import pdf_exports

        pdf_exports.register_plan()
