"""A report's life: prefill, bad input refused, submission freezing the figures, review, timeliness,
the consolidated report's sums, and reminders."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cchc.notifications.models import Notification
from cchc.plans.choices import TaskStatus
from cchc.reporting import selectors, services
from cchc.reporting.figures import Figure
from cchc.reporting.models import Report, ReportReminder
from cchc.reporting.tests.factories import SECTIONS, filled, issued_plan, national_calendar, progress

D = dt.date


def report_row(report):
    return (
        Report.objects.filter(pk=report.pk)
        .values(
            "status", "sections", "number", "snapshot", "first_submitted_at", "review_reason", "signed_by"
        )
        .get()
    )


@pytest.fixture
def dept_a_plan(world, on):
    """Sở Xây dựng's 2025 plan: one task done in January, one due 01/03 not started, one due 30/06."""
    on(D(2025, 1, 20))
    focal = world.users["focal"]
    plan, tasks = issued_plan(
        unit=world.dept_a,
        year=2025,
        actor=focal,
        tasks=[
            ("direction", "Ban hành kế hoạch CCHC năm 2025", D(2025, 1, 31)),
            ("procedures", "Rà soát thủ tục hành chính", D(2025, 3, 1)),
            ("digital_government", "Số hóa hồ sơ", D(2025, 6, 30)),
        ],
        targets=("Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98%",),
    )
    progress(tasks[0], actor=focal, on=D(2025, 1, 20))
    return plan, tasks


@pytest.fixture
def q1(world):
    return national_calendar(world.province, 2025).periods.get(kind="q1")


def test_a_new_report_is_prefilled_from_the_plan(world, dept_a_plan, q1, on):
    on(D(2025, 3, 16))
    report = services.report_start(unit=world.dept_a, period=q1, actor=world.users["focal"])
    assert report.sections["direction"] == (
        "Kế hoạch CCHC có 3 nhiệm vụ; đến ngày 14/03/2025 đã hoàn thành 1 nhiệm vụ, 1 nhiệm vụ quá hạn.\n"
        "- Ban hành kế hoạch CCHC năm 2025: Đã hoàn thành (100%)."
    )
    assert report.sections["procedures"] == "- Rà soát thủ tục hành chính: Chưa triển khai (0%)."
    assert (
        report.sections["limitations"]
        == "Các nhiệm vụ chậm tiến độ:\n- Rà soát thủ tục hành chính (hạn 01/03/2025)."
    )
    assert (
        report.sections["next_tasks"]
        == "Tiếp tục hoàn thành các nhiệm vụ còn lại của kế hoạch:\n- Số hóa hồ sơ (hạn 30/06/2025)."
    )
    assert report.sections["strengths"] == ""
    assert report.place == "Thử Nghiệm"
    figures = {f.code: f.display() for f in selectors.report_figures(report)}
    assert figures == {
        "tasks_total": "3",
        "tasks_completed": "1",
        "tasks_overdue": "1",
        "tasks_updated": "1",
        "tasks_completion_rate": "33,33%",
        "area:direction": "100,00%",
        "area:procedures": "0,00%",
        "area:digital_government": "0,00%",
        "targets_total": "1",
        "targets_met": "0",
    }


def test_submitting_freezes_the_figures_and_later_progress_never_rewrites_them(world, dept_a_plan, q1, on):
    _plan, tasks = dept_a_plan
    focal = world.users["focal"]
    on(D(2025, 3, 16))
    report = filled(services.report_start(unit=world.dept_a, period=q1, actor=focal), actor=focal)
    report = services.report_submit(report=report, actor=focal)
    frozen = report.snapshot
    assert report.status == "submitted"
    progress(
        tasks[1], actor=focal, on=D(2025, 3, 10), lateness_reason="Chờ hướng dẫn"
    )  # back-dated into the window
    report.refresh_from_db()
    assert report.snapshot == frozen
    assert {f.code: f.display() for f in selectors.report_figures(report)}["tasks_completed"] == "1"
    changes = [(c.label, c.frozen, c.current) for c in selectors.report_changes(report)]
    assert changes == [
        ("Số nhiệm vụ đã hoàn thành", "1", "2"),
        ("Số nhiệm vụ quá hạn chưa hoàn thành", "1", "0"),
        ("Số nhiệm vụ có báo cáo tiến độ trong kỳ", "1", "2"),
        ("Tỷ lệ nhiệm vụ hoàn thành", "33,33%", "66,67%"),
        ("Nhiệm vụ hoàn thành – Cải cách thủ tục hành chính", "0,00%", "100,00%"),
    ]


