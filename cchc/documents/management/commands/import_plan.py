"""``import_plan PATH --json``: read a plan document and print what was extracted, writing nothing.
``--save --unit CODE``: also create a draft plan of that unit (units matched where sure).

The JSON is UTF-8 with English keys; other tools depend on them: ``issuer, number, title, year,
issued_on, legal_bases, areas, tasks, targets, signer`` (plus ``place``, ``sections`` and
``uncertain``), each task with ``area_code, title, products, lead, coordinators,
timeframe{text,due,recurrence}, budget, lines`` (plus ``number`` and ``uncertain``), each target with
``text, metric, comparator, value, unit, metric_code`` (the code of the metric that measures it:
``cchc.indicators.binding``; never empty, "manual" when the unit reports it by hand).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError
from django.utils import timezone, translation

from cchc.documents import review, selectors, services
from cchc.documents.errors import DocumentError
from cchc.documents.extraction import extract_plan
from cchc.documents.readers import read_document
from cchc.units.models import Unit


class Command(BaseCommand):
    help = "Đọc một kế hoạch (DOCX, PDF, TXT) và in kết quả trích xuất dạng JSON; --save --unit MÃ để tạo kế hoạch dự thảo."

    def add_arguments(self, parser):
        parser.add_argument("path", help="tệp kế hoạch (.docx, .pdf, .txt)")
        parser.add_argument("--json", dest="as_json", action="store_true", help="in kết quả trích xuất dạng JSON ra stdout")
        parser.add_argument("--save", action="store_true", help="tạo kế hoạch dự thảo (cần --unit)")
        parser.add_argument("--unit", help="mã đơn vị ban hành kế hoạch, ví dụ 92-SXD")
        parser.add_argument("--user", help="tên đăng nhập ghi vào lịch sử thay đổi")

    def handle(self, *args, path, as_json: bool, save: bool, unit: str | None, user: str | None, **options):
        translation.activate("vi")
        if save and not unit:
            raise CommandError("--save cần --unit MÃ_ĐƠN_VỊ.")
        unit_row = _unit(unit) if save else None
        actor = _user(user) if user else None
        draft = _read(Path(path)).to_json()
        if as_json or not save:
            self.stdout.write(_dumps(draft))
        if save:
            plan = _save(draft, unit_row, actor)
            self.stderr.write(f"Đã tạo kế hoạch dự thảo #{plan.pk} của {unit_row.name}: {plan.tasks.count()} nhiệm vụ.")


def _dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


def _read(path: Path):
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CommandError(f"Không đọc được tệp {path}: {error.strerror or error}.") from None
    try:
        return extract_plan(read_document(data, path.name, max_bytes=services.IMPORT_POLICY.max_bytes))
    except DocumentError as error:
        raise CommandError(str(error)) from None


def _unit(code: str) -> Unit:
    today = timezone.localdate()
    unit = Unit.objects.filter(code=code).valid_on(today).first() or Unit.objects.filter(code=code).order_by("-valid_from").first()
    if unit is None:
        raise CommandError(f"Không có đơn vị mã {code}.")
    return unit


def _user(username: str):
    found = get_user_model().objects.filter(username=username).first()
    if found is None:
        raise CommandError(f"Không có người dùng {username}.")
    return found


def _save(draft: dict, unit: Unit, actor):
    if not draft.get("tasks"):
        raise CommandError("Không tìm thấy nhiệm vụ nào trong tệp; không tạo kế hoạch.")
    matches = selectors.unit_matches(review.unit_names(draft), unit, draft.get("year"))
    try:
        return services.plan_from_review(unit=unit, reviewed=selectors.reviewed_from_draft(draft, matches, unit), actor=actor)
    except ValidationError as error:
        messages = [m for values in error.message_dict.values() for m in values] if hasattr(error, "error_dict") else error.messages
        raise CommandError("Không tạo được kế hoạch: " + " ".join(messages)) from None
