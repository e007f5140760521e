from django.db import migrations


def load(apps, schema_editor):
    from cchc.surveys.builtins import load as load_builtins

    load_builtins(apps, schema_editor)


def unload(apps, schema_editor):
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Questionnaire.objects.filter(is_builtin=True, unit__isnull=True, campaigns__isnull=True, derived__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_surveys_questionnaires_campaigns_responses")]
    operations = [migrations.RunPython(load, unload)]