def test_the_page_says_the_figures_changed_after_sending(world, dept_a_plan, q1, on, client):
    _plan, tasks = dept_a_plan
    focal = world.users["focal"]
    on(D(2025, 3, 16))
    report = services.report_submit(
        report=filled(services.report_start(unit=world.dept_a, period=q1, actor=focal)), actor=focal
    )
    progress(tasks[1], actor=focal, on=D(2025, 3, 12), lateness_reason="Chờ hướng dẫn")
    client.force_login(focal)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Số liệu đã thay đổi sau khi gửi" in page
    assert "<td>Tỷ lệ nhiệm vụ hoàn thành</td><td>33,33%</td><td>66,67%</td>" in page


def test_an_incomplete_report_cannot_be_sent(world, q1):
    report = services.report_start(unit=world.dept_a, period=q1, actor=None)
    before = report_row(report)
    with pytest.raises(ValidationError) as refused:
        services.report_submit(report=report, actor=None)
    assert refused.value.message_dict == {
        "sections": [
            "Cần nhập các mục sau trước khi gửi: I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH, III.1. Ưu điểm, "
            "III.2. Tồn tại, hạn chế và nguyên nhân, IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI."
        ]
    }
    assert report_row(report) == before


def test_a_report_without_a_signer_cannot_be_sent(world, q1):
    report = services.report_start(unit=world.dept_a, period=q1, actor=None)
    services.report_save(report=report, actor=None, sections=SECTIONS)
    with pytest.raises(ValidationError) as refused:
        services.report_submit(report=report, actor=None)
    assert refused.value.message_dict == {"signer_name": ["Nhập họ tên và chức vụ người ký báo cáo."]}


def test_the_head_is_the_default_signer(world, q1):
    world.users["head"].memberships.update(title="Giám đốc Sở")
    report = services.report_start(unit=world.dept_a, period=q1, actor=None)
    assert (report.signer_name, report.signer_title) == ("Head", "GIÁM ĐỐC SỞ")


def test_sending_twice_and_editing_a_sent_report_are_refused(world, q1, on):
    on(D(2025, 3, 18))
    report = services.report_submit(
        report=filled(services.report_start(unit=world.dept_a, period=q1, actor=None)), actor=None
    )
    before = report_row(report)
    with pytest.raises(ValidationError) as twice:
        services.report_submit(report=report, actor=None)
    assert twice.value.message_dict == {"status": ["Báo cáo này đã được gửi lúc 18/03/2025 10:00."]}
    with pytest.raises(ValidationError) as edit:
        services.report_save(report=report, actor=None, sections={"direction": "Sửa sau khi gửi"})
    assert edit.value.message_dict == {
        "status": ["Báo cáo đang ở trạng thái “đã gửi”; không thể chỉnh sửa nữa."]
    }
    assert report_row(report) == before


def test_return_needs_a_reason_then_the_unit_fixes_and_resubmits_and_it_is_accepted(world, q1, on):
    steering, focal = world.users["steering"], world.users["focal"]
    on(D(2025, 3, 18))
    report = services.report_submit(
        report=filled(services.report_start(unit=world.dept_a, period=q1, actor=focal)), actor=focal
    )
    before = report_row(report)
    with pytest.raises(ValidationError) as refused:
        services.report_return(report=report, reason="  ", actor=steering)
    assert refused.value.message_dict == {"reason": ["Nhập lý do trả lại báo cáo."]}
    assert report_row(report) == before

    on(D(2025, 3, 19))
    report = services.report_return(report=report, reason="Bổ sung số liệu phụ lục.", actor=steering)
    assert (report.status, report.review_reason) == ("returned", "Bổ sung số liệu phụ lục.")
    assert list(
        Notification.objects.filter(kind="reporting.returned")
        .values_list("recipient__username", flat=True)
        .order_by("recipient__username")
    ) == ["focal", "head"]
    report = services.report_save(
        report=report,
        actor=focal,
        sections={**report.sections, "recommendations": "Đề nghị tập huấn."},
        signer_name="Trần Văn Bình",
        signer_title="GIÁM ĐỐC",
    )

    on(D(2025, 3, 24))
    report = services.report_submit(report=report, actor=focal)
    assert report.status == "resubmitted"
    # one line per event in the steering officer's inbox: the first sending and the corrected one read differently
    assert list(Notification.objects.filter(recipient=steering).order_by("pk").values_list("text", flat=True)) == [
        "Sở Xây dựng đã gửi “Báo cáo quý I năm 2025”.",
        "Sở Xây dựng đã gửi lại “Báo cáo quý I năm 2025” sau khi chỉnh sửa.",
    ]
    assert report.first_submitted_at.date() == D(2025, 3, 18)
    assert (
        selectors.working_days_late(q1, report.submitted_on()) == 0
    )  # timeliness is judged on the first sending
    report = services.report_accept(report=report, actor=steering)
    assert report.status == "accepted"
    assert [h.status for h in report.history.order_by("history_date")] == [
        "draft",
        "draft",
        "submitted",
        "returned",
        "returned",
        "resubmitted",
        "accepted",
    ]


