"""Periodic CCHC reports: data cut-off windows (thời điểm chốt số liệu) and submission deadlines.

Pure Python: no database; Django only for gettext (labels and messages have English msgids and a
Vietnamese catalogue). Sources (reporting_regime.md):

* NĐ 09/2019/NĐ-CP (24/01/2019), the general reporting regime of state administrative bodies. Its
  standard cut-off windows run from the 15th of the month before the period to the 14th of the
  period's last month; the first half-year and the year both start on 15/12 of the previous year
  (article number, cited as Điều 12 khoản 1, UNCONFIRMED).
* Văn bản 581/BNV-CCHC (Bộ Nội vụ guidance on periodic CCHC reports; date UNCONFIRMED):
  reports "hàng quý, 6 tháng và hàng năm"; deadline "chậm nhất là ngày 20 của tháng cuối kỳ báo cáo";
  windows Quý I 15/12 → 14/3, 6 tháng 15/12 → 14/6, Quý III 15/6 → 14/9, Năm 15/12 → 14/12.
  Q1, 6-month and annual windows are cumulative; there is no separate Q2 or Q4 report, and no
  9-month report.
* Seed 004 (Kế hoạch CCHC năm 2024, UBND huyện Trần Đề, mục IV.1): "Thời hạn báo cáo chậm nhất
  ngày 11 của tháng cuối kỳ báo cáo"; windows 11/12/2023 → 10/3/2024 (Quý I), 11/12/2023 →
  10/6/2024 (6 tháng), 11/6/2024 → 10/9/2024 (Quý III), 11/12/2023 → 10/12/2024 (năm). Reports
  "quý, 6 tháng và năm": no 9-month report either.

Both presets have the same shape, which :class:`PeriodRule` captures with two numbers: every window
ends on ``cutoff_day`` of the period's last month and starts the day after ``cutoff_day`` of the
month ``span`` months earlier (Q1, H1, 9 months and year reach back to December of the previous
year, so they are cumulative; Q3 reaches back to June). The deadline is ``deadline_day`` of the
period's last month.

"9 tháng" (``m9``) appears in some plans (seed 002) and vendors' tables; the references say it is the
Q3 report or a cumulative view. Its window here is cumulative (15/12 → 14/9 nationally), which is
an assumption (UNCONFIRMED); no preset publishes it.

A deadline that falls on a rest day: no reference on reporting says what happens.
``DeadlinePolicy.NEXT_WORKING_DAY`` (the default) follows BLDS 2015 Điều 148 as summarised in
tthc_indicators.md §3.4 ("if the last day is a rest day the period ends at the end of the next
working day", itself marked UNCONFIRMED there). It is a configurable assumption: some issuers
expect reports before a holiday (``PREVIOUS_WORKING_DAY``) or keep the date (``AS_IS``).
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.calendar.workdays import WorkCalendar

__all__ = [
    "NATIONAL",
    "SEED_004",
    "DeadlinePolicy",
    "PeriodKind",
    "PeriodRule",
    "ReportPeriod",
    "adhoc_period",
    "adjust_deadline",
    "default_calendar",
    "period_label",
    "report_subject",
    "overlap_errors",
    "overlapping",
    "period_errors",
    "periods_for_year",
    "validate_period",
]


class PeriodKind(StrEnum):
    """Kind of periodic report (Báo cáo định kỳ quý / 6 tháng / 9 tháng / năm, hoặc đột xuất)."""

    Q1 = "q1"  # quý I
    H1 = "h1"  # 6 tháng đầu năm
    Q3 = "q3"  # quý III
    M9 = "m9"  # 9 tháng
    YEAR = "year"  # năm
    ADHOC = "adhoc"  # đột xuất


#: Last month of each periodic kind and how many months its window covers.
_LAST_MONTH: dict[PeriodKind, int] = {
    PeriodKind.Q1: 3,
    PeriodKind.H1: 6,
    PeriodKind.Q3: 9,
    PeriodKind.M9: 9,
    PeriodKind.YEAR: 12,
}
_SPAN_MONTHS: dict[PeriodKind, int] = {
    PeriodKind.Q1: 3,
    PeriodKind.H1: 6,
    PeriodKind.Q3: 3,
    PeriodKind.M9: 9,
    PeriodKind.YEAR: 12,
}
_ORDER: tuple[PeriodKind, ...] = (PeriodKind.Q1, PeriodKind.H1, PeriodKind.Q3, PeriodKind.M9, PeriodKind.YEAR)

_LABELS = {
    PeriodKind.Q1: gettext_lazy("Report for quarter I of {year}"),
    PeriodKind.H1: gettext_lazy("Report for the first six months of {year}"),
    PeriodKind.Q3: gettext_lazy("Report for quarter III of {year}"),
    PeriodKind.M9: gettext_lazy("Report for the first nine months of {year}"),
    PeriodKind.YEAR: gettext_lazy("Annual report {year}"),
    PeriodKind.ADHOC: gettext_lazy("Ad hoc report"),
}


_PHRASES = {
    PeriodKind.Q1: gettext_lazy("quarter I of {year}"),
    PeriodKind.H1: gettext_lazy("the first six months of {year}"),
    PeriodKind.Q3: gettext_lazy("quarter III of {year}"),
    PeriodKind.M9: gettext_lazy("the first nine months of {year}"),
    PeriodKind.YEAR: gettext_lazy("the year {year}"),
}
_NEXT = {
    PeriodKind.Q1: gettext_lazy("quarter II of {year}"),
    PeriodKind.H1: gettext_lazy("the last six months of {year}"),
    PeriodKind.Q3: gettext_lazy("quarter IV of {year}"),
    PeriodKind.M9: gettext_lazy("quarter IV of {year}"),
    PeriodKind.YEAR: gettext_lazy("the year {next_year}"),
}


def report_subject(kind: PeriodKind | str, year: int, title: str = "") -> str:
    """The trích yếu of the report: "Kết quả thực hiện công tác cải cách hành chính quý I năm 2025
    và phương hướng, nhiệm vụ quý II năm 2025" (reporting_regime.md §3); an ad hoc report's subject."""
    kind = PeriodKind(kind)
    if kind is PeriodKind.ADHOC:
        return title.strip() or str(_LABELS[kind])
    return _("Results of administrative reform in {period} and the tasks for {next}").format(
        period=str(_PHRASES[kind]).format(year=year),
        next=str(_NEXT[kind]).format(year=year, next_year=year + 1),
    )


