"""Writes of the reporting cycle: calendars and periods, the report's life, generated files, reminders.

Each service validates, writes in one transaction, refuses with a Vietnamese ``ValidationError``
naming the field, and leaves the audit trail (django-simple-history) the acting user. Who may call
which service is decided by the views and API views (``selectors.can_*``), never here.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.calendar.api import current_calendar
from cchc.calendar.periods import (
    NATIONAL,
    SEED_004,
    PeriodKind,
    PeriodRule,
    adjust_deadline,
    overlap_errors,
    period_errors,
    period_label,
    periods_for_year,
)
from cchc.calendar.periods import ReportPeriod as PeriodSpec
from cchc.core import pdf
from cchc.core.jobs import LeaseLost
from cchc.notifications.services import notify
from cchc.reporting import outline, selectors
from cchc.reporting.choices import (
    AWAITING_REVIEW,
    CalendarPreset,
    DeadlinePolicyChoice,
    DocumentFormat,
    DocumentStatus,
    PeriodKindChoice,
    ReminderKind,
    ReportStatus,
)
from cchc.reporting.coverage import expected_units, reporting_candidates
from cchc.reporting.models import (
    Report,
    ReportDocument,
    ReportingCalendar,
    ReportingPeriod,
    ReportReminder,
    ReportTemplate,
)
from cchc.units.models import Unit
from cchc.units.roles import Role

logger = logging.getLogger(__name__)

PRESETS: dict[str, PeriodRule] = {CalendarPreset.NATIONAL: NATIONAL, CalendarPreset.SEED_004: SEED_004}
MIN_YEAR, MAX_YEAR = 2000, 2100


def _dmy(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def _raise_period_errors(errors: Sequence[tuple[str, str]], field_names: dict[str, str]) -> None:
    if errors:
        by_field: dict[str, list[str]] = {}
        for field, message in errors:
            by_field.setdefault(field_names.get(field, field), []).append(message)
        raise ValidationError(by_field)


# -- calendars and periods ---------------------------------------------------------------------------


def calendar_rule(
    *,
    preset: str,
    kinds: Iterable[str] = (),
    cutoff_day: int | None = None,
    deadline_day: int | None = None,
    policy: str,
) -> PeriodRule:
    """The period rule of a preset, or of the days a steering officer chose, with the rest-day ``policy``."""
    if preset in PRESETS:
        return replace(PRESETS[preset], deadline_policy=policy)
    kinds = tuple(kinds)
    if not kinds:
        raise ValidationError({"kinds": _("Choose at least one kind of periodic report.")})
    if PeriodKind.ADHOC in kinds:
        raise ValidationError({"kinds": _("Ad hoc reports are requested one by one, not in the calendar.")})
    for name, value in (("cutoff_day", cutoff_day), ("deadline_day", deadline_day)):
        if value is None or not 1 <= value <= 31:
            raise ValidationError({name: _("Give a day of the month between 1 and 31.")})
    if deadline_day < cutoff_day:
        raise ValidationError({"deadline_day": _("The deadline day cannot come before the cut-off day.")})
    return PeriodRule(
        code="custom",
        name_vi="",
        source="",
        kinds=kinds,
        cutoff_day=cutoff_day,
        deadline_day=deadline_day,
        deadline_policy=policy,
    )


@transaction.atomic
def calendar_create(
    *,
    unit: Unit,
    year: int,
    preset: str,
    actor,
    deadline_policy: str = DeadlinePolicyChoice.NEXT_WORKING_DAY,
    kinds: Iterable[str] = (),
    cutoff_day: int | None = None,
    deadline_day: int | None = None,
    source: str = "",
) -> ReportingCalendar:
    """Set ``unit``'s reporting calendar for ``year`` and create its periods from the rule.

    Periods whose window ends after the unit ceased to exist are left out: nobody below it is left
    to report for them.
    """
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            {"year": _("Give a year between {min} and {max}.").format(min=MIN_YEAR, max=MAX_YEAR)}
        )
    if preset not in CalendarPreset.values:
        raise ValidationError({"preset": _("Choose one of the listed rules.")})
    if deadline_policy not in DeadlinePolicyChoice.values:
        raise ValidationError({"deadline_policy": _("Choose one of the listed rules.")})
    if unit.valid_from.year > year or (unit.valid_to and unit.valid_to.year < year):
        raise ValidationError(
            {"unit": _("{unit} did not exist in {year}.").format(unit=unit.name, year=year)}
        )
    if ReportingCalendar.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(
            {
                "year": _("{unit} already has a reporting calendar for {year}.").format(
                    unit=unit.name, year=year
                )
            }
        )
    rule = calendar_rule(
        preset=preset, kinds=kinds, cutoff_day=cutoff_day, deadline_day=deadline_day, policy=deadline_policy
    )
    specs = [p for p in periods_for_year(rule, year, current_calendar()) if unit.is_valid_on(p.data_to)]
    for spec in specs:
        _raise_period_errors(
            period_errors(spec.data_from, spec.data_to, spec.deadline), {"deadline": "deadline_policy"}
        )
    calendar = ReportingCalendar(
        unit=unit,
        year=year,
        preset=preset,
        cutoff_day=rule.cutoff_day,
        deadline_day=rule.deadline_day,
        deadline_policy=deadline_policy,
        source=(source.strip() or rule.source),
        created_by=actor,
    )
    calendar.full_clean()
    calendar._history_user = actor
    calendar.save()
    for spec in specs:
        period = ReportingPeriod(
            calendar=calendar,
            kind=spec.kind,
            data_from=spec.data_from,
            data_to=spec.data_to,
            nominal_deadline=spec.nominal_deadline,
            deadline=spec.deadline,
        )
        period._history_user = actor
        period.save()
    return calendar


def _check_window(
    *,
    calendar: ReportingCalendar,
    kind: str,
    data_from,
    data_to,
    nominal_deadline,
    exclude: int | None = None,
) -> dt.date:
    """Validate a window and a deadline in ``calendar``; return the deadline after the rest-day policy."""
    fields = {"deadline": "nominal_deadline"}
    _raise_period_errors(period_errors(data_from, data_to, nominal_deadline), fields)
    deadline = adjust_deadline(nominal_deadline, calendar.deadline_policy, current_calendar())
    _raise_period_errors(period_errors(data_from, data_to, deadline), fields)
    if kind != PeriodKindChoice.ADHOC:
        others = calendar.periods.filter(kind=kind).exclude(pk=exclude)
        specs = [_spec(p) for p in others]
        candidate = PeriodSpec(
            kind=PeriodKind(kind),
            year=calendar.year,
            data_from=data_from,
            data_to=data_to,
            deadline=deadline,
            label=period_label(kind, calendar.year),
            nominal_deadline=nominal_deadline,
        )
        messages = overlap_errors([*specs, candidate])
        if messages:
            raise ValidationError({"data_from": messages})
    return deadline


def _spec(period: ReportingPeriod) -> PeriodSpec:
    return PeriodSpec(
        kind=PeriodKind(period.kind),
        year=period.calendar.year,
        data_from=period.data_from,
        data_to=period.data_to,
        deadline=period.deadline,
        label=period.label,
        nominal_deadline=period.nominal_deadline,
    )


@transaction.atomic
def period_update(
    *, period: ReportingPeriod, data_from: dt.date, data_to: dt.date, nominal_deadline: dt.date, actor
) -> ReportingPeriod:
    """Change a period's window or deadline. Once a unit has sent its report the window is fixed
    (the figures were frozen for it); the deadline can still be moved."""
    period = (
        ReportingPeriod.objects.select_for_update(of=("self",)).select_related("calendar").get(pk=period.pk)
    )
    window_changed = (data_from, data_to) != (period.data_from, period.data_to)
    if window_changed and period.reports.exclude(first_submitted_at=None).exists():
        raise ValidationError(
            {
                "data_from": _(
                    "Units have already sent their reports for this period; its data window can no longer change."
                )
            }
        )
    deadline = _check_window(
        calendar=period.calendar,
        kind=period.kind,
        data_from=data_from,
        data_to=data_to,
        nominal_deadline=nominal_deadline,
        exclude=period.pk,
    )
    period.data_from, period.data_to = data_from, data_to
    period.nominal_deadline, period.deadline = nominal_deadline, deadline
    period.full_clean()
    period._history_user = actor
    period.save()
    return period


@transaction.atomic
def adhoc_period_create(
    *,
    calendar: ReportingCalendar,
    title: str,
    data_from: dt.date,
    data_to: dt.date,
    nominal_deadline: dt.date,
    recipients: Iterable[Unit],
    actor,
) -> ReportingPeriod:
    """An ad hoc request (yêu cầu báo cáo đột xuất) to some of the units the calendar covers."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the subject of the ad hoc report.")})
    recipients = list({unit.pk: unit for unit in recipients}.values())
    if not recipients:
        raise ValidationError({"recipients": _("Choose the units that must report.")})
    allowed = set(reporting_candidates(calendar).values_list("pk", flat=True))
    outside = [unit.name for unit in recipients if unit.pk not in allowed]
    if outside:
        raise ValidationError(
            {
                "recipients": _("These units are not covered by this calendar: {units}.").format(
                    units=", ".join(outside)
                )
            }
        )
    gone = [unit.name for unit in recipients if not unit.is_valid_on(data_to)] if data_to else []
    if gone:
        raise ValidationError(
            {
                "recipients": _("These units no longer existed on {date}: {units}.").format(
                    date=_dmy(data_to), units=", ".join(gone)
                )
            }
        )
    deadline = _check_window(
        calendar=calendar,
        kind=PeriodKindChoice.ADHOC,
        data_from=data_from,
        data_to=data_to,
        nominal_deadline=nominal_deadline,
    )
    period = ReportingPeriod(
        calendar=calendar,
        kind=PeriodKindChoice.ADHOC,
        title=title,
        data_from=data_from,
        data_to=data_to,
        nominal_deadline=nominal_deadline,
        deadline=deadline,
    )
    period.full_clean()
    period._history_user = actor
    period.save()
    period.recipients.set(recipients)
    notify(
        users=selectors.members(units=recipients, roles=[Role.FOCAL_OFFICER, Role.HEAD]),
        unit=calendar.unit,
        kind="reporting.adhoc_request",
        text=_("{unit} asks for an ad hoc report “{title}” by {date}.").format(
            unit=calendar.unit.name, title=title, date=_dmy(deadline)
        ),
        url=calendar.get_absolute_url(),
    )
    return period


