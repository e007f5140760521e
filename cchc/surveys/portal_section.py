"""Survey results on the public portal (``cchc.portal.sections``): a finished survey's results for one
surveyed unit, once the head of that unit (or of the unit running the survey, which reaches it)
published them (``services.survey_results_publish``).

What a page shows is counted from the tallies: the number of responses, the satisfaction index (answers
4–5 over valid answers) or the weighted score, the mean, and the same per question and per group of
questions. Never a response, an answer of one respondent, a profile breakdown (sex, age, education,
field), a comment, a counter or a paper form number; and only for a unit with at least
``MIN_RESPONSES`` responses, so that no one's answers can be told apart from the figures.

The province page ranks the units by the satisfaction share of their published Likert surveys of the
year (the ratio of the sums); surveys on weighted options are shown on the unit's page, not ranked.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.indicators.formulas import Ratio
from cchc.portal import cache
from cchc.portal.models import Publication
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
from cchc.surveys import results
from cchc.surveys.choices import Scale
from cchc.surveys.models import Campaign, Item, Tally
from cchc.units.models import Unit

KIND = "survey"
#: Fewest responses of a unit whose results may be published: below it one person's answers could be read off the shares.
MIN_RESPONSES = 10
COUNTS = ("n1", "n2", "n3", "n4", "n5")


def publication_year(campaign: Campaign) -> int:
    """The year a survey's results belong to: the year it ended."""
    return campaign.ends_on.year


def responses_of(campaign: Campaign, unit: Unit) -> int:
    return Tally.objects.filter(campaign=campaign, unit=unit, item__isnull=True).aggregate(n=Sum("responses"))["n"] or 0


def approve(unit: Unit, year: int, object_id: int, part: str) -> None:
    """A survey of that unit that has ended, with enough responses that no one's answers show through."""
    campaign = Campaign.objects.filter(pk=object_id).first()
    if campaign is None or part or not campaign.targets.filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("{unit} was not surveyed by this campaign.").format(unit=unit.name)})
    if unit.kind not in PUBLIC_UNIT_KINDS:
        raise ValidationError({"unit": _("{unit} has no page on the public portal: its results stay within its unit.").format(
            unit=unit.name)})
    if publication_year(campaign) != year:
        raise ValidationError({"unit": _("The results of this survey belong to {year}.").format(year=publication_year(campaign))})
    if campaign.ends_on >= timezone.localdate():
        raise ValidationError({"unit": _("The results are published once the survey has ended (on {date}).").format(
            date=f"{campaign.ends_on:%d/%m/%Y}")})
    count = responses_of(campaign, unit)
    if count < MIN_RESPONSES:
        raise ValidationError({"unit": _("{unit} has {count} responses: at least {minimum} are needed before its results are "
                                         "published, so that no one's answers can be told apart.").format(
            unit=unit.name, count=count, minimum=MIN_RESPONSES)})


def is_published(campaign_id: int, unit_id: int) -> bool:
    return Publication.objects.filter(kind=KIND, object_id=campaign_id, unit_id=unit_id).exists()


def results_changed(campaign_id: int, unit_id: int | None = None) -> None:
    """Renew the portal's pages when the figures of published results change (a paper form keyed in
    after the end of the survey, the tallies rebuilt); call it in the transaction that changed them."""
    published = Publication.objects.filter(kind=KIND, object_id=campaign_id)
    if unit_id is not None:
        published = published.filter(unit_id=unit_id)
    if published.exists():
        cache.bump()


# --- the published figures ------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """One summary as plain values: responses, valid answers, the headline figure and the mean."""

    responses: int
    valid: int
    headline: float | None
    headline_text: str
    mean: float | None
    mean_text: str
    satisfied: int
    counts: tuple[int, ...]

    @classmethod
    def of(cls, summary: results.Summary, responses: int | None = None) -> Figures:
        headline = summary.headline
        percent = headline.percent() if headline is not None else None
        mean = summary.mean.rounded(2) if summary.mean is not None else None
        return cls(
            responses=summary.responses if responses is None else responses, valid=summary.valid,
            headline=float(percent) if percent is not None else None, headline_text=summary.headline_text(),
            mean=float(mean) if mean is not None else None, mean_text=summary.mean_text() if summary.mean is not None else "",
            satisfied=summary.counts[3] + summary.counts[4], counts=summary.counts,
        )


