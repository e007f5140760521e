"""Comparing two snapshots of a plan."""

from cchc.plans.versions import FieldChange, TaskChange, diff_snapshots

OLD = {
    "header": {"number": "12/KH-SXD", "title": "Kế hoạch CCHC 2025"},
    "tasks": {"1": {"number": "1", "title": "Rà soát", "timeframe": "Quý I/2025"}, "2": {"number": "2", "title": "Tập huấn"}},
    "targets": ["100% TTHC được công khai"],
}


def test_nothing_changed_is_an_empty_diff():
    assert not diff_snapshots(OLD, OLD)


def test_header_tasks_and_targets_changes_are_listed():
    new = {
        "header": {"number": "12/KH-SXD", "title": "Kế hoạch CCHC năm 2025"},
        "tasks": {"1": {"number": "1", "title": "Rà soát", "timeframe": "Quý II/2025"}, "3": {"number": "3", "title": "Số hóa"}},
        "targets": ["100% TTHC được công khai", ">70% hồ sơ được số hóa"],
    }
    diff = diff_snapshots(OLD, new)
    assert diff.header == [FieldChange("title", "Kế hoạch CCHC 2025", "Kế hoạch CCHC năm 2025")]
    assert diff.tasks == [
        TaskChange("added", "3. Số hóa"),
        TaskChange("removed", "2. Tập huấn"),
        TaskChange("changed", "1. Rà soát", [FieldChange("timeframe", "Quý I/2025", "Quý II/2025")]),
    ]
    assert diff.targets_added == [">70% hồ sơ được số hóa"]
    assert diff.targets_removed == []
