"""PAR INDEX arithmetic, with every expected value computed by hand in the comments."""

from decimal import Decimal as D

from cchc.parindex.results import Node, Points, Scheme, Tree, change, classify, rank, unit_result

CLASSES = (("Tốt", D("80")), ("Khá", D("70")), ("Trung bình", D("50")), ("Yếu", D("0")))

#: 68 appraised + 32 survey: area 1 (20) = 1.1 (8) + 1.2 (12); area 2 (48) = 2.1 (48); area 3 (32, survey) = 3.1 + 3.2
SPLIT = [
    Node("1", "Chỉ đạo, điều hành", None, D("20")),
    Node("1.1", "Kế hoạch CCHC", "1", D("8")),
    Node("1.2", "Báo cáo CCHC", "1", D("12")),
    Node("2", "Cải cách TTHC", None, D("48")),
    Node("2.1", "Hồ sơ đúng hạn", "2", D("48")),
    Node("3", "Tác động", None, D("32"), "survey"),
    Node("3.1", "Hài lòng của người dân", "3", D("20"), "survey"),
    Node("3.2", "Hài lòng của tổ chức", "3", D("12"), "survey"),
    Node("T", "Sáng kiến", None, D("2"), kind="bonus"),
    Node("T2", "Giải thưởng", None, D("2"), kind="bonus"),
    Node("P", "Chậm báo cáo", None, D("5"), kind="penalty"),
    Node("P2", "Vi phạm kỷ luật", None, D("5"), kind="penalty"),
]
SCHEME = Scheme(thresholds=CLASSES, bonus_cap=D("2"), penalty_cap=D("5"))


def test_a_68_32_split_adds_appraised_and_survey_points_over_100():
    points = {"1.1": Points(D("7.5")), "1.2": Points(D("10")), "2.1": Points(D("43.25")),
              "3.1": Points(survey=D("17.4")), "3.2": Points(survey=D("9.9"))}
    result = unit_result(SPLIT, points, SCHEME)
    # appraised 7,5 + 10 + 43,25 = 60,75; survey 17,4 + 9,9 = 27,3; (60,75 + 27,3) / 100 × 100 = 88,05
    assert (result.appraised, result.survey, result.max_points) == (D("60.75"), D("27.3"), D("100"))
    assert (result.index, result.label, result.rescaled) == (D("88.05"), "Tốt", False)
    # area 1: 17,5 / 20 = 87,5; area 2: 43,25 / 48 = 90,104… → 90,10; area 3: 27,3 / 32 = 85,3125 → 85,31
    assert [(a.code, a.points, a.index) for a in result.areas] == [
        ("1", D("17.5"), D("87.50")), ("2", D("43.25"), D("90.10")), ("3", D("27.3"), D("85.31"))]
    # lost: 2.1 4,75; 1.2 2; 3.2 2,1; 3.1 2,6; 1.1 0,5 → ordered by the points lost
    assert [(x.code, x.lost) for x in result.lost] == [("2.1", D("4.75")), ("3.1", D("2.6")), ("3.2", D("2.1")), ("1.2", D("2")),
                                                       ("1.1", D("0.5"))]


def test_without_a_survey_the_appraised_points_are_rescaled_to_100():
    nodes = [Node("1", "Chỉ đạo", None, D("30")), Node("1.1", "Kế hoạch", "1", D("30")),
             Node("2", "TTHC", None, D("40")), Node("2.1", "Hồ sơ", "2", D("40"))]
    result = unit_result(nodes, {"1.1": Points(D("24")), "2.1": Points(D("31.5"))}, SCHEME)
    # (24 + 31,5) / 70 × 100 = 79,2857… → 79,29: Khá
    assert (result.appraised, result.max_points, result.index, result.label, result.rescaled) == (
        D("55.5"), D("70"), D("79.29"), "Khá", True)


