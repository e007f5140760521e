"""Petitions on the persona world (``cchc/core/testing/personas.py``) for the tests of this app."""

from __future__ import annotations

import datetime as dt

import time_machine

from cchc.petitions import handling, services
from cchc.petitions.models import Petition
from cchc.units.roles import Perm
from cchc.units.scoping import user_can

PDF = b"%PDF-1.4\n% petition attachment\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
CONTENT = "Thủ tục cấp giấy phép xây dựng tại Sở Xây dựng kéo dài quá hạn, đề nghị xem xét."
CONTACT = {"contact_name": "Trần Thị Bích Ngọc", "contact_phone": "0912 345 678", "contact_email": "ngoc.tran@example.vn",
           "contact_address": "12 Đường Hoa Sữa, Phường Một"}


def at(day: dt.date, hour: int = 9):
    """Freeze the clock at ``hour`` o'clock in Hà Nội on ``day``."""
    moment = dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    return time_machine.travel(moment, tick=False)


def submit(unit, *, day: dt.date, content: str = CONTENT, files=(), **contact) -> Petition:
    with at(day):
        return services.petition_submit(unit=unit, intake=services.Intake(content=content, **contact), files=list(files))


def handle(petition: Petition, world, *, steps: list[tuple[str, dt.date]], category: str = "regulation",
           answer: str = "Sở Xây dựng đã rà soát và rút ngắn thời gian giải quyết.") -> Petition:
    """Run the named steps, each on its day: classify, accept, reject, request_info, info_received, answer,
    approve, return, publish."""
    focal, head = world.users["focal"], world.users["head"]
    for step, day in steps:
        with at(day):
            petition.refresh_from_db()
            if step == "classify":
                handling.petition_classify(petition=petition, category=category, actor=focal)
            elif step == "accept":
                handling.petition_accept(petition=petition, actor=focal)
            elif step == "reject":
                handling.petition_reject(petition=petition, reason="Không thuộc phạm vi quy định hành chính.", actor=focal)
            elif step == "request_info":
                handling.petition_request_info(petition=petition, request="Đề nghị cung cấp số hồ sơ.", actor=focal)
            elif step == "info_received":
                handling.petition_info_received(petition=petition, note="Đã nhận số hồ sơ qua điện thoại.", actor=focal)
            elif step == "answer":
                handling.petition_answer_draft(petition=petition, answer=answer, actor=focal)
            elif step == "approve":
                handling.petition_approve(petition=petition, actor=head)
            elif step == "return":
                handling.petition_return(petition=petition, note="Bổ sung căn cứ pháp lý.", actor=head)
            elif step == "publish":  # a decision on the public pages: an officer of the unit (or the administrator) makes it
                publisher = focal if user_can(focal, Perm.EDIT, petition.unit_id) else world.users["admin"]
                handling.petition_publish(petition=petition, summary=handling.publication_draft(petition), actor=publisher)
            else:  # pragma: no cover - a typo in a test
                raise ValueError(step)
    petition.refresh_from_db()
    return petition


def published(unit, world, *, day: dt.date, **contact) -> Petition:
    """A petition received on ``day`` and answered, approved and published the same day."""
    petition = submit(unit, day=day, **contact)
    return handle(petition, world, steps=[(s, day) for s in ("classify", "accept", "answer", "approve", "publish")])


def recorded(unit, world, *, day: dt.date, channel: str = "phone", content: str = CONTENT) -> Petition:
    """A petition an officer of the unit above records (any unit, divisions included) on ``day`` at 09:00."""
    with at(day):
        moment = dt.datetime(day.year, day.month, day.day, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
        return services.petition_register(unit=unit, channel=channel, received_at=moment, intake=services.Intake(content=content),
                                          actor=world.users["admin"])
