"""``/catalogue``: the measures catalogue through the API, by the catalogue's own rules.

The roles that prepare cases read it; a politician's integration does not; an entry goes into an open
service or political case that the token's role works on, as an alternative or as a portfolio measure
with the entry's typical amounts; another municipality's entries and cases are never reached; a stale
entry version is 409 and nothing is copied; bad input is a 422 naming the field; the catalogue is not
changed through the API (an integration is never its administrator).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_service_area, make_user
from prioritet.api.models import Access
from prioritet.api.testing import make_integration_token
from prioritet.cases.models import Alternative, Case, Level, Status
from prioritet.catalogue import services
from prioritet.catalogue.models import CatalogueEntry
from prioritet.core.testing import CONTROLS, FNR, FNR_BYPASSES
from prioritet.portfolio import services as portfolio_services
from prioritet.portfolio.models import Measure, MeasureAmount

from .conftest import ApiClient


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
        service_area=make_service_area(admin.municipality, "Rehabilitering"),
        resources={"cost_nok": Decimal(2_450_000), "fte": Decimal("1.5")},
    )


@pytest.fixture
def service_case(leader, make_case, entry):
    return make_case(leader, Level.SERVICE, title="Rehabilitering i hjemmet")


@pytest.fixture
def theirs(other_municipality):
    """Another municipality's administrator, entry and open service case with a portfolio."""
    portfolio_services.ensure_default_columns(other_municipality)
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=other_municipality, username="sandefjord-admin")
    leader = make_user(Role.LEADER, municipality=other_municipality, username="sandefjord-leder")
    their_entry = services.create_entry(other_municipality, admin, name="Sandefjords tiltak", description="Hemmelig")
    from prioritet.cases import services as case_services

    case = case_services.create_case(
        other_municipality, leader, no_action_consequence="Ingen", level=Level.SERVICE, title="Deres sak", severity=3
    )
    portfolio_services.create_portfolio(case, leader)
    return their_entry, case


def _measure(case_id: int, version: int, **overrides):
    return {
        "case_id": case_id,
        "version": version,
        "code": "hr",
        "benefit": 5,
        "severity": 4,
        "resources": 3,
        **overrides,
    }


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.LEADER, Role.DIRECTOR])
def test_the_roles_that_prepare_cases_list_search_and_read_the_catalogue(entry, user_factory, api_as, role):
    client = api_as(user_factory(role, username=f"u-{role}"))
    listing = client.get("/catalogue")
    assert listing.status_code == 200
    body = listing.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item == {
        "id": entry.pk,
        "kind": "measure",
        "name": "Hverdagsrehabilitering",
        "description": entry.description,
        "service_area": {"id": entry.service_area_id, "name": "Rehabilitering"},
        "resources": {"cost_nok": "2450000", "fte": "1.5"},
        "archived": False,
        "version": entry.version,
        "created_at": item["created_at"],
        "updated_at": item["updated_at"],
    }
    assert client.get("/catalogue", q="HVERDAGS").json()["count"] == 1
    assert client.get("/catalogue", q="nattevakt").json()["count"] == 0
    assert client.get("/catalogue", service_area="rehabilitering").json()["count"] == 1
    assert client.get(f"/catalogue/{entry.pk}").json()["name"] == "Hverdagsrehabilitering"


def test_archived_entries_are_listed_only_when_asked_for_and_still_read(entry, admin, leader, api_as):
    services.set_archived(entry, admin, True)
    client = api_as(leader)
    assert client.get("/catalogue").json()["count"] == 0
    assert [i["name"] for i in client.get("/catalogue", archived="true").json()["items"]] == ["Hverdagsrehabilitering"]
    assert client.get(f"/catalogue/{entry.pk}").json()["archived"] is True


def test_a_politicians_integration_does_not_use_the_catalogue(entry, politician, api_as):
    client = api_as(politician)
    for response in (client.get("/catalogue"), client.get(f"/catalogue/{entry.pk}")):
        assert response.status_code == 403
        assert response.json()["detail"]


