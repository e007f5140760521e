"""Answers published before the portal section existed are on the public pages: publishing them was the
decision (one publication per petition)."""

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    Petition = apps.get_model("petitions", "Petition")
    Publication = apps.get_model("portal", "Publication")
    done = set(Publication.objects.filter(kind="petition_answer").values_list("object_id", flat=True))
    now = timezone.now()
    Publication.objects.bulk_create(
        Publication(kind="petition_answer", unit_id=petition.unit_id, year=petition.published_on.year, object_id=petition.pk,
                    part="", published_at=now, published_by=None)
        for petition in Petition.objects.filter(status="published", published_on__isnull=False).exclude(public_answer="")
        if petition.pk not in done
    )


def backwards(apps, schema_editor):
    apps.get_model("portal", "Publication").objects.filter(kind="petition_answer").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0002_petition_metrics"),
        ("portal", "0001_publications_search_version"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
