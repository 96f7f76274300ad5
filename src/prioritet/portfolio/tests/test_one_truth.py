"""One truth between a case and its budget (issue 11 §4): the decision of a case with a portfolio is
the choice of a scenario, and the saksframlegg shows one recommendation and one decision.

The walk-through found the dementia case decided «4 days a week» while the same case's budget optimum
picked «2 days», both in one saksframlegg. Here the case's own alternative «4 days» is first in the
combined judgment while the budget's optimum is another selection.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from prioritet.accounts.models import Role
from prioritet.cases import political
from prioritet.cases import services as case_services
from prioritet.cases.forms import DecisionForm, RecommendationForm, VedtakForm
from prioritet.cases.judgment import combined_judgment
from prioritet.cases.models import Alternative, AlternativeKind, DecisionBody
from prioritet.cases.testing import assess, body_of, future, set_severity
from prioritet.portfolio import services
from prioritet.portfolio.models import Scenario, ScenarioKind
from prioritet.portfolio.truth import SelectionState, case_selection

from .conftest import add_worked_example


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#x27;", "'").replace("&quot;", '"').split())


def decide(case, user, alternative, **extra):
    case.refresh_from_db()
    judgment = combined_judgment(case)
    decision = case_services.decide(
        case,
        user,
        case.version,
        alternative=alternative,
        priority="high",
        justification="Samlet vurdering.",
        reassessment_due=future(),
        departure_reason="" if alternative.pk in judgment.top_ids else "Annen vurdering i møtet.",
        **extra,
    )
    case.refresh_from_db()
    return decision


@pytest.fixture
def dementia(service_case, portfolio, leader):
    """The walk-through's case: a plain alternative «4 days» first in the judgment, a budget whose
    optimum is another selection (M1, M3, M4, M5 within 3 000 000)."""
    measures = add_worked_example(portfolio, leader)
    services.set_budget(portfolio, leader, {"cost_nok": Decimal(3_000_000)})
    set_severity(service_case, leader, 4)
    four_days = case_services.add_alternative(service_case, leader, title="Dagaktivitet 4 dager i uka")
    assess(four_days, leader, 5, 2)
    return measures, four_days


def saksframlegg(client, case) -> str:
    response = client.get(reverse("reports:saksframlegg", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def listed_measures(html: str) -> list[str]:
    """The names in the portfolio section's table of measures in the selection."""
    table = html[html.index("pri-report__measures") :]
    table = table[: table.index("</table>")]
    return [text_of(cell.split("<span")[0]) for cell in re.findall(r"<th scope=\"row\">(.*?)</th>", table, re.S)]


def test_a_saved_scenario_is_an_alternative_of_the_case(portfolio, leader, service_case):
    measures = add_worked_example(portfolio, leader)
    scenario = services.create_scenario(
        portfolio, leader, name="Administrasjonens forslag", kind=ScenarioKind.PROPOSAL, measures=[measures["M1"]]
    )
    alternative = scenario.alternative
    assert alternative is not None
    assert alternative.case_id == service_case.pk
    assert alternative.title == "Administrasjonens forslag"
    assert "Forsvarlig nattbemanning" in alternative.description

    renamed = services.update_scenario(
        scenario, leader, scenario.version, name="Forslag med dagaktivitet", measures=[measures["M1"], measures["M4"]]
    )
    alternative.refresh_from_db()
    assert alternative.title == "Forslag med dagaktivitet"
    assert "Dagaktivitet for personer med demens" in alternative.description

    services.set_scenario_archived(renamed, leader, renamed.version, True)
    alternative.refresh_from_db()
    assert alternative.archived