def period_label(kind: PeriodKind | str, year: int, title: str = "") -> str:
    """The report's title in the active language: "Báo cáo quý I năm 2025", "Báo cáo đột xuất: …"."""
    label = str(_LABELS[PeriodKind(kind)]).format(year=year)
    return f"{label}: {title.strip()}" if title.strip() else label


class DeadlinePolicy(StrEnum):
    """What to do with a deadline that falls on a weekend or a holiday."""

    NEXT_WORKING_DAY = "next_working_day"
    PREVIOUS_WORKING_DAY = "previous_working_day"
    AS_IS = "as_is"


def _day_of_month(year: int, month: int, day: int) -> date:
    """``day`` of the month, or the month's last day if it is shorter (31 = "end of month")."""
    return date(year, month, min(day, _calendar.monthrange(year, month)[1]))


def _dmy(day: date) -> str:
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class PeriodRule:
    """How one issuing level derives its report windows and deadlines.

    ``cutoff_day``: windows end on this day of the period's last month (14 nationally, 10 in
    seed 004; 31 gives calendar-month windows). ``deadline_day``: deadline in the period's last
    month (20 nationally, 11 in seed 004). ``kinds``: the periodic reports the level asks for.
    """

    code: str
    name_vi: str
    source: str
    kinds: tuple[PeriodKind, ...]
    cutoff_day: int
    deadline_day: int
    deadline_policy: DeadlinePolicy = DeadlinePolicy.NEXT_WORKING_DAY

    def __post_init__(self) -> None:
        kinds = tuple(PeriodKind(kind) for kind in self.kinds)
        if PeriodKind.ADHOC in kinds:
            raise ValueError("Ad hoc reports have no rule-derived window; use adhoc_period()")
        if len(set(kinds)) != len(kinds):
            raise ValueError("A kind is listed twice")
        object.__setattr__(self, "kinds", kinds)
        object.__setattr__(self, "deadline_policy", DeadlinePolicy(self.deadline_policy))
        for name in ("cutoff_day", "deadline_day"):
            if not 1 <= getattr(self, name) <= 31:
                raise ValueError(f"{name} must be between 1 and 31")
        if self.deadline_day < self.cutoff_day:
            raise ValueError("The deadline cannot come before the end of the data window")

    def window(self, kind: PeriodKind | str, year: int) -> tuple[date, date]:
        """``(data_from, data_to)`` of the ``kind`` report of ``year``."""
        kind = PeriodKind(kind)
        if kind is PeriodKind.ADHOC:
            raise ValueError("Ad hoc reports have no rule-derived window")
        last_month = _LAST_MONTH[kind]
        data_to = _day_of_month(year, last_month, self.cutoff_day)
        start_year, start_month0 = divmod(year * 12 + last_month - 1 - _SPAN_MONTHS[kind], 12)
        data_from = _day_of_month(start_year, start_month0 + 1, self.cutoff_day) + timedelta(days=1)
        return data_from, data_to

    def nominal_deadline(self, kind: PeriodKind | str, year: int) -> date:
        """The deadline as written, before any rest-day adjustment."""
        return _day_of_month(year, _LAST_MONTH[PeriodKind(kind)], self.deadline_day)


