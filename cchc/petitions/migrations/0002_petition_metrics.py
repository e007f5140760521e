"""The three petition indicators (QĐ 766 5.1–5.3) in the metric catalogue, so the catalogue page lists them
and plan targets can be bound to their codes. The values come from ``cchc.petitions.metrics``."""

from django.db import migrations

from cchc.petitions.catalogue import BASIS, METRICS


def load(apps, schema_editor):
    Metric = apps.get_model("indicators", "Metric")
    position = 900
    for metric in METRICS:
        position += 1
        Metric.objects.update_or_create(
            code=metric.code,
            defaults={
                "name": f"{metric.name} (QĐ 766 chỉ số {metric.score766})", "kind": "ratio", "definition": metric.definition,
                "numerator": metric.numerator, "denominator": metric.denominator, "unit_label": "%", "source": "Phản ánh, kiến nghị tiếp nhận trên hệ thống",
                "legal_basis": BASIS, "higher_is_better": True, "position": position,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("indicators", "Metric").objects.filter(code__in=[m.code for m in METRICS]).delete()


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_petitions"), ("indicators", "0007_load_qd766_scoring_rules")]
    operations = [migrations.RunPython(load, unload)]
