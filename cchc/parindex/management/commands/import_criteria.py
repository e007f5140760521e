"""``import_criteria PATH --json``: read a criteria set from an XLSX file and print it as JSON, writing nothing.
``--save --unit CODE --level LEVEL --year YYYY``: also store it as that unit's set for the level and year.

The JSON has English keys other tools depend on: ``title, total_points, nodes, bonus, penalty``, each node
with ``code, title, max_points, parent, method, evidence_required, guidance, options[{label, points}]``
(``parent`` is the parent's code; numbers are ints when whole, else floats). See
``cchc.parindex.criteria_import`` for the layouts read. A file with problems prints one Vietnamese message
per problem on stderr, naming its row, stores nothing and exits with a non-zero status.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError
from django.utils import timezone, translation

from cchc.parindex.criteria_import import CriteriaImportError, parse, to_json
from cchc.units.models import Unit


class Command(BaseCommand):
    help = ("Đọc bộ tiêu chí Chỉ số CCHC từ tệp Excel và in dạng JSON; "
            "--save --unit MÃ --level CẤP --year NĂM để lưu bộ tiêu chí.")

    def add_arguments(self, parser):
        parser.add_argument("path", help="tệp bộ tiêu chí (.xlsx)")
        parser.add_argument("--json", dest="as_json", action="store_true", help="in bộ tiêu chí dạng JSON ra stdout")
        parser.add_argument("--save", action="store_true", help="lưu bộ tiêu chí (cần --unit, --level, --year)")
        parser.add_argument("--unit", help="mã đơn vị ban hành bộ tiêu chí, ví dụ 94-SNV")
        parser.add_argument("--level", help="cấp được đánh giá bằng bộ tiêu chí, ví dụ department, commune")
        parser.add_argument("--year", type=int, help="năm đánh giá, ví dụ 2025")

    def handle(self, *args, path, as_json, save, unit, level, year, **options):
        translation.activate("vi")
        if save and not (unit and level and year):
            raise CommandError("--save cần --unit MÃ_ĐƠN_VỊ, --level CẤP và --year NĂM.")
        name = Path(path).name
        try:
            tree = parse(path)
        except CriteriaImportError as error:
            self._fail(name, error.errors)
        unit_row = _unit(unit) if save else None
        if as_json or not save:
            self.stdout.write(json.dumps(to_json(tree), ensure_ascii=False, indent=2))
        if save:
            from cchc.parindex import services

            try:
                stored = services.criteria_set_from_tree(tree, unit=unit_row, level=level, year=year, actor=None)
            except ValidationError as error:
                self._fail(name, _messages(error))
            self.stderr.write(
                f"Đã lưu bộ tiêu chí #{stored.pk} ({len(tree['nodes'])} tiêu chí) cho {unit_row.name}."
            )

    def _fail(self, name: str, errors: list[str]):
        for message in errors:
            self.stderr.write(message)
        raise CommandError(f"Không nhập được bộ tiêu chí từ {name}: {len(errors)} lỗi.")


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [message for messages in error.message_dict.values() for message in messages]
    return list(error.messages)


def _unit(code: str) -> Unit:
    today = timezone.localdate()
    unit = Unit.objects.filter(code=code).valid_on(today).first() or Unit.objects.filter(code=code).order_by("-valid_from").first()
    if unit is None:
        raise CommandError(f"Không có đơn vị mã {code}.")
    return unit
