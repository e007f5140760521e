"""``import_plan PATH --json`` (the contract other tools depend on) and ``--save --unit CODE``."""

from __future__ import annotations

import io
import json

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from cchc.core.testing.personas import build_world
from cchc.documents.tests.support import FILES, expected, seed_path
from cchc.plans.models import Plan

PLAN_KEYS = {"issuer", "number", "title", "year", "issued_on", "legal_bases", "areas", "tasks", "targets", "signer"}
TASK_KEYS = {"area_code", "title", "products", "lead", "coordinators", "timeframe", "budget", "lines"}


def run(*args) -> tuple[dict, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_plan", *map(str, args), stdout=out, stderr=err)
    return (json.loads(out.getvalue()) if out.getvalue() else {}), err.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.mark.parametrize(("seed", "tasks", "areas"), [("001", 22, 7), ("003", 43, 9)])
def test_json_of_a_table_seed_gives_every_task_with_lead_coordinators_timeframe_and_budget(seed, tasks, areas):
    data, _err = run(seed_path(seed), "--json")
    assert (len(data["tasks"]), len(data["areas"])) == (tasks, areas)
    want = expected(seed)["tasks"]
    got = [(t["area_code"], t["lead"], t["coordinators"], t["timeframe"]["text"], t.get("budget")) for t in data["tasks"]]
    assert got == [(t["area_code"], t["lead"], t["coordinators"], t["timeframe"]["text"], t.get("budget")) for t in want]


@pytest.mark.parametrize("seed", ["000", "002", "004"])
def test_json_of_a_bullet_seed_gives_its_bullet_tasks_and_targets(seed):
    data, _err = run(seed_path(seed), "--json")
    want = expected(seed)
    assert [(t["area_code"], t["title"]) for t in data["tasks"]] == [(t["area_code"], t["title"]) for t in want["tasks"]]
    assert [t["text"] for t in data["targets"]] == [t["text"] for t in want["targets"]]


def test_json_keeps_the_agreed_keys_in_english_and_prints_utf8_text():
    out = io.StringIO()
    call_command("import_plan", str(FILES / "seed_003.docx"), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) >= PLAN_KEYS
    assert all(set(task) >= TASK_KEYS and set(task["timeframe"]) == {"text", "due", "recurrence"} for task in data["tasks"])
    assert data["tasks"][0]["timeframe"] == {"text": "Thường xuyên", "due": None, "recurrence": "ongoing"}
    assert "Cải cách hành chính Sở Xây dựng năm 2024" in out.getvalue()  # not \\u-escaped


@pytest.mark.django_db
def test_json_writes_nothing_to_the_database():
    build_world()
    before = row_counts()
    run(FILES / "seed_003.docx", "--json")
    assert row_counts() == before


@pytest.mark.django_db
def test_save_creates_a_draft_plan_of_the_unit_with_units_matched():
    world = build_world()
    data, err = run(FILES / "seed_003.docx", "--json", "--save", "--unit", "TN-SXD", "--user", "focal")
    plan = Plan.objects.get()
    assert err.strip() == f"Đã tạo kế hoạch dự thảo #{plan.pk} của Sở Xây dựng: 43 nhiệm vụ."
    assert (plan.unit, plan.year, plan.status, plan.areas.count(), plan.tasks.count()) == (world.dept_a, 2024, "draft", 9, 43)
    assert len(data["tasks"]) == 43
    first = plan.tasks.order_by("position").first()
    assert (first.lead_unit, first.lead_text, first.coordinators_text) == (
        world.office_a, "Văn phòng Sở", "Các phòng chuyên môn, đơn vị")
    assert plan.history.latest().history_user == world.users["focal"]


@pytest.mark.django_db
@pytest.mark.parametrize(("args", "message"), [
    (["--save"], "--save cần --unit MÃ_ĐƠN_VỊ."),
    (["--save", "--unit", "KHONG-CO"], "Không có đơn vị mã KHONG-CO."),
    (["--save", "--unit", "TN-SXD", "--user", "ai-do"], "Không có người dùng ai-do."),
])
def test_save_needs_a_known_unit_and_user(args, message):
    build_world()
    with pytest.raises(CommandError) as caught:
        run(FILES / "seed_003.docx", *args)
    assert str(caught.value) == message
    assert Plan.objects.count() == 0


def test_an_unreadable_file_is_a_vietnamese_error(tmp_path):
    with pytest.raises(CommandError) as caught:
        run(FILES / "encrypted.pdf", "--json")
    assert str(caught.value) == "Tệp PDF được đặt mật khẩu; hãy gỡ mật khẩu rồi tải lên lại."
    with pytest.raises(CommandError) as caught:
        run(tmp_path / "khong-co.docx", "--json")
    assert str(caught.value).startswith("Không đọc được tệp ")
