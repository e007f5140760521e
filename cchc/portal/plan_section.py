"""The plans section of the portal: the plans a head of unit published, with their tasks by reform area,
each task's status and progress. Never the progress notes, reasons for lateness, evidence, versions'
notes nor who reported: only what the plan says and how far each task is.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, F, Func, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cchc.plans import selectors as plan_selectors
from cchc.plans.choices import PlanStatus, TargetStatus, TaskStatus
from cchc.plans.models import Plan, PlanArea, Task
from cchc.portal import selectors
from cchc.portal.models import Publication
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
from cchc.units.models import Unit

KIND = "plan"
IN_FORCE = (PlanStatus.ISSUED, PlanStatus.AMENDED)
STATUS_LABELS = {
    TaskStatus.NOT_STARTED: "Chưa bắt đầu", TaskStatus.IN_PROGRESS: "Đang thực hiện",
    TaskStatus.COMPLETED: "Hoàn thành", TaskStatus.CANCELLED: "Không thực hiện",
}
TARGET_LABELS = {TargetStatus.MET: "Đạt", TargetStatus.AT_RISK: "Có nguy cơ không đạt", TargetStatus.MISSED: "Không đạt"}


def approve(unit: Unit, year: int, object_id: int, part: str) -> None:
    """Only an issued (or amended) plan of that unit and year is published."""
    plan = Plan.objects.filter(pk=object_id, unit=unit, year=year).first()
    if plan is None or plan.status not in IN_FORCE:
        raise ValidationError({"plan": "Chỉ công khai được kế hoạch đã ban hành."})


def published_plans(*, year: int | None = None, unit: Unit | None = None):
    """Published plans in force, with their task counts and mean progress, newest first."""
    plans = Plan.objects.filter(status__in=IN_FORCE, pk__in=selectors.published_ids(kind=KIND, year=year, unit=unit))
    if year is not None:
        plans = plans.filter(year=year)
    if unit is not None:
        plans = plans.filter(unit=unit)
    return plans.select_related("unit").annotate(
        task_count=Count("tasks"),
        done_count=Count("tasks", filter=Q(tasks__status=TaskStatus.COMPLETED)),
        mean_percent=Avg("tasks__percent"),
    ).order_by("-year", "unit__name", "pk")


def public_plan_ids() -> frozenset[int]:
    """Ids of the plans published and in force (kept in the cache with the portal's state)."""
    return frozenset(Plan.objects.filter(status__in=IN_FORCE, pk__in=selectors.published_ids(kind=KIND)).values_list("pk", flat=True))


def published_plan(pk) -> Plan | None:
    """The plan if it is published and in force, else None (the page is then a 404)."""
    try:
        return published_plans().get(pk=int(pk))
    except (Plan.DoesNotExist, TypeError, ValueError, OverflowError):
        return None


def _percent(value) -> int:
    return int(round(value or 0))


# --- the plan page --------------------------------------------------------------------------------


@dataclass
class PublicTask:
    number: str
    title: str
    products: str
    lead: str
    coordinators: str
    timeframe: str
    due_date: dt.date | None
    status: str
    status_label: str
    percent: int
    overdue: bool
    is_child: bool


@dataclass
class PublicArea:
    number: str
    title: str
    tasks: list[PublicTask] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for task in self.tasks if task.status == TaskStatus.COMPLETED)

    @property
    def percent(self) -> int:
        return _percent(sum(task.percent for task in self.tasks) / len(self.tasks)) if self.tasks else 0


