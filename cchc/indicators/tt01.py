"""TT 01/2018/TT-VPCP Điều 13–15: the nine evaluation indices of an agency and the class they give. Pure Python.

A second view of the same dossier data as QĐ 766 (tthc_indicators.md §5.3). Each resolved dossier
scores 0, 1 or 2 points per per-dossier index; "Điểm số của Chỉ số thứ i = Tổng điểm số của các
hồ sơ … theo chỉ số thứ i / Tổng số hồ sơ", rounded to one decimal; an index without data is
excluded; the agency's total is the sum of its indices and its class follows Điều 15 khoản 3.

Where the points come from (Điều 14 and this system's data):

* 1 total time: the evaluation when given, else the dossier's outcome (early 2, on time 1, late 0).
* 2 each agency's time, 4 agencies contacted, 7 officials' attitude: evaluations only (the system
  keeps neither per-agency steps nor complaints).
* 3 contacts to complete the dossier: the evaluation when given, else the supplement requests
  (0 → 2, 1 → 1, more → 0; the "applicant's fault" exception needs an evaluation).
* 6 publication: from the procedure's latest publication: posted at the one-stop **and** on the
  national database → 2, one of them → 1, neither → 0.
* 5 one-stop model and 8 petition handling: no data yet (excluded).
* 9 online services: from the catalogue and the dossiers (``online_service_points``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from cchc.indicators.formulas import Ratio, round_half_up

INDICES = {
    1: "Thời gian giải quyết so với quy định",
    2: "Thời gian giải quyết của từng cơ quan tham gia",
    3: "Số lần liên hệ với nơi tiếp nhận để hoàn thiện hồ sơ",
    4: "Số cơ quan phải liên hệ",
    5: "Mô hình Bộ phận Một cửa giải quyết thực chất",
    6: "Công khai thủ tục hành chính",
    7: "Thái độ của cán bộ, công chức",
    8: "Tiếp thu, giải trình phản ánh, kiến nghị",
    9: "Tiến độ, chất lượng dịch vụ công trực tuyến",
}
#: Indices scored per dossier (Điều 13); the others per agency.
PER_DOSSIER = (1, 2, 3, 4, 6, 7)

#: Điều 15 khoản 3, agencies (maximum 18): lowest total of each class, best first.
AGENCY_CLASSES = (
    (Decimal(15), "Xuất sắc"),
    (Decimal(12), "Tốt"),
    (Decimal(9), "Khá"),
    (Decimal(6), "Trung bình"),
    (Decimal(0), "Yếu"),
)

#: Index 9 thresholds (Điều 13, Chỉ số 9): share of eligible procedures offered online (mức độ 3–4,
#: here một phần or toàn trình) and share of online dossiers.
ONLINE_PROCEDURES_FOR_2 = Fraction(20, 100)
ONLINE_DOSSIERS_FOR_2 = Fraction(30, 100)
ONLINE_DOSSIERS_FOR_1 = Fraction(15, 100)


def outcome_points(outcome: str) -> int | None:
    """Index 1 from the dossier's outcome: early 2, on time 1, late 0 (returned dossiers are not scored)."""
    return {"early": 2, "on_time": 1, "late": 0}.get(outcome)


def contacts_points(supplement_requests: int) -> int:
    """Index 3 from the supplement requests: none 2, one 1, more 0."""
    return 2 if supplement_requests == 0 else (1 if supplement_requests == 1 else 0)


def publication_points(*, posted_at_one_stop: bool, published_electronically: bool) -> int:
    """Index 6: both the notice board and electronic means 2, one of them 1, neither 0."""
    return int(posted_at_one_stop) + int(published_electronically)


def online_service_points(*, online_procedures: Ratio, online_dossiers: Ratio, online_late: int) -> int | None:
    """Index 9 for an agency; ``None`` when it has no eligible procedure or no dossier.

    2: ≥ 20% of procedures online, ≥ 30% of dossiers online and no online dossier late or overdue.
    1: some procedure online, ≥ 15% of dossiers online, no online dossier late. The text gives
    "15 – <30%" for 1 point; an agency above 30% that misses only the 20% procedure share gets
    1 too here (reading: it is at least as good as the 1-point case). Otherwise 0.
    """
    procedures, dossiers = online_procedures.fraction, online_dossiers.fraction
    if procedures is None or dossiers is None:
        return None
    if online_late or procedures == 0:
        return 0
    if procedures >= ONLINE_PROCEDURES_FOR_2 and dossiers >= ONLINE_DOSSIERS_FOR_2:
        return 2
    if dossiers >= ONLINE_DOSSIERS_FOR_1:
        return 1
    return 0


def index_score(total_points: int, dossiers: int) -> Decimal | None:
    """Điều 15 khoản 2: total points over the number of dossiers, one decimal; ``None`` without dossiers."""
    return None if dossiers == 0 else round_half_up(Fraction(total_points, dossiers), 1)


def agency_class(total: Decimal) -> str:
    for lowest, name in AGENCY_CLASSES:
        if total >= lowest:
            return name
    return AGENCY_CLASSES[-1][1]


@dataclass(frozen=True)
class AgencyEvaluation:
    """An agency's nine indices (``None`` = no data, excluded), total and class."""

    indices: Mapping[int, Decimal | None]

    @property
    def total(self) -> Decimal:
        return sum((v for v in self.indices.values() if v is not None), Decimal(0))

    @property
    def measured(self) -> int:
        return sum(1 for v in self.indices.values() if v is not None)

    @property
    def maximum(self) -> int:
        """2 points per index with data (18 when all nine have data)."""
        return 2 * self.measured

    @property
    def grade(self) -> str:
        return agency_class(self.total)


def evaluate(
    *,
    per_dossier: Mapping[int, tuple[int, int]],
    online: int | None,
    one_stop_model: int | None = None,
    petitions: int | None = None,
) -> AgencyEvaluation:
    """``per_dossier`` maps index → (total points, dossiers scored); agency indices 5, 8, 9 are given."""
    indices: dict[int, Decimal | None] = {}
    for number in INDICES:
        if number in PER_DOSSIER:
            total, count = per_dossier.get(number, (0, 0))
            indices[number] = index_score(total, count)
        else:
            value = {5: one_stop_model, 8: petitions, 9: online}[number]
            indices[number] = None if value is None else Decimal(value)
    return AgencyEvaluation(indices)
