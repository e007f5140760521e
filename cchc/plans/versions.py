"""What changed between two issued states of a plan (pure: works on snapshots, no database).

A snapshot is plain JSON: ``{"header": {field: value}, "areas": [...], "tasks": {task id: {field:
value}}, "targets": [text, ...]}``, built by ``selectors.plan_snapshot``. Tasks are matched by id,
so a task renumbered or moved to another area shows as changed, not as removed and added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ADDED, REMOVED, CHANGED = "added", "removed", "changed"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any


@dataclass(frozen=True)
class TaskChange:
    kind: str
    label: str
    fields: list[FieldChange] = field(default_factory=list)


@dataclass(frozen=True)
class PlanDiff:
    header: list[FieldChange]
    tasks: list[TaskChange]
    targets_added: list[str]
    targets_removed: list[str]

    def __bool__(self) -> bool:
        return bool(self.header or self.tasks or self.targets_added or self.targets_removed)


def _field_changes(old: dict, new: dict) -> list[FieldChange]:
    return [FieldChange(name, old.get(name), new.get(name)) for name in new if old.get(name) != new.get(name)]


def _task_label(task: dict) -> str:
    return f"{task.get('number')}. {task.get('title')}" if task.get("number") else str(task.get("title"))


def diff_snapshots(old: dict, new: dict) -> PlanDiff:
    """Header fields, tasks and targets that differ from ``old`` to ``new``."""
    old_tasks, new_tasks = old.get("tasks", {}), new.get("tasks", {})
    tasks = [TaskChange(ADDED, _task_label(new_tasks[key])) for key in new_tasks if key not in old_tasks]
    tasks += [TaskChange(REMOVED, _task_label(old_tasks[key])) for key in old_tasks if key not in new_tasks]
    for key in new_tasks:
        if key in old_tasks:
            changes = _field_changes(old_tasks[key], new_tasks[key])
            if changes:
                tasks.append(TaskChange(CHANGED, _task_label(new_tasks[key]), changes))
    old_targets, new_targets = old.get("targets", []), new.get("targets", [])
    return PlanDiff(
        header=_field_changes(old.get("header", {}), new.get("header", {})),
        tasks=tasks,
        targets_added=[t for t in new_targets if t not in old_targets],
        targets_removed=[t for t in old_targets if t not in new_targets],
    )
