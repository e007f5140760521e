"""PAR INDEX results: points, index, area sub-indices, class and rank (pure, no database).

The rules (par_index.md §2, §4), with what no source fixes made explicit:

* A leaf's points are its appraisal part (method ``appraisal`` or ``both``) plus its survey part
  (method ``survey`` or ``both``). A parent's points are the sum of its leaves.
* Index = points / maximum × 100 (MARD summary of QĐ 1149). With a survey share (68 appraised + 32
  survey, 60 + 40…) the maximum is the whole set's. Without a survey (the set has no survey
  criterion, or the campaign ran none) the survey criteria are left out and the appraised points are
  rescaled to 100: index = appraised / appraised maximum × 100 (Hà Nội's framework for divisions).
* Area sub-index = the area's points / the area's maximum × 100, over the same criteria.
* Bonus and penalty points (điểm thưởng, điểm trừ) are on the 100-point scale of the index: their sums
  are capped at the set's caps, then index = base index + bonus − penalty, never below 0.
* Figures are rounded half up to 2 decimals; the class is read from the rounded index, each class
  starting at its minimum inclusive (80,00 is "Tốt" when Tốt starts at 80, 79,99 is not).
* Rank within the level: higher index first; equal (rounded) indices share a rank and the next
  rank skips (1, 2, 2, 4).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from cchc.parindex.numbers import round_half_up

ZERO = Decimal(0)
HUNDRED = Decimal(100)
APPRAISAL, SURVEY, BOTH = "appraisal", "survey", "both"
CRITERION, BONUS, PENALTY = "criterion", "bonus", "penalty"


@dataclass(frozen=True)
class Node:
    code: str
    title: str
    parent: str | None
    max_points: Decimal
    method: str = APPRAISAL
    kind: str = CRITERION


@dataclass(frozen=True)
class Scheme:
    """A set's scoring settings: ``thresholds`` are (label, minimum) pairs; ``survey`` is whether survey
    points count (False when the campaign ran no survey)."""

    thresholds: tuple[tuple[str, Decimal], ...] = ()
    bonus_cap: Decimal = ZERO
    penalty_cap: Decimal = ZERO
    survey: bool = True


class Points(NamedTuple):
    """What one leaf (or bonus, penalty item) earned: its appraisal part and its survey part."""

    appraised: Decimal | None = None
    survey: Decimal | None = None


@dataclass(frozen=True)
class AreaResult:
    code: str
    title: str
    points: Decimal
    max_points: Decimal
    index: Decimal | None


@dataclass(frozen=True)
class Lost:
    code: str
    title: str
    max_points: Decimal
    points: Decimal

    @property
    def lost(self) -> Decimal:
        return self.max_points - self.points


@dataclass
class UnitResult:
    appraised: Decimal
    survey: Decimal
    max_points: Decimal
    appraised_max: Decimal
    survey_max: Decimal
    rescaled: bool
    bonus: Decimal
    penalty: Decimal
    index: Decimal
    label: str
    areas: list[AreaResult] = field(default_factory=list)
    lost: list[Lost] = field(default_factory=list)

    @property
    def points(self) -> Decimal:
        """Points on the set's scale: appraised + survey + bonus − penalty."""
        return self.appraised + self.survey + self.bonus - self.penalty


class Tree:
    """The nodes of a set, indexed once and reused for every unit (150 units × 100 criteria)."""

    def __init__(self, nodes: Iterable[Node]):
        all_nodes = list(nodes)
        self.extras = [n for n in all_nodes if n.kind != CRITERION]
        self.nodes = [n for n in all_nodes if n.kind == CRITERION]
        parents = {n.parent for n in self.nodes if n.parent}
        self.leaves = [n for n in self.nodes if n.code not in parents]
        by_code = {n.code: n for n in self.nodes}
        self.areas = [n for n in self.nodes if not n.parent]
        self.area_of: dict[str, str] = {}
        for leaf in self.leaves:
            current = leaf
            seen = set()
            while current.parent and current.parent in by_code and current.code not in seen:
                seen.add(current.code)
                current = by_code[current.parent]
            self.area_of[leaf.code] = current.code
        self.positions = {n.code: i for i, n in enumerate(self.nodes)}
        self.survey_max = sum((n.max_points for n in self.leaves if n.method == SURVEY), ZERO)
        self.appraised_max = sum((n.max_points for n in self.leaves if n.method != SURVEY), ZERO)


