"""The municipal administrator's API token pages."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from prioritet.accounts.models import Role
from prioritet.accounts.testing import sign_in
from prioritet.api import services
from prioritet.api.models import ApiToken
from prioritet.api.testing import make_integration_token

from .conftest import ApiClient


@pytest.fixture
def admin_client(login_client, municipal_admin):
    return login_client(municipal_admin)


@pytest.mark.parametrize("name", ["api:token_list", "api:token_create", "api:integration_create"])
@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.LEADER, Role.DIRECTOR, Role.HEALTH_PERSONNEL])
def test_only_the_municipal_admin_opens_the_pages(login_client, user_factory, name, role):
    assert login_client(user_factory(role)).get(reverse(name)).status_code == 403


def test_the_national_admin_has_no_token_pages(login_client, national_admin):
    assert login_client(national_admin).get(reverse("api:token_list")).status_code == 403


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("api:token_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_creating_shows_the_token_once_and_stores_only_its_hash(admin_client, municipal_admin):
    own, _ = make_integration_token(municipal_admin.municipality, created_by=municipal_admin)
    integration = own.integration
    response = admin_client.get(reverse("api:token_create"))
    assert response.status_code == 200
    assert integration.name in response.content.decode()

    response = admin_client.post(
        reverse("api:token_create"), {"name": "Fagsystem (produksjon)", "integration": integration.pk}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    shown = re.search(r"prt_[0-9a-f]{8}_[A-Za-z0-9_-]{43}", response.content.decode())
    assert shown is not None, "the new token is shown once"
    raw = shown.group(0)

    token = ApiToken.objects.exclude(pk=own.pk).get()
    assert (token.name, token.integration, token.created_by, token.municipality) == (
        "Fagsystem (produksjon)",
        integration,
        municipal_admin,
        municipal_admin.municipality,
    )
    assert token.secret_hash == services.hash_token(raw)
    assert raw not in str(ApiToken.objects.filter(pk=token.pk).values().get())

    # The list shows the prefix, never the token again, and when it expires and was last used.
    listing = admin_client.get(reverse("api:token_list")).content.decode()
    assert f"prt_{token.prefix}" in listing
    assert raw not in listing
    assert "Fagsystem (produksjon)" in listing
    assert timezone.localtime(token.expires_at).strftime("%d.%m.%Y") in listing  # shown in Norway's time

    # And the token works, as the integration.
    assert ApiClient(raw).get("/cases").status_code == 200


def test_an_integration_of_another_municipality_cannot_be_chosen(admin_client, other_municipality):
    foreign, _ = make_integration_token(other_municipality)
    response = admin_client.post(reverse("api:token_create"), {"name": "Kapret", "integration": foreign.integration.pk})
    assert response.status_code == 200
    assert "integration" in response.context["form"].errors
    assert ApiToken.objects.count() == 1


def test_a_municipal_admin_can_no_longer_make_a_token_that_acts_as_a_caseworker(admin_client, caseworker):
    """The old form took ``user``: a caseworker's id. Now nothing makes a token act as a person."""
    response = admin_client.post(reverse("api:token_create"), {"name": "Kapret", "user": caseworker.pk})
    assert response.status_code == 200
    assert not ApiToken.objects.exists()
    assert not ApiToken.objects.filter(integration__user=caseworker).exists()


def test_a_national_id_in_the_name_is_refused(admin_client, municipal_admin):
    own, _ = make_integration_token(municipal_admin.municipality, created_by=municipal_admin)
    response = admin_client.post(
        reverse("api:token_create"), {"name": "15076500565", "integration": own.integration.pk}
    )
    assert "name" in response.context["form"].errors
    assert ApiToken.objects.count() == 1


def test_revoking_stops_the_token(admin_client, caseworker, make_token):
    token, raw = make_token(caseworker)
    assert ApiClient(raw).get("/cases").status_code == 200
    response = admin_client.post(reverse("api:token_revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiClient(raw).get("/cases").status_code == 401
    # Revoking again changes nothing.
    revoked_at = token.revoked_at
    admin_client.post(reverse("api:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at == revoked_at


def test_revoking_needs_post(admin_client, caseworker, make_token):
    token, _raw = make_token(caseworker)
    assert admin_client.get(reverse("api:token_revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_another_municipalitys_token_is_404(login_client, user_factory, other_municipality, make_token):
    outsider = user_factory(Role.CASEWORKER, municipality=other_municipality)
    token, raw = make_token(outsider)
    our_admin = user_factory(Role.MUNICIPAL_ADMIN, username="var-admin")
    client = login_client(our_admin)
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    assert token.name not in client.get(reverse("api:token_list")).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiClient(raw).get("/cases").status_code == 200


def test_the_admin_finds_the_pages_in_the_navigation(admin_client):
    content = admin_client.get(reverse("home")).content.decode()
    assert reverse("api:token_list") in content


def test_operators_see_and_revoke_tokens_in_the_django_admin(client, caseworker, make_token):
    from prioritet.accounts.models import User

    token, raw = make_token(caseworker)
    operator = User.objects.create_superuser("drift", "drift@example.org", "riktig-hest-batteri-stift")
    sign_in(client, operator)
    listing = client.get(reverse("admin:api_apitoken_changelist"))
    assert listing.status_code == 200
    assert raw not in listing.content.decode()
    assert client.get(reverse("admin:api_apitoken_change", args=[token.pk])).status_code == 200
    assert client.get(reverse("admin:api_apitoken_add")).status_code == 403
    response = client.post(
        reverse("admin:api_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiClient(raw).get("/cases").status_code == 401


def test_active_tokens_are_listed_before_revoked_ones(caseworker, make_token, admin_factory):
    from prioritet.api import selectors

    make_token(caseworker, name="Gammel")
    second, _ = make_token(caseworker, name="Ny")
    services.revoke_token(second, admin_factory(caseworker.municipality))
    make_token(caseworker, name="Nyest")
    assert [t.name for t in selectors.tokens_for(caseworker.municipality)] == ["Nyest", "Gammel", "Ny"]
