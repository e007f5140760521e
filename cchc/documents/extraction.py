"""Extract a draft plan from a read document: ``extract_plan(document) -> PlanDraft``.

The draft is what the "Documents in" feature shows for review before anything is saved:

- identity: issuer, number, title, year, issued_on, place, legal bases, signer;
- narrative sections (purpose, requirements, goals, solutions, budget, organisation, tasks…);
- reform areas with their standard codes (GLOSSARY: direction, institutions, procedures…);
- tasks, from a task table when the plan has one (a real DOCX/PDF table or a table dumped as text),
  otherwise from the items (bullets, lettered items, paragraphs) under each area heading;
- targets: measurable statements (with "%") in the goals sections and under the areas;
- ``uncertain``: field paths the extractor is unsure of, per task and for the plan.

Line numbers point at the source (see :mod:`cchc.documents.readers`). A task number repeated within
one area of a task table raises :class:`DocumentError` naming the row.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import asdict, dataclass, field

from cchc.documents.errors import DocumentError
from cchc.documents.hooks import TargetDraft, TimeframeDraft, parse_target_hook, parse_timeframe_hook
from cchc.documents.metadata import (
    LegalBasis,
    Signer,
    find_issuer,
    find_legal_bases,
    find_signer,
    find_title,
    find_year,
    read_header,
)
from cchc.documents.readers import Document, Paragraph, Table
from cchc.documents.structure import (
    SECTION_TASKS,
    Item,
    Line,
    Outline,
    TableSlot,
    build_items,
    outline,
    section_texts,
)
from cchc.documents.tasktables import (
    TableArea,
    TableRowDraft,
    TableTask,
    header_texts,
    rows_from_table,
    same_columns,
    table_roles,
    tasks_from_rows,
)
from cchc.documents.texttables import SourceLine, find_text_tables
from cchc.documents.units import UnitMatch, match_unit, rank_units
from cchc.documents.vocabulary import clean_item, collapse
from cchc.plans.budget import budget_text

__all__ = [
    "AreaDraft",
    "DocumentError",
    "PlanDraft",
    "TaskDraft",
    "extract_plan",
    "match_unit",
    "rank_units",
    "UnitMatch",
]


# --------------------------------------------------------------------------- the draft


@dataclass
class AreaDraft:
    """A reform area as the plan names it (Lĩnh vực CCHC), with its standard code."""

    local_number: str | None
    title: str
    code: str | None

    def to_json(self) -> dict:
        return {"local_number": self.local_number, "title": self.title, "code": self.code}


@dataclass
class TaskDraft:
    """One task (Nhiệm vụ) of the plan."""

    area_code: str | None
    number: str | None
    title: str
    products: list[str] = field(default_factory=list)
    lead: str | None = None
    coordinators: list[str] = field(default_factory=list)
    timeframe: TimeframeDraft = field(default_factory=lambda: TimeframeDraft(text=None))
    budget: str | None = None
    lines: tuple[int, int] = (0, 0)
    uncertain: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "area_code": self.area_code,
            "number": self.number,
            "title": self.title,
            "products": list(self.products),
            "lead": self.lead,
            "coordinators": list(self.coordinators),
            "timeframe": {
                "text": self.timeframe.text,
                "due": self.timeframe.due,
                "recurrence": self.timeframe.recurrence,
            },
            "budget": self.budget,
            "lines": [self.lines[0], self.lines[1]],
            "uncertain": list(self.uncertain),
        }


@dataclass
class PlanDraft:
    """Everything extracted from one plan document, not yet saved."""

    issuer: str | None = None
    number: str | None = None
    title: str | None = None
    year: int | None = None
    issued_on: datetime.date | None = None
    place: str | None = None
    legal_bases: list[LegalBasis] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)
    areas: list[AreaDraft] = field(default_factory=list)
    tasks: list[TaskDraft] = field(default_factory=list)
    targets: list[TargetDraft] = field(default_factory=list)
    signer: Signer = field(default_factory=lambda: Signer(name=None, title=None))
    uncertain: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "issuer": self.issuer,
            "number": self.number,
            "title": self.title,
            "year": self.year,
            "issued_on": self.issued_on.isoformat() if self.issued_on else None,
            "place": self.place,
            "legal_bases": [_legal_basis_json(basis) for basis in self.legal_bases],
            "sections": dict(self.sections),
            "areas": [area.to_json() for area in self.areas],
            "tasks": [task.to_json() for task in self.tasks],
            "targets": [
                {
                    "text": t.text,
                    "metric": t.metric,
                    "comparator": t.comparator,
                    "value": t.value,
                    "unit": t.unit,
                    "metric_code": t.metric_code,
                }
                for t in self.targets
            ],
            "signer": {"name": self.signer.name, "title": self.signer.title},
            "uncertain": list(self.uncertain),
        }


def _legal_basis_json(basis: LegalBasis) -> dict:
    data = asdict(basis)
    data["date"] = basis.date.isoformat() if basis.date else None
    return {key: data[key] for key in ("kind", "number", "date", "issuer", "title", "text")}


# --------------------------------------------------------------------------- entry point


def extract_plan(document: Document) -> PlanDraft:
    """Extract a :class:`PlanDraft` from a document returned by ``read_document``."""
    entries, tables = _flatten(document)
    items = build_items(entries)
    plan_outline = outline(items)

    draft = PlanDraft(warnings=list(document.warnings))
    _identity(draft, entries, _first_heading_line(items, plan_outline), plan_outline)
    draft.sections = section_texts(plan_outline)

    table_areas, table_tasks = _merge_tables(tables)
    if table_tasks:
        draft.areas = _table_area_drafts(table_areas, plan_outline)
        draft.tasks = [_task_from_table(task, draft.year) for task in table_tasks]
        narrative = _narrative_of_areas(plan_outline)
        if narrative:
            draft.sections[SECTION_TASKS] = "\n".join(
                filter(None, [draft.sections.get(SECTION_TASKS), narrative])
            )
    else:
        draft.areas = [AreaDraft(block.local_number, block.title, block.code) for block in plan_outline.areas]
        draft.tasks = [
            _task_from_item(item, block.code) for block in plan_outline.areas for item in block.items
        ]
    if draft.tasks and sum(1 for task in draft.tasks if task.uncertain) >= 0.5 * len(draft.tasks):
        draft.uncertain.append("tasks")
        draft.warnings.append(
            "Nhiều nhiệm vụ đọc được không chắc chắn; hãy kiểm tra kỹ hoặc tải lên bản Word (.docx) hay PDF gốc."
        )
    draft.targets = _targets(plan_outline, table_tasks)
    draft.uncertain.extend(
        f"targets.{index}" for index, target in enumerate(draft.targets) if target.needs_review
    )
    if not draft.tasks:
        draft.uncertain.append("tasks")
    return draft


# --------------------------------------------------------------------------- flattening


@dataclass
class _TableGroup:
    roles: list[str | None]
    rows: list[TableRowDraft] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # each column's header text, as the first page reads it
    areas: list[TableArea] = field(default_factory=list)
    tasks: list[TableTask] = field(default_factory=list)


def _flatten(document: Document) -> tuple[list[Line | TableSlot], list[_TableGroup]]:
    """Paragraphs become lines; task tables become slots (and groups of rows); other tables become lines."""
    wrapped = document.format != "docx"
    entries: list[Line | TableSlot] = []
    groups: list[_TableGroup] = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            entries.append(Line(text=block.text, line=block.line, style=block.style, wrapped=wrapped))
            continue
        if not isinstance(block, Table):
            continue
        found = table_roles(block)
        last = groups[-1] if groups else None
        if found is None and last is not None and _continues_group(block, last):
            last.rows.extend(rows_from_table(block, last.roles, 0))
            continue
        if found is None:
            entries.extend(_table_lines(block))
            continue
        roles, header_rows = found
        header = header_texts(block, header_rows)
        same = same_columns(header, roles, last.header, last.roles) if last is not None else None
        if same is not None and _only_page_furniture_since(entries, last):
            last.roles = same
            last.rows.extend(rows_from_table(block, same, header_rows))
            continue
        rows = rows_from_table(block, roles, header_rows)
        groups.append(_TableGroup(roles=roles, rows=rows, header=header))
        entries.append(TableSlot(index=len(groups) - 1, first_line=block.line))
    if wrapped:
        entries = _replace_text_tables(entries, groups)
    for group in groups:
        group.areas, group.tasks = tasks_from_rows(group.rows)
    return entries, groups


def _continues_group(table: Table, group: _TableGroup) -> bool:
    """A table fragment without its own header right after a task table on the previous page."""
    width = max((len(row.cells) for row in table.rows), default=0)
    return width == len(group.roles) and bool(table.rows) and table.rows[0].starts_page


def _only_page_furniture_since(entries: list[Line | TableSlot], group: _TableGroup) -> bool:
    """Only page numbers and the like between the previous fragment and this one."""
    for entry in reversed(entries):
        if isinstance(entry, TableSlot):
            return True
        if len(entry.text.strip()) > 12:
            return False
    return False


def _table_lines(table: Table) -> list[Line]:
    """A table that is not a task table (the header block, the signature block) as lines, row by row."""
    lines: list[Line] = []
    for row in table.rows:
        columns = [cell.text.split("\n") for cell in row.cells if not cell.merged and cell.text.strip()]
        depth = max((len(column) for column in columns), default=0)
        for index in range(depth):
            text = "     ".join(column[index].strip() for column in columns if index < len(column))
            if text.strip():
                lines.append(Line(text=text, line=row.line, wrapped=False))
    return lines


def _replace_text_tables(
    entries: list[Line | TableSlot], groups: list[_TableGroup]
) -> list[Line | TableSlot]:
    positions = [index for index, entry in enumerate(entries) if isinstance(entry, Line)]
    source = [SourceLine(entries[index].text, entries[index].line) for index in positions]
    tables = find_text_tables(source)
    if not tables:
        return entries
    replaced: dict[int, TableSlot | None] = {}
    for table in tables:
        groups.append(_TableGroup(roles=list(table.roles), rows=table.rows))
        first = positions[table.start]
        replaced[first] = TableSlot(index=len(groups) - 1, first_line=entries[first].line)
        for position in positions[table.start + 1 : table.end]:
            replaced[position] = None
    out: list[Line | TableSlot] = []
    for index, entry in enumerate(entries):
        if index in replaced:
            slot = replaced[index]
            if slot is not None:
                out.append(slot)
            continue
        out.append(entry)
    return out


def _merge_tables(groups: list[_TableGroup]) -> tuple[list[TableArea], list[TableTask]]:
    areas: list[TableArea] = []
    tasks: list[TableTask] = []
    for group in groups:
        areas.extend(group.areas)
        tasks.extend(group.tasks)
    return areas, tasks


# --------------------------------------------------------------------------- identity


def _identity(
    draft: PlanDraft, entries: list[Line | TableSlot], heading_line: int | None, plan_outline: Outline
) -> None:
    lines = [entry for entry in entries if isinstance(entry, Line)]
    head_texts = [line.text for line in lines if heading_line is None or line.line < heading_line]
    header = read_header(head_texts[:40])
    draft.number = header.number
    if header.number is None:
        draft.uncertain.append("number")
    draft.place = header.place
    draft.issued_on = header.issued_on
    if header.issued_on is None:
        draft.uncertain.append("issued_on")

    preamble_items = plan_outline.preamble
    title, title_index = find_title(preamble_items)
    draft.title = title
    if title is None:
        draft.uncertain.append("title")
    after_title = preamble_items[title_index + 1 :] if title_index is not None else preamble_items
    preamble_text = "\n".join(collapse(item.text) for item in after_title)

    draft.year = find_year(title, preamble_text)
    if draft.year is None and draft.issued_on is not None:
        draft.year = draft.issued_on.year + (1 if draft.issued_on.month >= 10 else 0)
        draft.uncertain.append("year")
    elif draft.year is None:
        draft.uncertain.append("year")

    issuer, certain = find_issuer(preamble_text, header.units)
    draft.issuer = issuer
    if not certain:
        draft.uncertain.append("issuer")
    draft.legal_bases = find_legal_bases(preamble_text)

    draft.signer = find_signer([line.text for line in lines])
    if draft.signer.name is None:
        draft.uncertain.append("signer.name")
    if draft.signer.title is None:
        draft.uncertain.append("signer.title")


def _first_heading_line(items: list[Item | TableSlot], plan_outline: Outline) -> int | None:
    if plan_outline.first_heading_index is None:
        return None
    heading = items[plan_outline.first_heading_index]
    return heading.first_line


# --------------------------------------------------------------------------- tasks


def _task_from_table(task: TableTask, year: int | None) -> TaskDraft:
    timeframe = parse_timeframe_hook(task.timeframe_text, year=year)
    uncertain = set(task.uncertain)
    if timeframe.needs_review:
        uncertain.add("timeframe")
    return TaskDraft(
        area_code=task.area_code,
        number=task.number,
        title=task.title,
        products=task.products,
        lead=task.lead,
        coordinators=task.coordinators,
        timeframe=timeframe,
        budget=budget_text(task.budget) if task.budget else task.budget,
        lines=(task.first_line, task.last_line),
        uncertain=sorted(uncertain),
    )


def _task_from_item(item: Item, area_code: str | None) -> TaskDraft:
    number = item.marker if item.marker_kind in ("letter", "number") else None
    body = item.body if item.marker_kind in ("roman", "number", "letter", "bullet") else item.text
    uncertain = [] if area_code else ["area_code"]
    return TaskDraft(
        area_code=area_code,
        number=number,
        title=clean_item(body),
        lines=(item.first_line, item.last_line),
        uncertain=uncertain,
    )


def _table_area_drafts(areas: list[TableArea], plan_outline: Outline) -> list[AreaDraft]:
    """Areas of the task table; a missing local number is taken from the narrative heading of that area."""
    narrative_numbers: dict[str, str] = {}
    for block in plan_outline.areas:
        if block.code and block.local_number and block.code not in narrative_numbers:
            narrative_numbers[block.code] = block.local_number
    drafts: list[AreaDraft] = []
    for area in areas:
        number = area.local_number or (narrative_numbers.get(area.code) if area.code else None)
        drafts.append(AreaDraft(local_number=number, title=area.title, code=area.code))
    return drafts


def _narrative_of_areas(plan_outline: Outline) -> str:
    parts: list[str] = []
    for block in plan_outline.areas:
        parts.append(f"{block.local_number}. {block.title}" if block.local_number else block.title)
        parts.extend(collapse(item.text) for item in block.items)
    return "\n".join(parts)


# --------------------------------------------------------------------------- targets

_TOP_LEVEL_SEMICOLON = re.compile(r";(?![^()]*\))")


def _targets(plan_outline: Outline, table_tasks: list[TableTask]) -> list[TargetDraft]:
    texts: list[str] = []
    for item in plan_outline.goal_items:
        texts.extend(_target_texts(_item_body(item)))
    for block in plan_outline.areas:
        for item in block.items:
            texts.extend(_target_texts(_item_body(item)))
    for task in table_tasks:
        texts.extend(_target_texts(task.title))
    seen: set[str] = set()
    targets: list[TargetDraft] = []
    for text in texts:
        if text in seen:
            continue
        seen.add(text)
        targets.append(parse_target_hook(text))
    return targets


def _item_body(item: Item) -> str:
    return item.body if item.marker_kind in ("roman", "number", "letter", "bullet") else item.text


def _target_texts(text: str) -> list[str]:
    """A measurable statement (it has a "%"); several ";"-clauses with a "%" each make several targets."""
    if "%" not in text:
        return []
    clauses = [clean_item(clause) for clause in _TOP_LEVEL_SEMICOLON.split(text)]
    measured = [clause for clause in clauses if "%" in clause]
    if len(measured) >= 2:
        return measured
    return [clean_item(text)]
