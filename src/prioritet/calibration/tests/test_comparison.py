"""Across municipalities: only closed exercises with exactly the same examples and ≥3 who submitted count."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_municipality, make_user
from prioritet.calibration import agreement, selectors, services
from prioritet.calibration.models import Exercise, today
from prioritet.calibration.testing import make_example, make_exercise, submit_matrix

OURS = [
    [4, 4, 3, 2, 3, 2, 4, 4, 3, 2, 3, 2],
    [4, 3, 3, 2, 3, 2, 4, 4, 3, 2, 3, 2],
    [3, 4, 3, 2, 3, 2, 4, 4, 3, 5, 3, 2],
]
THEIRS_1 = [
    [2, 4, 3, 2, 3, 2, 4, 4, 3, 2, 3, 2],
    [2, 4, 3, 2, 3, 1, 4, 4, 3, 2, 3, 2],
    [3, 4, 3, 2, 3, 2, 5, 4, 3, 2, 3, 2],
]
THEIRS_2 = [
    [2, 5, 3, 2, 3, 2, 4, 4, 3, 2, 3, 2],
    [2, 5, 3, 2, 3, 2, 4, 4, 3, 2, 3, 2],
    [1, 5, 3, 2, 3, 2, 4, 4, 3, 2, 3, 2],
    [1, 5, 3, 2, 3, 2, 4, 4, 3, 2, 3, 2],
]


def _run(municipality, examples, matrix, *, close=True):
    leader = make_user(Role.LEADER, municipality=municipality)
    people = [make_user(Role.CASEWORKER, municipality=municipality) for _ in matrix]
    exercise = make_exercise(municipality, leader, people, examples)
    submit_matrix(exercise, people, matrix)
    if close:
        services.close_exercise(exercise, leader, exercise.version)
    return exercise, leader, people


@pytest.fixture
def setting(municipality, examples):
    ours, leader, people = _run(municipality, examples, OURS)
    return ours, leader, people


def test_comparison_of_the_same_example_set(setting, examples, other_municipality):
    ours, _leader, _people = setting
    _theirs_1, _, _ = _run(other_municipality, list(reversed(examples)), THEIRS_1)  # order does not matter
    _theirs_2, _, _ = _run(make_municipality(), examples, THEIRS_2)
    comparison = selectors.comparison(ours)
    assert comparison is not None
    assert comparison.count == 2
    theirs = [agreement.ordinal_alpha(THEIRS_1).value, agreement.ordinal_alpha(THEIRS_2).value]
    expected = sorted(alpha for alpha in theirs if alpha is not None)
    assert len(expected) == 2
    assert comparison.alphas == pytest.approx(expected)
    # Unit 0 pooled over the other municipalities: 2, 2, 3, 2, 2, 1, 1 → median 2; ours: median(4, 4, 3) = 4.
    first = comparison.units[0]
    assert first.pooled_median == 2
    assert first.row.median == 4
    assert first.difference == 2
    # Unit 1: 4, 4, 4, 5, 5, 5, 5 → 5; ours median(4, 3, 4) = 4.
    assert comparison.units[1].pooled_median == 5
    assert comparison.units[1].difference == -1


def test_what_does_not_count(setting, examples, other_municipality, municipality):
    ours, _leader, _people = setting
    # Still open.
    _run(other_municipality, examples, THEIRS_1, close=False)
    # Fewer than three who submitted.
    _run(make_municipality(), examples, THEIRS_1[:2])
    # A different set: one more example, or one example swapped.
    _run(make_municipality(), [*examples, make_example()], [row + [3] * 5 for row in THEIRS_1])
    _run(make_municipality(), [examples[0], make_example()], THEIRS_1)
    # The same municipality's other exercise.
    _run(municipality, examples, THEIRS_2)
    assert selectors.comparison(ours) is None
    assert not selectors.comparable_exercises(ours).exists()


def test_an_exercise_closed_by_its_deadline_counts(setting, examples, other_municipality):
    ours, _leader, _people = setting
    theirs, _, _ = _run(other_municipality, examples, THEIRS_1, close=False)
    Exercise.objects.filter(pk=theirs.pk).update(deadline=today() - datetime.timedelta(days=1))
    assert list(selectors.comparable_exercises(ours)) == [theirs]


def test_results_page_shows_values_not_names(login_client, setting, examples, other_municipality):
    ours, leader, _people = setting
    _run(other_municipality, examples, THEIRS_1)
    html = login_client(leader).get(reverse("calibration:results", args=[ours.pk])).content.decode()
    value = agreement.ordinal_alpha(THEIRS_1).value
    assert f"{value:.3f}".replace(".", ",") in html
    assert other_municipality.name not in html