# -- the report's life ---------------------------------------------------------------------------------


@transaction.atomic
def report_start(*, unit: Unit, period: ReportingPeriod, actor) -> Report:
    """The unit's report for ``period``: the existing one, or a new draft prefilled from the system.

    The calendar's own unit gets the consolidated report, its sections gathered from the reports
    received so far.
    """
    existing = Report.objects.filter(unit=unit, period=period).first()
    if existing is not None:
        return existing
    consolidated = unit.pk == period.calendar.unit_id
    if not consolidated and not expected_units(period).filter(pk=unit.pk).exists():
        raise ValidationError(
            {
                "unit": _("{unit} is not asked to report for “{period}”.").format(
                    unit=unit.name, period=period.label
                )
            }
        )
    report = Report(
        unit=unit,
        period=period,
        sections=selectors.gathered_sections(period)
        if consolidated
        else selectors.prefilled_sections(unit, period),
        place=selectors.default_place(unit),
        created_by=actor,
        **selectors.default_signer(selectors.steering_body(unit) if consolidated else unit),
    )
    report.full_clean()
    report._history_user = actor
    report.save()
    return report


def _require_editable(report: Report) -> None:
    if not report.is_editable:
        raise ValidationError(
            {
                "status": _("This report is {status}; it can no longer be edited.").format(
                    status=report.get_status_display().lower()
                )
            }
        )


