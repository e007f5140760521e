"""Metrics that other parts of the platform compute: inspections, petitions, surveys, PAR INDEX.

The dossier metrics live in ``cchc.indicators.catalogue`` and are computed from window totals.
A metric whose data lives in another app is registered here by that app (in its
``AppConfig.ready``) with a function that computes it for many units and one window:

    sources.register(sources.Source(
        code="inspection_coverage",
        name="Tỷ lệ đơn vị được kiểm tra CCHC",
        compute=selectors.coverage_ratios,      # (units, date_from, date_to) -> {unit id: Ratio | None}
        legal_basis="…",
        score766="",                            # the QĐ 766 indicator it feeds, e.g. "5.2"
    ))

The indicators app then treats the code like any other: plan targets bound to it are measured
(``selectors.measured_targets``), ``metric_values`` answers for it, and a source that names a QĐ 766
indicator fills that indicator of the scorecard. ``None`` for a unit means the system holds no data
for it ("chưa có dữ liệu"), never zero. The indicators app never imports the apps that register.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cchc.indicators.formulas import Ratio

__all__ = ["Source", "by_score766", "get", "register", "registered", "values"]

Compute = Callable[[list, dt.date, dt.date], dict[int, Ratio | None]]


@dataclass(frozen=True)
class Source:
    code: str
    name: str
    compute: Compute
    legal_basis: str = ""
    #: The QĐ 766 indicator this metric fills ("5.1" … "5.4"), or "".
    score766: str = ""
    #: "ratio" (shown as a percentage) or "average" (a mean, e.g. a satisfaction score).
    kind: str = "ratio"


_REGISTRY: dict[str, Source] = {}


def register(source: Source) -> None:
    """Add ``source``; registering the same code twice replaces it (app reloads in tests)."""
    _REGISTRY[source.code] = source


def get(code: str) -> Source | None:
    return _REGISTRY.get(code)


def registered() -> tuple[Source, ...]:
    return tuple(_REGISTRY.values())


def by_score766() -> dict[str, Source]:
    """Registered sources by the QĐ 766 indicator they fill."""
    return {source.score766: source for source in _REGISTRY.values() if source.score766}


def values(code: str, *, units: Iterable, date_from: dt.date, date_to: dt.date) -> dict[int, Ratio | None]:
    """The registered metric ``code`` for each unit (KeyError when nothing registered it)."""
    source = _REGISTRY[code]
    units = list(units)
    computed = source.compute(units, date_from, date_to)
    return {unit.pk: computed.get(unit.pk) for unit in units}
