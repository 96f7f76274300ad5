from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_user
from prioritet.calibration import selectors, services
from prioritet.calibration.models import Exercise, NeedRating, Participant, Rating, Status
from prioritet.calibration.testing import full_scores, make_example, make_exercise
from prioritet.core.concurrency import ConcurrentEditError


def test_create_keeps_the_example_order_and_participants(exercise, examples, raters):
    assert selectors.examples_of(exercise) == examples
    assert {p.user for p in exercise.participants.all()} == set(raters)
    assert exercise.status == Status.OPEN
    assert exercise.history.count() == 1
    alternatives = selectors.exercise_alternatives(exercise)
    assert [a.example_id for a in alternatives] == [examples[0].pk] * 3 + [examples[1].pk] * 2


@pytest.mark.parametrize("count", [1, 11])
def test_two_to_ten_examples(municipality, leader, raters, count):
    with pytest.raises(ValidationError) as error:
        make_exercise(municipality, leader, raters, [make_example() for _ in range(count)])
    assert "examples" in error.value.error_dict


def test_withdrawn_example_refused(municipality, leader, raters):
    withdrawn = make_example()
    withdrawn.withdrawn = True
    withdrawn.save()
    with pytest.raises(ValidationError):
        make_exercise(municipality, leader, raters, [make_example(), withdrawn])


def test_participants_of_another_municipality_or_role_refused(municipality, other_municipality, leader, raters):
    stranger = make_user(Role.CASEWORKER, municipality=other_municipality)
    with pytest.raises(ValidationError):
        make_exercise(municipality, leader, [raters[0], stranger])
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=municipality)
    with pytest.raises(ValidationError):
        make_exercise(municipality, leader, [raters[0], admin])
    with pytest.raises(ValidationError):
        make_exercise(municipality, leader, [raters[0]])


def test_only_leaders_and_directors_create(municipality, raters):
    with pytest.raises(PermissionDenied):
        make_exercise(municipality, raters[0], raters)
    director = make_user(Role.DIRECTOR, municipality=municipality)
    assert make_exercise(municipality, director, raters).created_by == director


def test_save_draft_then_submit(exercise, raters, examples):
    participant = Participant.objects.get(exercise=exercise, user=raters[0])
    alternatives = selectors.exercise_alternatives(exercise)
    draft = {alternatives[0].pk: {"benefit": 3, "resources": 2}}
    participant = services.save_ratings(participant, raters[0], participant.version, draft)
    assert not participant.submitted
    assert Rating.objects.get(participant=participant, alternative=alternatives[0]).benefit == 3
    with pytest.raises(ValidationError):
        services.save_ratings(participant, raters[0], participant.version, draft, submit=True)
    participant.refresh_from_db()
    assert not participant.submitted
    # Every alternative scored, but one example's need not: still refused.
    partial = full_scores(exercise, 4, 3, 2)
    partial["needs"] = {examples[0].pk: 3}
    with pytest.raises(ValidationError, match="alvorligheten av behovet i hvert eksempel"):
        services.save_ratings(participant, raters[0], participant.version, **partial, submit=True)
    participant.refresh_from_db()
    assert not participant.submitted
    participant = services.save_ratings(
        participant, raters[0], participant.version, **full_scores(exercise, 4, 3, 2), submit=True
    )
    assert participant.submitted
    # Severity is stored once per example's need, benefit and resources per alternative.
    assert sorted(NeedRating.objects.filter(participant=participant).values_list("example_id", "severity")) == [
        (examples[0].pk, 3),
        (examples[1].pk, 3),
    ]
    assert set(Rating.objects.filter(participant=participant).values_list("severity", flat=True)) == {None}
    assert Rating.objects.filter(participant=participant).count() == 5
    # Submitted: nothing more can change.
    with pytest.raises(ValidationError):
        services.save_ratings(participant, raters[0], participant.version, **full_scores(exercise, 1, 1, 1))


def test_stale_version_is_refused(exercise, raters):
    participant = Participant.objects.get(exercise=exercise, user=raters[0])
    services.save_ratings(participant, raters[0], participant.version, **full_scores(exercise, 4, 3, 2))
    with pytest.raises(ConcurrentEditError):
        services.save_ratings(participant, raters[0], participant.version, **full_scores(exercise, 1, 1, 1))


def test_someone_else_cannot_save_my_ratings(exercise, raters):
    participant = Participant.objects.get(exercise=exercise, user=raters[0])
    with pytest.raises(PermissionDenied):
        services.save_ratings(participant, raters[1], participant.version, **full_scores(exercise, 4, 3, 2))


def test_alternative_outside_the_exercise_refused(exercise, raters):
    participant = Participant.objects.get(exercise=exercise, user=raters[0])
    other = make_example().alternatives.first()
    with pytest.raises(ValidationError):
        services.save_ratings(participant, raters[0], participant.version, {other.pk: {"benefit": 3}})


def test_no_rating_after_closing(exercise, leader, raters):
    services.close_exercise(exercise, leader, exercise.version)
    participant = Participant.objects.get(exercise=exercise, user=raters[0])
    with pytest.raises(ValidationError):
        services.save_ratings(participant, raters[0], participant.version, **full_scores(exercise, 4, 3, 2))


def test_deadline_closes_the_exercise(exercise):
    import datetime

    from prioritet.calibration.models import today

    Exercise.objects.filter(pk=exercise.pk).update(deadline=today() - datetime.timedelta(days=1))
    exercise.refresh_from_db()
    assert exercise.is_closed
    assert exercise.status == Status.OPEN
    assert Exercise.objects.closed().filter(pk=exercise.pk).exists()
    assert not Exercise.objects.open().filter(pk=exercise.pk).exists()


def test_update_participants_keeps_those_with_ratings(exercise, leader, raters, user_factory):
    participant = Participant.objects.get(exercise=exercise, user=raters[0])
    services.save_ratings(participant, raters[0], participant.version, **full_scores(exercise, 4, 3, 2))
    newcomer = user_factory(Role.LEADER, username="ny-leder")
    with pytest.raises(ValidationError):
        services.update_exercise(
            exercise, leader, exercise.version, title="Ny", instructions="", deadline=None, participants=raters[1:]
        )
    updated = services.update_exercise(
        exercise,
        leader,
        exercise.version,
        title="Ny tittel",
        instructions="",
        deadline=None,
        participants=[raters[0], raters[1], newcomer],
    )
    assert updated.title == "Ny tittel"
    assert updated.version == 2
    assert {p.user for p in updated.participants.all()} == {raters[0], raters[1], newcomer}
    with pytest.raises(ConcurrentEditError):
        services.update_exercise(
            exercise, leader, 1, title="Gammel", instructions="", deadline=None, participants=raters
        )


def test_close_is_for_managers(exercise, raters):
    with pytest.raises(PermissionDenied):
        services.close_exercise(exercise, raters[0], exercise.version)