def _locked(report: Report) -> Report:
    """The report row, locked for the transaction (not its period or unit, which other reports share)."""
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("period__calendar__unit", "unit")
        .get(pk=report.pk)
    )


@transaction.atomic
def report_save(
    *,
    report: Report,
    actor,
    sections: dict[str, str],
    revision: str | None = None,
    number: str = "",
    place: str = "",
    signer_name: str = "",
    signer_title: str = "",
    recipients_text: str = "",
) -> Report:
    """Save a draft (the editor autosaves through this); a submitted report is refused, and so is
    saving over a version newer than ``revision`` (the one the editor was opened on), when given."""
    report = _locked(report)
    _require_editable(report)
    if revision is not None and revision != report.revision:
        raise ValidationError(
            _("Someone else saved this report after you opened it; reload the page to see their changes.")
        )
    report.sections = outline.clean_sections(sections)
    report.number = number.strip()
    report.place = place.strip()
    report.signer_name = signer_name.strip()
    report.signer_title = signer_title.strip()
    report.recipients_text = recipients_text.strip()
    report.full_clean()
    too_long = [
        outline.BY_CODE[code].name
        for code, text in report.sections.items()
        if len(text) > selectors.MAX_SECTION
    ]
    if too_long:
        raise ValidationError(
            {
                "sections": _("Sections longer than {n} characters: {names}.").format(
                    n=selectors.MAX_SECTION, names=", ".join(too_long)
                )
            }
        )
    report._history_user = actor
    report.save()
    return report


