"""Fixed vocabularies of the reporting app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.calendar.periods import DeadlinePolicy, PeriodKind


class PeriodKindChoice(models.TextChoices):
    """Kind of report; the values are ``periods.PeriodKind``'s."""

    Q1 = PeriodKind.Q1.value, _("Quarter I")
    H1 = PeriodKind.H1.value, _("First six months")
    Q3 = PeriodKind.Q3.value, _("Quarter III")
    M9 = PeriodKind.M9.value, _("Nine months")
    YEAR = PeriodKind.YEAR.value, _("Year")
    ADHOC = PeriodKind.ADHOC.value, _("Ad hoc")


class DeadlinePolicyChoice(models.TextChoices):
    """What happens to a deadline that falls on a weekend or a holiday; values are ``periods.DeadlinePolicy``'s."""

    NEXT_WORKING_DAY = DeadlinePolicy.NEXT_WORKING_DAY.value, _("Move to the next working day")
    PREVIOUS_WORKING_DAY = DeadlinePolicy.PREVIOUS_WORKING_DAY.value, _("Move to the previous working day")
    AS_IS = DeadlinePolicy.AS_IS.value, _("Keep the date as written")


class CalendarPreset(models.TextChoices):
    """Where a calendar's windows and deadlines come from."""

    NATIONAL = "national", _("National rule (581/BNV-CCHC): windows 15th–14th, deadline on the 20th")
    SEED_004 = "seed_004", _("District rule of seed 004: windows 11th–10th, deadline on the 11th")
    CUSTOM = "custom", _("Own cut-off and deadline days")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    ACCEPTED = "accepted", _("Accepted")


#: statuses in which the unit may still edit its report
EDITABLE_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})
#: statuses in which the report waits for the steering unit's review
AWAITING_REVIEW = frozenset({ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED})
#: statuses whose frozen figures count in a roll-up
RECEIVED_STATUSES = frozenset({ReportStatus.SUBMITTED, ReportStatus.RESUBMITTED, ReportStatus.ACCEPTED})


class DocumentFormat(models.TextChoices):
    DOCX = "docx", _("Word (DOCX)")
    XLSX = "xlsx", _("Excel (XLSX)")
    PDF = "pdf", _("PDF (for signing)")


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Generating")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Deadline approaching")
    OVERDUE = "overdue", _("Deadline passed")
