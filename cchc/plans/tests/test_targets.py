"""Reading measurable targets ("Chỉ tiêu") from the goal sections of seeds 000, 002, 003 and 004."""

import unicodedata
from decimal import Decimal

import pytest

from cchc.plans.targets import Comparator, Target, parse_target, parse_targets

GTE, GT, EQ, LTE, LT = (
    Comparator.AT_LEAST,
    Comparator.MORE_THAN,
    Comparator.EQUAL,
    Comparator.AT_MOST,
    Comparator.LESS_THAN,
)

# Sentences as the seeds write them → (comparator, value, unit, metric_text).
SEED_TARGETS = {
    # seed 000, "II. MỤC TIÊU" and the reform areas
    "1. Phấn đấu giải quyết trước hạn, đúng hạn từ 95% trở lên số hồ sơ thủ tục hành chính được tiếp nhận.": (
        GTE,
        "95",
        "%",
        "Phấn đấu giải quyết trước hạn, đúng hạn số hồ sơ thủ tục hành chính được tiếp nhận",
    ),
    "2. 100% thủ tục hành chính thuộc thẩm quyền giải quyết được công bố, công khai kịp thời, đầy đủ.": (
        GTE,
        "100",
        "%",
        "thủ tục hành chính thuộc thẩm quyền giải quyết được công bố, công khai kịp thời, đầy đủ",
    ),
    "5. 100% cán bộ, công chức, viên chức thuộc Sở sử dụng chức năng giao việc và xử lý văn bản trên phần mềm quản lý văn bản của tỉnh": (
        GTE,
        "100",
        "%",
        "cán bộ, công chức, viên chức thuộc Sở sử dụng chức năng giao việc và xử lý văn bản trên phần mềm quản lý văn bản của tỉnh",
    ),
    "- Thực hiện Kế hoạch kiểm tra CCHC và công vụ năm 2024 đạt 100%": (
        GTE,
        "100",
        "%",
        "Thực hiện Kế hoạch kiểm tra CCHC và công vụ năm 2024",
    ),
    "- 100% các phòng, đơn vị thuộc Sở được kiểm tra CCHC và công vụ năm 2024.": (
        GTE,
        "100",
        "%",
        "các phòng, đơn vị thuộc Sở được kiểm tra CCHC và công vụ năm 2024",
    ),
    "- Năm 2024 tổ chức 02 cuộc tập huấn về chuyển đổi số, chính quyền số": (
        GTE,
        "2",
        "cuộc",
        "Năm 2024 tổ chức cuộc tập huấn về chuyển đổi số, chính quyền số",
    ),
    # seed 002, "1. Một số mục tiêu, chỉ tiêu cụ thể"
    "- 100% thủ tục hành chính (TTHC) đủ điều kiện theo quy định của pháp luật được cung cấp dưới hình thức dịch vụ công trực tuyến toàn trình;": (
        GTE,
        "100",
        "%",
        "thủ tục hành chính (TTHC) đủ điều kiện theo quy định của pháp luật được cung cấp dưới hình thức dịch vụ công trực tuyến toàn trình",
    ),
    "- 100% TTHC nội bộ thuộc phạm vi quản lý được rà soát, đơn giản hóa.": (
        GTE,
        "100",
        "%",
        "TTHC nội bộ thuộc phạm vi quản lý được rà soát, đơn giản hóa",
    ),
    "- Triển khai số hóa hồ sơ, kết quả giải quyết TTHC phát sinh mới có hiệu quả, bảo đảm 100% kết quả giải quyết TTHC được cung cấp đồng thời cả bản điện tử.": (
        GTE,
        "100",
        "%",
        "Triển khai số hóa hồ sơ, kết quả giải quyết TTHC phát sinh mới có hiệu quả, bảo đảm kết quả giải quyết TTHC được cung cấp đồng thời cả bản điện tử",
    ),
    # seed 003, "II. NHIỆM VỤ" and task 37
    "- Tiếp tục tăng tỷ lệ số hóa kết quả giải quyết TTHC đang còn hiệu lực và có giá trị sử dụng thuộc thẩm quyền giải quyết của cấp Sở, đạt trên 70%.": (
        GT,
        "70",
        "%",
        "Tiếp tục tăng tỷ lệ số hóa kết quả giải quyết TTHC đang còn hiệu lực và có giá trị sử dụng thuộc thẩm quyền giải quyết của cấp Sở",
    ),
    "- Mức độ hài lòng của người dân, doanh nghiệp về giải quyết TTHC đạt tối thiểu 100%.": (
        GTE,
        "100",
        "%",
        "Mức độ hài lòng của người dân, doanh nghiệp về giải quyết TTHC",
    ),
    "- TTHC nội bộ giữa Sở Xây dựng và các Sở, ban, ngành…được công bố, công khai và cập nhật kịp thời đạt 100%.": (
        GTE,
        "100",
        "%",
        "TTHC nội bộ giữa Sở Xây dựng và các Sở, ban, ngành…được công bố, công khai và cập nhật kịp thời",
    ),
    "- Thực hiện phân cấp việc giải quyết TTHC theo Công văn số 108/UBND-VP11 ngày 30/9/2021 của UBND tỉnh; đạt mục tiêu phân cấp trên 20% TTHC.": (
        GT,
        "20",
        "%",
        "Thực hiện phân cấp việc giải quyết TTHC theo Công văn số 108/UBND-VP11 ngày 30/9/2021 của UBND tỉnh; đạt mục tiêu phân cấp TTHC",
    ),
    "- Triển khai Hệ thống thông tin phục vụ họp và xử lý công việc của Sở đạt: 100%.": (
        GTE,
        "100",
        "%",
        "Triển khai Hệ thống thông tin phục vụ họp và xử lý công việc của Sở",
    ),
    "- 100% văn bản trao đổi giữa Sở và các cơ quan hành chính nhà nước được thực hiện dưới dạng điện tử; được ký số bởi chữ ký số chuyên dùng.": (
        GTE,
        "100",
        "%",
        "văn bản trao đổi giữa Sở và các cơ quan hành chính nhà nước được thực hiện dưới dạng điện tử; được ký số bởi chữ ký số chuyên dùng",
    ),
    "Xây dựng kế hoạch kiểm tra CCHC năm 2024 (Tỷ lệ % giữa số phòng, đơn vị trực thộc Sở được kiểm tra trong năm/ tổng số phòng, đơn vị trực thuộc Sở, đạt 40%)": (
        GTE,
        "40",
        "%",
        "Xây dựng kế hoạch kiểm tra CCHC năm 2024 (Tỷ lệ % giữa số phòng, đơn vị trực thộc Sở được kiểm tra trong năm/ tổng số phòng, đơn vị trực thuộc Sở)",
    ),
    # seed 004, "1. Cải cách thể chế"
    "Có giải pháp duy trì “Tỷ lệ văn bản quy phạm pháp luật được ban hành đúng thẩm quyền, nội dung, trình tự, thủ tục, thể thức và kỹ thuật trình bày văn bản” và “Tỷ lệ văn bản quy phạm pháp luật được xử lý hoặc kiến nghị sau rà soát” tiếp tục đạt 100%.": (
        GTE,
        "100",
        "%",
        "Có giải pháp duy trì “Tỷ lệ văn bản quy phạm pháp luật được ban hành đúng thẩm quyền, nội dung, trình tự, thủ tục, thể thức và kỹ thuật trình bày văn bản” và “Tỷ lệ văn bản quy phạm pháp luật được xử lý hoặc kiến nghị sau rà soát” tiếp tục",
    ),
}

