"""Demo petitions for the demo city (``cchc/units/demo.py``), loaded by ``manage.py seed_demo``.

Ten invented petitions (texts, names and codes are made up) to Sở Xây dựng, the city and a commune, at
every step: just received from the public form, from a phone call and from the national portal,
rejected, awaiting more information, transferred from the city, waiting for the head's approval,
overdue, and published with the citizen's rating. Receptions are dated a few working days back;
the steps are taken today through the services (a step is never backdated), so the indicators of
the current quarter and the overdue flags show a realistic mix. A second run changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cchc.calendar.api import current_calendar
from cchc.petitions import handling, services
from cchc.petitions.models import Petition
from cchc.units.models import Unit

PUBLIC, PHONE, PORTAL = "public_form", "phone", "national_portal"

#: (unit code, working days ago, channel, content, contact, steps, class, answer, rating)
PETITIONS = [
    ("92-SXD", 6, PUBLIC, "Hồ sơ cấp giấy phép xây dựng nhà ở riêng lẻ của tôi đã quá hẹn trả 5 ngày nhưng bộ phận một cửa "
     "chưa trả kết quả, cũng không có văn bản xin lỗi.", {"contact_name": "Nguyễn Văn Hùng", "contact_phone": "0901 234 567"},
     ("classify", "accept", "answer", "approve", "publish"), "regulation",
     "Sở Xây dựng đã kiểm tra: hồ sơ chậm do phải lấy ý kiến cơ quan quản lý đường thủy. Sở đã gửi thư xin lỗi và trả kết quả; "
     "đồng thời chấn chỉnh việc theo dõi hạn giải quyết tại bộ phận một cửa.", "satisfied"),
    ("92-SXD", 4, PUBLIC, "Đề nghị công khai danh mục hồ sơ cần nộp khi điều chỉnh giấy phép xây dựng trên cổng thông tin của Sở.",
     {}, ("classify", "accept", "answer", "approve", "publish"), "regulation",
     "Danh mục thành phần hồ sơ điều chỉnh giấy phép xây dựng đã được công khai tại bộ phận một cửa và trên Cổng dịch vụ công.",
     "dissatisfied"),
    ("92-SXD", 8, PHONE, "Công chức tiếp nhận hồ sơ yêu cầu nộp thêm bản sao giấy tờ không có trong quy định.",
     {"contact_name": "Trần Thị Lan"}, ("classify", "accept", "answer"), "conduct",
     "Sở đã làm việc với công chức tiếp nhận; việc yêu cầu thêm giấy tờ là không đúng quy định và đã được chấn chỉnh.", ""),
    ("92-SXD", 20, PUBLIC, "Thời gian thẩm định thiết kế xây dựng kéo dài, đề nghị Sở cho biết tiến độ.", {},
     ("classify", "accept"), "regulation", "", ""),
    ("92-SXD", 1, PUBLIC, "Đề nghị bố trí thêm ghế chờ tại bộ phận một cửa của Sở.",
     {"contact_name": "Lê Minh Tâm", "contact_email": "minhtam@example.vn"}, (), "", "", ""),
    ("92-SXD", 1, PUBLIC, "Quảng cáo dịch vụ.", {}, ("reject",), "other", "", ""),
    ("92-SXD", 3, PORTAL, "Phản ánh về việc chậm cấp chứng chỉ hành nghề hoạt động xây dựng.", {},
     ("classify", "accept", "request_info"), "regulation", "", ""),
    ("92", 2, PUBLIC, "Đề nghị hướng dẫn thủ tục cấp phép sửa chữa nhà ở tại phường Ninh Kiều.", {},
     ("classify", "transfer"), "regulation", "", ""),
    ("92-XTD", 3, PUBLIC, "Đề nghị niêm yết lịch tiếp công dân tại trụ sở UBND xã.", {},
     ("classify", "accept", "answer", "approve", "publish"), "other", "UBND xã đã niêm yết lịch tiếp công dân tại bảng tin.",
     "satisfied"),
    ("92-XTD", 12, PHONE, "Công chức địa chính hẹn nhiều lần nhưng không đến đo đạc thực địa.", {},
     ("classify", "accept"), "conduct", "", ""),
]


def _unit(code: str) -> Unit | None:
    return Unit.objects.filter(code=code, valid_to__isnull=True).order_by("-valid_from").first()


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


@transaction.atomic
def load(*, created: bool) -> None:
    """Create the demo petitions once; a second run finds them and changes nothing."""
    sxd = _unit("92-SXD")
    if sxd is None or Petition.objects.exists():
        return
    focal, head, admin = _user("xaydung.daumoi"), _user("xaydung.giamdoc"), _user("admin")
    if focal is None or head is None or admin is None:
        return
    calendar, today = current_calendar(), timezone.localdate()
    for index, (code, days_ago, channel, content, contact, steps, category, answer, rating) in enumerate(PETITIONS, start=1):
        unit = _unit(code)
        if unit is None:
            continue
        day = calendar.add_working_days(today, -days_ago)
        moment = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))
        intake = services.Intake(content=content, **contact)
        if channel == PUBLIC:
            petition = services.petition_submit(unit=unit, intake=intake, now=moment)
        else:
            petition = services.petition_register(unit=unit, channel=channel, received_at=moment, intake=intake, actor=focal,
                                                  external_code=f"DEMO-{today.year}-{index:04d}" if channel == PORTAL else "")
        actor = focal if code == "92-SXD" else admin
        approver = head if code == "92-SXD" else admin
        _steps(petition, steps, category=category, answer=answer, actor=actor, approver=approver, sxd=sxd)
        if rating:
            services.petition_rate(petition=Petition.objects.get(pk=petition.pk), value=rating)


def _steps(petition: Petition, steps, *, category: str, answer: str, actor, approver, sxd: Unit) -> None:
    for step in steps:
        petition = Petition.objects.get(pk=petition.pk)
        if step == "classify":
            handling.petition_classify(petition=petition, category=category, actor=actor)
        elif step == "accept":
            handling.petition_accept(petition=petition, actor=actor)
        elif step == "reject":
            handling.petition_reject(petition=petition, actor=actor,
                                     reason="Nội dung không phải phản ánh, kiến nghị về quy định hành chính.")
        elif step == "request_info":
            handling.petition_request_info(petition=petition, actor=actor, request="Đề nghị cho biết mã hồ sơ và ngày nộp hồ sơ.")
        elif step == "transfer":
            handling.petition_transfer(petition=petition, to_unit=sxd, actor=actor, note="Thuộc thẩm quyền của Sở Xây dựng.")
        elif step == "answer":
            handling.petition_answer_draft(petition=petition, answer=answer, actor=actor)
        elif step == "approve":
            handling.petition_approve(petition=petition, actor=approver)
        elif step == "publish":
            handling.petition_publish(petition=petition, summary=handling.publication_draft(petition), actor=actor)
