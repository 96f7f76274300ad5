"""Test helpers: examples with known scores, exercises and ratings, for the app's tests and the browser test."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from django.utils import timezone

from prioritet.accounts.models import Municipality, User
from prioritet.cases.models import Level
from prioritet.examples import testing as examples_testing
from prioritet.examples.models import Example

from . import selectors, services
from .models import Exercise, NeedRating, Participant, Rating

_numbers = itertools.count(1)

#: The first default example has three alternatives, the second two: with the need's unit each, the default
#: exercise has 1 + 3 × 2 + 1 + 2 × 2 = 12 units (severity once per example; benefit and resources per alternative).
THREE_ALTERNATIVES = ((4, 4, 3), (2, 4, 2), (3, 4, 4))

#: Words that appear only in the examples' hidden parts, so a test can look for them in a page.
SECRET_DECISION = "Hemmelig vedtak som deltakerne ikke skal se"
SECRET_JUSTIFICATION = "Hemmelig begrunnelse for vedtaket"
SECRET_CONCLUSION = "Hemmelig konklusjon"


def make_example(
    title: str | None = None,
    *,
    alternatives: Sequence[tuple[int, int, int]] = ((4, 4, 3), (2, 3, 2)),
    level: str = Level.SERVICE,
) -> Example:
    """An example of the bank with one alternative per ``(benefit, severity, resources)`` score triple,
    its decision and conclusions hidden from the participants (:data:`SECRET_DECISION`, …)."""
    n = next(_numbers)
    return examples_testing.make_example(
        title or f"Eksempel {n}",
        summary=f"Bakgrunn og behov i eksempel {n}.",
        level=level,
        service_area="Hjemmetjenesten",
        source_label="Testkommune",
        decision=SECRET_DECISION,
        priority="high",
        justification=SECRET_JUSTIFICATION,
        alternatives=[
            (f"Alternativ {p + 1} i eksempel {n}", f"Beskrivelse av alternativ {p + 1}.", (s, b, r), p == 0)
            for p, (b, s, r) in enumerate(alternatives)
        ],
        alternative_fields={"conclusion": SECRET_CONCLUSION},
    )


def make_exercise(
    municipality: Municipality,
    leader: User,
    participants: Sequence[User],
    examples: Sequence[Example] | None = None,
    *,
    title: str = "Kalibrering høsten 2026",
) -> Exercise:
    examples = (
        list(examples) if examples is not None else [make_example(alternatives=THREE_ALTERNATIVES), make_example()]
    )
    return services.create_exercise(
        municipality,
        leader,
        title=title,
        instructions="Vurder uten å slå opp.",
        examples=list(examples),
        participants=participants,
    )


def submit_matrix(exercise: Exercise, users: Sequence[User], matrix: Sequence[Sequence[int | None]]) -> None:
    """Store ``matrix`` (one row per user, one column per unit in :func:`selectors.units_of` order) as
    submitted ratings, written directly so that rows may have gaps."""
    units = selectors.units_of(exercise)
    for user, row in zip(users, matrix, strict=True):
        participant = Participant.objects.get(exercise=exercise, user=user)
        for unit, score in zip(units, row, strict=True):
            if unit.alternative is None:
                NeedRating.objects.update_or_create(
                    participant=participant, example=unit.example, defaults={"severity": score}
                )
                continue
            rating, _ = Rating.objects.get_or_create(participant=participant, alternative=unit.alternative)
            setattr(rating, unit.criterion.value, score)
            rating.save()
        participant.submitted_at = timezone.now()
        participant.save()


def full_scores(exercise: Exercise, benefit: int, severity: int, resources: int) -> dict:
    """The same severity for every example's need and the same benefit and resources for every alternative, as
    :func:`services.save_ratings` takes them: ``save_ratings(…, **full_scores(…))``."""
    return {
        "scores": {
            a.pk: {"benefit": benefit, "resources": resources} for a in selectors.exercise_alternatives(exercise)
        },
        "needs": {e.pk: severity for e in selectors.examples_of(exercise)},
    }
