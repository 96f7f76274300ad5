"""Like cases treated alike: the similar decided cases of the same service (the selector against a
brute-force sort over 5,000 generated decided cases), the departure flag with the decision, and the
decision page (pseudonymous rows, no links, each shown case logged as read)."""

from __future__ import annotations

import datetime
import math
import random

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from prioritet.accounts.testing import make_service_area, sign_in
from prioritet.cases import positions, services, similar
from prioritet.cases.judgment import combined_judgment
from prioritet.cases.models import (
    AccessBasis,
    Alternative,
    AlternativeKind,
    Case,
    CaseAccess,
    DecidedPosition,
    Decision,
    Level,
    Status,
)
from prioritet.cases.testing import decided_case
from prioritet.core.audit import verify
from prioritet.weighting.services import ensure_weights


def generate_decided(municipality, area, user, count: int, rng: random.Random, *, district: str = "") -> list[tuple]:
    """``count`` decided individual cases of ``area``, written in bulk: (decision id, scores, outcome)."""
    version = ensure_weights(municipality)
    cases = Case.objects.bulk_create(
        Case(
            municipality=municipality,
            level=Level.INDIVIDUAL,
            title=f"Generert {i}",
            service_area=area,
            status=Status.DECIDED,
            case_reference=f"G-{i:05d}",
            district=district,
            created_by=user,
        )
        for i in range(count)
    )
    alternatives = Alternative.objects.bulk_create(
        Alternative(case=case, kind=AlternativeKind.MEASURE, title="Tiltak", created_by=user) for case in cases
    )
    profiles = [(rng.randint(1, 5), rng.randint(1, 5), rng.randint(1, 5)) for _ in cases]
    priorities = [rng.choice(["high", "medium", "low"]) for _ in cases]
    decisions = Decision.objects.bulk_create(
        Decision(
            case=case,
            alternative=alternative,
            priority=priority,
            justification="Generert.",
            level=Level.INDIVIDUAL,
            weight_version=version,
            suggestion=[
                {
                    "alternative": alternative.pk,
                    "title": "Tiltak",
                    "scores": {"severity": s, "benefit": b, "resources": r},
                    "value": 0.5,
                    "rank": 1,
                }
            ],
            reassessment_due=timezone.localdate() + datetime.timedelta(days=30),
            decided_by=user,
        )
        for case, alternative, (s, b, r), priority in zip(cases, alternatives, profiles, priorities, strict=True)
    )
    positions.refresh(case.pk for case in cases)  # written without the services: index them as a bulk load does
    return [
        (d.pk, d.case_id, profile, similar.outcome_of(False, priority))
        for d, profile, priority in zip(decisions, profiles, priorities, strict=True)
    ]


def brute_force(rows: list[tuple], query: tuple[int, int, int], weights: list[float], k: int) -> list[int]:
    """The case ids of the k nearest by the documented formula, in plain Python: standardised by the
    population standard deviation, weighted, ties to the newest decision."""
    scale = []
    for j in range(3):
        values = [row[2][j] for row in rows]
        mean = sum(values) / len(values)
        sd = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
        scale.append(sd or 1.0)
    total = sum(weights)
    scored = [
        (
            round(math.sqrt(sum(weights[j] * ((row[2][j] - query[j]) / scale[j]) ** 2 for j in range(3)) / total), 12),
            -row[0],
            row[1],
        )
        for row in rows
    ]
    return [case_id for _, _, case_id in sorted(scored)[:k]]


def test_the_selector_returns_the_brute_force_nearest_of_5000_decided_cases(
    municipality, other_municipality, caseworker, user_factory, area, make_case, assess
):
    rng = random.Random(13)
    rows = generate_decided(municipality, area, caseworker, 5000, rng)
    # Decided cases of another service and of another municipality never count.
    generate_decided(municipality, make_service_area(municipality, "Sykehjem"), caseworker, 50, rng)
    other_user = user_factory(municipality=other_municipality, username="annen")
    generate_decided(other_municipality, make_service_area(other_municipality, "Hjemmetjenester"), other_user, 50, rng)

    case = make_case(caseworker, severity=4)
    measure = services.add_alternative(case, caseworker, title="Hjemmesykepleie")
    assess(measure, caseworker, 2, 3)
    case.refresh_from_db()
    judgment = combined_judgment(case)
    found = similar.similar_cases(case, judgment, k=25)
    assert found is not None
    assert found.scores == (4, 2, 3)
    assert found.compared == 5000
    weights = similar.weights_of(judgment.weight_version)
    assert [n.case.case_id for n in found.neighbours] == brute_force(rows, (4, 2, 3), weights, 25)
    assert all(n.case.reference.startswith("G-") for n in found.neighbours)


