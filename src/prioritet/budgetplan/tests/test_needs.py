"""The need projections beside the økonomiplan: the plan years only, those of the service areas that
match the plan's budget columns (else the municipality's), read-only, with small counts hidden."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_service_area
from prioritet.budgetplan.models import EconomyPlan
from prioritet.indicators import services as indicator_services

YEARS = ("2026", "2027", "2028", "2029")


def _projection(municipality, user, name, coverage, population, **fields):
    return indicator_services.create_projection(
        municipality,
        user,
        name=name,
        service=name,
        base_year=2026,
        end_year=2029,
        coverage=coverage,
        population=population,
        fte_per_user=Decimal("0.5"),
        cost_per_user=Decimal("400000"),
        **fields,
    )


def _page(client, plan):
    response = client.get(reverse("budgetplan:for_case", args=[plan.case_id]))
    assert response.status_code == 200
    return response


def test_the_municipalitys_projections_are_shown_for_the_plan_years_when_none_matches(demo, login_client):
    plan, director = demo
    people = {"80-89": dict.fromkeys(YEARS, 1000), "90+": dict.fromkeys(YEARS, 200)}
    _projection(plan.municipality, director, "Hjemmetjenester", {"80-89": 0.25, "90+": 0.5}, people)
    needs = _page(login_client(director), plan).context["needs"]
    assert needs["matched"] is False
    (item,) = needs["figures"]
    figure = item["figure"]
    # 2026 lies before the plan: only 2027–2029 are shown, with 1000 × 0,25 + 200 × 0,5 = 350 users.
    assert [year for year, _cells in figure.rows] == ["2027", "2028", "2029"]
    assert all(cells[0].text == "350" for _year, cells in figure.rows)


def test_a_projection_of_a_service_area_named_as_a_budget_column_is_shown_beside_it(demo, login_client):
    plan, director = demo
    area = make_service_area(plan.municipality, name="Hjemmetjenester")
    EconomyPlan.objects.filter(pk=plan.pk).update(frames={**plan.frames, "Hjemmetjenester": [1.0] * 4})
    people = {"80-89": dict.fromkeys(YEARS, 1000), "90+": dict.fromkeys(YEARS, 200)}
    _projection(plan.municipality, director, "Hjemme", {"80-89": 0.25, "90+": 0.5}, people, service_area=area)
    _projection(plan.municipality, director, "Uten område", {"80-89": 0.1}, {"80-89": dict.fromkeys(YEARS, 1000)})
    needs = _page(login_client(director), plan).context["needs"]
    assert needs["matched"] is True
    # The baseline of the area's projection only, under the column it matches.
    assert [(item["label"], item["figure"].name.split(",")[0]) for item in needs["figures"]] == [
        ("Hjemmetjenester", "Hjemme")
    ]


def test_small_counts_are_hidden_with_their_arsverk_and_cost(demo, login_client, user_factory):
    plan, director = demo
    # 90+ only, 10 % of 30/40/60/80 inhabitants: 3, 4, 6 and 8 users; 2027 (4) is hidden, 2028 (6) shown.
    people = {"90+": {"2026": 30, "2027": 40, "2028": 60, "2029": 80}}
    _projection(plan.municipality, director, "Lite tilbud", {"90+": 0.1}, people)
    politician = login_client(user_factory(role=Role.POLITICIAN, username="rep"))
    page = _page(politician, plan)
    figure = page.context["needs"]["figures"][0]["figure"]
    rows = dict(figure.rows)
    assert [cell.text for cell in rows["2027"][:3]] == [":", ":", ":"]
    assert rows["2028"][0].text == "6"
    assert figure.suppressed
    body = page.content.decode().replace("\u00a0", " ")
    assert "1 600 000" not in body  # 2027's cost (4 users × 400 000) appears nowhere
    assert 'data-testid="plan-needs"' in body


def test_another_municipalitys_projections_are_not_shown_and_none_means_no_section(
    demo, login_client, other_municipality, user_factory
):
    plan, director = demo
    stranger = user_factory(role=Role.DIRECTOR, municipality=other_municipality, username="ut")
    people = {"80-89": dict.fromkeys(YEARS, 1000)}
    _projection(other_municipality, stranger, "Fremmed", {"80-89": 0.25}, people)
    page = _page(login_client(director), plan)
    assert page.context["needs"] is None
    assert 'data-testid="plan-needs"' not in page.content.decode()
