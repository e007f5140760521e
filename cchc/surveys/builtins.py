"""The built-in questionnaires, loaded by a data migration (``0002_builtin_questionnaires``).

* ``phuong-9-muc``: the 2026 ward form of UBND phường Phú Lương (sipas.md §3), nine statements verbatim.
* ``sipas-5-yeu-to``: the five factors of the classic SIPAS model (sipas.md §2.1). Factors 3–5 carry
  the nine confirmed statements; factors 1 and 2 and the overall question have no official text in the
  reference, so their items are marked as demonstration wording.
* ``mot-cua-ho-so``: the citizen's rating of one dossier at the one-stop, on the contents NĐ 61/2018
  Điều 31 khoản 1 lists (tthc_indicators.md §5.2; points a–h, "các nội dung khác" is the comment).

Each is (code, kind, title, intro, instructions, closing, source, [(group title, [(text, is_demo)])]).
"""

from __future__ import annotations

INSTRUCTIONS = (
    "Xin Ông/Bà chọn một trong các chữ số 1, 2, 3, 4, 5 đối với từng nhận định; trong đó 5 = Rất hài lòng, "
    "4 = Hài lòng, 3 = Bình thường, 2 = Không hài lòng và 1 = Rất không hài lòng."
)
CLOSING = "Trân trọng cảm ơn ông/bà!"

STAFF = (
    "I. CÔNG CHỨC TRỰC TIẾP GIẢI QUYẾT CÔNG VIỆC",
    [
        ("Công chức có thái độ giao tiếp lịch sự.", False),
        ("Công chức trả lời, giải thích, hướng dẫn kê khai hồ sơ tận tình, chu đáo, dễ hiểu.", False),
        ("Công chức tuân thủ đúng quy định trong giải quyết công việc.", False),
    ],
)
RESULT = (
    "II. KẾT QUẢ CUNG ỨNG DỊCH VỤ HÀNH CHÍNH CÔNG",
    [
        ("Kết quả mà Ông/Bà nhận được là đúng quy định (Kết quả có thể là được cấp giấy tờ hoặc bị từ chối cấp giấy tờ).", False),
        ("Kết quả mà Ông/Bà nhận được có thông tin đầy đủ, chính xác.", False),
    ],
)
FEEDBACK = (
    "III. TIẾP NHẬN, XỬ LÝ CÁC Ý KIẾN GÓP Ý, PHẢN ÁNH, KIẾN NGHỊ",
    [
        ("Cơ quan có bố trí hình thức tiếp nhận góp ý, phản ánh, kiến nghị của người dân, tổ chức.", False),
        ("Ông/Bà dễ dàng thực hiện góp ý, phản ánh, kiến nghị.", False),
        ("Cơ quan tiếp nhận và xử lý tích cực các góp ý, phản ánh, kiến nghị của Ông/Bà.", False),
        ("Cơ quan thông báo kịp thời kết quả xử lý các ý kiến góp ý, phản ánh, kiến nghị cho Ông/Bà.", False),
    ],
)


def _renumber(title: str, number: str) -> str:
    return number + "." + title.split(".", 1)[1]


