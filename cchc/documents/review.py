"""What the officer confirms: the extracted draft, corrected, in the shape the plans services take.

Pure: no database. ``*_initial`` turn the stored draft (``PlanDraft.to_json()``) and the unit
matches into initial values of the review forms (and of ``import_plan --save``); the forms' cleaned
data become a :class:`ReviewedPlan` that ``services.plan_from_review`` writes in one transaction.
"""

from __future__ import annotations

import unicodedata
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


# --- recognised scans ----------------------------------------------------------------------------------

#: the task fields a low-confidence word can make unsure, as the draft names them
TASK_TEXT_FIELDS = ("number", "title", "products", "lead", "coordinators", "timeframe", "budget")
#: plan fields located on a source line (``field_lines``) → the draft's name for them
PLAN_TEXT_FIELDS = {"title": "title", "number": "number", "issuer": "issuer", "signer": "signer.name"}


def source_boxes(document) -> dict[str, list]:
    """Line number → ``[page, x0, top, x1, bottom]`` (fractions of the page) for recognised lines and rows."""
    from cchc.documents.readers import Paragraph, Table

    boxes: dict[str, list] = {}

    def add(number: int, page: int | None, box) -> None:
        if box is None or page is None:
            return
        key = str(number)
        if key in boxes and boxes[key][0] == page:  # two pieces of one line: their union
            old = boxes[key]
            box = (min(old[1], box[0]), min(old[2], box[1]), max(old[3], box[2]), max(old[4], box[3]))
        boxes[key] = [page, *box]

    for block in document.blocks:
        if isinstance(block, Paragraph):
            add(block.line, block.page, block.box)
        elif isinstance(block, Table):
            for row in block.rows:
                add(row.line, row.page, row.box)
    return boxes


def unsure_words(document) -> dict[str, list[str]]:
    """Line number → the words of that line read with low confidence."""
    from cchc.documents.readers import Paragraph, Table

    found: dict[str, list[str]] = {}
    for block in document.blocks:
        rows = [block] if isinstance(block, Paragraph) else list(block.rows) if isinstance(block, Table) else []
        for row in rows:
            if row.unsure:
                found.setdefault(str(row.line), []).extend(row.unsure)
    return found


def mark_unsure(draft: dict, unsure: dict[str, list[str]], field_lines: dict[str, list[int]]) -> None:
    """Add to the draft's ``uncertain`` lists every field whose text holds a word read with low confidence
    on the lines the field came from ("cần kiểm tra" on the review page)."""
    for task in draft.get("tasks") or []:
        words = _words_on(unsure, task.get("lines"))
        if not words:
            continue
        marked = set(task.get("uncertain") or [])
        for name in TASK_TEXT_FIELDS:
            if _holds(_field_text(task.get(name)), words):
                marked.add(name)
        task["uncertain"] = sorted(marked)
    marked = list(draft.get("uncertain") or [])
    for name, draft_name in PLAN_TEXT_FIELDS.items():
        value = (draft.get("signer") or {}).get("name") if name == "signer" else draft.get(name)
        if draft_name not in marked and _holds(_field_text(value), _words_on(unsure, field_lines.get(name))):
            marked.append(draft_name)
    draft["uncertain"] = marked


def _words_on(unsure: dict[str, list[str]], lines) -> set[str]:
    if not lines or not lines[0]:
        return set()
    first, last = int(lines[0]), int(lines[-1])
    return {_token(word) for number in range(first, last + 1) for word in unsure.get(str(number), []) if _token(word)}


def _field_text(value) -> str:
    if isinstance(value, dict):
        return str(value.get("text") or "")
    if isinstance(value, list):
        return " ".join(str(item) for item in value)
    return str(value or "")


def _token(word: str) -> str:
    """A word as recognition wrote it, without the punctuation around it (the field's text holds it verbatim)."""
    return unicodedata.normalize("NFC", word).strip(".,;:!?()[]\"'“”‘’…-–")


def _holds(text: str, words: set[str]) -> bool:
    if not text or not words:
        return False
    tokens = {_token(part) for part in text.split()}
    return bool(tokens & words)


def scan_regions(boxes: dict[str, list], pages: dict[int, dict], lines, *, limit: int = 3) -> list[dict]:
    """The parts of recognised page images that source lines ``[first, last]`` were read from: one region
    per page (the union of the lines' boxes, with a margin), in pixels of the stored page image, as
    ``{"page", "x", "y", "width", "height", "image_width", "image_height"}``; at most ``limit``."""
    if not lines or not lines[0] or not boxes:
        return []
    first, last = int(lines[0]), int(lines[-1])
    unions: dict[int, list[float]] = {}
    for number in range(first, min(last, first + 200) + 1):
        box = boxes.get(str(number))
        if not box or box[0] not in pages:
            continue
        page, x0, top, x1, bottom = box
        if page in unions:
            old = unions[page]
            unions[page] = [min(old[0], x0), min(old[1], top), max(old[2], x1), max(old[3], bottom)]
        else:
            unions[page] = [x0, top, x1, bottom]
    regions = []
    for page, (x0, top, x1, bottom) in list(unions.items())[:limit]:
        width, height = pages[page]["width"], pages[page]["height"]
        margin = 0.01
        left, upper = max(0.0, x0 - margin) * width, max(0.0, top - margin) * height
        right, lower = min(1.0, x1 + margin) * width, min(1.0, bottom + margin) * height
        regions.append({"page": page, "x": round(left), "y": round(upper), "width": max(1, round(right - left)),
                        "height": max(1, round(lower - upper)), "image_width": width, "image_height": height})
    return regions