def test_a_scenario_can_spell_out_an_alternative_the_case_has(portfolio, leader, service_case):
    measures = add_worked_example(portfolio, leader)
    existing = case_services.add_alternative(service_case, leader, title="Øke dagaktivitetstilbudet")
    scenario = services.create_scenario(
        portfolio,
        leader,
        name="Dagaktivitet 4 dager",
        kind=ScenarioKind.PROPOSAL,
        measures=[measures["M1"], measures["M4"]],
        alternative=existing,
    )
    assert scenario.alternative == existing
    assert Alternative.objects.get(pk=existing.pk).title == "Øke dagaktivitetstilbudet"  # its own words stay
    no_action = service_case.alternatives.get(kind=AlternativeKind.NO_ACTION)
    for wrong in (existing, no_action):
        with pytest.raises(ValidationError):
            services.create_scenario(
                portfolio,
                leader,
                name="Igjen",
                kind=ScenarioKind.POLITICAL,
                measures=[measures["M1"]],
                alternative=wrong,
            )


def test_a_case_with_a_portfolio_is_not_decided_on_an_alternative_that_is_no_scenario(dementia, service_case, leader):
    _, four_days = dementia
    with translation.override("nb"), pytest.raises(ValidationError) as refused:
        decide(service_case, leader, four_days)
    assert "er ikke et scenario" in " ".join(refused.value.message_dict["alternative"])
    assert not service_case.decisions.exists()


def test_no_action_can_still_be_chosen_in_a_case_with_a_portfolio(dementia, service_case, leader):
    no_action = service_case.alternatives.get(kind=AlternativeKind.NO_ACTION)
    decision = decide(
        service_case,
        leader,
        no_action,
        forsvarlighet_confirmed=True,
        forsvarlighet_justification="Tjenestene er forsvarlige med dagens drift.",
    )
    assert decision.alternative == no_action


def test_a_case_with_a_portfolio_cannot_show_two_contradicting_recommendations(
    dementia, service_case, portfolio, leader, login_client
):
    measures, four_days = dementia
    client = login_client(leader)

    # The judgment's first suggestion is no scenario: the optimum is shown as analysis only, never as a
    # second recommendation.
    html = saksframlegg(client, service_case)
    text = text_of(html)
    assert "Forslag: «Dagaktivitet 4 dager i uka» kommer først" in text
    assert "ikke et scenario i tiltakspakken" in text
    assert "Bare til analyse, ikke en anbefaling" in text
    assert case_selection(service_case).state == SelectionState.NONE

    # The administration's proposal as a scenario, assessed first; the optimum saved as another.
    proposal = services.create_scenario(
        portfolio,
        leader,
        name="Administrasjonens forslag",
        kind=ScenarioKind.PROPOSAL,
        measures=[measures[c] for c in ("M1", "M2", "M6")],
    )
    optimal = services.create_optimal_scenario(portfolio, leader, name="Optimalt utvalg")
    assess(Alternative.objects.get(pk=proposal.alternative_id), leader, 5, 1)
    assess(Alternative.objects.get(pk=optimal.alternative_id), leader, 3, 3)
    case_services.set_alternative_archived(four_days, leader, four_days.version, True)

    html = saksframlegg(client, service_case)
    text = text_of(html)
    assert "Forslag: «Administrasjonens forslag» kommer først" in text
    assert "Tiltakene i «Administrasjonens forslag»" in text
    assert listed_measures(html) == ["Forsvarlig nattbemanning", "Rehabilitering i institusjon", "Digitalt tilsyn"]
    # The optimum differs, and says so as a comparison.
    assert "Til sammenligning, ikke en anbefaling: verktøyets optimum innenfor budsjettet" in text
    # The workspace's scenarios tab marks the same scenario, and only it, as the case's recommendation.
    workspace = client.get(reverse("portfolio:detail", args=[portfolio.pk]) + "?view=scenarios").content.decode()
    assert workspace.count('data-testid="case-selection"') == 1
    before = workspace[: workspace.index('data-testid="case-selection"')]
    item = before[before.rindex("<li") :]
    assert "Administrasjonens forslag" in item
    assert "Optimalt utvalg" not in item
    assert "foreslått først" in workspace

    decide(service_case, leader, Alternative.objects.get(pk=proposal.alternative_id))
    html = saksframlegg(client, service_case)
    text = text_of(html)
    assert "Konklusjon: «Administrasjonens forslag» er valgt" in text
    assert "Tiltakene i det vedtatte scenarioet «Administrasjonens forslag»" in text
    assert listed_measures(html) == ["Forsvarlig nattbemanning", "Rehabilitering i institusjon", "Digitalt tilsyn"]
    # One conclusion only: the optimum is never called a recommendation or a decision.
    assert text.count("Konklusjon:") == 1
    assert case_selection(service_case).scenario == proposal
    assert (
        "sakens vedtak"
        in client.get(reverse("portfolio:detail", args=[portfolio.pk]) + "?view=scenarios").content.decode()
    )
    case_page = text_of(client.get(reverse("cases:detail", args=[service_case.pk])).content.decode())
    assert "Scenario i tiltakspakken (administrasjonens forslag)" in case_page


