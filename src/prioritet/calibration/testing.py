"""Test helpers: examples with known scores, exercises and ratings, for the app's tests and the browser test."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from django.utils import timezone

from prioritet.accounts.models import Municipality, User
from prioritet.cases.models import Level
from prioritet.engine import CRITERIA
from prioritet.examples import testing as examples_testing
from prioritet.examples.models import Example

from . import selectors, services
from .models import Exercise, Participant, Rating

_numbers = itertools.count(1)

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
    examples = list(examples) if examples is not None else [make_example(), make_example()]
    return services.create_exercise(
        municipality,
        leader,
        title=title,
        instructions="Vurder uten å slå opp.",
        examples=examples,
        participants=participants,
    )


def submit_matrix(exercise: Exercise, users: Sequence[User], matrix: Sequence[Sequence[int | None]]) -> None:
    """Store ``matrix`` (one row per user, one column per unit in :func:`selectors.units_of` order) as
    submitted ratings, written directly so that rows may have gaps."""
    units = selectors.units_of(exercise)
    for user, row in zip(users, matrix, strict=True):
        participant = Participant.objects.get(exercise=exercise, user=user)
        for unit, score in zip(units, row, strict=True):
            rating, _ = Rating.objects.get_or_create(participant=participant, alternative=unit.alternative)
            setattr(rating, unit.criterion.value, score)
            rating.save()
        participant.submitted_at = timezone.now()
        participant.save()


def full_scores(exercise: Exercise, benefit: int, severity: int, resources: int) -> dict[int, dict[str, int]]:
    """The same scores for every alternative of the exercise, as :func:`services.save_ratings` takes them."""
    values = dict(zip((c.value for c in CRITERIA), (benefit, severity, resources), strict=True))
    return {a.pk: dict(values) for a in selectors.exercise_alternatives(exercise)}
