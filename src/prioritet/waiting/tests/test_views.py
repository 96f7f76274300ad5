"""The waiting-list pages: who sees what, the access log, allocation against the suggestion by a form."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from prioritet.accounts.models import Role
from prioritet.cases.models import CaseAccess
from prioritet.waiting import services
from prioritet.waiting.models import Allocation, EntryStatus, Unit, WaitingEntry
from prioritet.waiting.testing import make_service, put, waiting_case


@pytest.fixture
def listed(caseworker, leader):
    service = make_service(leader, capacity=1)
    first = put(service, caseworker, 5, 4, 2, reference="VL-1")
    second = put(service, caseworker, 3, 3, 3, reference="VL-2")
    return service, first, second


@pytest.mark.django_db
def test_the_list_shows_references_in_the_suggested_order_and_logs_each_case_read(listed, caseworker, login_client):
    service, first, second = listed
    client = login_client(caseworker)
    before = CaseAccess.objects.count()
    page = client.get(reverse("waiting:detail", args=[service.pk])).content.decode()
    assert page.index("VL-1") < page.index("VL-2")
    assert "Søknad" not in page  # the case's title (free text) is never on the list
    assert CaseAccess.objects.count() == before + 2
    assert set(CaseAccess.objects.filter(page="waiting").values_list("case_id", flat=True)) == {
        first.case_id,
        second.case_id,
    }


@pytest.mark.django_db
def test_roles_without_individual_cases_do_not_see_the_lists(listed, user_factory, login_client):
    service, _first, _second = listed
    for role in (Role.POLITICIAN, Role.DIRECTOR, Role.MUNICIPAL_ADMIN):
        client = login_client(user_factory(role))
        assert client.get(reverse("waiting:index")).status_code == 403
        assert client.get(reverse("waiting:detail", args=[service.pk])).status_code == 403


@pytest.mark.django_db
def test_allocating_against_the_suggestion_by_the_form_needs_a_reason(listed, caseworker, login_client):
    service, first, second = listed
    client = login_client(caseworker)
    url = reverse("waiting:allocate", args=[service.pk])
    page = client.get(url).content.decode()
    assert "VL-1, har ventet 0 dager — listens forslag" in page
    refused = client.post(url, {"entry": second.pk, "seen_suggestion": first.pk, "reason": ""})
    assert refused.status_code == 200
    assert not Allocation.objects.exists()
    done = client.post(url, {"entry": second.pk, "seen_suggestion": first.pk, "reason": "Akutt behov etter fall."})
    assert done.status_code == 302
    allocation = Allocation.objects.get()
    assert allocation.entry == second
    assert allocation.suggested == first
    assert WaitingEntry.objects.get(pk=second.pk).status == EntryStatus.PLACED


@pytest.mark.django_db
def test_capacity_is_changed_by_a_leader_only(listed, caseworker, leader, login_client):
    service, _first, _second = listed
    url = reverse("waiting:capacity", args=[service.pk])
    data = {"amount": "3", "other_use": "1", "valid_from": "2026-01-01", "note": ""}
    assert login_client(caseworker).post(url, data).status_code == 403
    assert login_client(leader).post(url, data).status_code == 302
    assert service.capacities.count() == 2


@pytest.mark.django_db
def test_a_decided_case_is_put_on_a_list_from_its_page(caseworker, leader, login_client):
    service = make_service(leader, capacity=1)
    case = waiting_case(caseworker, 4, 4, 2)
    client = login_client(caseworker)
    url = reverse("waiting:for_case", args=[case.pk])
    assert client.post(url, {"service": service.pk, "urgency": "3"}).status_code == 302
    entry = WaitingEntry.objects.get(case=case)
    assert entry.urgency == 3
    assert entry.status == EntryStatus.WAITING
    refused = client.post(url, {"service": service.pk, "urgency": "1"})
    assert refused.status_code == 200
    assert WaitingEntry.objects.filter(case=case).count() == 1


@pytest.mark.django_db
def test_statistics_hide_a_month_about_fewer_than_five(listed, caseworker, login_client):
    service, _first, _second = listed
    page = login_client(caseworker).get(reverse("waiting:statistics", args=[service.pk])).content.decode()
    assert '<abbr title="' in page
    assert ">:</abbr>" in page
    # Each month by its name, not the statistics code (2026M12).
    with translation.override("nb"):
        month = date_format(timezone.localdate(), "F Y")
    assert f'<th scope="row">{month}</th>' in page


@pytest.mark.django_db
def test_the_capacity_form_shows_the_stored_capacity_without_trailing_zeros(leader, login_client):
    service = make_service(leader, unit=Unit.HOURS)
    services.change_capacity(service, leader, amount=Decimal("10.0"), other_use=Decimal("0.5"))
    page = login_client(leader).get(reverse("waiting:capacity", args=[service.pk])).content.decode()
    assert 'name="amount" value="10"' in page
    assert 'name="other_use" value="0,5"' in page