def test_only_a_sent_report_can_be_reviewed(world, q1):
    report = services.report_start(unit=world.dept_a, period=q1, actor=None)
    with pytest.raises(ValidationError) as refused:
        services.report_accept(report=report, actor=world.users["steering"])
    assert refused.value.message_dict == {
        "status": ["Chỉ tiếp nhận hoặc trả lại được báo cáo đã gửi và chưa được xem xét."]
    }


def test_a_unit_not_asked_cannot_start_a_report(world, q1):
    with pytest.raises(ValidationError) as refused:
        services.report_start(unit=world.commune_new, period=q1, actor=None)
    assert refused.value.message_dict == {"unit": ["Xã Mới không thuộc diện gửi “Báo cáo quý I năm 2025”."]}


def test_lateness_is_counted_in_working_days(world, q1, on):
    on(D(2025, 3, 25))  # deadline Thursday 20/03/2025; Friday 21, Monday 24, Tuesday 25
    late = services.report_submit(
        report=filled(services.report_start(unit=world.dept_a, period=q1, actor=None)), actor=None
    )
    on(D(2025, 3, 20), hour=16)
    on_time = services.report_submit(
        report=filled(services.report_start(unit=world.dept_b, period=q1, actor=None)), actor=None
    )
    on(D(2025, 3, 27))
    rollup = selectors.rollup(q1)
    rows = {row.unit.name: (row.status_label, row.late_days) for row in rollup.rows}
    assert rows == {
        "Sở Nội vụ": ("Chưa lập", 5),
        "Sở Tài chính": ("Đã gửi", 0),
        "Sở Xây dựng": ("Đã gửi", 3),
        "Xã Cũ Hai": ("Chưa lập", 5),
        "Xã Cũ Một": ("Chưa lập", 5),
    }
    assert (rollup.expected, rollup.received, rollup.missing, rollup.on_time, rollup.late) == (5, 2, 3, 1, 1)
    assert late.pk != on_time.pk


def test_the_consolidated_report_sums_numerators_and_denominators(world, dept_a_plan, q1, on):
    outsider, focal, steering = world.users["outsider"], world.users["focal"], world.users["steering"]
    on(D(2025, 1, 21))
    _plan_b, tasks_b = issued_plan(
        unit=world.dept_b, year=2025, actor=outsider, tasks=[("procedures", "Công khai TTHC", D(2025, 2, 28))]
    )
    progress(tasks_b[0], actor=outsider, on=D(2025, 1, 21))
    on(D(2025, 3, 18))
    for unit, user in ((world.dept_a, focal), (world.dept_b, outsider)):
        services.report_submit(
            report=filled(services.report_start(unit=unit, period=q1, actor=user), actor=user), actor=user
        )
    consolidated = services.report_start(unit=world.province, period=q1, actor=steering)
    assert consolidated.is_consolidated
    assert (
        consolidated.sections["strengths"]
        == "Sở Tài chính:\nHoàn thành đúng tiến độ.\n\nSở Xây dựng:\nHoàn thành đúng tiến độ."
    )
    figures = {f.code: f for f in selectors.report_figures(consolidated)}
    # Sở Xây dựng 1 of 3 done, Sở Tài chính 1 of 1: 2/4 = 50%, not the 66,67% average of 33,33% and 100%.
    assert figures["tasks_completion_rate"] == Figure(
        "tasks_completion_rate", "Tỷ lệ nhiệm vụ hoàn thành", 2, 4
    )
    assert figures["tasks_completion_rate"].display() == "50,00%"
    assert figures["area:procedures"].display() == "50,00%"
    assert figures["tasks_total"].numerator == 4
    consolidated = services.report_submit(report=filled(consolidated, actor=steering), actor=steering)
    assert [u["name"] for u in consolidated.snapshot["units"]] == ["Sở Tài chính", "Sở Xây dựng"]


