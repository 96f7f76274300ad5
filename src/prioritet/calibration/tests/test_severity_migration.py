"""Severity belongs to the need (issue 11): data migration 0004 gives each participant who rated before one
severity per example's need, the median of what they gave its alternatives, as the release notes say."""

from __future__ import annotations

import importlib

from django.apps import apps

from prioritet.calibration import selectors
from prioritet.calibration.models import NeedRating, Participant, Rating

migration = importlib.import_module("prioritet.calibration.migrations.0004_severity_of_the_need")


def test_the_median_rule_rounds_half_up():
    assert migration.need_severity([4, 3]) == 4  # 3.5 → 4
    assert migration.need_severity([2, 3, 3]) == 3
    assert migration.need_severity([2, 3]) == 3  # 2.5 → 3, half up (not to even)
    assert migration.need_severity([]) is None


def test_old_ratings_give_each_example_its_need_severity(exercise, raters, examples):
    first, second = (Participant.objects.get(exercise=exercise, user=user) for user in raters[:2])
    alternatives = selectors.exercise_alternatives(exercise)  # 3 of the first example, 2 of the second
    # As stored before the migration: a severity on every alternative's rating, no need ratings.
    for alternative, severity in zip(alternatives, (2, 3, 5, 1, 2), strict=True):
        Rating.objects.create(participant=first, alternative=alternative, benefit=3, severity=severity, resources=3)
    Rating.objects.create(participant=second, alternative=alternatives[0], benefit=3, severity=None, resources=3)
    migration.severity_to_need(apps, None)
    assert sorted(NeedRating.objects.filter(participant=first).values_list("example_id", "severity")) == [
        (examples[0].pk, 3),  # 2, 3, 5 → 3
        (examples[1].pk, 2),  # 1, 2 → 1.5 → 2
    ]
    assert not NeedRating.objects.filter(participant=second).exists(), "no severity given: nothing to carry over"
    assert Rating.objects.filter(participant=first, severity=5).exists(), "kept, never read"
    # Run again: a need rating already there is kept.
    NeedRating.objects.filter(participant=first, example=examples[0]).update(severity=1)
    migration.severity_to_need(apps, None)
    assert NeedRating.objects.get(participant=first, example=examples[0]).severity == 1
