"""Every write of the waiting lists, in a transaction, the policy asked first.

Allocating is where a person decides against or with the list: :func:`allocate` takes the person
the user chose and the suggestion the user *saw*; if the list has changed since (someone else
allocated, a vedtak changed), it refuses, so no one allocates on an order they did not see. Choosing
anyone but the suggestion is refused without a reason, and the reason is kept on the
:class:`~.models.Allocation` with the order as it was.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prioritet.cases.models import Case, Level
from prioritet.cases.models import Status as CaseStatus
from prioritet.core.concurrency import compare_and_swap, edit_versioned, save_with_history

from . import policy, selectors
from .models import Allocation, CapacityChange, EntryStatus, Unit, WaitingEntry, WaitingService


def _require_manage(user: Any) -> None:
    if not policy.can_manage(user):
        raise PermissionDenied(_("Only a leader keeps the services and their capacity."))


def _require_allocate(user: Any) -> None:
    if not policy.can_allocate(user):
        raise PermissionDenied(_("Your role cannot allocate places."))


def _same_municipality(user: Any, service: WaitingService) -> None:
    if user.municipality_id != service.municipality_id:
        raise PermissionDenied


def _lock_service(service: WaitingService) -> WaitingService:
    """One allocation at a time per service: the second waits and then sees the first's result."""
    return WaitingService.objects.select_for_update().get(pk=service.pk)


@transaction.atomic
def create_service(municipality: Any, user: Any, **fields: Any) -> WaitingService:
    _require_manage(user)
    if user.municipality_id != municipality.pk:
        raise PermissionDenied
    area = fields.get("service_area")
    if area is not None and area.municipality_id != municipality.pk:
        raise ValidationError({"service_area": _("Choose one of the municipality's service areas.")})
    service = WaitingService(municipality=municipality, created_by=user, **fields)
    save_with_history(service, user)
    return service


@transaction.atomic
def update_service(service: WaitingService, user: Any, version: int, **fields: Any) -> WaitingService:
    _require_manage(user)
    _same_municipality(user, service)
    area = fields.get("service_area")
    if area is not None and area.municipality_id != service.municipality_id:
        raise ValidationError({"service_area": _("Choose one of the municipality's service areas.")})
    return edit_versioned(WaitingService, service.pk, version, user, fields)


@transaction.atomic
def change_capacity(
    service: WaitingService,
    user: Any,
    *,
    amount: Decimal,
    other_use: Decimal = Decimal(0),
    valid_from: datetime.date | None = None,
    note: str = "",
) -> CapacityChange:
    """The service's capacity from ``valid_from`` (today); the earlier rows stay as its history."""
    _require_manage(user)
    _same_municipality(user, service)
    if service.unit == Unit.PLACES and (amount != int(amount) or other_use != int(other_use)):
        raise ValidationError({"amount": _("Places are counted in whole numbers.")})
    if other_use > amount:
        raise ValidationError({"other_use": _("More cannot be in use outside the list than the capacity.")})
    change = CapacityChange(
        municipality_id=service.municipality_id,
        service=service,
        amount=amount,
        other_use=other_use,
        valid_from=valid_from or timezone.localdate(),
        note=note,
        changed_by=user,
    )
    change.full_clean()
    change.save()
    return change


@transaction.atomic
def put_on_list(
    case: Case,
    user: Any,
    service: WaitingService,
    *,
    urgency: int,
    amount: Decimal = Decimal(1),
    waiting_since: datetime.date | None = None,
) -> WaitingEntry:
    """Put a decided individual case on ``service``'s list, waiting from its vedtak's date.

    ``waiting_since`` is for a person who waited before the list was kept here (moved from the case
    system, say): an earlier date, never a later one than today.
    """
    if not policy.can_put_on_list(user, case):
        raise PermissionDenied(_("Only those who work on the case put it on a waiting list."))
    if service.municipality_id != case.municipality_id or not service.active:
        raise ValidationError({"service": _("Choose one of the municipality's services in use.")})
    if case.level != Level.INDIVIDUAL or case.status != CaseStatus.DECIDED:
        raise ValidationError(_("Only an individual case with a vedtak can wait for a place."))
    decision = selectors.current_decisions([case.pk]).get(case.pk)
    if decision is None or selectors.vedtak_scores(decision) is None:
        raise ValidationError(_("The case's vedtak grants no service, so there is nothing to wait for."))
    if service.unit == Unit.PLACES:
        amount = Decimal(1)
    if waiting_since is not None and waiting_since > timezone.localdate():
        raise ValidationError({"waiting_since": _("Waiting cannot start after today.")})
    if WaitingEntry.objects.filter(
        service=service, case=case, status__in=(EntryStatus.WAITING, EntryStatus.PLACED)
    ).exists():
        raise ValidationError({"service": _("The case is on this list already.")})
    entry = WaitingEntry(
        municipality_id=case.municipality_id,
        service=service,
        case=case,
        decision=decision,
        amount=amount,
        urgency=urgency,
        waiting_since=waiting_since or timezone.localtime(decision.decided_at).date(),
        created_by=user,
    )
    save_with_history(entry, user)
    return entry


