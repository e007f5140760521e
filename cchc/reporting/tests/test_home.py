"""The reporting app's "Việc cần làm": reports to write, returned or overdue; for steering officers the review
queue, the late sendings in it and the units that have not sent the current period. Each count is the number
of rows the link opens."""

import datetime as dt

from cchc.core import todo
from cchc.reporting import services
from cchc.reporting.tests.factories import filled, national_calendar

D = dt.date


def items(user) -> dict[str, int]:
    return {item.url: item.count for item in todo.items_for(user) if item.url.startswith("/reporting/")}


def listed(client, user, url: str) -> int:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return int(response.content.decode().split('class="result-count muted" data-count="')[1].split('"')[0])


def test_each_count_matches_the_list_it_opens(world, on, client):
    focal, outsider, steering = world.users["focal"], world.users["outsider"], world.users["steering"]
    on(D(2025, 3, 18))
    calendar = national_calendar(world.province, 2025)
    q1 = calendar.periods.get(kind="q1")  # window 15/12/2024–14/03/2025, deadline Thursday 20/03/2025
    services.report_submit(report=filled(services.report_start(unit=world.dept_b, period=q1, actor=outsider),
                                         actor=outsider), actor=outsider)
    draft = filled(services.report_start(unit=world.dept_a, period=q1, actor=focal), actor=focal)
    on(D(2025, 3, 25))  # three working days late: 21, 24 and 25 March
    services.report_submit(report=draft, actor=focal)
    on(D(2025, 4, 15))

    # Sở Xây dựng owes H1 and the year (windows open, deadlines ahead); Q3's window opens on 15/06
    assert items(focal) == {"/reporting/mine/?show=to_write": 2, "/reporting/mine/?show=returned": 0,
                            "/reporting/mine/?show=overdue": 0}
    # the province's consolidated Q1 report was never compiled: overdue; H1 and the year to write
    steering_items = items(steering)
    assert steering_items == {
        "/reporting/mine/?show=to_write": 2, "/reporting/mine/?show=returned": 0, "/reporting/mine/?show=overdue": 1,
        "/reporting/review/": 2, "/reporting/review/?late=yes": 1,
        f"/reporting/periods/{q1.pk}/?show=missing": steering_items[f"/reporting/periods/{q1.pk}/?show=missing"],
    }
    for user, found in ((focal, items(focal)), (steering, steering_items)):
        for url, count in found.items():
            assert listed(client, user, url) == count, url


def test_a_returned_report_is_counted_for_its_unit_and_an_unsent_one_past_its_deadline_is_overdue(world, on, client):
    focal, steering = world.users["focal"], world.users["steering"]
    on(D(2025, 3, 18))
    q1 = national_calendar(world.province, 2025).periods.get(kind="q1")
    report = services.report_submit(report=filled(services.report_start(unit=world.dept_a, period=q1, actor=focal),
                                                  actor=focal), actor=focal)
    services.report_return(report=report, reason="Bổ sung phụ lục.", actor=steering)
    assert items(focal)["/reporting/mine/?show=returned"] == 1
    on(D(2025, 4, 1))
    services.report_start(unit=world.dept_b, period=q1, actor=world.users["outsider"])
    assert items(world.users["outsider"])["/reporting/mine/?show=overdue"] == 1
    client.force_login(world.users["outsider"])
    page = client.get("/reporting/mine/?show=overdue").content.decode()
    # 20/03 to 01/04/2025: 21, 24–28, 31 March and 1 April
    assert "quá hạn 8 ngày làm việc" in page


def test_the_units_that_have_not_sent_the_current_period_are_those_the_roll_up_lists(world, on, client):
    steering, outsider = world.users["steering"], world.users["outsider"]
    on(D(2025, 3, 18))
    q1 = national_calendar(world.province, 2025).periods.get(kind="q1")
    services.report_submit(report=filled(services.report_start(unit=world.dept_b, period=q1, actor=outsider),
                                         actor=outsider), actor=outsider)
    on(D(2025, 4, 15))
    missing = items(steering)[f"/reporting/periods/{q1.pk}/?show=missing"]
    client.force_login(steering)
    page = client.get(f"/reporting/periods/{q1.pk}/?show=missing").content.decode()
    assert missing == page.count('<tr class="row"') > 0
    assert "Sở Tài chính" not in page.split('id="rollup"')[1]
    assert "Sở Xây dựng" in page.split('id="rollup"')[1]
