"""Units of public administration, their reorganisations and the people who work in them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc.units.roles import Role
from cchc.units.scoping import UnitScopedQuerySet


class UnitKind(models.TextChoices):
    CENTRAL_CITY = "central_city", _("Centrally-run city")
    PROVINCE = "province", _("Province")
    STEERING_OFFICE = "steering_office", _("Steering office")
    DEPARTMENT = "department", _("Department")
    INSPECTORATE = "inspectorate", _("Inspectorate")
    DISTRICT = "district", _("District")
    WARD = "ward", _("Ward")
    COMMUNE = "commune", _("Commune")
    SPECIAL_ZONE = "special_zone", _("Special zone")
    DIVISION = "division", _("Division")
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("Public service unit")


class UnitQuerySet(UnitScopedQuerySet):
    def valid_on(self, on: dt.date) -> UnitQuerySet:
        """Units that existed on ``on``."""
        return self.filter(valid_from__lte=on).filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on))

    def overlapping(self, date_from: dt.date, date_to: dt.date) -> UnitQuerySet:
        """Units that existed on at least one day of ``[date_from, date_to]``."""
        return self.filter(valid_from__lte=date_to).filter(
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=date_from)
        )


class Unit(models.Model):
    """One unit of the hierarchy (đơn vị / cơ quan) during its period of validity.

    A unit is never edited into another one: a merger, split, rename or move closes the
    unit (``valid_to``) and links it to its successors through a ``UnitChange``.
    """

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    code = models.CharField(
        _("code"), max_length=40, help_text=_("Administrative or internal code; unique among units valid on a day.")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Last day of existence; empty while active."))
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords()

    objects = UnitQuerySet.as_manager()
    unit_field = "pk"

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="unit_code_valid_from_unique"),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_to_after_valid_from",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("units:detail", args=[self.pk])

    @property
    def name_with_parent(self) -> str:
        """"Phòng Kinh tế — Xã Trần Đề": how pickers name a unit, since many units below share a name."""
        return f"{self.name} — {self.parent.name}" if self.parent_id else self.name

    def is_valid_on(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)

    @property
    def is_closed(self) -> bool:
        return self.valid_to is not None


class ChangeKind(models.TextChoices):
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")
    RENAME = "rename", _("Rename")
    MOVE = "move", _("Move")


class UnitChange(models.Model):
    """A reorganisation (sắp xếp, hợp nhất, chia tách, đổi tên) ordered by a legal decision.

    Predecessors are closed the day before ``effective``; successors carry on their data.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=ChangeKind.choices)
    effective = models.DateField(_("effective from"))
    decision = models.CharField(_("legal decision"), max_length=255)
    note = models.TextField(_("note"), blank=True)
    predecessors = models.ManyToManyField(Unit, verbose_name=_("predecessors"), related_name="changes_as_predecessor")
    successors = models.ManyToManyField(Unit, verbose_name=_("successors"), related_name="changes_as_successor")
    default_successor = models.ForeignKey(
        Unit,
        verbose_name=_("default successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("For a split: the new unit that takes every record of the old unit the mapping does not name."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[predecessors, successors])

    class Meta:
        verbose_name = _("unit change")
        verbose_name_plural = _("unit changes")
        ordering = ["effective", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective:%d/%m/%Y} ({self.decision})"


class SplitRecordKind(models.TextChoices):
    DOSSIER = "dossier", _("Dossier")
    TASK = "task", _("Plan task")
    REPORT = "report", _("Report")
    PROCEDURE = "procedure", _("All dossiers of a procedure")
    SECTOR = "sector", _("All dossiers of a field")


class SplitAssignment(models.Model):
    """One line of a split's data mapping (phân chia dữ liệu khi chia tách): which new unit takes a
    dossier, plan task or report of the old unit, or every dossier of a procedure or a field.

    A dossier goes by its own line first, then by its procedure's, then by its field's, then to the
    change's ``default_successor``; tasks and reports by their own line, then the default. Records are
    named by id (``record_id``) or, for a field, by name (``key``): this app sits below the apps that
    own them. The steering officer confirms the mapping (``unit_split_divide``).
    """

    change = models.ForeignKey(UnitChange, verbose_name=_("unit change"), on_delete=models.CASCADE, related_name="assignments")
    kind = models.CharField(_("kind of record"), max_length=16, choices=SplitRecordKind.choices)
    record_id = models.BigIntegerField(_("record id"), null=True, blank=True)
    key = models.CharField(_("field"), max_length=255, blank=True)
    successor = models.ForeignKey(Unit, verbose_name=_("successor"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("confirmed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("split assignment")
        verbose_name_plural = _("split assignments")
        ordering = ["change", "kind", "record_id", "key"]
        constraints = [
            models.UniqueConstraint(fields=["change", "kind", "record_id", "key"], name="split_assignment_once"),
        ]

    def __str__(self) -> str:
        return f"{self.change_id}/{self.kind}/{self.record_id or self.key} → {self.successor_id}"


class MembershipQuerySet(UnitScopedQuerySet):
    def valid_on(self, on: dt.date) -> MembershipQuerySet:
        return self.filter(valid_from__lte=on).filter(models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=on))


class Membership(models.Model):
    """A role a person holds on a unit for a period (phân quyền theo đơn vị).

    The role reaches the unit, every unit below it, and the units merged into them.
    """

    unit_field = "unit"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    title = models.CharField(_("job title"), max_length=255, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["unit__name", "user__username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="membership_valid_to_after_valid_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"

    def is_valid_on(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)
