"""Access by service need (tjenstlig behov, issue 13 §1): the case team, emergency access and its review.

Only the case team opens an individual case: its responsible caseworker (the creator unless handed
over), the members the responsible caseworker or a leader adds, and the leaders of its service area.
Outside the team, a caseworker, health worker or leader gets the emergency access page («break the
glass»); lists show individual cases only to the team, by reference and service area.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from prioritet.accounts.models import Role
from prioritet.accounts.testing import lead, make_service_area
from prioritet.cases import home, policy, selectors, services
from prioritet.cases.models import (
    AccessBasis,
    AccessGrant,
    Case,
    CaseAccess,
    CaseTeamMember,
    GrantReason,
    Level,
    Outcome,
)
from prioritet.cases.testing import assess_and_decide, on_team
from prioritet.core.home import HomePanel
from prioritet.core.testing import FNR


@pytest.fixture
def outsider(user_factory):
    return user_factory(Role.CASEWORKER, username="utenfor", first_name="Ute", last_name="Forsen")


@pytest.fixture
def area_leader(user_factory, area):
    return lead(user_factory(Role.LEADER, username="omradeleder", first_name="Liv", last_name="Leder"), area)


@pytest.fixture
def case(make_case, caseworker):
    return make_case(caseworker, title="Søknad om korttidsopphold for Tobias Tollefsen", case_reference="SAK-2026-17")


def panel(source, user, today) -> HomePanel:
    found = source(user, today)
    assert found is not None
    return found


def grant_for(case, user, reason=GrantReason.URGENT, explanation="Akutt innleggelse, trenger vedtaket nå."):
    return services.break_glass(case, user, reason=reason, explanation=explanation)


# The rule ------------------------------------------------------------------------------------------


def test_the_creator_is_the_responsible_caseworker_and_only_the_team_reads(
    case, caseworker, health_personnel, outsider, area_leader, leader
):
    assert selectors.responsible_of(case) == caseworker
    assert policy.team_basis(caseworker, case) == AccessBasis.RESPONSIBLE
    assert policy.can_read(caseworker, case)
    assert policy.can_read(area_leader, case)  # a leader of the case's service area
    for user in (health_personnel, outsider, leader):  # leader: of no service area
        assert not policy.can_read(user, case)
        assert policy.can_break_glass(user, case)
    on_team(case, health_personnel)
    assert policy.team_basis(health_personnel, case) == AccessBasis.MEMBER
    assert policy.can_read(health_personnel, case)
    assert policy.can_work(health_personnel, case)


def test_another_areas_leader_is_not_on_the_team(case, user_factory, municipality):
    other_leader = lead(user_factory(Role.LEADER), make_service_area(municipality, "Sykehjem"))
    assert not policy.can_read(other_leader, case)


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.POLITICIAN, Role.MUNICIPAL_ADMIN])
def test_roles_that_never_need_an_individual_case_cannot_break_the_glass(case, user_factory, role):
    user = user_factory(role)
    assert not policy.can_read(user, case)
    assert not policy.can_break_glass(user, case)
    with pytest.raises(PermissionDenied):
        grant_for(case, user)


def test_service_and_political_cases_are_read_by_role_as_before(make_case, leader, director, user_factory):
    service = make_case(leader, level=Level.SERVICE, title="Tjenestesak")
    political = make_case(director, level=Level.POLITICAL, title="Politisk sak")
    for role in (Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.LEADER, Role.POLITICIAN):
        user = user_factory(role)
        assert policy.can_read(user, service)
        assert policy.can_read(user, political)
    assert not service.team_members.exists()
    assert not political.team_members.exists()


def test_an_emergency_access_opens_the_case_for_its_hours_only(case, outsider, settings):
    settings.PRIORITET_ACCESS_GRANT_HOURS = 2
    grant = grant_for(case, outsider)
    assert grant.expires_at - grant.granted_at == datetime.timedelta(hours=2)
    assert policy.can_read(outsider, case)
    assert policy.access_basis(outsider, case) == AccessBasis.EMERGENCY
    assert not policy.on_team(outsider, case)  # not a member: the case stays out of their lists
    assert not policy.can_manage_team(outsider, case)
    AccessGrant.objects.filter(pk=grant.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert not policy.can_read(outsider, case)
    assert policy.can_break_glass(outsider, case)


def test_breaking_the_glass_needs_a_listed_reason_and_an_explanation(case, outsider, caseworker):
    with pytest.raises(ValidationError):
        grant_for(case, outsider, explanation="   ")
    with pytest.raises(ValidationError):
        grant_for(case, outsider, reason="curiosity")
    with pytest.raises(ValidationError):
        grant_for(case, outsider, explanation=f"Gjelder {FNR}")
    with pytest.raises(ValidationError):
        grant_for(case, outsider, explanation="x" * 501)
    with pytest.raises(PermissionDenied):  # the team reads without one
        grant_for(case, caseworker)
    assert not AccessGrant.objects.exists()


def test_reads_are_logged_with_their_basis_and_the_grant(case, caseworker, outsider, area_leader):
    services.record_access(case, caseworker, "detail")
    services.record_access(case, area_leader, "detail")
    grant = grant_for(case, outsider)
    services.record_access(case, outsider, "detail")
    rows = list(CaseAccess.objects.order_by("id").values_list("user", "basis", "grant"))
    assert rows == [
        (caseworker.pk, AccessBasis.RESPONSIBLE, None),
        (area_leader.pk, AccessBasis.AREA_LEADER, None),
        (outsider.pk, AccessBasis.EMERGENCY, grant.pk),
    ]


# The team ------------------------------------------------------------------------------------------


def test_the_responsible_caseworker_or_a_leader_manages_the_team(
    case, caseworker, health_personnel, outsider, area_leader, user_factory
):
    member = services.add_team_member(case, caseworker, health_personnel)
    with pytest.raises(PermissionDenied):  # a member does not manage the team
        services.add_team_member(case, health_personnel, outsider)
    with pytest.raises(ValidationError):
        services.add_team_member(case, caseworker, health_personnel)  # on it already
    with pytest.raises(ValidationError):
        services.add_team_member(case, caseworker, user_factory(Role.DIRECTOR))
    services.add_team_member(case, area_leader, outsider)  # a leader on the team adds
    assert policy.can_read(outsider, case)
    services.remove_team_member(case, caseworker, member)
    assert not policy.can_read(health_personnel, case)
    responsible = case.team_members.get(responsible=True)
    with pytest.raises(ValidationError):
        services.remove_team_member(case, caseworker, responsible)


def test_handing_over_keeps_the_former_responsible_on_the_team(case, caseworker, outsider, area_leader):
    with pytest.raises(ValidationError):  # a leader is never the responsible caseworker
        services.hand_over(case, caseworker, area_leader)
    services.hand_over(case, caseworker, outsider)
    assert selectors.responsible_of(case) == outsider
    assert policy.team_basis(caseworker, case) == AccessBasis.MEMBER
    assert not policy.can_manage_team(caseworker, case)
    assert CaseTeamMember.objects.filter(case=case, responsible=True).count() == 1
    # «My cases» on the home page follows the responsibility.
    today = timezone.localdate()
    assert [item.label for item in panel(home.own_cases, outsider, today).items] == ["SAK-2026-17"]
    assert list(panel(home.own_cases, caseworker, today).items) == []


def test_a_follow_up_case_keeps_the_team(case, caseworker, health_personnel):
    on_team(case, health_personnel)
    assess_and_decide(case, caseworker)
    case.refresh_from_db()
    for phase in ("evaluate", "follow_up"):
        case = services.change_phase(case, caseworker, case.version, phase, "", check=False)
    follow_up = services.follow_up(case, caseworker, case.version, outcome=Outcome.ADJUST, note="Justeres.")
    new = follow_up.follow_up_case
    assert selectors.responsible_of(new) == caseworker
    assert policy.can_read(health_personnel, new)


# Lists ---------------------------------------------------------------------------------------------


def test_lists_show_individual_cases_only_to_the_team(case, make_case, caseworker, outsider, area_leader, leader):
    service = make_case(leader, level=Level.SERVICE, title="Tjenestesak")
    municipality = case.municipality
    assert set(selectors.cases_for(municipality, caseworker)) == {case, service}
    assert set(selectors.cases_for(municipality, area_leader)) == {case, service}
    assert set(selectors.cases_for(municipality, leader)) == {service}
    grant_for(case, outsider)
    assert set(selectors.cases_for(municipality, outsider)) == {service}  # an emergency access lists nothing


def test_the_case_list_names_an_individual_case_by_reference_and_searches_no_title(case, caseworker, login_client):
    client = login_client(caseworker)
    before = CaseAccess.objects.count()
    page = client.get(reverse("cases:list")).content.decode()
    assert "SAK-2026-17" in page
    assert "Tollefsen" not in page
    assert list(client.get(reverse("cases:list"), {"q": "Tollefsen"}).context["page"].object_list) == []
    assert list(client.get(reverse("cases:list"), {"q": "sak-2026-17"}).context["page"].object_list) == [case]
    assert CaseAccess.objects.count() == before  # lists show no identifying text, so they log nothing


def test_the_due_list_shows_the_reference_not_the_title(case, caseworker, login_client):
    assess_and_decide(case, caseworker)
    Case.objects.filter(pk=case.pk).update(reassessment_due=timezone.localdate() + datetime.timedelta(days=10))
    page = login_client(caseworker).get(reverse("cases:due")).content.decode()
    assert "SAK-2026-17" in page
    assert "Tollefsen" not in page


# Pages ---------------------------------------------------------------------------------------------


def test_outside_the_team_the_case_page_offers_the_emergency_access_page(case, outsider, login_client):
    client = login_client(outsider)
    detail = reverse("cases:detail", args=[case.pk])
    response = client.get(detail)
    glass = reverse("cases:break_glass", args=[case.pk])
    assert response.status_code == 302
    assert response.url == f"{glass}?next={detail.replace('/', '%2F')}"
    for url in (reverse("cases:history", args=[case.pk]), reverse("reports:vedtak_summary", args=[case.pk])):
        assert client.get(url).url.startswith(glass)
    counts = (CaseAccess.objects.count(), AccessGrant.objects.count())
    page = client.get(glass, {"next": detail})
    assert page.status_code == 200
    content = page.content.decode()
    assert "SAK-2026-17" in content
    assert "Tollefsen" not in content
    assert (CaseAccess.objects.count(), AccessGrant.objects.count()) == counts  # a GET writes nothing


def test_breaking_the_glass_on_the_page_opens_the_case_and_marks_the_reads(case, outsider, login_client):
    client = login_client(outsider)
    detail = reverse("cases:detail", args=[case.pk])
    glass = reverse("cases:break_glass", args=[case.pk])
    refused = client.post(glass, {"reason": "urgent", "explanation": f"Pasient {FNR}", "next": detail})
    assert refused.status_code == 200
    assert "explanation" in refused.context["form"].errors
    refused = client.post(glass, {"reason": "urgent", "explanation": "", "next": detail})
    assert refused.status_code == 200
    assert not AccessGrant.objects.exists()
    response = client.post(glass, {"reason": "stand_in", "explanation": "Vikar for Ingrid i dag.", "next": detail})
    assert response.status_code == 302
    assert response.url == detail
    page = client.get(detail)
    assert page.status_code == 200
    assert 'data-testid="emergency-access"' in page.content.decode()
    access = CaseAccess.objects.get(user=outsider)
    assert access.basis == AccessBasis.EMERGENCY
    assert access.grant.reason == GrantReason.STAND_IN
    # Back to an address of another site is not followed.
    assert client.get(glass, {"next": "https://evil.example/"}).url == detail


def test_the_emergency_access_page_is_403_for_other_roles_and_skipped_by_the_team(
    case, caseworker, director, login_client
):
    glass = reverse("cases:break_glass", args=[case.pk])
    assert login_client(director).get(glass).status_code == 403
    assert login_client(caseworker).get(glass).status_code == 302


def test_the_team_page_adds_hands_over_and_removes(case, caseworker, health_personnel, outsider, login_client):
    client = login_client(caseworker)
    url = reverse("cases:team", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert CaseAccess.objects.filter(case=case, user=caseworker, page="team").exists()
    assert client.post(url, {"action": "add", "add-user": health_personnel.pk}).status_code == 302
    assert policy.can_read(health_personnel, case)
    member = case.team_members.get(user=health_personnel)
    assert login_client(health_personnel).post(url, {"action": "add", "add-user": outsider.pk}).status_code == 403
    assert client.post(url, {"action": "handover", "handover-user": health_personnel.pk}).status_code == 302
    assert selectors.responsible_of(case) == health_personnel
    assert client.post(url, {"action": "remove", "member": member.pk}).status_code == 403  # no longer manages
    mine = case.team_members.get(user=caseworker)
    assert login_client(health_personnel).post(url, {"action": "remove", "member": mine.pk}).status_code == 302
    assert not policy.can_read(caseworker, case)


def test_the_team_page_is_for_individual_cases(make_case, leader, login_client):
    service = make_case(leader, level=Level.SERVICE, title="Tjenestesak")
    assert login_client(leader).get(reverse("cases:team", args=[service.pk])).status_code == 404


# The leaders' review -------------------------------------------------------------------------------


def test_the_areas_leader_reviews_and_acknowledges_an_emergency_access(
    case, outsider, area_leader, leader, user_factory, municipality, login_client
):
    grant = grant_for(case, outsider, explanation="Vikar, pårørende ringte.")
    services.record_access(case, outsider, "detail")
    other_leader = lead(user_factory(Role.LEADER, username="annenleder"), make_service_area(municipality, "Sykehjem"))
    today = timezone.localdate()
    assert panel(home.emergency_accesses, area_leader, today).count == 1
    assert panel(home.emergency_accesses, other_leader, today).count == 0  # not their area
    assert home.emergency_accesses(outsider, today) is None  # not a leader
    client = login_client(area_leader)
    url = reverse("cases:access_reviews")
    page = client.get(url)
    assert page.status_code == 200
    assert [g.pk for g in page.context["page"].object_list] == [grant.pk]
    assert page.context["page"].object_list[0].reads == 1
    assert "Vikar, pårørende ringte." in page.content.decode()
    assert list(login_client(other_leader).get(url).context["page"].object_list) == []
    assert login_client(other_leader).post(url, {"grant": grant.pk}).status_code == 302
    grant.refresh_from_db()
    assert grant.acknowledged_at is None  # another area's leader cannot acknowledge it
    assert client.post(url, {"grant": grant.pk}).status_code == 302
    grant.refresh_from_db()
    assert grant.acknowledged_by == area_leader
    assert grant.acknowledged_at is not None
    assert panel(home.emergency_accesses, area_leader, today).count == 0
    assert list(client.get(url).context["page"].object_list) == []
    assert [g.pk for g in client.get(url, {"show": "all"}).context["page"].object_list] == [grant.pk]


def test_an_access_to_a_case_no_leader_leads_is_reviewed_by_every_leader(make_case, caseworker, outsider, leader):
    case = make_case(caseworker, service_area=None)
    grant_for(case, outsider)
    assert panel(home.emergency_accesses, leader, timezone.localdate()).count == 1


def test_a_leader_does_not_acknowledge_their_own_emergency_access(make_case, caseworker, leader, area_leader):
    case = make_case(caseworker, service_area=None)
    grant = grant_for(case, leader)
    with pytest.raises(ValidationError):
        services.acknowledge_grant(grant, leader)
    assert services.acknowledge_grant(grant, area_leader).acknowledged_by == area_leader


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.DIRECTOR, Role.MUNICIPAL_ADMIN])
def test_only_leaders_open_the_review_list(user_factory, login_client, role):
    assert login_client(user_factory(role)).get(reverse("cases:access_reviews")).status_code == 403
