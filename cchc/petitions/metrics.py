"""QĐ 766 group 5 indicators 5.1–5.3 from petitions, for many units and one window.

Registered with ``cchc.indicators.sources`` in ``apps.py``. A petition counts once, for the unit
handling it, in the window holding its first reception date ([F766] 5.3: "mỗi PAKN chỉ tính một lần
… theo ngày tiếp nhận đầu tiên"). A unit's figure is a ratio of sums over the units whose data is its
own (``cchc.units.selectors.data_scopes``: its subtree and the units merged into them; a unit formed
by a split counts the old unit's petitions the split's default gave it), never an average of
percentages. A unit with no petition in the window has no value ("chưa có dữ liệu"), never 0.

* 5.1 classified share: petitions classed "regulation, policy or procedure" or "conduct of a civil
  servant" / petitions received.
* 5.2 on-time share: petitions handled on time as of the window's end (``deadlines.on_time``) /
  petitions received.
* 5.3 satisfaction: (petitions − those rated "dissatisfied" or handled late) / petitions; a
  petition both late and rated dissatisfied is taken out once. Re-raised petitions are not
  recorded, so they are not taken out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from cchc.indicators.formulas import Ratio
from cchc.petitions import catalogue
from cchc.petitions.choices import CLASSIFIED_CATEGORIES, Rating
from cchc.petitions.deadlines import Facts, on_time
from cchc.petitions.models import Petition
from cchc.units.selectors import data_scopes, record_lines

#: the kind under which split mappings file petitions (no explicit assignment exists: a split's default decides)
PETITION_KIND = "petition"

FIELDS = ("pk", "unit_id", "category", "decide_due", "info_due", "resolve_due", "publish_due", "rejected_on",
          "info_requested_on", "approved_on", "published_on", "rating__value")


@dataclass
class Counts:
    received: int = 0
    classified: int = 0
    on_time: int = 0
    satisfied: int = 0

    def add(self, other: Counts) -> None:
        self.received += other.received
        self.classified += other.classified
        self.on_time += other.on_time
        self.satisfied += other.satisfied


def window_counts(units, date_from: dt.date, date_to: dt.date) -> dict[int, Counts]:
    """For each unit, the summed counts of the petitions whose data belongs to it for the window."""
    units = list(units)
    if not units:
        return {}
    scopes = data_scopes(units=units, date_from=date_from, date_to=date_to)
    wanted = set().union(*(scope.paths for scope in scopes.values()))
    as_of = min(date_to, timezone.localdate())
    per_petition: dict[int, tuple[int, Counts]] = {}
    rows = Petition.objects.filter(unit_id__in=wanted, received_on__gte=date_from, received_on__lte=date_to).values_list(*FIELDS)
    for pk, unit_id, category, *dates, rating in rows.iterator(chunk_size=2000):
        timely = on_time(Facts(*dates), as_of)
        per_petition[pk] = (unit_id, Counts(
            received=1, classified=int(category in CLASSIFIED_CATEGORIES), on_time=int(timely),
            satisfied=int(timely and rating != Rating.DISSATISFIED),
        ))
    divided = {pk for scope in scopes.values() for pk in scope.paths if not scope.whole(pk)}
    lines = record_lines(kind=PETITION_KIND, records=[(pk, u) for pk, (u, _c) in per_petition.items() if u in divided]) if divided else {}
    by_unit: dict[tuple[int, str], Counts] = defaultdict(Counts)
    for pk, (unit_id, counts) in per_petition.items():
        by_unit[(unit_id, lines.get(pk, ""))].add(counts)
    result: dict[int, Counts] = {}
    for unit in units:
        scope, total = scopes[unit.pk], Counts()
        for (unit_id, line), counts in by_unit.items():
            if scope.allows(unit_id, line):
                total.add(counts)
        result[unit.pk] = total
    return result


def _ratios(units, date_from, date_to, numerator: str) -> dict[int, Ratio | None]:
    return {
        pk: Ratio(getattr(counts, numerator), counts.received) if counts.received else None
        for pk, counts in window_counts(units, date_from, date_to).items()
    }


def classified_share(units, date_from: dt.date, date_to: dt.date) -> dict[int, Ratio | None]:
    return _ratios(units, date_from, date_to, "classified")


def on_time_share(units, date_from: dt.date, date_to: dt.date) -> dict[int, Ratio | None]:
    return _ratios(units, date_from, date_to, "on_time")


def satisfaction_share(units, date_from: dt.date, date_to: dt.date) -> dict[int, Ratio | None]:
    return _ratios(units, date_from, date_to, "satisfied")


COMPUTE = {"5.1": classified_share, "5.2": on_time_share, "5.3": satisfaction_share}


def register() -> None:
    from cchc.indicators import sources

    for metric in catalogue.METRICS:
        sources.register(sources.Source(code=metric.code, name=metric.name, compute=COMPUTE[metric.score766],
                                        legal_basis=catalogue.BASIS, score766=metric.score766))