def _year(year: int) -> list[dict]:
    """Every published (survey, unit) of ``year``: the survey, the unit and its figures, overall, per group
    and per question, as plain values (kept in the portal's cache with its state)."""

    def compute() -> list[dict]:
        pairs = set(Publication.objects.filter(kind=KIND, year=year).values_list("object_id", "unit_id"))
        if not pairs:
            return []
        campaigns = {c.pk: c for c in Campaign.objects.filter(pk__in={c for c, _u in pairs}).select_related("questionnaire")}
        units = {u.pk: u for u in Unit.objects.filter(pk__in={u for _c, u in pairs})}
        sums = {"responses": Sum("responses"), **{name: Sum(name) for name in COUNTS}}
        counted: dict[tuple[int, int], dict[int | None, dict]] = defaultdict(dict)
        tallies = (Tally.objects.filter(campaign__in=list(campaigns), unit__in=list(units))
                   .values("campaign_id", "unit_id", "item_id").annotate(**sums).order_by())
        for row in tallies:
            if (row["campaign_id"], row["unit_id"]) in pairs:
                counted[(row["campaign_id"], row["unit_id"])][row["item_id"]] = row
        items: dict[int, list[Item]] = defaultdict(list)
        for item in Item.objects.filter(questionnaire__in={c.questionnaire_id for c in campaigns.values()}).select_related("group").order_by(
                "group__position", "number"):
            items[item.questionnaire_id].append(item)
        found = []
        for campaign_id, unit_id in sorted(pairs):
            campaign, unit = campaigns.get(campaign_id), units.get(unit_id)
            if campaign is None or unit is None:
                continue
            found.append(_entry(campaign, unit, counted[(campaign_id, unit_id)], items[campaign.questionnaire_id]))
        return sorted(found, key=lambda entry: (entry["unit_name"], entry["ends_on"], entry["campaign_id"]))

    return cache.remember(f"surveys:{year}", compute)


def _counts(row: dict | None) -> tuple[int, ...]:
    row = row or {}
    return tuple(int(row.get(name) or 0) for name in COUNTS)


def _entry(campaign: Campaign, unit: Unit, counted: dict, items: list[Item]) -> dict:
    questionnaire = campaign.questionnaire
    choices, scale = questionnaire.choice_list(), questionnaire.scale
    responses = int((counted.get(None) or {}).get("responses") or 0)
    per_item = [(item, _counts(counted.get(item.pk))) for item in items]
    overall = results.summarise(results.add(*(counts for _item, counts in per_item)), choices, scale, responses=responses)
    groups: dict[int, dict] = {}
    for item, counts in per_item:
        group = groups.setdefault(item.group_id, {"title": item.group.title, "counts": [], "items": []})
        group["counts"].append(counts)
        group["items"].append({"number": item.number, "text": item.text,
                               "figures": Figures.of(results.summarise(counts, choices, scale))})
    distribution = [{"label": choice["label"], "letter": choice["letter"], "count": count, "share": share.display()}
                    for choice, count, share in overall.distribution]
    return {
        "campaign_id": campaign.pk, "title": campaign.title, "questionnaire": questionnaire.title,
        "starts_on": campaign.starts_on, "ends_on": campaign.ends_on, "likert": scale == Scale.LIKERT5,
        "unit_id": unit.pk, "unit_name": unit.name, "unit_code": unit.code, "figures": Figures.of(overall, responses),
        "distribution": distribution,
        "groups": [{"title": group["title"], "figures": Figures.of(results.summarise(results.add(*group["counts"]), choices, scale)),
                    "items": group["items"]} for group in groups.values()],
    }


def _ranked(year: int) -> list[dict]:
    """Units with published Likert surveys in ``year``, by satisfaction share (the ratio of the sums), ties sharing a rank."""
    by_unit: dict[int, dict] = {}
    for entry in _year(year):
        if not entry["likert"]:
            continue
        row = by_unit.setdefault(entry["unit_id"], {"unit_id": entry["unit_id"], "unit_name": entry["unit_name"],
                                                     "unit_code": entry["unit_code"], "satisfied": 0, "valid": 0, "responses": 0,
                                                     "surveys": 0})
        figures = entry["figures"]
        row["satisfied"] += figures.satisfied
        row["valid"] += figures.valid
        row["responses"] += figures.responses
        row["surveys"] += 1
    rows = []
    for row in by_unit.values():
        ratio = Ratio(row["satisfied"], row["valid"])
        percent = ratio.percent()
        rows.append({**row, "share": float(percent) if percent is not None else None, "share_text": ratio.display()})
    rows.sort(key=lambda row: (-(row["share"] if row["share"] is not None else -1), row["unit_name"]))
    rank, previous = 0, object()
    for position, row in enumerate(rows, start=1):
        if row["share"] != previous:
            rank, previous = position, row["share"]
        row["rank"] = rank
    return rows


