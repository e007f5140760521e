"""What the public portal (cổng công khai) shows and how it stays fast: the publication decisions, the
version that names the portal's cached pages, and the folded names the search box looks up."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cchc.units.scoping import UnitScopedQuerySet


class Publication(models.Model):
    """A head of unit's decision to publish something on the public portal (quyết định công khai): one
    issued plan, one year's result of a unit (its QĐ 766 scorecard), or any other kind a section registers.

    ``kind`` names what is published (``cchc.portal.sections.PublicationKind``), ``object_id`` the row it
    is about (0 when the unit and year say it all), ``part`` a piece of that row (a report's section).
    Unpublishing deletes the row; the history keeps who published and unpublished what, and when.
    """

    unit_field = "unit"

    kind = models.CharField(_("what is published"), max_length=32)
    unit = models.ForeignKey("units.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    object_id = models.PositiveBigIntegerField(_("row"), default=0)
    part = models.CharField(_("part"), max_length=64, blank=True)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    objects = UnitScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-year", "kind", "unit_id", "object_id", "part"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "unit", "year", "object_id", "part"], name="publication_once"),
        ]
        indexes = [models.Index(fields=["kind", "year"], name="publication_kind_year")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year} {self.unit_id}/{self.object_id}{('/' + self.part) if self.part else ''}"


class PortalVersion(models.Model):
    """The one row whose ``value`` names the state of everything the portal shows (phiên bản nội dung công
    khai): raised in the same transaction as any change a public page shows (``cchc.portal.cache.bump``).

    Cached pages are keyed on it, so every app server (each with its own local-memory cache, or sharing
    Redis) stops serving a page the moment what it shows changes.
    """

    value = models.PositiveBigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("portal version")
        verbose_name_plural = _("portal versions")

    def __str__(self) -> str:
        return str(self.value)


class SearchKey(models.Model):
    """One way to find a unit or a procedure by name (khóa tìm kiếm): its folded name (no case, no
    diacritics) from one word on, so that a prefix lookup on an index finds "Trần Đề" in "Xã Trần Đề"
    from "tran de". Kept by ``cchc.portal.search`` whenever a unit or a procedure is saved."""

    class Kind(models.TextChoices):
        UNIT = "unit", _("Unit")
        PROCEDURE = "procedure", _("Procedure")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("row"))
    key = models.CharField(_("folded name from a word on"), max_length=255, db_index=True)

    class Meta:
        verbose_name = _("search key")
        verbose_name_plural = _("search keys")
        ordering = ["key", "pk"]
        indexes = [models.Index(fields=["kind", "object_id"], name="search_key_row")]

    def __str__(self) -> str:
        return self.key