def test_the_decided_scenario_is_the_one_selection_when_it_is_the_optimum(worked, portfolio, service_case, leader):
    set_severity(service_case, leader, 4)
    optimal = services.create_optimal_scenario(portfolio, leader, name="Optimalt utvalg")
    assess(Alternative.objects.get(pk=optimal.alternative_id), leader, 4, 3)
    decide(service_case, leader, Alternative.objects.get(pk=optimal.alternative_id))
    selection = case_selection(service_case)
    assert selection.state == SelectionState.DECIDED
    assert selection.scenario == optimal


def test_a_scenario_saved_before_scenarios_were_alternatives_becomes_one_when_saved_again(portfolio, leader):
    measures = add_worked_example(portfolio, leader)
    scenario = services.create_scenario(
        portfolio, leader, name="Gammelt scenario", kind=ScenarioKind.PROPOSAL, measures=[measures["M1"]]
    )
    old_alternative = scenario.alternative
    Scenario.objects.filter(pk=scenario.pk).update(alternative=None)
    Alternative.objects.filter(pk=old_alternative.pk).update(archived=True)
    scenario.refresh_from_db()

    saved = services.update_scenario(scenario, leader, scenario.version, note="Lagret på nytt.")
    assert saved.alternative is not None
    assert saved.alternative.title == "Gammelt scenario"
    assert not saved.alternative.archived


def test_a_scenario_made_by_hand_can_be_an_alternative_the_case_has(
    worked, portfolio, service_case, leader, other_municipality, user_factory, login_client
):
    existing = case_services.add_alternative(service_case, leader, title="Øke dagaktivitetstilbudet")
    data = {
        "name": "Dagaktivitet fire dager",
        "kind": "political",
        "note": "",
        "measures": [worked[c].pk for c in ("M1", "M4")],
        "budget_cost_nok": "3 000 000",
        "budget_fte": "",
        "alternative": existing.pk,
        "action": "save",
    }
    client = login_client(leader)
    page = client.get(reverse("portfolio:scenario_create", args=[portfolio.pk]))
    assert list(page.context["form"].fields["alternative"].queryset) == [existing]
    assert client.post(reverse("portfolio:scenario_create", args=[portfolio.pk]), data).status_code == 302
    assert Scenario.objects.get(name="Dagaktivitet fire dager").alternative_id == existing.pk

    # Another municipality's alternative (or one already a scenario) is not a choice.
    theirs = case_services.create_case(
        other_municipality,
        user_factory(Role.LEADER, municipality=other_municipality, username="annen"),
        no_action_consequence="Ingen.",
        level="service",
        title="Annen sak",
    )
    stranger = case_services.add_alternative(theirs, theirs.created_by, title="Fremmed")
    for wrong in (stranger.pk, existing.pk):
        response = client.post(
            reverse("portfolio:scenario_create", args=[portfolio.pk]), {**data, "name": "Igjen", "alternative": wrong}
        )
        assert response.status_code == 200
        assert "alternative" in response.context["form"].errors