# --- the section ----------------------------------------------------------------------------------


def unit_view(unit: Unit, year: int) -> SectionView | None:
    entries = [entry for entry in _year(year) if entry["unit_id"] == unit.pk]
    if not entries:
        return None
    ranked = _ranked(year)
    place = next((row for row in ranked if row["unit_id"] == unit.pk), None)
    return SectionView("surveys/portal/section.html", {"entries": entries, "place": place, "ranked": len(ranked)})


def province_ranking(year: int) -> Ranking | None:
    ranked = _ranked(year)
    if not ranked:
        return None
    return Ranking(
        title=_("Satisfaction of people and businesses in {year}").format(year=year),
        columns=(_("Satisfaction share"), _("Responses"), _("Surveys")),
        rows=tuple(RankingRow(rank=row["rank"], unit_id=row["unit_id"], unit_name=row["unit_name"],
                              cells=(row["share_text"], str(row["responses"]), str(row["surveys"])), percent=row["share"])
                   for row in ranked),
        bar_label=_("Satisfaction share"),
        note=_("Answers “satisfied” or “very satisfied” over all valid answers of the surveys each unit published for the "
               "year (1–5 scale); surveys scored on weighted options are shown on the unit's page."),
    )


# --- open data ------------------------------------------------------------------------------------


def results_table(year: int) -> Table:
    columns = (
        Column("ma_don_vi", _("Unit code")), Column("don_vi", _("Unit")), Column("nam", _("Year")),
        Column("dot_khao_sat", _("Survey campaign")), Column("phieu", _("Questionnaire")), Column("tu_ngay", _("From")),
        Column("den_ngay", _("To")), Column("so_phieu", _("Responses")), Column("so_cau_tra_loi", _("Valid answers")),
        Column("chi_so", _("Satisfaction share or weighted score (%)")), Column("loai_chi_so", _("Kind of figure")),
        Column("diem_trung_binh", _("Mean (1–5)")), Column("xep_hang", _("Rank by satisfaction share")),
    )
    ranks = {row["unit_id"]: row["rank"] for row in _ranked(year)}
    rows = tuple(
        (entry["unit_code"], entry["unit_name"], year, entry["title"], entry["questionnaire"], entry["starts_on"].isoformat(),
         entry["ends_on"].isoformat(), entry["figures"].responses, entry["figures"].valid, entry["figures"].headline,
         _("satisfaction share") if entry["likert"] else _("weighted score"), entry["figures"].mean,
         ranks.get(entry["unit_id"]) if entry["likert"] else None)
        for entry in _year(year)
    )
    return Table(columns, rows)


def questions_table(year: int) -> Table:
    columns = (
        Column("ma_don_vi", _("Unit code")), Column("don_vi", _("Unit")), Column("nam", _("Year")),
        Column("dot_khao_sat", _("Survey campaign")), Column("nhom", _("Group")), Column("so_thu_tu", _("Number")),
        Column("nhan_dinh", _("Question")), Column("so_cau_tra_loi", _("Valid answers")),
        Column("ty_le", _("Satisfaction share or weighted score (%)")), Column("diem_trung_binh", _("Mean (1–5)")),
        *(Column(f"chon_{value}", _("Answers choosing {value}").format(value=value)) for value in range(1, 6)),
    )
    rows = tuple(
        (entry["unit_code"], entry["unit_name"], year, entry["title"], group["title"], item["number"], item["text"],
         item["figures"].valid, item["figures"].headline, item["figures"].mean, *item["figures"].counts)
        for entry in _year(year) for group in entry["groups"] for item in group["items"]
    )
    return Table(columns, rows)


SECTION = Section(
    key="surveys", title=gettext_lazy("Satisfaction surveys"), order=35, unit_view=unit_view, province_ranking=province_ranking,
    tables=(
        TableSpec("khao-sat-hai-long", gettext_lazy("Results of satisfaction surveys"), results_table,
                  gettext_lazy("One row per unit and survey: responses, satisfaction share or weighted score, mean, rank.")),
        TableSpec("khao-sat-cau-hoi", gettext_lazy("Satisfaction surveys by question"), questions_table,
                  gettext_lazy("One row per unit, survey and question: valid answers, share, mean, answers per choice.")),
    ),
    years=partial(publication_years, KIND),
)
PUBLICATION_KIND = PublicationKind(KIND, gettext_lazy("Survey results"), approve)