def test_a_returned_report_leaves_the_consolidated_sum(world, q1, on):
    on(D(2025, 3, 18))
    services.report_submit(
        report=filled(services.report_start(unit=world.dept_a, period=q1, actor=None)), actor=None
    )
    sent_b = services.report_submit(
        report=filled(services.report_start(unit=world.dept_b, period=q1, actor=None)), actor=None
    )
    services.report_return(report=sent_b, reason="Sai số liệu", actor=world.users["steering"])
    assert [r.unit.name for r in selectors.received_reports(q1)] == ["Sở Xây dựng"]


def test_indicator_figures_come_from_the_one_stop_data(world, q1, monkeypatch):
    from cchc.indicators.catalogue import Totals
    from cchc.reporting import sources

    def totals(*, units, date_from, date_to):
        assert (date_from, date_to) == (D(2024, 12, 15), D(2025, 3, 14))
        return {
            u.pk: Totals(
                received_direct=40,
                resolved_early=10,
                resolved_on_time=28,
                resolved_late=2,
                resolution_days=120,
            )
            for u in units
        }

    monkeypatch.setattr(sources.indicators, "totals_for_units", totals)
    figures = {
        f.code: f.display()
        for f in selectors.report_figures(services.report_start(unit=world.dept_a, period=q1, actor=None))
    }
    assert figures["metric:on_time_rate"] == "95,00%"
    assert figures["metric:received"] == "40"
    assert figures["metric:average_resolution_days"] == "3,00 ngày làm việc"


def test_a_unit_without_dossiers_has_no_indicator_rows(world, q1):
    figures = selectors.report_figures(services.report_start(unit=world.dept_a, period=q1, actor=None))
    assert [f.code for f in figures if f.code.startswith("metric:")] == []


def test_a_district_reports_only_the_dossiers_of_its_communes_that_do_not_report_themselves(
    world, monkeypatch
):
    from cchc.indicators.catalogue import Totals
    from cchc.reporting import sources
    from cchc.units.models import UnitKind
    from cchc.units.services import unit_create

    district = unit_create(
        name="Huyện Thử", code="TN-H", kind=UnitKind.DISTRICT, parent=world.province, valid_from=D(2020, 1, 1)
    )
    commune = unit_create(
        name="Xã Dưới Huyện", code="TN-H-X", kind=UnitKind.COMMUNE, parent=district, valid_from=D(2020, 1, 1)
    )
    q1 = national_calendar(world.province, 2025).periods.get(kind="q1")
    received = {district.pk: 50, commune.pk: 20}  # the district's subtree total includes the commune's 20

    def totals(*, units, date_from, date_to):
        return {u.pk: Totals(received_direct=received.get(u.pk, 0)) for u in units}

    monkeypatch.setattr(sources.indicators, "totals_for_units", totals)
    own = {
        f.code: f.display()
        for f in selectors.report_figures(services.report_start(unit=district, period=q1, actor=None))
    }
    assert own["metric:received"] == "30"
    commune_figures = selectors.report_figures(services.report_start(unit=commune, period=q1, actor=None))
    assert {f.code: f.display() for f in commune_figures}["metric:received"] == "20"


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2025, 3, 14), []),
        (D(2025, 3, 17), [("Sở Xây dựng", "due_soon", ["focal"])]),
        (D(2025, 3, 21), [("Sở Xây dựng", "overdue", ["focal", "head"])]),
    ],
)
def test_reminders_go_to_the_focal_officer_before_and_to_the_head_too_after_the_deadline(
    world, q1, on, today, expected
):
    on(D(2025, 3, 12))
    for unit in (world.dept_b, world.home_affairs):
        services.report_submit(
            report=filled(services.report_start(unit=unit, period=q1, actor=None)), actor=None
        )
    world.commune_old_1.memberships.all().delete()
    on(today)
    sent = services.reminders_send()
    result = sorted(
        (r.unit.name, r.kind, sorted(u.username for u in r.recipients.all()))
        for r in sent
        if r.unit_id == world.dept_a.pk
    )
    assert result == expected
    assert services.reminders_send() == []  # each reminder once


