"""Writes of the documents app: uploading a plan document, reading it in the background, turning
the reviewed draft into a plan, and uploading Word templates for plan exports.

A reviewed draft becomes a plan through ``cchc.plans.services`` (plan, areas, tasks, targets) in
ONE transaction: any error undoes everything and names the field and the row it came from.
"""

from __future__ import annotations

import logging
import re
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.jobs import LeaseLost
from cchc.core.text import fold
from cchc.core.uploads import UploadPolicy, validate_upload
from cchc.documents import exports, pdf_exports, review, selectors
from cchc.documents.choices import ImportStatus, PdfStatus
from cchc.documents.errors import DocumentError
from cchc.documents.extraction import extract_plan
from cchc.documents.models import ImportJob, PdfExport, PlanTemplate
from cchc.documents.pdf_exports import PdfSource
from cchc.documents.readers import read_document
from cchc.plans import services as plans
from cchc.plans.choices import ReformArea
from cchc.plans.models import Plan
from cchc.units.models import Unit

logger = logging.getLogger(__name__)

#: Plan documents: Word, PDF, plain text, or a scan or photo (JPG, PNG), 20 MB a file at most (the
#: readers refuse anything bigger too).
IMPORT_POLICY = UploadPolicy(
    extensions=frozenset({".docx", ".pdf", ".txt", ".jpg", ".jpeg", ".png"}), max_bytes=20 * 1024 * 1024
)
PHOTO_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png"})
#: several photos of one plan are kept together (one stored bundle) up to this size
PHOTOS_MAX_BYTES = 60 * 1024 * 1024
#: Word templates for plan exports.
TEMPLATE_POLICY = UploadPolicy(extensions=frozenset({".docx"}), max_bytes=5 * 1024 * 1024)


def _checked(file, policy: UploadPolicy) -> None:
    try:
        validate_upload(file, policy)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error


# --- import: upload and background reading -------------------------------------------------------


