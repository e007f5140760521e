"""The metric catalogue as code: what each metric computes from a unit's window totals.

Pure Python. The ``Metric`` table holds the same codes with editable Vietnamese texts (loaded by
a data migration from ``METRICS``); computation always goes through ``compute(code, totals)``.
Sources: tthc_indicators.md §3–4 ([F766], QĐ 766/QĐ-TTg 2022) and the one-stop report columns
(§3.3). Plans link targets to these codes (``Target.metric_code``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from decimal import Decimal
from functools import cached_property

from cchc.indicators.formulas import (
    DossierCounts,
    OnTimeBasis,
    Ratio,
    format_decimal_vi,
    late_share,
    on_time_rate,
)

QD766 = "QĐ 766/QĐ-TTg ngày 23/6/2022; mô tả công thức tính chỉ số 766 ([F766], chưa xác minh nguồn)"
NĐ61 = "NĐ 61/2018/NĐ-CP, TT 01/2018/TT-VPCP (nay NĐ 118/2025/NĐ-CP, TT 03/2025/TT-VPCP)"
SOURCE = "Hệ thống thông tin một cửa điện tử (dữ liệu hồ sơ)"
_COUNT_NAMES = tuple(f.name for f in fields(DossierCounts))


@dataclass(frozen=True)
class Totals:
    """A unit's dossier figures for a window: report columns plus the sums the shares need."""

    carried_over: int = 0
    received_direct: int = 0
    received_online: int = 0
    received_postal: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    in_progress_within: int = 0
    in_progress_overdue: int = 0
    returned_or_withdrawn: int = 0
    received_online_counted: int = 0
    paid_online: int = 0
    owes_fee: int = 0
    digitised: int = 0
    resolution_days: int = 0
    paper_result_finished: int = 0
    electronic_result_finished: int = 0
    late_with_apology: int = 0

    def __add__(self, other: Totals) -> Totals:
        return Totals(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    def __radd__(self, other) -> Totals:
        return self if other == 0 else NotImplemented

    @cached_property
    def counts(self) -> DossierCounts:
        """The report columns (built once per totals: every metric of a unit reads them)."""
        return DossierCounts(**{name: getattr(self, name) for name in _COUNT_NAMES})

    @property
    def balance_discrepancy(self) -> int:
        """Opening + received − finished − closing; 0 when the window balances."""
        return self.counts.balance_discrepancy()


@dataclass(frozen=True)
class MetricSpec:
    code: str
    kind: str  # ratio | average | count
    name: str
    definition: str
    numerator: str
    denominator: str
    unit_label: str
    legal_basis: str
    compute: Callable[[Totals], Ratio]
    higher_is_better: bool = True


def _count(name: str) -> Callable[[Totals], Ratio]:
    return lambda t: Ratio(getattr(t.counts, name), 1)


def _ratio(spec_code, name, definition, numerator, denominator, compute, basis=QD766, higher=True) -> MetricSpec:
    return MetricSpec(spec_code, "ratio", name, definition, numerator, denominator, "%", basis, compute, higher)


METRICS: tuple[MetricSpec, ...] = (
    _ratio(
        "on_time_rate", "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn",
        "Hồ sơ giải quyết trước hạn và đúng hạn trên tổng số hồ sơ đã giải quyết trong kỳ (cách tính của báo cáo cấp tỉnh).",
        "Số hồ sơ giải quyết trước hạn + đúng hạn", "Số hồ sơ đã giải quyết",
        lambda t: on_time_rate(t.counts, OnTimeBasis.RESOLVED), basis=f"{QD766}; {NĐ61}",
    ),
    _ratio(
        "on_time_rate_766", "Tỷ lệ hồ sơ đã và đang xử lý đúng hạn, trong hạn",
        "QĐ 766 chỉ số 2.1: hồ sơ đã và đang xử lý đúng hạn hoặc trong hạn trên tổng số hồ sơ tiếp nhận, xử lý trong kỳ.",
        "Số hồ sơ giải quyết trước hạn + đúng hạn + đang giải quyết trong hạn", "Số hồ sơ đã giải quyết + đang giải quyết",
        lambda t: on_time_rate(t.counts, OnTimeBasis.RESOLVED_AND_IN_PROGRESS),
    ),
    _ratio(
        "on_time_rate_due", "Tỷ lệ hồ sơ giải quyết đúng hạn trên số hồ sơ đến hạn",
        "Hồ sơ giải quyết trước hạn, đúng hạn trên số hồ sơ đến hạn (đã giải quyết + đang giải quyết quá hạn), như báo cáo Vĩnh Phúc 2021.",
        "Số hồ sơ giải quyết trước hạn + đúng hạn", "Số hồ sơ đã giải quyết + đang giải quyết quá hạn",
        lambda t: on_time_rate(t.counts, OnTimeBasis.DUE), basis=NĐ61,
    ),
    _ratio(
        "early_share", "Tỷ lệ hồ sơ giải quyết trước hạn",
        "Hồ sơ giải quyết trước hạn trên tổng số hồ sơ đã giải quyết (TT 01/2018 Chỉ số 1: 2 điểm).",
        "Số hồ sơ giải quyết trước hạn", "Số hồ sơ đã giải quyết",
        lambda t: Ratio(t.resolved_early, t.counts.resolved), basis=NĐ61,
    ),
    _ratio(
        "late_share", "Tỷ lệ hồ sơ giải quyết quá hạn",
        "Hồ sơ giải quyết quá hạn trên tổng số hồ sơ đã giải quyết.",
        "Số hồ sơ giải quyết quá hạn", "Số hồ sơ đã giải quyết",
        lambda t: late_share(t.counts, OnTimeBasis.RESOLVED), basis=NĐ61, higher=False,
    ),
    MetricSpec(
        "average_resolution_days", "average", "Thời gian giải quyết trung bình",
        "QĐ 766 chỉ số 2.2: tổng thời gian giải quyết (ngày làm việc, trừ thời gian công dân bổ sung hồ sơ) trên số hồ sơ đã giải quyết.",
        "Tổng số ngày làm việc giải quyết", "Số hồ sơ đã giải quyết", "ngày làm việc", QD766,
        lambda t: Ratio(t.resolution_days, t.counts.resolved), higher_is_better=False,
    ),
    _ratio(
        "online_share", "Tỷ lệ hồ sơ tiếp nhận trực tuyến",
        "QĐ 766 chỉ số 3.3: hồ sơ nộp trực tuyến trên tổng số hồ sơ tiếp nhận trong kỳ; với TTHC có kết quả là giấy tờ, hồ sơ trực tuyến chỉ được tính khi có kết quả điện tử.",
        "Số hồ sơ trực tuyến được tính", "Số hồ sơ tiếp nhận mới",
        lambda t: Ratio(t.received_online_counted, t.counts.received),
    ),
    _ratio(
        "direct_share", "Tỷ lệ hồ sơ tiếp nhận trực tiếp",
        "Hồ sơ nộp trực tiếp trên tổng số hồ sơ tiếp nhận trong kỳ (QĐ 766 chỉ số 3.3).",
        "Số hồ sơ tiếp nhận trực tiếp", "Số hồ sơ tiếp nhận mới",
        lambda t: Ratio(t.received_direct, t.counts.received), higher=False,
    ),
    _ratio(
        "postal_share", "Tỷ lệ hồ sơ tiếp nhận qua bưu chính công ích",
        "Hồ sơ nộp qua bưu chính công ích trên tổng số hồ sơ tiếp nhận trong kỳ (QĐ 766 chỉ số 3.3).",
        "Số hồ sơ tiếp nhận qua bưu chính", "Số hồ sơ tiếp nhận mới",
        lambda t: Ratio(t.received_postal, t.counts.received),
    ),
    _ratio(
        "online_payment_share", "Tỷ lệ hồ sơ thanh toán trực tuyến",
        "QĐ 766 chỉ số 3.6: hồ sơ thanh toán trực tuyến trên số hồ sơ có nghĩa vụ tài chính tiếp nhận trong kỳ.",
        "Số hồ sơ thanh toán trực tuyến", "Số hồ sơ có phí, lệ phí",
        lambda t: Ratio(t.paid_online, t.owes_fee),
    ),
    _ratio(
        "electronic_result_share", "Tỷ lệ hồ sơ có cấp kết quả điện tử",
        "QĐ 766 chỉ số 4.1: hồ sơ đã giải quyết có kết quả điện tử trên số hồ sơ đã giải quyết của TTHC có kết quả là giấy tờ.",
        "Số hồ sơ có kết quả điện tử", "Số hồ sơ đã giải quyết của TTHC có kết quả giấy",
        lambda t: Ratio(t.electronic_result_finished, t.paper_result_finished),
    ),
    _ratio(
        "digitisation_share", "Tỷ lệ hồ sơ thực hiện số hóa",
        "QĐ 766 chỉ số 4.2: hồ sơ có thành phần được số hóa (và có kết quả điện tử nếu TTHC có kết quả giấy) trên tổng số hồ sơ tiếp nhận.",
        "Số hồ sơ được số hóa", "Số hồ sơ tiếp nhận mới",
        lambda t: Ratio(t.digitised, t.counts.received),
    ),
    _ratio(
        "apology_share", "Tỷ lệ hồ sơ quá hạn có phiếu xin lỗi",
        "Hồ sơ giải quyết quá hạn có phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04) trên số hồ sơ giải quyết quá hạn.",
        "Số hồ sơ quá hạn có phiếu xin lỗi", "Số hồ sơ giải quyết quá hạn",
        lambda t: Ratio(t.late_with_apology, t.resolved_late), basis=f"{NĐ61}, Điều 19",
    ),
)

_COUNT_METRICS = (
    ("carried_over", "Số hồ sơ kỳ trước chuyển sang", "Hồ sơ tiếp nhận trước kỳ, chưa giải quyết xong đến đầu kỳ."),
    ("received", "Số hồ sơ tiếp nhận mới", "Hồ sơ tiếp nhận trong kỳ, mọi kênh."),
    ("received_direct", "Số hồ sơ tiếp nhận trực tiếp", "Hồ sơ tiếp nhận trực tiếp trong kỳ."),
    ("received_online", "Số hồ sơ tiếp nhận trực tuyến", "Hồ sơ tiếp nhận trực tuyến trong kỳ."),
    ("received_postal", "Số hồ sơ tiếp nhận qua bưu chính", "Hồ sơ tiếp nhận qua bưu chính công ích trong kỳ."),
    ("resolved", "Số hồ sơ đã giải quyết", "Hồ sơ giải quyết xong trong kỳ."),
    ("resolved_early", "Số hồ sơ giải quyết trước hạn", "Hồ sơ giải quyết xong trước ngày hẹn trả."),
    ("resolved_on_time", "Số hồ sơ giải quyết đúng hạn", "Hồ sơ giải quyết xong đúng ngày hẹn trả."),
    ("resolved_late", "Số hồ sơ giải quyết quá hạn", "Hồ sơ giải quyết xong sau ngày hẹn trả."),
    ("in_progress", "Số hồ sơ đang giải quyết", "Hồ sơ chưa giải quyết xong đến cuối kỳ (chuyển kỳ sau)."),
    ("in_progress_within", "Số hồ sơ đang giải quyết trong hạn", "Hồ sơ đang giải quyết, chưa đến hạn vào cuối kỳ."),
    ("in_progress_overdue", "Số hồ sơ đang giải quyết quá hạn", "Hồ sơ đang giải quyết, đã quá hạn vào cuối kỳ."),
    ("returned_or_withdrawn", "Số hồ sơ trả lại, rút hồ sơ", "Hồ sơ bị từ chối, dừng xử lý hoặc công dân rút trong kỳ."),
)

METRICS += tuple(
    MetricSpec(code, "count", name, definition, "", "", "hồ sơ", f"{NĐ61}; Phụ lục số liệu báo cáo CCHC", _count(code),
               higher_is_better=code not in {"resolved_late", "in_progress_overdue"})
    for code, name, definition in _COUNT_METRICS
)

BY_CODE: dict[str, MetricSpec] = {spec.code: spec for spec in METRICS}

#: Codes other apps already use for the same metrics (the plans demo's targets say "ontime_rate").
ALIASES = {"ontime_rate": "on_time_rate", "full_online_rate": "full_online_share"}

#: Metrics of the procedure catalogue itself, not of dossiers: computed by
#: ``cchc.indicators.selectors.catalogue_ratio`` for the procedures that apply to a unit.
CATALOGUE_METRICS = {
    "full_online_share": (
        "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến toàn trình",
        "QĐ 766 chỉ số 3.1 (toàn trình): TTHC có dịch vụ công trực tuyến toàn trình trên số TTHC áp dụng cho đơn vị. "
        "Mẫu số ở đây là mọi TTHC trong danh mục, không chỉ TTHC đủ điều kiện (cờ đủ điều kiện chưa có trong danh mục).",
    ),
}


def canonical(code: str) -> str:
    """The catalogue code for ``code`` (aliases resolved); KeyError for an unknown code."""
    code = ALIASES.get(code, code)
    if code not in BY_CODE and code not in CATALOGUE_METRICS:
        raise KeyError(f"Unknown metric code {code!r}")
    return code


def compute(code: str, totals: Totals) -> Ratio:
    """The value of dossier metric ``code`` for ``totals``; a count is ``Ratio(n, 1)``."""
    try:
        spec = BY_CODE[ALIASES.get(code, code)]
    except KeyError:
        raise KeyError(f"Unknown metric code {code!r}") from None
    return spec.compute(totals)


def display(code: str, ratio: Ratio) -> str:
    """Vietnamese text of a value: "96,55%", "4,20" (average), "1.234" (count), "—" without a base."""
    code = ALIASES.get(code, code)
    kind = BY_CODE[code].kind if code in BY_CODE else "ratio"
    if kind == "count":
        return format_decimal_vi(Decimal(ratio.numerator), 0)
    return ratio.display(2, as_percent=kind == "ratio")