def test_pages_of_the_catalogue(admin, leader, api_as):
    for i in range(3):
        services.create_entry(admin.municipality, admin, name=f"Tiltak {i}")
    client = api_as(leader)
    page = client.get("/catalogue", page_size=2, page=2).json()
    assert (page["count"], [i["name"] for i in page["items"]]) == (3, ["Tiltak 2"])
    assert client.get("/catalogue", page=0).status_code == 422


def test_a_leader_takes_an_entry_into_a_service_case_as_an_alternative(entry, service_case, leader, api_as):
    response = api_as(leader).post(
        f"/catalogue/{entry.pk}/alternatives", {"case_id": service_case.pk, "version": entry.version}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["case_id"], body["title"], body["description"]) == (
        service_case.pk,
        "Hverdagsrehabilitering",
        entry.description,
    )
    alternative = Alternative.objects.get(pk=body["id"])
    assert alternative.history.first().history_user.integration is not None  # the history names the integration


def test_a_leader_takes_an_entry_into_the_portfolio_as_a_measure_with_its_amounts(entry, service_case, leader, api_as):
    portfolio = portfolio_services.create_portfolio(service_case, leader)
    response = api_as(leader).post(f"/catalogue/{entry.pk}/measures", _measure(service_case.pk, entry.version))
    assert response.status_code == 201, response.content
    body = response.json()
    measure = Measure.objects.get(portfolio=portfolio, code="hr")
    assert body["id"] == measure.pk
    assert (body["portfolio_id"], body["name"], body["benefit"], body["severity"], body["resources"]) == (
        portfolio.pk,
        "Hverdagsrehabilitering",
        5,
        4,
        3,
    )
    assert body["amounts"] == {"cost_nok": "2450000", "fte": "1.5"}
    assert body["web_url"].endswith(f"/portfolio/{portfolio.pk}/") or str(portfolio.pk) in body["web_url"]
    amounts = {a.column.key: a.amount for a in MeasureAmount.objects.filter(measure=measure)}
    assert amounts == {"cost_nok": Decimal(2_450_000), "fte": Decimal("1.5")}


def test_a_director_takes_an_entry_into_a_political_case(entry, director, make_case, api_as):
    case = make_case(director, Level.POLITICAL, title="Helse- og omsorgsplan")
    response = api_as(director).post(f"/catalogue/{entry.pk}/alternatives", {"case_id": case.pk, "version": 1})
    assert response.status_code == 201, response.content


def test_a_measure_needs_a_portfolio_and_an_unused_id(entry, service_case, leader, api_as):
    client = api_as(leader)
    response = client.post(f"/catalogue/{entry.pk}/measures", _measure(service_case.pk, entry.version))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"case_id"}
    portfolio_services.create_portfolio(service_case, leader)
    assert client.post(f"/catalogue/{entry.pk}/measures", _measure(service_case.pk, entry.version)).status_code == 201
    again = client.post(f"/catalogue/{entry.pk}/measures", _measure(service_case.pk, entry.version))
    assert again.status_code == 422
    assert "id" in " ".join(again.json()["errors"].values())
    assert Measure.objects.count() == 1


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.DIRECTOR, Role.POLITICIAN])
def test_a_role_that_does_not_work_on_the_service_case_cannot_take_an_entry_into_it(
    entry, service_case, leader, user_factory, api_as, role
):
    portfolio_services.create_portfolio(service_case, leader)
    client = api_as(user_factory(role, username=f"u-{role}"))
    assert (
        client.post(
            f"/catalogue/{entry.pk}/alternatives", {"case_id": service_case.pk, "version": entry.version}
        ).status_code
        == 403
    )
    assert client.post(f"/catalogue/{entry.pk}/measures", _measure(service_case.pk, entry.version)).status_code == 403
    assert service_case.alternatives.filter(title=entry.name).count() == 0
    assert not Measure.objects.exists()