@transaction.atomic
def import_upload(*, unit: Unit, file=None, files=(), actor) -> ImportJob:
    """Keep an uploaded plan document for ``unit`` and queue the job that reads it.

    ``files`` are several photos (or scans) of one plan, in page order; they are kept together.
    A photo is refused at once, naming the packages to install, when this server cannot read scans.
    """
    files = [file] if file is not None else list(files)
    if not files:
        raise ValidationError({"file": _("Choose the file of the plan.")})
    for each in files:
        _checked(each, IMPORT_POLICY)
    photos = [each for each in files if PurePath(each.name or "").suffix.lower() in PHOTO_EXTENSIONS]
    if photos:
        from cchc.documents import ocr

        if ocr.missing():
            raise ValidationError({"file": ocr.missing()})
    if len(files) > 1:
        content, name = _photo_bundle(files, photos)
    else:
        content, name = files[0], PurePath(files[0].name or "").name[:255]
    job = ImportJob(unit=unit, file_name=name, file_size=content.size, created_by=actor)
    job.file.save(name, content, save=False)
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _photo_bundle(files: list, photos: list) -> tuple[ContentFile, str]:
    """Several photos as one stored file (pages in the order of their names), or why not."""
    from cchc.documents import readers, scans

    if len(photos) < len(files):
        raise ValidationError({"file": _("Several files can only be photos or scans of one plan (JPG, PNG); upload a "
                                         "Word, PDF or text file on its own.")})
    if len(files) > readers.DEFAULT_MAX_SCAN_PAGES:
        raise ValidationError({"file": _("{n} photos were chosen; at most {limit} pages are read at a time.").format(
            n=len(files), limit=readers.DEFAULT_MAX_SCAN_PAGES)})
    total = sum(each.size for each in files)
    if total > PHOTOS_MAX_BYTES:
        raise ValidationError({"file": _("The photos take {size} MB together; the limit is {limit} MB.").format(
            size=round(total / 1048576, 1), limit=PHOTOS_MAX_BYTES // 1048576)})
    ordered = sorted(files, key=lambda each: _natural(PurePath(each.name or "").name))
    data = []
    for each in ordered:
        each.seek(0)
        data.append(each.read())
    first = PurePath(ordered[0].name or "").stem[:150]
    name = _("{first} and {more} more photos.zip").format(first=first, more=len(ordered) - 1)
    return ContentFile(scans.bundle(data)), name


def _natural(name: str) -> list:
    """Sort key that puts "trang-2.jpg" before "trang-10.jpg"."""
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", name)]


def _enqueue(job_id: int) -> None:
    from cchc.documents.tasks import read_import

    read_import(job_id)


def _progress(job: ImportJob, percent: int) -> None:
    job.job_beat(percent)


def import_read(*, job: ImportJob) -> ImportJob:
    """Read the uploaded file into a draft for review (the background job; the page polls ``progress``).

    Idempotent: only a queued job is read (and counts one more attempt), so a second run changes
    nothing. A file that cannot be used ends the job as failed with a Vietnamese message naming
    the line or row; nothing else is written. A worker whose job was taken over after its lease
    ran out (``core.jobs``) stops without writing.
    """
    claimed = ImportJob.job_claim(job.pk, progress=5)
    if claimed is None:
        job.refresh_from_db()
        return job
    job = claimed
    stored: list[str] = []
    try:
        try:
            result = _extract(job, stored)
        except DocumentError as error:
            _discard(stored)
            return _finish(job, ImportStatus.FAILED, error=str(error))
        except LeaseLost:
            raise
        except Exception:  # a bug, a storage failure or memory exhaustion must end the job, not leave it running
            logger.exception("import job %s failed", job.pk)
            _discard(stored)
            return _finish(job, ImportStatus.FAILED, error=_("The file could not be read because of an internal error; "
                                                              "try again or send the file to the administrator."))
        return _finish(job, ImportStatus.READY, result=result)
    except LeaseLost:
        _discard(stored)
        job.refresh_from_db()
        return job


def _extract(job: ImportJob, stored: list[str]) -> dict:
    """The result of reading the job's file; recognised page images are saved and named in ``stored``
    (the caller deletes them when the job does not end ready)."""
    with job.file.open("rb") as handle:
        data = handle.read()
    _progress(job, 10)

    def pages_read(done: int, total: int) -> None:  # recognition takes 10–70 %
        job.job_beat(10 + 60 * done // max(total, 1), pages_done=done, pages_total=total)

    bundle = PurePath(job.file.name).suffix.lower() == ".zip"
    document = read_document(data, job.file_name, max_bytes=PHOTOS_MAX_BYTES if bundle else IMPORT_POLICY.max_bytes,
                             progress=pages_read)
    _progress(job, 75)
    draft = extract_plan(document)
    _progress(job, 85)
    if not draft.tasks:
        raise DocumentError(_("No task was found in the file: it has neither a task table nor items under the reform "
                              "areas. Check that it is an administrative-reform plan."))
    data = draft.to_json()
    source = review.source_lines(document)
    field_lines = {name: review.locate(data.get(name), source) for name in ("title", "number", "issuer")} | {
        "signer": review.locate((data.get("signer") or {}).get("name"), source)}
    result = {
        "draft": data,
        "warnings": list(draft.warnings),
        "format": document.format,
        "source": source,
        "field_lines": field_lines,
        "units": selectors.unit_matches(review.unit_names(data), job.unit, data.get("year")),
    }
    if document.recognised_pages:
        unsure = review.unsure_words(document)
        review.mark_unsure(data, unsure, field_lines)
        result |= {"boxes": review.source_boxes(document), "unsure": unsure,
                   "pages": _save_pages(job, document.page_images, stored)}
    return result


def _save_pages(job: ImportJob, images: dict[int, bytes], stored: list[str]) -> list[dict]:
    """Keep each recognised page image next to the upload, for the review page."""
    from PIL import Image

    folder = PurePath(job.file.name).with_suffix("")
    pages = []
    for number, jpeg in sorted(images.items()):
        with Image.open(ContentFile(jpeg)) as image:
            width, height = image.size
        name = default_storage.save(f"{folder}-pages/{number:03d}.jpg", ContentFile(jpeg))
        stored.append(name)
        pages.append({"number": number, "name": name, "width": width, "height": height})
    return pages


def _discard(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # a storage that lost the file already: nothing left to undo
            logger.warning("could not delete %s", name)


def _finish(job: ImportJob, status: str, *, result: dict | None = None, error: str = "") -> ImportJob:
    job.job_end(status, error=error[:2000], progress=100, result=result or {})
    return job


# --- import: the reviewed draft becomes a plan -------------------------------------------------------


@transaction.atomic
def import_confirm(*, job: ImportJob, reviewed: review.ReviewedPlan, actor, amend: bool = False) -> Plan:
    """Create the draft plan the officer reviewed; the job then points at it and cannot be confirmed again.

    A unit has one plan a year: when it already has one for the document's year, the document's
    content goes into that plan (``plan_amend_from_review``) if the officer chose ``amend``, else
    nothing is written and the message offers it.
    """
    locked = ImportJob.objects.select_for_update().get(pk=job.pk)
    if locked.status != ImportStatus.READY:
        raise ValidationError({"__all__": _("This import was already confirmed or could not be read; upload the file again.")})
    existing = plans.existing_plan(unit=job.unit, year=reviewed.year)
    if existing is not None and not amend:
        raise ValidationError({"amend": _(
            "{unit} already has a plan for {year} ({plan}). Tick “Amend the existing plan” to bring this document's "
            "content into it; the head of unit then records the amendment.").format(
            unit=job.unit.name, year=reviewed.year, plan=existing.number or existing.title)})
    if existing is not None:
        plan = plan_amend_from_review(plan=existing, reviewed=reviewed, actor=actor)
    else:
        plan = plan_from_review(unit=job.unit, reviewed=reviewed, actor=actor)
    job.status, job.plan, job.confirmed_by, job.confirmed_at = ImportStatus.CONFIRMED, plan, actor, timezone.now()
    job.save(update_fields=["status", "plan", "confirmed_by", "confirmed_at"])
    return plan


@transaction.atomic
def plan_from_review(*, unit: Unit, reviewed: review.ReviewedPlan, actor) -> Plan:
    """A draft plan of ``unit`` with the reviewed areas, tasks and targets, in one transaction.

    A ``ValidationError`` names where it happened: ``tasks-<i>-<field>`` (the i-th reviewed task),
    ``areas-<i>-<field>``, ``targets-<i>-text`` or a plan field, with a message naming the row.
    """
    plan = plans.plan_create(unit=unit, actor=actor, **reviewed.header())
    _plan_set_signer(plan, reviewed.signer_name, reviewed.signer_title, actor)
    areas = _create_areas(plan, reviewed, actor)
    for index, task in enumerate(reviewed.tasks):
        row = task.row or index + 1
        label = _("Task {n} (no. {number})").format(n=row, number=task.number) if task.number else _("Task {n}").format(n=row)
        with _located("tasks", index, label):
            plans.task_create(
                plan=plan, area=areas[task.area_code], title=task.title, number=task.number, products=task.products,
                lead_unit=task.lead_unit, lead_text=task.lead_text[:255], coordinating_units=task.coordinating_units,
                coordinators_text=task.coordinators_text, timeframe=task.timeframe, budget_source=task.budget_source,
                actor=actor,
            )
    for index, text in enumerate(reviewed.targets):
        with _located("targets", index, _("Target {n}").format(n=index + 1), field="text"):
            plans.target_create(plan=plan, text=text, actor=actor)
    return plan


@transaction.atomic
def plan_amend_from_review(*, plan: Plan, reviewed: review.ReviewedPlan, actor) -> Plan:
    """Bring a reviewed document into the unit's existing plan for the year, as an amendment of it.

    The narrative and legal bases take the document's; areas the plan lacks are added; a task the
    plan already has (same reform area and wording, case and accents aside) takes the document's
    products, units, timeframe and budget, and keeps its progress; other tasks and targets are
    added. Nothing is deleted. An issued plan's changes wait for the head of unit to record the
    amendment (``plans.services.plan_amend``), like any change to an issued plan.
    """
    header = {name: value for name, value in reviewed.header().items()
              if name not in ("year", "number", "place") and value not in (None, "", [])}
    if plan.parent_plan_id is not None:
        header.pop("parent_plan", None)
    plans.plan_update(plan=plan, actor=actor, **header)
    areas = {area.code: area for area in plan.areas.all()}
    for index, area in enumerate(reviewed.areas):
        if area.code not in areas:
            with _located("areas", index, _("Area {n}").format(n=index + 1)):
                areas[area.code] = plans.area_create(plan=plan, code=area.code, title=area.title or ReformArea(area.code).label,
                                                     local_number=area.local_number, actor=actor)
    labels = dict(ReformArea.choices)
    existing = {(task.area.code, fold(task.title)): task for task in plan.tasks.select_related("area")}
    for index, task in enumerate(reviewed.tasks):
        if task.area_code not in areas:
            if task.area_code not in labels:
                raise ValidationError({"__all__": _("A task has no reform area; choose one for every task.")})
            areas[task.area_code] = plans.area_create(plan=plan, code=task.area_code, title=str(labels[task.area_code]),
                                                      actor=actor)
        row = task.row or index + 1
        label = _("Task {n} (no. {number})").format(n=row, number=task.number) if task.number else _("Task {n}").format(n=row)
        fields = {"number": task.number, "products": task.products, "lead_unit": task.lead_unit,
                  "lead_text": task.lead_text[:255], "coordinators_text": task.coordinators_text,
                  "timeframe": task.timeframe, "budget_source": task.budget_source}
        with _located("tasks", index, label):
            current = existing.get((task.area_code, fold(task.title)))
            if current is not None:
                plans.task_update(task=current, coordinating_units=task.coordinating_units, actor=actor, **fields)
            else:
                plans.task_create(plan=plan, area=areas[task.area_code], title=task.title,
                                  coordinating_units=task.coordinating_units, actor=actor, **fields)
    known = {fold(text) for text in plan.targets.values_list("text", flat=True)}
    for index, text in enumerate(reviewed.targets):
        if fold(text) not in known:
            with _located("targets", index, _("Target {n}").format(n=index + 1), field="text"):
                plans.target_create(plan=plan, text=text, actor=actor)
    return plan


def _plan_set_signer(plan: Plan, name: str, title: str, actor) -> None:
    """Keep the signer read from the document on the draft; issuing the plan starts from it.

    ``plans.services`` sets the signer only when issuing; this is the smallest write that keeps it.
    """
    if not (name or title):
        return
    plan.signer_name, plan.signer_title = name.strip(), title.strip()
    plan.full_clean()
    plan._history_user = actor
    plan.save(update_fields=["signer_name", "signer_title"])


def _create_areas(plan: Plan, reviewed: review.ReviewedPlan, actor) -> dict:
    """The reviewed areas in order, then any standard area a task names that the list lacks."""
    areas = {}
    for index, area in enumerate(reviewed.areas):
        if area.code in areas:
            continue
        with _located("areas", index, _("Area {n}").format(n=index + 1)):
            areas[area.code] = plans.area_create(plan=plan, code=area.code, title=area.title or ReformArea(area.code).label,
                                                 local_number=area.local_number, actor=actor)
    labels = dict(ReformArea.choices)
    for task in reviewed.tasks:
        if task.area_code not in areas:
            if task.area_code not in labels:
                raise ValidationError({"__all__": _("A task has no reform area; choose one for every task.")})
            areas[task.area_code] = plans.area_create(plan=plan, code=task.area_code, title=str(labels[task.area_code]),
                                                      actor=actor)
    return areas


class _located:
    """Re-raise a service's ValidationError under ``<prefix>-<index>-<field>``, the message naming the row."""

    def __init__(self, prefix: str, index: int, label: str, field: str | None = None) -> None:
        self.prefix, self.index, self.label, self.field = prefix, index, label, field

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if not isinstance(error, ValidationError):
            return False
        items = error.message_dict.items() if hasattr(error, "error_dict") else [(self.field or "__all__", error.messages)]
        located = {}
        for name, messages in items:
            field = self.field or ("" if name == "__all__" else name)
            key = f"{self.prefix}-{self.index}-{field}" if field else f"{self.prefix}-{self.index}"
            located[key] = [_("{row}: {message}").format(row=self.label, message=message) for message in messages]
        raise ValidationError(located) from error


# --- export templates -----------------------------------------------------------------------------


@transaction.atomic
def template_upload(*, unit: Unit, file, actor, note: str = "") -> PlanTemplate:
    """A Word template for the plans of ``unit`` and the units below; a file that does not render is refused."""
    _checked(file, TEMPLATE_POLICY)
    problem = exports.check_template(file)
    if problem:
        raise ValidationError({"file": problem})
    template = PlanTemplate(unit=unit, note=note.strip(), uploaded_by=actor)
    template.file.save("plan.docx", file, save=False)
    template.full_clean()
    template._history_user = actor
    template.save()
    return template


# --- PDF for signing ---------------------------------------------------------------------------------


@transaction.atomic
def pdf_request(*, source: PdfSource, obj, actor) -> PdfExport:
    """Queue turning ``obj``'s Word document into PDF; a conversion of it already waiting or running is reused."""
    from cchc.core import pdf

    missing = pdf.missing()
    if missing:
        raise ValidationError({"__all__": missing})
    unit = obj
    for step in source.model.unit_field.split("__"):
        unit = getattr(unit, step)
    running = PdfExport.objects.filter(kind=source.kind, object_id=obj.pk, status__in=[PdfStatus.QUEUED, PdfStatus.RUNNING])
    existing = running.order_by("-pk").first()
    if existing is not None:
        return existing
    job = PdfExport.objects.create(unit=unit, kind=source.kind, object_id=obj.pk, title=str(obj)[:255],
                                   download_name=source.filename(obj)[:255], requested_by=actor)
    transaction.on_commit(lambda: _enqueue_pdf(job.pk))
    return job


def _enqueue_pdf(job_id: int) -> None:
    from cchc.documents.tasks import render_pdf

    render_pdf(job_id)


def pdf_render(*, job: PdfExport) -> PdfExport:
    """Write the document as Word, convert it with LibreOffice and keep the PDF (the worker's task).

    Only a queued job is run (one more attempt); a document that cannot be written or converted ends
    the job as failed with its Vietnamese message, and no file is kept.
    """
    from cchc.core import docx_render, pdf

    if PdfExport.job_claim(job.pk, progress=10) is None:
        return PdfExport.objects.filter(pk=job.pk).first() or job
    job = PdfExport.objects.get(pk=job.pk)
    try:
        try:
            source = pdf_exports.source(job.kind)
            obj = source.model.objects.select_related(*source.select_related).filter(pk=job.object_id).first() if source else None
            if obj is None or not source.has_document(obj):
                raise pdf.PdfError(_("The document no longer exists."))
            data = source.docx(obj)
            job.job_beat(40)
            result = pdf.docx_to_pdf(data)
        except (pdf.PdfError, docx_render.TemplateProblem) as error:
            job.job_end(PdfStatus.FAILED, error=str(error)[:2000], progress=100)
            return job
        except LeaseLost:
            raise
        except Exception:  # a bug or a storage failure ends the job instead of leaving it running
            logger.exception("PDF export %s failed", job.pk)
            job.job_end(PdfStatus.FAILED, progress=100, error=_("The PDF could not be made because of an internal error; "
                                                                 "try again or tell the administrator."))
            return job
        job.job_beat(90)
        job.file.save("document.pdf", ContentFile(result), save=False)
        try:
            job.job_end(PdfStatus.DONE, file=job.file.name, progress=100)
        except LeaseLost:
            job.file.delete(save=False)
            raise
    except LeaseLost:
        job.refresh_from_db()
    return job
