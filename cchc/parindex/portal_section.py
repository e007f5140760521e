"""The PAR INDEX on the public portal (``cchc.portal.sections``): the final index of each unit the
steering office announced (Quyết định công bố kết quả Chỉ số CCHC) and published on the portal.

Publication follows the app's rule: the steering office decides (``Perm.STEER`` on the campaign's unit),
one ``Publication`` per unit (``object_id`` = the unit's assessment), made by ``services.campaign_publish``
with the decision itself and withdrawn or made again by ``services.campaign_portal_set``.

Only the announced ``Result`` rows are read: the index, the class, the points by part, the area
sub-indices. Never a self-assessment score, a suggestion, an appraiser's comment, an explanation,
evidence, a signer's or an officer's name. The rank is among the units of the same campaign (level)
whose index is published, ties sharing a rank, as the announcement ranks them.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.parindex import results
from cchc.parindex.choices import CampaignStatus, Level
from cchc.parindex.models import Assessment, Result
from cchc.parindex.numbers import format_points
from cchc.portal import cache
from cchc.portal import selectors as portal_selectors
from cchc.portal.search import PUBLIC_UNIT_KINDS
from cchc.portal.sections import (
    Column,
    PublicationKind,
    Ranking,
    RankingRow,
    Section,
    SectionView,
    Table,
    TableSpec,
)
from cchc.portal.selectors import publication_years
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import user_can

KIND = "parindex"


# --- the publication rule -------------------------------------------------------------------------


def allowed(actor, unit: Unit, year: int, object_id: int, part: str, published: bool) -> bool:
    """The steering office of the campaign decides, both ways (the app's rule for announcing results)."""
    steering_unit = Assessment.objects.filter(pk=object_id).values_list("campaign__unit_id", flat=True).first()
    return steering_unit is not None and user_can(actor, Perm.STEER, steering_unit)


def approve(unit: Unit, year: int, object_id: int, part: str) -> None:
    """Only a unit's final result of that year, announced by the campaign's decision, is published."""
    assessment = Assessment.objects.filter(pk=object_id, unit=unit).select_related("campaign__criteria_set").first()
    if assessment is None or assessment.campaign.criteria_set.year != year or part:
        raise ValidationError({"campaign": _("This assessment is not the unit's assessment of that year.")})
    if unit.kind not in PUBLIC_UNIT_KINDS:
        raise ValidationError({"campaign": _("A division's index stays within its unit: it has no public page.")})
    announced = Result.objects.filter(campaign=assessment.campaign_id, unit=unit).exists()
    if assessment.campaign.status != CampaignStatus.PUBLISHED or not announced:
        raise ValidationError({"campaign": _("Only final results announced by the decision can be published on the portal.")})


# --- what is published ----------------------------------------------------------------------------


def published_results(*, year: int | None = None):
    """Announced results whose publication on the portal stands, with their unit and campaign."""
    decided = Assessment.objects.filter(pk__in=portal_selectors.published_ids(kind=KIND, year=year),
                                        campaign=OuterRef("campaign"), unit=OuterRef("unit"))
    rows = Result.objects.filter(Exists(decided), campaign__status=CampaignStatus.PUBLISHED)
    if year is not None:
        rows = rows.filter(campaign__criteria_set__year=year)
    return rows.select_related("unit", "campaign__criteria_set").order_by("campaign_id", "-index", "unit__name", "pk")


def _number(value) -> float | None:
    return None if value is None else float(value)


def _level_label(level: str) -> str:
    return str(Level(level).label) if level in Level.values else level


def _year(year: int) -> list[dict]:
    """Per campaign of ``year`` with a published index: its level, decision and the published units, ranked
    among themselves, as plain values (kept in the portal's cache with its state)."""

    def compute() -> list[dict]:
        by_campaign: dict[int, list[Result]] = defaultdict(list)
        for result in published_results(year=year):
            by_campaign[result.campaign_id].append(result)
        found = []
        for found_results in by_campaign.values():
            campaign = found_results[0].campaign
            ranks = results.rank({result.pk: result.index for result in found_results})
            sums: dict[str, list[Decimal]] = defaultdict(list)
            for result in found_results:
                for area in result.areas or ():
                    if area.get("index") is not None:
                        sums[area["code"]].append(Decimal(area["index"]))
            averages = {code: (sum(values) / len(values)).quantize(Decimal("0.01")) for code, values in sums.items()}
            rows = []
            for result in found_results:
                points = result.appraised_points + result.survey_points + result.bonus_points - result.penalty_points
                rows.append({
                    "unit_id": result.unit_id, "unit_code": result.unit.code, "unit_name": result.unit.name,
                    "rank": ranks[result.pk], "index": result.index, "index_text": format_points(result.index),
                    "label": result.label, "points": points, "points_text": format_points(points),
                    "appraised": result.appraised_points, "survey": result.survey_points, "bonus": result.bonus_points,
                    "penalty": result.penalty_points, "max_points": result.max_points,
                    "appraised_text": format_points(result.appraised_points), "survey_text": format_points(result.survey_points),
                    "bonus_text": format_points(result.bonus_points), "penalty_text": format_points(result.penalty_points),
                    "max_text": format_points(result.max_points), "index_change": result.index_change,
                    "index_change_text": format_points(abs(result.index_change)) if result.index_change is not None else "",
                    "areas": [
                        {"code": area["code"], "title": area["title"], "points": Decimal(area["points"]),
                         "max": Decimal(area["max"]), "points_text": format_points(Decimal(area["points"])),
                         "max_text": format_points(Decimal(area["max"])),
                         "index": None if area.get("index") is None else Decimal(area["index"]),
                         "index_text": format_points(None if area.get("index") is None else Decimal(area["index"])),
                         "average_text": format_points(averages.get(area["code"]))}
                        for area in result.areas or ()
                    ],
                })
            rows.sort(key=lambda row: (row["rank"], row["unit_name"]))
            found.append({
                "campaign_id": campaign.pk, "level": campaign.criteria_set.level,
                "level_label": _level_label(campaign.criteria_set.level), "decision_number": campaign.decision_number,
                "published_on": campaign.published_on, "count": len(rows), "rows": rows,
            })
        return sorted(found, key=lambda entry: (list(Level.values).index(entry["level"]) if entry["level"] in Level.values
                                                else len(Level.values), entry["campaign_id"]))

    return cache.remember(f"parindex:{year}", compute)


# --- the section ----------------------------------------------------------------------------------


def unit_view(unit: Unit, year: int) -> SectionView | None:
    entries = [{**campaign, "row": row} for campaign in _year(year) for row in campaign["rows"] if row["unit_id"] == unit.pk]
    if not entries:
        return None
    return SectionView("parindex/portal/section.html", {"entries": entries, "year": year})


def province_ranking(year: int) -> list[Ranking]:
    rankings = []
    for campaign in _year(year):
        rows = tuple(
            RankingRow(rank=row["rank"], unit_id=row["unit_id"], unit_name=row["unit_name"],
                       cells=(f"{row['index_text']}%", row["label"]),
                       percent=max(0.0, min(100.0, float(row["index"]))))
            for row in campaign["rows"]
        )
        note = _("Index = points / maximum × 100, as announced by decision no. {number} of {date}; ranked among the "
                 "{count} units whose index is published.").format(
            number=campaign["decision_number"], date=f"{campaign['published_on']:%d/%m/%Y}" if campaign["published_on"] else "",
            count=campaign["count"])
        rankings.append(Ranking(
            title=_("PAR INDEX {year}: {level}").format(year=year, level=campaign["level_label"]),
            columns=(_("Index"), _("Class")), rows=rows, bar_label=_("PAR INDEX (%)"), note=note,
            key=f"{KIND}-{campaign['level']}-{campaign['campaign_id']}",
        ))
    return rankings


# --- open data ------------------------------------------------------------------------------------


def index_table(year: int) -> Table:
    columns = (
        Column("ma_don_vi", _("Unit code")), Column("don_vi", _("Unit")), Column("nam", _("Year")), Column("khoi", _("Level")),
        Column("chi_so", _("PAR INDEX (%)")), Column("xep_loai", _("Class")), Column("xep_hang", _("Rank")),
        Column("so_don_vi_cong_khai", _("Units published")), Column("diem_tham_dinh", _("Appraised points")),
        Column("diem_dieu_tra", _("Survey points")), Column("diem_thuong", _("Bonus points")),
        Column("diem_tru", _("Penalty points")), Column("tong_diem", _("Total points")), Column("diem_toi_da", _("Maximum points")),
        Column("quyet_dinh", _("Announcement decision")), Column("ngay_cong_bo", _("Announced on")),
    )
    rows = tuple(
        (row["unit_code"], row["unit_name"], year, campaign["level_label"], _number(row["index"]), row["label"], row["rank"],
         campaign["count"], _number(row["appraised"]), _number(row["survey"]), _number(row["bonus"]), _number(row["penalty"]),
         _number(row["points"]), _number(row["max_points"]), campaign["decision_number"],
         campaign["published_on"].isoformat() if campaign["published_on"] else "")
        for campaign in _year(year) for row in campaign["rows"]
    )
    return Table(columns, rows)


def areas_table(year: int) -> Table:
    columns = (
        Column("ma_don_vi", _("Unit code")), Column("don_vi", _("Unit")), Column("nam", _("Year")), Column("khoi", _("Level")),
        Column("ma_linh_vuc", _("Area code")), Column("linh_vuc", _("Area")), Column("diem", _("Points")),
        Column("diem_toi_da", _("Maximum points")), Column("chi_so_thanh_phan", _("Area sub-index (%)")),
    )
    rows = tuple(
        (row["unit_code"], row["unit_name"], year, campaign["level_label"], area["code"], area["title"],
         _number(area["points"]), _number(area["max"]), _number(area["index"]))
        for campaign in _year(year) for row in campaign["rows"] for area in row["areas"]
    )
    return Table(columns, rows)


SECTION = Section(
    key="parindex", title=gettext_lazy("PAR INDEX (administrative reform index)"), order=30, unit_view=unit_view,
    province_ranking=province_ranking,
    tables=(
        TableSpec("chi-so-cchc", gettext_lazy("PAR INDEX of the units"), index_table,
                  gettext_lazy("One row per unit whose announced index is published: index, class, rank, points by part.")),
        TableSpec("chi-so-cchc-linh-vuc", gettext_lazy("PAR INDEX by reform area"), areas_table,
                  gettext_lazy("One row per unit and reform area: points, maximum and area sub-index.")),
    ),
    years=partial(publication_years, KIND),
)
PUBLICATION_KIND = PublicationKind(KIND, gettext_lazy("PAR INDEX result"), approve, allowed)