def test_no_entry_goes_into_an_individual_case_a_decided_case_or_from_the_archive(
    entry, admin, caseworker, leader, make_case, api_as
):
    individual = make_case(caseworker, Level.INDIVIDUAL)
    from prioritet.cases.testing import on_team

    worker = api_as(caseworker)
    on_team(individual, worker.token.integration.user)
    assert (
        worker.post(f"/catalogue/{entry.pk}/alternatives", {"case_id": individual.pk, "version": 1}).status_code == 403
    )
    decided = make_case(leader, Level.SERVICE, title="Avgjort")
    Case.objects.filter(pk=decided.pk).update(status=Status.DECIDED)  # as a recorded decision leaves it
    client = api_as(leader)
    assert client.post(f"/catalogue/{entry.pk}/alternatives", {"case_id": decided.pk, "version": 1}).status_code == 403
    open_case = make_case(leader, Level.SERVICE, title="Åpen")
    archived = services.set_archived(entry, admin, True)
    response = client.post(
        f"/catalogue/{entry.pk}/alternatives", {"case_id": open_case.pk, "version": archived.version}
    )
    assert response.status_code == 403
    assert not Alternative.objects.filter(title="Hverdagsrehabilitering").exists()


def test_a_read_only_token_reads_but_takes_nothing(entry, service_case, municipality):
    _token, raw = make_integration_token(municipality, role=Role.LEADER, access=Access.READ)
    client = ApiClient(raw)
    assert client.get("/catalogue").status_code == 200
    response = client.post(f"/catalogue/{entry.pk}/alternatives", {"case_id": service_case.pk, "version": 1})
    assert response.status_code == 403
    assert not Alternative.objects.filter(title="Hverdagsrehabilitering").exists()


def test_an_integration_scoped_to_individual_cases_cannot_take_an_entry_into_a_service_case(
    entry, service_case, municipality
):
    _token, raw = make_integration_token(municipality, role=Role.LEADER, levels=[Level.INDIVIDUAL])
    response = ApiClient(raw).post(f"/catalogue/{entry.pk}/alternatives", {"case_id": service_case.pk, "version": 1})
    assert response.status_code == 403


def test_another_municipalitys_entries_are_404_and_its_cases_are_no_cases(entry, service_case, leader, api_as, theirs):
    their_entry, their_case = theirs
    client = api_as(leader)
    assert "Sandefjord" not in client.get("/catalogue").content.decode()
    assert client.get("/catalogue", q="Sandefjords").json()["count"] == 0
    for response in (
        client.get(f"/catalogue/{their_entry.pk}"),
        client.post(f"/catalogue/{their_entry.pk}/alternatives", {"case_id": service_case.pk, "version": 1}),
        client.post(f"/catalogue/{their_entry.pk}/measures", _measure(service_case.pk, 1)),
    ):
        assert response.status_code == 404
        assert b"Sandefjord" not in response.content
    # Our entry into their case: the case is not ours to name (the same answer as a case that does not exist).
    into_theirs = client.post(f"/catalogue/{entry.pk}/alternatives", {"case_id": their_case.pk, "version": 1})
    missing = client.post(f"/catalogue/{entry.pk}/alternatives", {"case_id": 999_999, "version": 1})
    assert into_theirs.status_code == missing.status_code == 422
    assert into_theirs.json() == missing.json()
    assert client.post(f"/catalogue/{entry.pk}/measures", _measure(their_case.pk, 1)).status_code == 422
    assert not their_case.alternatives.filter(title="Hverdagsrehabilitering").exists()
    assert not Measure.objects.exists()


