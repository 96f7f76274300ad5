"""The municipality's own indicators: the administrator defines, changes and deletes them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from prioritet.core.testing import FNR
from prioritet.indicators.models import IndicatorDefinition, IndicatorTarget, IndicatorValue, PeriodKind, SourceKind

FIELDS = {
    "key": "ventetid_sykehjem",
    "name_nb": "Ventetid på sykehjemsplass",
    "name_nn": "Ventetid på sjukeheimsplass",
    "name_en": "Waiting time for a nursing-home place",
    "description": "",
    "unit": "dager",
    "higher_is_better": "false",
    "service_area": "",
    "source": "own",
    "decimals": "0",
}


@pytest.fixture
def own(municipality):
    return IndicatorDefinition.objects.create(
        owner=municipality, key="own", name_nb="Egen", name_nn="Eiga", name_en="Own", unit="stk", source=SourceKind.OWN
    )


def test_the_administrator_defines_an_indicator_of_the_municipalitys_own(login_client, municipal_admin, municipality):
    client = login_client(municipal_admin)
    assert client.get("/indicators/definitions/new/").status_code == 200
    response = client.post("/indicators/definitions/new/", FIELDS)
    item = IndicatorDefinition.objects.get(key="ventetid_sykehjem")
    assert response.status_code == 302
    assert response["Location"] == f"/indicators/{item.pk}/"
    assert (item.owner, item.higher_is_better, item.decimals, item.source) == (municipality, False, 0, "own")
    assert "Ventetid på sykehjemsplass" in client.get("/indicators/definitions/").content.decode()


def test_a_key_of_a_national_indicator_or_an_ssb_source_is_refused(login_client, municipal_admin):
    client = login_client(municipal_admin)
    response = client.post("/indicators/definitions/new/", {**FIELDS, "key": "nursing_home_80", "source": "ssb"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "har denne nøkkelen" in page
    assert not IndicatorDefinition.objects.filter(owner__isnull=False).exists()


def test_a_national_identity_number_in_a_name_is_refused(login_client, municipal_admin):
    response = login_client(municipal_admin).post(
        "/indicators/definitions/new/", {**FIELDS, "name_nb": f"Bruker {FNR}"}
    )
    assert response.status_code == 400
    assert not IndicatorDefinition.objects.filter(owner__isnull=False).exists()


def test_the_administrator_changes_an_own_indicator_but_never_a_national_one(login_client, municipal_admin, own):
    client = login_client(municipal_admin)
    assert client.get(f"/indicators/{own.pk}/edit/").status_code == 200
    response = client.post(f"/indicators/{own.pk}/edit/", {**FIELDS, "key": "own", "unit": "timer"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.unit == "timer"
    national = IndicatorDefinition.objects.get(owner=None, key="nursing_home_80")
    assert client.get(f"/indicators/{national.pk}/edit/").status_code == 404
    assert client.post(f"/indicators/{national.pk}/delete/").status_code == 404


def test_deleting_an_indicator_with_values_asks_for_confirmation(login_client, municipal_admin, municipality, own):
    IndicatorValue.objects.create(
        municipality=municipality,
        definition=own,
        region=municipality.number,
        period="2024",
        period_kind=PeriodKind.YEAR,
        value=Decimal("4"),
    )
    IndicatorTarget.objects.create(municipality=municipality, definition=own, from_year=2024, value=Decimal("3"))
    client = login_client(municipal_admin)
    page = client.get(f"/indicators/{own.pk}/delete/").content.decode()
    assert "1 verdi" in page
    assert client.post(f"/indicators/{own.pk}/delete/").status_code == 400
    assert IndicatorDefinition.objects.filter(pk=own.pk).exists()
    assert client.post(f"/indicators/{own.pk}/delete/", {"confirm": "on"}).status_code == 302
    assert not IndicatorDefinition.objects.filter(pk=own.pk).exists()
    assert not IndicatorValue.objects.exists()


def test_an_indicator_without_values_is_deleted_at_once(login_client, municipal_admin, own):
    assert login_client(municipal_admin).post(f"/indicators/{own.pk}/delete/").status_code == 302
    assert not IndicatorDefinition.objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize("role", ["leader", "director", "politician", "caseworker"])
def test_only_the_administrator_defines_indicators(login_client, request, role, own):
    client = login_client(request.getfixturevalue(role))
    assert client.get("/indicators/definitions/").status_code == 403
    assert client.post("/indicators/definitions/new/", FIELDS).status_code == 403
    assert client.post(f"/indicators/{own.pk}/delete/").status_code == 403
    assert IndicatorDefinition.objects.filter(pk=own.pk).exists()


def test_another_municipalitys_indicator_cannot_be_changed_or_deleted(
    login_client, municipal_admin, other_municipality
):
    theirs = IndicatorDefinition.objects.create(
        owner=other_municipality, key="theirs", name_nb="Deres", name_nn="Dykkar", name_en="Theirs", unit="stk"
    )
    client = login_client(municipal_admin)
    assert client.get(f"/indicators/{theirs.pk}/edit/").status_code == 404
    assert client.post(f"/indicators/{theirs.pk}/delete/", {"confirm": "on"}).status_code == 404
    assert "Deres" not in client.get("/indicators/definitions/").content.decode()
    assert IndicatorDefinition.objects.filter(pk=theirs.pk).exists()
