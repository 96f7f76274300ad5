"""The audit chain's heads and the chained purge and correction records (``prioritet.core.audit``)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from prioritet.core.audit import install_guard, remove_guard

TABLES = ["core_purgerecord", "core_correction"]


def guard(apps, schema_editor):
    install_guard(schema_editor, TABLES)


def unguard(apps, schema_editor):
    remove_guard(schema_editor, TABLES)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('accounts', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditChainHead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('chain', models.CharField(max_length=100, verbose_name='chain')),
                ('chain_municipality', models.PositiveIntegerField(verbose_name='municipality id')),
                ('sequence', models.PositiveBigIntegerField(default=0, verbose_name='sequence')),
                ('last_hash', models.CharField(blank=True, max_length=64, verbose_name='last hash')),
            ],
            options={
                'verbose_name': 'audit chain head',
                'verbose_name_plural': 'audit chain heads',
                'constraints': [models.UniqueConstraint(fields=('chain', 'chain_municipality'), name='audit_head_one_per_chain')],
            },
        ),
        migrations.CreateModel(
            name='Correction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('chain_municipality', models.PositiveIntegerField(default=0, editable=False, verbose_name='chain (municipality id)')),
                ('sequence', models.PositiveBigIntegerField(default=0, editable=False, verbose_name='sequence in chain')),
                ('previous_hash', models.CharField(blank=True, editable=False, max_length=64, verbose_name='previous hash')),
                ('content_hash', models.CharField(blank=True, editable=False, max_length=64, verbose_name='content hash')),
                ('case_id', models.PositiveBigIntegerField(verbose_name='case')),
                ('field_name', models.CharField(max_length=300, verbose_name='fields')),
                ('reason', models.TextField(max_length=2000, verbose_name='reason')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='corrected at')),
                ('rows', models.PositiveIntegerField(default=0, verbose_name='rows rewritten')),
                ('rehashed', models.JSONField(blank=True, default=list, verbose_name='rewritten audit rows')),
                ('corrected_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='corrected by')),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.municipality', verbose_name='municipality')),
            ],
            options={
                'verbose_name': 'correction',
                'verbose_name_plural': 'corrections',
                'ordering': ('-at', '-id'),
            },
        ),
        migrations.CreateModel(
            name='PurgeRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('chain_municipality', models.PositiveIntegerField(default=0, editable=False, verbose_name='chain (municipality id)')),
                ('sequence', models.PositiveBigIntegerField(default=0, editable=False, verbose_name='sequence in chain')),
                ('previous_hash', models.CharField(blank=True, editable=False, max_length=64, verbose_name='previous hash')),
                ('content_hash', models.CharField(blank=True, editable=False, max_length=64, verbose_name='content hash')),
                ('kind', models.CharField(max_length=60, verbose_name='kind of record')),
                ('rule', models.CharField(max_length=200, verbose_name='retention rule')),
                ('action', models.CharField(max_length=20, verbose_name='action')),
                ('count', models.PositiveIntegerField(verbose_name='number of records')),
                ('actor', models.CharField(max_length=150, verbose_name='performed by (as recorded)')),
                ('at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='purged at')),
                ('gaps', models.JSONField(blank=True, default=list, verbose_name='deleted runs of audit rows')),
                ('municipality', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.municipality', verbose_name='municipality')),
                ('performed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='performed by')),
            ],
            options={
                'verbose_name': 'purge record',
                'verbose_name_plural': 'purge records',
                'ordering': ('-at', '-id'),
            },
        ),
        migrations.RunPython(guard, unguard),
    ]