def test_a_stale_entry_version_is_409_and_nothing_is_copied(entry, admin, service_case, leader, api_as):
    portfolio_services.create_portfolio(service_case, leader)
    read = api_as(leader).get(f"/catalogue/{entry.pk}").json()
    services.update_entry(entry, admin, entry.version, name="Hverdagsrehabilitering, utvidet")
    client = api_as(leader)
    for response in (
        client.post(f"/catalogue/{entry.pk}/alternatives", {"case_id": service_case.pk, "version": read["version"]}),
        client.post(f"/catalogue/{entry.pk}/measures", _measure(service_case.pk, read["version"])),
    ):
        assert response.status_code == 409
        assert response.json()["current_version"] == read["version"] + 1
        assert "katalogoppføringen" in response.json()["detail"].lower()
    assert not service_case.alternatives.filter(title__startswith="Hverdagsrehabilitering").exists()
    assert not Measure.objects.exists()
    fresh = client.post(
        f"/catalogue/{entry.pk}/alternatives", {"case_id": service_case.pk, "version": read["version"] + 1}
    )
    assert fresh.status_code == 201
    assert fresh.json()["title"] == "Hverdagsrehabilitering, utvidet"


@pytest.mark.parametrize(
    "text",
    [FNR, *FNR_BYPASSES, *(f"hr{control}" for control, _name in CONTROLS), "x" * 61],
    ids=["fnr", *(f"fnr-{i}" for i in range(len(FNR_BYPASSES))), *(name for _c, name in CONTROLS), "too-long"],
)
def test_a_measure_id_with_a_national_id_a_control_character_or_too_long_is_refused(
    entry, service_case, leader, api_as, text
):
    portfolio_services.create_portfolio(service_case, leader)
    response = api_as(leader).post(f"/catalogue/{entry.pk}/measures", _measure(service_case.pk, 1, code=text))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"code"}
    assert not Measure.objects.exists()


@pytest.mark.parametrize(
    "query", [FNR, FNR_BYPASSES[5], f"tiltak{CONTROLS[0][0]}", "x" * 101], ids=["fnr", "slashes", "control", "long"]
)
def test_a_search_with_a_national_id_a_control_character_or_too_long_is_refused(entry, leader, api_as, query):
    response = api_as(leader).get("/catalogue", q=query)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"q"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"version": 1}, "case_id"),
        ({"case_id": 1}, "version"),
        ({"case_id": 1, "version": 0}, "version"),
        ({"case_id": "en", "version": 1}, "case_id"),
    ],
)
def test_a_use_without_a_case_or_version_is_422_naming_the_field(entry, leader, api_as, body, field):
    response = api_as(leader).post(f"/catalogue/{entry.pk}/alternatives", body)
    assert response.status_code == 422
    assert field in response.json()["errors"]


@pytest.mark.parametrize("score", [0, 6, "høy"])
def test_a_measure_score_outside_1_to_5_is_refused(entry, service_case, leader, api_as, score):
    portfolio_services.create_portfolio(service_case, leader)
    response = api_as(leader).post(f"/catalogue/{entry.pk}/measures", _measure(service_case.pk, 1, benefit=score))
    assert response.status_code == 422
    assert "benefit" in response.json()["errors"]


def test_an_unknown_service_area_is_422(entry, leader, api_as):
    response = api_as(leader).get("/catalogue", service_area="Finnes ikke")
    assert response.status_code == 422
    assert "service_area" in response.json()["errors"]


def test_a_retried_use_with_the_same_idempotency_key_copies_once(entry, service_case, leader, make_token):
    _token, raw = make_token(leader)
    client = ApiClient(raw, **{"Idempotency-Key": "katalog-1"})
    body = {"case_id": service_case.pk, "version": entry.version}
    first = client.post(f"/catalogue/{entry.pk}/alternatives", body)
    second = client.post(f"/catalogue/{entry.pk}/alternatives", body)
    assert first.status_code == second.status_code == 201
    assert second["Idempotent-Replayed"] == "true"
    assert service_case.alternatives.filter(title="Hverdagsrehabilitering").count() == 1


def test_the_api_does_not_change_the_catalogue(entry, leader, api_as):
    """Keeping the catalogue is the administrator's, on its pages: no operation writes an entry."""
    client = api_as(leader)
    assert client.post("/catalogue", {"name": "Nytt"}).status_code == 405
    assert client.patch(f"/catalogue/{entry.pk}", {"name": "Endret"}).status_code == 405
    assert CatalogueEntry.objects.get().name == "Hverdagsrehabilitering"