@dataclass(frozen=True)
class ReportPeriod:
    """One report to produce: its window of data, its deadline and its Vietnamese title."""

    kind: PeriodKind
    year: int
    data_from: date
    data_to: date
    deadline: date
    label: str
    nominal_deadline: date
    rule_code: str = ""


NATIONAL = PeriodRule(
    code="national-581-bnv-cchc",
    name_vi="Chế độ báo cáo CCHC định kỳ gửi Bộ Nội vụ",
    source=(
        "Văn bản 581/BNV-CCHC của Bộ Nội vụ hướng dẫn báo cáo CCHC định kỳ (ngày ban hành chưa xác minh): "
        "hạn gửi chậm nhất là ngày 20 của tháng cuối kỳ báo cáo; chốt số liệu 15/12 – 14/3, 15/12 – 14/6, "
        "15/6 – 14/9, 15/12 – 14/12 như Nghị định 09/2019/NĐ-CP (chưa xác minh điều khoản)"
    ),
    kinds=(PeriodKind.Q1, PeriodKind.H1, PeriodKind.Q3, PeriodKind.YEAR),
    cutoff_day=14,
    deadline_day=20,
)

SEED_004 = PeriodRule(
    code="seed-004-tran-de-2024",
    name_vi="Kế hoạch CCHC năm 2024 của UBND huyện Trần Đề (mục IV.1)",
    source=(
        "Kế hoạch thực hiện CCHC huyện Trần Đề năm 2024, mục IV.1: “Thời hạn báo cáo chậm nhất ngày 11 của tháng "
        "cuối kỳ báo cáo”; Quý I 11/12/2023 → 10/3/2024, 6 tháng 11/12/2023 → 10/6/2024, Quý III 11/6/2024 → "
        "10/9/2024, năm 11/12/2023 → 10/12/2024"
    ),
    kinds=(PeriodKind.Q1, PeriodKind.H1, PeriodKind.Q3, PeriodKind.YEAR),
    cutoff_day=10,
    deadline_day=11,
)


@cache
def default_calendar() -> WorkCalendar:
    """The official 2024–2026 schedules (``WorkCalendar.official()``), for pure callers and tests only.

    The application passes the administrator's calendar (``cchc.calendar.api.current_calendar()``), the
    one dossiers, plan tasks and reminders use; it holds the same 2024–2026 days (a test checks it).
    """
    return WorkCalendar.official()


def adjust_deadline(
    nominal: date, policy: DeadlinePolicy | str, calendar: WorkCalendar | None = None
) -> date:
    """Move a deadline that falls on a rest day according to ``policy`` (see the module docstring)."""
    policy = DeadlinePolicy(policy)
    if policy is DeadlinePolicy.AS_IS:
        return nominal
    cal = calendar or default_calendar()
    if policy is DeadlinePolicy.NEXT_WORKING_DAY:
        return cal.working_day_on_or_after(nominal)
    return cal.working_day_on_or_before(nominal)


def periods_for_year(rule: PeriodRule, year: int, calendar: WorkCalendar | None = None) -> list[ReportPeriod]:
    """Every periodic report ``rule`` asks for in ``year``, in calendar order.

    ``calendar`` defaults to ``WorkCalendar.official()``. With ``PREVIOUS_WORKING_DAY`` a deadline
    one day after the window may move inside it; :func:`validate_period` reports that.
    """
    periods = []
    for kind in _ORDER:
        if kind not in rule.kinds:
            continue
        data_from, data_to = rule.window(kind, year)
        nominal = rule.nominal_deadline(kind, year)
        periods.append(
            ReportPeriod(
                kind=kind,
                year=year,
                data_from=data_from,
                data_to=data_to,
                deadline=adjust_deadline(nominal, rule.deadline_policy, calendar),
                label=period_label(kind, year),
                nominal_deadline=nominal,
                rule_code=rule.code,
            )
        )
    return periods


