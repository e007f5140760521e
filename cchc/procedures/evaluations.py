"""Writes of per-dossier evaluations under TT 01/2018/TT-VPCP Điều 13 (phiếu đánh giá)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from cchc.procedures.models import Dossier, DossierEvaluation

#: The per-dossier indices an evaluation may score (TT 01/2018 Điều 14: forms, devices, online evaluation).
EVALUATED = ("total_time", "agency_time", "contacts", "agencies_contacted", "attitude")


@transaction.atomic
def dossier_evaluation_record(*, dossier: Dossier, evaluated_on: dt.date, actor, **points: int | None) -> DossierEvaluation:
    """Record (or replace) the evaluation of one dossier; each index 0, 1, 2 or empty (not evaluated).

    The caller checks that ``actor`` may edit the dossier's unit.
    """
    unknown = set(points) - set(EVALUATED)
    if unknown:
        raise TypeError(f"unknown indices: {sorted(unknown)}")
    evaluation = DossierEvaluation.objects.filter(dossier=dossier).first() or DossierEvaluation(dossier=dossier)
    evaluation.evaluated_on = evaluated_on
    for name in EVALUATED:
        setattr(evaluation, name, points.get(name))
    evaluation.full_clean()
    evaluation.save()
    return evaluation
