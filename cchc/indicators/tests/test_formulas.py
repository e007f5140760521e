"""Indicator arithmetic against the worked figures of tthc_indicators.md §3.3 and hand computations."""

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from cchc.indicators.formulas import (
    NO_VALUE,
    ON_TIME_BASIS_LABELS_VI,
    Channel,
    DossierCounts,
    OnTimeBasis,
    Outcome,
    Ratio,
    average_resolution_time,
    carry_over_discrepancy,
    carry_over_gap,
    channel_shares,
    classify_dossier,
    count_outcomes,
    digitisation_share,
    digitisation_stock_share,
    early_share,
    electronic_result_share,
    format_decimal_vi,
    late_share,
    on_time_only_share,
    on_time_rate,
    online_payment_share,
    round_half_up,
)

# Vĩnh Phúc, district + commune one-stops, 21/7–20/8/2021: 19,944 came due, 19,255 early or on time,
# 689 overdue without result. The early/on-time split is not published.
VINH_PHUC = DossierCounts(resolved_on_time=19_255, in_progress_overdue=689)

# Đắk Nông, 15/12/2020–15/6/2021: 8,606 carried over, 19,838 online, 190,319 direct or postal (not split),
# 99,558 early, 106,018 on time, 1,309 late, 11,878 in progress (not split).
DAK_NONG = DossierCounts(
    carried_over=8_606,
    received_online=19_838,
    received_direct=190_319,
    resolved_early=99_558,
    resolved_on_time=106_018,
    resolved_late=1_309,
    in_progress_within=11_878,
)

# Đắk Glong district, 2020: 1,982 carried over + 57,028 new; 57,502 on time (early not split), 187 late;
# 1,246 in progress not yet due, 75 overdue.
DAK_GLONG = DossierCounts(
    carried_over=1_982,
    received_direct=57_028,
    resolved_on_time=57_502,
    resolved_late=187,
    in_progress_within=1_246,
    in_progress_overdue=75,
)


# -- Ratio ------------------------------------------------------------------------------------------


def test_vinh_phuc_on_time_rate_is_96_55_percent():
    ratio = Ratio(19_255, 19_944)
    assert ratio.percent() == Decimal("96.55")
    assert ratio.display() == "96,55%"


def test_dak_nong_early_share_is_48_12_not_the_printed_48_2():
    ratio = Ratio(99_558, 206_885)
    assert ratio.percent() == Decimal("48.12")
    assert ratio.percent(1) == Decimal("48.1")


def test_value_is_the_exact_quotient_as_decimal():
    assert Ratio(1, 4).value == Decimal("0.25")
    assert Ratio(1, 3).value == Decimal(1) / Decimal(3)
    assert Ratio(1, 3).fraction == Fraction(1, 3)


def test_zero_denominator_has_no_value_and_displays_a_dash():
    ratio = Ratio(0, 0)
    assert ratio.value is None
    assert ratio.fraction is None
    assert ratio.percent() is None
    assert ratio.rounded() is None
    assert ratio.display() == NO_VALUE == "—"
    assert ratio.display(as_percent=False) == "—"


def test_zero_numerator_is_zero_percent():
    assert Ratio(0, 7).percent() == Decimal("0.00")
    assert Ratio(0, 7).display() == "0,00%"


def test_percent_rounds_half_up_not_to_even():
    assert Ratio(1, 8).percent(1) == Decimal("12.5")
    assert Ratio(1, 8).percent(0) == Decimal("13")  # banker's rounding would give 12
    assert Ratio(1, 200).percent(0) == Decimal("1")  # 0.5 → 1
    assert Ratio(5, 8).percent(0) == Decimal("63")  # 62.5 → 63
    assert Ratio(1, 3).percent() == Decimal("33.33")
    assert Ratio(2, 3).percent() == Decimal("66.67")
    assert Ratio(1, 16).percent(2) == Decimal("6.25")
    assert Ratio(1, 16).percent(1) == Decimal("6.3")


def test_round_half_up_is_exact():
    assert round_half_up(Fraction(2675, 1000), 2) == Decimal("2.68")  # float 2.675 would round to 2.67
    assert round_half_up(Decimal("-2.5"), 0) == Decimal("-3")
    assert round_half_up(7, 2) == Decimal("7.00")
    with pytest.raises(ValueError):
        round_half_up(1, -1)


def test_ratios_add_numerators_and_denominators():
    assert Ratio(1, 2) + Ratio(99, 100) == Ratio(100, 102)
    # The parent is 98.04 %, not the mean of 50 % and 99 % (74.5 %).
    assert (Ratio(1, 2) + Ratio(99, 100)).percent() == Decimal("98.04")
    assert sum([Ratio(1, 2), Ratio(3, 4), Ratio(0, 0)]) == Ratio(4, 6)