BUILTINS = [
    (
        "phuong-9-muc",
        "survey",
        "Khảo sát đo lường mức độ hài lòng đối với các phòng chuyên môn thuộc UBND phường",
        "Để giúp UBND phường triển khai đo lường sự hài lòng của tổ chức, cá nhân đối với sự phục vụ của các phòng "
        "chuyên môn thuộc UBND phường, xin Ông/Bà vui lòng trả lời các câu hỏi dưới đây.",
        INSTRUCTIONS,
        CLOSING,
        "Mẫu số 02, Kế hoạch khảo sát của UBND phường Phú Lương (Hà Nội), 2026",
        [STAFF, RESULT, FEEDBACK],
    ),
    (
        "sipas-5-yeu-to",
        "survey",
        "Đo lường sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước (5 yếu tố)",
        "Phiếu khảo sát theo năm yếu tố của phương pháp SIPAS: tiếp cận dịch vụ, thủ tục hành chính, công chức trực "
        "tiếp giải quyết công việc, kết quả cung ứng dịch vụ và việc tiếp nhận, xử lý góp ý, phản ánh, kiến nghị.",
        INSTRUCTIONS,
        CLOSING,
        "Mô hình 5 yếu tố SIPAS 2017–2021 (sipas.md §2.1); yếu tố 1, 2 và câu đánh giá chung là nội dung minh họa",
        [
            (
                "I. TIẾP CẬN DỊCH VỤ",
                [
                    ("Nơi ngồi chờ giải quyết thủ tục có đủ chỗ ngồi.", True),
                    ("Trang thiết bị phục vụ người dân, tổ chức tại nơi tiếp nhận đầy đủ, dễ sử dụng.", True),
                    ("Ông/Bà dễ dàng tìm được nơi tiếp nhận và trả kết quả.", True),
                ],
            ),
            (
                "II. THỦ TỤC HÀNH CHÍNH",
                [
                    ("Thủ tục hành chính được niêm yết công khai đầy đủ, chính xác.", True),
                    ("Thành phần hồ sơ Ông/Bà phải nộp là đúng quy định.", True),
                    ("Phí, lệ phí Ông/Bà phải nộp là đúng quy định.", True),
                    ("Thời hạn giải quyết ghi trên giấy hẹn là đúng quy định.", True),
                ],
            ),
            (_renumber(STAFF[0], "III"), STAFF[1]),
            (_renumber(RESULT[0], "IV"), RESULT[1]),
            (_renumber(FEEDBACK[0], "V"), FEEDBACK[1]),
            ("VI. ĐÁNH GIÁ CHUNG", [("Nhìn chung, Ông/Bà hài lòng với sự phục vụ của cơ quan.", True)]),
        ],
    ),
    (
        "mot-cua-ho-so",
        "onestop",
        "Đánh giá việc giải quyết thủ tục hành chính (theo từng hồ sơ)",
        "Ông/Bà vừa nhận kết quả giải quyết thủ tục hành chính tại Bộ phận Một cửa. Xin Ông/Bà đánh giá việc giải "
        "quyết hồ sơ theo các nội dung dưới đây.",
        INSTRUCTIONS,
        CLOSING,
        "Nghị định 61/2018/NĐ-CP, Điều 31 khoản 1 (nội dung đánh giá điểm a–h, lời văn rút gọn)",
        [
            (
                "NỘI DUNG ĐÁNH GIÁ",
                [
                    ("Thời gian trả kết quả giải quyết thủ tục hành chính so với quy định.", False),
                    ("Số lượng cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ.", False),
                    ("Số lần phải liên hệ với cơ quan tiếp nhận để hoàn thiện hồ sơ.", False),
                    ("Tính chính xác, đầy đủ, kịp thời của thông tin thủ tục hành chính được công khai.", False),
                    ("Thái độ ứng xử của cán bộ, công chức, viên chức.", False),
                    ("Sự phù hợp với pháp luật của kết quả giải quyết và chi phí; không có chi phí phát sinh ngoài quy định.", False),
                    ("Thời gian và chất lượng ý kiến giải trình đối với phản ánh, kiến nghị, khiếu nại, tố cáo.", False),
                    ("Tiến độ và chất lượng cung cấp dịch vụ công trực tuyến.", False),
                ],
            ),
        ],
    ),
]


def load(apps, schema_editor=None) -> None:
    """Create the built-in questionnaires that are missing (historical models of a migration, or the real ones)."""
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    QuestionGroup = apps.get_model("surveys", "QuestionGroup")
    Item = apps.get_model("surveys", "Item")
    for code, kind, title, intro, instructions, closing, source, groups in BUILTINS:
        if Questionnaire.objects.filter(unit__isnull=True, code=code).exists():
            continue
        questionnaire = Questionnaire.objects.create(
            code=code, version=1, kind=kind, scale="likert5", options=[], title=title, intro=intro,
            instructions=instructions, closing=closing, source=source, is_builtin=True,
        )
        number = 0
        for position, (group_title, items) in enumerate(groups, start=1):
            group = QuestionGroup.objects.create(questionnaire=questionnaire, position=position, title=group_title)
            for text, is_demo in items:
                number += 1
                Item.objects.create(questionnaire=questionnaire, group=group, number=number, text=text, is_demo=is_demo)
