"""Isolation between municipalities: another municipality's case cannot be opened, by URL or by API."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from prioritet.accounts.models import Municipality, Role, User
from prioritet.accounts.testing import make_municipality, make_user
from prioritet.api.models import ApiToken
from prioritet.api.testing import make_integration_token
from prioritet.cases.models import AlternativeKind, CaseAccess
from prioritet.cases.testing import on_team

from .helpers import screenshot
from .seed import individual_case


@pytest.fixture
def sandefjord(transactional_db: None) -> Municipality:
    return make_municipality("Sandefjord kommune", number="3907", population=65_000)


def test_another_municipality_cannot_open_the_case_by_url(
    page: Page, login_as: Callable[..., User], user_factory: Callable[..., User], sandefjord: Municipality
) -> None:
    owner = user_factory(Role.CASEWORKER, username="larvik-saksbehandler")
    case = individual_case(owner, title="Søknad om avlastning", reference="LAR-2025-77")
    alternative = case.alternatives.exclude(kind=AlternativeKind.NO_ACTION).first()
    assert alternative is not None
    # A leader (who may read every level and the access log) of the other municipality.
    login_as(make_user(Role.LEADER, municipality=sandefjord, username="sandefjord-leder"))

    for path in (
        f"/cases/{case.pk}/",
        f"/cases/{case.pk}/edit/",
        f"/cases/{case.pk}/decide/",
        f"/cases/{case.pk}/alternatives/{alternative.pk}/assessment/",
    ):
        response = page.goto(path)
        assert response is not None
        assert response.status == 404, path
        expect(page.get_by_role("heading", level=1)).to_have_text("Fant ikke siden")
        expect(page.locator("main")).not_to_contain_text("Søknad om avlastning")
        expect(page.locator("main")).not_to_contain_text("LAR-2025-77")
    screenshot(page, "isolation-404")

    page.goto("/cases/?q=LAR-2025-77")
    expect(page.get_by_role("status")).to_have_text("0 saker")
    page.goto(f"/cases/access-log/?case={case.pk}")
    expect(page.locator("main")).not_to_contain_text("LAR-2025-77")
    # The failed attempts read nothing, so nothing of them is in the case's access log.
    assert not CaseAccess.objects.filter(case=case).exclude(user=owner).exists()


def test_another_municipalitys_api_token_gets_404(
    context: BrowserContext, user_factory: Callable[..., User], sandefjord: Municipality
) -> None:
    owner = user_factory(Role.CASEWORKER, username="larvik-saksbehandler")
    case = individual_case(owner, title="Søknad om avlastning", reference="LAR-2025-77")
    alternative = case.alternatives.exclude(kind=AlternativeKind.NO_ACTION).first()
    assert alternative is not None

    def token_for(user: User) -> tuple[ApiToken, dict[str, str]]:
        assert user.municipality is not None
        admin = make_user(Role.MUNICIPAL_ADMIN, municipality=user.municipality)
        token, raw = make_integration_token(user.municipality, role=user.role, name="Fagsystem", created_by=admin)
        return token, {"Authorization": f"Bearer {raw}", "Accept": "application/json"}

    our_token, ours = token_for(owner)
    on_team(case, our_token.integration.user)  # only the case team reads an individual case
    _, theirs = token_for(make_user(Role.LEADER, municipality=sandefjord, username="sandefjord-leder"))

    # Control: the owner's token reads the case, so a 404 below is the tenancy rule, not broken auth.
    own = context.request.get(f"/api/v1/cases/{case.pk}", headers=ours)
    assert own.status == 200, own.text()
    assert own.json()["case_reference"] == "LAR-2025-77"

    for path in (
        f"/api/v1/cases/{case.pk}",
        f"/api/v1/cases/{case.pk}/alternatives",
        f"/api/v1/cases/{case.pk}/judgment",
        f"/api/v1/cases/{case.pk}/decision",
    ):
        response = context.request.get(path, headers=theirs)
        assert response.status == 404, (path, response.status, response.text())
        assert "LAR-2025-77" not in response.text()
        assert "avlastning" not in response.text()
    missing = context.request.get("/api/v1/cases/99999999", headers=theirs)
    other = context.request.get(f"/api/v1/cases/{case.pk}", headers=theirs)
    assert (missing.status, missing.json()) == (other.status, other.json())  # no hint that the case exists
    change = context.request.patch(
        f"/api/v1/cases/{case.pk}", headers=theirs, data={"version": case.version, "title": "Kapret"}
    )
    assert change.status == 404
    listed = context.request.get("/api/v1/cases", headers=theirs, params={"case_reference": "LAR-2025-77"})
    assert listed.status == 200
    assert listed.json()["count"] == 0
    case.refresh_from_db()
    assert case.title == "Søknad om avlastning"
    # The only reads of the case logged are our own integration's, named by its token.
    reads = CaseAccess.objects.filter(case=case).exclude(user=owner)
    assert reads.exists()
    assert set(reads.values_list("api_token_id", flat=True)) == {our_token.pk}
