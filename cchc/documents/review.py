"""What the officer confirms: the extracted draft, corrected, in the shape the plans services take.

Pure: no database. ``*_initial`` turn the stored draft (``PlanDraft.to_json()``) and the unit
matches into initial values of the review forms (and of ``import_plan --save``); the forms' cleaned
data become a :class:`ReviewedPlan` that ``services.plan_from_review`` writes in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cchc.core.text import fold

#: the draft's narrative sections and the plan field each one fills
SECTION_FIELDS = {"purpose": "purpose", "requirements": "requirements", "goals": "goals", "organisation": "implementation"}


@dataclass
class ReviewedArea:
    code: str
    title: str
    local_number: str = ""


@dataclass
class ReviewedTask:
    """One task as confirmed: the fields of ``plans.services.task_create``, units as ``Unit`` rows."""

    area_code: str
    title: str
    row: int = 0  # the task's place on the review page, to name it in messages
    number: str = ""
    products: list[str] = field(default_factory=list)
    lead_unit: object | None = None
    lead_text: str = ""
    coordinating_units: list = field(default_factory=list)
    coordinators_text: str = ""
    timeframe: str = ""
    budget_source: str = ""


@dataclass
class ReviewedPlan:
    """The plan header (``plans.services.PLAN_FIELDS`` plus year and signer), its areas, tasks and targets."""

    year: int
    title: str
    number: str = ""
    place: str = ""
    parent_plan: object | None = None
    legal_bases: list[dict] = field(default_factory=list)
    purpose: str = ""
    requirements: str = ""
    goals: str = ""
    implementation: str = ""
    signer_name: str = ""
    signer_title: str = ""
    areas: list[ReviewedArea] = field(default_factory=list)
    tasks: list[ReviewedTask] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)

    def header(self) -> dict:
        """The keyword arguments of ``plans.services.plan_create`` besides unit and actor."""
        names = ("year", "title", "number", "place", "parent_plan", "legal_bases", "purpose", "requirements", "goals",
                 "implementation")
        return {name: getattr(self, name) for name in names}


def plan_initial(draft: dict) -> dict:
    """Header values of the review form from the draft."""
    signer = draft.get("signer") or {}
    initial = {
        "year": draft.get("year"),
        "title": draft.get("title") or "",
        "number": draft.get("number") or "",
        "place": draft.get("place") or "",
        "legal_bases": [
            {**{key: basis.get(key) or "" for key in ("kind", "number", "date", "issuer")}, "title": basis.get("text") or ""}
            for basis in draft.get("legal_bases") or [] if basis.get("number")
        ],
        "signer_name": signer.get("name") or "",
        "signer_title": signer.get("title") or "",
    }
    sections = draft.get("sections") or {}
    for section, name in SECTION_FIELDS.items():
        initial[name] = narrative(sections.get(section) or "")
    return initial


def narrative(text: str) -> str:
    """A section's text without the closing block that follows the last section ("Nơi nhận:", the signature…)."""
    lines = text.splitlines()
    end = next((index for index, line in enumerate(lines) if fold(line).startswith("noi nhan")), len(lines))
    return "\n".join(lines[:end]).strip()


def area_initial(area: dict) -> dict:
    return {"code": area.get("code") or "", "title": area.get("title") or "", "local_number": area.get("local_number") or ""}


def task_initial(task: dict, matches: dict[str, dict], own_unit_id: int) -> dict:
    """A task's form values: the lead and coordinators matched to units where the match is sure.

    A coordinator that is the responsible unit (the lead, or the plan's unit when the lead is a
    group) is left out: a unit cannot both lead and coordinate a task.
    """
    lead = task.get("lead") or ""
    lead_id = (matches.get(lead) or {}).get("id") if lead else None
    responsible = lead_id or own_unit_id
    coordinators = [name for name in task.get("coordinators") or [] if name]
    coordinator_ids = []
    for name in coordinators:
        unit_id = (matches.get(name) or {}).get("id")
        if unit_id and unit_id != responsible and unit_id not in coordinator_ids:
            coordinator_ids.append(unit_id)
    timeframe = task.get("timeframe") or {}
    return {
        "include": True,
        "area_code": task.get("area_code") or "",
        "number": task.get("number") or "",
        "title": task.get("title") or "",
        "products": list(task.get("products") or []),
        "lead_unit": lead_id,
        "lead_text": lead,
        "coordinating_units": coordinator_ids,
        "coordinators_text": "; ".join(coordinators),
        "timeframe": timeframe.get("text") or "",
        "budget_source": task.get("budget") or "",
    }


def unit_names(draft: dict) -> list[str]:
    """Every distinct unit name the draft's tasks write, in order of appearance."""
    names: dict[str, None] = {}
    for task in draft.get("tasks") or []:
        for name in [task.get("lead"), *(task.get("coordinators") or [])]:
            if name:
                names.setdefault(name, None)
    return list(names)


def source_excerpt(source: dict[str, str], lines: list[int] | tuple[int, int] | None, *, limit: int = 60) -> list[tuple[int, str]]:
    """The source lines ``[first, last]`` as (number, text), at most ``limit`` of them."""
    if not lines or not lines[0]:
        return []
    first, last = int(lines[0]), int(lines[-1])
    return [(n, source[str(n)]) for n in range(first, min(last, first + limit - 1) + 1) if str(n) in source]


def locate(value: str | None, source: dict[str, str]) -> list[int]:
    """The first source line that contains ``value`` (or its first words), ignoring case and accents."""
    if not value:
        return []
    needle = fold(" ".join(str(value).split()[:8]))
    if len(needle) < 3:
        return []
    for number, text in sorted(source.items(), key=lambda item: int(item[0])):
        if needle in fold(" ".join(text.split())):
            return [int(number), int(number)]
    return []


def source_lines(document) -> dict[str, str]:
    """Line number → text of a read document (a table row's cells joined by " | "), for showing
    each extracted field next to where it came from. Keys are strings (the map is stored as JSON)."""
    from cchc.documents.readers import Paragraph, Table

    lines: dict[str, str] = {}

    def add(number: int, text: str) -> None:
        key = str(number)
        lines[key] = f"{lines[key]} {text}" if key in lines else text

    for block in document.blocks:
        if isinstance(block, Paragraph):
            add(block.line, block.text.strip())
        elif isinstance(block, Table):
            for row in block.rows:
                cells = [" ".join(cell.text.split()) for cell in row.cells if not cell.merged]
                add(row.line, " | ".join(cell for cell in cells if cell))
    return lines
