"""``import_plan --json`` binds every target of the five seeds to the metric that measures it."""

from __future__ import annotations

import io
import json
from collections import Counter

import pytest
from django.core.management import call_command

from cchc.documents.tests.support import SEED_IDS, seed_path
from cchc.indicators.binding import MetricKind, kind_of

#: Per seed: how many targets of each kind (hand-checked against the sentences of the seed).
EXPECTED_KINDS = {
    "000": {"on_time": 1, "online": 1, "publication": 2, "inspection": 2, "manual": 3},
    "001": {},
    "002": {"on_time": 1, "online": 2, "digitisation": 1, "manual": 7},
    "003": {"online": 1, "digitisation": 1, "inspection": 1, "manual": 16},
    "004": {"manual": 1},
}
#: Sentences that name a dossier metric, and the metric each must be bound to.
DOSSIER_TARGETS = {
    "000": [("Phấn đấu giải quyết trước hạn, đúng hạn từ 95%", "on_time_rate"),
            ("100% thủ tục hành chính đăng ký dịch vụ công trực tuyến toàn trình", "full_online_share")],
    "002": [("duy trì tỷ lệ giải quyết đúng hạn từ 98%", "on_time_rate"),
            ("đưa 100% hồ sơ TTHC đủ điều kiện được giải quyết trực tuyến", "online_share"),
            ("dưới hình thức dịch vụ công trực tuyến toàn trình", "full_online_share"),
            ("được cung cấp đồng thời cả bản điện tử", "electronic_result_share")],
    "003": [("tăng tỷ lệ số hóa kết quả giải quyết TTHC", "digitisation_share"),
            ("được cung cấp trực tuyến toàn trình và một phần", "full_online_share")],
}


def targets_of(seed: str) -> list[dict]:
    out = io.StringIO()
    call_command("import_plan", str(seed_path(seed)), "--json", stdout=out)
    return json.loads(out.getvalue())["targets"]


@pytest.mark.parametrize("seed", SEED_IDS)
def test_every_target_of_the_seed_is_bound_and_counted_by_kind(seed):
    targets = targets_of(seed)
    assert all(target["metric_code"] for target in targets)
    counts = Counter(str(kind_of(target["metric_code"])) for target in targets)
    print(f"seed {seed}: {len(targets)} targets, {dict(sorted(counts.items()))}")
    assert dict(counts) == EXPECTED_KINDS[seed]
    assert MetricKind.OTHER not in counts


@pytest.mark.parametrize("seed", sorted(DOSSIER_TARGETS))
def test_on_time_online_payment_and_digitisation_targets_are_bound_to_their_metric(seed):
    targets = targets_of(seed)
    for fragment, code in DOSSIER_TARGETS[seed]:
        found = [target for target in targets if fragment in target["text"]]
        assert [target["metric_code"] for target in found] == [code], fragment
