"""Severity belongs to the need (issue 11): a consultation answer gives it once, not per alternative.

Each answer given before gets, as its view of the need's severity, the median of the severity it gave
the case's active alternatives (archived ones left out, as the summary leaves them out; «vet ikke»
left out), rounded half up to a whole score as the combined judgment rounds (2.5 → 3). An answer that
gave no severity keeps «vet ikke». The old per-alternative scores stay on ``ResponseScore.severity``
(and in its history) and are no longer read.
"""

import statistics
from decimal import ROUND_HALF_UP, Decimal

import django.core.validators
import prioritet.core.fields
from django.db import migrations, models


def half_up(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def answer_severity(scores: list[int]) -> int | None:
    """The median of an answer's severity over the alternatives, half up; None without any."""
    return half_up(statistics.median(scores)) if scores else None


def severity_to_answer(apps, schema_editor):
    Response = apps.get_model("participation", "Response")
    ResponseScore = apps.get_model("participation", "ResponseScore")
    given: dict[int, list[int]] = {}
    rows = ResponseScore.objects.filter(severity__isnull=False, alternative__archived=False)
    for response_id, severity in rows.values_list("response_id", "severity").order_by("id"):
        given.setdefault(response_id, []).append(severity)
    for response_id, scores in given.items():
        Response.objects.filter(pk=response_id, severity__isnull=True).update(severity=answer_severity(scores))


class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0003_text_limits'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalresponse',
            name='severity',
            field=models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='severity of the need'),
        ),
        migrations.AddField(
            model_name='historicalresponse',
            name='severity_why',
            field=prioritet.core.fields.SafeTextField(blank=True, max_length=1000, verbose_name='why (severity)'),
        ),
        migrations.AddField(
            model_name='response',
            name='severity',
            field=models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='severity of the need'),
        ),
        migrations.AddField(
            model_name='response',
            name='severity_why',
            field=prioritet.core.fields.SafeTextField(blank=True, max_length=1000, verbose_name='why (severity)'),
        ),
        migrations.AddConstraint(
            model_name='response',
            constraint=models.CheckConstraint(condition=models.Q(('severity__isnull', True), models.Q(('severity__gte', 1), ('severity__lte', 5)), _connector='OR'), name='response_severity_1_to_5_or_unknown'),
        ),
        migrations.RunPython(severity_to_answer, migrations.RunPython.noop, elidable=True),
    ]
