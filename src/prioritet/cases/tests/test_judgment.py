"""The combined judgment is the engine's order on the median scores, with the municipality's weights."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from prioritet.cases import services
from prioritet.cases.judgment import combined_judgment, median_score
from prioritet.cases.testing import on_team
from prioritet.engine import Measures, Weights, rank
from prioritet.weighting.selectors import current_weights
from prioritet.weighting.services import create_version


def test_seed_case_order_matches_the_seed_conclusion(seed_case):
    case, institution, home, no_action = seed_case
    judgment = combined_judgment(case)
    assert [r.alternative for r in judgment.ranked] == [home, institution]
    # «Ikke starte, utsette eller avslutte» is the reference: last, with no rank, value or band.
    assert judgment.reference is not None
    assert judgment.reference.alternative == no_action
    assert judgment.rows[-1] is judgment.reference
    assert (judgment.reference.rank, judgment.reference.value, judgment.reference.band) == (None, None, None)
    assert no_action.pk not in {row["alternative"] for row in judgment.suggestion()}
    assert judgment.top is not None
    assert judgment.top.alternative == home
    assert judgment.top.band == "high"  # «Bør prioritere rehabiliteringsteam i hjemmet»
    assert judgment.top.scores == (4, 4, 3)


@pytest.mark.parametrize("weights", [(1, 1, 1), (3, 1, 1), (1, 3, 1), (1, 1, 4), (0, 1, 0)])
def test_order_equals_engine_rank_on_the_median_scores(
    make_case, caseworker, health_personnel, user_factory, assess, municipality, weights
):
    from prioritet.accounts.models import Role

    third = user_factory(Role.CASEWORKER)
    rng = np.random.default_rng(sum(weights))
    # Severity is the need's: one score for the case, the same in every alternative's row.
    severity = int(rng.integers(1, 6))
    case = on_team(make_case(caseworker, severity=severity), health_personnel, third)
    alternatives = [case.alternatives.get()] + [
        services.add_alternative(case, caseworker, title=f"Tiltak {i}") for i in range(6)
    ]
    medians = []
    for alternative in alternatives:
        given = rng.integers(1, 6, size=(3, 2))
        for user, (b, r) in zip((caseworker, health_personnel, third), given, strict=True):
            assess(alternative, user, int(b), int(r))
        # odd count: an exact score
        medians.append([int(np.median(given[:, 0])), severity, int(np.median(given[:, 1]))])
    b, s, r = weights
    assert current_weights(municipality).number == 1  # equal weights until the municipality decides
    create_version(
        municipality,
        None,
        benefit=Decimal(b),
        severity=Decimal(s),
        resources=Decimal(r),
        reason="test",
        decided_by_body="kommunestyret",
    )
    case.refresh_from_db()
    judgment = combined_judgment(case)

    # The first alternative is «no action», the reference: the engine ranks the others only.
    measures_only = alternatives[1:]
    medians = medians[1:]
    alternatives = measures_only
    ids = [f"{a.pk:012d}" for a in alternatives]
    expected = rank(
        Measures.build(ids, [a.title for a in alternatives], medians),
        Weights.parse(f"benefit={b},severity={s},resources={r}"),
    )
    assert [r.alternative.pk for r in judgment.ranked] == [alternatives[i].pk for i in expected.order]
    for row in judgment.ranked:
        i = alternatives.index(row.alternative)
        assert row.value == pytest.approx(float(expected.values[i]))
        assert list(row.scores) == medians[i]
    assert judgment.weight_version.number == 2


def test_severity_is_the_needs_the_same_for_every_alternative(seed_case, caseworker):
    case, *_ = seed_case
    case = services.update_case(case, caseworker, case.version, severity=2)
    judgment = combined_judgment(case)
    assert {row.scores[1] for row in judgment.rows} == {2}
    assert judgment.severity == 2


def test_without_the_needs_severity_there_is_no_order_and_the_signature_changes_when_it_is_set(seed_case, caseworker):
    case, *_ = seed_case
    case = services.update_case(case, caseworker, case.version, severity=None)
    missing = combined_judgment(case)
    assert missing.severity_missing
    assert missing.ranked == []
    assert missing.top is None
    assert all(row.rank is None and row.medians == [] for row in missing.rows)
    case = services.update_case(case, caseworker, case.version, severity=4)
    judgment = combined_judgment(case)
    assert not judgment.severity_missing
    assert judgment.signature != missing.signature
    assert judgment.top is not None


def test_even_number_of_assessors_rounds_the_median_half_up():
    assert median_score([3, 4]) == (3.5, 4)
    assert median_score([2, 3, 4, 5]) == (3.5, 4)
    assert median_score([1, 5, 5]) == (5.0, 5)
    assert median_score([2, 3]) == (2.5, 3)


def test_unassessed_alternatives_are_listed_last_without_a_rank(make_case, caseworker, assess):
    case = make_case(caseworker)
    lonely = services.add_alternative(case, caseworker, title="Ikke vurdert")
    assess(case.alternatives.get(kind="no_action"), caseworker, 1, 1)
    judgment = combined_judgment(case)
    assert judgment.rows[-2].alternative == lonely
    assert judgment.rows[-2].rank is None
    assert judgment.ranked == []  # the assessed «no action» is the reference, never ranked
    assert judgment.rows[-1].is_reference


def test_ties_at_the_top_are_all_top_suggestions(make_case, caseworker, assess):
    case = make_case(caseworker)
    a = services.add_alternative(case, caseworker, title="A")
    b = services.add_alternative(case, caseworker, title="B")
    assess(a, caseworker, 4, 2)
    assess(b, caseworker, 4, 2)
    assess(case.alternatives.get(kind="no_action"), caseworker, 1, 1)
    judgment = combined_judgment(case)
    assert judgment.top_ids == {a.pk, b.pk}


def test_archived_alternatives_are_left_out(seed_case, caseworker):
    case, institution, home, _ = seed_case
    services.set_alternative_archived(home, caseworker, home.version, True)
    judgment = combined_judgment(case)
    assert home.pk not in {r.alternative.pk for r in judgment.rows}
    assert judgment.top is not None
    assert judgment.top.alternative == institution
