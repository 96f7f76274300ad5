"""The measures catalogue: the municipal administrator keeps it, the case roles read it and take an
entry into an open service or political case as an alternative or into its portfolio as a measure;
nothing crosses municipalities; the text rules and limits hold; every change has its history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_service_area
from prioritet.cases.models import Alternative, Level
from prioritet.catalogue import services
from prioritet.catalogue.models import CatalogueEntry
from prioritet.core.testing import FNR
from prioritet.portfolio import services as portfolio_services
from prioritet.portfolio.models import Measure, MeasureAmount


@pytest.fixture
def admin(municipal_admin):
    portfolio_services.ensure_default_columns(municipal_admin.municipality)
    return municipal_admin


@pytest.fixture
def entry(admin):
    return services.create_entry(
        admin.municipality,
        admin,
        name="Hverdagsrehabilitering",
        description="Tverrfaglig team som trener hjemmeboende i daglige gjøremål.",
        resources={"cost_nok": Decimal(2_450_000), "fte": Decimal(3)},
    )


def test_the_administrator_creates_edits_and_archives_an_entry_through_the_pages(admin, login_client):
    client = login_client(admin)
    response = client.post(
        reverse("catalogue:create"),
        {"name": "Fallforebygging", "kind": "measure", "description": "Trening", "resource_cost_nok": "380 000"},
    )
    assert response.status_code == 302
    entry = CatalogueEntry.objects.get(name="Fallforebygging")
    assert entry.resources == {"cost_nok": "380000"}
    # The edit page opens with the entry's own values (it opened empty: the crawl's screenshots, issue 15).
    page = client.get(reverse("catalogue:edit", args=[entry.pk])).content.decode()
    assert 'value="Fallforebygging"' in page
    assert "Trening</textarea>" in page
    response = client.post(
        reverse("catalogue:edit", args=[entry.pk]),
        {"name": "Fallforebyggende trening", "kind": "measure", "version": entry.version, "resource_fte": "0,4"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.name, entry.resources) == ("Fallforebyggende trening", {"fte": "0.4"})
    assert client.post(reverse("catalogue:archive", args=[entry.pk])).status_code == 302
    entry.refresh_from_db()
    assert entry.archived
    assert entry.history.count() == 3
    assert entry.history.first().history_user == admin
    assert reverse("catalogue:edit", args=[entry.pk]) not in client.get(reverse("catalogue:index")).content.decode()


def test_the_edit_page_shows_the_stored_entry(entry, admin, login_client):
    form = login_client(admin).get(reverse("catalogue:edit", args=[entry.pk])).context["form"]
    assert not form.is_bound
    assert (form["name"].value(), form["version"].value()) == ("Hverdagsrehabilitering", entry.version)
    assert form["resource_cost_nok"].value()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.LEADER, Role.DIRECTOR])
def test_the_case_roles_read_and_search_the_catalogue_but_cannot_change_it(entry, user_factory, login_client, role):
    client = login_client(user_factory(role))
    page = client.get(reverse("catalogue:index"), {"q": "hverdags"}).content.decode()
    assert "Hverdagsrehabilitering" in page
    assert reverse("catalogue:edit", args=[entry.pk]) not in page
    assert "Hverdagsrehabilitering" not in client.get(reverse("catalogue:index"), {"q": "nattevakt"}).content.decode()
    assert client.get(reverse("catalogue:create")).status_code == 403
    assert client.post(reverse("catalogue:create"), {"name": "X", "kind": "measure"}).status_code == 403
    assert client.post(reverse("catalogue:edit", args=[entry.pk]), {"name": "X", "kind": "measure"}).status_code == 403
    assert client.post(reverse("catalogue:archive", args=[entry.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        services.create_entry(entry.municipality, user_factory(role, username=f"{role}-2"), name="X")
    assert CatalogueEntry.objects.count() == 1


def test_a_politician_does_not_use_the_catalogue(entry, user_factory, login_client):
    assert login_client(user_factory(Role.POLITICIAN)).get(reverse("catalogue:index")).status_code == 403


def test_another_municipality_sees_nothing_and_changes_nothing(entry, other_municipality, login_client):
    from prioritet.accounts.testing import make_user

    other_admin = make_user(Role.MUNICIPAL_ADMIN, municipality=other_municipality, username="other-admin")
    client = login_client(other_admin)
    assert "Hverdagsrehabilitering" not in client.get(reverse("catalogue:index")).content.decode()
    assert client.get(reverse("catalogue:edit", args=[entry.pk])).status_code == 404
    assert client.post(reverse("catalogue:archive", args=[entry.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        services.update_entry(entry, other_admin, entry.version, name="Kapret")
    entry.refresh_from_db()
    assert (entry.name, entry.archived) == ("Hverdagsrehabilitering", False)


@pytest.mark.parametrize(
    "name",
    [f"Tiltak for {FNR}", "Tiltak\x00med kontrolltegn", "x" * 201],
    ids=["national id number", "control character", "too long"],
)
def test_the_text_rules_and_limits_refuse_what_does_not_belong(admin, name):
    with pytest.raises(ValidationError):
        services.create_entry(admin.municipality, admin, name=name)
    assert not CatalogueEntry.objects.exists()


def test_a_negative_amount_or_an_unknown_column_is_refused(admin):
    with pytest.raises(ValidationError):
        services.create_entry(admin.municipality, admin, name="A", resources={"cost_nok": Decimal(-1)})
    with pytest.raises(ValidationError):
        services.create_entry(admin.municipality, admin, name="B", resources={"timer": Decimal(1)})


def test_an_entry_becomes_an_alternative_of_an_open_service_case(entry, leader, make_case, login_client):
    case = make_case(leader, Level.SERVICE)
    client = login_client(leader)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("catalogue:pick", args=[case.pk]) in page
    response = client.post(reverse("catalogue:pick", args=[case.pk]), {"entry": entry.pk, "use": "alternative"})
    assert response.status_code == 302
    alternative = Alternative.objects.get(case=case, title="Hverdagsrehabilitering")
    assert alternative.description == entry.description


def test_an_entry_becomes_a_portfolio_measure_with_its_typical_amounts(entry, leader, make_case, login_client):
    case = make_case(leader, Level.SERVICE)
    portfolio = portfolio_services.create_portfolio(case, leader)
    client = login_client(leader)
    url = reverse("catalogue:pick", args=[case.pk])
    prefix = f"entry-{entry.pk}"
    refused = client.post(url, {"entry": entry.pk, "use": "measure", f"{prefix}-code": "hr"})
    assert refused.status_code == 200
    assert "The measure was not added" in refused.content.decode() or "Tiltaket ble ikke lagt til" in (
        refused.content.decode()
    )
    data = {f"{prefix}-code": "hr", f"{prefix}-benefit": 5, f"{prefix}-severity": 4, f"{prefix}-resources": 3}
    response = client.post(url, {"entry": entry.pk, "use": "measure", **data})
    assert response.status_code == 302
    measure = Measure.objects.get(portfolio=portfolio, code="hr")
    assert (measure.name, measure.benefit) == ("Hverdagsrehabilitering", 5)
    amounts = {a.column.key: a.amount for a in MeasureAmount.objects.filter(measure=measure)}
    assert amounts == {"cost_nok": Decimal(2_450_000), "fte": Decimal(3)}


def test_no_entry_goes_into_an_individual_case_or_another_municipalitys(
    entry, caseworker, make_case, login_client, other_municipality
):
    individual = make_case(
        caseworker, Level.INDIVIDUAL, service_area=make_service_area(caseworker.municipality, "Tildeling")
    )
    client = login_client(caseworker)
    assert (
        client.post(
            reverse("catalogue:pick", args=[individual.pk]), {"entry": entry.pk, "use": "alternative"}
        ).status_code
        == 404
    )
    from prioritet.accounts.testing import make_user

    stranger = make_user(Role.LEADER, municipality=other_municipality, username="other-leader")
    other_case = make_case(stranger, Level.SERVICE)
    response = login_client(stranger).post(
        reverse("catalogue:pick", args=[other_case.pk]), {"entry": entry.pk, "use": "alternative"}
    )
    assert response.status_code == 404
    assert not Alternative.objects.filter(title="Hverdagsrehabilitering").exists()