def adhoc_period(
    *,
    data_from: date,
    data_to: date,
    deadline: date,
    title: str = "",
    policy: DeadlinePolicy | str = DeadlinePolicy.NEXT_WORKING_DAY,
    calendar: WorkCalendar | None = None,
) -> ReportPeriod:
    """An ad hoc report (báo cáo đột xuất) with an explicit window and deadline.

    Raises ``ValueError`` carrying the Vietnamese messages of :func:`validate_period`.
    """
    errors = validate_period(data_from, data_to, deadline)
    if errors:
        raise ValueError(" ".join(errors))
    label = period_label(PeriodKind.ADHOC, data_to.year, title)
    return ReportPeriod(
        kind=PeriodKind.ADHOC,
        year=data_to.year,
        data_from=data_from,
        data_to=data_to,
        deadline=adjust_deadline(deadline, policy, calendar),
        label=label,
        nominal_deadline=deadline,
        rule_code="adhoc",
    )


def period_errors(
    data_from: date | None, data_to: date | None, deadline: date | None
) -> list[tuple[str, str]]:
    """``(field, message)`` for each problem of a window and a deadline; fields are ``data_from``,
    ``data_to`` and ``deadline``.

    Checks: every date present; the window not inverted (a one-day window is allowed); the deadline
    not before the end of the window (sending on the cut-off day itself is allowed).
    """
    errors: list[tuple[str, str]] = []
    if data_from is None:
        errors.append(("data_from", _("The first day of the data window is missing.")))
    if data_to is None:
        errors.append(("data_to", _("The last day of the data window is missing.")))
    if deadline is None:
        errors.append(("deadline", _("The submission deadline is missing.")))
    if data_from is not None and data_to is not None and data_from > data_to:
        message = _("The data window starts ({start}) after it ends ({end}).")
        errors.append(("data_from", message.format(start=_dmy(data_from), end=_dmy(data_to))))
    if data_to is not None and deadline is not None and deadline < data_to:
        message = _("The submission deadline ({deadline}) is before the data window ends ({end}).")
        errors.append(("deadline", message.format(deadline=_dmy(deadline), end=_dmy(data_to))))
    return errors


def validate_period(data_from: date | None, data_to: date | None, deadline: date | None) -> list[str]:
    """The messages of :func:`period_errors`; an empty list when the window and deadline are valid."""
    return [message for _field, message in period_errors(data_from, data_to, deadline)]


def overlapping(
    periods: Iterable[ReportPeriod], *, include_adhoc: bool = False
) -> list[tuple[ReportPeriod, ReportPeriod]]:
    """Pairs of periods of the same kind whose windows share at least one day.

    Different kinds overlap by design (Q1 lies inside the 6-month window), so only the same kind
    is compared. Ad hoc reports cover unrelated topics and are skipped unless ``include_adhoc``.
    Pairs come sorted by kind and start date.
    """
    candidates: Sequence[ReportPeriod] = sorted(
        (p for p in periods if include_adhoc or p.kind is not PeriodKind.ADHOC),
        key=lambda p: (str(p.kind), p.data_from, p.data_to),
    )
    pairs = []
    for index, first in enumerate(candidates):
        for second in candidates[index + 1 :]:
            if second.kind != first.kind:
                break
            if second.data_from <= first.data_to and first.data_from <= second.data_to:
                pairs.append((first, second))
    return pairs


def overlap_errors(periods: Iterable[ReportPeriod], *, include_adhoc: bool = False) -> list[str]:
    """Vietnamese messages for :func:`overlapping`, for a form listing a unit's periods."""
    return [
        _(
            "The data window of “{first}” ({first_from} – {first_to}) overlaps that of “{second}” ({second_from} – {second_to})."
        ).format(
            first=first.label,
            first_from=_dmy(first.data_from),
            first_to=_dmy(first.data_to),
            second=second.label,
            second_from=_dmy(second.data_from),
            second_to=_dmy(second.data_to),
        )
        for first, second in overlapping(periods, include_adhoc=include_adhoc)
    ]
