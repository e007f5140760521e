"""Which open deadlines a calendar change moves, asked of every app before the change is saved.

This package imports no app: each app that keeps deadlines registers a :class:`DeadlineSource` in
its ``AppConfig.ready()`` (``plans``: task periods not done; ``reporting``: report deadlines;
``procedures``: a note that open dossiers keep their stored due dates). A source compares the
calendar before and after the change and lists what moves; a moved deadline of a submitted report
is *locked*: the change is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from cchc.calendar.workdays import WorkCalendar


@dataclass(frozen=True)
class MovedDeadline:
    """One deadline the change moves: what it is, from when to when; ``locked`` = already submitted."""

    kind: str
    label: str
    old: date
    new: date
    locked: bool = False
    key: tuple = ()


@dataclass(frozen=True)
class DeadlineSource:
    """An app's deadlines: ``moved(before, after, changed_days)`` lists what moves; ``apply(moved,
    after)`` re-stores the stored ones after the change is saved; ``notes(changed_days)`` says what
    is kept (dossiers)."""

    name: str
    moved: Callable[[WorkCalendar, WorkCalendar, frozenset[date]], Iterable[MovedDeadline]]
    apply: Callable[[list[MovedDeadline], WorkCalendar], None] | None = None
    notes: Callable[[frozenset[date], date | None], Iterable[str]] | None = None


_sources: dict[str, DeadlineSource] = {}


def register(source: DeadlineSource) -> None:
    _sources[source.name] = source


@dataclass
class ChangePreview:
    """What a calendar change does: the days whose status changes, the deadlines it moves, notes."""

    changed_days: frozenset[date]
    moved: dict[str, list[MovedDeadline]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def all_moved(self) -> list[MovedDeadline]:
        return [m for moved in self.moved.values() for m in moved]

    @property
    def locked(self) -> list[MovedDeadline]:
        return [m for m in self.all_moved if m.locked]


def changed_days(before: WorkCalendar, after: WorkCalendar) -> frozenset[date]:
    """Days that are working days in one calendar and not in the other."""
    candidates = (
        before.extra_days_off ^ after.extra_days_off
    ) | (before.extra_working_days ^ after.extra_working_days)
    return frozenset(d for d in candidates if before.is_working_day(d) != after.is_working_day(d))


def preview(before: WorkCalendar, after: WorkCalendar, *, effective_from: date | None = None) -> ChangePreview:
    """Ask every registered source what the change from ``before`` to ``after`` moves."""
    days = changed_days(before, after)
    result = ChangePreview(changed_days=days)
    if not days:
        return result
    for name, source in sorted(_sources.items()):
        result.moved[name] = sorted(source.moved(before, after, days), key=lambda m: (m.old, m.label))
        if source.notes is not None:
            result.notes.extend(source.notes(days, effective_from))
    return result


def apply(result: ChangePreview, after: WorkCalendar) -> None:
    """Let each source re-store the deadlines it keeps stored (called once the change is saved)."""
    for name, moved in result.moved.items():
        source = _sources.get(name)
        if source is not None and source.apply is not None and moved:
            source.apply(moved, after)