# The seams of issue 11: the innstilling and the vedtak of a political case with a portfolio ---------


@pytest.fixture
def political_budget(political_case, political_portfolio, director):
    """A political case with a portfolio: a plain alternative first in the judgment, the administration's
    proposal (M1, M2, M6) and the optimum (M1, M3, M4, M5) as scenarios."""
    measures = add_worked_example(political_portfolio, director)
    services.set_budget(political_portfolio, director, {"cost_nok": Decimal(3_000_000)})
    set_severity(political_case, director, 4)
    plain = case_services.add_alternative(political_case, director, title="Dagaktivitet 4 dager i uka")
    assess(plain, director, 5, 2)
    proposal = services.create_scenario(
        political_portfolio,
        director,
        name="Administrasjonens forslag",
        kind=ScenarioKind.PROPOSAL,
        measures=[measures[c] for c in ("M1", "M2", "M6")],
    )
    optimal = services.create_optimal_scenario(political_portfolio, director, name="Optimalt utvalg")
    assess(Alternative.objects.get(pk=proposal.alternative_id), director, 3, 3)
    assess(Alternative.objects.get(pk=optimal.alternative_id), director, 4, 2)
    political_case.refresh_from_db()
    return plain, proposal, optimal


def recommend(case, director, alternative):
    case.refresh_from_db()
    return political.recommend(
        case,
        director,
        case.version,
        alternative=alternative,
        priority="high",
        proposed_resolution="Kommunestyret vedtar administrasjonens forslag.",
        justification="Samlet vurdering av nytte, alvorlighet og ressurser.",
        departure_reason="Administrasjonens forslag holder nattbemanningen forsvarlig.",
    )


def record_vedtak(case, politician, alternative, **extra):
    case.refresh_from_db()
    values = {
        "body": body_of(case.municipality),
        "meeting_date": timezone.localdate(),
        "saksnummer": "PS 12/27",
        "priority": "high",
        "adopted_text": "Kommunestyret vedtar administrasjonens forslag.",
        "reassessment_due": future(),
        "unanimous": True,
    }
    values.update(extra)
    return political.record_vedtak(case, politician, case.version, alternative=alternative, **values)


def offered(form) -> list[str]:
    return [alternative.title for alternative in form.fields["alternative"].queryset]


def test_the_decision_form_offers_only_the_scenarios_and_no_action(dementia, service_case, portfolio, leader):
    measures, _four_days = dementia
    services.create_scenario(
        portfolio, leader, name="Administrasjonens forslag", kind=ScenarioKind.PROPOSAL, measures=[measures["M1"]]
    )
    service_case.refresh_from_db()
    titles = offered(DecisionForm(case=service_case))
    assert "Administrasjonens forslag" in titles
    assert "Dagaktivitet 4 dager i uka" not in titles
    assert service_case.alternatives.get(kind=AlternativeKind.NO_ACTION).title in titles
    assert len(titles) == 2


def test_a_case_without_a_portfolio_offers_every_alternative(make_case, leader):
    case = make_case(leader, level="service")
    plain = case_services.add_alternative(case, leader, title="Et vanlig alternativ")
    assert plain.title in offered(DecisionForm(case=case))


def test_the_innstilling_and_vedtak_forms_offer_only_the_scenarios_and_no_action(political_budget, political_case):
    plain, proposal, optimal = political_budget
    no_action = political_case.alternatives.get(kind=AlternativeKind.NO_ACTION)
    expected = sorted([no_action.title, proposal.name, optimal.name])
    assert sorted(offered(RecommendationForm(case=political_case))) == expected
    bodies = DecisionBody.objects.filter(municipality=political_case.municipality)
    assert sorted(offered(VedtakForm(case=political_case, bodies=bodies))) == expected
    assert plain.title not in offered(RecommendationForm(case=political_case))