COMMON_FORMS = {
    ">70% hồ sơ được số hóa": (GT, "70", "%", "hồ sơ được số hóa"),
    "100% văn bản được ký số": (GTE, "100", "%", "văn bản được ký số"),
    "≥98% hồ sơ giải quyết đúng hạn": (GTE, "98", "%", "hồ sơ giải quyết đúng hạn"),
    ">= 98% hồ sơ giải quyết đúng hạn": (GTE, "98", "%", "hồ sơ giải quyết đúng hạn"),
    "Tối thiểu 80% hồ sơ được số hóa": (GTE, "80", "%", "hồ sơ được số hóa"),
    "Ít nhất 80% hồ sơ được số hóa": (GTE, "80", "%", "hồ sơ được số hóa"),
    "Không dưới 80% hồ sơ được số hóa": (GTE, "80", "%", "hồ sơ được số hóa"),
    "trên 90% người dân hài lòng": (GT, "90", "%", "người dân hài lòng"),
    "Trên 70 phần trăm hồ sơ được số hóa": (GT, "70", "%", "hồ sơ được số hóa"),
    "Tỷ lệ hồ sơ trễ hạn không quá 5%": (LTE, "5", "%", "Tỷ lệ hồ sơ trễ hạn"),
    "≤ 5% hồ sơ trễ hạn": (LTE, "5", "%", "hồ sơ trễ hạn"),
    "Tối đa 3 lần yêu cầu bổ sung hồ sơ": (LTE, "3", "lần", "lần yêu cầu bổ sung hồ sơ"),
    "Giảm tỷ lệ hồ sơ trễ hạn xuống dưới 5%": (LT, "5", "%", "Giảm tỷ lệ hồ sơ trễ hạn"),
    "Tỷ lệ hồ sơ trễ hạn dưới 2%": (LT, "2", "%", "Tỷ lệ hồ sơ trễ hạn"),
    "0% hồ sơ quá hạn": (EQ, "0", "%", "hồ sơ quá hạn"),
    "Tỷ lệ hồ sơ đúng hạn bằng 100%": (EQ, "100", "%", "Tỷ lệ hồ sơ đúng hạn"),
    "98,5% hồ sơ giải quyết đúng hạn": (GTE, "98.5", "%", "hồ sơ giải quyết đúng hạn"),
    "Tổ chức 3 hội nghị trở lên trong năm": (GTE, "3", "hội nghị", "Tổ chức hội nghị trong năm"),
    "Phấn đấu Chỉ số CCHC đạt 85 điểm": (GTE, "85", "điểm", "Phấn đấu Chỉ số CCHC"),
    "Tổ chức tối thiểu 2 hội nghị.": (GTE, "2", "hội nghị", "Tổ chức hội nghị"),
    "Thời gian giải quyết không quá 5 ngày": (LTE, "5", "ngày", "Thời gian giải quyết"),
    "Tiep nhan 1.000 ho so": (GTE, "1000", "ho so", "Tiep nhan ho so"),
    "toi thieu 80% ho so duoc so hoa": (GTE, "80", "%", "ho so duoc so hoa"),
}