def test_ratio_equality_is_on_counts():
    assert Ratio(1, 2) != Ratio(2, 4)
    assert Ratio(1, 2).value == Ratio(2, 4).value


def test_ratio_refuses_bad_numbers():
    with pytest.raises(TypeError):
        Ratio(0.5, 1)
    with pytest.raises(TypeError):
        Ratio(True, 1)
    with pytest.raises(ValueError):
        Ratio(-1, 3)
    with pytest.raises(ValueError):
        Ratio(1, Decimal("NaN"))
    with pytest.raises(TypeError):
        Ratio(1, 2) + 3  # noqa: B018


def test_display_formats():
    assert Ratio(205_576, 206_885).display(1) == "99,4%"
    assert Ratio(Decimal("1234.5"), 1).display(as_percent=False) == "1.234,50"
    assert Ratio(13, 4).display(as_percent=False) == "3,25"
    assert Ratio(3, 1).display(0) == "300%"
    assert format_decimal_vi(Decimal("1234567.891"), 2) == "1.234.567,89"


# -- on-time rate: three bases -----------------------------------------------------------------------


def test_vinh_phuc_on_due_basis():
    assert on_time_rate(VINH_PHUC, OnTimeBasis.DUE) == Ratio(19_255, 19_944)
    assert on_time_rate(VINH_PHUC, "due").percent() == Decimal("96.55")
    assert late_share(VINH_PHUC, OnTimeBasis.DUE) == Ratio(689, 19_944)
    assert late_share(VINH_PHUC, OnTimeBasis.DUE).percent() == Decimal("3.45")


def test_dak_nong_on_resolved_basis():
    assert DAK_NONG.resolved == 206_885
    assert on_time_rate(DAK_NONG) == Ratio(205_576, 206_885)
    assert on_time_rate(DAK_NONG).percent() == Decimal("99.37")
    assert on_time_rate(DAK_NONG).percent(1) == Decimal("99.4")  # the headline "đạt 99,4%"


def test_dak_nong_shares_recomputed_from_raw_counts():
    assert early_share(DAK_NONG).percent() == Decimal("48.12")
    assert on_time_only_share(DAK_NONG).percent() == Decimal("51.24")
    assert late_share(DAK_NONG).percent() == Decimal("0.63")
    # Rounded independently they sum to 99.99, which is why reports must not derive one as 100 − others.
    total = (
        early_share(DAK_NONG).percent()
        + on_time_only_share(DAK_NONG).percent()
        + late_share(DAK_NONG).percent()
    )
    assert total == Decimal("99.99")


def test_dak_glong_on_all_three_bases():
    assert on_time_rate(DAK_GLONG, OnTimeBasis.RESOLVED) == Ratio(57_502, 57_689)
    assert on_time_rate(DAK_GLONG, OnTimeBasis.RESOLVED).percent() == Decimal("99.68")
    assert on_time_rate(DAK_GLONG, OnTimeBasis.DUE) == Ratio(57_502, 57_764)
    assert on_time_rate(DAK_GLONG, OnTimeBasis.DUE).percent() == Decimal("99.55")
    # QĐ 766 "đã và đang": (57,502 + 1,246) / (57,689 + 1,321) = 58,748 / 59,010.
    assert on_time_rate(DAK_GLONG, OnTimeBasis.RESOLVED_AND_IN_PROGRESS) == Ratio(58_748, 59_010)
    assert on_time_rate(DAK_GLONG, OnTimeBasis.RESOLVED_AND_IN_PROGRESS).percent() == Decimal("99.56")


def test_dak_glong_late_shares():
    assert late_share(DAK_GLONG).percent() == Decimal("0.32")  # 187 / 57,689
    assert late_share(DAK_GLONG, OnTimeBasis.DUE).percent() == Decimal("0.45")  # 262 / 57,764
    # 262 / 59,010
    assert late_share(DAK_GLONG, OnTimeBasis.RESOLVED_AND_IN_PROGRESS).percent() == Decimal("0.44")


def test_on_time_rate_with_nothing_resolved():
    assert on_time_rate(DossierCounts()).display() == "—"
    assert early_share(DossierCounts(in_progress_within=3)).display() == "—"
    assert on_time_rate(
        DossierCounts(in_progress_within=3), OnTimeBasis.RESOLVED_AND_IN_PROGRESS
    ).percent() == Decimal("100.00")


