"""match_unit: plan unit names to the units the database knows."""

from __future__ import annotations

import pytest

from cchc.documents.units import match_unit, normalise_unit_name, rank_units

UNITS = [
    (1, "Văn phòng Sở Xây dựng", "Văn phòng"),
    (2, "Sở Xây dựng", "SXD"),
    (3, "Thanh tra Sở Xây dựng", "Thanh tra Sở"),
    (4, "Ủy ban nhân dân tỉnh Nam Định", "UBND tỉnh"),
    (5, "Sở Tư pháp", None),
    (6, "Phòng Quản lý nhà và thị trường bất động sản", "Phòng QLN"),
    (7, "Bộ phận một cửa Sở tại Trung tâm phục vụ hành chính công tỉnh", "Bộ phận một cửa"),
]


@pytest.mark.parametrize(
    ("name", "unit_id"),
    [
        ("Văn phòng Sở", 1),
        ("VP", 1),
        ("văn phong so xay dung", 1),
        ("Sở XD", 2),
        ("SỞ XÂY DỰNG", 2),
        ("Thanh tra Sở", 3),
        ("TTr Sở", 3),
        ("UBND tỉnh", 4),
        ("Uỷ ban nhân dân tỉnh Nam Định", 4),
        ("Sở TP", 5),
        ("Bộ phận một cửa Sở tại Trung tâm phục vụ hành chính công tỉnh", 7),
    ],
)
def test_it_matches_names_abbreviations_and_spellings(name, unit_id):
    assert match_unit(name, UNITS) == unit_id


def test_it_does_not_guess_when_nothing_is_close():
    assert match_unit("Các phòng chuyên môn, đơn vị", UNITS) is None
    assert match_unit("Công an tỉnh", UNITS) is None
    assert match_unit("", UNITS) is None


def test_it_does_not_choose_between_two_equal_candidates():
    twins = [(1, "Văn phòng Sở Xây dựng", None), (2, "Văn phòng Sở Xây dựng", None)]

    assert match_unit("Văn phòng Sở Xây dựng", twins) is None


def test_rank_units_orders_candidates_best_first():
    ranked = rank_units("Văn phòng Sở", UNITS, limit=3)

    assert ranked[0].id == 1 and ranked[0].score > ranked[1].score


def test_normalise_unit_name_expands_abbreviations_by_context():
    assert normalise_unit_name("UBND TP. Nam Định") == "uy ban nhan dan thanh pho nam dinh"
    assert normalise_unit_name("Sở TT&TT") == "so thong tin va truyen thong"
