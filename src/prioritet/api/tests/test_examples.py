"""The example bank through the API: national, the web form's filters, pages of 25, withdrawn examples 404."""

from __future__ import annotations

import pytest
from django.db import connection

from prioritet.accounts.models import Role
from prioritet.examples import selectors as example_selectors
from prioritet.examples.models import Example
from prioritet.examples.testing import DEMENTIA, NIGHT, REHAB, make_example, search_bank

POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def bank(db, municipality):
    """Three examples (the migration's worked cases removed), the night patrol shared by municipality A."""
    Example.objects.all().delete()
    return search_bank(municipality)


@pytest.fixture
def client(api_as, caseworker):
    return api_as(caseworker)


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_without_a_query_every_visible_example_newest_first(client, bank):
    response = client.get("/examples")
    assert titles(response) == [NIGHT, REHAB, DEMENTIA]
    body = response.json()
    assert (body["count"], body["page"], body["pages"]) == (3, 1, 1)
    dementia = body["items"][2]
    assert dementia["id"] == bank["dementia"].pk
    assert dementia["level"] == "political"
    assert dementia["service_area"] == "Demensomsorg"
    assert dementia["source_label"] == "Testkommune"
    assert dementia["size_class"] == "small"
    assert dementia["decision"] == "Øke tilbudet – høy prioritet"
    assert dementia["priority"] == "high"
    assert dementia["published_at"]
    # The profile is the chosen alternative's, not the first's.
    assert dementia["profile"] == {"title": "Øke tilbudet", "severity": 4, "benefit": 4, "resources": 2}
    assert dementia["web_url"].endswith(f"/eksempelbank/{bank['dementia'].pk}/")
    assert body["items"][1]["priority"] is None
    assert body["items"][1]["profile"]["title"] == "Institusjon"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "sensorer"}, [NIGHT]),
        ({"q": "pårørende"}, [DEMENTIA]),
        ({"q": "demens", "level": "service"}, [NIGHT]),
        ({"q": "demens lårhalsbrudd"}, []),
        ({"level": "individual"}, [REHAB]),
        ({"service_area": "Demensomsorg"}, [DEMENTIA]),
        ({"size_class": "small"}, [DEMENTIA]),
        ({"resources": "low"}, [DEMENTIA]),
        ({"resources": "high"}, [REHAB]),
        ({"severity": "moderate"}, [NIGHT]),
        ({"benefit": "low"}, []),
        ({"mine": "true"}, [NIGHT]),
    ],
)
def test_query_and_filters_as_on_the_web_page(client, bank, params, expected):
    response = client.get("/examples", **params)
    assert titles(response) == expected
    assert response.json()["count"] == len(expected)
    # The same rows as the selector the web page uses, in its order.
    filters = {k: v for k, v in params.items() if k not in ("q", "mine")}
    if "mine" in params:
        filters["municipality"] = bank["night"].municipality
    assert titles(response) == [e.title for e in example_selectors.search(params.get("q", ""), filters)]


def test_a_word_in_two_examples_finds_both(client, bank):
    found = titles(client.get("/examples", q="demens"))
    if POSTGRES:
        assert set(found) == {NIGHT, DEMENTIA}  # ranked: title matches first
        assert found[0] == DEMENTIA
    else:
        assert found == [NIGHT, DEMENTIA]  # newest first


def test_every_municipality_reads_the_whole_bank(api_as, user_factory, other_municipality, bank, caseworker):
    outsider = user_factory(Role.HEALTH_PERSONNEL, municipality=other_municipality, username="sandefjord")
    ours = api_as(caseworker).get("/examples").json()
    theirs = api_as(outsider).get("/examples").json()
    assert [i["id"] for i in theirs["items"]] == [i["id"] for i in ours["items"]]
    assert len(theirs["items"]) == 3
    assert api_as(outsider).get(f"/examples/{bank['night'].pk}").status_code == 200
    # «mine» is the token's own municipality: the night patrol is A's, not B's.
    assert titles(api_as(outsider).get("/examples", mine="true")) == []