def test_the_search_reads_one_narrow_query_on_the_index(
    municipality, caseworker, area, make_case, assess, django_assert_num_queries
):
    generate_decided(municipality, area, caseworker, 300, random.Random(7))
    case = make_case(caseworker, severity=4)
    assess(services.add_alternative(case, caseworker, title="Hjemmesykepleie"), caseworker, 2, 3)
    case.refresh_from_db()
    judgment = combined_judgment(case)
    # The weights come with the judgment: the positions, the service's name, the references of the ten shown.
    with django_assert_num_queries(3) as queries:
        found = similar.similar_cases(case, judgment)
    assert found is not None
    assert len(found.neighbours) == similar.K
    positions_sql = queries.captured_queries[0]["sql"]
    assert "cases_decidedposition" in positions_sql
    assert "JOIN" not in positions_sql.upper()


def _index() -> dict[int, tuple]:
    return {
        row[0]: row[1:]
        for row in DecidedPosition.objects.values_list(
            "case_id", "decision_id", "severity", "benefit", "resources", "outcome", "service_area_id"
        )
    }


def _read(municipality, area) -> dict[int, tuple]:
    """What the decisions themselves say (the consistency report's reading), to hold the index against."""
    return {d.case_id: (*d.scores, d.outcome) for d in similar.decided_cases(municipality, area.pk)}


def test_the_index_holds_what_the_decisions_say(municipality, caseworker, area):
    generate_decided(municipality, area, caseworker, 40, random.Random(3))
    assert {case_id: row[1:5] for case_id, row in _index().items()} == _read(municipality, area)


def test_deciding_indexes_a_case_and_a_reassessment_takes_it_out_until_it_is_decided_again(
    seed_case, caseworker, like_cases, area, municipality
):
    case, _institution, home, _no_action = seed_case
    first = _decide(case, caseworker, home, "high")
    assert _index()[case.pk] == (first.pk, 4, 4, 3, similar.HIGH, area.pk)
    case.refresh_from_db()
    services.start_reassessment(case, caseworker, "Behovet er endret.")
    assert case.pk not in _index()
    again = _decide(case, caseworker, home, "medium", similar_acknowledged=True)
    assert _index()[case.pk] == (again.pk, 4, 4, 3, similar.MEDIUM, area.pk)
    assert {case_id: row[1:5] for case_id, row in _index().items()} == _read(municipality, area)


def test_the_migration_indexes_the_cases_decided_before_it(municipality, caseworker, area, like_cases):
    import importlib

    from django.apps import apps

    generate_decided(municipality, area, caseworker, 30, random.Random(5))
    kept = _index()
    DecidedPosition.objects.all().delete()
    importlib.import_module("prioritet.cases.migrations.0017_similar_case_index").index_decided_cases(apps, None)
    assert _index() == kept
    assert len(kept) == 36


@pytest.fixture
def like_cases(caseworker, area):
    """Six decided individual cases of the service like the seed case (severity 4, benefit 4,
    resources 3), each granted with high priority."""
    return [
        decided_case(
            caseworker,
            [("Hjemmetjeneste", (4, 3))],
            level=Level.INDIVIDUAL,
            title=f"Tidligere søknad {i}",
            severity=4,
            service_area=area,
            case_reference=f"S-{i}",
        )
        for i in range(6)
    ]


def _decide(case, user, alternative, priority="", **extra) -> Decision:
    case.refresh_from_db()
    return services.decide(
        case,
        user,
        case.version,
        alternative=alternative,
        priority=priority,
        justification="Samlet vurdering.",
        reassessment_due=timezone.localdate() + datetime.timedelta(days=90),
        departure_reason="Annen vurdering." if alternative.is_no_action else "",
        forsvarlighet_confirmed=alternative.needs_forsvarlighet,
        forsvarlighet_justification="Forsvarlig." if alternative.needs_forsvarlighet else "",
        **extra,
    )


