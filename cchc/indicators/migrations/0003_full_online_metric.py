"""Add the catalogue metric "share of procedures offered full online" (QĐ 766 indicator 3.1, toàn trình)."""

from django.db import migrations

from cchc.indicators.catalogue import CATALOGUE_METRICS, QD766, SOURCE


def load(apps, schema_editor):
    Metric = apps.get_model("indicators", "Metric")
    position = Metric.objects.count() + 1
    for code, (name, definition) in CATALOGUE_METRICS.items():
        Metric.objects.update_or_create(
            code=code,
            defaults={
                "name": name, "kind": "ratio", "definition": definition,
                "numerator": "Số TTHC cung cấp dịch vụ công trực tuyến toàn trình", "denominator": "Số TTHC áp dụng cho đơn vị",
                "unit_label": "%", "source": f"{SOURCE}; danh mục TTHC", "legal_basis": QD766, "higher_is_better": True,
                "position": position,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("indicators", "Metric").objects.filter(code__in=list(CATALOGUE_METRICS)).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_qd766_metric_catalogue")]
    operations = [migrations.RunPython(load, unload)]
