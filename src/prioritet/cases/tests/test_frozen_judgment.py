"""A decided case shows the ranking as it was at the decision (the decision's snapshot and weight version);
the ranking with today's weights appears only as a labelled comparison, and only when the weights differ."""

from __future__ import annotations

import re
from decimal import Decimal

from django.urls import reverse

from prioritet.cases.judgment import decided_judgment, frozen_judgment
from prioritet.cases.models import Decision
from prioritet.cases.testing import decided_case
from prioritet.weighting.services import create_version

#: Equal weights put «Lavterskel» (small benefit, few resources) first; weights on benefit put «Utvidet» first.
ALTERNATIVES = [("Utvidet tilbud", (5, 5)), ("Lavterskel", (3, 1))]


def benefit_weights(municipality):
    return create_version(
        municipality,
        None,
        benefit=Decimal(8),
        severity=Decimal(1),
        resources=Decimal(1),
        reason="Nytte vektlegges mer.",
        decided_by_body="kommunestyret",
    )


def titles(judgment) -> list[str]:
    return [row.alternative.title for row in judgment.ranked]


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_decided_ranking_stays_as_it_was_when_the_weights_change(leader, municipality):
    case, decision = decided_case(leader, ALTERNATIVES)
    assert titles(frozen_judgment(case, decision)) == ["Lavterskel", "Utvidet tilbud"]

    new = benefit_weights(municipality)
    decided = decided_judgment(case, decision)

    assert titles(decided.judgment) == ["Lavterskel", "Utvidet tilbud"]
    assert decided.judgment.weight_version == decision.weight_version
    assert decided.today is not None
    assert decided.today.weight_version == new
    assert titles(decided.today) == ["Utvidet tilbud", "Lavterskel"]


def test_no_comparison_while_the_weights_are_the_decisions(leader):
    case, decision = decided_case(leader, ALTERNATIVES)
    assert decided_judgment(case, decision).today is None


def test_the_snapshot_wins_over_a_recomputation(leader):
    case, decision = decided_case(leader, ALTERNATIVES)
    stored = [dict(row) for row in decision.suggestion]
    stored[0]["value"] = 0.9
    stored[0]["scores"] = {**stored[0]["scores"], "severity": 5}
    Decision.objects.filter(pk=decision.pk).update(suggestion=stored)
    decision.refresh_from_db()

    top = frozen_judgment(case, decision).ranked[0]
    assert top.value == 0.9
    assert top.scores[1] == 5  # severity, as stored at the decision


def test_the_case_page_labels_the_frozen_ranking_and_compares_with_todays_weights(leader, municipality, login_client):
    case, decision = decided_case(leader, ALTERNATIVES)
    client = login_client(leader)
    before = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="judgment-frozen"' in before
    assert "Rangeringen slik den var ved vedtaket" in text_of(before)
    assert f"med vektene i versjon {decision.weight_version.number}" in text_of(before)
    assert 'data-testid="judgment-today"' not in before

    benefit_weights(municipality)
    after = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    comparison = after[after.index('data-testid="judgment-today"') :]
    assert "Med dagens vekter (versjon 2)" in text_of(comparison)
    # The ranking of the case is still the decision's: «Lavterskel» first, above the comparison.
    frozen = text_of(after[after.index('data-testid="judgment-frozen"') : after.index('data-testid="judgment-today"')])
    assert frozen.index("Lavterskel") < frozen.index("Utvidet tilbud")
    today = text_of(comparison)
    assert today.index("Utvidet tilbud") < today.index("Lavterskel")


def test_the_saksframlegg_shows_the_frozen_ranking_and_todays_only_as_a_comparison(leader, municipality, login_client):
    case, _ = decided_case(leader, ALTERNATIVES)
    benefit_weights(municipality)
    html = login_client(leader).get(reverse("reports:saksframlegg", args=[case.pk])).content.decode()
    text = text_of(html)
    assert "Rangeringen slik den var ved vedtaket" in text
    assert "Til sammenligning: med dagens vekter (versjon 2)" in text
    assert "rekkefølgen med dagens vekter er en annen" in text
    # The conclusion and the table above the comparison are the decision's.
    judgment = text_of(html[html.index('id="judgment"') : html.index('data-testid="judgment-today"')])
    assert judgment.index("Lavterskel") < judgment.index("Utvidet tilbud")
    assert "Vekter, versjon 1" in text