def plan_content(plan: Plan, today: dt.date) -> dict:
    """Everything the public plan page shows, as plain values (cached as such)."""
    areas = list(PlanArea.objects.filter(plan=plan).order_by("position", "pk"))
    tasks = list(plan_selectors.plan_tasks(plan))
    groups = []
    for group in plan_selectors.group_by_area(areas, tasks):
        area = PublicArea(group.area.local_number, group.area.title)
        for task in group.tasks:
            lead = task.lead_unit.name if task.lead_unit_id else (task.lead_text or plan.unit.name)
            coordinators = "; ".join(unit.name for unit in task.coordinator_list) or task.coordinators_text
            area.tasks.append(PublicTask(
                number=task.number, title=task.title, products="; ".join(task.products or ()), lead=lead,
                coordinators=coordinators, timeframe=task.timeframe, due_date=task.due_date, status=task.status,
                status_label=STATUS_LABELS.get(task.status, task.status), percent=int(task.percent),
                overdue=task.is_overdue(today), is_child=task.parent_id is not None,
            ))
        groups.append(area)
    targets = [
        {"text": target.text, "value": target.current_value, "unit": target.value_unit, "measured_on": target.measured_on,
         "status": TARGET_LABELS.get(target.status, "")}
        for target in plan.targets.filter(is_suggestion=False).select_related("plan").order_by("pk")
    ]
    counts = {status: sum(1 for area in groups for task in area.tasks if task.status == status) for status in TaskStatus.values}
    total = sum(counts.values())
    return {
        "plan": {
            "pk": plan.pk, "number": plan.number, "title": plan.title, "year": plan.year, "issued_on": plan.issued_on,
            "amended": plan.status == PlanStatus.AMENDED, "unit_id": plan.unit_id, "unit_name": plan.unit.name,
            "purpose": plan.purpose, "requirements": plan.requirements, "goals": plan.goals,
            "legal_bases": [basis.get("title") or basis.get("number", "") for basis in plan.legal_bases or ()],
        },
        "areas": groups,
        "targets": targets,
        "status_counts": [(STATUS_LABELS[status], counts[status]) for status in TaskStatus.values],
        "task_count": total,
        "percent": _percent(sum(task.percent for area in groups for task in area.tasks) / total) if total else 0,
    }


# --- the section ----------------------------------------------------------------------------------


def plan_summary(plan: Plan) -> dict:
    return {
        "pk": plan.pk, "number": plan.number, "title": plan.title, "issued_on": plan.issued_on,
        "tasks": plan.task_count, "done": plan.done_count, "percent": _percent(plan.mean_percent),
        "url": reverse("portal:plan", args=[plan.pk]),
    }


def unit_view(unit: Unit, year: int) -> SectionView | None:
    plans = [plan_summary(plan) for plan in published_plans(year=year, unit=unit)]
    if not plans:
        return None
    return SectionView("portal/_plans_section.html", {"plans": plans})


def _by_unit(year: int) -> list[dict]:
    """Per unit with a published plan for ``year``: its tasks, those completed, their mean progress."""
    totals: dict[int, dict] = defaultdict(lambda: {"tasks": 0, "done": 0, "percent_sum": 0, "plans": []})
    for plan in published_plans(year=year):
        entry = totals[plan.unit_id]
        entry["unit"] = plan.unit
        entry["tasks"] += plan.task_count
        entry["done"] += plan.done_count
        entry["percent_sum"] += (plan.mean_percent or 0) * plan.task_count
        entry["plans"].append(plan)
    rows = []
    for entry in totals.values():
        tasks = entry["tasks"]
        rows.append({**entry, "percent": _percent(entry["percent_sum"] / tasks) if tasks else 0})
    return sorted(rows, key=lambda row: (-row["percent"], -(row["done"] / row["tasks"] if row["tasks"] else 0), row["unit"].name))


def province_ranking(year: int) -> Ranking | None:
    rows, rank, previous = [], 0, None
    for position, entry in enumerate(_by_unit(year), start=1):
        if entry["percent"] != previous:
            rank, previous = position, entry["percent"]
        plans = entry["plans"]
        link = reverse("portal:plan", args=[plans[0].pk]) if len(plans) == 1 else ""
        rows.append(RankingRow(
            rank=rank, unit_id=entry["unit"].pk, unit_name=entry["unit"].name,
            cells=(str(entry["tasks"]), str(entry["done"]), f"{entry['percent']}%"), percent=entry["percent"],
            link=link, link_text=(plans[0].number or "Kế hoạch") if link else "",
        ))
    if not rows:
        return None
    return Ranking(
        title=f"Tiến độ thực hiện kế hoạch CCHC năm {year}",
        columns=("Nhiệm vụ", "Đã hoàn thành", "Tiến độ bình quân"),
        rows=tuple(rows), bar_label="Tiến độ bình quân",
        note="Chỉ tính các kế hoạch đã ban hành mà người đứng đầu đơn vị quyết định công khai; "
             "tiến độ bình quân là trung bình tỷ lệ hoàn thành của các nhiệm vụ.",
    )


