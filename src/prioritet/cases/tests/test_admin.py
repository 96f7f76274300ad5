"""The Django admin: cases and decisions read-only, every read logged (issue 9, finding 2)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from prioritet.accounts.models import Role, User
from prioritet.accounts.testing import sign_in
from prioritet.cases.models import CaseAccess, Level
from prioritet.cases.testing import assess_and_decide


@pytest.fixture
def operator(db) -> User:
    return User.objects.create_superuser("drift", "drift@example.org", "riktig-hest-batteri-stift")


@pytest.fixture
def admin_site(operator, login_client) -> Client:
    return login_client(operator)


@pytest.fixture
def audit_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """caplog on ``prioritet.audit``, which the settings keep off the root logger."""
    logger = logging.getLogger("prioritet.audit")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="prioritet.audit")
    try:
        yield caplog
    finally:
        logger.removeHandler(caplog.handler)


def test_an_admin_read_of_an_individual_case_is_written_to_the_access_log(admin_site, operator, make_case, caseworker):
    case = make_case(caseworker)
    response = admin_site.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert response.status_code == 200
    row = CaseAccess.objects.get(case=case, user=operator)
    assert row.page == "admin:case:view"
    assert row.municipality_id == case.municipality_id


def test_an_admin_list_of_cases_logs_every_individual_case_it_shows(
    admin_site, operator, make_case, caseworker, leader
):
    individual = make_case(caseworker)
    service = make_case(leader, level=Level.SERVICE, title="Tjenestesak")
    decision = assess_and_decide(individual, caseworker)
    for url in (reverse("admin:cases_case_changelist"), reverse("admin:cases_decision_changelist")):
        assert admin_site.get(url).status_code == 200
    pages = set(CaseAccess.objects.filter(case=individual, user=operator).values_list("page", flat=True))
    assert pages == {"admin:case:list", "admin:decision:list"}
    assert not CaseAccess.objects.filter(case=service).exists()
    assert admin_site.get(reverse("admin:cases_decision_change", args=[decision.pk])).status_code == 200
    assert CaseAccess.objects.filter(case=individual, page="admin:decision:view").exists()


def test_the_admin_cannot_change_a_decision(admin_site, make_case, caseworker):
    case = make_case(caseworker)
    decision = assess_and_decide(case, caseworker)
    url = reverse("admin:cases_decision_change", args=[decision.pk])
    page = admin_site.get(url).content.decode()
    assert 'name="_save"' not in page
    response = admin_site.post(url, {"justification": "Endret i admin.", "priority": "low"})
    assert response.status_code == 403
    decision.refresh_from_db()
    assert decision.justification == "Samlet vurdering."
    assert decision.decided_by == caseworker


@pytest.mark.parametrize("model", ["case", "alternative", "assessment", "decision", "reassessment", "phasechange"])
def test_the_admin_adds_and_deletes_no_case_data(admin_site, make_case, caseworker, model):
    make_case(caseworker)
    assert admin_site.get(reverse(f"admin:cases_{model}_add")).status_code == 403
    assert admin_site.get(reverse(f"admin:cases_{model}_changelist")).status_code == 200


def test_the_access_log_is_not_in_the_admin() -> None:
    with pytest.raises(NoReverseMatch):
        reverse("admin:cases_caseaccess_changelist")


def test_only_a_superuser_opens_the_admin(user_factory):
    staff = user_factory(Role.LEADER)
    staff.is_staff = True
    staff.save()
    response = sign_in(Client(), staff).get(reverse("admin:cases_case_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_every_admin_request_is_written_to_the_audit_log(admin_site, operator, audit_log):
    admin_site.get(reverse("admin:accounts_municipality_changelist"))
    [line] = [r.getMessage() for r in audit_log.records if r.name == "prioritet.audit"]
    assert line == (
        f"django-admin GET {reverse('admin:accounts_municipality_changelist')} "
        f"user={operator.pk} username=drift status=200"
    )


def test_an_admin_action_is_written_to_the_audit_log_with_its_rows(admin_site, operator, municipality, audit_log):
    admin_site.post(
        reverse("admin:accounts_municipality_changelist"),
        {"action": "delete_selected", "_selected_action": [municipality.pk]},
    )
    [line] = [r.getMessage() for r in audit_log.records if r.name == "prioritet.audit"]
    assert f"user={operator.pk}" in line
    assert f"action=delete_selected selected={municipality.pk}" in line


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:index",
        "admin:accounts_user_changelist",
        "admin:accounts_user_add",
        "admin:accounts_municipality_changelist",
        "admin:accounts_municipality_add",
        "admin:accounts_servicearea_changelist",
    ],
)
def test_the_admin_pages_still_render(admin_site, url_name, caseworker):
    assert admin_site.get(reverse(url_name)).status_code == 200


def test_a_break_glass_superuser_must_give_a_second_factor(operator):
    assert operator.mfa_required
    client = Client()
    client.force_login(operator, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse("admin:cases_case_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:mfa_setup"))


def test_the_admin_shows_a_user_and_refuses_a_superuser_with_a_role(admin_site, caseworker):
    assert admin_site.get(reverse("admin:accounts_user_change", args=[caseworker.pk])).status_code == 200
    response = admin_site.post(
        reverse("admin:accounts_user_change", args=[caseworker.pk]),
        {
            "username": caseworker.username,
            "municipality": caseworker.municipality_id,
            "role": Role.CASEWORKER,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": "2025-01-01",
            "date_joined_1": "10:00:00",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    caseworker.refresh_from_db()
    assert not caseworker.is_superuser
