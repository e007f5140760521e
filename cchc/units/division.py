"""How a split divides the old unit's data (pure rules, no database).

A split (chia tách) closes one unit and opens several. Each dossier, plan task and report that
belonged to the old unit's data goes to exactly one of the new units, so that the new units'
figures add up to the old unit's and a consolidated sum counts every record once.

A record's *line* names, for every split its data went through, the new unit that took it:
``"12:40,15:52"`` means split 12 gave it to unit 40 and split 15 to unit 52. A record of a unit
no split ever divided has the empty line. A unit reached through a split (see
``cchc.units.selectors.data_scope``) counts a record of the old unit only when the record's line
holds every (split, new unit) pair on the way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

#: (split change id, successor unit id)
Step = tuple[int, int]


def line_key(steps: Iterable[Step]) -> str:
    """The canonical text of a line, ordered by split."""
    return ",".join(f"{change}:{successor}" for change, successor in sorted(steps))


def parse_line(key: str) -> frozenset[Step]:
    if not key:
        return frozenset()
    return frozenset(tuple(int(part) for part in step.split(":")) for step in key.split(","))  # type: ignore[misc]


@dataclass
class SplitMapping:
    """The confirmed mapping of one split: explicit lines by record, rules by procedure and field, a default."""

    change_id: int
    default: int | None = None
    by_record: dict[str, dict[int, int]] = field(default_factory=dict)
    by_procedure: dict[int, int] = field(default_factory=dict)
    by_sector: dict[str, int] = field(default_factory=dict)

    def successor(self, kind: str, record_id: int, *, procedure_id: int | None = None, sector: str = "") -> int | None:
        """Who takes the record: its own line, else its procedure's, else its field's, else the default."""
        explicit = self.by_record.get(kind, {}).get(record_id)
        if explicit is not None:
            return explicit
        if procedure_id is not None and procedure_id in self.by_procedure:
            return self.by_procedure[procedure_id]
        if sector and sector in self.by_sector:
            return self.by_sector[sector]
        return self.default


def record_line(
    mappings: Iterable[SplitMapping], kind: str, record_id: int, *, procedure_id: int | None = None, sector: str = ""
) -> str:
    """The line of one record of a unit, given the mappings of every split whose old unit's data holds it."""
    steps = []
    for mapping in mappings:
        successor = mapping.successor(kind, record_id, procedure_id=procedure_id, sector=sector)
        if successor is not None:
            steps.append((mapping.change_id, successor))
    return line_key(steps)


@dataclass(frozen=True)
class DataScope:
    """Whose data belongs to a unit for a window (``cchc.units.selectors.data_scope``).

    ``paths`` maps each unit whose records count to the demands of the ways they reach the unit:
    an empty demand takes all of them (the unit itself, its subtree, units merged into it); a
    demand reached through a split takes only the records whose line holds its steps.
    """

    unit_id: int
    paths: dict[int, frozenset[frozenset[Step]]]

    @property
    def ids(self) -> list[int]:
        return sorted(self.paths)

    def whole(self, unit_id: int) -> bool:
        """Whether every record of ``unit_id`` counts, whatever its line."""
        return frozenset() in self.paths.get(unit_id, frozenset())

    def allows(self, unit_id: int, line: str) -> bool:
        demands = self.paths.get(unit_id)
        if not demands:
            return False
        if frozenset() in demands:
            return True
        steps = parse_line(line)
        return any(demand <= steps for demand in demands)
