"""Fixed vocabularies of the plans app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cchc.plans.targets import Comparator
from cchc.plans.timeframe import Recurrence


class ReformArea(models.TextChoices):
    """The standard reform areas of the 2021–2030 master programme (Nghị quyết 76/NQ-CP, 15/7/2021).

    Plans number and name them differently ("I. Cải cách thể chế", "1. Cải cách thể chế"…); the
    code is what identifies an area across plans (GLOSSARY.md).
    """

    DIRECTION = "direction", _("Direction and administration of reform")
    INSTITUTIONS = "institutions", _("Institutional reform")
    PROCEDURES = "procedures", _("Administrative procedure reform")
    APPARATUS = "apparatus", _("Reform of the state apparatus")
    CIVIL_SERVICE = "civil_service", _("Civil service reform")
    PUBLIC_FINANCE = "public_finance", _("Public finance reform")
    DIGITAL_GOVERNMENT = "digital_government", _("E-government and digital government")
    PAR_INDEX = "par_index", _("Administrative reform index (PAR INDEX)")
    EMULATION = "emulation", _("Emulation and rewards")


#: The national order of the reform areas (Nghị quyết 76/NQ-CP; the PAR INDEX lists them the same way):
#: pages and exported plans list a plan's areas in this order, whatever order they were entered in.
AREA_ORDER: dict[str, int] = {code: index for index, code in enumerate(ReformArea.values)}


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    AMENDED = "amended", _("Amended")


class VersionKind(models.TextChoices):
    ISSUE = "issue", _("Issued")
    AMENDMENT = "amendment", _("Amendment")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Not carried out")


#: statuses after which nothing is due any more
CLOSED_STATUSES = frozenset({TaskStatus.COMPLETED, TaskStatus.CANCELLED})


class RecurrenceChoice(models.TextChoices):
    """How often a task repeats; the values are ``timeframe.Recurrence``'s."""

    ONGOING = Recurrence.ONGOING.value, _("Ongoing")
    MONTHLY = Recurrence.MONTHLY.value, _("Monthly")
    QUARTERLY = Recurrence.QUARTERLY.value, _("Quarterly")
    SEMIANNUAL = Recurrence.SEMIANNUAL.value, _("Every six months")
    ANNUAL = Recurrence.ANNUAL.value, _("Yearly")
    AS_REGULATED = Recurrence.AS_REGULATED.value, _("As regulated or requested")


class ComparatorChoice(models.TextChoices):
    """How a measured value must compare with a target; the values are ``targets.Comparator``'s."""

    AT_LEAST = Comparator.AT_LEAST.value, "≥"
    MORE_THAN = Comparator.MORE_THAN.value, ">"
    EQUAL = Comparator.EQUAL.value, "="
    AT_MOST = Comparator.AT_MOST.value, "≤"
    LESS_THAN = Comparator.LESS_THAN.value, "<"


class TargetStatus(models.TextChoices):
    MET = "met", _("Met")
    AT_RISK = "at_risk", _("At risk")
    MISSED = "missed", _("Missed")


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")
    ESCALATION = "escalation", _("Escalated to the head of unit")
