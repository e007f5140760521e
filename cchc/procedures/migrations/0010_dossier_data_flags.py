from django.db import migrations, models

class Migration(migrations.Migration):

    dependencies = [
        ('procedures', '0009_dossier_split_line'),
    ]

    operations = [
        migrations.AddField(
            model_name='dossier',
            name='population_data',
            field=models.BooleanField(default=False, help_text='VNeID-authenticated account or data taken from the population database ([F766] 4.5).', verbose_name='uses the population database'),
        ),
        migrations.AddField(
            model_name='dossier',
            name='reused_digitised_data',
            field=models.BooleanField(default=False, help_text='At least one component re-uses digitised data ([F766] 4.3).', verbose_name='re-uses digitised data'),
        ),
        migrations.AddField(
            model_name='dossier',
            name='shared_data',
            field=models.BooleanField(default=False, help_text="At least one component taken from the citizen's data store on the national portal ([F766] 4.4).", verbose_name='uses shared data'),
        ),
    ]
