"""QĐ 766 scoring and the TT 01/2018 indices: pure rules, and one unit's scorecard computed by hand."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest

from cchc.core.testing.personas import build_world
from cchc.indicators import score766, tt01
from cchc.indicators.formulas import Ratio
from cchc.indicators.scorecards import unit_score
from cchc.indicators.services import aggregates_refresh
from cchc.procedures.evaluations import dossier_evaluation_record
from cchc.procedures.models import Dossier
from cchc.procedures.publications import procedure_publications_import
from cchc.procedures.tests.factories import make_dossiers, make_procedure

SIX, EIGHTY = Decimal(6), Decimal(80)


# -- linear scoring edges ---------------------------------------------------------------------------


def test_exactly_the_threshold_earns_full_points():
    assert score766.points(Fraction(80, 100), max_points=SIX, full_at=EIGHTY) == 6


def test_just_below_the_threshold_is_linear():
    # 79.99% × 6 / 80% = 5.99925
    assert score766.points(Fraction(7999, 10000), max_points=SIX, full_at=EIGHTY) == Fraction(599925, 100000)


def test_zero_earns_nothing_and_above_the_threshold_is_capped():
    assert score766.points(Fraction(0), max_points=SIX, full_at=EIGHTY) == 0
    assert score766.points(Fraction(1), max_points=SIX, full_at=EIGHTY) == 6


def test_the_online_share_is_full_from_fifty_percent_and_satisfaction_from_ninety():
    rules = score766.by_code(score766.DEFAULT_RULES)
    assert (rules["3.3"].full_at, rules["5.4"].full_at) == (50, 90)
    assert [rules[c].full_at for c in ("3.1", "3.5", "4.2", "4.3")] == [80] * 4
    assert score766.points(Fraction(1, 2), max_points=SIX, full_at=Decimal(50)) == 6
    assert score766.points(Fraction(45, 100), max_points=SIX, full_at=Decimal(90)) == 3


def test_the_default_rules_add_up_to_each_group_and_to_one_hundred():
    assert score766.check_rules(score766.DEFAULT_RULES) == []
    assert sum(r.max_points for r in score766.DEFAULT_RULES) == 100


def test_group_five_is_not_measurable_never_zero():
    card = score766.score({})
    group5 = card.groups[4]
    assert [i.status for i in group5.indicators] == [score766.Status.NO_DATA] * 4
    assert [i.points for i in group5.indicators] == [None] * 4
    assert (group5.points, group5.lost, group5.not_measurable) == (0, 0, 18)
    assert (card.total, card.not_measurable, card.lost) == (0, 100, 0)


def test_an_empty_denominator_is_not_measurable_by_default_and_zero_as_an_option():
    values = {"3.1": Ratio(0, 0)}
    assert score766.score(values).by_code()["3.1"].points is None
    assert score766.score(values, empty_base=score766.EmptyBase.ZERO).by_code()["3.1"].points == 0


# -- TT 01/2018 -------------------------------------------------------------------------------------


def test_agency_classes_follow_article_15():
    assert [tt01.agency_class(Decimal(v)) for v in ("15", "14.9", "12", "9", "8.9", "6", "5.9")] == [
        "Xuất sắc", "Tốt", "Tốt", "Khá", "Trung bình", "Trung bình", "Yếu"]


def test_index_nine():
    def points(procedures, dossiers, late=0):
        return tt01.online_service_points(online_procedures=procedures, online_dossiers=dossiers, online_late=late)

    assert points(Ratio(1, 5), Ratio(3, 10)) == 2
    assert points(Ratio(1, 5), Ratio(3, 10), late=1) == 0
    assert points(Ratio(1, 10), Ratio(15, 100)) == 1
    assert points(Ratio(1, 10), Ratio(14, 100)) == 0
    assert points(Ratio(0, 10), Ratio(5, 10)) == 0
    assert points(Ratio(0, 0), Ratio(5, 10)) is None


# -- the hand case ----------------------------------------------------------------------------------

Q1 = (dt.date(2025, 1, 1), dt.date(2025, 3, 31))
YES = "1"
ALL_PARTS = {"shows_name": YES, "shows_steps": YES, "shows_methods": YES, "shows_dossier": YES,
             "shows_time_limit": YES, "shows_applicants": YES, "shows_agency": YES}


@pytest.fixture
def hand_case(db):
    """Sở Xây dựng, first quarter of 2025: four procedures of its own catalogue, five dossiers.

    Procedures (5 working days each, paper results):
      P1 một phần, fee 50.000 · P2 toàn trình, no fee · P3 no online service, fee 100.000 · P4 một phần, no fee.
    Publications:
      P1 QĐ-1 of Mon 03/02/2025; legal basis in force Mon 17/02 (5 working days before = Mon 10/02: on time);
         national database Fri 07/02 (deadline 03/02 + 5 working days = Mon 10/02: on time); all seven parts; posted.
      P2 QĐ-2 of Mon 10/03; legal basis Wed 12/03 (deadline Wed 05/03: late); national database Thu 20/03
         (deadline Mon 17/03: late); no competent agency shown; not posted.
      P3 QĐ-0 of 16/12/2024 (before the window): all seven parts, posted, national database 18/12/2024.
      P4 no publication.
    Dossiers (due = reception + 5 working days):
      D1 P1 online, Mon 03/03 → Wed 05/03 early; fee paid online; digitised + e-result; re-used, shared, population.
      D2 P1 direct, Mon 03/03 → Mon 10/03 on time; digitised without e-result; re-used.
      D3 P2 online, Tue 04/03 → Thu 20/03 late (due 11/03); digitised + e-result; population.
      D4 P3 direct, Mon 24/03, open (due 31/03: in progress within the deadline at the window's end).
      D5 P4 direct, Wed 05/03 → Thu 06/03 early; e-result.
    Evaluations: D1 agency time 2, agencies contacted 1, attitude 2; D3 agency time 0, contacts 1, attitude 0.
    """
    world = build_world()
    unit = world.dept_a
    p1 = make_procedure(unit, code="9.000001", online_level="partial", fee="50000")
    p2 = make_procedure(unit, code="9.000002", online_level="full", fee="0")
    p3 = make_procedure(unit, code="9.000003", online_level="none", fee="100000")
    make_procedure(unit, code="9.000004", online_level="partial", fee="0")
    p4 = "9.000004"
    procedure_publications_import(records=list(enumerate([
        {"procedure": "9.000001", "decision_number": "QĐ-1", "decision_date": "03/02/2025",
         "legal_basis_effective_on": "17/02/2025", "national_database_published_on": "07/02/2025",
         "posted_at_one_stop": YES, **ALL_PARTS},
        {"procedure": "9.000002", "decision_number": "QĐ-2", "decision_date": "10/03/2025",
         "legal_basis_effective_on": "12/03/2025", "national_database_published_on": "20/03/2025",
         **ALL_PARTS, "shows_agency": "0"},
        {"procedure": "9.000003", "decision_number": "QĐ-0", "decision_date": "16/12/2024",
         "legal_basis_effective_on": "01/01/2025", "national_database_published_on": "18/12/2024",
         "posted_at_one_stop": YES, **ALL_PARTS},
    ], start=2)), unit=unit, actor=None)
    flags = {"components_digitised": YES, "electronic_result": YES}
    make_dossiers(unit, p1, {"code": "D1", "channel": "online", "received_at": "03/03/2025 09:00",
                             "finished_at": "05/03/2025 10:00", "fee_amount": "50000", "paid_online": YES, **flags,
                             "reused_digitised_data": YES, "shared_data": YES, "population_data": YES},
                  {"code": "D2", "received_at": "03/03/2025 09:00", "finished_at": "10/03/2025 10:00",
                   "components_digitised": YES, "reused_digitised_data": YES})
    make_dossiers(unit, p2, {"code": "D3", "channel": "online", "received_at": "04/03/2025 09:00",
                             "finished_at": "20/03/2025 10:00", **flags, "population_data": YES})
    make_dossiers(unit, p3, {"code": "D4", "received_at": "24/03/2025 09:00"})
    make_dossiers(unit, p1.__class__.objects.get(code=p4), {
        "code": "D5", "received_at": "05/03/2025 09:00", "finished_at": "06/03/2025 10:00", "electronic_result": YES})
    on = dt.date(2025, 3, 31)
    dossier_evaluation_record(dossier=Dossier.objects.get(code="D1"), evaluated_on=on, actor=None,
                              agency_time=2, agencies_contacted=1, attitude=2)
    dossier_evaluation_record(dossier=Dossier.objects.get(code="D3"), evaluated_on=on, actor=None,
                              agency_time=0, contacts=1, attitude=0)
    aggregates_refresh()
    return unit


def test_a_units_766_score_computed_by_hand(hand_case):
    result = unit_score(unit=hand_case, date_from=Q1[0], date_to=Q1[1])
    card = result.scorecard.by_code()
    expected = {
        # group 1 (18)
        "1.1": (Ratio(1, 2), Fraction(2)),  # P1 on time, P2 late: 50% × 4
        "1.2": (Ratio(1, 2), Fraction(2)),  # P1 on time, P2 late: 50% × 4
        "1.3": (Ratio(2, 3), Fraction(8, 3)),  # P1, P3 complete, P2 not; P4 unpublished: 2/3 × 4
        "1.4": (None, None),  # not recorded: 6 points not measurable
        # group 2 (20): (2 early + 1 on time + 1 open within) / (4 resolved + 1 open) = 80% × 20
        "2.1": (Ratio(4, 5), Fraction(16)),
        # shown, not scored: working days D1 2 + D2 5 + D3 12 + D5 1 = 20 over 4 resolved
        "2.2": (Ratio(20, 4), Fraction(0)),
        # group 3 (22)
        "3.1": (Ratio(3, 4), Fraction(45, 8)),  # P1, P2, P4 online of 4: 75% × 6 / 80% = 5.625
        "3.2": (Ratio(2, 3), Fraction(8, 3)),  # P1 (D1), P2 (D3) had online dossiers, P4 not: 2/3 × 4
        "3.3": (Ratio(2, 5), Fraction(24, 5)),  # D1, D3 online with e-result of 5: 40% × 6 / 50% = 4.8
        "3.5": (Ratio(1, 2), Fraction(15, 8)),  # fee procedures P1, P3; P1 paid online: 50% × 3 / 80% = 1.875
        "3.6": (Ratio(1, 3), Fraction(1)),  # D1 paid of D1, D2, D4 owing a fee: 1/3 × 3
        # group 4 (22)
        "4.1": (Ratio(3, 4), Fraction(3)),  # e-results D1, D3, D5 of 4 resolved paper-result dossiers: 75% × 4
        "4.2": (Ratio(2, 5), Fraction(5, 2)),  # D1, D3 digitised with e-result of 5: 40% × 5 / 80% = 2.5
        "4.3": (Ratio(2, 5), Fraction(5, 2)),  # D1, D2 re-use of 5: 40% × 5 / 80% = 2.5
        "4.4": (Ratio(1, 5), Fraction(4, 5)),  # D1 of 5: 20% × 4 = 0.8
        "4.5": (Ratio(2, 5), Fraction(8, 5)),  # D1, D3 of 5: 40% × 4 = 1.6
        # group 5 (18): chưa có dữ liệu
        "5.1": (None, None), "5.2": (None, None), "5.3": (None, None), "5.4": (None, None),
    }
    assert {code: (card[code].ratio, card[code].points) for code in expected} == expected
    assert card["2.2"].rule.max_points == 0
    # 2 + 2 + 8/3 + 16 + 45/8 + 8/3 + 24/5 + 15/8 + 1 + 3 + 5/2 + 5/2 + 4/5 + 8/5 = 1471/30 ≈ 49.03
    assert result.scorecard.total == Fraction(1471, 30)
    assert result.scorecard.not_measurable == 24  # 1.4 (6) + group 5 (18)
    assert result.scorecard.lost == 76 - Fraction(1471, 30)
    assert [g.points for g in result.scorecard.groups] == [
        Fraction(20, 3), 16, Fraction(479, 30), Fraction(52, 5), 0]


def test_the_same_dossiers_by_tt01(hand_case):
    evaluation = unit_score(unit=hand_case, date_from=Q1[0], date_to=Q1[1]).evaluation
    assert dict(evaluation.indices) == {
        1: Decimal("1.3"),  # (2 + 1 + 0 + 2) / 4 = 1.25 → 1.3
        2: Decimal("1.0"),  # evaluated D1 2, D3 0
        3: Decimal("1.8"),  # no supplement → 2, 2, 2; D3 evaluated 1: 7 / 4 = 1.75 → 1.8
        4: Decimal("1.0"),  # evaluated D1 1
        5: None,  # no data on the one-stop model
        6: Decimal("1.7"),  # D1, D2 (P1 posted + national database) 2, D3 (P2 database only) 1; D5 unpublished
        7: Decimal("1.0"),  # evaluated D1 2, D3 0
        8: None,  # no petitions yet
        9: Decimal("0"),  # 75% of procedures and 40% of dossiers online, but D3 online and late
    }
    assert (evaluation.total, evaluation.maximum, evaluation.grade) == (Decimal("7.8"), 14, "Trung bình")


# -- group 1 per procedure --------------------------------------------------------------------------


def _status(*publications, window=Q1):
    from cchc.calendar.workdays import WorkCalendar

    return score766.publication_status(publications, date_from=window[0], date_to=window[1],
                                       add_working_days=WorkCalendar.official().add_working_days)


def test_a_decision_exactly_five_working_days_before_its_legal_basis_is_on_time():
    # legal basis Mon 17/03/2025: five working days before is Mon 10/03; Tue 11/03 is late.
    on_time = score766.Publication(dt.date(2025, 3, 10), dt.date(2025, 3, 17), dt.date(2025, 3, 17), True)
    late = score766.Publication(dt.date(2025, 3, 11), dt.date(2025, 3, 17), dt.date(2025, 3, 18), True)
    assert _status(on_time) == (True, True, True)
    assert _status(late)[0] is False
    assert _status(on_time, late)[0] is False  # late once in the window: late for the window


def test_a_decision_not_yet_public_counts_late_only_once_its_deadline_has_passed():
    # decided Mon 24/03/2025: public by Mon 31/03 (5 working days) — the window's last day.
    pending = score766.Publication(dt.date(2025, 3, 24), None, None, False)
    assert _status(pending) == (None, False, False)
    assert _status(pending, window=(dt.date(2025, 1, 1), dt.date(2025, 3, 28))) == (None, None, False)


@pytest.fixture
def petitions_source():
    """A stand-in for the petitions app: 5.2 for the hand case's unit is 3 of 4 on time."""
    from cchc.indicators import sources

    source = sources.Source(code="test_petitions_on_time", name="Phản ánh xử lý đúng hạn", score766="5.2",
                            compute=lambda units, date_from, date_to: {unit.pk: Ratio(3, 4) for unit in units})
    sources.register(source)
    yield source
    sources._REGISTRY.pop(source.code)


def test_a_registered_source_fills_its_766_indicator(hand_case, petitions_source):
    card = unit_score(unit=hand_case, date_from=Q1[0], date_to=Q1[1]).scorecard.by_code()
    assert card["5.2"].ratio == Ratio(3, 4)
    assert card["5.2"].points == Fraction(9, 2)  # 75% × 6 (full points only at 100%)
    assert card["5.1"].ratio is None  # nothing registered for 5.1: still "chưa có dữ liệu"


def test_a_registered_source_measures_targets_bound_to_it(hand_case, petitions_source):
    from cchc.indicators import binding
    from cchc.indicators.selectors import metric_value

    assert not binding.reported_by_hand(petitions_source.code)
    assert metric_value(metric_code=petitions_source.code, unit=hand_case, date_from=Q1[0], date_to=Q1[1]) == Ratio(3, 4)
