"""Reads of the surveys app: lists in the user's reach, the results of a campaign (sums over the
tallies, one aggregate query per breakdown), the fields a surveyed unit's people choose from, and
the home page's to-do items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core import todo
from cchc.procedures.models import Procedure
from cchc.surveys import results
from cchc.surveys.choices import PROFILE_FIELDS, profile_label
from cchc.surveys.models import Campaign, Item, Questionnaire, Response, Tally
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import UnitGraph, visible_unit_ids

COUNTS = ("n1", "n2", "n3", "n4", "n5")
#: the last choice of the public form's field list: the respondent types the field instead
OTHER_SECTOR = "Khác"


def questionnaire_list(user):
    return Questionnaire.objects.visible_to(user, Perm.VIEW).select_related("unit").annotate(item_count=Count("items")).order_by(
        "-is_builtin", "unit__name", "code", "-version")


def campaign_list(user, *, state: str = ""):
    campaigns = Campaign.objects.visible_to(user, Perm.VIEW).select_related("unit", "questionnaire")
    today = timezone.localdate()
    if state == "open":
        campaigns = campaigns.filter(starts_on__lte=today, ends_on__gte=today)
    elif state == "no_answers":
        campaigns = campaigns.filter(unit__in=visible_unit_ids(user, Perm.EDIT), starts_on__lte=today, ends_on__gte=today,
                                     responses__isnull=True)
    return campaigns.annotate(response_count=Count("responses", distinct=True)).order_by("-starts_on", "pk")


def sectors_for(unit: Unit) -> list[str]:
    """The fields (lĩnh vực) of the procedures that apply to ``unit`` (its own catalogue and its superiors'),
    kept five minutes in the cache: the public form asks for them on every page."""
    key = f"surveys-sectors:{unit.pk}"
    found = cache.get(key)
    if found is None:
        owners = [unit.pk, *UnitGraph.load().ancestors(unit.pk)]
        found = sorted(set(Procedure.objects.filter(unit_id__in=owners).values_list("sector", flat=True)) - {""})
        cache.set(key, found, 300)
    return found


# --- results ----------------------------------------------------------------------------------------


@dataclass
class Row:
    key: object
    label: str
    summary: results.Summary
    group: str = ""


@dataclass
class CampaignResults:
    campaign: Campaign
    units: list[Unit]
    month_from: dt.date | None
    month_to: dt.date | None
    overall: results.Summary
    items: list[Row] = field(default_factory=list)
    groups: list[Row] = field(default_factory=list)
    by_unit: list[Row] = field(default_factory=list)
    by_sector: list[Row] = field(default_factory=list)
    by_month: list[Row] = field(default_factory=list)
    #: profile field name → (Vietnamese label, rows)
    by_profile: dict[str, tuple[str, list[Row]]] = field(default_factory=dict)
    paper: int = 0
    matched: int = 0

    @property
    def responses(self) -> int:
        return self.overall.responses


def result_units(user, campaign: Campaign) -> list[Unit]:
    """The surveyed units of ``campaign`` whose results ``user`` may read: all of them for the running
    unit's people, only their own units for the people of a surveyed unit."""
    targets = campaign.targets.order_by("name")
    reach = visible_unit_ids(user, Perm.VIEW)
    if campaign.unit_id in reach:
        return list(targets)
    return [t for t in targets if t.pk in reach]


def campaign_results(campaign: Campaign, *, units: list[Unit], month_from: dt.date | None = None,
                     month_to: dt.date | None = None) -> CampaignResults:
    """Distribution, mean, satisfaction share or weighted score per item, group, unit, field, month and profile."""
    questionnaire = campaign.questionnaire
    choices, scale = questionnaire.choice_list(), questionnaire.scale
    base = Tally.objects.filter(campaign=campaign, unit__in=[u.pk for u in units])
    if month_from:
        base = base.filter(month__gte=month_from)
    if month_to:
        base = base.filter(month__lte=month_to)
    sums = {"responses": Sum("responses"), **{name: Sum(name) for name in COUNTS}}
    totals = base.aggregate(**sums, paper=Sum("paper"), matched=Sum("matched"))

    def grouped(dimension: str) -> dict:
        return {row[dimension]: row for row in base.values(dimension).annotate(**sums).order_by()}

    def summary(row: dict | None) -> results.Summary:
        row = row or {}
        return results.summarise([row.get(n) or 0 for n in COUNTS], choices, scale, responses=row.get("responses") or 0)

    items = list(Item.objects.filter(questionnaire=questionnaire).select_related("group").order_by("number"))
    per_item = grouped("item")
    result = CampaignResults(campaign, units, month_from, month_to, summary(totals))
    for item in items:
        result.items.append(Row(item.pk, f"{item.number}. {item.text}", summary(per_item.get(item.pk)), group=item.group.title))
    group_counts: dict[int, list] = {}
    group_titles: dict[int, str] = {}
    for item in items:
        row = per_item.get(item.pk) or {}
        group_counts.setdefault(item.group_id, []).append(tuple(row.get(n) or 0 for n in COUNTS))
        group_titles[item.group_id] = item.group.title
    for group_id, rows in group_counts.items():
        result.groups.append(Row(group_id, group_titles[group_id], results.summarise(results.add(*rows), choices, scale)))
    per_unit = grouped("unit")
    result.by_unit = [Row(u.pk, u.name, summary(per_unit.get(u.pk))) for u in units]
    result.by_sector = [Row(k, k, summary(v)) for k, v in sorted(grouped("sector").items())]
    result.by_month = [Row(k, f"{k:%m/%Y}", summary(v)) for k, v in sorted(grouped("month").items())]
    for name, (label, options) in PROFILE_FIELDS.items():
        found = grouped(name)
        order = [value for value, _ in options] + [""]
        result.by_profile[name] = (label, [Row(v, profile_label(name, v), summary(found.get(v))) for v in order if v in found])
    result.paper, result.matched = totals["paper"] or 0, totals["matched"] or 0
    return result


@dataclass
class PublicationRow:
    unit: Unit
    responses: int
    published: bool
    can_decide: bool


def publication_rows(user, campaign: Campaign) -> list[PublicationRow]:
    """The surveyed units ``user`` reads, each with its responses, whether its results are on the public
    portal, and whether ``user`` leads it and it has a public page (divisions have none): then ``user`` decides."""
    from cchc.portal.models import Publication
    from cchc.portal.search import PUBLIC_UNIT_KINDS
    from cchc.surveys.portal_section import KIND

    units = result_units(user, campaign)
    counts = dict(Tally.objects.filter(campaign=campaign, item__isnull=True, unit__in=[u.pk for u in units])
                  .values("unit").annotate(n=Sum("responses")).values_list("unit", "n"))
    published = set(Publication.objects.filter(kind=KIND, object_id=campaign.pk).values_list("unit_id", flat=True))
    approve = visible_unit_ids(user, Perm.APPROVE)
    return [PublicationRow(u, counts.get(u.pk) or 0, u.pk in published, u.pk in approve and u.kind in PUBLIC_UNIT_KINDS)
            for u in units]


def campaign_comments(campaign: Campaign, *, units: list[Unit], limit: int = 200) -> list[Response]:
    """The latest free comments of the campaign in the given units (staff pages only, never public)."""
    return list(
        Response.objects.filter(campaign=campaign, unit__in=[u.pk for u in units]).exclude(comment="")
        .select_related("unit").order_by("-submitted_at")[:limit]
    )


def campaign_responses(campaign: Campaign, *, units: list[Unit]):
    """Every response of the campaign in the given units, with its answers (the staff export)."""
    return (Response.objects.filter(campaign=campaign, unit__in=[u.pk for u in units]).select_related("unit")
            .prefetch_related("answers").order_by("submitted_at", "pk"))


# --- home page --------------------------------------------------------------------------------------


def todo_items(user) -> list[todo.Item]:
    """Open campaigns of the user's units that have no answer yet: their link or QR code is not out."""
    if not visible_unit_ids(user, Perm.EDIT):
        return []
    count = campaign_list(user, state="no_answers").count()
    if not count:
        return []
    return [todo.Item(label=_("Open survey campaigns without a response"), count=count,
                      url=reverse("surveys:campaigns") + "?state=no_answers", group="surveys", order=60)]