def test_a_campaign_without_survey_leaves_the_survey_criteria_out():
    points = {"1.1": Points(D("8")), "1.2": Points(D("12")), "2.1": Points(D("34")), "3.1": Points(survey=D("20"))}
    result = unit_result(SPLIT, points, Scheme(thresholds=CLASSES, survey=False))
    # (8 + 12 + 34) / 68 × 100 = 79,4117… → 79,41; area 3 has no criterion left: no sub-index
    assert (result.survey, result.max_points, result.index) == (D("0"), D("68"), D("79.41"))
    assert [a.index for a in result.areas] == [D("100.00"), D("70.83"), None]


def test_bonus_and_penalty_points_stop_at_their_caps():
    base = {"1.1": Points(D("8")), "1.2": Points(D("12")), "2.1": Points(D("40")), "3.1": Points(survey=D("15")),
            "3.2": Points(survey=D("10"))}
    # base 85; bonus 2 + 1,5 = 3,5 capped at 2; penalty 4 + 3 = 7 capped at 5: 85 + 2 − 5 = 82
    capped = unit_result(SPLIT, {**base, "T": Points(D("2")), "T2": Points(D("1.5")), "P": Points(D("4")),
                                 "P2": Points(D("3"))}, SCHEME)
    assert (capped.bonus, capped.penalty, capped.index, capped.points) == (D("2"), D("5"), D("82.00"), D("82"))
    # exactly at the caps: 2 and 5 count in full
    at_caps = unit_result(SPLIT, {**base, "T": Points(D("2")), "P": Points(D("5"))}, SCHEME)
    assert (at_caps.bonus, at_caps.penalty, at_caps.index) == (D("2"), D("5"), D("82.00"))
    # below the caps: 1 and 0,5: 85 + 1 − 0,5 = 85,5
    below = unit_result(SPLIT, {**base, "T": Points(D("1")), "P2": Points(D("0.5"))}, SCHEME)
    assert below.index == D("85.50")


def test_the_index_is_never_below_zero():
    result = unit_result(SPLIT, {"1.1": Points(D("1")), "P": Points(D("5"))}, SCHEME)
    assert result.index == D("0.00")


def test_classes_start_at_their_minimum_inclusive():
    assert [classify(D(v), CLASSES) for v in ("80.00", "79.99", "70", "69.99", "50.00", "49.99", "0")] == [
        "Tốt", "Khá", "Khá", "Trung bình", "Trung bình", "Yếu", "Yếu"]
    groups = (("A", D("90")), ("B", D("80")), ("C", D("70")))
    assert [classify(D(v), groups) for v in ("90", "89.99", "70", "69.99")] == ["A", "B", "C", ""]


def test_the_class_is_read_from_the_rounded_index():
    nodes = [Node("1", "Một", None, D("3")), Node("1.1", "Một", "1", D("3"))]
    # 2,4 / 3 × 100 = 79,99999… which rounds to 80,00: Tốt (what the table shows)
    result = unit_result(nodes, {"1.1": Points(D("2.4"))}, Scheme(thresholds=CLASSES))
    assert (result.index, result.label) == (D("80.00"), "Tốt")


def test_ties_share_a_rank_and_the_next_rank_skips():
    ranks = rank({"a": D("91.20"), "b": D("88.50"), "c": D("91.20"), "d": D("70"), "e": D("88.50"), "f": D("60")})
    assert ranks == {"a": 1, "c": 1, "b": 3, "e": 3, "d": 5, "f": 6}


def test_change_against_last_year_in_points_and_ranks():
    assert change(D("88.05"), 3, D("86.50"), 7) == (change(D("88.05"), 3, D("86.50"), 7))
    moved = change(D("88.05"), 3, D("86.50"), 7)
    assert (moved.index, moved.rank) == (D("1.55"), 4)
    fell = change(D("80"), 5, D("82.25"), 2)
    assert (fell.index, fell.rank) == (D("-2.25"), -3)
    new = change(D("80"), 5, None, None)
    assert (new.index, new.rank) == (None, None)


def test_a_tree_is_reused_for_many_units():
    tree = Tree(SPLIT)
    assert [n.code for n in tree.leaves] == ["1.1", "1.2", "2.1", "3.1", "3.2"]
    assert (tree.appraised_max, tree.survey_max) == (D("68"), D("32"))
    assert unit_result(tree, {}, SCHEME).index == D("0.00")