@transaction.atomic
def set_urgency(entry: WaitingEntry, user: Any, version: int, urgency: int, reason: str) -> WaitingEntry:
    """Change the hastegrad (it may move the person); why is kept in the entry's history."""
    if not policy.can_put_on_list(user, entry.case) and not policy.can_allocate(user):
        raise PermissionDenied
    _same_municipality(user, entry.service)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the urgency changed.")})
    fresh = compare_and_swap(WaitingEntry, entry.pk, version)
    if not fresh.is_waiting:
        raise ValidationError(_("Only a waiting person's urgency can change."))
    fresh.urgency = urgency
    save_with_history(fresh, user, reason=reason[:100])
    return fresh


@transaction.atomic
def allocate(
    service: WaitingService, user: Any, entry: WaitingEntry, *, seen_suggestion: int | None, reason: str = ""
) -> Allocation:
    """Give the free capacity to ``entry``: as suggested, or against the suggestion with a reason.

    ``seen_suggestion`` is the entry the page suggested when the user chose; a different suggestion now
    means the list changed and the allocation is refused, to be made again on the order as it is.
    """
    _require_allocate(user)
    _same_municipality(user, service)
    locked = _lock_service(service)
    current = selectors.waiting_list(locked)
    suggestion = current.suggestion
    if suggestion is None:
        raise ValidationError(
            _("Nothing is free to allocate: change the capacity or record that someone left."), code="nothing_free"
        )
    if seen_suggestion != suggestion.entry.pk:
        raise ValidationError(
            _("The list has changed since you opened it. Look at it again and choose."), code="list_changed"
        )
    row = current.row_for(entry.pk)
    if row is None:
        raise ValidationError({"entry": _("This person is not waiting on this list.")})
    if row.position is None:
        raise ValidationError({"entry": _("The person's current vedtak grants no service.")})
    if entry.amount > current.occupancy.free:
        raise ValidationError({"entry": _("What the person is granted is more than is free.")})
    reason = reason.strip()
    if row.entry.pk != suggestion.entry.pk and not reason:
        raise ValidationError(
            {"reason": _("You chose someone other than the list's suggestion: give the reason (it is logged).")}
        )
    order = [r.snapshot() for r in current.ranked if r.position is not None and r.position <= (row.position or 0)]
    allocation = Allocation(
        municipality_id=service.municipality_id,
        service=locked,
        entry=row.entry,
        suggested=suggestion.entry,
        position=row.position,
        reason=reason,
        order=order,
        weights=selectors.weights_snapshot(current.weights),
        allocated_by=user,
    )
    allocation.full_clean()
    allocation.save()
    placed = compare_and_swap(WaitingEntry, row.entry.pk, row.entry.version)
    placed.status = EntryStatus.PLACED
    placed.placed_at = timezone.localdate()
    save_with_history(placed, user, reason=_("allocated"))
    return allocation


@transaction.atomic
def end_entry(entry: WaitingEntry, user: Any, version: int, *, reason: str) -> WaitingEntry:
    """A placed person left the service (the capacity frees), or a waiting one is taken off the list."""
    _require_allocate(user)
    _same_municipality(user, entry.service)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why (moved, no longer needs it, declined, died …).")})
    fresh = compare_and_swap(WaitingEntry, entry.pk, version)
    if fresh.status == EntryStatus.PLACED:
        fresh.status = EntryStatus.LEFT
    elif fresh.status == EntryStatus.WAITING:
        fresh.status = EntryStatus.WITHDRAWN
    else:
        raise ValidationError(_("The entry has ended already."))
    fresh.ended_at = timezone.localdate()
    fresh.end_reason = reason
    save_with_history(fresh, user, reason=reason[:100])
    return fresh
