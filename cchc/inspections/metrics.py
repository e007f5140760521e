"""The metrics this app computes for the indicators app (``cchc.indicators.sources``): plan targets bound to
them are measured, and the PAR suggestion rules read them by code (``metric_values``)."""

from __future__ import annotations

from cchc.indicators.binding import INSPECTION_METRIC
from cchc.indicators.sources import Source
from cchc.inspections import selectors

#: Code of the share of recommendations closed.
CLOSURE_METRIC = "remediation_closure_share"

SOURCES = (
    Source(
        code=INSPECTION_METRIC,
        name="Tỷ lệ đơn vị trực thuộc được kiểm tra công tác CCHC",
        compute=selectors.coverage_ratios,
        legal_basis="Chỉ số CCHC, tiêu chí 1.3 (kiểm tra công tác CCHC); Kế hoạch CCHC năm 2024 của Sở Xây dựng Nam Định, "
                    "nhiệm vụ 37",
    ),
    Source(
        code=CLOSURE_METRIC,
        name="Tỷ lệ kiến nghị sau kiểm tra CCHC đã khắc phục xong",
        compute=selectors.closure_ratios,
        legal_basis="Chỉ số CCHC, tiêu chí 1.3 (xử lý sau kiểm tra)",
    ),
)
