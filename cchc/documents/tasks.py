"""Background work of the documents app (Huey). Tasks take ids and call one service."""

from huey.contrib.djhuey import db_task

from cchc.documents import services
from cchc.documents.models import ImportJob, PdfExport


@db_task()
def read_import(job_id: int) -> None:
    """Read an uploaded plan document into a draft; a finished or deleted job is left alone."""
    job = ImportJob.objects.filter(pk=job_id).select_related("unit").first()
    if job is not None:
        services.import_read(job=job)


@db_task()
def render_pdf(job_id: int) -> None:
    """Turn a document into PDF with LibreOffice; a finished or deleted job is left alone."""
    job = PdfExport.objects.filter(pk=job_id).first()
    if job is not None:
        services.pdf_render(job=job)
