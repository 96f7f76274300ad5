"""Set-up data for the cases browser tests, written through the services (never through the pages).

The tests drive through the browser what they test; this only builds what must be there first.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from prioritet.accounts.models import User
from prioritet.cases import services, voice
from prioritet.cases.models import Alternative, AlternativeKind, Case, Decision, Level

INSTITUTION = "Korttidsopphold for rehabilitering i institusjon"
HOME_TEAM = "Rehabiliteringsteam i hjemmet"
NO_ACTION = "Ikke starte, utsette eller avslutte"

# Weights of the two mod-11 check digits of a fødselsnummer (Skatteetaten's published algorithm),
# written out here so the tests do not borrow the application's own validator.
_K1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_K2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def national_id(birth: str = "150387", first_individual: int = 412) -> str:
    """A fødselsnummer with valid check digits: ``birth`` DDMMYY, the first workable individual number.

    Individual numbers for which a check digit would be 10 give no valid number; the next one is
    tried until both digits are 0–9.
    """
    for individual in range(first_individual, 1000):
        digits = [int(c) for c in f"{birth}{individual:03d}"]
        k1 = (11 - sum(d * w for d, w in zip(digits, _K1, strict=True)) % 11) % 11
        if k1 == 10:
            continue
        digits.append(k1)
        k2 = (11 - sum(d * w for d, w in zip(digits, _K2, strict=True)) % 11) % 11
        if k2 == 10:
            continue
        return "".join(map(str, digits)) + str(k2)
    raise ValueError(f"no valid national id for birth date {birth}")


def scores(benefit: int, resources: int, **extra: Any) -> dict[str, Any]:
    """An assessment's data for :func:`services.save_assessment` (severity is the case's, the need's)."""
    data: dict[str, Any] = {"benefit": benefit, "resources": resources}
    data.update(extra)
    return data


def individual_case(
    user: User,
    *,
    title: str = "Søknad om rehabilitering etter lårhalsbrudd",
    reference: str = "SAK-2025-0412",
    assessed: bool = True,
) -> Case:
    """An open individual case with the worked example's three alternatives, assessed by ``user``."""
    case = services.create_case(
        user.municipality,
        user,
        no_action_consequence="Varig nedsatt funksjon uten oppfølging; økt behov for hjelp senere.",
        level=Level.INDIVIDUAL,
        title=title,
        description="Bor alene, var selvhjulpen før bruddet.",
        case_reference=reference,
        child_affected=False,
        # The need's severity, assessed with the alternatives (the same for every alternative).
        severity=4 if assessed else None,
        severity_justification="Høy – kan få varig nedsatt funksjon uten oppfølging." if assessed else "",
    )
    institution = services.add_alternative(case, user, title=INSTITUTION, description="Tre uker i institusjon.")
    home = services.add_alternative(case, user, title=HOME_TEAM, description="Tverrfaglig team i hjemmet.")
    if assessed:
        no_action = case.alternatives.get(kind=AlternativeKind.NO_ACTION)
        services.save_assessment(no_action, user, None, scores(1, 1, benefit_justification="Ingen bedring."))
        services.save_assessment(institution, user, None, scores(4, 4, benefit_justification="Kan bli selvhjulpen."))
        services.save_assessment(home, user, None, scores(4, 3, benefit_justification="Kan bli selvhjulpen."))
    case.refresh_from_db()
    return case


def decide_top(case: Case, user: User, *, due_in_days: int = 20) -> Decision:
    """Decide the case for the engine's first suggestion, with reassessment ``due_in_days`` ahead."""
    from prioritet.cases.judgment import combined_judgment

    case.refresh_from_db()
    if voice.decision_errors(case):
        voice.save_voice(case, user, None, {"children": "none"})  # every individual case answers it first
    top = combined_judgment(case).top
    assert top is not None
    chosen: Alternative = top.alternative
    return services.decide(
        case,
        user,
        case.version,
        alternative=chosen,
        priority="high",
        justification="Samlet vurdering: stor nytte, høy alvorlighet, moderat ressursbruk.",
        reassessment_due=timezone.localdate() + datetime.timedelta(days=due_in_days),
    )
