"""Demo calibration: one closed exercise with results, one open exercise to take part in.

Both use the guideline's worked cases from the example bank (the bank's data migration adds them);
if they are missing, the same cases are added here first, with neutral alternative descriptions.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from prioritet.accounts.models import Municipality, User
from prioritet.cases.models import Level
from prioritet.examples.models import Example, ExampleAlternative

from . import selectors, services
from .models import Exercise, Participant, today

SOURCE = "Helsedirektoratet (veileder 2025)"
HIP = "Rehabilitering etter lårhalsbrudd: institusjon eller rehabiliteringsteam i hjemmet"
LARVIKSHJELPA = "Oppstart av Larvikshjelpa ved økende pågang fra innbyggere"
DEMENTIA = "Økt dagaktivitetstilbud til personer med demens"

#: title → (summary, level, [(alternative, description, benefit, severity, resources)])
WORKED_CASES = {
    HIP: (
        "En person på 75 år med lårhalsbrudd søker om rehabiliteringsopphold. Bor alene, var selvhjulpen før bruddet.",
        Level.INDIVIDUAL,
        [
            ("Rehabiliteringsopphold i institusjon", "Korttidsopphold med rehabilitering i institusjon.", 4, 4, 4),
            ("Rehabiliteringsteam i hjemmet", "Hverdagsrehabilitering med tverrfaglig team i hjemmet.", 4, 4, 3),
        ],
    ),
    LARVIKSHJELPA: (
        "Økende pågang fra innbyggere. Tjenesten vurderer oppstart av lavterskeltilbudet Larvikshjelpa.",
        Level.SERVICE,
        [("Etablere Larvikshjelpa", "Lavterskeltilbud ved omdisponering av eksisterende fagstillinger.", 4, 4, 2)],
    ),
    DEMENTIA: (
        "Kommunen vurderer å øke dagaktivitetstilbudet til personer med demens.",
        Level.POLITICAL,
        [
            (
                "Øke dagaktivitetstilbudet til personer med demens",
                "Flere plasser og dager i dagaktivitetstilbudet.",
                4,
                4,
                2,
            )
        ],
    ),
}

CLOSED_TITLE = "Kalibrering: rehabilitering og lavterskeltilbud"
OPEN_TITLE = "Kalibrering: lavterskeltilbud og dagaktivitet"
CREATOR = "demo-leder"

#: Each participant's severity of each example's need, then (benefit, resources) per alternative of the closed
#: exercise, in order. Severity is the need's: scored once per example, the same for every alternative.
CLOSED_RATINGS = {
    "demo-saksbehandler": ([4, 3], [(4, 4), (4, 3), (4, 2)]),
    "demo-saksbehandler2": ([4, 4], [(3, 5), (4, 3), (3, 3)]),
    "demo-helsepersonell": ([5, 4], [(4, 4), (5, 2), (4, 2)]),
    "demo-leder2": ([4, 4], [(4, 4), (4, 3), (5, 2)]),
    "demo-leder": ([4, 3], [(3, 4), (4, 3), (4, 2)]),
}
OPEN_PARTICIPANTS = ("demo-saksbehandler", "demo-saksbehandler2", "demo-helsepersonell")


def worked_case(title: str) -> Example:
    """The bank's example with this title, added (with the guideline's scores) if the bank lacks it."""
    example = Example.objects.visible().filter(title=title).order_by("pk").first()
    if example is not None:
        return example
    summary, level, alternatives = WORKED_CASES[title]
    example = Example.objects.create(
        title=title,
        summary=summary,
        level=level,
        source_label=SOURCE,
        deidentified_confirmed=level == Level.INDIVIDUAL,
    )
    for position, (alt_title, description, benefit, severity, resources) in enumerate(alternatives):
        ExampleAlternative.objects.create(
            example=example,
            position=position,
            title=alt_title,
            description=description,
            benefit=benefit,
            severity=severity,
            resources=resources,
        )
    return example


def _scores(exercise: Exercise, severities: list[int], pairs: list[tuple[int, int]]) -> dict:
    """``save_ratings``' scores and needs: the severity per example, (benefit, resources) per alternative."""
    alternatives = selectors.exercise_alternatives(exercise)
    examples = selectors.examples_of(exercise)
    return {
        "scores": {
            a.pk: {"benefit": benefit, "resources": resources}
            for a, (benefit, resources) in zip(alternatives, pairs, strict=False)
        },
        "needs": {e.pk: severity for e, severity in zip(examples, severities, strict=False)},
    }


def load_demo_exercises(municipality: Municipality, users: Mapping[str, User]) -> None:
    """Add the two demo exercises unless the demo municipality has them already."""
    creator = users[CREATOR]
    if not Exercise.objects.filter(municipality=municipality, title=CLOSED_TITLE).exists():
        exercise = services.create_exercise(
            municipality,
            creator,
            title=CLOSED_TITLE,
            instructions="Vurder hvert alternativ slik du ville gjort i en vanlig sak.",
            examples=[worked_case(HIP), worked_case(LARVIKSHJELPA)],
            participants=[users[name] for name in CLOSED_RATINGS],
        )
        for name, (severities, pairs) in CLOSED_RATINGS.items():
            participant = Participant.objects.get(exercise=exercise, user=users[name])
            services.save_ratings(
                participant, users[name], participant.version, **_scores(exercise, severities, pairs), submit=True
            )
        exercise.refresh_from_db()
        services.close_exercise(exercise, creator, exercise.version)
    if not Exercise.objects.filter(municipality=municipality, title=OPEN_TITLE).exists():
        exercise = services.create_exercise(
            municipality,
            creator,
            title=OPEN_TITLE,
            instructions="Vurder eksemplene før personalmøtet.",
            deadline=today() + datetime.timedelta(days=14),
            examples=[worked_case(LARVIKSHJELPA), worked_case(DEMENTIA)],
            participants=[users[name] for name in OPEN_PARTICIPANTS],
        )
        # One participant has saved a draft of the first example.
        participant = Participant.objects.get(exercise=exercise, user=users["demo-saksbehandler2"])
        services.save_ratings(participant, participant.user, participant.version, **_scores(exercise, [3], [(4, 2)]))
