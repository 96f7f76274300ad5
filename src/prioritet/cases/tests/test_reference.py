"""«No action» is the reference, not a candidate (issue 11).

The seed's 75-year-old with a hip fracture, with the seed's scores (``seed_cases.csv``, through the
demo's case data): the engine suggests the home rehabilitation team first and the institution second,
under any weights, and «Ikke starte, utsette eller avslutte» appears only as the reference with its
consequence: no rank, no value, no priority. It can still be chosen, with the forsvarlighet
confirmation, and is then recorded without a priority.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from prioritet.cases import services
from prioritet.cases.judgment import combined_judgment
from prioritet.cases.management.commands.load_demo import demo_cases
from prioritet.cases.models import AlternativeKind
from prioritet.cases.testing import on_team
from prioritet.weighting.services import create_version


@pytest.fixture
def hip_fracture(make_case, caseworker, health_personnel, assess):
    """The demo's first case as the seed scores it: severity of the need 4; benefit and resources of the
    institution 4/4, the home team 4/3, no action 1/1."""
    spec = demo_cases()[0]
    assert "lårhalsbrudd" in spec.title
    case = make_case(caseworker, title=spec.title, consequence=spec.consequence, severity=spec.severity)
    on_team(case, health_personnel)
    made = [services.add_alternative(case, caseworker, title=alt.title) for alt in spec.alternatives]
    no_action = case.alternatives.get(kind=AlternativeKind.NO_ACTION)
    assert spec.no_action is not None
    for user in (caseworker, health_personnel):
        for alt, alternative in zip(spec.alternatives, made, strict=True):
            assess(alternative, user, *alt.scores)
        assess(no_action, user, *spec.no_action)
    case.refresh_from_db()
    institution, home = made
    assert "institusjon" in institution.title
    assert "hjemmet" in home.title
    return case, institution, home, no_action


@pytest.mark.parametrize("weights", [(1, 1, 1), (1, 1, 2), (1, 2, 1), (1, 1, 4)])
def test_the_seed_case_suggests_the_home_team_then_the_institution_and_no_action_only_as_reference(
    hip_fracture, municipality, weights
):
    case, institution, home, no_action = hip_fracture
    b, s, r = weights
    create_version(
        municipality,
        None,
        benefit=Decimal(b),
        severity=Decimal(s),
        resources=Decimal(r),
        reason="test",
        decided_by_body="kommunestyret",
    )
    judgment = combined_judgment(case)
    # With resources weighing double, «no action» (1/4/1) used to come first: 0.69 against 0.63.
    assert [row.alternative for row in judgment.ranked] == [home, institution]
    assert judgment.top is not None
    assert judgment.top.alternative == home
    reference = judgment.reference
    assert reference is not None
    assert reference.alternative == no_action
    assert (reference.rank, reference.value, reference.band, reference.is_top) == (None, None, None, False)
    assert no_action.description.startswith("Høy alvorlighet: kan få varig nedsatt funksjon")
    assert [row["alternative"] for row in judgment.suggestion()] == [home.pk, institution.pk]


def test_the_case_page_shows_no_action_only_as_the_reference_with_its_consequence(
    hip_fracture, caseworker, login_client
):
    case, institution, home, no_action = hip_fracture
    html = login_client(caseworker).get(reverse("cases:detail", args=[case.pk])).content.decode()
    judgment = html.split('id="judgment"', 1)[1].split("</section>", 1)[0]
    assert judgment.count("Forslag nr.") == 2
    table, reference = judgment.split('data-testid="reference"', 1)
    assert no_action.title not in table
    assert home.title in table
    assert institution.title in table
    assert "Referanse" in reference
    assert no_action.title in reference
    assert "kan få varig nedsatt funksjon" in reference
    assert "prioritet" not in reference.split("Konsekvens", 1)[1].lower()


def _decide(case, user, alternative, **extra):
    case.refresh_from_db()
    return services.decide(
        case,
        user,
        case.version,
        alternative=alternative,
        justification="Samlet vurdering.",
        reassessment_due=timezone.localdate() + datetime.timedelta(days=30),
        **extra,
    )


def test_no_action_can_be_chosen_with_the_forsvarlighet_confirmation_and_gets_no_priority(
    hip_fracture, caseworker, login_client
):
    case, _, home, no_action = hip_fracture
    with pytest.raises(ValidationError) as err:
        _decide(case, caseworker, no_action, priority="high")
    assert {"departure_reason", "forsvarlighet_confirmed", "forsvarlighet_justification"} <= set(err.value.message_dict)
    decision = _decide(
        case,
        caseworker,
        no_action,
        priority="high",
        departure_reason="Personen ønsker ikke tiltak nå.",
        forsvarlighet_confirmed=True,
        forsvarlighet_justification="Forsvarlig: fastlegen følger opp.",
    )
    assert decision.priority == ""
    assert [row["alternative"] for row in decision.suggestion] == [
        home.pk,
        case.alternatives.get(title__contains="institusjon").pk,
    ]
    html = login_client(caseworker).get(reverse("cases:detail", args=[case.pk])).content.decode()
    judgment = html.split('id="judgment"', 1)[1].split("</section>", 1)[0]
    reference = judgment.split('data-testid="reference"', 1)[1]
    assert "Valgt" in reference
    assert "høy prioritet" not in reference.lower()


def test_a_measure_still_needs_a_priority(hip_fracture, caseworker):
    case, _, home, _ = hip_fracture
    with pytest.raises(ValidationError) as err:
        _decide(case, caseworker, home, priority="")
    assert "priority" in err.value.message_dict