def test_reminders_are_listed_for_the_steering_officer(world, q1, on, client):
    on(D(2025, 3, 21))
    services.reminders_send()
    client.force_login(world.users["steering"])
    page = client.get(f"/reporting/calendars/{q1.calendar_id}/completeness/")
    assert [(r.unit.name, r.kind) for r in page.context["reminders"]] == [
        ("Sở Nội vụ", "overdue"), ("Sở Tài chính", "overdue"), ("Sở Xây dựng", "overdue"), ("Xã Cũ Hai", "overdue"), ("Xã Cũ Một", "overdue")
    ]  # fmt: skip
    assert ReportReminder.objects.count() == 5


def test_decimal_figures_survive_the_snapshot():
    figure = Figure("x", "X", Decimal("2.5"), Decimal("3"), unit="ngày")
    assert Figure.from_json(figure.to_json()) == figure
    assert figure.display() == "0,83 ngày"


def test_a_task_completed_after_the_window_counts_as_open(world, dept_a_plan, q1, on):
    _plan, tasks = dept_a_plan
    on(D(2025, 3, 20))
    progress(
        tasks[1],
        actor=world.users["focal"],
        on=D(2025, 3, 19),
        status=TaskStatus.COMPLETED,
        lateness_reason="Chậm",
    )
    figures = {
        f.code: f.display()
        for f in selectors.report_figures(services.report_start(unit=world.dept_a, period=q1, actor=None))
    }
    assert (figures["tasks_completed"], figures["tasks_overdue"]) == ("1", "1")


def test_tasks_led_in_the_province_plan_count_once_even_when_taken_up(world, on):
    from cchc.plans import services as plans

    admin, focal = world.users["admin"], world.users["focal"]
    on(D(2025, 1, 10))
    _province_plan, (led, cascaded) = issued_plan(
        unit=world.province, year=2025, actor=admin,
        tasks=[("procedures", "Công bố TTHC ngành xây dựng", D(2025, 2, 28)), ("digital_government", "Số hóa hồ sơ xây dựng", D(2025, 6, 30))],
    )  # fmt: skip
    plans.task_update(task=led, lead_unit=world.division_a, actor=admin)  # led by a division of Sở Xây dựng
    plans.task_update(task=cascaded, lead_unit=world.dept_a, actor=admin)
    q1 = national_calendar(world.province, 2025).periods.get(kind="q1")

    def tasks_total():
        return {
            f.code: f.numerator
            for f in selectors.report_figures(services.report_start(unit=world.dept_a, period=q1, actor=None))
        }["tasks_total"]

    assert tasks_total() == 2
    [copy] = plans.task_cascade(task=cascaded, units=[world.dept_a], actor=admin)
    assert tasks_total() == 2  # the copy is in a draft plan: the province's task still counts
    plans.plan_issue(
        plan=copy.plan,
        number="3/KH-SXD",
        issued_on=D(2025, 1, 10),
        signer_name="A",
        signer_title="Giám đốc",
        actor=focal,
    )
    assert tasks_total() == 2  # now the copy counts, the province's task no longer


def test_a_section_longer_than_the_limit_is_refused(world, q1):
    report = services.report_start(unit=world.dept_a, period=q1, actor=None)
    before = report_row(report)
    with pytest.raises(ValidationError) as refused:
        services.report_save(report=report, actor=None, sections={"strengths": "x" * 20001})
    assert refused.value.message_dict == {"sections": ["Các mục dài quá 20000 ký tự: III.1. Ưu điểm."]}
    assert report_row(report) == before


def test_the_successor_answers_for_a_merged_commune_after_the_merger(world, on):
    on(D(2025, 3, 3))
    _plan, [task] = issued_plan(
        unit=world.commune_old_1,
        year=2025,
        actor=world.users["commune"],
        tasks=[("procedures", "Niêm yết TTHC", D(2025, 8, 31))],
    )
    calendar = national_calendar(world.province, 2025)
    q1, q3 = calendar.periods.get(kind="q1"), calendar.periods.get(kind="q3")
    old_q1 = selectors.report_figures(services.report_start(unit=world.commune_old_1, period=q1, actor=None))
    assert {f.code: f.numerator for f in old_q1}["tasks_total"] == 1
    new_q3 = selectors.report_figures(services.report_start(unit=world.commune_new, period=q3, actor=None))
    assert {f.code: f.numerator for f in new_q3}["tasks_total"] == 1  # Xã Mới answers for Xã Cũ Một's plan
    with pytest.raises(ValidationError):
        services.report_start(unit=world.commune_old_1, period=q3, actor=None)
