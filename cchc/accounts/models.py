from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in (cán bộ, công chức). What they may do comes from their memberships."""

    full_name = models.CharField(_("full name"), max_length=255, blank=True)
    home_unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("works at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The unit the person works in; their permissions come from memberships."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username