@pytest.mark.parametrize("role", [Role.LEADER, Role.DIRECTOR, Role.HEALTH_PERSONNEL])
def test_every_municipal_role_reads_the_bank(api_as, user_factory, bank, role):
    client = api_as(user_factory(role))
    assert len(titles(client.get("/examples"))) == 3
    assert client.get(f"/examples/{bank['rehab'].pk}").json()["title"] == REHAB


def test_pages_of_25(client, bank):
    for number in range(24):
        make_example(f"Eksempel {number}", days_ago=10 + number)
    first = client.get("/examples").json()
    assert (first["count"], first["page"], first["pages"], len(first["items"])) == (27, 1, 2, 25)
    second = client.get("/examples", page=2).json()
    assert (second["page"], len(second["items"])) == (2, 2)
    assert {i["id"] for i in first["items"]}.isdisjoint(i["id"] for i in second["items"])
    beyond = client.get("/examples", page=3).json()
    assert (beyond["count"], beyond["pages"], beyond["items"]) == (27, 2, [])


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"level": "national"}, "level"),
        ({"size_class": "huge"}, "size_class"),
        ({"severity": "extreme"}, "severity"),
        ({"benefit": "4"}, "benefit"),
        ({"resources": "many"}, "resources"),
        ({"service_area": "Finnes ikke"}, "service_area"),
        ({"q": "x" * 201}, "q"),
        ({"page": "0"}, "page"),
        ({"page": "første"}, "page"),
    ],
)
def test_a_bad_filter_is_422_naming_the_field(client, bank, params, field):
    response = client.get("/examples", **params)
    assert response.status_code == 422
    body = response.json()
    assert set(body["errors"]) == {field}
    assert body["errors"][field]
    assert body["detail"]


def test_every_bad_filter_has_its_message_in_the_requests_language(api_as, caseworker, bank):
    params = {"level": "national", "size_class": "huge", "service_area": "Finnes ikke"}
    norwegian = api_as(caseworker).get("/examples", **params).json()["errors"]
    english = api_as(caseworker, **{"Accept-Language": "en"}).get("/examples", **params).json()["errors"]
    assert set(norwegian) == set(english) == set(params)
    assert "valid choice" in english["level"]
    assert "valid choice" not in norwegian["level"]
    assert "Finnes ikke" in norwegian["service_area"]


def test_an_example_with_its_alternatives(client, bank):
    response = client.get(f"/examples/{bank['dementia'].pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == DEMENTIA
    assert body["summary"] == "Kommunen vurderer å øke tilbudet."
    assert (body["level"], body["size_class"], body["priority"]) == ("political", "small", "high")
    assert body["justification"] == "Avlaster pårørende."
    assert body["deidentified"] is False
    assert body["alternatives"] == [
        {
            "title": "Øke tilbudet",
            "description": "Bedrer livskvalitet og avlaster pårørende.",
            "severity": 4,
            "benefit": 4,
            "resources": 2,
            "conclusion": "",
            "chosen": True,
            "no_action": False,
        },
        {
            "title": "Videreføre",
            "description": "Ingen endring.",
            "severity": 2,
            "benefit": 2,
            "resources": 1,
            "conclusion": "",
            "chosen": False,
            "no_action": False,
        },
    ]
    assert client.get(f"/examples/{bank['rehab'].pk}").json()["deidentified"] is True


def test_a_withdrawn_example_is_404_and_not_found(client, bank):
    bank["night"].withdrawn = True
    bank["night"].save()
    response = client.get(f"/examples/{bank['night'].pk}")
    assert response.status_code == 404
    assert set(response.json()) == {"detail"}
    assert NIGHT not in titles(client.get("/examples"))
    assert NIGHT not in titles(client.get("/examples", q="sensorer"))
    assert client.get("/examples/999999").status_code == 404


def test_a_token_is_needed(db):
    from django.test import Client

    assert Client().get("/api/v1/examples").status_code == 401
