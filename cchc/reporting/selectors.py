"""Reads of the reporting cycle: who may do what, a period's roll-up, the user's reports, the
review queue, a report's figures (live or frozen) and what changed since it was sent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db.models import F, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.calendar.api import current_calendar as default_calendar
from cchc.calendar.periods import report_subject
from cchc.core import docx_render
from cchc.core.text import fold
from cchc.reporting import content, figures, outline, sources
from cchc.reporting.choices import (
    AWAITING_REVIEW,
    RECEIVED_STATUSES,
    PeriodKindChoice,
    ReminderKind,
    ReportStatus,
)
from cchc.reporting.coverage import NON_REPORTING_KINDS, Coverage, expected_units, nested_reporters
from cchc.reporting.models import Report, ReportingCalendar, ReportingPeriod, ReportReminder, ReportTemplate
from cchc.units.models import Membership, Unit, UnitKind
from cchc.units.roles import Perm, Role, role_allows
from cchc.units.scoping import user_can, user_roles_on, visible_unit_ids
from cchc.units.selectors import place_of_issue

#: longest text a section may hold (characters)
MAX_SECTION = 20000
#: working days before the deadline when focal officers are reminded
DUE_SOON_DAYS = 3
#: calendar days after the deadline during which a missing report is still chased
OVERDUE_LOOKBACK_DAYS = 30
DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "report.docx"


def my_reports_url() -> str:
    return reverse("reporting:my_reports")


# -- who may do what ----------------------------------------------------------------------------------


def period_open_to(user, unit: Unit, period: ReportingPeriod) -> bool:
    """Whether ``period`` is one the user may name for ``unit``: a period of a calendar the user
    reaches, or one that asks ``unit`` (or ``unit``'s own calendar). Any other period reads as
    missing, so no message names another unit's period."""
    if unit.pk == period.calendar.unit_id or period.calendar.unit_id in visible_unit_ids(user, Perm.VIEW):
        return True
    return expected_units(period).filter(pk=unit.pk).exists()


def can_edit(user, report: Report) -> bool:
    """Focal officers draft their unit's report; steering officers the consolidated one."""
    return user_can(user, report.edit_permission, report.unit_id)


def can_sign(user, report: Report) -> bool:
    return user_can(user, Perm.APPROVE, report.unit_id)


def can_review(user, report: Report) -> bool:
    """Steering officers of the unit that set the calendar review the reports it receives."""
    return not report.is_consolidated and user_can(user, Perm.STEER, report.period.calendar.unit_id)


def can_steer(user, calendar: ReportingCalendar) -> bool:
    return user_can(user, Perm.STEER, calendar.unit_id)


# -- people -------------------------------------------------------------------------------------------


def members(*, units, roles, on: dt.date | None = None) -> list:
    """Active people holding one of ``roles`` directly on one of ``units`` on ``on`` (today)."""
    on = on or timezone.localdate()
    unit_ids = [u.pk for u in units]
    user_ids = (
        Membership.objects.valid_on(on)
        .filter(unit_id__in=unit_ids, role__in=roles)
        .values_list("user_id", flat=True)
    )
    return list(get_user_model().objects.filter(pk__in=user_ids, is_active=True).order_by("username"))


#: Units that are People's Committees (Ủy ban nhân dân): their documents are headed "ỦY BAN NHÂN DÂN" over the name.
ADMINISTRATIVE_KINDS = frozenset({UnitKind.CENTRAL_CITY, UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.COMMUNE,
                                  UnitKind.WARD, UnitKind.SPECIAL_ZONE})
#: The head's title by kind of unit, for the signature block while no head of unit is recorded.
HEAD_TITLES = {UnitKind.DEPARTMENT: "GIÁM ĐỐC", UnitKind.INSPECTORATE: "CHÁNH THANH TRA",
               UnitKind.STEERING_OFFICE: "CHÁNH VĂN PHÒNG", UnitKind.DIVISION: "TRƯỞNG PHÒNG",
               **dict.fromkeys(ADMINISTRATIVE_KINDS, "CHỦ TỊCH")}


def default_signer(unit: Unit) -> dict[str, str]:
    """The head of unit as the report's signer, from their membership (name and job title); without one,
    the title a head of such a unit holds and no name."""
    head = (
        Membership.objects.valid_on(timezone.localdate())
        .filter(unit=unit, role=Role.HEAD)
        .select_related("user")
        .order_by("valid_from")
        .first()
    )
    if head is None:
        return {"signer_name": "", "signer_title": HEAD_TITLES.get(unit.kind, "")}
    name = getattr(head.user, "full_name", "") or head.user.get_username()
    return {"signer_name": name, "signer_title": (head.title or HEAD_TITLES.get(unit.kind, "")).upper()}


def governing_name(unit: Unit) -> str:
    """A unit as the superior line of a Decree 30 header names it: "UBND THÀNH PHỐ CẦN THƠ", "SỞ XÂY DỰNG"."""
    return f"UBND {unit.name.upper()}" if unit.kind in ADMINISTRATIVE_KINDS else unit.name.upper()


def header_names(issuer: Unit) -> tuple[str, str]:
    """(superior line, issuing body) of the Decree 30 header of a document ``issuer`` issues: a People's
    Committee is "ỦY BAN NHÂN DÂN" over its name; any other unit has its superior over its own name."""
    if issuer.kind in ADMINISTRATIVE_KINDS:
        return "ỦY BAN NHÂN DÂN", issuer.name.upper()
    return (governing_name(issuer.parent) if issuer.parent_id else ""), issuer.name.upper()


#: Names of the body that steers administrative reform for a People's Committee (folded, see ``core.text.fold``).
STEERING_BODIES = ("so noi vu", "phong noi vu")


def steering_body(unit: Unit) -> Unit:
    """The body that compiles ``unit``'s consolidated report: its Sở Nội vụ (Phòng Nội vụ) when it has one, else itself."""
    today = timezone.localdate()
    for child in unit.children.valid_on(today).order_by("code"):
        if fold(child.name).startswith(STEERING_BODIES):
            return child
    return unit


def issuing_unit(report: Report) -> Unit:
    """Who issues the report: the unit, or for a consolidated report the body that steers reform for it."""
    return steering_body(report.unit) if report.is_consolidated else report.unit


def addressee(report: Report) -> str:
    """The "Kính gửi" line: a unit reports to the People's Committee that set the calendar, through its steering
    body; a consolidated report goes to the calendar unit's superior, or to the Ministry of Home Affairs."""
    calendar_unit = report.period.calendar.unit
    if report.is_consolidated:
        superior = calendar_unit.parent
        return _committee(superior) if superior is not None else "Bộ Nội vụ"
    steering = steering_body(calendar_unit)
    via = f" (qua {steering.name})" if steering.pk != calendar_unit.pk else ""
    return f"{_committee(calendar_unit)}{via}"


def _committee(unit: Unit) -> str:
    if unit.kind in ADMINISTRATIVE_KINDS:
        return f"Ủy ban nhân dân {unit.name[:1].lower()}{unit.name[1:]}"
    return unit.name


def default_place(unit: Unit) -> str:
    """The place of issue (địa danh): the province or city the unit belongs to, without "Tỉnh"/"Thành phố"."""
    return place_of_issue(unit)


# -- what a report says -------------------------------------------------------------------------------


def unit_data(unit: Unit, period: ReportingPeriod) -> content.UnitData:
    """What the unit's report for the period is prefilled from (``sources``); reporting units below
    it, if any, answer for their own dossiers."""
    return sources.unit_data(
        unit=unit,
        year=period.calendar.year,
        data_from=period.data_from,
        data_to=period.data_to,
        nested=nested_reporting_units(unit, period),
    )


def nested_reporting_units(unit: Unit, period: ReportingPeriod) -> list[Unit]:
    """Units below ``unit`` that report for the same period themselves (none for most units)."""
    if not unit.children.exclude(kind__in=NON_REPORTING_KINDS).exists():
        return []
    coverage = Coverage.for_years([period.calendar.year])
    expected = set(expected_units(period, coverage).values_list("pk", flat=True))
    return list(Unit.objects.filter(pk__in=nested_reporters(unit.pk, expected, coverage.graph)))


def prefilled_sections(unit: Unit, period: ReportingPeriod) -> dict[str, str]:
    return content.prefill_sections(unit_data(unit, period))


def received_reports(period: ReportingPeriod):
    """Reports sent for ``period`` by the units it expects (the consolidated one excluded), by unit name."""
    expected = expected_units(period).values("pk")
    return (
        Report.objects.received()
        .filter(period=period, unit__in=expected)
        .select_related("unit")
        .order_by("unit__name", "pk")
    )


def gathered_sections(period: ReportingPeriod) -> dict[str, str]:
    return content.gather_sections([(r.unit.name, r.sections) for r in received_reports(period)])


def live_snapshot(report: Report, taken_at: dt.datetime | None = None) -> dict:
    """The figures the report would freeze now: the unit's data, or the sum of the units' frozen figures."""
    period = report.period
    snapshot = {
        "taken_at": (taken_at or timezone.now()).isoformat(),
        "data_from": period.data_from.isoformat(),
        "data_to": period.data_to.isoformat(),
    }
    if report.is_consolidated:
        received = list(received_reports(period))
        groups = [figures.from_json(r.snapshot.get("figures")) for r in received]
        snapshot["figures"] = figures.to_json(figures.sum_figures(groups))
        snapshot["targets"] = []
        snapshot["units"] = [_unit_entry(r) for r in received]
    else:
        data = unit_data(report.unit, period)
        snapshot["figures"] = figures.to_json(content.figures_from(data))
        snapshot["targets"] = content.targets_to_json(data.targets)
    return snapshot


def _unit_entry(report: Report) -> dict:
    submitted = report.submitted_on()
    return {
        "id": report.unit_id,
        "name": report.unit.name,
        "number": report.number,
        "submitted_on": submitted.isoformat() if submitted else None,
        "late_days": working_days_late(report.period, submitted),
        "figures": report.snapshot.get("figures", []),
    }


def report_figures(report: Report) -> list[figures.Figure]:
    """The figures the report shows: frozen once sent, live while it is a draft."""
    return figures.from_json((report.snapshot or live_snapshot(report)).get("figures"))


def report_changes(report: Report) -> list[figures.Change]:
    """Figures that changed since the report was sent (empty for a draft)."""
    if not report.snapshot:
        return []
    return figures.changes(figures.from_json(report.snapshot.get("figures")), report_figures_now(report))


def report_figures_now(report: Report) -> list[figures.Figure]:
    return figures.from_json(live_snapshot(report).get("figures"))


# -- timeliness and roll-up ---------------------------------------------------------------------------


def working_days_late(period: ReportingPeriod, day: dt.date | None) -> int:
    """Working days ``day`` is past the period's deadline (0 when on time or not yet known)."""
    if day is None:
        return 0
    return default_calendar().working_days_late(period.deadline, day)


@dataclass
class RollupRow:
    unit: Unit
    report: Report | None
    late_days: int

    @property
    def received(self) -> bool:
        return self.report is not None and self.report.status in RECEIVED_STATUSES

    @property
    def sent(self) -> bool:
        return self.report is not None and self.report.first_submitted_at is not None

    @property
    def on_time(self) -> bool:
        """Received, and first sent on or before the deadline (a correction later does not make it late)."""
        return self.received and self.late_days == 0

    @property
    def late(self) -> bool:
        return self.received and self.late_days > 0

    @property
    def status_label(self) -> str:
        if self.report is None:
            return _("No report yet")
        return self.report.get_status_display()


@dataclass
class Rollup:
    """A period seen by its steering unit: every unit expected, its report, and the counts."""

    period: ReportingPeriod
    rows: list[RollupRow] = field(default_factory=list)
    consolidated: Report | None = None

    @property
    def expected(self) -> int:
        return len(self.rows)

    @cached_property
    def received(self) -> int:
        return sum(1 for r in self.rows if r.received)

    @property
    def missing(self) -> int:
        return self.expected - self.received

    @cached_property
    def on_time(self) -> int:
        """Reports received that were first sent on or before the deadline."""
        return sum(1 for r in self.rows if r.on_time)

    @cached_property
    def late(self) -> int:
        """Reports received that were first sent after it (received = on time + late; the rest is missing)."""
        return sum(1 for r in self.rows if r.late)

    @cached_property
    def returned(self) -> int:
        return sum(1 for r in self.rows if r.report is not None and r.report.status == "returned")


def rollups(periods, *, today: dt.date | None = None) -> list[Rollup]:
    """One roll-up per period, with three queries per period at most."""
    today = today or timezone.localdate()
    periods = list(periods)
    coverage = Coverage.for_years({p.calendar.year for p in periods})
    reports: dict[tuple[int, int], Report] = {}
    for report in Report.objects.filter(period__in=periods).select_related("unit"):
        reports[(report.period_id, report.unit_id)] = report
    result = []
    for period in periods:
        rollup = Rollup(period=period, consolidated=reports.get((period.pk, period.calendar.unit_id)))
        for unit in expected_units(period, coverage):
            report = reports.get((period.pk, unit.pk))
            if report is not None:
                report.period = period
            sent_on = report.submitted_on() if report else None
            if sent_on is None and today > period.deadline:
                late = working_days_late(period, today)
            else:
                late = working_days_late(period, sent_on)
            rollup.rows.append(RollupRow(unit=unit, report=report, late_days=late))
        result.append(rollup)
    return result


def rollup(period: ReportingPeriod, *, today: dt.date | None = None) -> Rollup:
    return rollups([period], today=today)[0]


def calendar_periods(calendar: ReportingCalendar):
    return calendar.periods.select_related("calendar__unit").order_by("data_to", "data_from", "pk")


def chart_data(rollups_: list[Rollup]) -> dict:
    """Counts per period for the completeness chart (Chart.js bar chart)."""
    return {
        "labels": [r.period.label for r in rollups_],
        "datasets": [
            {"label": _("On time"), "data": [r.on_time for r in rollups_], "backgroundColor": "#1b7f4b"},
            {"label": _("Late"), "data": [r.late for r in rollups_], "backgroundColor": "#b7791f"},
            {
                "label": _("Not sent"),
                "data": [r.missing for r in rollups_],
                "backgroundColor": "#b42318",
            },
        ],
    }


def reminder_text(period: ReportingPeriod, kind: str) -> str:
    """The message a reminder sends (``services.reminders_send``), as the reminders page shows it."""
    if kind == ReminderKind.DUE_SOON:
        text = _("“{period}” is due on {date}.")
    else:
        text = _("“{period}” was due on {date} and has not been sent.")
    return text.format(period=period.label, date=f"{period.deadline:%d/%m/%Y}")


def reminders_for(user, calendar: ReportingCalendar, *, period: ReportingPeriod | None = None, kind: str = ""):
    """Reminders sent for the calendar's periods, newest first, with who received them: all of them, or one
    period's or kind's (the reminders page pages through them)."""
    reminders = (
        ReportReminder.objects.visible_to(user, Perm.VIEW)
        .filter(period__calendar=calendar)
        .select_related("unit__parent", "period__calendar")
        .prefetch_related(Prefetch("recipients", queryset=get_user_model().objects.order_by("username")))
        .order_by("-sent_on", "unit__name", "pk")
    )
    if period is not None:
        reminders = reminders.filter(period=period)
    if kind:
        reminders = reminders.filter(kind=kind)
    return reminders


def units_without_report(period: ReportingPeriod):
    sent = Report.objects.received().filter(period=period).values("unit_id")
    return expected_units(period).exclude(pk__in=sent)


def periods_to_remind(today: dt.date) -> list[tuple[ReportingPeriod, str]]:
    """Periods whose deadline is a few working days away (due soon) or recently passed (overdue)."""
    calendar = default_calendar()
    window = ReportingPeriod.objects.filter(
        deadline__gte=today - dt.timedelta(days=OVERDUE_LOOKBACK_DAYS),
        deadline__lte=today + dt.timedelta(days=14),
    ).select_related("calendar__unit")
    result = []
    for period in window:
        if today > period.deadline:
            result.append((period, ReminderKind.OVERDUE))
        elif calendar.working_days_between(today, period.deadline) <= DUE_SOON_DAYS:
            result.append((period, ReminderKind.DUE_SOON))
    return result


# -- the user's pages --------------------------------------------------------------------------------


@dataclass
class MyReportRow:
    unit: Unit
    period: ReportingPeriod
    report: Report | None
    consolidated: bool = False

    @property
    def unsent(self) -> bool:
        """Not sent yet: no report, or a draft never sent (a returned report is counted apart)."""
        return self.report is None or self.report.status == ReportStatus.DRAFT

    def state(self, today: dt.date) -> str:
        """``overdue`` (unsent past the deadline), ``to_write`` (unsent, window open or closed, deadline
        ahead), ``returned``, ``upcoming`` (its window has not begun) or ``sent`` (awaiting review or accepted)."""
        if self.report is not None and self.report.status == ReportStatus.RETURNED:
            return "returned"
        if not self.unsent:
            return "sent"
        if today > self.period.deadline:
            return "overdue"
        return "to_write" if self.period.data_from <= today else "upcoming"

    def late_days(self, today: dt.date) -> int:
        """Working days past the deadline: of the first sending, or of today while unsent."""
        if self.unsent:
            return working_days_late(self.period, today)
        return working_days_late(self.period, self.report.submitted_on())


#: The filters of "Báo cáo của tôi" (``?show=``) the home page links to.
MY_REPORT_FILTERS = ("to_write", "returned", "overdue")


def my_reports(user, *, today: dt.date | None = None) -> list[MyReportRow]:
    """Reports the user's own units owe (drafting needs EDIT or APPROVE there) and the consolidated
    reports of the units they steer, for calendars of last year onwards."""
    today = today or timezone.localdate()
    roles = user_roles_on(user, today)
    writer_units = {u for u, role in roles if role in (Role.FOCAL_OFFICER, Role.HEAD, Role.ADMIN)}
    steer_units = {u for u, role in roles if role in (Role.STEERING_OFFICER, Role.ADMIN)}
    calendars = list(
        ReportingCalendar.objects.filter(year__gte=today.year - 1)
        .select_related("unit")
        .prefetch_related("periods__recipients")
    )
    coverage = Coverage(calendars)
    units = {u.pk: u for u in Unit.objects.filter(pk__in=writer_units | steer_units)}
    rows: list[MyReportRow] = []
    for calendar in calendars:
        covered = coverage.covered(calendar.unit_id, calendar.year) & writer_units
        for period in calendar.periods.all():
            period.calendar = calendar
            owed = {u.pk for u in period.recipients.all()} & writer_units if period.is_adhoc else covered
            for unit_id in sorted(owed):
                unit = units[unit_id]
                if unit.is_valid_on(period.data_to) and unit.kind not in ("division",):
                    rows.append(MyReportRow(unit, period, None))
            if calendar.unit_id in steer_units:
                rows.append(MyReportRow(calendar.unit, period, None, consolidated=True))
    found = {
        (r.unit_id, r.period_id): r
        for r in Report.objects.filter(
            Q(unit_id__in=writer_units | steer_units), period__in=[row.period for row in rows]
        )
    }
    for row in rows:
        row.report = found.get((row.unit.pk, row.period.pk))
    rows.sort(key=lambda r: (-r.period.data_to.toordinal(), r.period.deadline, r.consolidated, r.unit.name))
    return rows


def my_reports_shown(user, *, show: str = "", today: dt.date | None = None) -> list[MyReportRow]:
    """"Báo cáo của tôi", whole or only the rows in state ``show`` (``MyReportRow.state``)."""
    today = today or timezone.localdate()
    rows = my_reports(user, today=today)
    for row in rows:
        row.current_state = row.state(today)
        row.days_late = row.late_days(today)
    return [row for row in rows if row.current_state == show] if show in MY_REPORT_FILTERS else rows


def review_queue(user):
    """Reports waiting for the user's review: sent to a calendar of a unit the user steers."""
    steer = visible_unit_ids(user, Perm.STEER)
    return (
        Report.objects.visible_to(user, Perm.VIEW)
        .filter(status__in=AWAITING_REVIEW, period__calendar__unit_id__in=steer)
        .exclude(unit_id=F("period__calendar__unit_id"))
        .select_related("unit__parent", "period__calendar__unit")
        .order_by("first_submitted_at", "submitted_at", "pk")
    )


@dataclass
class QueueRow:
    """A report in the review queue and how many working days after the deadline it was first sent."""

    report: Report
    late_days: int


def review_queue_rows(user, *, period: ReportingPeriod | None = None, status: str = "", late: str = "") -> list[QueueRow]:
    """The review queue (``review_queue``) filtered by period, status and lateness (``late`` = "yes"/"no"),
    oldest sending first, each row with its working days late."""
    reports = review_queue(user)
    if period is not None:
        reports = reports.filter(period=period)
    if status:
        reports = reports.filter(status=status)
    rows = [QueueRow(report, working_days_late(report.period, report.submitted_on())) for report in reports]
    if late == "yes":
        return [row for row in rows if row.late_days > 0]
    if late == "no":
        return [row for row in rows if row.late_days == 0]
    return rows


def review_queue_periods(user) -> list[ReportingPeriod]:
    """The periods that have reports in the user's review queue, latest first (the queue's period filter)."""
    ids = review_queue(user).values("period_id")
    return list(ReportingPeriod.objects.filter(pk__in=ids).select_related("calendar").order_by("-data_to", "-pk"))


def steered_calendars(user, *, today: dt.date) -> list[ReportingCalendar]:
    """Calendars of this year set by the units on which the user himself holds a steering role."""
    own = [unit_id for unit_id, role in user_roles_on(user, today) if role_allows(role, Perm.STEER)]
    return list(ReportingCalendar.objects.filter(unit__in=own, year=today.year).select_related("unit").order_by("unit__name"))


def current_period(calendar: ReportingCalendar, *, today: dt.date) -> ReportingPeriod | None:
    """The period reports are being collected for now: the latest periodic one whose data window has closed."""
    return (calendar.periods.exclude(kind=PeriodKindChoice.ADHOC).filter(data_to__lt=today)
            .select_related("calendar__unit").order_by("-data_to", "-pk").first())


# -- documents ----------------------------------------------------------------------------------------


def template_bytes(unit: Unit) -> bytes:
    """The Word template for the unit: the newest uploaded for it or the nearest unit above, else the shipped one."""
    chain = [unit.pk]
    current = unit
    while current.parent_id is not None:
        chain.append(current.parent_id)
        current = current.parent
    templates = {
        t.unit_id: t for t in ReportTemplate.objects.filter(unit_id__in=chain).order_by("uploaded_at", "pk")
    }
    for unit_id in chain:
        if unit_id in templates:
            return docx_render.stored_bytes(templates[unit_id].file)
    return DEFAULT_TEMPLATE.read_bytes()


#: Kinds of report in file names, in Vietnamese without diacritics.
FILE_KINDS = {"q1": "quy-1", "h1": "6-thang", "q3": "quy-3", "m9": "9-thang", "year": "nam", "adhoc": "dot-xuat"}


def document_filename(document) -> str:
    """"bao-cao-quy-1-2026-92-sxd.docx": the kind and year of the report and the unit's code, in Vietnamese words."""
    report = document.report
    kind = FILE_KINDS.get(report.period.kind, "dinh-ky")
    code = "-".join(fold(report.unit.code).replace(".", "-").split())
    stem = f"bao-cao-{kind}-{report.period.calendar.year}-{code}"
    if report.is_consolidated:
        stem = f"bao-cao-tong-hop-{kind}-{report.period.calendar.year}-{code}"
    return f"{stem}.{document.format}"


def _vi_date(day: dt.date) -> str:
    """ "ngày 05 tháng 01 năm 2024": day below 10 and months 1 and 2 with a leading zero (NĐ 30/2020)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return _("day {day} month {month} year {year}").format(day=f"{day.day:02d}", month=month, year=day.year)


def document_context(report: Report) -> dict:
    """Everything the Word and Excel files show, as plain values (the template is user-editable)."""
    period = report.period
    snapshot = report.snapshot or live_snapshot(report)
    issued = report.submitted_on() or timezone.localdate()
    figure_rows = figures.from_json(snapshot.get("figures"))
    blocks = []
    group = None
    for section in outline.SECTIONS:
        if section.group and section.group != group:
            blocks.append({"level": 1, "text": str(section.group)})
        group = section.group
        blocks.append({"level": 2 if section.group else 1, "text": f"{section.number} {section.title}"})
        blocks.extend(
            {"level": 0, "text": line} for line in content.paragraphs(report.sections.get(section.code, ""))
        )
    units = snapshot.get("units", [])
    issuer = issuing_unit(report)
    parent_name, unit_name = header_names(issuer)
    return {
        "consolidated": report.is_consolidated,
        "parent_name": parent_name,
        "unit_name": unit_name,
        "addressee": addressee(report),
        "number": report.number or f"……/BC-{issuer.short_name or '……'}",
        "place_date": f"{report.place or default_place(report.unit)}, {_vi_date(issued)}",
        "subject": report_subject(period.kind, period.calendar.year, period.title),
        "period_label": period.label,
        "window": f"{period.data_from:%d/%m/%Y} – {period.data_to:%d/%m/%Y}",
        "blocks": blocks,
        "figures": [{"no": i, "label": f.label, "value": f.display()} for i, f in enumerate(figure_rows, 1)],
        "figure_objects": figure_rows,
        "targets": [dict(t, no=i) for i, t in enumerate(snapshot.get("targets", []), 1)],
        "units": [_unit_row(i, u) for i, u in enumerate(units, 1)],
        "unit_count": len(units),
        "recipients": content.paragraphs(report.recipients_text) or [_("- As above;"), _("- Archived: VT.")],
        "signer_title": report.signer_title.upper(),
        "signer_name": report.signer_name,
    }


def _unit_row(index: int, entry: dict) -> dict:
    submitted = dt.date.fromisoformat(entry["submitted_on"]) if entry.get("submitted_on") else None
    by_code = {f.code: f for f in figures.from_json(entry.get("figures"))}
    completed, total = by_code.get("tasks_completed"), by_code.get("tasks_total")
    overdue = by_code.get("tasks_overdue")
    return {
        "no": index,
        "name": entry["name"],
        "number": entry.get("number") or "—",
        "submitted_on": f"{submitted:%d/%m/%Y}" if submitted else "—",
        "timeliness": _("on time")
        if not entry.get("late_days")
        else _("{n} working days late").format(n=entry["late_days"]),
        "tasks": f"{completed.display() if completed else '0'}/{total.display() if total else '0'}",
        "overdue": overdue.display() if overdue else "0",
        "figures": entry.get("figures", []),
    }
