"""Decided cases made through the cases services, for the weighting and public tests."""

from __future__ import annotations

import datetime

from django.utils import timezone

from prioritet.cases import services
from prioritet.cases.judgment import combined_judgment
from prioritet.cases.models import Case, Decision, Level
from prioritet.cases.testing import decider_for

Scores = tuple[int, int, int]


def scores(b: int, s: int, r: int) -> dict:
    return {
        "benefit": b,
        "severity": s,
        "resources": r,
        "benefit_justification": "",
        "severity_justification": "",
        "resources_justification": "",
        "basis_research": False,
        "basis_clinical": True,
        "basis_user": False,
        "certainty": "medium",
    }


def decided_case(
    user,
    alternatives: list[tuple[str, Scores]],
    *,
    level: str = Level.SERVICE,
    title: str = "Oppstart av Larvikshjelpa",
    assessors: list | None = None,
    choose: int | None = None,
    justification: str = "Bør prioriteres høyt.",
    **case_fields,
) -> tuple[Case, Decision]:
    """A case with the given alternatives, assessed (by ``assessors``, default ``user``) and decided by
    ``user`` (a political case by the municipality's politician): the engine's first suggestion unless
    ``choose`` names another alternative."""
    case = services.create_case(
        user.municipality, user, no_action_consequence="Ventetiden øker.", level=level, title=title, **case_fields
    )
    created = [services.add_alternative(case, user, title=name) for name, _ in alternatives]
    for assessor in assessors or [user]:
        for alternative, (_, (b, s, r)) in zip(created, alternatives, strict=True):
            services.save_assessment(alternative, assessor, None, scores(b, s, r))
    case.refresh_from_db()
    judgment = combined_judgment(case)
    top = judgment.top
    assert top is not None, "the case has an assessed alternative"
    chosen = created[choose] if choose is not None else top.alternative
    decision = services.decide(
        case,
        decider_for(case, user),
        case.version,
        alternative=chosen,
        priority="high",
        justification=justification,
        reassessment_due=timezone.localdate() + datetime.timedelta(days=180),
        departure_reason="" if chosen.pk in judgment.top_ids else "Annen vurdering i møtet.",
    )
    case.refresh_from_db()
    return case, decision


def open_case(user, alternatives: list[tuple[str, Scores]], *, level: str = Level.SERVICE, title: str = "Åpen sak"):
    case = services.create_case(
        user.municipality, user, no_action_consequence="Ingen endring.", level=level, title=title
    )
    for name, (b, s, r) in alternatives:
        alternative = services.add_alternative(case, user, title=name)
        services.save_assessment(alternative, user, None, scores(b, s, r))
    case.refresh_from_db()
    return case
