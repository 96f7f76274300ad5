"""The audit's findings 5 and 6 through the API: separators, control characters, sizes, date-times."""

from __future__ import annotations

import pytest

from prioritet.cases.models import Case
from prioritet.core.testing import CONTROLS, FNR, FNR_BYPASSES

from .conftest import new_case


@pytest.fixture
def client(api_as, caseworker):
    return api_as(caseworker)


@pytest.mark.parametrize("written", FNR_BYPASSES)
def test_a_national_id_written_with_separators_is_422_naming_the_field(client, written):
    response = client.post("/cases", new_case(description=f"Bruker {written} søker"))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"description"}
    assert "fødselsnummer" in response.json()["errors"]["description"]
    assert not Case.objects.exists()


@pytest.mark.parametrize(("char", "named"), CONTROLS)
def test_a_control_character_in_any_text_is_422_naming_it(client, char, named):
    response = client.post("/cases", new_case(title=f"Tittel{char}", description=f"Tekst {char}slutt"))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {"title", "description"}
    assert named in errors["title"]
    assert not Case.objects.exists()


@pytest.mark.parametrize(("char", "named"), CONTROLS)
def test_a_control_character_in_a_query_parameter_is_422(client, char, named):
    response = client.get("/cases", case_reference=f"2026{char}1")
    assert response.status_code == 422
    assert named in response.json()["errors"]["case_reference"]
    response = client.get("/examples", q=f"hjem{char}")
    assert response.status_code == 422
    assert named in response.json()["errors"]["q"]


def test_a_service_area_name_with_an_identity_number_is_422(client):
    response = client.post("/cases", new_case(level="service", case_reference="", service_area=f"Område {FNR}"))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"service_area"}


def test_a_two_megabyte_description_is_refused_and_not_stored(client):
    response = client.post("/cases", new_case(description="x" * 2_000_000))
    assert response.status_code in (413, 422)
    assert not Case.objects.exists()


def test_a_description_over_the_limit_is_422_naming_the_field(client):
    response = client.post("/cases", new_case(description="x" * 10_001))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"description"}


@pytest.mark.parametrize(
    "since", ["2026-01-01T00:00:00+21:20", "2026-01-01T00:00:00-14:01", "0001-01-01T00:00:00+01:00"]
)
def test_an_impossible_updated_since_is_422_not_500(client, since):
    response = client.get("/cases", updated_since=since)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"updated_since"}


@pytest.mark.parametrize("since", ["2026-01-01T00:00:00+14:00", "2026-01-01T00:00:00-12:00", "2026-01-01T00:00:00"])
def test_a_real_updated_since_is_answered(client, since):
    assert client.get("/cases", updated_since=since).status_code == 200
