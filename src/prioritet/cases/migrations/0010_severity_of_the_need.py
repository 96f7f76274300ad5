"""Severity belongs to the need (issue 11): one severity per case instead of one per assessment.

A case's severity is taken from what its assessors said before: each alternative's median severity
over its assessors, then the median of those over the case's active alternatives (the no-action
reference included: it was assessed for the same need; archived ones left out, as the combined
judgment leaves them out), rounded half up to a whole score as the combined judgment rounds. A case
with no assessed active alternative keeps no severity and must be assessed before it is decided. The old scores
stay on the assessments (their history rows are hash-chained) and are no longer read.
"""

import statistics
from decimal import ROUND_HALF_UP, Decimal

import django.core.validators
import prioritet.core.fields
from django.conf import settings
from django.db import migrations, models


def half_up(value: float) -> int:
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def case_severity(per_alternative: dict[int, list[int]]) -> int | None:
    """The median over the alternatives of each alternative's median over its assessors, half up."""
    medians = [statistics.median(scores) for scores in per_alternative.values() if scores]
    return half_up(statistics.median(medians)) if medians else None


def severity_to_case(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    Assessment = apps.get_model("cases", "Assessment")
    given: dict[int, dict[int, list[int]]] = {}
    rows = Assessment.objects.filter(severity__isnull=False, alternative__archived=False).values_list(
        "alternative__case_id", "alternative_id", "severity"
    )
    for case_id, alternative_id, severity in rows.order_by("id"):
        given.setdefault(case_id, {}).setdefault(alternative_id, []).append(severity)
    for case_id, per_alternative in given.items():
        Case.objects.filter(pk=case_id, severity__isnull=True).update(severity=case_severity(per_alternative))


def severity_to_assessments(apps, schema_editor):
    """Back: an assessment without its own severity gets its case's (3 if the case has none), since the
    column becomes required again."""
    Case = apps.get_model("cases", "Case")
    Assessment = apps.get_model("cases", "Assessment")
    for case_id, severity in Case.objects.values_list("pk", "severity"):
        Assessment.objects.filter(alternative__case_id=case_id, severity__isnull=True).update(severity=severity or 3)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_text_limits'),
        ('cases', '0009_decision_priority_of_reference'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='assessment',
            name='assessment_scores_1_to_5',
        ),
        migrations.AddField(
            model_name='case',
            name='severity',
            field=models.PositiveSmallIntegerField(blank=True, help_text='How severe is the need without the measure? The same for every alternative: 1 very low – 5 very high.', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='severity'),
        ),
        migrations.AddField(
            model_name='case',
            name='severity_justification',
            field=prioritet.core.fields.SafeTextField(blank=True, verbose_name='justification of severity'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='severity',
            field=models.PositiveSmallIntegerField(blank=True, help_text='How severe is the need without the measure? The same for every alternative: 1 very low – 5 very high.', null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='severity'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='severity_justification',
            field=prioritet.core.fields.SafeTextField(blank=True, verbose_name='justification of severity'),
        ),
        migrations.AlterField(
            model_name='assessment',
            name='severity',
            field=models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='severity'),
        ),
        migrations.AlterField(
            model_name='historicalassessment',
            name='severity',
            field=models.PositiveSmallIntegerField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(5)], verbose_name='severity'),
        ),
        migrations.AddConstraint(
            model_name='assessment',
            constraint=models.CheckConstraint(condition=models.Q(('benefit__gte', 1), ('benefit__lte', 5), models.Q(('severity__isnull', True), models.Q(('severity__gte', 1), ('severity__lte', 5)), _connector='OR'), ('resources__gte', 1), ('resources__lte', 5)), name='assessment_scores_1_to_5'),
        ),
        migrations.AddConstraint(
            model_name='case',
            constraint=models.CheckConstraint(condition=models.Q(('severity__isnull', True), models.Q(('severity__gte', 1), ('severity__lte', 5)), _connector='OR'), name='case_severity_1_to_5'),
        ),
        migrations.RunPython(severity_to_case, severity_to_assessments, elidable=True),
    ]
