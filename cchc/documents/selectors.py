"""Reads of the documents app: import jobs, the units a plan's names can be matched to, the Word
template that applies to a unit, and what a plan export shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cchc.core import docx_render
from cchc.documents import review
from cchc.documents.models import ImportJob, PlanTemplate
from cchc.documents.units import match_unit, rank_units
from cchc.plans.choices import AREA_ORDER, ReformArea
from cchc.units.models import Unit
from cchc.units.roles import Perm
from cchc.units.scoping import UnitGraph
from cchc.units.selectors import place_of_issue

DEFAULT_TEMPLATE = Path(__file__).resolve().parent / "templates_docx" / "plan.docx"
SUGGESTIONS = 3


def import_list(user, perm: str = Perm.VIEW):
    """Import jobs of the units the user reaches, newest first."""
    return ImportJob.objects.visible_to(user, perm).select_related("unit", "created_by", "plan").defer("result")


def units_for_plan(unit: Unit, year: int | None):
    """Units a task of ``unit``'s plan may name: the unit and the units below it that existed in ``year``.

    Units merged into it are left out: their own divisions ("Văn phòng Sở" of each former
    department) would make every name ambiguous.
    """
    units = Unit.objects.filter(pk__in=UnitGraph.load().descendants(unit.pk))
    if year:
        units = units.overlapping(dt.date(year, 1, 1), dt.date(year, 12, 31))
    return units.select_related("parent").order_by("name")


def unit_matches(names: list[str], unit: Unit, year: int | None) -> dict[str, dict]:
    """For each name written in the plan: the unit it designates when the match is sure, and the
    best suggestions (``rank_units``) for the officer to choose from."""
    candidates = list(units_for_plan(unit, year).values_list("pk", "name", "short_name"))
    matches = {}
    for name in names:
        ranked = rank_units(name, candidates, limit=SUGGESTIONS)
        matches[name] = {
            "id": match_unit(name, candidates),
            "suggestions": [{"id": m.id, "name": m.name, "score": m.score} for m in ranked],
        }
    return matches


def template_for(unit: Unit) -> PlanTemplate | None:
    """The newest template uploaded for the unit or the nearest unit above it."""
    chain = [unit.pk, *UnitGraph.load().ancestors(unit.pk)]
    newest = {}
    for template in PlanTemplate.objects.filter(unit_id__in=chain).order_by("uploaded_at", "pk"):
        newest[template.unit_id] = template
    return next((newest[unit_id] for unit_id in chain if unit_id in newest), None)


def template_bytes(unit: Unit) -> bytes:
    """The Word template that applies to the unit, else the shipped one."""
    template = template_for(unit)
    if template is not None:
        return docx_render.stored_bytes(template.file)
    return DEFAULT_TEMPLATE.read_bytes()


# --- plan export ------------------------------------------------------------------------------------


def plan_export_context(plan) -> dict:
    """What the plan's Word template and task list show (``docx_template`` names the keys)."""
    from cchc.documents import exports, layout

    unit = plan.unit
    areas = _export_areas(plan)
    number = _export_number(plan)
    issued = f"{plan.issued_on:%d/%m/%Y}" if plan.issued_on else "      "
    # a draft is issued where the unit is, whatever place an imported document named
    place = plan.place if not plan.is_draft and plan.place else place_of_issue(unit)
    return {
        "parent_name": exports.agency_name(unit.parent.name, unit.parent.kind) if unit.parent_id else "",
        "issuer_name": unit.name.upper(),
        "number": number,
        "place_date": layout.place_and_date(place, plan.issued_on, plan.year if plan.is_draft else None),
        "kind": "KẾ HOẠCH",
        "subject": plan.title,
        "blocks": _export_blocks(plan, areas),
        "recipients": _recipients(unit),
        "signer_title": plan.signer_title.upper(),
        "signer_name": plan.signer_name,
        "year": plan.year,
        "appendix_note": f"(Kèm theo Kế hoạch số {number} ngày {issued} của {unit.name})",
        "areas": areas,
    }


def _export_number(plan) -> str:
    """The plan's number and symbol; while it has no number yet (a draft, or an imported "/KH-SXD"), a blank for
    the clerk before the unit's own symbol: "      /KH-SXD"."""
    if plan.number and any(char.isdigit() for char in plan.number.split("/", 1)[0]):
        return plan.number
    return f"      /KH-{plan.unit.short_name}" if plan.unit.short_name else "      /KH"


def area_title(area) -> str:
    """An area's title as the plan writes it, or its standard name; never its code ("digital_government")."""
    title = (area.title or "").strip()
    if not title or title in ReformArea.values:
        return str(ReformArea(area.code).label) if area.code in ReformArea.values else title
    return title


