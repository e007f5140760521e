"""The suggestion rule library and the reading of points as people write them (pure)."""

import datetime as dt
from decimal import Decimal as D

import pytest

from cchc.parindex import rules
from cchc.parindex.numbers import PointsError, format_points, parse_points

TABLE = {"table": [{"min": "100", "points": "2"}, {"min": "80", "points": "1,5"}, {"min": "50", "points": "0.5"}]}


@pytest.mark.parametrize(("value", "points"), [("100", "2"), ("99.99", "1.5"), ("80", "1.5"), ("79.99", "0.5"), ("50", "0.5"),
                                               ("49.99", "0")])
def test_a_threshold_table_gives_the_points_of_the_highest_row_reached(value, points):
    assert rules.apply("threshold", TABLE, D("2"), D(value)).points == D(points)


def test_a_threshold_table_may_give_points_below_every_row():
    assert rules.apply("threshold", {**TABLE, "else": "0,25"}, D("2"), D("10")).points == D("0.25")


def test_the_threshold_calculation_is_written_out():
    assert rules.apply("threshold", TABLE, D("2"), D("83.33")).calculation == "83,33 ≥ 80: 1,5 điểm"


@pytest.mark.parametrize(("value", "points"), [("0", "0"), ("50", "1.5"), ("75", "2.25"), ("100", "3"), ("120", "3"), ("-5", "0")])
def test_a_linear_rule_is_proportional_up_to_the_cap(value, points):
    assert rules.apply("linear", {"full_at": "100"}, D("3"), D(value)).points == D(points)


def test_a_linear_rule_may_start_above_zero():
    # from 80 (0 points) to 100 (4 points): 95 gives 4 × 15 / 20 = 3
    assert rules.apply("linear", {"full_at": "100", "zero_at": "80"}, D("4"), D("95")).points == D("3")


def test_a_rule_by_date_gives_full_points_on_or_before_the_date():
    params = {"date": "31/12/2024"}
    assert rules.apply("by_date", params, D("1"), dt.date(2024, 12, 31)).points == D("1")
    assert rules.apply("by_date", params, D("1"), dt.date(2025, 1, 2)).points == D("0")
    assert rules.apply("by_date", params, D("1"), None).points == D("0")
    assert rules.apply("by_date", {**params, "late_points": "0,5"}, D("1"), dt.date(2025, 1, 2)).points == D("0.5")
    assert rules.apply("by_date", params, D("1"), dt.date(2024, 12, 20)).calculation == "20/12/2024 trước hoặc đúng 31/12/2024: 1 điểm"


def test_bad_parameters_are_named():
    assert rules.validate("threshold", {"table": [{"min": "x", "points": "1"}]}, D("2")) == [
        "Dòng 1 của bảng ngưỡng cần giá trị tối thiểu và số điểm là số."]
    assert rules.validate("threshold", {"table": [{"min": "90", "points": "3"}]}, D("2")) == [
        "Dòng 1 của bảng ngưỡng cho 3 điểm, vượt điểm tối đa 2."]
    assert rules.validate("linear", {"full_at": "0"}, D("2")) == [
        "Giá trị đạt điểm tối đa phải khác giá trị không có điểm."]
    assert rules.validate("by_date", {"date": "32/12/2024"}, D("2")) == ["Quy tắc theo thời hạn cần ngày (dd/mm/yyyy)."]
    assert rules.validate("magic", {}, D("2")) == ["Không có loại quy tắc “magic”."]


@pytest.mark.parametrize(("text", "value"), [("1,5", D("1.5")), ("1.5", D("1.5")), (" 2 ", D("2")), ("0,25", D("0.25")),
                                             ("", None), (None, None), (3, D("3")), (D("1.50"), D("1.5"))])
def test_points_are_read_as_written(text, value):
    assert parse_points(text) == value


@pytest.mark.parametrize(("text", "reason"), [("1,5,0", "format"), ("một", "format"), ("1..5", "format"), ("1,555", "places"),
                                              ("1e3", "format"), ("NaN", "format"), (True, "format")])
def test_points_that_are_not_numbers_are_refused(text, reason):
    with pytest.raises(PointsError) as raised:
        parse_points(text)
    assert raised.value.reason == reason


def test_points_are_shown_with_a_decimal_comma():
    assert [format_points(v) for v in (D("1.50"), D("68"), D("85.25"), None)] == ["1,5", "68", "85,25", "—"]