def test_unknown_basis_is_refused():
    with pytest.raises(ValueError):
        on_time_rate(DAK_NONG, "average")


def test_every_basis_has_a_vietnamese_label():
    assert set(ON_TIME_BASIS_LABELS_VI) == set(OnTimeBasis)
    assert (
        ON_TIME_BASIS_LABELS_VI[OnTimeBasis.RESOLVED_AND_IN_PROGRESS]
        == "Tỷ lệ hồ sơ đã và đang xử lý đúng hạn hoặc trong hạn"
    )


# -- DossierCounts -----------------------------------------------------------------------------------


def test_dak_nong_totals_and_balance():
    assert DAK_NONG.received == 210_157
    assert DAK_NONG.to_process == 218_763
    assert DAK_NONG.in_progress == 11_878
    assert DAK_NONG.balance_discrepancy() == 0


def test_dak_glong_totals_and_balance():
    assert DAK_GLONG.to_process == 59_010
    assert DAK_GLONG.resolved + DAK_GLONG.in_progress == 59_010
    assert DAK_GLONG.balance_discrepancy() == 0


def test_carry_over_discrepancy():
    assert carry_over_discrepancy(opening=8_606, received=210_157, finished=206_885, closing=11_878) == 0
    assert carry_over_discrepancy(opening=1_982, received=57_028, finished=57_689, closing=1_321) == 0
    # Two dossiers unaccounted for, then one too many.
    assert carry_over_discrepancy(opening=10, received=5, finished=3, closing=10) == 2
    assert carry_over_discrepancy(opening=10, received=5, finished=3, closing=13) == -1


def test_withdrawn_dossiers_in_the_balance_are_configurable():
    counts = DossierCounts(
        carried_over=5, received_direct=20, resolved_on_time=18, returned_or_withdrawn=2, in_progress_within=5
    )
    assert counts.balance_discrepancy() == 0
    assert counts.balance_discrepancy(withdrawn_counts_as_finished=False) == 2


def test_carry_over_gap_between_periods():
    q1 = DossierCounts(received_direct=10, resolved_on_time=7, in_progress_within=2, in_progress_overdue=1)
    assert carry_over_gap(q1, DossierCounts(carried_over=3)) == 0
    assert carry_over_gap(q1, DossierCounts(carried_over=1)) == 2


def test_counts_add_up_the_hierarchy():
    province = DAK_GLONG + DAK_NONG
    assert province.resolved == 57_689 + 206_885
    assert province.in_progress_overdue == 75
    assert sum([DAK_GLONG, DAK_NONG]) == province
    # Parent rate from summed counts: (205,576 + 57,502) / (206,885 + 57,689) = 263,078 / 264,574.
    assert on_time_rate(province) == Ratio(263_078, 264_574)
    assert on_time_rate(province).percent() == Decimal("99.43")


def test_counts_refuse_bad_values():
    with pytest.raises(ValueError):
        DossierCounts(resolved_late=-1)
    with pytest.raises(TypeError):
        DossierCounts(resolved_late=1.0)


# -- classification ---------------------------------------------------------------------------------


DUE = date(2025, 2, 7)
PERIOD_END = date(2025, 3, 14)


def test_classify_finished_dossiers():
    assert classify_dossier(due=DUE, finished=date(2025, 2, 6), period_end=PERIOD_END) is Outcome.EARLY
    assert classify_dossier(due=DUE, finished=DUE, period_end=PERIOD_END) is Outcome.ON_TIME
    assert classify_dossier(due=DUE, finished=date(2025, 2, 10), period_end=PERIOD_END) is Outcome.LATE


def test_classify_open_dossiers_against_the_period_end():
    assert classify_dossier(due=DUE, finished=None, period_end=date(2025, 2, 7)) is Outcome.IN_PROGRESS_WITHIN
    assert (
        classify_dossier(due=DUE, finished=None, period_end=date(2025, 2, 8)) is Outcome.IN_PROGRESS_OVERDUE
    )


def test_day_granularity_is_configurable():
    due = datetime(2025, 2, 7, 10, 0)
    finished = datetime(2025, 2, 7, 16, 0)
    assert classify_dossier(due=due, finished=finished, period_end=PERIOD_END) is Outcome.ON_TIME
    assert (
        classify_dossier(due=due, finished=finished, period_end=datetime(2025, 3, 14), day_granularity=False)
        is Outcome.LATE
    )
    assert (
        classify_dossier(
            due=due,
            finished=datetime(2025, 2, 7, 9, 0),
            period_end=datetime(2025, 3, 14),
            day_granularity=False,
        )
        is Outcome.EARLY
    )


