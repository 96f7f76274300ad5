"""Demo publications: the demo municipality's decided service and political cases on its public page,
and a handful of its indicators as public key figures."""

from __future__ import annotations

from collections.abc import Mapping

from prioritet.accounts.models import Municipality, Role, User
from prioritet.cases.models import Case, Level, Status
from prioritet.indicators.models import IndicatorDefinition

from . import services
from .models import Publication, PublishedIndicator

#: The body that decides at each level, as a municipality would name it.
BODIES = {Level.SERVICE: "Kommunalsjef for helse og omsorg", Level.POLITICAL: "Kommunestyret"}
PUBLISHER_ROLE = {Level.SERVICE: Role.LEADER, Level.POLITICAL: Role.DIRECTOR}


def publish_demo_cases(municipality: Municipality, users: Mapping[str, User]) -> None:
    """Publish every decided service and political demo case that is not published yet."""
    cases = Case.objects.filter(municipality=municipality, status=Status.DECIDED, level__in=list(BODIES)).exclude(
        pk__in=Publication.objects.values("case_id")
    )
    for case in cases:
        publisher = next(u for u in users.values() if u.role == PUBLISHER_ROLE[Level(case.level)])
        decision = case.decisions.order_by("-decided_at", "-id").first()
        services.publish(
            case,
            publisher,
            decided_by_body=BODIES[Level(case.level)],
            summary=decision.justification if decision else "",
        )


#: The demo's public key figures (starter definitions), each with the note a municipality might write.
KEY_FIGURES = {
    "nursing_home_80": "Hvor mange av de eldste som bor på sykehjem: planen vil at flere skal kunne bo hjemme.",
    "home_care_80": "Hvor mange av de eldste som får hjelp hjemme.",
    "home_care_67_79": "",
    "cost_per_user": "Hva omsorgstjenestene koster per mottaker, korrigert for ulikheter i behov.",
    "population_80": "Antallet eldre vokser: det er grunnen til at vi må prioritere.",
}


def publish_demo_key_figures(municipality: Municipality, users: Mapping[str, User]) -> None:
    """Publish the demo's key figures, as the municipal administrator, unless some are published already."""
    if PublishedIndicator.objects.for_municipality(municipality).exists():
        return
    admin = next((u for u in users.values() if u.role == Role.MUNICIPAL_ADMIN), None)
    if admin is None:
        return
    for definition in IndicatorDefinition.objects.filter(owner__isnull=True, key__in=KEY_FIGURES):
        services.set_key_figure(admin, definition, published=True, explanation=KEY_FIGURES[definition.key])
