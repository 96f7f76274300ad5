"""Complaints (klage) on a decided individual case: forvaltningsloven §§ 28–34, pbrl § 7-2.

The way of a complaint, each step recorded and shown on the case's timeline:

1. **Registered** (:func:`register_complaint`): the day it was received and the day the person was
   notified of the decision. The deadline is ``PRIORITET_COMPLAINT_DAYS`` (21, three weeks,
   forvaltningsloven § 29) from the notice; a later complaint is registered all the same and flagged
   as late (§ 31 lets the unit consider it). Registering opens a :class:`Reassessment` of the case: the
   unit's own review (§ 33).
2. **The unit's outcome** (:func:`record_unit_outcome`), after the case is decided again: the
   complaint upheld (the decision changed) or not, and then sent on to Statsforvalteren on a date.
3. **Statsforvalteren's result** (:func:`record_appeal_result`), when it comes: upheld, partly upheld,
   not upheld, or quashed and sent back. A changed or quashed decision is carried out by a new
   reassessment of the case.

Who registers and records is who works on the case; the unit's outcome is recorded by who may decide
it. Complaints are on individual cases only: service and political decisions are not enkeltvedtak.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from prioritet.core.concurrency import save_with_history

from . import policy, services
from .models import AppealResult, Case, Complaint, Decision, Level, Status, UnitOutcome


def complaints_of(case: Case) -> list[Complaint]:
    """The case's complaints, oldest first, with the decisions they name."""
    return list(
        Complaint.objects.filter(case=case).select_related("decision__alternative", "unit_decision__alternative")
    )


def get_complaint(case: Case, pk: int) -> Complaint:
    """The complaint ``pk`` of ``case`` (404 for another case's)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Complaint, case=case, pk=pk)


def _require(user, case: Case, *, decide: bool = False) -> None:
    allowed = policy.can_decide(user, case) if decide else policy.can_work(user, case)
    if not allowed:
        raise PermissionDenied(_("Your role cannot handle complaints on cases at this level."))


def _latest_decision(case: Case) -> Decision | None:
    return case.decisions.order_by("-decided_at", "-id").first()


@transaction.atomic
def register_complaint(
    case: Case,
    user,
    *,
    received_on: datetime.date | None,
    grounds: str,
    notified_on: datetime.date | None = None,
) -> Complaint:
    """Register a complaint on the current decision of ``case`` and reopen the case for the unit's review.

    ``notified_on`` (when the person got the decision) defaults to the day it was made.
    """
    _require(user, case)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    errors: dict[str, list[str]] = {}
    if locked.level != Level.INDIVIDUAL:
        raise ValidationError(_("Only a decision on an individual case can be complained about here."))
    decision = _latest_decision(locked)
    if locked.status != Status.DECIDED or decision is None:
        raise ValidationError(_("Only a decided case can be complained about."))
    today = timezone.localdate()
    decided_on = timezone.localdate(decision.decided_at)
    notified_on = notified_on or decided_on
    if received_on is None:
        errors.setdefault("received_on", []).append(_("Give the day the complaint was received."))
    elif received_on > today:
        errors.setdefault("received_on", []).append(_("The day the complaint was received cannot be in the future."))
    if notified_on < decided_on or notified_on > today:
        errors.setdefault("notified_on", []).append(
            _("The notice comes between the decision (%(date)s) and today.")
            % {"date": date_format(decided_on, "SHORT_DATE_FORMAT")}
        )
    if not (grounds or "").strip():
        errors.setdefault("grounds", []).append(_("Write down what the complaint says (without identity numbers)."))
    complaint = Complaint(
        case=locked,
        decision=decision,
        notified_on=notified_on,
        received_on=received_on or today,
        grounds=(grounds or "").strip(),
        registered_by=user,
    )
    try:
        complaint.full_clean(exclude=["reassessment"])
    except ValidationError as err:  # the text rules (no identity numbers) and the length, with the rest
        for name, messages in err.message_dict.items():
            if name not in errors:
                errors[name] = list(messages)
    if errors:
        raise ValidationError(errors)
    assert received_on is not None
    reason = _("Complaint received %(date)s.") % {"date": date_format(received_on, "SHORT_DATE_FORMAT")}
    complaint.reassessment = services.start_reassessment(locked, user, reason, locked.version)
    save_with_history(complaint, user)
    return complaint


@transaction.atomic
def record_unit_outcome(
    complaint: Complaint,
    user,
    *,
    outcome: str,
    note: str = "",
    forwarded_on: datetime.date | None = None,
) -> Complaint:
    """The unit's outcome after it has decided the case again: the decision changed (the complaint upheld),
    or kept and the complaint sent on to Statsforvalteren on ``forwarded_on``."""
    case = complaint.case
    _require(user, case, decide=True)
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if locked.unit_outcome:
        raise ValidationError(_("The unit's outcome is recorded already."))
    errors: dict[str, list[str]] = {}
    fresh = Case.objects.get(pk=case.pk)
    latest = _latest_decision(fresh)
    if fresh.status != Status.DECIDED or latest is None or latest.pk == locked.decision_id:
        errors.setdefault("__all__", []).append(
            _("Decide the case again after the complaint first: the unit's review ends in a new decision.")
        )
    if outcome not in UnitOutcome.values:
        errors.setdefault("outcome", []).append(_("Choose what the unit did with the complaint."))
    if outcome == UnitOutcome.FORWARDED:
        if forwarded_on is None:
            errors.setdefault("forwarded_on", []).append(_("Give the day the complaint was sent to Statsforvalteren."))
        elif forwarded_on < locked.received_on or forwarded_on > timezone.localdate():
            errors.setdefault("forwarded_on", []).append(
                _("The complaint is sent on between the day it was received and today.")
            )
    if errors:
        raise ValidationError(errors)
    locked.unit_outcome = outcome
    locked.unit_decision = latest
    locked.unit_note = (note or "").strip()
    locked.forwarded_on = forwarded_on if outcome == UnitOutcome.FORWARDED else None
    locked.unit_recorded_by = user
    locked.unit_recorded_at = timezone.now()
    save_with_history(locked, user)
    return locked


@transaction.atomic
def record_appeal_result(
    complaint: Complaint, user, *, result: str, decided_on: datetime.date | None, note: str = ""
) -> Complaint:
    """Statsforvalteren's result on a complaint the unit sent on, recorded when it comes."""
    _require(user, complaint.case)
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if locked.unit_outcome != UnitOutcome.FORWARDED:
        raise ValidationError(_("Only a complaint sent on to Statsforvalteren gets Statsforvalteren's result."))
    if locked.appeal_result:
        raise ValidationError(_("Statsforvalteren's result is recorded already."))
    errors: dict[str, list[str]] = {}
    if result not in AppealResult.values:
        errors.setdefault("result", []).append(_("Choose Statsforvalteren's result."))
    if decided_on is None:
        errors.setdefault("decided_on", []).append(_("Give the day Statsforvalteren decided."))
    elif (locked.forwarded_on and decided_on < locked.forwarded_on) or decided_on > timezone.localdate():
        errors.setdefault("decided_on", []).append(
            _("Statsforvalteren decides between the day the complaint was sent and today.")
        )
    if errors:
        raise ValidationError(errors)
    locked.appeal_result = result
    locked.appeal_decided_on = decided_on
    locked.appeal_note = (note or "").strip()
    locked.appeal_recorded_by = user
    locked.appeal_recorded_at = timezone.now()
    save_with_history(locked, user)
    return locked
