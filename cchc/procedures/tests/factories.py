"""Catalogue and dossier rows for tests, written through the services like real data."""

from __future__ import annotations

import itertools

from cchc.procedures.services import dossiers_ingest, procedures_import

_sequence = itertools.count(1)

PROCEDURE = {
    "code": "1.000001",
    "name": "Cấp giấy phép xây dựng nhà ở riêng lẻ",
    "sector": "Xây dựng",
    "level": "province",
    "processing_time": "5",
    "processing_unit": "working_day",
    "online_level": "partial",
    "fee": "75000",
    "paper_result": "1",
}


def make_procedure(unit, **overrides):
    """A catalogue entry published by ``unit`` (defaults: 5 working days, fee, paper result)."""
    from cchc.procedures.models import Procedure

    values = {**PROCEDURE, **overrides}
    procedures_import(records=[(2, values)], unit=unit, actor=None)
    return Procedure.objects.get(code=values["code"])


def dossier_record(unit, procedure, **facts) -> dict:
    record = {
        "code": facts.pop("code", f"TEST-{next(_sequence):06d}"),
        "procedure": procedure.code,
        "unit": unit.code,
        "channel": "direct",
    }
    record.update(facts)
    return record


def ingest(records, *, sender, actor=None):
    return dossiers_ingest(records=list(enumerate(records, start=2)), actor=actor, unit=sender)


def make_dossiers(unit, procedure, *facts_list, sender=None):
    """Ingest dossiers received by ``unit``; each item of ``facts_list`` is a dict of record values."""
    return ingest([dossier_record(unit, procedure, **dict(facts)) for facts in facts_list], sender=sender or unit)