def classify(index: Decimal, thresholds: Sequence[tuple[str, Decimal]]) -> str:
    """The label of the highest class whose minimum ``index`` reaches (inclusive); "" when none does."""
    for label, minimum in sorted(thresholds, key=lambda item: item[1], reverse=True):
        if index >= minimum:
            return label
    return ""


def _percent(points: Decimal, maximum: Decimal) -> Decimal | None:
    return None if maximum == 0 else points / maximum * HUNDRED


NOTHING = Points()


def unit_result(tree: Tree | Iterable[Node], points: Mapping[str, Points], scheme: Scheme, *, details: bool = True) -> UnitResult:
    """The result of one unit from the points of its leaves and bonus and penalty items (missing: 0). Without
    ``details`` the area sub-indices and the criteria lost are left out (a ranking needs the totals only)."""
    tree = tree if isinstance(tree, Tree) else Tree(list(tree))
    with_survey = scheme.survey and tree.survey_max > 0
    appraised = survey = ZERO
    area_points: dict[str, Decimal] = {}
    area_max: dict[str, Decimal] = {}
    lost = []
    for leaf in tree.leaves:
        method = leaf.method
        if method == SURVEY and not with_survey:
            continue
        got = points.get(leaf.code, NOTHING)
        part_a = (got.appraised or ZERO) if method != SURVEY else ZERO
        part_s = (got.survey or ZERO) if method != APPRAISAL and with_survey else ZERO
        appraised += part_a
        survey += part_s
        if details:
            earned = part_a + part_s
            area = tree.area_of[leaf.code]
            area_points[area] = area_points.get(area, ZERO) + earned
            area_max[area] = area_max.get(area, ZERO) + leaf.max_points
            lost.append(Lost(leaf.code, leaf.title, leaf.max_points, earned))
    maximum = tree.appraised_max + (tree.survey_max if with_survey else ZERO)
    base = _percent(appraised + survey, maximum) or ZERO
    bonus = min(sum(((points.get(n.code) or NOTHING).appraised or ZERO for n in tree.extras if n.kind == BONUS), ZERO),
                scheme.bonus_cap)
    penalty = min(sum(((points.get(n.code) or NOTHING).appraised or ZERO for n in tree.extras if n.kind == PENALTY), ZERO),
                  scheme.penalty_cap)
    index = round_half_up(max(base + bonus - penalty, ZERO))
    areas = [
        AreaResult(a.code, a.title, area_points.get(a.code, ZERO), area_max.get(a.code, ZERO),
                   None if not area_max.get(a.code) else round_half_up(_percent(area_points[a.code], area_max[a.code])))
        for a in tree.areas
    ] if details else []
    positions = tree.positions
    lost.sort(key=lambda item: (-item.lost, positions[item.code]))
    return UnitResult(
        appraised=appraised, survey=survey, max_points=maximum, appraised_max=tree.appraised_max,
        survey_max=tree.survey_max if with_survey else ZERO, rescaled=not with_survey, bonus=bonus, penalty=penalty,
        index=index, label=classify(index, scheme.thresholds), areas=areas, lost=lost,
    )


def rank(indices: Mapping[Hashable, Decimal]) -> dict[Hashable, int]:
    """Competition ranking: 1 + the number of strictly higher indices (ties share a rank)."""
    ordered = sorted(indices.values(), reverse=True)
    first_at: dict[Decimal, int] = {}
    for position, value in enumerate(ordered, 1):
        first_at.setdefault(value, position)
    return {key: first_at[value] for key, value in indices.items()}


@dataclass(frozen=True)
class Change:
    """Against last year: index points gained (negative: lost) and ranks climbed (negative: fell)."""

    index: Decimal | None
    rank: int | None


def change(index: Decimal, rank_now: int, previous_index: Decimal | None, previous_rank: int | None) -> Change:
    return Change(
        index=None if previous_index is None else index - previous_index,
        rank=None if previous_rank is None else previous_rank - rank_now,
    )
