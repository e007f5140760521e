"""Choices of the procedures app: catalogue attributes and dossier facts (tthc_indicators.md §2, §6)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cchc.calendar.workdays import TimeUnit
from cchc.procedures import classification


class ProcedureLevel(models.TextChoices):
    """Level that resolves the procedure (cấp thực hiện); there is no district level after 01/7/2025."""

    PROVINCE = "province", _("Province level")
    COMMUNE = "commune", _("Commune level")


class OnlineLevel(models.TextChoices):
    """Online public service level (NĐ 42/2022: toàn trình / một phần)."""

    FULL = "full", _("Full online")
    PARTIAL = "partial", _("Partial online")
    NONE = "none", _("Not online")


class ProcessingUnit(models.TextChoices):
    """Unit of the maximum processing time (``DonViTinh`` in [F766] 2.2)."""

    WORKING_DAY = TimeUnit.WORKING_DAY.value, _("working days")
    CALENDAR_DAY = TimeUnit.CALENDAR_DAY.value, _("days")
    WORKING_HOUR = TimeUnit.WORKING_HOUR.value, _("working hours")
    MONTH = TimeUnit.MONTH.value, _("months")


class SupplementRule(models.TextChoices):
    """How the citizen's supplement time counts against the deadline (``classification.SUPPLEMENT_RULES``)."""

    #: [F766] 2.1: end − (supplement completed − requested), the pause in the procedure's unit. Default.
    PAUSE = classification.SUPPLEMENT_PAUSE, _("Pause the deadline for the supplement, in the procedure's time unit")
    #: NĐ 61/2018 Điều 19: "Thời hạn giải quyết được tính lại từ đầu sau khi nhận đủ hồ sơ".
    RESTART = classification.SUPPLEMENT_RESTART, _("Restart the deadline once the supplement is complete")


class TooManySupplementsScope(models.TextChoices):
    """Which dossiers "more than N supplement requests is late" covers (``classification.TOO_MANY_SCOPES``)."""

    #: [F766] 2.1 as tthc_indicators.md §3.1 reads it: the exception to "pending supplement". Default.
    PENDING = classification.TOO_MANY_PENDING, _("Only dossiers whose supplement is still pending")
    ALL = classification.TOO_MANY_ALL, _("Every dossier, also finished ones whose supplement was completed")


class Channel(models.TextChoices):
    """Submission channel (``KenhThucHien``: 1 direct, 2 online, 3 public postal service)."""

    DIRECT = "direct", _("Direct")
    ONLINE = "online", _("Online")
    POSTAL = "postal", _("Postal")


class DossierStatus(models.TextChoices):
    """Where a received dossier stands; every status but ``in_progress`` is terminal (tthc_indicators.md §2.8, §3.1)."""

    IN_PROGRESS = "in_progress", pgettext_lazy("dossier status", "In progress")
    RESOLVED = "resolved", _("Resolved")
    RESULT_RETURNED = "result_returned", _("Result returned")
    REJECTED = "rejected", _("Refused and returned")
    STOPPED = "stopped", _("Processing stopped")
    WITHDRAWN = "withdrawn", _("Withdrawn by the applicant")


class Outcome(models.TextChoices):
    """Outcome of a finished dossier against its due date; empty while the dossier is open."""

    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    RETURNED = "returned", _("Returned or withdrawn")


class AdjustmentKind(models.TextChoices):
    """What an entry of the working-day calendar says about a day."""

    DAY_OFF = "day_off", _("Day off (holiday, compensatory day, bridge day)")
    WORKING_DAY = "working_day", _("Working day (swapped Saturday)")
    NORMAL = "normal", _("Ordinary day (cancels an earlier entry)")


class BatchSource(models.TextChoices):
    FILE = "file", _("File import")
    API = "api", _("API push")
    DEMO = "demo", _("Demo data")
