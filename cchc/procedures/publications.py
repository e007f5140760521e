"""Writes of procedure publication facts (công bố, công khai TTHC): the XLSX/CSV import.

Kept apart from ``services.py`` (the dossier ingest lives there) but written the same way: one
service, keyword-only, atomic, all or nothing with every bad row named by its line.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cchc.procedures.models import PUBLICATION_COMPONENTS, Procedure, ProcedurePublication
from cchc.procedures.parsing import Column, parse_bool, parse_date, parse_record
from cchc.procedures.services import RowErrors
from cchc.units.models import Unit

PUBLICATION_COLUMNS = (
    Column("procedure", "Mã thủ tục", True, ("ma_tthc", "procedure_code")),
    Column("decision_number", "Số quyết định công bố", True, ("so_qdcb", "quyet_dinh_cong_bo")),
    Column("decision_date", "Ngày quyết định công bố", True, ("ngay_qdcb", "ngay_cong_bo")),
    Column("legal_basis_effective_on", "Ngày văn bản quy định có hiệu lực", False, ("ngay_hieu_luc",)),
    Column("national_database_published_on", "Ngày công khai trên CSDL quốc gia", False,
           ("ngay_cong_khai", "ngay_cong_khai_csdl")),
    Column("posted_at_one_stop", "Niêm yết tại Bộ phận Một cửa", False, ("niem_yet",)),
    Column("shows_name", "Có tên thủ tục", False),
    Column("shows_steps", "Có trình tự thực hiện", False),
    Column("shows_methods", "Có cách thức thực hiện", False),
    Column("shows_dossier", "Có thành phần, số lượng hồ sơ", False),
    Column("shows_time_limit", "Có thời hạn giải quyết", False),
    Column("shows_applicants", "Có đối tượng thực hiện", False),
    Column("shows_agency", "Có cơ quan thực hiện", False),
)
_LABELS = {c.key: c.label for c in PUBLICATION_COLUMNS}
_PARSERS = {
    "procedure": lambda v: str(v).strip()[:40],
    "decision_number": lambda v: str(v).strip()[:100],
    "decision_date": parse_date,
    "legal_basis_effective_on": parse_date,
    "national_database_published_on": parse_date,
    "posted_at_one_stop": parse_bool,
    **dict.fromkeys(PUBLICATION_COMPONENTS, parse_bool),
}


def _parse(record: Mapping) -> tuple[dict, list[str]]:
    return parse_record(record, PUBLICATION_COLUMNS, _PARSERS)


def _field_errors(error: ValidationError) -> list[str]:
    messages = []
    for field, texts in error.message_dict.items():
        label = _LABELS.get(field)
        for text in texts:
            messages.append(_("column '{column}': {reason}").format(column=label, reason=text) if label else text)
    return messages


@transaction.atomic
def procedure_publications_import(*, records: Iterable[tuple[int, Mapping]], unit: Unit, actor) -> tuple[int, int]:
    """Create or update the publication facts of procedures in ``unit``'s catalogue; all or nothing.

    A row is keyed by (procedure code, decision number). A procedure published by another unit is
    refused like an unknown one (the message does not tell which). Returns (created, updated).
    The caller checks that ``unit`` is one the user may edit.
    """
    errors: list[tuple[int, str]] = []
    rows: list[tuple[int, dict]] = []
    seen: dict[tuple, int] = {}
    for line, record in records:
        values, row_errors = _parse(record)
        key = (values.get("procedure"), values.get("decision_number"))
        if all(key) and key in seen:
            row_errors.append(_("decision {number} of procedure {code} is repeated (first at {line}).").format(
                number=key[1], code=key[0], line=seen[key]))
        elif all(key):
            seen[key] = line
        errors += [(line, message) for message in row_errors]
        rows.append((line, values))
    procedures = {p.code: p for p in Procedure.objects.filter(unit=unit, code__in=[code for code, _n in seen])}
    existing = {
        (p.procedure.code, p.decision_number): p
        for p in ProcedurePublication.objects.filter(procedure__in=procedures.values()).select_related("procedure")
    }
    created = updated = 0
    bad_lines = {line for line, _message in errors}
    for line, values in rows:
        if line in bad_lines:
            continue
        procedure = procedures.get(values["procedure"])
        if procedure is None:
            errors.append((line, _("procedure code '{code}' is not in the catalogue of unit code '{unit}'.").format(
                code=values["procedure"], unit=unit.code)))
            continue
        publication = existing.get((procedure.code, values["decision_number"]))
        fields = {key: value for key, value in values.items() if key != "procedure"}
        if publication is None:
            publication = ProcedurePublication(procedure=procedure)
            created += 1
        elif all(getattr(publication, k) == v for k, v in fields.items()):
            continue
        else:
            updated += 1
        for key, value in fields.items():
            setattr(publication, key, value)
        try:
            publication.full_clean(validate_unique=False)
        except ValidationError as error:
            errors += [(line, message) for message in _field_errors(error)]
            continue
        publication._history_user = actor
        publication.save()
    if errors:
        raise RowErrors(sorted(errors), label=_("Line"))
    return created, updated
