"""Every write of the calibration app, each in one transaction, with the role rules checked here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prioritet.accounts.models import Municipality, User
from prioritet.core.concurrency import compare_and_swap, save_with_history
from prioritet.examples.models import Example, ExampleAlternative

from . import policy, selectors
from .models import (
    MAX_EXAMPLES,
    MIN_EXAMPLES,
    MIN_PARTICIPANTS,
    Exercise,
    ExerciseExample,
    NeedRating,
    Participant,
    Rating,
    Status,
)

__all__ = ["close_exercise", "create_exercise", "save_ratings", "update_exercise"]

#: Scores of one alternative by criterion key (``"benefit"``, ``"resources"``), ``None`` where not given yet.
Scores = Mapping[str, int | None]


def _check_examples(examples: Sequence[Example]) -> None:
    if not MIN_EXAMPLES <= len(examples) <= MAX_EXAMPLES:
        raise ValidationError(
            {"examples": _("Choose between %(min)d and %(max)d examples.") % {"min": MIN_EXAMPLES, "max": MAX_EXAMPLES}}
        )
    if len({e.pk for e in examples}) != len(examples):
        raise ValidationError({"examples": _("Choose each example only once.")})
    visible = set(Example.objects.visible().filter(pk__in=[e.pk for e in examples]).values_list("pk", flat=True))
    if visible != {e.pk for e in examples}:
        raise ValidationError({"examples": _("A withdrawn example cannot be used.")})
    with_alternatives = set(
        ExampleAlternative.objects.filter(example__in=examples).values_list("example_id", flat=True).distinct()
    )
    if with_alternatives != {e.pk for e in examples}:
        raise ValidationError({"examples": _("Every example must have at least one alternative to assess.")})


def _check_participants(municipality: Municipality, users: Iterable[User]) -> list[User]:
    users = list(users)
    if len({u.pk for u in users}) < MIN_PARTICIPANTS:
        raise ValidationError({"participants": _("Choose at least %(min)d participants.") % {"min": MIN_PARTICIPANTS}})
    for user in users:
        if user.municipality_id != municipality.pk or user.role not in policy.PARTICIPANT_ROLES or not user.is_active:
            raise ValidationError(
                {
                    "participants": _(
                        "Only active caseworkers, health personnel and leaders of the municipality can take part."
                    )
                }
            )
    return users


@transaction.atomic
def create_exercise(
    municipality: Municipality,
    user: User,
    *,
    title: str,
    instructions: str = "",
    deadline=None,
    examples: Sequence[Example],
    participants: Iterable[User],
) -> Exercise:
    if not policy.can_create(user) or user.municipality_id != municipality.pk:
        raise PermissionDenied(_("Only leaders can create calibration exercises."))
    examples = list(examples)
    _check_examples(examples)
    people = _check_participants(municipality, participants)
    exercise = Exercise(
        municipality=municipality, title=title, instructions=instructions, deadline=deadline, created_by=user
    )
    save_with_history(exercise, user, "created")
    for position, example in enumerate(examples):
        save_with_history(ExerciseExample(exercise=exercise, example=example, position=position), user)
    for person in people:
        save_with_history(Participant(exercise=exercise, user=person), user)
    return exercise


@transaction.atomic
def update_exercise(
    exercise: Exercise,
    user: User,
    version: int,
    *,
    title: str,
    instructions: str,
    deadline,
    participants: Iterable[User],
) -> Exercise:
    """Change the texts, the deadline and who takes part. Whoever has saved ratings stays in."""
    if not policy.can_manage(user, exercise):
        raise PermissionDenied(_("Only leaders can change calibration exercises."))
    if exercise.is_closed:
        raise ValidationError(_("The exercise is closed and can no longer be changed."))
    people = _check_participants(exercise.municipality, participants)
    fresh: Exercise = compare_and_swap(Exercise, exercise.pk, version)
    wanted = {u.pk for u in people}
    current = {p.user_id: p for p in fresh.participants.all()}
    leaving = [p for uid, p in current.items() if uid not in wanted]
    if any(p.ratings.exists() for p in leaving):
        raise ValidationError({"participants": _("A participant who has already saved ratings cannot be removed.")})
    for participant in leaving:
        participant.delete()
    for person in people:
        if person.pk not in current:
            save_with_history(Participant(exercise=fresh, user=person), user)
    fresh.title, fresh.instructions, fresh.deadline = title, instructions, deadline
    save_with_history(fresh, user, "updated")
    return fresh


@transaction.atomic
def close_exercise(exercise: Exercise, user: User, version: int) -> Exercise:
    if not policy.can_manage(user, exercise):
        raise PermissionDenied(_("Only leaders can close calibration exercises."))
    fresh: Exercise = compare_and_swap(Exercise, exercise.pk, version)
    if fresh.status == Status.CLOSED:
        return fresh
    fresh.status = Status.CLOSED
    fresh.closed_at = timezone.now()
    save_with_history(fresh, user, "closed")
    return fresh


@transaction.atomic
def save_ratings(
    participant: Participant,
    user: User,
    version: int,
    scores: Mapping[int, Scores],
    *,
    needs: Mapping[int, int | None] | None = None,
    submit: bool = False,
) -> Participant:
    """Save the participant's scores and submit them if asked: ``scores`` is ``{alternative id: {criterion:
    score}}`` on benefit and resources, ``needs`` is ``{example id: severity}``, the severity of each example's
    need, scored once because it is the same for every alternative (issue 11).

    A submission needs every example's need and every alternative scored; after it nothing can change.
    """
    needs = needs or {}
    if participant.user_id != user.pk:
        raise PermissionDenied(_("You can only save your own ratings."))
    fresh: Participant = compare_and_swap(Participant, participant.pk, version)
    if not policy.can_rate(fresh):
        raise ValidationError(_("The exercise is closed or your ratings are already submitted."))
    alternatives = {a.pk: a for a in selectors.exercise_alternatives(fresh.exercise)}
    examples = {e.pk: e for e in selectors.examples_of(fresh.exercise)}
    if set(scores) - set(alternatives):
        raise ValidationError(_("The ratings name an alternative that is not part of the exercise."))
    if set(needs) - set(examples):
        raise ValidationError(_("The ratings name an example that is not part of the exercise."))
    existing = {r.alternative_id: r for r in fresh.ratings.all()}
    for alternative_id, values in scores.items():
        rating = existing.get(alternative_id) or Rating(participant=fresh, alternative=alternatives[alternative_id])
        for c in selectors.ALTERNATIVE_CRITERIA:
            setattr(rating, c.value, values.get(c.value))
        save_with_history(rating, user)
        existing[alternative_id] = rating
    given = {r.example_id: r for r in fresh.need_ratings.all()}
    for example_id, severity in needs.items():
        need = given.get(example_id) or NeedRating(participant=fresh, example=examples[example_id])
        need.severity = severity
        save_with_history(need, user)
        given[example_id] = need
    if submit:
        complete = all(
            pk in existing and all(getattr(existing[pk], c.value) is not None for c in selectors.ALTERNATIVE_CRITERIA)
            for pk in alternatives
        ) and all(pk in given and given[pk].severity is not None for pk in examples)
        if not complete:
            raise ValidationError(
                _(
                    "Score the severity of every example's need, and every alternative on benefit and resources, "
                    "before you submit."
                )
            )
        fresh.submitted_at = timezone.now()
        save_with_history(fresh, user, "submitted")
    return fresh