def _export_areas(plan) -> list[dict]:
    """The plan's areas in the national order of reform areas (``plans.choices.AREA_ORDER``), numbered I, II, …
    in that order, and their tasks numbered 1, 2, … through the whole appendix: a task taken up from the superior
    plan keeps its number there, not here."""
    from cchc.documents import exports

    tasks = plan.tasks.select_related("lead_unit").prefetch_related("coordinating_units").order_by("position", "pk")
    by_area: dict[int, list] = {}
    for task in tasks:
        by_area.setdefault(task.area_id, []).append(task)
    ordered = sorted(plan.areas.all(), key=lambda area: (AREA_ORDER.get(area.code, len(AREA_ORDER)), area.position, area.pk))
    areas, position = [], 0
    for index, area in enumerate(ordered, 1):
        title = area_title(area)
        rows = []
        for task in by_area.get(area.pk, []):
            position += 1
            rows.append(_export_task(task, position, title))
        areas.append({"number": exports.roman(index), "title": title, "code": area.code, "tasks": rows})
    return areas


def _export_task(task, position: int, area_title: str) -> dict:
    from cchc.documents import exports

    coordinators = task.coordinators_text.split("; ") if task.coordinators_text else [
        unit.name for unit in task.coordinating_units.all()]
    return {
        "number": str(position),
        "title": task.title,
        "products": exports.cell(task.products),
        "lead": task.lead_text or (task.lead_unit.name if task.lead_unit_id else ""),
        "coordinators": exports.cell(coordinators),
        "timeframe": exports.cell(exports.timeframe_lines(task.timeframe)),
        "budget": exports.budget_text(task.budget_source, task.budget_amount),
        "due": task.due_date,
        "recurrence": task.get_recurrence_display() if task.recurrence else "",
        "status": task.get_status_display(),
        "percent": task.percent,
        "area": area_title,
    }


def _export_blocks(plan, areas: list[dict]) -> list[dict]:
    """The body: legal bases, then the numbered sections that have content."""
    from cchc.documents import exports

    blocks = [{"heading": False, "text": f"Căn cứ {(basis.get('title') or basis.get('number')).rstrip(';.')};"}
              for basis in plan.legal_bases]
    blocks.append({"heading": False, "text": f"{plan.unit.name} xây dựng Kế hoạch {plan.title[:1].lower()}{plan.title[1:]} "
                                             "như sau:"})
    targets = [f"- {target.text.rstrip(';.')};" for target in plan.targets.all()]
    task_lines = [f"{index}. {area['title']}: {len(area['tasks'])} nhiệm vụ." for index, area in enumerate(areas, 1)]
    sections = [
        ("MỤC ĐÍCH, YÊU CẦU", [("1. Mục đích", plan.purpose), ("2. Yêu cầu", plan.requirements)]),
        ("MỤC TIÊU", [("", plan.goals), ("", "\n".join(targets))]),
        ("NHIỆM VỤ", [("", "Các nhiệm vụ cụ thể, đơn vị chủ trì, phối hợp và thời gian thực hiện tại Phụ lục kèm theo."),
                      ("", "\n".join(task_lines))]),
        ("TỔ CHỨC THỰC HIỆN", [("", plan.implementation)]),
    ]
    number = 0
    for title, parts in sections:
        parts = [(heading, body) for heading, body in parts if body.strip()]
        if not parts:
            continue
        number += 1
        blocks.append({"heading": True, "text": f"{exports.roman(number)}. {title}"})
        for heading, body in parts:
            if heading:
                blocks.append({"heading": True, "text": heading})
            blocks.extend({"heading": False, "text": line.strip()} for line in body.splitlines() if line.strip())
    return blocks


def _recipients(unit) -> list[str]:
    lines = [f"- {unit.parent.name} (để báo cáo);"] if unit.parent_id else []
    return [*lines, "- Các phòng, đơn vị trực thuộc;", "- Lưu: VT."]


# --- import without review (import_plan --save) ---------------------------------------------------------


def reviewed_from_draft(draft: dict, matches: dict[str, dict], unit: Unit) -> review.ReviewedPlan:
    """The draft taken as it is, units matched where the match is sure: what ``import_plan --save`` creates."""
    tasks = [review.task_initial(task, matches, unit.pk) for task in draft.get("tasks") or []]
    ids = {pk for task in tasks for pk in [task["lead_unit"], *task["coordinating_units"]] if pk}
    units = Unit.objects.in_bulk(ids)
    header = review.plan_initial(draft)
    return review.ReviewedPlan(
        **header,
        areas=[review.ReviewedArea(**review.area_initial(area)) for area in draft.get("areas") or [] if area.get("code")],
        tasks=[
            review.ReviewedTask(**{
                **{key: value for key, value in task.items() if key not in ("include", "lead_unit", "coordinating_units")},
                "lead_unit": units.get(task["lead_unit"]),
                "coordinating_units": [units[pk] for pk in task["coordinating_units"]],
                "row": row,
            })
            for row, task in enumerate(tasks, 1)
        ],
        targets=[target["text"] for target in draft.get("targets") or [] if target.get("text")],
    )