@transaction.atomic
def report_refill(*, report: Report, actor) -> Report:
    """Replace a draft's sections with fresh text from the system (or, consolidated, from the units' reports)."""
    report = _locked(report)
    _require_editable(report)
    if report.is_consolidated:
        report.sections = selectors.gathered_sections(report.period)
    else:
        report.sections = selectors.prefilled_sections(report.unit, report.period)
    report._history_user = actor
    report.save()
    return report


@transaction.atomic
def report_sign(*, report: Report, actor, now: dt.datetime | None = None) -> Report:
    """The head of unit approves the draft for sending (ký duyệt)."""
    report = _locked(report)
    _require_editable(report)
    report.signed_by = actor
    report.signed_at = now or timezone.now()
    report._history_user = actor
    report.save()
    return report


@transaction.atomic
def report_submit(*, report: Report, actor, now: dt.datetime | None = None) -> Report:
    """Send the report up: its required sections must be written and its signer named; its figures
    are frozen in the snapshot, which later data changes never rewrite."""
    report = _locked(report)
    if not report.is_editable:
        raise ValidationError(
            {
                "status": _("This report was already sent on {date}.").format(
                    date=f"{timezone.localtime(report.submitted_at):%d/%m/%Y %H:%M}"
                )
            }
        )
    missing = outline.missing_required(report.sections)
    if missing:
        names = ", ".join(s.name for s in missing)
        raise ValidationError(
            {"sections": _("Write these sections before sending: {names}.").format(names=names)}
        )
    if not report.signer_name.strip() or not report.signer_title.strip():
        raise ValidationError(
            {"signer_name": _("Give the name and title of the person who signs the report.")}
        )
    now = now or timezone.now()
    report.snapshot = selectors.live_snapshot(report, taken_at=now)
    report.status = (
        ReportStatus.RESUBMITTED if report.status == ReportStatus.RETURNED else ReportStatus.SUBMITTED
    )
    report.first_submitted_at = report.first_submitted_at or now
    report.submitted_at = now
    report.submitted_by = actor
    report.review_reason = ""
    report._history_user = actor
    report.save()
    if not report.is_consolidated:
        calendar_unit = report.period.calendar.unit
        if report.status == ReportStatus.RESUBMITTED:
            text = _("{unit} sent “{period}” again after correcting it.")
        else:
            text = _("{unit} sent “{period}”.")
        notify(
            users=selectors.members(units=[calendar_unit], roles=[Role.STEERING_OFFICER]),
            unit=report.unit,
            kind="reporting.resubmitted" if report.status == ReportStatus.RESUBMITTED else "reporting.submitted",
            text=text.format(unit=report.unit.name, period=report.period.label),
            url=report.get_absolute_url(),
        )
    return report


def _require_awaiting_review(report: Report) -> None:
    if report.is_consolidated or report.status not in AWAITING_REVIEW:
        raise ValidationError(
            {"status": _("Only a report that was sent and not yet reviewed can be accepted or returned.")}
        )


@transaction.atomic
def report_return(*, report: Report, reason: str, actor, now: dt.datetime | None = None) -> Report:
    """The steering unit sends the report back for correction, saying why."""
    report = _locked(report)
    _require_awaiting_review(report)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the report is returned.")})
    if len(reason) > 2000:
        raise ValidationError({"reason": _("The reason is too long (at most 2000 characters).")})
    report.status = ReportStatus.RETURNED
    report.review_reason = reason
    report.reviewed_by = actor
    report.reviewed_at = now or timezone.now()
    report.signed_by, report.signed_at = None, None
    report._history_user = actor
    report.save()
    notify(
        users=selectors.members(units=[report.unit], roles=[Role.FOCAL_OFFICER, Role.HEAD]),
        unit=report.unit,
        kind="reporting.returned",
        text=_("“{period}” was returned: {reason}").format(period=report.period.label, reason=reason),
        url=report.get_absolute_url(),
    )
    return report


@transaction.atomic
def report_accept(*, report: Report, actor, now: dt.datetime | None = None) -> Report:
    report = _locked(report)
    _require_awaiting_review(report)
    report.status = ReportStatus.ACCEPTED
    report.reviewed_by = actor
    report.reviewed_at = now or timezone.now()
    report._history_user = actor
    report.save()
    notify(
        users=selectors.members(units=[report.unit], roles=[Role.FOCAL_OFFICER]),
        unit=report.unit,
        kind="reporting.accepted",
        text=_("“{period}” was accepted.").format(period=report.period.label),
        url=report.get_absolute_url(),
        email=False,
    )
    return report


# -- generated files -------------------------------------------------------------------------------------


