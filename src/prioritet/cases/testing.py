"""Test helpers for the apps built on cases: bring a case to a decision through the services."""

from __future__ import annotations

import datetime

from django.utils import timezone

from prioritet.accounts.models import Role, User
from prioritet.accounts.testing import make_user

from . import policy, services
from .judgment import combined_judgment
from .models import Case, Decision


def assess_and_decide(case: Case, user, decider=None) -> Decision:
    """Assess every open alternative of ``case`` as ``user`` (measures above no action) and decide.

    ``decider`` records the decision (default: ``user`` if their role may, else :func:`decider_for`).
    """
    for alternative in case.alternatives.filter(archived=False):
        scores = (1, 2, 1) if alternative.is_no_action else (4, 4, 3)
        if not alternative.assessments.filter(assessor=user).exists():
            services.save_assessment(
                alternative,
                user,
                None,
                {
                    "benefit": scores[0],
                    "severity": scores[1],
                    "resources": scores[2],
                    "basis_clinical": True,
                    "certainty": "medium",
                },
            )
    case.refresh_from_db()
    best = combined_judgment(case).top
    assert best is not None, "the case has an assessed alternative"
    top = best.alternative
    return services.decide(
        case,
        decider or decider_for(case, user),
        case.version,
        alternative=top,
        priority="high",
        justification="Samlet vurdering.",
        reassessment_due=timezone.localdate() + datetime.timedelta(days=90),
        forsvarlighet_confirmed=top.needs_forsvarlighet,
        forsvarlighet_justification="Forsvarlig." if top.needs_forsvarlighet else "",
        child_best_interest="Vurdert." if case.child_affected else "",
    )


def politician_of(municipality) -> User:
    """The municipality's politician for tests (made on first use): who records a political vedtak."""
    return User.objects.filter(municipality=municipality, role=Role.POLITICIAN).order_by("pk").first() or make_user(
        Role.POLITICIAN, municipality=municipality, first_name="Sigrid", last_name="Aune"
    )


def decider_for(case: Case, user) -> User:
    """``user`` if their role records this case's decision, else the municipality's politician.

    For fixtures that prepare a political case as the municipal director and then decide it.
    """
    return user if policy.can_decide(user, case) else politician_of(case.municipality)
