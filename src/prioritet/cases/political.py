"""A political case's innstilling and vedtak (issue 11 §3), and the decision bodies they go to.

The municipal director's **innstilling** (:class:`Recommendation`) recommends an alternative and
proposes the resolution («forslag til vedtak»); the saksframlegg ends with it. The political body's
**vedtak** is recorded by a politician or the secretariat with :func:`record_vedtak`: the body,
meeting date, the body's saksnummer, the text as adopted, how it departs from the innstilling, the
vote and the amendments (endringsforslag). The vedtak is a :class:`Decision` like every other level's
(so current decision, reassessment, effects and reports read it as before) plus a
:class:`PoliticalResolution` with the political facts. Service-level and individual cases keep their
single decision (:func:`prioritet.cases.services.decide`).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from prioritet.accounts.models import Role
from prioritet.core.concurrency import ConcurrentEditError, save_with_history
from prioritet.weighting.services import ensure_weights

from . import policy, selectors, services
from .judgment import combined_judgment
from .models import (
    Alternative,
    Amendment,
    Case,
    Decision,
    DecisionBody,
    Level,
    PoliticalResolution,
    Recommendation,
)
from .validators import validate_saksnummer

AMENDMENT_FIELDS = ("proposed_by", "text", "adopted", "votes_for", "votes_against")


# Decision bodies ---------------------------------------------------------------------------------


def can_manage_bodies(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.municipality_id and user.role == Role.MUNICIPAL_ADMIN)


def _require_body_admin(user, municipality) -> None:
    if not can_manage_bodies(user) or user.municipality_id != municipality.pk:
        raise PermissionDenied(_("Only the municipal administrator keeps the list of decision bodies."))


def _check_unique_name(body: DecisionBody) -> None:
    clash = DecisionBody.objects.filter(municipality=body.municipality, name__iexact=body.name.strip())
    if body.pk:
        clash = clash.exclude(pk=body.pk)
    if clash.exists():
        raise ValidationError({"name": _("The municipality already has a decision body with this name.")})


@transaction.atomic
def create_body(municipality, user, *, name: str) -> DecisionBody:
    _require_body_admin(user, municipality)
    body = DecisionBody(municipality=municipality, name=(name or "").strip())
    _check_unique_name(body)
    save_with_history(body, user)
    return body


@transaction.atomic
def update_body(body: DecisionBody, user, *, name: str, active: bool) -> DecisionBody:
    _require_body_admin(user, body.municipality)
    body.name = (name or "").strip()
    body.active = active
    _check_unique_name(body)
    save_with_history(body, user)
    return body


# Innstilling -------------------------------------------------------------------------------------


def can_recommend(user, case: Case) -> bool:
    """The municipal director (who works on political cases) makes the innstilling of an open case."""
    return case.level == Level.POLITICAL and policy.can_work(user, case) and not case.is_decided


@transaction.atomic
def recommend(
    case: Case,
    user,
    version: int,
    *,
    alternative: Alternative,
    priority: str,
    proposed_resolution: str,
    justification: str,
    departure_reason: str = "",
    forsvarlighet_confirmed: bool = False,
    forsvarlighet_justification: str = "",
    child_best_interest: str = "",
    signature: str | None = None,
) -> Recommendation:
    """Record the municipal director's innstilling with its forslag til vedtak.

    The same rules as a decision for the choice (a reason to depart from the suggested order,
    forsvarlighet, the child's best interest), and the proposed resolution must be written. A new
    innstilling before the vedtak replaces the earlier one (both are kept).
    """
    if case.level != Level.POLITICAL:
        raise ValidationError(_("Only political cases get an innstilling; decide the case instead."))
    services.require_work(user, case)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    services.require_open(locked)
    if locked.version != version:
        raise ConcurrentEditError(locked)
    judgment = combined_judgment(locked, ensure_weights(locked.municipality))
    if signature is not None and signature != judgment.signature:
        raise ConcurrentEditError(locked)
    errors, priority = services.choice_errors(
        locked,
        judgment,
        alternative=alternative,
        priority=priority,
        justification=justification,
        departure_reason=departure_reason,
        forsvarlighet_confirmed=forsvarlighet_confirmed,
        forsvarlighet_justification=forsvarlighet_justification,
        child_best_interest=child_best_interest,
        what="recommendation",
    )
    if not (proposed_resolution or "").strip():
        errors.setdefault("proposed_resolution", []).append(_("Write the proposed resolution (forslag til vedtak)."))
    if errors:
        raise ValidationError(errors)
    recommendation = Recommendation(
        case=locked,
        alternative=alternative,
        priority=priority,
        proposed_resolution=proposed_resolution.strip(),
        justification=justification,
        departure_reason=departure_reason,
        forsvarlighet_confirmed=forsvarlighet_confirmed,
        forsvarlighet_justification=forsvarlighet_justification,
        child_best_interest=child_best_interest,
        weight_version=judgment.weight_version,
        suggestion=judgment.suggestion(),
        recommended_by=user,
    )
    save_with_history(recommendation, user)
    return recommendation


# Vedtak ------------------------------------------------------------------------------------------


def can_record_vedtak(user, case: Case) -> bool:
    return case.level == Level.POLITICAL and policy.can_decide(user, case) and not case.is_decided


def _blank(row: Mapping[str, Any]) -> bool:
    return not any(row.get(name) not in (None, "") for name in ("proposed_by", "text", "votes_for", "votes_against"))


def _amendment_errors(
    rows: Sequence[Mapping[str, Any]],
) -> tuple[list[tuple[int, Mapping[str, Any]]], dict[str, list[str]]]:
    """The amendments to store (blank rows dropped) and their broken rules as ``amendments.<i>.<field>``."""
    kept: list[tuple[int, Mapping[str, Any]]] = []
    errors: dict[str, list[str]] = {}
    for index, row in enumerate(rows):
        unknown = set(row) - set(AMENDMENT_FIELDS)
        if unknown:
            raise TypeError(f"unknown amendment fields: {sorted(unknown)}")
        if _blank(row) and row.get("adopted") is None:
            continue
        prefix = f"amendments.{index}."
        if not str(row.get("proposed_by") or "").strip():
            errors.setdefault(prefix + "proposed_by", []).append(_("Say who proposed the amendment."))
        if not str(row.get("text") or "").strip():
            errors.setdefault(prefix + "text", []).append(_("Write the amendment's text."))
        if row.get("adopted") not in (True, False):
            errors.setdefault(prefix + "adopted", []).append(_("Say whether the amendment was adopted or rejected."))
        for name in ("votes_for", "votes_against"):
            value = row.get(name)
            if value is not None and value < 0:
                errors.setdefault(prefix + name, []).append(_("A number of votes cannot be negative."))
        kept.append((index, row))
    return kept, errors


@transaction.atomic
def record_vedtak(
    case: Case,
    user,
    version: int,
    *,
    body: DecisionBody | None,
    meeting_date: datetime.date | None,
    saksnummer: str,
    alternative: Alternative,
    priority: str,
    adopted_text: str,
    reassessment_due: datetime.date | None,
    departure_description: str = "",
    unanimous: bool = False,
    votes_for: int | None = None,
    votes_against: int | None = None,
    amendments: Sequence[Mapping[str, Any]] = (),
    forsvarlighet_confirmed: bool = False,
    forsvarlighet_justification: str = "",
    child_best_interest: str = "",
    signature: str | None = None,
) -> Decision:
    """Record the political body's vedtak on a political case that has an innstilling.

    Choosing another alternative than the innstilling, or adopting another text than its forslag til
    vedtak, departs from it and must be described. The vote is unanimous or counted (votes for and
    against, never negative); every amendment has its proposer, text and outcome. All broken rules are
    reported together; nothing is written unless all hold.
    """
    if case.level != Level.POLITICAL:
        raise ValidationError(_("Only political cases get a political vedtak; decide the case instead."))
    services.require_decide(user, case)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    services.require_open(locked)
    recommendation = selectors.current_recommendation(locked)
    if recommendation is None:
        raise ValidationError(
            _("The municipal director's innstilling must be recorded before the vedtak."), code="no_recommendation"
        )

    errors: dict[str, list[str]] = {}

    def error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if body is None:
        error("body", _("Choose the body that adopted the vedtak."))
    elif body.municipality_id != locked.municipality_id or not body.active:
        error("body", _("Choose one of the municipality's decision bodies."))
    if meeting_date is None:
        error("meeting_date", _("Give the date of the meeting."))
    try:
        validate_saksnummer((saksnummer or "").strip())
    except ValidationError as err:
        for message in err.messages:
            error("saksnummer", message)
    if not (adopted_text or "").strip():
        error("adopted_text", _("Write the resolution as it was adopted."))
    departs = alternative.pk != recommendation.alternative_id or (
        (adopted_text or "").strip() != recommendation.proposed_resolution.strip()
    )
    if departs and not departure_description.strip():
        error(
            "departure_description",
            _("The vedtak departs from the innstilling (another alternative or text): describe how."),
        )
    if not unanimous and (votes_for is None or votes_against is None):
        error("votes_for", _("Give the votes for and against, or mark the vedtak as unanimous."))
    for name, value in (("votes_for", votes_for), ("votes_against", votes_against)):
        if value is not None and value < 0:
            error(name, _("A number of votes cannot be negative."))
    kept, amendment_errors = _amendment_errors(amendments)
    for name, messages in amendment_errors.items():
        errors.setdefault(name, []).extend(messages)

    same_choice = alternative.pk == recommendation.alternative_id
    try:
        decision = services.decide(
            locked,
            user,
            version,
            alternative=alternative,
            priority=priority,
            # The grounds are the innstilling's; a departing vedtak is grounded in how it departs.
            justification=recommendation.justification if same_choice else departure_description,
            reassessment_due=reassessment_due,
            departure_reason=recommendation.departure_reason if same_choice else departure_description,
            forsvarlighet_confirmed=forsvarlighet_confirmed,
            forsvarlighet_justification=forsvarlighet_justification,
            child_best_interest=child_best_interest,
            signature=signature,
            political_vedtak=True,
        )
    except ValidationError as err:
        if not hasattr(err, "error_dict"):
            errors.setdefault(NON_FIELD_ERRORS, []).extend(err.messages)
        else:
            for name, messages in err.message_dict.items():
                # The decision's own reasons come from the innstilling or the departure description.
                target = "departure_description" if name in ("justification", "departure_reason") else name
                for message in messages:
                    if message not in errors.get(target, []):
                        errors.setdefault(target, []).append(message)
        raise ValidationError(errors) from err
    if errors:
        # The decision above is rolled back with this transaction.
        raise ValidationError(errors)

    resolution = PoliticalResolution(
        decision=decision,
        recommendation=recommendation,
        body=body,
        meeting_date=meeting_date,
        saksnummer=saksnummer.strip(),
        adopted_text=adopted_text.strip(),
        departs_from_recommendation=departs,
        departure_description=departure_description.strip() if departs else "",
        unanimous=unanimous,
        votes_for=None if unanimous else votes_for,
        votes_against=None if unanimous else votes_against,
    )
    save_with_history(resolution, user)
    for index, row in kept:
        amendment = Amendment(
            resolution=resolution,
            proposed_by=str(row.get("proposed_by") or "").strip(),
            text=str(row.get("text") or "").strip(),
            adopted=bool(row.get("adopted")),
            votes_for=row.get("votes_for"),
            votes_against=row.get("votes_against"),
        )
        try:
            save_with_history(amendment, user, exclude=["resolution"])
        except ValidationError as err:
            raise ValidationError(
                {f"amendments.{index}.{name}": messages for name, messages in err.message_dict.items()}
            ) from err
    return decision