def test_a_refusal_where_similar_cases_were_granted_is_flagged_and_needs_a_reason_or_proceeding(
    seed_case, caseworker, like_cases
):
    case, _institution, _home, no_action = seed_case
    with pytest.raises(ValidationError) as err:
        _decide(case, caseworker, no_action)
    assert "similar_departure_reason" in err.value.message_dict
    assert "6" in err.value.message_dict["similar_departure_reason"][0]

    decision = _decide(case, caseworker, no_action, similar_departure_reason="Pårørende dekker behovet.")
    assert decision.departs_from_similar is True
    assert decision.similar_departure_reason == "Pårørende dekker behovet."
    assert [row["reference"] for row in decision.similar_cases] == [f"S-{i}" for i in range(5, -1, -1)]
    assert {row["outcome"] for row in decision.similar_cases} == {similar.HIGH}
    assert decision.history.count() == 1


def test_proceeding_without_a_reason_is_recorded(seed_case, caseworker, like_cases):
    case, _institution, _home, no_action = seed_case
    decision = _decide(case, caseworker, no_action, similar_acknowledged=True)
    assert decision.departs_from_similar is True
    assert decision.similar_departure_reason == ""


def test_the_same_outcome_as_similar_cases_does_not_depart(seed_case, caseworker, like_cases):
    case, _institution, home, _no_action = seed_case
    decision = _decide(case, caseworker, home, "high", similar_departure_reason="Ikke nødvendig.")
    assert decision.departs_from_similar is False
    assert decision.similar_departure_reason == ""  # only kept where the conclusion departs


def test_too_few_similar_cases_flag_nothing(seed_case, caseworker, area):
    for _ in range(4):
        decided_case(caseworker, [("Tiltak", (4, 3))], level=Level.INDIVIDUAL, severity=4, service_area=area)
    case, _institution, _home, no_action = seed_case
    decision = _decide(case, caseworker, no_action)
    assert decision.departs_from_similar is False
    assert len(decision.similar_cases) == 4


def test_service_cases_are_not_compared(leader):
    _case, decision = decided_case(leader, [("Tiltak", (4, 3))], level=Level.SERVICE)
    assert decision.similar_cases is None
    assert decision.departs_from_similar is None


def test_the_decision_page_shows_similar_cases_pseudonymously_and_logs_each_read(
    client, seed_case, caseworker, like_cases
):
    case, _institution, _home, no_action = seed_case
    sign_in(client, caseworker)
    before = CaseAccess.objects.filter(page=similar.ACCESS_PAGE).count()
    response = client.get(reverse("cases:decide", args=[case.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'data-testid="similar-cases"' in content
    for i in range(6):
        assert f"S-{i}" in content
        assert f"Tidligere søknad {i}" not in content  # no free text of another case
    for earlier, _decision in like_cases:
        assert reverse("cases:detail", args=[earlier.pk]) + '"' not in content  # not opened through this
    logged = CaseAccess.objects.filter(page=similar.ACCESS_PAGE, user=caseworker)
    assert logged.count() - before == 6
    assert not list(verify())  # written together, chained as if one by one
    assert set(logged.values_list("case_id", flat=True)) == {c.pk for c, _ in like_cases}
    assert set(logged.values_list("basis", flat=True)) == {AccessBasis.SIMILAR}  # the access log says why

    response = client.post(
        reverse("cases:decide", args=[case.pk]),
        {
            "version": case.version,
            "signature": combined_judgment(case).signature,
            "alternative": no_action.pk,
            "justification": "Samlet vurdering.",
            "departure_reason": "Annen vurdering.",
            "forsvarlighet_confirmed": "on",
            "forsvarlighet_justification": "Forsvarlig.",
            "reassessment_due": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "avviker fra det lignende saker fikk" in response.content.decode()
    assert not Decision.objects.filter(case=case).exists()


def test_the_case_page_shows_the_decision_s_departure_and_its_reason(client, seed_case, caseworker, like_cases):
    case, _institution, _home, no_action = seed_case
    _decide(case, caseworker, no_action, similar_departure_reason="Pårørende dekker behovet.")
    sign_in(client, caseworker)
    content = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="decision-similar"' in content
    assert "Pårørende dekker behovet." in content
