"""Calendars and periods in the database: presets, overrides, ad hoc requests and the bad input refused."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from cchc.reporting import services
from cchc.reporting.coverage import expected_units
from cchc.reporting.models import ReportingCalendar, ReportingPeriod
from cchc.reporting.tests.factories import national_calendar, reporting_world
from cchc.units.models import UnitKind
from cchc.units.services import unit_create

D = dt.date


def rows(calendar):
    return [
        (p.kind, p.data_from, p.data_to, p.nominal_deadline, p.deadline)
        for p in calendar.periods.order_by("data_to")
    ]


def periods_state():
    return list(
        ReportingPeriod.objects.order_by("pk").values_list(
            "pk", "data_from", "data_to", "nominal_deadline", "deadline"
        )
    )


def test_the_seed_004_preset_gives_the_windows_and_deadlines_of_the_plan_text(world):
    calendar = services.calendar_create(unit=world.province, year=2024, preset="seed_004", actor=None)
    assert rows(calendar) == [
        ("q1", D(2023, 12, 11), D(2024, 3, 10), D(2024, 3, 11), D(2024, 3, 11)),
        ("h1", D(2023, 12, 11), D(2024, 6, 10), D(2024, 6, 11), D(2024, 6, 11)),
        ("q3", D(2024, 6, 11), D(2024, 9, 10), D(2024, 9, 11), D(2024, 9, 11)),
        ("year", D(2023, 12, 11), D(2024, 12, 10), D(2024, 12, 11), D(2024, 12, 11)),
    ]
    assert calendar.source.startswith("Kế hoạch thực hiện CCHC huyện Trần Đề năm 2024, mục IV.1")


def test_the_national_preset_for_2025_moves_saturday_deadlines_to_monday(world):
    calendar = services.calendar_create(unit=world.province, year=2025, preset="national", actor=None)
    assert rows(calendar) == [
        ("q1", D(2024, 12, 15), D(2025, 3, 14), D(2025, 3, 20), D(2025, 3, 20)),
        ("h1", D(2024, 12, 15), D(2025, 6, 14), D(2025, 6, 20), D(2025, 6, 20)),
        ("q3", D(2025, 6, 15), D(2025, 9, 14), D(2025, 9, 20), D(2025, 9, 22)),
        ("year", D(2024, 12, 15), D(2025, 12, 14), D(2025, 12, 20), D(2025, 12, 22)),
    ]


def test_the_seed_004_preset_for_2025(world):
    calendar = services.calendar_create(unit=world.province, year=2025, preset="seed_004", actor=None)
    assert [(p.data_from, p.data_to, p.deadline) for p in calendar.periods.order_by("data_to")] == [
        (D(2024, 12, 11), D(2025, 3, 10), D(2025, 3, 11)),
        (D(2024, 12, 11), D(2025, 6, 10), D(2025, 6, 11)),
        (D(2025, 6, 11), D(2025, 9, 10), D(2025, 9, 11)),
        (D(2024, 12, 11), D(2025, 12, 10), D(2025, 12, 11)),
    ]


def test_an_ad_hoc_deadline_during_tet_moves_after_the_break(world):
    calendar = national_calendar(world.province, 2026)
    period = services.adhoc_period_create(
        calendar=calendar,
        title="Kết quả số hóa hồ sơ",
        data_from=D(2026, 1, 1),
        data_to=D(2026, 2, 10),
        nominal_deadline=D(2026, 2, 17),  # mùng 1 Tết Bính Ngọ; the break runs 14–22/02/2026
        recipients=[world.dept_a, world.commune_new],
        actor=None,
    )
    assert (period.nominal_deadline, period.deadline) == (D(2026, 2, 17), D(2026, 2, 23))
    assert period.label == "Báo cáo đột xuất: Kết quả số hóa hồ sơ"
    assert [u.name for u in expected_units(period)] == ["Sở Xây dựng", "Xã Mới"]


def test_the_previous_working_day_policy_keeps_a_deadline_before_tet(world):
    calendar = services.calendar_create(
        unit=world.province, year=2025, preset="national", deadline_policy="previous_working_day", actor=None
    )
    period = services.adhoc_period_create(
        calendar=calendar, title="Tết", data_from=D(2025, 1, 1), data_to=D(2025, 1, 20),
        nominal_deadline=D(2025, 1, 28), recipients=[world.dept_a], actor=None,
    )  # fmt: skip
    assert period.deadline == D(2025, 1, 24)


def test_an_own_rule_with_a_nine_month_report(world):
    calendar = services.calendar_create(
        unit=world.province,
        year=2025,
        preset="custom",
        kinds=["q1", "m9"],
        cutoff_day=31,
        deadline_day=31,
        actor=None,
    )
    assert rows(calendar) == [
        ("q1", D(2025, 1, 1), D(2025, 3, 31), D(2025, 3, 31), D(2025, 3, 31)),
        ("m9", D(2025, 1, 1), D(2025, 9, 30), D(2025, 9, 30), D(2025, 9, 30)),
    ]


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"year": 2025}, {"year": ["Tỉnh Thử Nghiệm đã có lịch báo cáo năm 2025."]}),
        ({"year": 1990}, {"year": ["Nhập năm từ 2000 đến 2100."]}),
        (
            {"preset": "custom", "kinds": [], "cutoff_day": 10, "deadline_day": 11},
            {"kinds": ["Chọn ít nhất một kỳ báo cáo định kỳ."]},
        ),
        (
            {"preset": "custom", "kinds": ["q1"], "cutoff_day": 20, "deadline_day": 11},
            {"deadline_day": ["Ngày hạn gửi không được trước ngày chốt số liệu."]},
        ),
        (
            {"preset": "custom", "kinds": ["adhoc"], "cutoff_day": 10, "deadline_day": 11},
            {"kinds": ["Báo cáo đột xuất được yêu cầu riêng từng lần, không đặt trong lịch."]},
        ),
        ({"preset": "weekly"}, {"preset": ["Chọn một trong các quy định có sẵn."]}),
    ],
)
def test_bad_calendars_are_refused_and_nothing_is_written(world, fields, errors):
    national_calendar(world.province, 2025)
    before = (ReportingCalendar.objects.count(), periods_state())
    with pytest.raises(ValidationError) as refused:
        services.calendar_create(
            unit=world.province, **{"year": 2026, "preset": "national", "actor": None, **fields}
        )
    assert refused.value.message_dict == errors
    assert (ReportingCalendar.objects.count(), periods_state()) == before


def test_a_unit_closed_mid_year_gets_only_the_periods_it_lived_through(world):
    calendar = national_calendar(world.commune_old_1, 2025)
    assert [p.kind for p in calendar.periods.order_by("data_to")] == ["q1", "h1"]


def test_a_closed_unit_is_expected_only_for_the_periods_it_existed_in(world):
    calendar = national_calendar(world.province, 2025)
    expected = {p.kind: [u.name for u in expected_units(p)] for p in calendar.periods.all()}
    assert expected == {
        "q1": ["Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Xã Cũ Hai", "Xã Cũ Một"],
        "h1": ["Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Xã Cũ Hai", "Xã Cũ Một"],
        "q3": ["Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Xã Mới"],
        "year": ["Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Xã Mới"],
    }


def test_a_lower_steering_unit_overrides_the_calendar_for_the_units_below_it(world):
    district = unit_create(
        name="Huyện Thử", code="TN-H", kind=UnitKind.DISTRICT, parent=world.province, valid_from=D(2020, 1, 1)
    )
    unit_create(
        name="Xã Dưới Huyện", code="TN-H-X", kind=UnitKind.COMMUNE, parent=district, valid_from=D(2020, 1, 1)
    )
    province = national_calendar(world.province, 2024)
    q1 = province.periods.get(kind="q1")
    assert "Xã Dưới Huyện" in [u.name for u in expected_units(q1)]
    district_calendar = services.calendar_create(unit=district, year=2024, preset="seed_004", actor=None)
    assert [u.name for u in expected_units(q1)] == [
        "Huyện Thử", "Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Xã Cũ Hai", "Xã Cũ Một"
    ]  # fmt: skip
    district_q1 = district_calendar.periods.get(kind="q1")
    assert [u.name for u in expected_units(district_q1)] == ["Xã Dưới Huyện"]
    assert district_q1.deadline == D(2024, 3, 11)


def test_a_deadline_before_the_window_ends_is_refused_and_nothing_changes(world):
    calendar = national_calendar(world.province, 2025)
    q1 = calendar.periods.get(kind="q1")
    before = periods_state()
    with pytest.raises(ValidationError) as refused:
        services.period_update(
            period=q1,
            data_from=D(2024, 12, 15),
            data_to=D(2025, 3, 14),
            nominal_deadline=D(2025, 3, 10),
            actor=None,
        )
    assert refused.value.message_dict == {
        "nominal_deadline": [
            "Thời hạn gửi báo cáo (10/03/2025) không được trước ngày kết thúc chốt số liệu (14/03/2025)."
        ]
    }
    assert periods_state() == before


def test_two_periods_of_one_kind_may_not_share_a_day(world):
    calendar = services.calendar_create(
        unit=world.province,
        year=2025,
        preset="custom",
        kinds=["q1", "q3"],
        cutoff_day=31,
        deadline_day=31,
        actor=None,
    )
    q3 = calendar.periods.get(kind="q3")
    q1 = calendar.periods.get(kind="q1")
    q3.kind = "q1"  # a second Q1 period, as an import could produce
    q3.save()
    with pytest.raises(ValidationError) as refused:
        services.period_update(
            period=q1,
            data_from=D(2025, 1, 1),
            data_to=D(2025, 7, 15),
            nominal_deadline=D(2025, 7, 20),
            actor=None,
        )
    assert refused.value.message_dict["data_from"] == [
        "Kỳ báo cáo “Báo cáo quý I năm 2025” (01/01/2025 – 15/07/2025) trùng thời gian chốt số liệu với "
        "“Báo cáo quý I năm 2025” (01/07/2025 – 30/09/2025)."
    ]


def test_once_a_unit_has_sent_the_window_is_fixed_but_the_deadline_may_move(world, on):
    on(D(2025, 3, 18))
    reporting_world(world)
    q1 = world.q1
    with pytest.raises(ValidationError) as refused:
        services.period_update(
            period=q1,
            data_from=D(2024, 12, 16),
            data_to=D(2025, 3, 14),
            nominal_deadline=D(2025, 3, 20),
            actor=None,
        )
    assert refused.value.message_dict == {
        "data_from": ["Đã có đơn vị gửi báo cáo kỳ này; không thể thay đổi thời gian chốt số liệu nữa."]
    }
    services.period_update(
        period=q1,
        data_from=D(2024, 12, 15),
        data_to=D(2025, 3, 14),
        nominal_deadline=D(2025, 3, 22),
        actor=None,
    )
    assert ReportingPeriod.objects.get(pk=q1.pk).deadline == D(2025, 3, 24)  # 22/03/2025 is a Saturday


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"title": " "}, {"title": ["Nhập trích yếu của báo cáo đột xuất."]}),
        ({"recipients": []}, {"recipients": ["Chọn các đơn vị phải báo cáo."]}),
        (
            {"data_from": D(2025, 3, 1), "data_to": D(2025, 2, 1)},
            {
                "data_from": [
                    "Ngày bắt đầu chốt số liệu (01/03/2025) phải trước hoặc trùng ngày kết thúc chốt số liệu (01/02/2025)."
                ]
            },
        ),
        (
            {"nominal_deadline": D(2025, 1, 30)},
            {
                "nominal_deadline": [
                    "Thời hạn gửi báo cáo (30/01/2025) không được trước ngày kết thúc chốt số liệu (31/01/2025)."
                ]
            },
        ),
    ],
)
def test_bad_ad_hoc_requests_are_refused(world, fields, errors):
    calendar = national_calendar(world.province, 2025)
    before = periods_state()
    values = {
        "title": "Số hóa", "data_from": D(2025, 1, 1), "data_to": D(2025, 1, 31), "nominal_deadline": D(2025, 2, 5),
        "recipients": [world.dept_a], **fields,
    }  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.adhoc_period_create(calendar=calendar, actor=None, **values)
    assert refused.value.message_dict == errors
    assert periods_state() == before


def test_an_ad_hoc_request_to_another_branch_is_refused(world):
    calendar = national_calendar(world.dept_a, 2025)
    with pytest.raises(ValidationError) as refused:
        services.adhoc_period_create(
            calendar=calendar, title="X", data_from=D(2025, 1, 1), data_to=D(2025, 1, 31),
            nominal_deadline=D(2025, 2, 5), recipients=[world.dept_b], actor=None,
        )  # fmt: skip
    assert refused.value.message_dict == {
        "recipients": ["Các đơn vị sau không thuộc phạm vi lịch báo cáo này: Sở Tài chính."]
    }


def test_the_ad_hoc_request_notifies_the_units_asked(world):
    from cchc.notifications.models import Notification

    calendar = national_calendar(world.province, 2026)
    services.adhoc_period_create(
        calendar=calendar, title="Số hóa", data_from=D(2026, 1, 1), data_to=D(2026, 1, 31),
        nominal_deadline=D(2026, 2, 5), recipients=[world.dept_a], actor=None,
    )  # fmt: skip
    assert sorted(Notification.objects.values_list("recipient__username", "kind")) == [
        ("focal", "reporting.adhoc_request"), ("head", "reporting.adhoc_request")
    ]  # fmt: skip
