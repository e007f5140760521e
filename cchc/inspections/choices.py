"""Fixed vocabularies of the inspections app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CoverageBasis(models.TextChoices):
    """Which units an inspection plan's coverage counts: every unit directly below the inspecting unit
    (seed 003: "phòng, đơn vị trực thuộc Sở … đạt 40%"), or only its divisions (seed 000: "100% các phòng")."""

    SUBORDINATE = "subordinate", _("Units directly below")
    DIVISIONS = "divisions", _("Divisions")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Carried out")


class AnswerResult(models.TextChoices):
    """The result of one checklist item at one inspection."""

    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")


class RemediationStatus(models.TextChoices):
    OPEN = "open", _("Not closed")
    CLOSED = "closed", _("Closed")


class DecisionKind(models.TextChoices):
    CLOSE = "close", _("Closed")
    REOPEN = "reopen", _("Reopened")


class TemplateKind(models.TextChoices):
    """The two documents of an inspection, each from a replaceable Word template."""

    MINUTE = "minute", _("Inspection minute")
    CONCLUSION = "conclusion", _("Conclusion notice")


class ItemState(models.TextChoices):
    """Filters of the recommendations list."""

    OPEN = "open", _("Not closed")
    OVERDUE = "overdue", _("Overdue")
    AWAITING = "awaiting", _("Completed, awaiting closure")
    CLOSED = "closed", _("Closed")
