"""The suggested order against an oracle written from docs/methods.md §10h, not from the code.

The oracle computes the additive value exactly (fractions) from the weights as the municipality
saved them and sorts by the documented keys; the engine rounds its values to 12 decimals, which
cannot merge two different exact values of weights with three decimals.
"""

from __future__ import annotations

import datetime
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from prioritet.engine import Criterion, Weights
from prioritet.waiting.ordering import Applicant, suggested_order


def oracle_key(applicant: Applicant, weights: dict[str, Fraction]):
    total = sum(weights.values())
    value = (
        weights["benefit"] * Fraction(applicant.benefit - 1, 4)
        + weights["severity"] * Fraction(applicant.severity - 1, 4)
        + weights["resources"] * Fraction(5 - applicant.resources, 4)
    ) / total
    return (
        -value,
        -applicant.severity,
        -applicant.benefit,
        -applicant.urgency,
        applicant.waiting_since,
        applicant.entry,
    )


def oracle(applicants: list[Applicant], weights: dict[str, Fraction]) -> list[int]:
    return [a.entry for a in sorted(applicants, key=lambda a: oracle_key(a, weights))]


def engine_weights(weights: dict[str, Fraction]) -> Weights:
    return Weights({Criterion(name): float(value) for name, value in weights.items()})


score = st.integers(min_value=1, max_value=5)
applicant = st.builds(
    Applicant,
    entry=st.integers(min_value=1, max_value=10**9),
    severity=score,
    benefit=score,
    resources=score,
    urgency=st.integers(min_value=1, max_value=3),
    waiting_since=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 12, 31)),
)
weight = st.integers(min_value=0, max_value=100_000).map(lambda n: Fraction(n, 1000))


@settings(max_examples=300, deadline=None)
@given(
    applicants=st.lists(applicant, min_size=1, max_size=60, unique_by=lambda a: a.entry),
    benefit=weight,
    severity=weight,
    resources=weight,
)
def test_the_suggested_order_is_the_documented_sort(applicants, benefit, severity, resources):
    weights = {"benefit": benefit, "severity": severity, "resources": resources}
    if sum(weights.values()) == 0:
        weights = {name: Fraction(1) for name in weights}
    ranked = suggested_order(applicants, engine_weights(weights))
    assert [r.applicant.entry for r in ranked] == oracle(applicants, weights)
    assert [r.position for r in ranked] == list(range(1, len(applicants) + 1))


def test_severity_breaks_a_tie_in_value_before_urgency_and_waiting_time():
    day = datetime.date(2026, 1, 1)
    # Equal weights: (s=4, b=3, r=3) and (s=3, b=4, r=3) have the same value; severity goes first.
    longer_but_less_severe = Applicant(1, severity=3, benefit=4, resources=3, urgency=3, waiting_since=day)
    more_severe = Applicant(
        2, severity=4, benefit=3, resources=3, urgency=1, waiting_since=day.replace(year=2026, month=6)
    )
    ranked = suggested_order([longer_but_less_severe, more_severe], Weights.equal())
    assert [r.applicant.entry for r in ranked] == [2, 1]


def test_urgency_then_waiting_time_break_an_exact_tie():
    early, late = datetime.date(2025, 1, 1), datetime.date(2025, 6, 1)
    same = {"severity": 4, "benefit": 4, "resources": 2}
    a = Applicant(1, **same, urgency=1, waiting_since=early)
    b = Applicant(2, **same, urgency=2, waiting_since=late)
    c = Applicant(3, **same, urgency=2, waiting_since=early)
    ranked = suggested_order([a, b, c], Weights.equal())
    assert [r.applicant.entry for r in ranked] == [3, 2, 1]
