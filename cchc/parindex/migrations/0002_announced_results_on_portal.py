"""The announced results of campaigns published before the portal section existed are on the portal: the
announcement decision was the publication (one publication per unit with a public page)."""

from django.db import migrations
from django.utils import timezone

#: every unit kind but the divisions inside a unit (cchc.portal.search.PUBLIC_UNIT_KINDS)
DIVISION = "division"


def forwards(apps, schema_editor):
    Assessment = apps.get_model("parindex", "Assessment")
    Result = apps.get_model("parindex", "Result")
    Publication = apps.get_model("portal", "Publication")
    now = timezone.now()
    announced = set(Result.objects.values_list("campaign_id", "unit_id"))
    rows = []
    for assessment in Assessment.objects.filter(campaign__status="published").select_related("unit", "campaign__criteria_set"):
        if (assessment.campaign_id, assessment.unit_id) not in announced or assessment.unit.kind == DIVISION:
            continue
        year = assessment.campaign.criteria_set.year
        if not Publication.objects.filter(kind="parindex", unit_id=assessment.unit_id, year=year, object_id=assessment.pk).exists():
            rows.append(Publication(kind="parindex", unit_id=assessment.unit_id, year=year, object_id=assessment.pk, part="",
                                    published_at=now, published_by=None))
    Publication.objects.bulk_create(rows)


def backwards(apps, schema_editor):
    apps.get_model("portal", "Publication").objects.filter(kind="parindex").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("parindex", "0001_par_index"),
        ("portal", "0001_publications_search_version"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