def test_the_innstilling_on_a_portfolio_case_must_be_a_scenario(political_budget, political_case, director):
    plain, _proposal, _optimal = political_budget
    with translation.override("nb"), pytest.raises(ValidationError) as refused:
        recommend(political_case, director, plain)
    assert "er ikke et scenario" in " ".join(refused.value.message_dict["alternative"])
    assert not political_case.recommendations.exists()


def test_the_vedtak_on_a_portfolio_case_must_be_a_scenario(political_budget, political_case, director, politician):
    plain, proposal, _optimal = political_budget
    recommend(political_case, director, Alternative.objects.get(pk=proposal.alternative_id))
    with translation.override("nb"), pytest.raises(ValidationError) as refused:
        record_vedtak(political_case, politician, plain, departure_description="Kommunestyret valgte fire dager.")
    assert "er ikke et scenario" in " ".join(refused.value.message_dict["alternative"])
    assert not political_case.decisions.exists()
    decision = record_vedtak(political_case, politician, Alternative.objects.get(pk=proposal.alternative_id))
    assert decision.alternative_id == proposal.alternative_id


def test_a_political_case_with_an_innstilling_shows_the_innstilling_as_its_one_recommendation(
    political_budget, political_case, political_portfolio, director, politician, login_client
):
    _plain, proposal, optimal = political_budget
    recommend(political_case, director, Alternative.objects.get(pk=proposal.alternative_id))
    selection = case_selection(political_case)
    assert selection.state == SelectionState.RECOMMENDED
    assert selection.scenario == proposal

    client = login_client(director)
    html = saksframlegg(client, political_case)
    text = text_of(html)
    # The portfolio section spells out the innstilling's scenario, not the optimum or the first suggestion.
    assert (
        "Tiltakene i «Administrasjonens forslag» (administrasjonens forslag), "
        "alternativet i kommunedirektørens innstilling" in text
    )
    assert listed_measures(html) == ["Forsvarlig nattbemanning", "Rehabilitering i institusjon", "Digitalt tilsyn"]
    assert "Til sammenligning, ikke en anbefaling: verktøyets optimum innenfor budsjettet" in text
    assert "alternativet den samlede vurderingen foreslår først" not in text
    assert "Bare til analyse, ikke en anbefaling" not in text
    # The saksframlegg's conclusion is the innstilling too: the judgment's first suggestion is the basis.
    assert "Forslag: «Dagaktivitet 4 dager i uka» kommer først" not in text
    assert (
        "Innstilling: Kommunedirektøren anbefaler «Administrasjonens forslag». Den samlede vurderingen setter "
        "«Dagaktivitet 4 dager i uka» først; rekkefølgen over er grunnlaget, ikke en ekstra anbefaling."
    ) in text
    workspace = client.get(
        reverse("portfolio:detail", args=[political_portfolio.pk]) + "?view=scenarios"
    ).content.decode()
    assert workspace.count('data-testid="case-selection"') == 1
    item = workspace[: workspace.index('data-testid="case-selection"')]
    assert "Administrasjonens forslag" in item[item.rindex("<li") :]
    assert "innstillingen" in workspace

    # After the vedtak (here departing to the optimum), the vedtak's scenario is the one selection.
    record_vedtak(
        political_case,
        politician,
        Alternative.objects.get(pk=optimal.alternative_id),
        departure_description="Kommunestyret valgte det optimale utvalget.",
    )
    political_case.refresh_from_db()
    selection = case_selection(political_case)
    assert selection.state == SelectionState.DECIDED
    assert selection.scenario == optimal
    text = text_of(saksframlegg(client, political_case))
    assert "Tiltakene i det vedtatte scenarioet «Optimalt utvalg»" in text
    assert "kommunedirektørens innstilling: samlet verdi" not in text