# --- open data ------------------------------------------------------------------------------------


def plans_table(year: int) -> Table:
    columns = (
        Column("ma_don_vi", "Mã đơn vị"), Column("don_vi", "Đơn vị"), Column("so_ky_hieu", "Số, ký hiệu"),
        Column("ten_ke_hoach", "Tên kế hoạch"), Column("ngay_ban_hanh", "Ngày ban hành"), Column("so_nhiem_vu", "Số nhiệm vụ"),
        Column("da_hoan_thanh", "Đã hoàn thành"), Column("tien_do_binh_quan", "Tiến độ bình quân (%)"),
    )
    rows = tuple(
        (plan.unit.code, plan.unit.name, plan.number, plan.title, plan.issued_on.isoformat() if plan.issued_on else "",
         plan.task_count, plan.done_count, _percent(plan.mean_percent))
        for plan in published_plans(year=year)
    )
    return Table(columns, rows)


def tasks_table(year: int) -> Table:
    columns = (
        Column("ma_don_vi", "Mã đơn vị"), Column("so_ky_hieu_ke_hoach", "Số, ký hiệu kế hoạch"),
        Column("linh_vuc", "Lĩnh vực CCHC"), Column("ten_linh_vuc", "Tên lĩnh vực trong kế hoạch"), Column("so_thu_tu", "Số thứ tự"),
        Column("nhiem_vu", "Nhiệm vụ"), Column("san_pham", "Sản phẩm"), Column("chu_tri", "Đơn vị chủ trì"),
        Column("thoi_gian", "Thời gian thực hiện"), Column("han", "Hạn hoàn thành"), Column("trang_thai", "Trạng thái"),
        Column("tien_do", "Tiến độ (%)"),
    )
    tasks = (
        Task.objects.filter(plan__in=published_plans(year=year).values("pk"))
        .select_related("plan__unit", "area", "lead_unit").order_by("plan__unit__code", "plan_id", "area__position", "position", "pk")
    )
    rows = tuple(
        (task.plan.unit.code, task.plan.number, task.area.code, task.area.title, task.number, task.title,
         "; ".join(task.products or ()), task.lead_unit.name if task.lead_unit_id else (task.lead_text or task.plan.unit.name),
         task.timeframe, task.due_date.isoformat() if task.due_date else "", task.status, int(task.percent))
        for task in tasks
    )
    return Table(columns, rows)


def years(unit: Unit | None) -> set[int]:
    rows = Publication.objects.filter(kind=KIND, object_id__in=Plan.objects.filter(status__in=IN_FORCE).values("pk"))
    if unit is not None:
        rows = rows.filter(unit=unit)
    return set(rows.values_list("year", flat=True))


def version():
    """Raised by every change to a published plan's tasks or progress (``Plan.content_version``)."""
    published = Plan.objects.filter(pk__in=Publication.objects.filter(kind=KIND).values("object_id"))
    total = published.order_by().annotate(total=Func(F("content_version"), function="SUM")).values("total")[:1]
    return Subquery(total)


SECTION = Section(
    key="plans", title="Kế hoạch cải cách hành chính", order=10, unit_view=unit_view, province_ranking=province_ranking,
    tables=(
        TableSpec("ke-hoach", "Kế hoạch CCHC đã công khai", plans_table,
                  "Mỗi dòng một kế hoạch: đơn vị, số, ký hiệu, ngày ban hành, số nhiệm vụ, tiến độ."),
        TableSpec("nhiem-vu", "Nhiệm vụ của các kế hoạch đã công khai", tasks_table,
                  "Mỗi dòng một nhiệm vụ: lĩnh vực, đơn vị chủ trì, thời gian, trạng thái, tiến độ."),
    ),
    years=years, version=version,
)
PUBLICATION_KIND = PublicationKind(KIND, _("Plan"), approve)
