import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

class Migration(migrations.Migration):

    dependencies = [
        ('procedures', '0010_dossier_data_flags'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalProcedurePublication',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('decision_number', models.CharField(max_length=100, verbose_name='publication decision number')),
                ('decision_date', models.DateField(verbose_name='publication decision date')),
                ('legal_basis_effective_on', models.DateField(blank=True, help_text='The date the legal document the procedure comes from takes effect.', null=True, verbose_name='legal basis in force from')),
                ('national_database_published_on', models.DateField(blank=True, help_text='The day the procedure was made public on the national TTHC database.', null=True, verbose_name='published on the national database on')),
                ('posted_at_one_stop', models.BooleanField(default=False, verbose_name='posted at the one-stop')),
                ('shows_name', models.BooleanField(default=False, verbose_name='shows the name')),
                ('shows_steps', models.BooleanField(default=False, verbose_name='shows the steps')),
                ('shows_methods', models.BooleanField(default=False, verbose_name='shows how to apply')),
                ('shows_dossier', models.BooleanField(default=False, verbose_name='shows the dossier components and number')),
                ('shows_time_limit', models.BooleanField(default=False, verbose_name='shows the time limit')),
                ('shows_applicants', models.BooleanField(default=False, verbose_name='shows who may apply')),
                ('shows_agency', models.BooleanField(default=False, verbose_name='shows the competent agency')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('procedure', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='procedures.procedure', verbose_name='procedure')),
            ],
            options={
                'verbose_name': 'historical procedure publication',
                'verbose_name_plural': 'historical procedure publications',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='ProcedurePublication',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('decision_number', models.CharField(max_length=100, verbose_name='publication decision number')),
                ('decision_date', models.DateField(verbose_name='publication decision date')),
                ('legal_basis_effective_on', models.DateField(blank=True, help_text='The date the legal document the procedure comes from takes effect.', null=True, verbose_name='legal basis in force from')),
                ('national_database_published_on', models.DateField(blank=True, help_text='The day the procedure was made public on the national TTHC database.', null=True, verbose_name='published on the national database on')),
                ('posted_at_one_stop', models.BooleanField(default=False, verbose_name='posted at the one-stop')),
                ('shows_name', models.BooleanField(default=False, verbose_name='shows the name')),
                ('shows_steps', models.BooleanField(default=False, verbose_name='shows the steps')),
                ('shows_methods', models.BooleanField(default=False, verbose_name='shows how to apply')),
                ('shows_dossier', models.BooleanField(default=False, verbose_name='shows the dossier components and number')),
                ('shows_time_limit', models.BooleanField(default=False, verbose_name='shows the time limit')),
                ('shows_applicants', models.BooleanField(default=False, verbose_name='shows who may apply')),
                ('shows_agency', models.BooleanField(default=False, verbose_name='shows the competent agency')),
                ('procedure', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='publications', to='procedures.procedure', verbose_name='procedure')),
            ],
            options={
                'verbose_name': 'procedure publication',
                'verbose_name_plural': 'procedure publications',
                'ordering': ['procedure', 'decision_date', 'decision_number'],
                'constraints': [models.UniqueConstraint(fields=('procedure', 'decision_number'), name='procedure_publication_decision')],
            },
        ),
    ]
