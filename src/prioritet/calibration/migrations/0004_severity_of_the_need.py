"""Severity belongs to the need (issue 11): a calibration participant scores each example's need once.

Each participant who rated before gets, per example, the median of the severity they gave that
example's alternatives, rounded half up to a whole score as the combined judgment rounds (2.5 → 3); an
example where they gave none gets no need rating (a draft to complete, or a missing score). The old
per-alternative scores stay on ``Rating.severity`` (and in its history) and are no longer read.
"""

import statistics
from decimal import ROUND_HALF_UP, Decimal

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def half_up(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def need_severity(scores: list[int]) -> int | None:
    """The median of a participant's severity over an example's alternatives, half up; None without any."""
    return half_up(statistics.median(scores)) if scores else None


def severity_to_need(apps, schema_editor):
    Rating = apps.get_model("calibration", "Rating")
    NeedRating = apps.get_model("calibration", "NeedRating")
    given: dict[tuple[int, int], list[int]] = {}
    rows = Rating.objects.filter(severity__isnull=False).values_list(
        "participant_id", "alternative__example_id", "severity"
    )
    for participant_id, example_id, severity in rows.order_by("id"):
        given.setdefault((participant_id, example_id), []).append(severity)
    for (participant_id, example_id), scores in given.items():
        NeedRating.objects.get_or_create(
            participant_id=participant_id, example_id=example_id, defaults={"severity": need_severity(scores)}
        )


class Migration(migrations.Migration):

    dependencies = [
        ('calibration', '0003_version_verbose_name'),
        ('examples', '0005_text_limits'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalNeedRating',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('severity', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='severity of the need')),
                ('updated_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('example', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='examples.example')),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('participant', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='calibration.participant')),
            ],
            options={
                'verbose_name': 'historical need rating',
                'verbose_name_plural': 'historical need ratings',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='NeedRating',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('severity', models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='severity of the need')),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('example', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='examples.example')),
                ('participant', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='need_ratings', to='calibration.participant')),
            ],
            options={
                'ordering': ('participant', 'example'),
                'constraints': [models.UniqueConstraint(models.F('participant'), models.F('example'), name='calibration_need_rating_once')],
            },
        ),
        migrations.RunPython(severity_to_need, migrations.RunPython.noop, elidable=True),
    ]
