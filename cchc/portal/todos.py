""""Việc cần làm" of a head of unit: issued plans of the units they lead that the public cannot see yet."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.core import todo
from cchc.plans.models import Plan
from cchc.portal import plan_section
from cchc.portal.models import Publication
from cchc.units.roles import Perm
from cchc.units.scoping import visible_unit_ids


def provider(user) -> list[todo.Item]:
    if not visible_unit_ids(user, Perm.APPROVE):
        return []
    count = (
        Plan.objects.visible_to(user, Perm.APPROVE).filter(status__in=plan_section.IN_FORCE)
        .exclude(pk__in=Publication.objects.filter(kind=plan_section.KIND).values("object_id")).count()
    )
    return [todo.Item(_("Issued plans not published yet"), count, reverse("publishing:list") + "?unpublished=1", group="plans", order=40)]
