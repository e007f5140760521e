"""Recompute the outcome, ``overdue_from`` and ``resolution_days`` of every stored dossier under the
supplement rules of 0006–0007 (the pause counted in the procedure's own unit instead of calendar days;
"more than one supplement request is late" for pending supplements only), and mark the (unit, day)
pairs whose counts change so that the indicator refresh (every five minutes, or after any dossier
write) recomputes their aggregates. Works in batches on SQLite and PostgreSQL; nothing to do on an
empty database. Reversing leaves the columns as they are: the former rule no longer exists in code.
"""

from django.db import migrations

from cchc.calendar.api import versions_from_rows
from cchc.procedures.counting import RULE_FIELDS, rules_from_rows
from cchc.procedures.services import derive_row, procedure_time

BATCH = 5000
DERIVED = ("outcome", "overdue_from", "resolution_days")
FACTS = (
    "pk", "unit_id", "procedure_id", "received_at", "received_on", "due_date", "status", "finished_at", "finished_on",
    "supplement_requests", "supplement_requested_at", "supplement_completed_at", "extended_due_date", "channel",
    "electronic_result", "components_digitised", "fee_amount",
)


def rederive(apps, schema_editor):
    Dossier = apps.get_model("procedures", "Dossier")
    if not Dossier.objects.exists():
        return
    DossierChangeMark = apps.get_model("procedures", "DossierChangeMark")
    versions = versions_from_rows(
        apps.get_model("procedures", "CalendarAdjustment").objects.values_list("day", "kind", "effective_from")
    )
    counting = rules_from_rows(tuple(apps.get_model("procedures", "CountingRules").objects.values_list(*RULE_FIELDS)))
    procedures = {
        pk: (procedure_time(time, unit), unit, fee, paper)
        for pk, time, unit, fee, paper in apps.get_model("procedures", "Procedure").objects.values_list(
            "pk", "processing_time", "processing_unit", "fee", "paper_result"
        )
    }
    last = 0
    while True:
        rows = list(Dossier.objects.filter(pk__gt=last).order_by("pk").values(*FACTS, *DERIVED)[:BATCH])
        if not rows:
            break
        last = rows[-1]["pk"]
        changed, marks = [], set()
        for row in rows:
            time, unit, fee, paper = procedures[row["procedure_id"]]
            received_on = row["received_on"]
            derived = derive_row(row, time=time, unit=unit, fee=fee, paper=paper, rules=counting.rules_on(received_on),
                                 index=versions.version_on(received_on).index)
            new = (derived.outcome, derived.overdue_from, derived.resolution_days)
            if new == tuple(row[name] for name in DERIVED):
                continue
            changed.append(Dossier(pk=row["pk"], **dict(zip(DERIVED, new, strict=True))))
            # The finished stream carries the outcome and resolution time; the overdue stream is keyed by overdue_from.
            for day in (row["finished_on"], row["overdue_from"], derived.overdue_from):
                if day is not None:
                    marks.add((row["unit_id"], day))
        Dossier.objects.bulk_update(changed, DERIVED, batch_size=1000)
        DossierChangeMark.objects.bulk_create(
            [DossierChangeMark(unit_id=unit_id, day=day) for unit_id, day in sorted(marks)], batch_size=1000
        )


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0007_counting_rules_too_many_supplements_scope"),
    ]

    operations = [migrations.RunPython(rederive, migrations.RunPython.noop)]
