"""Inspections on the persona world (cchc/core/testing/personas.py), built through the services.

Sở Xây dựng (dept_a) runs the 2025 inspection plan "15/KH-SXD" (40% of the units below it), linked to task 4
of its reform plan; it planned Văn phòng Sở (March) and Phòng Quản lý xây dựng (May), inspected the latter on
15/05/2025 with one finding whose recommendation is due 10 working days later.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.core.testing.personas import World
from cchc.inspections import services
from cchc.inspections.models import InspectionPlan
from cchc.plans import services as plans
from cchc.plans.choices import ReformArea
from cchc.plans.tests.factories import department_plan

YEAR = 2025
INSPECTED_ON = dt.date(2025, 5, 15)


def pdf(name: str = "bao-cao-khac-phuc.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 khac phuc\n%%EOF\n", content_type="application/pdf")


def inspection_task(world: World):
    """Task 4 of Sở Xây dựng's issued 2025 reform plan: inspect the divisions (the department answers)."""
    plan = department_plan(world)
    area = plan.areas.get(code=ReformArea.INSTITUTIONS)
    return plans.task_create(plan=plan, area=area, number="4", title="Kiểm tra công tác CCHC tại các phòng thuộc Sở",
                             products=["Kế hoạch", "Thông báo kết luận"], timeframe="Quý IV/2025", actor=world.users["head"])


def inspection_plan(world: World, *, task=None, year: int = YEAR, **fields) -> InspectionPlan:
    focal = world.users["focal"]
    plan = services.inspection_plan_create(
        unit=world.dept_a, year=year, title="Kiểm tra công tác cải cách hành chính năm 2025", number="15/KH-SXD",
        coverage_target=fields.pop("coverage_target", "40"), task=task, team=[focal, world.users["head"]], team_lead=focal,
        actor=focal, **fields,
    )
    services.checklist_item_add(plan=plan, area=ReformArea.DIRECTION, actor=focal)
    services.checklist_item_add(plan=plan, area=ReformArea.PROCEDURES, text="Niêm yết, công khai TTHC tại bộ phận một cửa",
                                actor=focal)
    return plan


def inspected_world(world: World) -> dict:
    """The plan with two inspections planned, one carried out with a finding and its recommendation."""
    focal = world.users["focal"]
    task = inspection_task(world)
    plan = inspection_plan(world, task=task)
    office = services.inspection_schedule(plan=plan, unit=world.office_a, planned_month=3, actor=focal)
    division = services.inspection_schedule(plan=plan, unit=world.division_a, planned_month=5, actor=focal)
    services.inspection_record(inspection=division, inspected_on=INSPECTED_ON, summary="Đơn vị triển khai đầy đủ kế hoạch.",
                               actor=focal)
    finding = services.finding_add(inspection=division, finding="Chưa cập nhật niêm yết TTHC mới ban hành",
                                   recommendation="Cập nhật niêm yết đầy đủ TTHC", due_working_days=10, actor=focal)
    return {"task": task, "plan": plan, "office": office, "division": division, "finding": finding,
            "item": finding.items.get()}
