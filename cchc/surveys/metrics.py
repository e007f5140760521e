"""The survey metrics other parts of the platform read by code (``cchc.indicators.sources``).

* ``survey_satisfaction_share``: answers 4–5 over valid answers of the satisfaction-survey campaigns
  (SIPAS-like, Likert questionnaires), by the day of the answer. The PAR INDEX suggestion rules read it.
* ``onestop_satisfaction_share``: the same share over the citizens' per-dossier ratings at the one-stop
  (NĐ 61/2018 Điều 31); it fills QĐ 766 indicator 5.4 on the scorecard. QĐ 766 defines 5.4 as 100 % −
  (late dossiers + dossiers with a petition or a "dislike"); the platform measures it from the ratings
  it holds, which is what a one-stop's rating devices count (sipas.md §4).

A unit's figure is the ratio of the sums over its data (``cchc.units.selectors.data_scopes``: itself,
the units below it and those merged into them), never an average of percentages; ``None`` when it has
no answer in the window. A unit reached only through a split is left out: an answer carries no line
that would divide it between the new units.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Sum

from cchc.indicators.formulas import Ratio
from cchc.indicators.sources import Source
from cchc.surveys.choices import QuestionnaireKind, Scale
from cchc.surveys.models import Response
from cchc.units.selectors import data_scopes


def _shares(kind: str):
    def compute(units, date_from: dt.date, date_to: dt.date) -> dict[int, Ratio | None]:
        units = list(units)
        scopes = data_scopes(units=units, date_from=date_from, date_to=date_to)
        members = {unit.pk: [pk for pk in scope.ids if scope.whole(pk)] for unit, scope in ((u, scopes[u.pk]) for u in units)}
        wanted = set().union(*members.values()) if members else set()
        sums: dict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
        rows = (
            Response.objects.filter(unit_id__in=wanted, submitted_on__gte=date_from, submitted_on__lte=date_to,
                                    campaign__questionnaire__kind=kind, campaign__questionnaire__scale=Scale.LIKERT5)
            .values("unit").annotate(satisfied=Sum("satisfied"), valid=Sum("valid")).order_by()
        )
        for row in rows:
            sums[row["unit"]] = (row["satisfied"] or 0, row["valid"] or 0)
        result: dict[int, Ratio | None] = {}
        for unit in units:
            satisfied = sum(sums[pk][0] for pk in members[unit.pk] if pk in sums)
            valid = sum(sums[pk][1] for pk in members[unit.pk] if pk in sums)
            result[unit.pk] = Ratio(satisfied, valid) if valid else None
        return result

    return compute


SOURCES = [
    Source(
        code="survey_satisfaction_share",
        name="Tỷ lệ hài lòng qua khảo sát (câu trả lời mức 4–5 trên số câu trả lời hợp lệ)",
        compute=_shares(QuestionnaireKind.SURVEY),
        legal_basis="Phương pháp đo lường sự hài lòng (SIPAS), QĐ 1001/QĐ-BNV; sipas.md §2.3",
    ),
    Source(
        code="onestop_satisfaction_share",
        name="Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC (đánh giá theo hồ sơ)",
        compute=_shares(QuestionnaireKind.ONESTOP),
        legal_basis="NĐ 61/2018/NĐ-CP Điều 31; QĐ 766/QĐ-TTg chỉ số 5.4",
        score766="5.4",
    ),
]
