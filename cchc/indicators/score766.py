"""QĐ 766/QĐ-TTg (2022): from indicator values to points, and the 100-point total. Pure Python.

Sources (tthc_indicators.md §4): the five groups and their maxima (18, 20, 22, 22, 18) are
confirmed; so are three sub-weights (1.2 = 4, 5.4 up to 6, 2.1 up to 20) and the scoring rule of
3.1, 3.3, 3.5, 4.2, 4.3 and 5.4 ([F766]: "Đạt từ X% trở lên sẽ đạt điểm tối đa. Dưới X%: Tỷ lệ ×
Điểm tối đa / X%", X = 80, 50 or 90). Every other sub-weight and threshold below is a choice of
this code, marked ``confirmed=False``: they are the defaults of the editable ``ScoringRule`` table.

An indicator without a value is *not measurable*: its points are neither earned nor lost, and the
scorecard says how many points that leaves out. Two cases: the data does not exist in the system
yet (group 5 until petitions and ratings exist; 1.4 until synchronisation to the national portal
is recorded): "chưa có dữ liệu", never 0; or the denominator is 0 ([F766]: "show 0 or N/A"),
by default not measurable too (``EmptyBase``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from cchc.indicators.formulas import Ratio, round_half_up

QD766 = "QĐ 766/QĐ-TTg ngày 23/6/2022"
F766 = "Mô tả công thức tính chỉ số 766 ([F766], chưa xác minh nguồn)"
UNCONFIRMED = "Chưa xác minh: lựa chọn mặc định của hệ thống, sửa được trong bảng quy tắc tính điểm"

#: Confirmed maxima of the five groups (tthc_indicators.md §4.1).
GROUP_MAX = {1: 18, 2: 20, 3: 22, 4: 22, 5: 18}
GROUP_NAMES = {
    1: "Công khai, minh bạch",
    2: "Tiến độ, kết quả giải quyết",
    3: "Cung cấp dịch vụ trực tuyến",
    4: "Số hóa hồ sơ",
    5: "Mức độ hài lòng",
}


class Status(StrEnum):
    MEASURED = "measured"
    NO_DATA = "no_data"  # chưa có dữ liệu: the system does not hold this data yet
    NO_BASE = "no_base"  # the denominator is 0


class EmptyBase(StrEnum):
    """What an indicator whose denominator is 0 scores ([F766] common notes: "show 0 or N/A")."""

    NOT_MEASURABLE = "not_measurable"  # default: N/A, its points are left out of the total
    ZERO = "zero"  # 0 points, all lost


#: Default of ``EmptyBase``: a unit with nothing to count is not punished for it (N/A reading).
DEFAULT_EMPTY_BASE = EmptyBase.NOT_MEASURABLE


@dataclass(frozen=True)
class Rule:
    """How one indicator earns points: full points from ``full_at`` percent, linear below it.

    ``max_points`` 0 means the indicator is shown but not scored (2.2, average time).
    ``full_at`` 100 means plain proportion (points = rate × max).
    """

    code: str
    group: int
    name: str
    max_points: Decimal
    full_at: Decimal
    confirmed: bool
    source: str


def _rule(code, name, points, full_at, confirmed, source) -> Rule:
    return Rule(code, int(code[0]), name, Decimal(points), Decimal(full_at), confirmed, source)


_LINEAR_80 = f"{F766}: từ 80% trở lên đạt điểm tối đa, dưới 80% tính tỷ lệ × điểm tối đa / 80%"

#: The default rules, in display order; the sub-weights of each group sum to the group's maximum.
DEFAULT_RULES: tuple[Rule, ...] = (
    _rule("1.1", "Tỷ lệ TTHC công bố đúng hạn", 4, 100, False, UNCONFIRMED),
    _rule("1.2", "Tỷ lệ TTHC được cập nhật, công khai đúng hạn", 4, 100, False,
          f"{QD766}: 4/18 điểm (xác nhận); cách tính điểm theo tỷ lệ: {UNCONFIRMED}"),
    _rule("1.3", "Tỷ lệ TTHC công khai đầy đủ các bộ phận tạo thành", 4, 100, False, UNCONFIRMED),
    _rule("1.4", "Tỷ lệ hồ sơ đồng bộ lên Cổng DVC quốc gia", 6, 100, False, UNCONFIRMED),
    _rule("2.1", "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn", 20, 100, False,
          f"{QD766}: tối đa 20 điểm (xác nhận); cách tính điểm theo tỷ lệ: {UNCONFIRMED}"),
    _rule("2.2", "Thời gian giải quyết trung bình", 0, 100, False, f"{F766}: chỉ hiển thị, không tính điểm"),
    _rule("3.1", "Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến", 6, 80, False,
          f"{_LINEAR_80} (xác nhận); điểm tối đa: {UNCONFIRMED}"),
    _rule("3.2", "Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ", 4, 100, False, UNCONFIRMED),
    _rule("3.3", "Tỷ lệ hồ sơ nộp trực tuyến", 6, 50, False,
          f"{F766}: từ 50% trở lên đạt điểm tối đa (xác nhận); điểm tối đa: {UNCONFIRMED}"),
    _rule("3.5", "Tỷ lệ TTHC có nghĩa vụ tài chính được tích hợp thanh toán trực tuyến", 3, 80, False,
          f"{_LINEAR_80} (xác nhận); điểm tối đa: {UNCONFIRMED}"),
    _rule("3.6", "Tỷ lệ hồ sơ thanh toán trực tuyến", 3, 100, False, UNCONFIRMED),
    _rule("4.1", "Tỷ lệ hồ sơ có cấp kết quả giải quyết điện tử", 4, 100, False, UNCONFIRMED),
    _rule("4.2", "Tỷ lệ hồ sơ thực hiện số hóa", 5, 80, False, f"{_LINEAR_80} (xác nhận); điểm tối đa: {UNCONFIRMED}"),
    _rule("4.3", "Tỷ lệ hồ sơ khai thác, sử dụng lại dữ liệu số hóa", 5, 80, False,
          f"{_LINEAR_80} (xác nhận); điểm tối đa: {UNCONFIRMED}"),
    _rule("4.4", "Tỷ lệ hồ sơ có kết nối, chia sẻ dữ liệu", 4, 100, False, UNCONFIRMED),
    _rule("4.5", "Tỷ lệ hồ sơ sử dụng dữ liệu dân cư", 4, 100, False, UNCONFIRMED),
    _rule("5.1", "Tỷ lệ phản ánh, kiến nghị theo phân loại", 3, 100, False, UNCONFIRMED),
    _rule("5.2", "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn", 6, 100, False, UNCONFIRMED),
    _rule("5.3", "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị", 3, 100, False, UNCONFIRMED),
    _rule("5.4", "Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC", 6, 90, False,
          f"{QD766}: tối đa 6/18 điểm; {F766}: từ 90% trở lên đạt điểm tối đa (xác nhận)"),
)


def check_rules(rules: Iterable[Rule]) -> list[str]:
    """Problems of a rule set: a group whose sub-weights do not add up to its maximum, a bad threshold."""
    problems = []
    rules = list(rules)
    for group, maximum in GROUP_MAX.items():
        total = sum((r.max_points for r in rules if r.group == group), Decimal(0))
        if total != maximum:
            problems.append(f"nhóm {group}: tổng điểm {total} khác {maximum}")
    problems += [f"chỉ số {r.code}: ngưỡng {r.full_at}%" for r in rules if not 0 < r.full_at <= 100]
    return problems


def points(rate: Fraction, *, max_points: Decimal, full_at: Decimal) -> Fraction:
    """Points for ``rate`` (a quotient, 0.8 = 80%): full from ``full_at`` percent, rate × max / full_at below.

    Exact: ``points(Fraction(79, 100), max_points=Decimal(6), full_at=Decimal(80))`` is 237/40 (5.925).
    """
    threshold = Fraction(full_at) / 100
    maximum = Fraction(max_points)
    if rate >= threshold:
        return maximum
    return rate * maximum / threshold


@dataclass(frozen=True)
class IndicatorScore:
    rule: Rule
    ratio: Ratio | None
    status: Status
    points: Fraction | None  # None when not measurable

    @property
    def percent(self) -> Decimal | None:
        return self.ratio.percent() if self.ratio is not None else None

    @property
    def lost(self) -> Fraction | None:
        return None if self.points is None else Fraction(self.rule.max_points) - self.points

    @property
    def not_measurable(self) -> Fraction:
        return Fraction(self.rule.max_points) if self.points is None else Fraction(0)

    def rounded_points(self) -> Decimal | None:
        return None if self.points is None else round_half_up(self.points, 2)

    def rounded_lost(self) -> Decimal | None:
        return None if self.lost is None else round_half_up(self.lost, 2)


@dataclass(frozen=True)
class GroupScore:
    group: int
    name: str
    maximum: Decimal  # the sum of its rules' points (the confirmed group maximum with the default rules)
    indicators: tuple[IndicatorScore, ...]

    @property
    def points(self) -> Fraction:
        return sum((i.points for i in self.indicators if i.points is not None), Fraction(0))

    @property
    def not_measurable(self) -> Fraction:
        return sum((i.not_measurable for i in self.indicators), Fraction(0))

    @property
    def lost(self) -> Fraction:
        return Fraction(self.maximum) - self.points - self.not_measurable


@dataclass(frozen=True)
class Scorecard:
    groups: tuple[GroupScore, ...]

    @property
    def indicators(self) -> tuple[IndicatorScore, ...]:
        return tuple(i for g in self.groups for i in g.indicators)

    @property
    def total(self) -> Fraction:
        """Points earned out of 100."""
        return sum((g.points for g in self.groups), Fraction(0))

    @property
    def not_measurable(self) -> Fraction:
        """Points of indicators without a value: neither earned nor lost."""
        return sum((g.not_measurable for g in self.groups), Fraction(0))

    @property
    def maximum(self) -> Fraction:
        return sum((Fraction(g.maximum) for g in self.groups), Fraction(0))

    @property
    def measurable(self) -> Fraction:
        return self.maximum - self.not_measurable

    @property
    def lost(self) -> Fraction:
        return self.measurable - self.total

    def by_code(self) -> dict[str, IndicatorScore]:
        return {i.rule.code: i for i in self.indicators}


def score(
    values: Mapping[str, Ratio | None],
    rules: Iterable[Rule] = DEFAULT_RULES,
    *,
    empty_base: EmptyBase = DEFAULT_EMPTY_BASE,
) -> Scorecard:
    """The scorecard of one unit and window.

    ``values`` maps an indicator code ("3.1") to its ratio, or to ``None`` when the system holds no
    data for it (a missing code is the same). A ratio is a quotient: percentages are not averaged.
    """
    by_group: dict[int, list[IndicatorScore]] = {group: [] for group in GROUP_MAX}
    for rule in rules:
        ratio = values.get(rule.code)
        if ratio is None:
            item = IndicatorScore(rule, None, Status.NO_DATA, None)
        elif ratio.fraction is None:
            earned = Fraction(0) if empty_base == EmptyBase.ZERO and rule.max_points else None
            item = IndicatorScore(rule, ratio, Status.NO_BASE, earned)
        elif not rule.max_points:
            item = IndicatorScore(rule, ratio, Status.MEASURED, Fraction(0))
        else:
            item = IndicatorScore(rule, ratio, Status.MEASURED,
                                  points(ratio.fraction, max_points=rule.max_points, full_at=rule.full_at))
        by_group[rule.group].append(item)
    return Scorecard(tuple(
        GroupScore(group, GROUP_NAMES[group], sum((i.rule.max_points for i in items), Decimal(0)), tuple(items))
        for group, items in by_group.items()
    ))


# -- group 1 per procedure ---------------------------------------------------------------------------

#: 1.1: a province's publication decision must be dated at least this many working days before its
#: legal basis takes effect (ministries: 20). [F766] 1.1; the province figure is the default.
PUBLICATION_LEAD_WORKING_DAYS = 5
#: 1.2: a province publishes on the national TTHC database within this many working days of the
#: decision (ministries: 10). [F766] 1.2.
NATIONAL_DATABASE_WORKING_DAYS = 5


@dataclass(frozen=True)
class Publication:
    """What group 1 needs of one publication decision of a procedure."""

    decision_date: object  # datetime.date
    legal_basis_effective_on: object | None
    national_database_published_on: object | None
    complete: bool


def publication_status(
    publications: Iterable[Publication],
    *,
    date_from,
    date_to,
    add_working_days,
    lead: int = PUBLICATION_LEAD_WORKING_DAYS,
    update_within: int = NATIONAL_DATABASE_WORKING_DAYS,
) -> tuple[bool | None, bool | None, bool | None]:
    """(1.1 published on time, 1.2 made public on time, 1.3 complete) of one procedure for a window.

    ``None`` means the procedure is not in that indicator's denominator. Readings of [F766]:

    * 1.1 and 1.2 count the decisions dated in the window; a procedure in several decisions counts
      once, late if any of them is late ("late once in the period, the whole period is late").
      1.1 skips a decision without a legal-basis date; 1.2 counts a decision not yet made public
      as late once its deadline has passed by the window's end, and leaves it out before that.
    * 1.3 reads the latest decision dated on or before the window's end ("at the current moment").
    """
    publications = sorted(publications, key=lambda p: p.decision_date)
    in_window = [p for p in publications if date_from <= p.decision_date <= date_to]
    on_time_11 = None
    for p in in_window:
        if p.legal_basis_effective_on is None:
            continue
        ok = p.decision_date <= add_working_days(p.legal_basis_effective_on, -lead)
        on_time_11 = ok if on_time_11 is None else on_time_11 and ok
    on_time_12 = None
    for p in in_window:
        deadline = add_working_days(p.decision_date, update_within)
        if p.national_database_published_on is None:
            if deadline > date_to:
                continue
            ok = False
        else:
            ok = p.national_database_published_on <= deadline
        on_time_12 = ok if on_time_12 is None else on_time_12 and ok
    current = [p for p in publications if p.decision_date <= date_to]
    complete = current[-1].complete if current else None
    return on_time_11, on_time_12, complete


def by_code(rules: Iterable[Rule]) -> dict[str, Rule]:
    return {rule.code: rule for rule in rules}