# Sentences that must go to a person rather than be guessed.
UNREADABLE = {
    "- Tăng tỷ lệ thanh toán trực tuyến nghĩa vụ tài chính trong giải quyết TTHC.": "no measurable value",
    "- Giảm tỷ lệ tối thiểu người dân, doanh nghiệp khi thực hiện TTHC không phải cung cấp lại các thông tin, giấy tờ, tài liệu đã được chấp nhận": "no measurable value",
    "Giảm 20% thời gian giải quyết TTHC": "a change by an amount, not a level to reach",
    "Tăng thêm 10% hồ sơ trực tuyến": "a change by an amount, not a level to reach",
    "5% hồ sơ trễ hạn": "a bare value on a metric where lower is better",
    "120% kế hoạch": "a percentage above 100",
    "Từ 80% đến 90% hồ sơ": "several values in one sentence: 80%, 90%",
    "Hồ sơ đúng hạn trên 90% trở xuống": "the comparator words disagree",
    "Đạt 40%": "no metric named",
    "Dịch vụ công mức độ 3, mức độ 4": "no measurable value",
    "1,5,6% hồ sơ": "cannot read the number 1,5,6",
}


def _expected(text: str, comparator: Comparator, value: str, unit: str, metric: str) -> Target:
    return Target(text=text, comparator=comparator, value=Decimal(value), unit=unit, metric_text=metric)


@pytest.mark.parametrize("text", sorted(SEED_TARGETS))
def test_it_reads_the_seed_targets(text):
    assert parse_target(text) == _expected(text, *SEED_TARGETS[text])


@pytest.mark.parametrize("text", sorted(COMMON_FORMS))
def test_it_reads_common_forms(text):
    assert parse_target(text) == _expected(text, *COMMON_FORMS[text])


