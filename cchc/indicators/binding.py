"""Which metric measures a plan target ("Chỉ tiêu"): ``bind(text) -> metric code``.

Every target gets a code. Targets about dossiers and the procedure catalogue go to the catalogue
metric that computes them (``cchc.indicators.catalogue``); publication and inspection-coverage
targets go to codes reserved here for metrics another part of the platform computes; every other
target (legal documents reviewed, training shares, e-documents, ISO upkeep, …) goes to the
**manual metric**: the unit reports a numerator, a denominator and evidence each period
(``cchc.plans.models.ManualMeasurement``).

A reserved code that the catalogue does not compute yet is reported by hand in the meantime
(``reported_by_hand``): the binding does not change when the computation lands.

The rules read the target's sentence (folded: no case, no diacritics), first match wins:

1. on time — dossiers resolved ("giải quyết", "hồ sơ", "xử lý") "đúng hạn", "trước hạn" → ``on_time_rate`` (the provincial report's reading: resolved on
   time or early over resolved; ``on_time_rate_766`` is the alternative, chosen by hand).
2. online payment — "thanh toán" → ``online_payment_share``.
3. digitisation — results ("kết quả") given as "bản điện tử" → ``electronic_result_share`` (QĐ 766 4.1);
   otherwise "số hóa" → ``digitisation_share`` (4.2).
4. online — what the sentence counts decides: dossiers ("hồ sơ" named before any procedure)
   "trực tuyến" → ``online_share`` (3.3); procedures ("TTHC", "thủ tục hành chính") or online
   services "toàn trình" → ``full_online_share`` (3.1).
5. publication — procedures (not internal ones, "TTHC nội bộ") "công bố", "công khai", "niêm yết" →
   ``PUBLICATION_METRIC`` (QĐ 766 group 1).
6. inspection coverage — "kiểm tra" with "CCHC" or "công vụ" → ``INSPECTION_METRIC``.
7. anything else → ``MANUAL_METRIC``.

Pure Python: no Django, no database.
"""

from __future__ import annotations

import re
from enum import StrEnum

from cchc.core.text import fold
from cchc.indicators import catalogue, sources

__all__ = ["INSPECTION_METRIC", "MANUAL_METRIC", "PUBLICATION_METRIC", "MetricKind", "bind", "kind_of", "reported_by_hand"]

#: The manual metric: numerator, denominator and evidence reported by the unit each period.
MANUAL_METRIC = "manual"
#: QĐ 766 group 1 (procedures published on time, complete, in the national database). Reserved:
#: the catalogue does not compute it yet, so until it does a unit reports it by hand.
PUBLICATION_METRIC = "publication_share"
#: Share of the units below a unit that its administrative-reform inspections covered in the window.
#: Computed by the inspections app (``cchc.inspections.metrics``, registered in ``sources``).
INSPECTION_METRIC = "inspection_coverage"


class MetricKind(StrEnum):
    """What a bound target measures, for counting and for the import report."""

    ON_TIME = "on_time"
    ONLINE = "online"
    PAYMENT = "payment"
    DIGITISATION = "digitisation"
    PUBLICATION = "publication"
    INSPECTION = "inspection"
    MANUAL = "manual"
    OTHER = "other"


_KINDS = {
    "on_time_rate": MetricKind.ON_TIME,
    "on_time_rate_766": MetricKind.ON_TIME,
    "on_time_rate_due": MetricKind.ON_TIME,
    "online_share": MetricKind.ONLINE,
    "full_online_share": MetricKind.ONLINE,
    "online_payment_share": MetricKind.PAYMENT,
    "digitisation_share": MetricKind.DIGITISATION,
    "electronic_result_share": MetricKind.DIGITISATION,
    PUBLICATION_METRIC: MetricKind.PUBLICATION,
    INSPECTION_METRIC: MetricKind.INSPECTION,
    MANUAL_METRIC: MetricKind.MANUAL,
}

_PROCEDURE = re.compile(r"\b(?:tthc|thu tuc hanh chinh|thu tuc)\b")
_DOSSIER = re.compile(r"\bho so\b")
_SERVICE = re.compile(r"\bdich vu cong\b")


def _has(folded: str, *words: str) -> bool:
    return any(re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", folded) for word in words)


def _first(folded: str, *patterns: re.Pattern) -> int:
    found = [match.start() for pattern in patterns if (match := pattern.search(folded))]
    return min(found) if found else len(folded) + 1


def bind(text: str) -> str:
    """The metric code that measures the target written as ``text`` (never empty)."""
    folded = fold(text)
    if _has(folded, "dung han", "truoc han") and _has(folded, "giai quyet", "ho so", "xu ly"):
        return "on_time_rate"
    if _has(folded, "thanh toan"):
        return "online_payment_share"
    if _has(folded, "ket qua") and _has(folded, "ban dien tu", "ket qua dien tu"):
        return "electronic_result_share"
    if _has(folded, "so hoa"):
        return "digitisation_share"
    dossier_first = _first(folded, _DOSSIER) < _first(folded, _PROCEDURE, _SERVICE)
    if _has(folded, "truc tuyen") and dossier_first:
        return "online_share"
    procedures_first = _first(folded, _PROCEDURE) < _first(folded, _DOSSIER, _SERVICE)
    if _has(folded, "toan trinh") and not dossier_first:
        return "full_online_share"
    if procedures_first and not _has(folded, "noi bo") and _has(folded, "cong bo", "cong khai", "niem yet"):
        return PUBLICATION_METRIC
    if _has(folded, "kiem tra") and _has(folded, "cchc", "cai cach hanh chinh", "cong vu"):
        return INSPECTION_METRIC
    return MANUAL_METRIC


def kind_of(code: str) -> MetricKind:
    """The kind of a metric code; a catalogue code outside the kinds above is ``OTHER``."""
    return _KINDS.get(catalogue.ALIASES.get(code, code), MetricKind.OTHER)


def is_computed(code: str) -> bool:
    """Whether the platform computes ``code``: the catalogue (dossiers, procedure catalogue) or a
    metric another app registered (``cchc.indicators.sources``)."""
    if sources.get(code) is not None:
        return True
    try:
        catalogue.canonical(code)
    except KeyError:
        return False
    return True


def reported_by_hand(code: str) -> bool:
    """Whether a target bound to ``code`` gets its values from the unit's manual measurements."""
    return bool(code) and not is_computed(code)
