"""The petition indicators as the metric catalogue describes them (pure data; ``metrics`` computes them)."""

from __future__ import annotations

from dataclasses import dataclass

BASIS = "QĐ 766/QĐ-TTg (2022), nhóm 5; mô tả công thức chỉ số 766 ([F766]); NĐ 20/2008/NĐ-CP, NĐ 92/2017/NĐ-CP"


@dataclass(frozen=True)
class PetitionMetric:
    code: str
    name: str
    score766: str
    definition: str
    numerator: str
    denominator: str


METRICS = (
    PetitionMetric(
        "petition_classified_share", "Tỷ lệ phản ánh, kiến nghị theo phân loại", "5.1",
        "Phản ánh, kiến nghị được phân loại là quy định, chính sách, thủ tục hoặc hành vi của cán bộ, công chức trên tổng số "
        "phản ánh, kiến nghị tiếp nhận trong kỳ.",
        "Số PAKN phân loại “Quy định, chính sách, thủ tục” hoặc “Hành vi của cán bộ, công chức”", "Số PAKN tiếp nhận trong kỳ",
    ),
    PetitionMetric(
        "petition_on_time_share", "Tỷ lệ phản ánh, kiến nghị xử lý đúng hạn", "5.2",
        "Từ chối trong 2, đề nghị bổ sung trong 5, giải quyết trong 15 ngày làm việc, công khai trả lời trong 2 ngày làm việc "
        "sau khi duyệt; PAKN đang xử lý là đúng hạn khi chưa quá 15 ngày làm việc tính đến cuối kỳ.",
        "Số PAKN xử lý đúng hoặc trước hạn", "Số PAKN tiếp nhận trong kỳ (tính một lần, theo ngày tiếp nhận đầu tiên)",
    ),
    PetitionMetric(
        "petition_satisfaction_share", "Tỷ lệ hài lòng trong xử lý phản ánh, kiến nghị", "5.3",
        "Tổng số PAKN trừ PAKN bị đánh giá không hài lòng hoặc xử lý quá hạn, trên tổng số PAKN.",
        "Số PAKN không bị đánh giá không hài lòng và không quá hạn", "Số PAKN tiếp nhận trong kỳ",
    ),
)