@pytest.mark.parametrize("text", sorted(UNREADABLE))
def test_it_sends_unclear_targets_to_review_without_guessing(text):
    assert parse_target(text) == Target(text=text, needs_review=True, reason=UNREADABLE[text])


def test_the_value_is_a_decimal_and_the_text_is_kept_as_written():
    raw = "≥98%  hồ sơ\ngiải quyết đúng hạn"
    target = parse_target(raw)
    assert target.text == raw
    assert target.value == Decimal("98")
    assert isinstance(target.value, Decimal)
    assert target.metric_text == "hồ sơ giải quyết đúng hạn"


def test_decomposed_accents_read_the_same():
    text = "Tỷ lệ hồ sơ trễ hạn không quá 5%"
    target = parse_target(unicodedata.normalize("NFD", text))
    assert (target.comparator, target.value, target.metric_text) == (LTE, Decimal("5"), "Tỷ lệ hồ sơ trễ hạn")


def test_parse_targets_splits_a_bullet_holding_several_targets():
    # seed 002, "1. Một số mục tiêu, chỉ tiêu cụ thể", first bullet
    text = (
        "- Phấn đấu 100% văn bản quy phạm pháp luật (QPPL) của Trung ương, tỉnh, \nhuyện được cụ thể hóa hoặc "
        "triển khai kịp thời; 100% văn bản QPPL phát hiện sai phạm \n qua kiểm tra được xử lý hoặc kiến nghị xử lý; "
        "100% văn bản QPPL được xử lý hoặc \nkiến nghị xử lý sau rà soát."
    )
    assert [(t.comparator, t.value, t.metric_text, t.needs_review) for t in parse_targets(text)] == [
        (
            GTE,
            Decimal("100"),
            "văn bản quy phạm pháp luật (QPPL) của Trung ương, tỉnh, huyện được cụ thể hóa hoặc triển khai kịp thời",
            False,
        ),
        (
            GTE,
            Decimal("100"),
            "văn bản QPPL phát hiện sai phạm qua kiểm tra được xử lý hoặc kiến nghị xử lý",
            False,
        ),
        (GTE, Decimal("100"), "văn bản QPPL được xử lý hoặc kiến nghị xử lý sau rà soát", False),
    ]


def test_parse_targets_keeps_value_less_context_with_a_neighbour():
    # seed 002, "2.2. Cải cách thủ tục hành chính", second bullet; and seed 003's "trên 20%" bullet
    two = parse_targets(
        "- Tập trung giải quyết các TTHC, bảo đảm duy trì tỷ lệ giải quyết đúng hạn từ 98% trở lên; thực hiện rà soát, "
        "đưa 100% hồ sơ TTHC đủ điều kiện được giải quyết trực tuyến toàn trình, trực tuyến một phần."
    )
    assert [(t.comparator, t.value) for t in two] == [(GTE, Decimal("98")), (GTE, Decimal("100"))]
    assert two[0].metric_text == "Tập trung giải quyết các TTHC, bảo đảm duy trì tỷ lệ giải quyết đúng hạn"
    assert two[1].metric_text == (
        "thực hiện rà soát, đưa hồ sơ TTHC đủ điều kiện được giải quyết trực tuyến toàn trình, trực tuyến một phần"
    )
    [one] = parse_targets(
        "- Thực hiện phân cấp việc giải quyết TTHC theo Công văn số 108/UBND-VP11 ngày 30/9/2021 của UBND tỉnh; "
        "đạt mục tiêu phân cấp trên 20% TTHC."
    )
    assert (one.comparator, one.value) == (GT, Decimal("20"))
    assert one.metric_text.startswith("Thực hiện phân cấp việc giải quyết TTHC")


def test_parse_targets_gives_one_review_result_when_there_is_no_value():
    text = "- Tăng tỷ lệ thanh toán trực tuyến nghĩa vụ tài chính trong giải quyết TTHC."
    assert parse_targets(text) == [Target(text=text, needs_review=True, reason="no measurable value")]


def test_comparator_values_are_the_agreed_strings():
    assert [comparator.value for comparator in Comparator] == [">=", ">", "=", "<=", "<"]
