"""The service-quality section: a unit's QĐ 766 scorecard for a year (the five groups, each indicator's
value and points) and its monthly trend (dossiers received, resolved, on time), once its head published
that year's result. Computed by ``cchc.indicators`` (``scorecards.unit_scores``, ``selectors.monthly_trend``)
over the year so far; the scores of every published unit come in one pass and are cached until the
indicator aggregates are refreshed or a publication changes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.db.models import Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cchc.indicators import catalogue, scorecards
from cchc.indicators import selectors as indicator_selectors
from cchc.indicators.formulas import NO_VALUE, format_decimal_vi, round_half_up
from cchc.indicators.models import AggregateRefresh
from cchc.indicators.score766 import Status
from cchc.portal import cache, selectors
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

KIND = "scorecard"


def window(year: int, today: dt.date | None = None) -> tuple[dt.date, dt.date] | None:
    """1 January to 31 December of ``year``, or to today for the current year; None for a future year."""
    today = today or timezone.localdate()
    if year > today.year:
        return None
    return dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)


def approve(unit: Unit, year: int, object_id: int, part: str) -> None:
    """A unit with a public page publishes a year that has begun and in which it existed."""
    span = window(year)
    if unit.kind not in PUBLIC_UNIT_KINDS:
        raise ValidationError({"year": "Chỉ công khai kết quả của đơn vị có trang công khai."})
    if span is None:
        raise ValidationError({"year": f"Năm {year} chưa bắt đầu: chưa có kết quả để công khai."})
    if unit.valid_from > span[1] or (unit.valid_to is not None and unit.valid_to < span[0]):
        raise ValidationError({"year": f"{unit.name} không hoạt động trong năm {year}."})


def _points(value) -> str:
    return NO_VALUE if value is None else format_decimal_vi(round_half_up(value, 2), 2)


def _scores(year: int) -> dict[int, dict]:
    """Per published unit, the scorecard as plain values (kept in the cache with the portal's state)."""

    def compute() -> dict[int, dict]:
        span = window(year)
        units = list(selectors.published_units(kind=KIND, year=year))
        if span is None or not units:
            return {}
        found = scorecards.unit_scores(units=units, date_from=span[0], date_to=span[1])
        return {pk: _card(score) for pk, score in found.items()}

    return cache.remember(f"scores:{year}", compute)


def _card(score: scorecards.UnitScore) -> dict:
    card = score.scorecard
    groups = []
    for group in card.groups:
        rows = []
        for item in group.indicators:
            if item.status == Status.NO_DATA:
                value = "chưa có dữ liệu"
            elif item.rule.code == "2.2":
                value = catalogue.display("average_resolution_days", item.ratio)
            else:
                value = item.ratio.display()
            rows.append({"code": item.rule.code, "name": item.rule.name, "value": value,
                         "points": _points(item.points), "maximum": _points(item.rule.max_points)})
        groups.append({"number": group.group, "name": group.name, "points": _points(group.points),
                       "maximum": _points(group.maximum), "rows": rows,
                       "raw_points": float(round_half_up(group.points, 2))})
    return {
        "unit_id": score.unit.pk, "unit_name": score.unit.name, "unit_code": score.unit.code,
        "total": _points(card.total), "raw_total": float(card.total), "measurable": _points(card.measurable),
        "not_measurable": _points(card.not_measurable), "lost": _points(card.lost), "groups": groups,
    }


def _ranked(year: int) -> list[dict]:
    cards = sorted(_scores(year).values(), key=lambda card: (-card["raw_total"], card["unit_name"]))
    rank, previous = 0, None
    for position, card in enumerate(cards, start=1):
        if card["raw_total"] != previous:
            rank, previous = position, card["raw_total"]
        card["rank"] = rank
    return cards


def trend(unit: Unit, year: int) -> list[dict]:
    span = window(year)
    if span is None:
        return []
    rows = []
    for point in indicator_selectors.monthly_trend(unit=unit, date_from=span[0], date_to=span[1]):
        rate = catalogue.compute("on_time_rate", point.totals)
        percent = rate.percent()
        rows.append({
            "month": point.month, "received": point.totals.counts.received, "resolved": point.totals.counts.resolved,
            "late": point.totals.resolved_late, "on_time": rate.display(),
            "on_time_value": int(round_half_up(percent, 0)) if percent is not None else None,
            "on_time_number": float(percent) if percent is not None else None,
        })
    return rows


def unit_view(unit: Unit, year: int) -> SectionView | None:
    if not selectors.is_published(kind=KIND, unit=unit, year=year):
        return None
    ranked = _ranked(year)
    card = next((card for card in ranked if card["unit_id"] == unit.pk), None)
    if card is None:
        return None
    span = window(year)
    points = trend(unit, year)
    chart = {
        "labels": [f"{point['month']:%m/%Y}" for point in points], "received": [point["received"] for point in points],
        "on_time": [point["on_time_number"] for point in points],
        "received_label": "Hồ sơ tiếp nhận", "on_time_label": "Tỷ lệ trước hạn, đúng hạn (%)",
    }
    return SectionView("portal/_scorecard_section.html", {
        "card": card, "rank": card["rank"], "ranked": len(ranked), "trend": points, "trend_chart": chart,
        "date_from": span[0], "date_to": span[1],
    })


def province_ranking(year: int) -> Ranking | None:
    ranked = _ranked(year)
    if not ranked:
        return None
    span = window(year)
    return Ranking(
        title=f"Chất lượng phục vụ (Bộ chỉ số QĐ 766) năm {year}",
        columns=("Điểm (trên 100)", "Điểm đo được", "Điểm chưa có dữ liệu"),
        rows=tuple(
            RankingRow(rank=card["rank"], unit_id=card["unit_id"], unit_name=card["unit_name"],
                       cells=(card["total"], card["measurable"], card["not_measurable"]), percent=card["raw_total"])
            for card in ranked
        ),
        bar_label="Điểm trên 100",
        note=f"Từ {span[0]:%d/%m/%Y} đến {span[1]:%d/%m/%Y}; chỉ các đơn vị đã công khai kết quả. Chỉ số chưa có dữ liệu "
             "không bị tính 0 điểm mà được ghi riêng.",
    )


def scores_table(year: int) -> Table:
    columns = (
        Column("ma_don_vi", "Mã đơn vị"), Column("don_vi", "Đơn vị"), Column("nam", "Năm"), Column("xep_hang", "Xếp hạng"),
        Column("tong_diem", "Tổng điểm"), Column("diem_do_duoc", "Điểm đo được"), Column("diem_chua_co_du_lieu", "Điểm chưa có dữ liệu"),
        *(Column(f"nhom_{n}", f"Nhóm {n}") for n in range(1, 6)),
    )
    rows = tuple(
        (card["unit_code"], card["unit_name"], year, card["rank"], _number(card["total"]), _number(card["measurable"]),
         _number(card["not_measurable"]), *(group["raw_points"] for group in card["groups"]))
        for card in _ranked(year)
    )
    return Table(columns, rows)


def _number(text: str) -> float | None:
    return None if text == NO_VALUE else float(Decimal(text.replace(",", ".")))


def trend_table(year: int) -> Table:
    columns = (
        Column("ma_don_vi", "Mã đơn vị"), Column("don_vi", "Đơn vị"), Column("thang", "Tháng"), Column("tiep_nhan", "Hồ sơ tiếp nhận"),
        Column("da_giai_quyet", "Hồ sơ đã giải quyết"), Column("giai_quyet_qua_han", "Giải quyết quá hạn"),
        Column("ty_le_dung_han", "Tỷ lệ trước hạn, đúng hạn (%)"),
    )
    rows = []
    for unit in selectors.published_units(kind=KIND, year=year).order_by("code"):
        for point in trend(unit, year):
            rows.append((unit.code, unit.name, f"{point['month']:%Y-%m}", point["received"], point["resolved"], point["late"],
                         point["on_time_number"]))
    return Table(columns, tuple(rows))


def version():
    """The latest refresh of the indicator aggregates: new dossier figures, new scores."""
    return Subquery(AggregateRefresh.objects.order_by("-pk").values("pk")[:1])


SECTION = Section(
    key="scorecard", title="Chất lượng phục vụ người dân, doanh nghiệp (QĐ 766)", order=20, unit_view=unit_view,
    province_ranking=province_ranking,
    tables=(
        TableSpec("diem-qd766", "Điểm Bộ chỉ số phục vụ người dân, doanh nghiệp (QĐ 766)", scores_table,
                  "Mỗi dòng một đơn vị đã công khai kết quả: tổng điểm, xếp hạng, điểm từng nhóm."),
        TableSpec("xu-huong-thang", "Hồ sơ thủ tục hành chính theo tháng", trend_table,
                  "Mỗi dòng một đơn vị và một tháng: hồ sơ tiếp nhận, đã giải quyết, quá hạn, tỷ lệ đúng hạn."),
    ),
    years=partial(publication_years, KIND), version=version,
)
PUBLICATION_KIND = PublicationKind(KIND, _("QĐ 766 scorecard"), approve)
