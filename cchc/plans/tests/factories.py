"""Plans on the persona world (cchc/core/testing/personas.py), built through the services."""

from __future__ import annotations

import datetime as dt

from cchc.core.testing.personas import World
from cchc.plans import services
from cchc.plans.choices import ReformArea
from cchc.plans.models import Plan

YEAR = 2025


def department_plan(world: World, *, issued: bool = True, year: int = YEAR) -> Plan:
    """Sở Xây dựng's plan: two areas, three tasks (one quarterly, one led by Phòng Quản lý xây dựng)."""
    head = world.users["head"]
    plan = services.plan_create(unit=world.dept_a, year=year, title=f"Cải cách hành chính năm {year}",
                                legal_bases=[{"kind": "plan", "number": "218/KH-UBND", "date": "2024-12-19", "issuer": "UBND tỉnh"}],
                                actor=head)
    institutions = services.area_create(plan=plan, code=ReformArea.INSTITUTIONS, local_number="I", title="Cải cách thể chế", actor=head)
    procedures = services.area_create(plan=plan, code=ReformArea.PROCEDURES, local_number="II", title="Cải cách thủ tục hành chính",
                                      actor=head)
    services.task_create(plan=plan, area=institutions, number="1", title="Rà soát văn bản quy phạm pháp luật",
                         products=["Báo cáo"], lead_unit=world.office_a, coordinating_units=[world.division_a],
                         timeframe=f"Quý II/{year}", budget_source="Kinh phí thường xuyên", actor=head)
    services.task_create(plan=plan, area=procedures, number="2", title="Báo cáo kết quả kiểm soát thủ tục hành chính",
                         products=["Báo cáo"], lead_unit=world.division_a, timeframe="Hàng quý", actor=head)
    services.task_create(plan=plan, area=procedures, number="3", title="Niêm yết thủ tục hành chính",
                         lead_text="Các phòng chuyên môn", timeframe="Thường xuyên", actor=head)
    if issued:
        services.plan_issue(plan=plan, number="12/KH-SXD", issued_on=dt.date(year - 1, 12, 20), signer_name="Trần Văn Bình",
                            signer_title="Giám đốc", actor=head)
    return plan


def province_plan(world: World, *, year: int = YEAR) -> Plan:
    """The province's issued plan with two tasks, for cascading to departments."""
    admin = world.users["admin"]
    plan = services.plan_create(unit=world.province, year=year, title=f"Cải cách hành chính tỉnh năm {year}", actor=admin)
    area = services.area_create(plan=plan, code=ReformArea.PROCEDURES, local_number="2", title="Cải cách TTHC", actor=admin)
    services.task_create(plan=plan, area=area, number="1", title="Số hóa hồ sơ, kết quả giải quyết TTHC",
                         products=["Báo cáo"], lead_unit=world.home_affairs, timeframe=f"Quý IV/{year}", actor=admin)
    services.task_create(plan=plan, area=area, number="2", title="Rà soát, đơn giản hóa TTHC",
                         products=["Quyết định"], lead_unit=world.home_affairs, timeframe=f"Tháng 9/{year}", actor=admin)
    services.plan_issue(plan=plan, number="218/KH-UBND", issued_on=dt.date(year - 1, 12, 19), signer_name="Nguyễn Văn A",
                        signer_title="Chủ tịch", actor=admin)
    return plan
