"""Who may read which report: the cases app's rules (404 across municipalities, 403 for the wrong role)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from prioritet.accounts.models import Role
from prioritet.cases.models import CaseAccess
from prioritet.cases.testing import on_team

SAKSFRAMLEGG = ("reports:saksframlegg", "reports:saksframlegg_pdf")
SUMMARY = ("reports:vedtak_summary", "reports:vedtak_summary_txt")


@pytest.mark.parametrize("name", SAKSFRAMLEGG)
def test_another_municipalitys_saksframlegg_is_404(
    political_case, user_factory, other_municipality, login_client, name
):
    outsider = user_factory(Role.DIRECTOR, municipality=other_municipality)
    assert login_client(outsider).get(reverse(name, args=[political_case.pk])).status_code == 404


@pytest.mark.parametrize("name", SUMMARY)
def test_another_municipalitys_summary_is_404_and_not_logged(
    individual_case, user_factory, other_municipality, login_client, name
):
    outsider = user_factory(Role.CASEWORKER, municipality=other_municipality)
    assert login_client(outsider).get(reverse(name, args=[individual_case.pk])).status_code == 404
    assert not CaseAccess.objects.exists()


@pytest.mark.parametrize("name", [*SAKSFRAMLEGG, *SUMMARY])
def test_a_missing_case_is_404(caseworker, login_client, name):
    assert login_client(caseworker).get(reverse(name, args=[987654])).status_code == 404


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.CASEWORKER, 200),
        (Role.HEALTH_PERSONNEL, 200),
        (Role.LEADER, 200),
        (Role.DIRECTOR, 403),
        (Role.MUNICIPAL_ADMIN, 403),
    ],
)
@pytest.mark.parametrize("name", SUMMARY)
def test_the_summary_is_read_like_the_individual_case(individual_case, user_factory, login_client, role, status, name):
    """On the case team as the case itself; outside it the emergency access page (or 403), nothing logged."""
    user = user_factory(role)
    outside = login_client(user).get(reverse(name, args=[individual_case.pk]))
    assert outside.status_code == (302 if status == 200 else 403)
    assert not CaseAccess.objects.filter(user=user).exists()
    if status == 200:
        on_team(individual_case, user)
    response = login_client(user).get(reverse(name, args=[individual_case.pk]))
    assert response.status_code == status
    assert CaseAccess.objects.filter(user=user).count() == (1 if status == 200 else 0)


@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.LEADER, Role.DIRECTOR, Role.MUNICIPAL_ADMIN]
)
def test_every_municipal_role_reads_a_political_saksframlegg(political_case, user_factory, login_client, role):
    # As for the case itself: service and political cases are open to the municipality's roles.
    response = login_client(user_factory(role)).get(reverse("reports:saksframlegg", args=[political_case.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("name", [*SAKSFRAMLEGG, *SUMMARY])
def test_the_national_administrator_reads_no_report(
    political_case, individual_case, national_admin, login_client, name
):
    case = political_case if name in SAKSFRAMLEGG else individual_case
    assert login_client(national_admin).get(reverse(name, args=[case.pk])).status_code == 403


@pytest.mark.parametrize("name", [*SAKSFRAMLEGG, *SUMMARY])
def test_anonymous_visitors_are_sent_to_log_in(political_case, individual_case, name):
    case = political_case if name in SAKSFRAMLEGG else individual_case
    response = Client().get(reverse(name, args=[case.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", SAKSFRAMLEGG)
def test_there_is_no_saksframlegg_of_an_individual_case(individual_case, assessor_caseworker, login_client, name):
    assert login_client(assessor_caseworker).get(reverse(name, args=[individual_case.pk])).status_code == 404
    assert not CaseAccess.objects.exists()


@pytest.mark.parametrize("name", SUMMARY)
def test_there_is_no_vedtak_summary_of_a_political_case(political_case, director, login_client, name):
    assert login_client(director).get(reverse(name, args=[political_case.pk])).status_code == 404


def test_a_municipal_admin_cannot_read_an_individual_case_by_its_report_either(
    individual_case, municipal_admin, login_client
):
    for name in (*SAKSFRAMLEGG, *SUMMARY):
        response = login_client(municipal_admin).get(reverse(name, args=[individual_case.pk]))
        assert response.status_code == 403, name
    assert not CaseAccess.objects.exists()
