import django.db.models.deletion
from django.db import migrations, models

class Migration(migrations.Migration):

    dependencies = [
        ('procedures', '0011_procedure_publication'),
    ]

    operations = [
        migrations.CreateModel(
            name='DossierEvaluation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('total_time', models.PositiveSmallIntegerField(blank=True, choices=[(0, '0'), (1, '1'), (2, '2')], null=True, verbose_name='index 1: total resolution time')),
                ('agency_time', models.PositiveSmallIntegerField(blank=True, choices=[(0, '0'), (1, '1'), (2, '2')], null=True, verbose_name="index 2: each agency's time")),
                ('contacts', models.PositiveSmallIntegerField(blank=True, choices=[(0, '0'), (1, '1'), (2, '2')], null=True, verbose_name='index 3: contacts to complete the dossier')),
                ('agencies_contacted', models.PositiveSmallIntegerField(blank=True, choices=[(0, '0'), (1, '1'), (2, '2')], null=True, verbose_name='index 4: agencies contacted')),
                ('attitude', models.PositiveSmallIntegerField(blank=True, choices=[(0, '0'), (1, '1'), (2, '2')], null=True, verbose_name="index 7: officials' attitude")),
                ('evaluated_on', models.DateField(verbose_name='evaluated on')),
                ('dossier', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='evaluation', to='procedures.dossier', verbose_name='dossier')),
            ],
            options={
                'verbose_name': 'dossier evaluation',
                'verbose_name_plural': 'dossier evaluations',
                'ordering': ['-evaluated_on'],
            },
        ),
    ]
