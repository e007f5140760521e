"""One-stop (một cửa) indicator arithmetic: on-time, early and late shares, channels, payment, digitisation.

Pure Python: no database, no Django. Every rule cites tthc_indicators.md (``§`` numbers below) and,
through it, its legal or technical source:

* [F766] "Mô tả công thức tính chỉ số 766" — the business rules behind the QĐ 766/QĐ-TTg (2022)
  dashboard. Its provenance is not proven (tthc_indicators.md, "Main sources").
* TT 01/2018/TT-VPCP Điều 13–15 — early (2) / on time (1) / late (0) per dossier.
* Provincial reports used as worked examples (Vĩnh Phúc 2021, Đắk Nông 2021, Đắk Glong 2020).

Principles
----------
* Store raw counts and recompute; never trust printed percentages (§3.3: Đắk Nông printed 48.2 %
  where 99,558 / 206,885 = 48.12 %).
* A parent's rate is computed from summed numerators and denominators, never by averaging its
  children's percentages: :class:`Ratio` and :class:`DossierCounts` add that way.
* A zero denominator has no value ("show 0 or N/A", [F766] common notes); here it is ``None`` and
  displays as "—". Percentages round half-up to 2 decimals ([F766] common notes).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from math import floor

__all__ = [
    "NO_VALUE",
    "ON_TIME_BASIS_LABELS_VI",
    "Channel",
    "DossierCounts",
    "OnTimeBasis",
    "Outcome",
    "Ratio",
    "average_resolution_time",
    "carry_over_discrepancy",
    "carry_over_gap",
    "channel_shares",
    "classify_dossier",
    "count_outcomes",
    "digitisation_share",
    "digitisation_stock_share",
    "early_share",
    "electronic_result_share",
    "format_decimal_vi",
    "late_share",
    "on_time_only_share",
    "on_time_rate",
    "online_payment_share",
    "round_half_up",
]

#: What a ratio with a zero denominator displays as.
NO_VALUE = "—"

Number = int | Decimal | Fraction


def _to_fraction(value: Number, name: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | Decimal | Fraction):
        raise TypeError(f"{name} must be an int, Decimal or Fraction, not {type(value).__name__}")
    if isinstance(value, Decimal) and not value.is_finite():
        raise ValueError(f"{name} must be finite")
    result = Fraction(value)
    if result < 0:
        raise ValueError(f"{name} must not be negative")
    return result


def round_half_up(value: Fraction | Decimal | int, places: int = 2) -> Decimal:
    """Round exactly, half away from zero, to ``places`` decimals (12.5 → 13, not banker's 12)."""
    if places < 0:
        raise ValueError("places must not be negative")
    scaled = Fraction(value) * 10**places
    magnitude = floor(abs(scaled) + Fraction(1, 2))
    signed = magnitude if scaled >= 0 else -magnitude
    return (Decimal(signed) / Decimal(10**places)).quantize(Decimal(1).scaleb(-places))


def format_decimal_vi(value: Decimal, places: int = 2) -> str:
    """Vietnamese number format: "." groups thousands, "," separates decimals (1.234,50)."""
    text = f"{value:,.{places}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


@dataclass(frozen=True)
class Ratio:
    """A numerator over a denominator, kept raw so that ratios can be summed up a hierarchy.

    ``Ratio(19255, 19944).percent()`` is ``Decimal("96.55")``. Two ratios are equal only when
    their numerators and denominators are (``Ratio(1, 2) != Ratio(2, 4)``): they describe counts.
    """

    numerator: Number
    denominator: Number

    def __post_init__(self) -> None:
        _to_fraction(self.numerator, "numerator")
        _to_fraction(self.denominator, "denominator")

    @property
    def fraction(self) -> Fraction | None:
        """The exact quotient, or ``None`` when the denominator is 0."""
        denominator = Fraction(self.denominator)
        if denominator == 0:
            return None
        return Fraction(self.numerator) / denominator

    @property
    def value(self) -> Decimal | None:
        """The quotient as a Decimal (28 significant digits), ``None`` when the denominator is 0."""
        quotient = self.fraction
        if quotient is None:
            return None
        return Decimal(quotient.numerator) / Decimal(quotient.denominator)

    def percent(self, places: int = 2) -> Decimal | None:
        """Quotient × 100 rounded half-up to ``places`` decimals; ``None`` for a zero denominator."""
        quotient = self.fraction
        return None if quotient is None else round_half_up(quotient * 100, places)

    def rounded(self, places: int = 2) -> Decimal | None:
        """Quotient rounded half-up (for averages, which are not percentages)."""
        quotient = self.fraction
        return None if quotient is None else round_half_up(quotient, places)

    def display(self, places: int = 2, *, as_percent: bool = True) -> str:
        """Text for a page or report: "96,55%", or "—" when the denominator is 0."""
        number = self.percent(places) if as_percent else self.rounded(places)
        if number is None:
            return NO_VALUE
        return format_decimal_vi(number, places) + ("%" if as_percent else "")

    def __add__(self, other: Ratio) -> Ratio:
        if not isinstance(other, Ratio):
            return NotImplemented
        return Ratio(self.numerator + other.numerator, self.denominator + other.denominator)

    def __radd__(self, other: object) -> Ratio:
        # Lets sum(ratios) start from 0.
        if other == 0:
            return self
        return NotImplemented


# -- per-dossier classification -------------------------------------------------------------------


class Outcome(StrEnum):
    """Outcome of one dossier against its due date (giải quyết trước hạn / đúng hạn / quá hạn)."""

    EARLY = "early"  # trước hạn
    ON_TIME = "on_time"  # đúng hạn
    LATE = "late"  # quá hạn
    IN_PROGRESS_WITHIN = "in_progress_within"  # đang giải quyết trong hạn
    IN_PROGRESS_OVERDUE = "in_progress_overdue"  # đang giải quyết quá hạn


def classify_dossier(
    *,
    due: date,
    finished: date | None,
    period_end: date,
    extended_due: date | None = None,
    extension_counts: bool = False,
    day_granularity: bool = True,
    supplement_requests: int = 0,
    late_after_supplement_requests: int | None = 1,
) -> Outcome:
    """Classify one dossier (tthc_indicators.md §3.1–3.2).

    * Finished: before the due date → early (TT 01/2018 Chỉ số 1: 2 points), on it → on time
      (1 point), after it → late (0 points). [F766] 2.1: on time when ``NgayKetThucXuLy <=
      NgayHenTra``. Supplement time must already be removed from ``finished`` by the caller
      ([F766]: end time − (supplement completed − supplement requested)).
    * Not finished: the end of the reporting period stands in for the end time ([F766] 2.1):
      within → in progress within the deadline; past → in progress overdue.

    UNCONFIRMED rules, as parameters:

    * ``day_granularity`` (default True): compare calendar dates, as most systems do; whether the
      national system compares timestamps is unconfirmed (§3.2). With False, pass datetimes.
    * ``extension_counts`` (default False): whether an apology/extension (Mẫu 04, one
      re-appointment at most) moves the due date used for the statistics. It is unconfirmed that
      ``NgayHenTra`` is updated; provincial reports still count such dossiers late (§2.4).
    * ``late_after_supplement_requests`` (default 1): [F766] 2.1 counts a dossier whose supplement
      was requested "hơn 01 lần" as late. ``None`` disables the rule.
    """
    if supplement_requests < 0:
        raise ValueError("supplement_requests must not be negative")
    effective_due: date = extended_due if (extended_due is not None and extension_counts) else due
    if late_after_supplement_requests is not None and supplement_requests > late_after_supplement_requests:
        return Outcome.LATE if finished is not None else Outcome.IN_PROGRESS_OVERDUE

    def normalise(value: date) -> date:
        if day_granularity and isinstance(value, datetime):
            return value.date()
        return value

    effective_due = normalise(effective_due)
    if finished is None:
        return (
            Outcome.IN_PROGRESS_WITHIN
            if normalise(period_end) <= effective_due
            else Outcome.IN_PROGRESS_OVERDUE
        )
    finished = normalise(finished)
    if finished < effective_due:
        return Outcome.EARLY
    if finished == effective_due:
        return Outcome.ON_TIME
    return Outcome.LATE


# -- counts of one unit for one period --------------------------------------------------------------


@dataclass(frozen=True)
class DossierCounts:
    """One row of the one-stop statistics of a unit for a period (tthc_indicators.md §3.3).

    The columns of the provincial "Phụ lục số liệu": carried over (kỳ trước chuyển sang), received
    new by channel (tiếp nhận mới: trực tiếp / trực tuyến / bưu chính), resolved (đã giải quyết:
    trước hạn / đúng hạn / quá hạn), in progress (đang giải quyết: trong hạn / quá hạn), returned
    or withdrawn (trả lại / rút hồ sơ). Counts add up a hierarchy with ``+``.
    """

    carried_over: int = 0
    received_direct: int = 0
    received_online: int = 0
    received_postal: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    in_progress_within: int = 0
    in_progress_overdue: int = 0
    returned_or_withdrawn: int = 0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{f.name} must be an int")
            if value < 0:
                raise ValueError(f"{f.name} must not be negative")

    def __add__(self, other: DossierCounts) -> DossierCounts:
        if not isinstance(other, DossierCounts):
            return NotImplemented
        return DossierCounts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    def __radd__(self, other: object) -> DossierCounts:
        if other == 0:
            return self
        return NotImplemented

    @property
    def received(self) -> int:
        """New dossiers received in the period, all channels."""
        return self.received_direct + self.received_online + self.received_postal

    @property
    def to_process(self) -> int:
        """Dossiers to handle in the period: carried over + received."""
        return self.carried_over + self.received

    @property
    def resolved_in_time(self) -> int:
        """Resolved early or on time (trước hạn và đúng hạn)."""
        return self.resolved_early + self.resolved_on_time

    @property
    def resolved(self) -> int:
        return self.resolved_early + self.resolved_on_time + self.resolved_late

    @property
    def in_progress(self) -> int:
        """Still open at the end of the period: the closing balance carried to the next period."""
        return self.in_progress_within + self.in_progress_overdue

    def balance_discrepancy(self, *, withdrawn_counts_as_finished: bool = True) -> int:
        """``carry_over_discrepancy`` of this row: carried over + received − finished − in progress.

        Whether returned or withdrawn dossiers leave the balance like resolved ones is UNCONFIRMED
        (no source defines the balance); by default they do.
        """
        finished = self.resolved + (self.returned_or_withdrawn if withdrawn_counts_as_finished else 0)
        return carry_over_discrepancy(
            opening=self.carried_over, received=self.received, finished=finished, closing=self.in_progress
        )


def count_outcomes(outcomes: Iterable[Outcome]) -> DossierCounts:
    """Tally classified dossiers into the resolved and in-progress columns."""
    tally = dict.fromkeys(Outcome, 0)
    for outcome in outcomes:
        tally[Outcome(outcome)] += 1
    return DossierCounts(
        resolved_early=tally[Outcome.EARLY],
        resolved_on_time=tally[Outcome.ON_TIME],
        resolved_late=tally[Outcome.LATE],
        in_progress_within=tally[Outcome.IN_PROGRESS_WITHIN],
        in_progress_overdue=tally[Outcome.IN_PROGRESS_OVERDUE],
    )


# -- on time, early, late -------------------------------------------------------------------------


class OnTimeBasis(StrEnum):
    """Which dossiers the on-time rate is computed over (§3.1: "support both formulas and label them")."""

    RESOLVED = "resolved"
    DUE = "due"
    RESOLVED_AND_IN_PROGRESS = "resolved_and_in_progress"


ON_TIME_BASIS_LABELS_VI: dict[OnTimeBasis, str] = {
    OnTimeBasis.RESOLVED: "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn trên tổng số hồ sơ đã giải quyết",
    OnTimeBasis.DUE: "Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn trên tổng số hồ sơ đến hạn",
    OnTimeBasis.RESOLVED_AND_IN_PROGRESS: "Tỷ lệ hồ sơ đã và đang xử lý đúng hạn hoặc trong hạn",
}


def on_time_rate(counts: DossierCounts, basis: OnTimeBasis | str = OnTimeBasis.RESOLVED) -> Ratio:
    """Share of dossiers handled early or on time.

    * ``RESOLVED`` — provincial reports (§3.1, §3.3 Đắk Nông): (early + on time) / resolved.
      Đắk Nông, 6 months to 15/6/2021: 205,576 / 206,885 = 99.37 % (printed 99.4 %).
    * ``DUE`` — Vĩnh Phúc (§3.3): the denominator is the dossiers that came due ("đến hạn"):
      resolved + in progress overdue; not-yet-due open dossiers are left out.
      21/7–20/8/2021: 19,255 / 19,944 = 96.55 %.
    * ``RESOLVED_AND_IN_PROGRESS`` — QĐ 766 indicator 2.1 ([F766]): "Số lượng hồ sơ đã và đang xử lý
      đúng hạn hoặc trong hạn / Tổng số hồ sơ được tiếp nhận, xử lý trong kỳ": (early + on time +
      in progress within the deadline) / (resolved + in progress).

    Returned or withdrawn dossiers are outside every basis. [F766] treats a withdrawal as a
    terminal status compared with the due date; to follow it, classify such dossiers with
    :func:`classify_dossier` and count them among the resolved.
    """
    basis = OnTimeBasis(basis)
    if basis is OnTimeBasis.RESOLVED:
        return Ratio(counts.resolved_in_time, counts.resolved)
    if basis is OnTimeBasis.DUE:
        return Ratio(counts.resolved_in_time, counts.resolved + counts.in_progress_overdue)
    return Ratio(counts.resolved_in_time + counts.in_progress_within, counts.resolved + counts.in_progress)


def early_share(counts: DossierCounts) -> Ratio:
    """Resolved early / resolved (Đắk Nông: 99,558 / 206,885 = 48.12 %)."""
    return Ratio(counts.resolved_early, counts.resolved)


def on_time_only_share(counts: DossierCounts) -> Ratio:
    """Resolved exactly on the due date / resolved (Đắk Nông: 106,018 / 206,885 = 51.24 %)."""
    return Ratio(counts.resolved_on_time, counts.resolved)


def late_share(counts: DossierCounts, basis: OnTimeBasis | str = OnTimeBasis.RESOLVED) -> Ratio:
    """Late dossiers over the same denominator as :func:`on_time_rate` with the same ``basis``.

    ``RESOLVED``: resolved late / resolved (Đắk Nông: 1,309 / 206,885 = 0.63 %). ``DUE``: (resolved
    late + in progress overdue) / came due (Vĩnh Phúc: 689 / 19,944 = 3.45 %).
    ``RESOLVED_AND_IN_PROGRESS``: (resolved late + in progress overdue) / (resolved + in progress).
    Each share is the complement of the on-time rate on the same basis.
    """
    rate = on_time_rate(counts, basis)
    return Ratio(rate.denominator - rate.numerator, rate.denominator)


def average_resolution_time(durations: Iterable[Number]) -> Ratio:
    """Total resolution time / number of resolved dossiers (QĐ 766 indicator 2.2, [F766]).

    Durations are in the procedure's own unit (``DonViTinh``: hours, days, working days, months);
    only dossiers "Đã xử lý xong" or "Đã trả kết quả" started in the period belong here, and the
    average is meaningful for one procedure at a time. Display with ``as_percent=False``.
    """
    values = list(durations)
    for duration in values:
        _to_fraction(duration, "duration")
    if any(isinstance(duration, Fraction) for duration in values):
        total: Number = sum((Fraction(duration) for duration in values), Fraction(0))
    else:
        total = sum(values, 0)
    return Ratio(total, len(values))


# -- channels, payment, digitisation -----------------------------------------------------------------


class Channel(StrEnum):
    """Submission channel, ``KenhThucHien``: 1 = direct, 2 = online, 3 = public postal (§2.8)."""

    DIRECT = "direct"
    ONLINE = "online"
    POSTAL = "postal"


def channel_shares(*, direct: int, online: int, postal: int) -> dict[Channel, Ratio]:
    """Share of new dossiers by channel (QĐ 766 indicator 3.3, [F766]).

    The denominator is the dossiers received in the period (not carried-over ones). Caller's
    duties from [F766]: count a channel-less dossier as direct; for procedures whose result is a
    paper document, count an online dossier only if an electronic result was issued. [F766] also
    multiplies the online share by a synchronisation rate whose meaning is unclear (UNCONFIRMED);
    it is not applied.
    """
    total = direct + online + postal
    return {
        Channel.DIRECT: Ratio(direct, total),
        Channel.ONLINE: Ratio(online, total),
        Channel.POSTAL: Ratio(postal, total),
    }


def online_payment_share(*, paid_online: int, fee_dossiers: int, zero_fee_dossiers: int = 0) -> Ratio:
    """Dossiers paid online / dossiers that owe a fee (QĐ 766 indicator 3.6, [F766]).

    ``fee_dossiers``: dossiers of procedures with a fee in the national TTHC database, started in
    the period; ``zero_fee_dossiers``: those among them whose synchronised fee list is all zero,
    subtracted from the denominator.
    """
    if zero_fee_dossiers > fee_dossiers:
        raise ValueError("zero_fee_dossiers cannot exceed fee_dossiers")
    return Ratio(paid_online, fee_dossiers - zero_fee_dossiers)


def digitisation_share(*, digitised: int, total: int) -> Ratio:
    """Dossiers digitised / all dossiers (flow measure, QĐ 766 indicator 4.2, [F766]).

    A dossier counts as digitised only if (1) a file is attached to a component, whatever the
    channel, and (2) an electronic result was issued where the procedure requires a paper one; the
    caller applies both conditions.
    """
    return Ratio(digitised, total)


def digitisation_stock_share(*, digitised_valid_results: int, valid_results: int) -> Ratio:
    """Still-valid past results digitised / still-valid past results (stock measure, §7).

    Seed 003's "tỷ lệ số hóa kết quả giải quyết TTHC đang còn hiệu lực … đạt trên 70%". The
    official formula and the source of the denominator (an archive inventory) are UNCONFIRMED.
    """
    return Ratio(digitised_valid_results, valid_results)


def electronic_result_share(*, with_electronic_result: int, paper_result_dossiers: int) -> Ratio:
    """Dossiers with an electronic result / dossiers of procedures whose result is a paper document.

    QĐ 766 indicator 4.1 ([F766]): the numerator counts dossiers synchronised with a result-file link.
    """
    return Ratio(with_electronic_result, paper_result_dossiers)


# -- balances -------------------------------------------------------------------------------------


def carry_over_discrepancy(*, opening: int, received: int, finished: int, closing: int) -> int:
    """``opening + received − finished − closing``: 0 when the period balances.

    A positive result means dossiers went missing between the columns (more came in than were
    finished or carried forward); a negative one means more went out than came in. Đắk Nông
    (15/12/2020–15/6/2021): 8,606 + 210,157 − 206,885 − 11,878 = 0.
    """
    return opening + received - finished - closing


def carry_over_gap(previous: DossierCounts, current: DossierCounts) -> int:
    """Previous period's closing balance minus this period's carried-over count; 0 when they agree."""
    return previous.in_progress - current.carried_over
