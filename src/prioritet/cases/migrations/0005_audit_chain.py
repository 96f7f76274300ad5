"""Hash-chain the access log and the history of cases, alternatives, assessments and decisions.

Rows written before this migration are chained oldest first; on PostgreSQL a trigger then refuses
UPDATE and DELETE of them (see ``prioritet.core.audit``).
"""

import django.utils.timezone
from django.db import migrations, models

from prioritet.core.audit import chain_existing, install_guard, remove_guard

#: Each audit table, where its municipality is, and its order of writing.
CHAINS = (
    ("historicalcase", "municipality_id", ["history_date", "history_id"]),
    ("historicalalternative", "case.municipality_id", ["history_date", "history_id"]),
    ("historicalassessment", "alternative.case.municipality_id", ["history_date", "history_id"]),
    ("historicaldecision", "case.municipality_id", ["history_date", "history_id"]),
    ("caseaccess", "municipality_id", ["at", "id"]),
)
TABLES = [f"cases_{name}" for name, _path, _order in CHAINS]


def chain_rows(apps, schema_editor):
    head = apps.get_model("core", "AuditChainHead")
    for name, path, order in CHAINS:
        chain_existing(head, apps.get_model("cases", name), path, order)


def guard(apps, schema_editor):
    install_guard(schema_editor, TABLES)


def unguard(apps, schema_editor):
    remove_guard(schema_editor, TABLES)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0003_verbose_names'),
        ('core', '0003_audit_chain'),
    ]

    operations = [
        migrations.AddField(
            model_name='caseaccess',
            name='chain_municipality',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='chain (municipality id)'),
        ),
        migrations.AddField(
            model_name='caseaccess',
            name='content_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='content hash'),
        ),
        migrations.AddField(
            model_name='caseaccess',
            name='previous_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='previous hash'),
        ),
        migrations.AddField(
            model_name='caseaccess',
            name='sequence',
            field=models.PositiveBigIntegerField(default=0, editable=False, verbose_name='sequence in chain'),
        ),
        migrations.AddField(
            model_name='historicalalternative',
            name='chain_municipality',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='chain (municipality id)'),
        ),
        migrations.AddField(
            model_name='historicalalternative',
            name='content_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='content hash'),
        ),
        migrations.AddField(
            model_name='historicalalternative',
            name='previous_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='previous hash'),
        ),
        migrations.AddField(
            model_name='historicalalternative',
            name='sequence',
            field=models.PositiveBigIntegerField(default=0, editable=False, verbose_name='sequence in chain'),
        ),
        migrations.AddField(
            model_name='historicalassessment',
            name='chain_municipality',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='chain (municipality id)'),
        ),
        migrations.AddField(
            model_name='historicalassessment',
            name='content_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='content hash'),
        ),
        migrations.AddField(
            model_name='historicalassessment',
            name='previous_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='previous hash'),
        ),
        migrations.AddField(
            model_name='historicalassessment',
            name='sequence',
            field=models.PositiveBigIntegerField(default=0, editable=False, verbose_name='sequence in chain'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='chain_municipality',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='chain (municipality id)'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='content_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='content hash'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='previous_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='previous hash'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='sequence',
            field=models.PositiveBigIntegerField(default=0, editable=False, verbose_name='sequence in chain'),
        ),
        migrations.AddField(
            model_name='historicaldecision',
            name='chain_municipality',
            field=models.PositiveIntegerField(default=0, editable=False, verbose_name='chain (municipality id)'),
        ),
        migrations.AddField(
            model_name='historicaldecision',
            name='content_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='content hash'),
        ),
        migrations.AddField(
            model_name='historicaldecision',
            name='previous_hash',
            field=models.CharField(blank=True, editable=False, max_length=64, verbose_name='previous hash'),
        ),
        migrations.AddField(
            model_name='historicaldecision',
            name='sequence',
            field=models.PositiveBigIntegerField(default=0, editable=False, verbose_name='sequence in chain'),
        ),
        migrations.AlterField(
            model_name='caseaccess',
            name='at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='read at'),
        ),
        migrations.RunPython(chain_rows, migrations.RunPython.noop),
        migrations.RunPython(guard, unguard),
    ]