@transaction.atomic
def document_request(*, report: Report, format: str, actor) -> ReportDocument:
    """Queue the generation of a Word or Excel file of the report; the page polls its progress."""
    if format not in DocumentFormat.values:
        raise ValidationError({"format": _("Choose Word (DOCX) or Excel (XLSX).")})
    if format == DocumentFormat.PDF and pdf.missing():
        raise ValidationError({"format": pdf.missing()})
    document = ReportDocument.objects.create(report=report, format=format, requested_by=actor)
    from cchc.reporting.tasks import generate_document

    transaction.on_commit(lambda: generate_document(document.pk))
    return document


def document_generate(*, document: ReportDocument) -> ReportDocument:
    """Render the file and store it. Runs in the task queue; only a queued file is generated (one more
    attempt), so running it again on a finished file does nothing. A failure ends the file as failed
    with its message; a worker whose job was taken over after its lease ran out (``core.jobs``) stops."""
    from cchc.reporting import render

    if ReportDocument.job_claim(document.pk, progress=10) is None:
        return ReportDocument.objects.filter(pk=document.pk).first() or document
    document = ReportDocument.objects.select_related("report__period__calendar__unit", "report__unit").get(
        pk=document.pk
    )
    try:
        try:
            context = selectors.document_context(document.report)
            document.job_beat(50)
            if document.format in (DocumentFormat.DOCX, DocumentFormat.PDF):
                data = render.render_docx(context, selectors.template_bytes(document.report.unit))
                if document.format == DocumentFormat.PDF:  # the same Word file, converted by LibreOffice
                    document.job_beat(70)
                    data = pdf.docx_to_pdf(data)
            else:
                data = render.render_xlsx(context)
        except LeaseLost:
            raise
        except Exception as error:  # noqa: BLE001 - a broken template must show on the page, not kill the worker
            document.job_end(DocumentStatus.FAILED, error=render.describe_error(error))
            return document
        document.job_beat(90)
        document.file.save(selectors.document_filename(document), ContentFile(data), save=False)
        document.job_end(DocumentStatus.DONE, file=document.file.name, progress=100)
    except LeaseLost:
        document.refresh_from_db()
    except Exception:  # a storage failure or a bug ends the file as failed instead of leaving it running
        logger.exception("report file %s failed", document.pk)
        document.job_end(
            DocumentStatus.FAILED,
            error=_("The file could not be generated because of an internal error; try again or tell the administrator."),
        )
    return document


@transaction.atomic
def template_upload(*, unit: Unit, file, note: str = "", actor) -> ReportTemplate:
    """Replace the Word template for ``unit`` and the units below; a template that does not render is refused."""
    from cchc.core.uploads import validate_upload
    from cchc.reporting import render

    try:
        validate_upload(file, render.TEMPLATE_POLICY)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    problem = render.check_template(file)
    if problem:
        raise ValidationError({"file": problem})
    template = ReportTemplate(unit=unit, note=note.strip(), uploaded_by=actor)
    template.file.save(f"report-{unit.pk}.docx", file, save=False)
    template.full_clean()
    template._history_user = actor
    template.save()
    return template


# -- reminders -------------------------------------------------------------------------------------------


def reminders_send(*, today: dt.date | None = None) -> list[ReportReminder]:
    """Remind units that have not sent their report: ``DUE_SOON_DAYS`` working days before the
    deadline their focal officers, the day after it their focal officers and head. Each reminder is
    sent once (a second run the same day sends nothing)."""
    today = today or timezone.localdate()
    sent = []
    for period, kind in selectors.periods_to_remind(today):
        with transaction.atomic():
            sent += _remind(period, kind, today)
    return sent


def _remind(period: ReportingPeriod, kind: str, today: dt.date) -> list[ReportReminder]:
    already = set(ReportReminder.objects.filter(period=period, kind=kind).values_list("unit_id", flat=True))
    roles = [Role.FOCAL_OFFICER] if kind == ReminderKind.DUE_SOON else [Role.FOCAL_OFFICER, Role.HEAD]
    created = []
    for unit in selectors.units_without_report(period):
        if unit.pk in already:
            continue
        users = selectors.members(units=[unit], roles=roles)
        reminder = ReportReminder.objects.create(period=period, unit=unit, kind=kind, sent_on=today)
        reminder.recipients.set(users)
        notify(
            users=users,
            unit=unit,
            kind=f"reporting.{kind}",
            text=selectors.reminder_text(period, kind),
            url=selectors.my_reports_url(),
        )
        created.append(reminder)
    return created
