"""Party groups and their alternative budgets: built from the proposal, changed, checked for balance in
every year (kommuneloven § 14-4) and for mandatory measures, submitted, listed as endringsforslag."""

from __future__ import annotations

import pytest
from django.urls import reverse

from prioritet.accounts.models import Role
from prioritet.budgetplan import services
from prioritet.budgetplan.demo import CASE_TITLE, add_demo_plan
from prioritet.budgetplan.models import EconomyPlan, PartyGroup, PlanAlternative
from prioritet.core.testing import FNR


@pytest.fixture
def world(municipality, user_factory, municipal_admin):
    director = user_factory(role=Role.DIRECTOR, username="demo-direktor")
    add_demo_plan(municipality, {"demo-direktor": director})
    plan = EconomyPlan.objects.get(case__title=CASE_TITLE)
    politician = user_factory(role=Role.POLITICIAN, username="rep")
    outsider = user_factory(role=Role.POLITICIAN, username="other-party")
    return plan, director, politician, outsider


def test_the_administrator_keeps_the_party_groups(world, municipal_admin, login_client):
    _plan, director, politician, _outsider = world
    client = login_client(municipal_admin)
    url = reverse("budgetplan:party_groups")
    assert client.post(url, {"name": "Arbeiderpartiet", "members": [politician.pk]}).status_code == 302
    group = PartyGroup.objects.get(name="Arbeiderpartiet")
    assert list(group.members.all()) == [politician]
    assert client.post(url, {"name": f"Parti {FNR}"}).status_code == 400
    assert client.post(url, {"name": "Arbeiderpartiet"}).status_code == 400  # the name is taken
    assert client.post(url, {"name": "Høyre", "members": [director.pk]}).status_code == 400  # not a politician
    assert login_client(politician).get(url).status_code == 403


def _group(municipal_admin, municipality, members):
    return services.save_party_group(municipality, municipal_admin, "Senterpartiet", members)


def test_a_party_moves_two_measures_a_year_later_and_submits(world, municipal_admin, login_client):
    plan, director, politician, outsider = world
    group = _group(municipal_admin, plan.municipality, [politician])
    client = login_client(politician)
    response = client.post(
        reverse("budgetplan:alternative_create", args=[plan.case_id]),
        {"name": "Sp sitt forslag", "party_group": group.pk},
    )
    alt = PlanAlternative.objects.get(party_group=group)
    assert response.status_code == 302
    rows = {m.code: m for m in plan.measures.all()}
    assert alt.starts == {code: m.proposed_start for code, m in rows.items() if m.proposed_start}
    url = reverse("budgetplan:alternative", args=[plan.case_id, alt.pk])
    form = client.get(url).context["form"]
    post = {k: ("" if v is None else v) for k, v in form.initial.items()}
    post[f"start__{rows['avlastning-barn'].pk}"] = 2028
    post[f"start__{rows['korttid-2'].pk}"] = ""
    post[f"start__{rows['frisklivssentral'].pk}"] = 2029
    assert client.post(url, post).status_code == 302
    page = client.get(url)
    changes = {(a.measure.code, a.proposed, a.alternative) for a in page.context["amendments"]}
    assert changes == {("avlastning-barn", 2027, 2028), ("korttid-2", 2030, None), ("frisklivssentral", None, 2029)}
    assert not page.context["errors"]
    # Another party's politician sees neither the draft nor its page.
    assert login_client(outsider).get(url).status_code == 404
    client.post(reverse("budgetplan:alternative_submit", args=[plan.case_id, alt.pk]))
    alt.refresh_from_db()
    assert alt.submitted
    assert login_client(outsider).get(url).status_code == 200  # submitted: open to every reader
    assert client.post(url, post).status_code == 403  # submitted: no more changes
    # The saksframlegg shows the proposal, the submitted alternative and its endringsforslag.
    report = login_client(director).get(reverse("reports:saksframlegg", args=[plan.case_id]))
    text = report.content.decode()
    assert report.status_code == 200
    assert "Sp sitt forslag" in text
    assert rows["korttid-2"].name in text
    assert "<svg" in text


def test_an_unbalanced_alternative_is_refused_with_the_year_and_amount(world, municipal_admin, login_client):
    plan, _director, politician, _outsider = world
    group = _group(municipal_admin, plan.municipality, [politician])
    alt = services.create_alternative(plan, politician, group, "For dyrt")
    starts = {**alt.starts, "korttid-4": 2029, "dagaktivitet-4": 2027, "hverdagsrehabilitering": 2027}
    starts.pop("korttid-2")
    alt = services.edit_alternative(alt, alt.version, politician, alt.name, starts)
    errors = services.alternative_errors(alt)
    assert any(e.startswith("2029, Kostnad (kr per år):") for e in errors), errors
    client = login_client(politician)
    response = client.post(reverse("budgetplan:alternative_submit", args=[plan.case_id, alt.pk]), follow=True)
    text = response.content.decode().replace("\u00a0", " ").replace("&nbsp;", " ")
    assert "2029, Kostnad (kr per år)" in text
    assert "14-4" in text
    alt.refresh_from_db()
    assert not alt.submitted


def test_a_mandatory_measure_cannot_be_left_out(world, municipal_admin):
    plan, _director, politician, _outsider = world
    group = _group(municipal_admin, plan.municipality, [politician])
    alt = services.create_alternative(plan, politician, group, "Uten nattbemanning")
    starts = {k: v for k, v in alt.starts.items() if k != "nattbemanning-sykehjem"}
    alt = services.edit_alternative(alt, alt.version, politician, alt.name, starts)
    assert any("2027" in e for e in services.alternative_errors(alt))
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.submit_alternative(alt, alt.version, politician)


def test_a_start_before_the_earliest_year_is_refused(world, municipal_admin):
    from django.core.exceptions import ValidationError

    plan, _director, politician, _outsider = world
    group = _group(municipal_admin, plan.municipality, [politician])
    alt = services.create_alternative(plan, politician, group, "For tidlig")
    with pytest.raises(ValidationError):
        services.edit_alternative(alt, alt.version, politician, alt.name, {**alt.starts, "korttid-4": 2027})
