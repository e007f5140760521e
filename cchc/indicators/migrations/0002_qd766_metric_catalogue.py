"""Preload the metric catalogue: QĐ 766 indicators that dossier facts support and the one-stop report columns."""

from django.db import migrations

from cchc.indicators.catalogue import METRICS, SOURCE


def load(apps, schema_editor):
    Metric = apps.get_model("indicators", "Metric")
    for position, spec in enumerate(METRICS, start=1):
        Metric.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "kind": spec.kind,
                "definition": spec.definition,
                "numerator": spec.numerator,
                "denominator": spec.denominator,
                "unit_label": spec.unit_label,
                "source": SOURCE,
                "legal_basis": spec.legal_basis[:500],
                "higher_is_better": spec.higher_is_better,
                "position": position,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("indicators", "Metric").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_metrics_and_aggregates")]
    operations = [migrations.RunPython(load, unload)]
