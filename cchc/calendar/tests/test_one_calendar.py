"""One calendar for dossiers, plan tasks, reminders and report deadlines (issue 11, item 1).

The hand case: the administrator adds a day off on Monday 20/09/2027, a working day (no row for 2027
exists: until then 2027 has only weekends and the ``holidays`` package, in which 02–03/09/2027 are
the only days off in September).

* Dossier, 5 working days, received Wed 15/09/2027. Before: Thu 16 (1), Fri 17 (2), Mon 20 (3),
  Tue 21 (4), Wed 22/09 (5) → due Wed 22/09/2027. After: Thu 16 (1), Fri 17 (2), Tue 21 (3),
  Wed 22 (4), Thu 23/09 (5) → due Thu 23/09/2027, one working day later.
* Plan task "Trước ngày 20/09/2027": due Mon 20/09; after, the due date is a rest day and moves to
  the next working day, Tue 21/09/2027 (BLDS 2015 Điều 148) — one working day later. Counted from
  Wed 15/09 it still has 3 working days left (16, 17, 21 instead of 16, 17, 20); on Tue 21/09 it is
  no longer overdue.
* Report of quarter III 2027 on the national rule: deadline "ngày 20 của tháng cuối kỳ" = Mon 20/09;
  after, next working day Tue 21/09/2027 — one working day later.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cchc.calendar import api
from cchc.calendar.periods import NATIONAL, periods_for_year
from cchc.calendar.services import (
    calendar_adjustment_delete,
    calendar_adjustment_save,
    calendar_change_preview,
)
from cchc.calendar.workdays import WorkCalendar
from cchc.core.testing.personas import build_world
from cchc.plans import services as plan_services
from cchc.plans.choices import ReformArea
from cchc.plans.models import TaskPeriod
from cchc.procedures.models import CalendarAdjustment, Dossier
from cchc.procedures.tests.factories import make_dossiers, make_procedure
from cchc.reporting import services as reporting_services
from cchc.reporting.models import ReportingPeriod
from cchc.reporting.tests.factories import filled, national_calendar

D = dt.date
DAY_OFF = D(2027, 9, 20)


def _day_off(**overrides) -> CalendarAdjustment:
    values = {"day": DAY_OFF, "kind": "day_off", "reason": "Nghỉ bù (thử nghiệm)", "source": "Thông báo thử nghiệm",
              "effective_from": D(2027, 9, 1)}
    return CalendarAdjustment(**{**values, **overrides})


def _travel(day: dt.date):
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 3, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def world(db):
    api.forget()
    world = build_world()
    head = world.users["head"]
    plan = plan_services.plan_create(unit=world.dept_a, year=2027, title="Cải cách hành chính năm 2027", actor=head)
    area = plan_services.area_create(plan=plan, code=ReformArea.PROCEDURES, local_number="I", title="Cải cách TTHC",
                                     actor=head)
    plan_services.task_create(plan=plan, area=area, number="1", title="Rà soát thủ tục hành chính",
                              products=["Báo cáo"], lead_unit=world.division_a, timeframe="Trước ngày 20/09/2027",
                              actor=head)
    plan_services.plan_issue(plan=plan, number="5/KH-SXD", issued_on=D(2026, 12, 20), signer_name="Trần Văn Bình",
                             signer_title="Giám đốc", actor=head)
    world.task_period = TaskPeriod.objects.get(task__plan=plan)
    world.calendar = national_calendar(world.province, 2027)
    world.q3 = world.calendar.periods.get(kind="q3")
    world.procedure = make_procedure(world.province)
    yield world
    api.forget()


def test_an_administrators_day_off_moves_a_dossier_a_task_and_a_report_deadline_alike(world):
    make_dossiers(world.dept_a, world.procedure, {"code": "BEFORE-CHANGE", "received_at": "15/09/2027 09:00"})
    period = world.task_period
    assert Dossier.objects.get(code="BEFORE-CHANGE").due_date == D(2027, 9, 22)
    assert period.due_date == DAY_OFF
    assert api.working_day_on_or_after(period.due_date) == D(2027, 9, 20)
    assert period.is_overdue(D(2027, 9, 21)) is True
    assert world.q3.deadline == D(2027, 9, 20)

    calendar_adjustment_save(adjustment=_day_off(), actor=world.users["admin"])

    make_dossiers(world.dept_a, world.procedure, {"code": "AFTER-CHANGE", "received_at": "15/09/2027 09:00"})
    assert Dossier.objects.get(code="AFTER-CHANGE").due_date == D(2027, 9, 23)
    # The open dossier received before the change keeps the due date stored with the rule that produced it.
    assert Dossier.objects.get(code="BEFORE-CHANGE").due_date == D(2027, 9, 22)
    assert api.working_day_on_or_after(period.due_date) == D(2027, 9, 21)
    assert api.working_days_between(D(2027, 9, 15), api.working_day_on_or_after(period.due_date)) == 3
    assert period.is_overdue(D(2027, 9, 21)) is False
    assert period.is_overdue(D(2027, 9, 22)) is True
    world.q3.refresh_from_db()
    assert (world.q3.nominal_deadline, world.q3.deadline) == (D(2027, 9, 20), D(2027, 9, 21))
    # The same function answers for every app.
    assert api.is_working_day(DAY_OFF) is False
    assert api.add_working_days(D(2027, 9, 15), 5) == D(2027, 9, 23)


def test_the_preview_lists_the_open_deadlines_the_change_moves(world):
    make_dossiers(world.dept_a, world.procedure, {"code": "OPEN", "received_at": "15/09/2027 09:00"})
    reporting_services.report_start(unit=world.dept_a, period=world.q3, actor=world.users["focal"])

    preview = calendar_change_preview(adjustment=_day_off())

    assert preview.changed_days == frozenset({DAY_OFF})
    moved = [(m.kind, m.label, m.old, m.new, m.locked) for m in preview.all_moved]
    assert moved == [
        ("Nhiệm vụ kế hoạch", str(world.task_period), D(2027, 9, 20), D(2027, 9, 21), False),
        ("Hạn gửi báo cáo", f"Báo cáo quý III năm 2027 ({world.province.name})", D(2027, 9, 20), D(2027, 9, 21), False),
    ]
    assert preview.notes == [
        "1 hồ sơ đang giải quyết có thời hạn trùm lên ngày thay đổi giữ nguyên ngày hẹn trả đã lưu khi tiếp nhận, "
        "kèm quy tắc đã tính ra nó; hồ sơ tiếp nhận từ ngày 01/09/2027 được tính theo lịch mới."
    ]
    # Nothing is written by a preview.
    assert not CalendarAdjustment.objects.filter(day=DAY_OFF).exists()
    world.q3.refresh_from_db()
    assert world.q3.deadline == D(2027, 9, 20)


def test_a_change_that_would_move_a_submitted_reports_deadline_is_refused_and_nothing_is_written(world):
    focal = world.users["focal"]
    report = filled(reporting_services.report_start(unit=world.dept_a, period=world.q3, actor=focal), actor=focal)
    with _travel(D(2027, 9, 16)):
        reporting_services.report_submit(report=report, actor=focal)
    rows_before = list(CalendarAdjustment.objects.values_list("pk", "day", "kind", "effective_from"))
    history_before = CalendarAdjustment.history.count()

    with pytest.raises(ValidationError) as refused:
        calendar_adjustment_save(adjustment=_day_off(), actor=world.users["admin"])

    assert refused.value.message_dict == {"day": [
        "Ngày: thay đổi này làm dời hạn gửi của báo cáo đã gửi (Báo cáo quý III năm 2027 – "
        f"{world.dept_a.name}: 20/09/2027 → 21/09/2027); không lưu thay đổi nào."
    ]}
    assert list(CalendarAdjustment.objects.values_list("pk", "day", "kind", "effective_from")) == rows_before
    assert CalendarAdjustment.history.count() == history_before
    world.q3.refresh_from_db()
    assert world.q3.deadline == D(2027, 9, 20)
    assert api.is_working_day(DAY_OFF) is True


def test_deleting_the_day_off_moves_the_deadlines_back_unless_a_report_was_submitted_since(world):
    adjustment = calendar_adjustment_save(adjustment=_day_off(), actor=world.users["admin"])
    assert ReportingPeriod.objects.get(pk=world.q3.pk).deadline == D(2027, 9, 21)
    focal = world.users["focal"]
    report = filled(reporting_services.report_start(unit=world.dept_a, period=world.q3, actor=focal), actor=focal)
    with _travel(D(2027, 9, 16)):
        reporting_services.report_submit(report=report, actor=focal)

    with pytest.raises(ValidationError):
        calendar_adjustment_delete(adjustment=adjustment, actor=world.users["admin"])
    assert CalendarAdjustment.objects.filter(pk=adjustment.pk).exists()

    report.delete()
    calendar_adjustment_delete(adjustment=adjustment, actor=world.users["admin"])
    assert ReportingPeriod.objects.get(pk=world.q3.pk).deadline == D(2027, 9, 20)
    assert api.working_day_on_or_after(world.task_period.due_date) == D(2027, 9, 20)


@pytest.mark.django_db
def test_the_administrators_calendar_holds_the_official_2024_2026_adjustments():
    api.forget()
    calendar, official = api.current_calendar(), WorkCalendar.official()
    day = D(2024, 1, 1)
    while day <= D(2026, 12, 31):
        assert calendar.is_working_day(day) == official.is_working_day(day), day
        day += dt.timedelta(days=1)
    for year in (2024, 2025, 2026):
        assert periods_for_year(NATIONAL, year, calendar) == periods_for_year(NATIONAL, year)


# -- the administrator's page ------------------------------------------------------------------


@pytest.fixture
def admin_client(client, world):
    from django.contrib.auth import get_user_model

    superuser = get_user_model().objects.create_superuser("calendar-admin", "calendar-admin@example.vn", "x-Pass-2027!")
    client.force_login(superuser)
    return client


ADD_URL = "/admin/procedures/calendaradjustment/add/"
FORM = {"day": "2027-09-20", "kind": "day_off", "reason": "Nghỉ bù (thử nghiệm)", "source": "Thông báo thử nghiệm",
        "effective_from": "2027-09-01"}


def test_the_page_shows_the_moved_deadlines_and_saves_only_once_confirmed(admin_client, world):
    shown = admin_client.post(ADD_URL, FORM)

    assert shown.status_code == 200
    page = shown.content.decode()
    assert "Nhiệm vụ kế hoạch: 1. Rà soát thủ tục hành chính, 20/09/2027 → 21/09/2027" in page
    assert f"Hạn gửi báo cáo: Báo cáo quý III năm 2027 ({world.province.name}), 20/09/2027 → 21/09/2027" in page
    assert not CalendarAdjustment.objects.filter(day=DAY_OFF).exists()

    saved = admin_client.post(ADD_URL, {**FORM, "confirm_moves": "on"})

    assert saved.status_code == 302
    assert CalendarAdjustment.objects.filter(day=DAY_OFF).count() == 1
    assert ReportingPeriod.objects.get(pk=world.q3.pk).deadline == D(2027, 9, 21)


def test_the_page_refuses_a_change_that_moves_a_submitted_report(admin_client, world):
    focal = world.users["focal"]
    report = filled(reporting_services.report_start(unit=world.dept_a, period=world.q3, actor=focal), actor=focal)
    with _travel(D(2027, 9, 16)):
        reporting_services.report_submit(report=report, actor=focal)
    count = CalendarAdjustment.objects.count()

    refused = admin_client.post(ADD_URL, {**FORM, "confirm_moves": "on"})

    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["day"] == [
        "Ngày: thay đổi này làm dời hạn gửi của báo cáo đã gửi (Báo cáo quý III năm 2027 – "
        f"{world.dept_a.name}: 20/09/2027 → 21/09/2027); không lưu thay đổi nào."
    ]
    assert CalendarAdjustment.objects.count() == count
    assert ReportingPeriod.objects.get(pk=world.q3.pk).deadline == D(2027, 9, 20)