def test_extension_counts_only_when_configured():
    finished = date(2025, 2, 12)
    assert (
        classify_dossier(due=DUE, finished=finished, period_end=PERIOD_END, extended_due=date(2025, 2, 14))
        is Outcome.LATE
    )
    assert (
        classify_dossier(
            due=DUE,
            finished=finished,
            period_end=PERIOD_END,
            extended_due=date(2025, 2, 14),
            extension_counts=True,
        )
        is Outcome.EARLY
    )


def test_more_than_one_supplement_request_is_late_by_default():
    assert (
        classify_dossier(due=DUE, finished=date(2025, 2, 3), period_end=PERIOD_END, supplement_requests=1)
        is Outcome.EARLY
    )
    assert (
        classify_dossier(due=DUE, finished=date(2025, 2, 3), period_end=PERIOD_END, supplement_requests=2)
        is Outcome.LATE
    )
    assert (
        classify_dossier(due=DUE, finished=None, period_end=date(2025, 2, 1), supplement_requests=2)
        is Outcome.IN_PROGRESS_OVERDUE
    )
    assert (
        classify_dossier(
            due=DUE,
            finished=date(2025, 2, 3),
            period_end=PERIOD_END,
            supplement_requests=2,
            late_after_supplement_requests=None,
        )
        is Outcome.EARLY
    )
    with pytest.raises(ValueError):
        classify_dossier(due=DUE, finished=None, period_end=PERIOD_END, supplement_requests=-1)


def test_count_outcomes_fills_the_report_columns():
    outcomes = [
        Outcome.EARLY,
        Outcome.EARLY,
        Outcome.ON_TIME,
        Outcome.LATE,
        Outcome.IN_PROGRESS_WITHIN,
        "in_progress_overdue",
    ]
    assert count_outcomes(outcomes) == DossierCounts(
        resolved_early=2, resolved_on_time=1, resolved_late=1, in_progress_within=1, in_progress_overdue=1
    )
    assert on_time_rate(count_outcomes(outcomes), OnTimeBasis.RESOLVED_AND_IN_PROGRESS) == Ratio(4, 6)


# -- averages, channels, payment, digitisation ---------------------------------------------------------


def test_average_resolution_time():
    average = average_resolution_time([3, 4, 5, 1])
    assert average == Ratio(13, 4)
    assert average.rounded() == Decimal("3.25")
    assert average_resolution_time([Decimal("2.5"), 3]).rounded() == Decimal("2.75")
    assert average_resolution_time([Fraction(1, 3), Decimal("0.5")]).rounded(4) == Decimal("0.4167")
    assert average_resolution_time([]).display(as_percent=False) == "—"
    with pytest.raises(ValueError):
        average_resolution_time([1, -2])


def test_channel_shares_dak_nong():
    shares = channel_shares(direct=190_319, online=19_838, postal=0)
    assert shares[Channel.ONLINE] == Ratio(19_838, 210_157)
    assert shares[Channel.ONLINE].percent() == Decimal("9.44")
    assert shares[Channel.DIRECT].percent() == Decimal("90.56")
    assert shares[Channel.POSTAL].percent() == Decimal("0.00")


def test_channel_shares_with_nothing_received():
    assert {
        channel: ratio.display() for channel, ratio in channel_shares(direct=0, online=0, postal=0).items()
    } == {
        Channel.DIRECT: "—",
        Channel.ONLINE: "—",
        Channel.POSTAL: "—",
    }


def test_online_payment_share_subtracts_zero_fee_dossiers():
    assert online_payment_share(paid_online=30, fee_dossiers=120, zero_fee_dossiers=20) == Ratio(30, 100)
    assert online_payment_share(paid_online=30, fee_dossiers=120, zero_fee_dossiers=20).percent() == Decimal(
        "30.00"
    )
    assert online_payment_share(paid_online=0, fee_dossiers=5, zero_fee_dossiers=5).display() == "—"
    with pytest.raises(ValueError):
        online_payment_share(paid_online=0, fee_dossiers=5, zero_fee_dossiers=6)


def test_digitisation_and_electronic_result_shares():
    assert digitisation_share(digitised=713, total=1_000).percent() == Decimal("71.30")
    assert digitisation_stock_share(digitised_valid_results=7, valid_results=10).percent() == Decimal("70.00")
    assert electronic_result_share(with_electronic_result=2, paper_result_dossiers=3).percent() == Decimal(
        "66.67"
    )
    assert electronic_result_share(with_electronic_result=0, paper_result_dossiers=0).display() == "—"
