"""The waiting list through its services: the order, allocation against it, capacity, reassessment."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from prioritet.accounts.models import Role
from prioritet.cases import services as case_services
from prioritet.cases.judgment import combined_judgment
from prioritet.cases.testing import set_severity
from prioritet.waiting import selectors, services
from prioritet.waiting.models import Allocation, EntryStatus, Unit, WaitingEntry
from prioritet.waiting.ordering import Applicant
from prioritet.waiting.testing import make_service, put
from prioritet.weighting import services as weighting_services

from .test_ordering import oracle


def _oracle_entries(service, weights: dict[str, Fraction]) -> list[int]:
    """The documented sort over the waiting entries, read from the rows, not from the selector."""
    applicants = []
    for entry in WaitingEntry.objects.filter(service=service, status=EntryStatus.WAITING):
        decision = entry.case.decisions.order_by("-decided_at", "-id").first()
        row = next(r for r in decision.suggestion if r["alternative"] == decision.alternative_id)
        applicants.append(
            Applicant(
                entry=entry.pk,
                severity=row["scores"]["severity"],
                benefit=row["scores"]["benefit"],
                resources=row["scores"]["resources"],
                urgency=entry.urgency,
                waiting_since=entry.waiting_since,
            )
        )
    return oracle(applicants, weights)


@pytest.mark.django_db
def test_a_list_of_200_with_capacity_changes_follows_the_documented_rule(caseworker, leader):
    weighting_services.create_version(
        leader.municipality,
        None,
        benefit=Decimal("30"),
        severity=Decimal("50"),
        resources=Decimal("20"),
        reason="Vedtatt i kommunestyret",
        decided_by_body="Kommunestyret",
    )
    weights = {"benefit": Fraction(30), "severity": Fraction(50), "resources": Fraction(20)}
    service = make_service(leader, capacity=0)
    rng = random.Random(13)
    today = timezone.localdate()
    for n in range(200):
        put(
            service,
            caseworker,
            rng.randint(1, 5),
            rng.randint(1, 5),
            rng.randint(1, 5),
            urgency=rng.randint(1, 3),
            since=today - datetime.timedelta(days=rng.randint(0, 400)),
            reference=f"VL-{n:03d}",
        )
    listed = selectors.waiting_list(service)
    assert [row.entry.pk for row in listed.rows] == _oracle_entries(service, weights)
    assert listed.suggestion is None  # no capacity: nothing to suggest
    allocated = 0
    for places in (3, 5, 2, 8):
        services.change_capacity(service, leader, amount=Decimal(places + allocated))
        while (suggestion := selectors.waiting_list(service).suggestion) is not None:
            expected = _oracle_entries(service, weights)
            assert suggestion.entry.pk == expected[0]
            services.allocate(service, caseworker, suggestion.entry, seen_suggestion=suggestion.entry.pk)
            allocated += 1
        assert selectors.occupancy(service).free == 0
    assert allocated == 18
    rows = selectors.waiting_list(service).rows
    assert len(rows) == 182
    assert [row.entry.pk for row in rows] == _oracle_entries(service, weights)
    assert Allocation.objects.filter(service=service).count() == 18
    assert all(a.position == 1 and a.reason == "" for a in Allocation.objects.filter(service=service))


def _suggested(service) -> WaitingEntry | None:
    suggestion = selectors.waiting_list(service).suggestion
    return None if suggestion is None else suggestion.entry


@pytest.fixture
def three(caseworker, leader):
    service = make_service(leader, capacity=1)
    first = put(service, caseworker, 5, 4, 2, reference="A-1")
    second = put(service, caseworker, 4, 4, 2, reference="A-2")
    third = put(service, caseworker, 2, 2, 4, urgency=3, reference="A-3")
    return service, first, second, third


@pytest.mark.django_db
def test_a_move_against_the_suggestion_without_a_reason_is_refused(three, caseworker):
    service, first, _second, third = three
    assert _suggested(service) == first
    with pytest.raises(ValidationError) as refused:
        services.allocate(service, caseworker, third, seen_suggestion=first.pk, reason="  ")
    assert "reason" in refused.value.message_dict
    assert not Allocation.objects.exists()
    third.refresh_from_db()
    assert third.status == EntryStatus.WAITING


@pytest.mark.django_db
def test_a_move_against_the_suggestion_with_a_reason_is_logged(three, caseworker):
    service, first, second, third = three
    allocation = services.allocate(
        service, caseworker, third, seen_suggestion=first.pk, reason="Pårørende kan ikke lenger gi omsorg."
    )
    assert allocation.suggested == first
    assert allocation.entry == third
    assert allocation.position == 3
    assert not allocation.followed_suggestion
    assert [row["entry"] for row in allocation.order] == [first.pk, second.pk, third.pk]
    assert allocation.reason == "Pårørende kan ikke lenger gi omsorg."
    assert allocation.allocated_by == caseworker
    third.refresh_from_db()
    assert third.status == EntryStatus.PLACED
    assert third.placed_at == timezone.localdate()


@pytest.mark.django_db
def test_the_database_refuses_a_departure_without_a_reason(three, caseworker):
    from django.db import IntegrityError, transaction

    service, first, _second, third = three
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(
            municipality=service.municipality,
            service=service,
            entry=third,
            suggested=first,
            position=3,
            allocated_by=caseworker,
        )


@pytest.mark.django_db
def test_a_suggestion_the_user_did_not_see_is_refused(three, caseworker):
    service, _first, second, _third = three
    with pytest.raises(ValidationError) as refused:
        services.allocate(service, caseworker, second, seen_suggestion=second.pk)
    assert refused.value.code == "list_changed"
    assert not Allocation.objects.exists()


@pytest.mark.django_db
def test_nothing_is_allocated_without_free_capacity_and_a_leaver_frees_a_place(three, caseworker, leader):
    service, first, second, _third = three
    services.allocate(service, caseworker, first, seen_suggestion=first.pk)
    assert selectors.waiting_list(service).suggestion is None
    with pytest.raises(ValidationError) as refused:
        services.allocate(service, caseworker, second, seen_suggestion=second.pk)
    assert refused.value.code == "nothing_free"
    first.refresh_from_db()
    services.end_entry(first, caseworker, first.version, reason="Flyttet til annen kommune.")
    first.refresh_from_db()
    assert first.status == EntryStatus.LEFT
    assert _suggested(service) == second


@pytest.mark.django_db
def test_a_capacity_change_keeps_its_history(leader):
    service = make_service(leader, capacity=4)
    services.change_capacity(
        service, leader, amount=Decimal(6), other_use=Decimal(2), valid_from=timezone.localdate(), note="Ny fløy"
    )
    future = timezone.localdate() + datetime.timedelta(days=30)
    services.change_capacity(service, leader, amount=Decimal(3), valid_from=future)
    assert getattr(selectors.capacity_at(service), "amount", None) == 6
    assert getattr(selectors.capacity_at(service, future), "amount", None) == 3
    assert [c.amount for c in selectors.capacity_history(service)] == [3, 6, 4]
    assert selectors.occupancy(service).free == 4
    with pytest.raises(ValidationError):
        services.change_capacity(service, leader, amount=Decimal("2.5"))
    with pytest.raises(ValidationError):
        services.change_capacity(service, leader, amount=Decimal(2), other_use=Decimal(3))


@pytest.mark.django_db
def test_hours_are_allocated_to_the_first_whose_hours_fit(caseworker, leader):
    service = make_service(leader, "Hverdagsrehabilitering", capacity=6, unit=Unit.HOURS)
    big = put(service, caseworker, 5, 5, 1, amount=Decimal(8))
    small = put(service, caseworker, 3, 3, 3, amount=Decimal(4))
    listed = selectors.waiting_list(service)
    assert [r.entry for r in listed.rows] == [big, small]
    assert _suggested(service) == small


@pytest.mark.django_db
def test_a_reassessed_case_moves_on_the_list(three, caseworker):
    service, first, second, third = three
    assert [r.entry for r in selectors.waiting_list(service).rows] == [first, second, third]
    case = third.case
    case_services.start_reassessment(case, caseworker, "Behovet er endret etter fall.")
    listed = selectors.waiting_list(service)
    assert getattr(listed.row_for(third.pk), "under_reassessment", False)
    set_severity(case, caseworker, 5, "Kan ikke bo hjemme lenger.")
    case.refresh_from_db()
    alternative = case.alternatives.get(kind="measure")
    assessment = alternative.assessments.get()
    case_services.save_assessment(
        alternative,
        caseworker,
        assessment.version,
        {"benefit": 5, "resources": 2, "basis_clinical": True, "certainty": "medium"},
    )
    case.refresh_from_db()
    top = combined_judgment(case).top
    assert top is not None
    case_services.decide(
        case,
        caseworker,
        case.version,
        alternative=top.alternative,
        priority="high",
        justification="Behovet er større nå.",
        reassessment_due=timezone.localdate() + datetime.timedelta(days=90),
    )
    rows = selectors.waiting_list(service).rows
    assert [r.entry for r in rows] == [third, first, second]
    assert rows[0].scores == {"benefit": 5, "severity": 5, "resources": 2}
    assert not rows[0].under_reassessment


@pytest.mark.django_db
def test_who_may_do_what(three, user_factory, leader, caseworker):
    service, first, _second, _third = three
    politician = user_factory(Role.POLITICIAN)
    health = user_factory(Role.HEALTH_PERSONNEL)
    with pytest.raises(PermissionDenied):
        services.allocate(service, health, first, seen_suggestion=first.pk)
    with pytest.raises(PermissionDenied):
        services.change_capacity(service, caseworker, amount=Decimal(9))
    with pytest.raises(PermissionDenied):
        services.create_service(leader.municipality, politician, name="X")
    services.allocate(service, leader, first, seen_suggestion=first.pk)


@pytest.mark.django_db
def test_only_a_vedtak_for_a_service_puts_a_case_on_the_list(caseworker, leader, make_case):
    service = make_service(leader)
    open_case = make_case(caseworker)
    with pytest.raises(ValidationError):
        services.put_on_list(open_case, caseworker, service, urgency=1)
    entry = put(service, caseworker, 3, 3, 3)
    with pytest.raises(ValidationError):
        services.put_on_list(entry.case, caseworker, service, urgency=1)
