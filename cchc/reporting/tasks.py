"""Background work of the reporting cycle (Huey). Tasks take ids and call one service."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from cchc.reporting import services
from cchc.reporting.models import ReportDocument


@db_task()
def generate_document(document_id: int) -> None:
    """Render a requested Word or Excel file; a finished or deleted document is left alone."""
    document = ReportDocument.objects.filter(pk=document_id).first()
    if document is not None:
        services.document_generate(document=document)


@db_periodic_task(crontab(hour="7", minute="0"))
def send_report_reminders() -> None:
    """Every morning: remind units whose report is due soon or overdue (each reminder once)."""
    services.reminders_send()
