"""A target's sentence names the metric that measures it; whatever no metric computes is reported by hand."""

import pytest

from cchc.indicators.binding import (
    INSPECTION_METRIC,
    MANUAL_METRIC,
    PUBLICATION_METRIC,
    MetricKind,
    bind,
    kind_of,
    reported_by_hand,
)


@pytest.mark.parametrize(("text", "code"), [
    ("≥98% hồ sơ TTHC được giải quyết đúng hạn", "on_time_rate"),
    ("Tỷ lệ hồ sơ thanh toán trực tuyến đạt 30% trở lên", "online_payment_share"),
    ("80% hồ sơ TTHC nộp trực tuyến", "online_share"),
    ("100% TTHC đủ điều kiện cung cấp dịch vụ công trực tuyến toàn trình", "full_online_share"),
    (">70% hồ sơ được số hóa", "digitisation_share"),
    ("100% kết quả giải quyết TTHC được cấp bản điện tử", "electronic_result_share"),
    ("100% TTHC được công bố, công khai đúng hạn quy định", PUBLICATION_METRIC),  # on time, but not dossiers
    ("100% TTHC được công bố, công khai kịp thời", PUBLICATION_METRIC),
    ("100% TTHC nội bộ được công bố, công khai", MANUAL_METRIC),
    ("Kiểm tra CCHC 40% phòng, đơn vị thuộc Sở", INSPECTION_METRIC),
    ("100% văn bản QPPL phát hiện sai phạm qua kiểm tra được xử lý", MANUAL_METRIC),
    ("100% văn bản trao đổi được thực hiện dưới dạng điện tử", MANUAL_METRIC),
    ("100% công chức được đào tạo, bồi dưỡng", MANUAL_METRIC),
    ("Duy trì, cải tiến hệ thống quản lý chất lượng TCVN ISO 9001:2015 đạt 100%", MANUAL_METRIC),
])
def test_the_sentence_binds_to_its_metric(text, code):
    assert bind(text) == code


def test_kinds_group_the_codes_and_aliases():
    assert [kind_of(code) for code in ("ontime_rate", "full_online_rate", "digitisation_share", "late_share", MANUAL_METRIC)] == [
        MetricKind.ON_TIME, MetricKind.ONLINE, MetricKind.DIGITISATION, MetricKind.OTHER, MetricKind.MANUAL]


def test_codes_the_catalogue_does_not_compute_are_reported_by_hand():
    """Inspection coverage is computed by the inspections app (``cchc.inspections.metrics``), so no longer by hand."""
    assert [reported_by_hand(code) for code in (MANUAL_METRIC, PUBLICATION_METRIC, INSPECTION_METRIC, "on_time_rate",
                                                "full_online_rate", "")] == [True, True, False, False, False, False]
