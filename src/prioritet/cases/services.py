"""Every write of the cases app, each in one transaction.

Rules enforced here, not only in forms:

* only the roles that work on a case's level may change it (:mod:`prioritet.cases.policy`);
* a decided case is read-only until :func:`start_reassessment` reopens it (phase and archive
  flag excepted: they track the process, not the basis of the decision);
* edits carry the ``version`` the user loaded; a stale version raises
  :class:`~prioritet.core.concurrency.ConcurrentEditError` and nothing is written (compare-and-swap
  on the row, so two saves can never both win);
* every change is kept by django-simple-history with the user who made it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prioritet.core.concurrency import ConcurrentEditError, compare_and_swap, save_with_history
from prioritet.weighting.services import ensure_weights

from . import phases, policy, positions, similar, voice
from .extensions import decision_errors
from .judgment import combined_judgment
from .models import (
    AccessBasis,
    AccessGrant,
    Alternative,
    AlternativeKind,
    Assessment,
    Case,
    CaseAccess,
    CaseTeamMember,
    Decision,
    FollowUp,
    GrantReason,
    Level,
    Outcome,
    Phase,
    PhaseChange,
    Reassessment,
    Status,
)

CASE_FIELDS = (
    "level",
    "title",
    "description",
    "service_area",
    "plan_process",
    "case_reference",
    "district",
    "child_affected",
    "severity",
    "severity_justification",
    "involvement_plan",
    "management_information",
)
ALTERNATIVE_FIELDS = ("title", "description", "reduces_service")
ASSESSMENT_FIELDS = (
    "benefit",
    "resources",
    "benefit_justification",
    "resources_justification",
    "basis_research",
    "basis_clinical",
    "basis_user",
    "certainty",
)


def require_work(user, case: Case) -> None:
    if not policy.can_work(user, case):
        raise PermissionDenied(_("You cannot change cases at this level."))


def require_decide(user, case: Case) -> None:
    if not policy.can_decide(user, case):
        raise PermissionDenied(_("Your role cannot record decisions at this level."))


def require_open(case: Case) -> None:
    """Refuse to change a decided case until a recorded reassessment reopens it.

    The one rule for everything that forms the basis of a decision: the case, its alternatives and
    assessments here, and what the apps built on cases add to it (mini-HTA, EtD panel, ethical
    reflection), whose services call this too.
    """
    if case.is_decided:
        raise ValidationError(
            _("The case is decided and can no longer be changed. Start a reassessment to reopen it."),
            code="decided",
        )


def _lock_case(case: Case) -> Case:
    """The case row, locked until the transaction ends (a no-op lock on SQLite, which serialises writes)."""
    return Case.objects.select_for_update().get(pk=case.pk)


def require_work_on_open_case(user, case: Case) -> None:
    """For the apps built on cases (ethics, evidence): the user works on the case and it is not decided.

    The case row is re-read under lock, so a decision recorded since the page was loaded counts.
    """
    require_work(user, case)
    require_open(_lock_case(case))


def _check_service_area(case: Case) -> None:
    if case.service_area_id and case.service_area.municipality_id != case.municipality_id:
        raise ValidationError({"service_area": _("Choose a service area of your own municipality.")})


def _check_level_fields(case: Case) -> None:
    if case.level != Level.INDIVIDUAL and case.case_reference:
        raise ValidationError({"case_reference": _("Only individual cases have a case reference.")})
    if case.level != Level.INDIVIDUAL and case.district:
        raise ValidationError({"district": _("Only individual cases have a district.")})


# Cases ------------------------------------------------------------------------------------------


def _check_responsible(case: Case, responsible) -> None:
    """The person named responsible for a new individual case: an active caseworker or health worker of
    its municipality (as a hand-over asks), never an API integration's system user."""
    if not case.is_individual:
        raise ValidationError({"responsible": _("Only individual cases have a responsible caseworker.")})
    if not policy.can_be_responsible(responsible, case) or getattr(responsible, "integration", None) is not None:
        raise ValidationError(
            {"responsible": _("The responsible caseworker is an active caseworker or health worker.")}
        )


@transaction.atomic
def create_case(
    municipality,
    user,
    *,
    no_action_consequence: str,
    follows: Case | None = None,
    responsible=None,
    **fields: Any,
) -> Case:
    """Create a case with its no-action alternative, whose consequence must be described.

    ``follows`` is the earlier case a follow-up case opens a new cycle of (see :func:`follow_up`).
    ``responsible`` names another person as the individual case's responsible caseworker (an API
    integration creating a case for a caseworker); the creator is then a member of its team. By
    default the creator is responsible.
    """
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise TypeError(f"unknown case fields: {sorted(unknown)}")
    case = Case(municipality=municipality, created_by=user, phase=Phase.PREPARE, follows=follows, **fields)
    if not policy.can_create(user, case):
        raise PermissionDenied(_("You cannot change cases at this level."))
    if not (no_action_consequence or "").strip():
        raise ValidationError(
            {"no_action_consequence": _("Describe the consequence of not starting, postponing or ending.")}
        )
    _check_service_area(case)
    _check_level_fields(case)
    if responsible is None or (responsible == user and case.is_individual):
        responsible = user
    else:
        _check_responsible(case, responsible)
    save_with_history(case, user)
    no_action = Alternative(
        case=case,
        kind=AlternativeKind.NO_ACTION,
        title=_("Not start, postpone or end"),
        description=no_action_consequence.strip(),
        created_by=user,
    )
    try:
        save_with_history(no_action, user)
    except ValidationError as err:
        raise ValidationError({"no_action_consequence": err.messages}) from err
    PhaseChange.objects.create(case=case, changed_by=user, from_phase="", to_phase=Phase.PREPARE)
    if case.is_individual:
        # The creator is the responsible caseworker unless another is named (the creator is then a
        # member); a follow-up case keeps the earlier case's members.
        CaseTeamMember.objects.create(case=case, user=responsible, responsible=True, added_by=user)
        if responsible != user:
            CaseTeamMember.objects.create(case=case, user=user, added_by=user)
        if follows is not None and follows.is_individual:
            CaseTeamMember.objects.bulk_create(
                CaseTeamMember(case=case, user_id=member.user_id, added_by=user)
                for member in follows.team_members.exclude(user__in=[user, responsible])
            )
    return case


@transaction.atomic
def open_case(
    municipality,
    user,
    *,
    no_action_consequence: str,
    alternatives: Sequence[Mapping[str, Any]] = (),
    phase: str = Phase.PREPARE,
    **fields: Any,
) -> Case:
    """Create a case with its alternatives and move it to ``phase``, all or nothing (the API's create).

    An alternative's field errors are named ``alternatives.<index>.<field>``, so the caller can tell
    which one was refused.
    """
    case = create_case(municipality, user, no_action_consequence=no_action_consequence, **fields)
    for index, alternative in enumerate(alternatives):
        try:
            add_alternative(case, user, **alternative)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise
            raise ValidationError(
                {
                    name if name == NON_FIELD_ERRORS else f"alternatives.{index}.{name}": errors
                    for name, errors in error.error_dict.items()
                }
            ) from error
    if phase != Phase.PREPARE:
        case = change_phase(case, user, Case.objects.get(pk=case.pk).version, phase)
    return case


@transaction.atomic
def update_case(case: Case, user, version: int, **fields: Any) -> Case:
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise TypeError(f"unknown case fields: {sorted(unknown)}")
    require_work(user, case)
    require_open(_lock_case(case))
    if "level" in fields and fields["level"] != case.level:
        probe = Case(municipality=case.municipality, level=fields["level"])
        require_work(user, probe)
    fresh = compare_and_swap(Case, case.pk, version)
    for name, value in fields.items():
        setattr(fresh, name, value)
    _check_service_area(fresh)
    _check_level_fields(fresh)
    save_with_history(fresh, user)
    return fresh


@transaction.atomic
def change_phase(case: Case, user, version: int, to_phase: str, note: str = "", *, check: bool = True) -> Case:
    """Move the case to another of the five phases and record who, when, from, to and why.

    Moving forward checks the exit conditions of the current phase and of every phase skipped
    (:func:`prioritet.cases.phases.unmet_exit_conditions`) and refuses with the unmet ones; moving back
    needs a reason. ``check=False`` is for the demo only, which shows cases in every phase.
    """
    require_work(user, case)
    if to_phase not in Phase.values:
        raise ValidationError({"to_phase": _("Unknown phase.")})
    fresh = compare_and_swap(Case, case.pk, version)
    from_phase = fresh.phase
    if from_phase == to_phase:
        raise ValidationError({"to_phase": _("The case is already in this phase.")})
    if PHASE_ORDER.index(to_phase) < PHASE_ORDER.index(from_phase):
        if not note.strip():
            raise ValidationError({"note": _("Moving the case back to an earlier phase needs a reason.")})
    elif check:
        unmet = phases.unmet_exit_conditions(fresh, to_phase)
        if unmet:
            raise ValidationError(
                {
                    "to_phase": [
                        _("The case cannot move on to «%(phase)s» yet. Still needed:")
                        % {"phase": Phase(to_phase).label},
                        *(str(item.label) for item in unmet),
                    ]
                },
                code="unmet",
            )
    _move_to_phase(fresh, user, to_phase, note)
    return fresh


#: The guideline's cycle, in order: forberede → planlegge → utføre → evaluere → følge opp.
PHASE_ORDER: list[str] = phases.PHASE_ORDER


def _move_to_phase(case: Case, user, to_phase: str, note: str) -> None:
    """Set the phase on a claimed case and record the step (who, when, from, to, why)."""
    from_phase = case.phase
    case.phase = to_phase
    save_with_history(case, user, reason=note or None)
    change = PhaseChange(case=case, changed_by=user, from_phase=from_phase, to_phase=to_phase, note=note)
    change.full_clean()
    change.save()


@transaction.atomic
def set_archived(case: Case, user, version: int, archived: bool) -> Case:
    """Archive (or restore) a case. Nothing is ever deleted."""
    require_work(user, case)
    fresh = compare_and_swap(Case, case.pk, version)
    fresh.archived = archived
    fresh.closed_at = timezone.now() if archived else None
    save_with_history(fresh, user)
    return fresh


@transaction.atomic
def edit_case(
    case: Case,
    user,
    version: int,
    *,
    phase: str | None = None,
    phase_note: str = "",
    archived: bool | None = None,
    **fields: Any,
) -> Case:
    """Change fields, phase and archive flag in one go against the ``version`` the user read (the API's patch).

    All or nothing: a stale version raises :class:`ConcurrentEditError` before anything is written, and
    each step's own rule (a decided case keeps its content, but not its phase or archive flag) still holds.
    """
    current = _lock_case(case)
    if current.version != version:
        raise ConcurrentEditError(current)
    if fields:
        current = update_case(current, user, current.version, **fields)
    if phase is not None and phase != current.phase:
        current = change_phase(current, user, current.version, phase, phase_note)
    if archived is not None and archived != current.archived:
        current = set_archived(current, user, current.version, archived)
    return current


# Alternatives ------------------------------------------------------------------------------------


@transaction.atomic
def add_alternative(
    case: Case, user, *, title: str, description: str = "", reduces_service: bool = False
) -> Alternative:
    require_work(user, case)
    require_open(_lock_case(case))
    alternative = Alternative(
        case=case, title=title, description=description, reduces_service=reduces_service, created_by=user
    )
    save_with_history(alternative, user)
    return alternative


def _check_no_action_description(alternative: Alternative) -> None:
    if alternative.is_no_action and not alternative.description.strip():
        raise ValidationError({"description": _("Describe the consequence of not starting, postponing or ending.")})


@transaction.atomic
def update_alternative(alternative: Alternative, user, version: int, **fields: Any) -> Alternative:
    unknown = set(fields) - set(ALTERNATIVE_FIELDS)
    if unknown:
        raise TypeError(f"unknown alternative fields: {sorted(unknown)}")
    require_work(user, alternative.case)
    require_open(_lock_case(alternative.case))
    fresh = compare_and_swap(Alternative, alternative.pk, version)
    for name, value in fields.items():
        setattr(fresh, name, value)
    _check_no_action_description(fresh)
    save_with_history(fresh, user)
    return fresh


@transaction.atomic
def set_alternative_archived(alternative: Alternative, user, version: int, archived: bool) -> Alternative:
    require_work(user, alternative.case)
    require_open(_lock_case(alternative.case))
    if alternative.is_no_action and archived:
        raise ValidationError(_("The alternative «not start, postpone or end» is part of every case."))
    fresh = compare_and_swap(Alternative, alternative.pk, version)
    fresh.archived = archived
    fresh.closed_at = timezone.now() if archived else None
    save_with_history(fresh, user)
    return fresh


# Assessments ------------------------------------------------------------------------------------


@transaction.atomic
def save_assessment(alternative: Alternative, user, version: int | None, data: Mapping[str, Any]) -> Assessment:
    """Create the user's assessment of the alternative, or update it (``version`` as loaded).

    ``version`` is ``None`` when the user had no assessment yet; if one was saved meanwhile (in
    another tab), that is a concurrent edit too.
    """
    unknown = set(data) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown assessment fields: {sorted(unknown)}")
    case = alternative.case
    require_work(user, case)
    require_open(_lock_case(case))
    if alternative.archived:
        raise ValidationError(_("The alternative is archived."))
    existing = Assessment.objects.filter(alternative=alternative, assessor=user).first()
    if existing is None:
        if version is not None:
            raise ValidationError(_("The assessment no longer exists."))
        assessment = Assessment(alternative=alternative, assessor=user, **data)
        save_with_history(assessment, user)
        return assessment
    if version is None:
        raise ConcurrentEditError(existing)
    fresh = compare_and_swap(Assessment, existing.pk, version)
    for name, value in data.items():
        setattr(fresh, name, value)
    save_with_history(fresh, user)
    return fresh


# Decision and reassessment -----------------------------------------------------------------------


def choice_errors(
    locked: Case,
    judgment,
    *,
    alternative: Alternative,
    priority: str,
    justification: str,
    departure_reason: str,
    forsvarlighet_confirmed: bool,
    forsvarlighet_justification: str,
    child_best_interest: str,
    what: str = "decision",
) -> tuple[dict[str, list[str]], str]:
    """The rules for choosing an alternative, shared by a decision and a political case's innstilling.

    Returns the broken rules by field and the priority to store (none for the reference).
    """
    errors: dict[str, list[str]] = {}

    def error(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if alternative.case_id != locked.pk or alternative.archived:
        error("alternative", _("Choose one of the case's alternatives."))
    else:
        # The apps built on cases may restrict the choice (a case with a portfolio chooses a scenario).
        for message in decision_errors(locked, alternative):
            error("alternative", message)
    if judgment.severity_missing:
        error(
            NON_FIELD_ERRORS,
            _("Assess the severity of the need (on the case) before the case can be decided."),
        )
    elif judgment.top is None:
        error(NON_FIELD_ERRORS, _("At least one alternative must be assessed before the case can be decided."))
    elif alternative.pk not in judgment.top_ids and not departure_reason.strip():
        error(
            "departure_reason",
            _("You chose another alternative than the suggested «%(top)s». Explain why.")
            % {"top": judgment.top.alternative.title},
        )
    no_action = Alternative.objects.get(case=locked, kind=AlternativeKind.NO_ACTION)
    if not no_action.description.strip():
        error(NON_FIELD_ERRORS, _("Describe the consequence of not starting, postponing or ending before deciding."))
    if alternative.needs_forsvarlighet:
        if not forsvarlighet_confirmed:
            error(
                "forsvarlighet_confirmed",
                _("This choice reduces a service or does nothing: confirm that the legal minimum standard is met."),
            )
        if not forsvarlighet_justification.strip():
            error(
                "forsvarlighet_justification",
                _("Explain why the services are still of a legally adequate standard (forsvarlige)."),
            )
    # An individual case asks about children (also as relatives) before it can be decided.
    for message in voice.decision_errors(locked):
        error(NON_FIELD_ERRORS, message)
    if voice.children_affected(locked) and not child_best_interest.strip():
        error("child_best_interest", _("The decision affects children: assess the child's best interest."))
    if not justification.strip():
        if what == "recommendation":
            error("justification", _("Justify the recommendation."))
        else:
            error("justification", _("Justify the decision."))
    if alternative.is_no_action:
        # The reference gets no rank, value or priority, also when it is chosen.
        priority = ""
    elif priority not in ("high", "medium", "low"):
        error("priority", _("Choose a priority."))
    return errors, priority


@transaction.atomic
def decide(
    case: Case,
    user,
    version: int,
    *,
    alternative: Alternative,
    priority: str,
    justification: str,
    reassessment_due: datetime.date | None,
    departure_reason: str = "",
    forsvarlighet_confirmed: bool = False,
    forsvarlighet_justification: str = "",
    child_best_interest: str = "",
    signature: str | None = None,
    political_vedtak: bool = False,
    similar_departure_reason: str = "",
    similar_acknowledged: bool = False,
) -> Decision:
    """Record the responsible person's decision and close the case for changes.

    ``signature`` is the combined judgment's :attr:`~prioritet.cases.judgment.CombinedJudgment.signature`
    the user saw; if alternatives or assessments changed since, the decision is refused.

    ``reassessment_due`` is required at every level, an individual vedtak too (the date is when the
    decision must be looked at again), and must be after today. ``None`` is taken so that a missing
    date is a field error reported with every other broken rule, as the web form and the API show it.

    A political case's vedtak is recorded by :func:`prioritet.cases.political.record_vedtak`, with the
    body, meeting and saksnummer, after the director's innstilling; it calls this with
    ``political_vedtak=True``. Called directly, a political case is refused.

    An individual case is compared with the decided cases of its service (:mod:`.similar`): when the
    outcome departs from what the similar cases got, the decider states why this case differs
    (``similar_departure_reason``) or proceeds knowingly (``similar_acknowledged``); either way the
    decision records the cases compared with and whether it departed.
    """
    require_decide(user, case)
    locked = _lock_case(case)
    require_open(locked)
    if locked.level == Level.POLITICAL and not political_vedtak:
        raise ValidationError(
            _("A political case's vedtak is recorded with the body, the meeting and its case number."),
            code="political",
        )
    if locked.version != version:
        raise ConcurrentEditError(locked)
    # The decision names the weights it used, so they are saved (the default as version 1) here.
    judgment = combined_judgment(locked, ensure_weights(locked.municipality))
    if signature is not None and signature != judgment.signature:
        raise ConcurrentEditError(locked)

    errors, priority = choice_errors(
        locked,
        judgment,
        alternative=alternative,
        priority=priority,
        justification=justification,
        departure_reason=departure_reason,
        forsvarlighet_confirmed=forsvarlighet_confirmed,
        forsvarlighet_justification=forsvarlighet_justification,
        child_best_interest=child_best_interest,
    )
    alike = similar.similar_cases(locked, judgment)
    departs: bool | None = None
    if alike is not None:
        outcome = similar.chosen_outcome(alternative, priority)
        found = alike.departure(outcome) if outcome is not None else None
        departs = bool(found and found.departs)
        if (
            outcome is not None
            and found is not None
            and departs
            and not similar_departure_reason.strip()
            and not similar_acknowledged
        ):
            errors.setdefault("similar_departure_reason", []).append(
                _(
                    "Your conclusion («%(chosen)s») departs from what similar cases got: %(same)s of the "
                    "%(count)s most similar cases got it, most got «%(typical)s». State why this case "
                    "differs, or confirm that you proceed."
                )
                % {
                    "chosen": similar.outcome_label(outcome),
                    "same": found.counts.get(outcome, 0),
                    "count": found.similar,
                    "typical": similar.outcome_label(found.typical if found.typical is not None else outcome),
                }
            )
    if reassessment_due is None:
        errors.setdefault("reassessment_due", []).append(_("Set a date for reassessment."))
    elif reassessment_due <= timezone.localdate():
        errors.setdefault("reassessment_due", []).append(_("The reassessment date must be after today."))
    if errors:
        raise ValidationError(errors)

    decision = Decision(
        case=locked,
        alternative=alternative,
        priority=priority,
        justification=justification,
        departure_reason=departure_reason,
        forsvarlighet_confirmed=forsvarlighet_confirmed,
        forsvarlighet_justification=forsvarlighet_justification,
        child_best_interest=child_best_interest,
        similar_cases=alike.snapshot() if alike is not None else None,
        departs_from_similar=departs,
        similar_departure_reason=similar_departure_reason if departs else "",
        level=locked.level,
        weight_version=judgment.weight_version,
        suggestion=judgment.suggestion(),
        reassessment_due=reassessment_due,
        decided_by=user,
    )
    save_with_history(decision, user)
    fresh = compare_and_swap(Case, locked.pk, version)
    fresh.status = Status.DECIDED
    fresh.reassessment_due = reassessment_due
    save_with_history(fresh, user)
    positions.refresh([fresh.pk])  # the similar-case search finds it from now on
    # A decision is carried out next: a case still preparing or planning moves on to «utføre».
    if PHASE_ORDER.index(fresh.phase) < PHASE_ORDER.index(Phase.CARRY_OUT):
        _move_to_phase(fresh, user, Phase.CARRY_OUT, _("Decided."))
    return decision


@transaction.atomic
def start_reassessment(case: Case, user, reason: str, version: int | None = None) -> Reassessment:
    """Reopen a decided case for revurdering. The earlier decision is kept unchanged."""
    require_work(user, case)
    locked = _lock_case(case)
    if locked.status != Status.DECIDED:
        raise ValidationError(_("Only a decided case can be reassessed."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the reassessment.")})
    expected = locked.version if version is None else version
    previous = locked.decisions.order_by("-decided_at", "-id").first()
    reassessment = Reassessment(case=locked, previous_decision=previous, reason=reason, started_by=user)
    save_with_history(reassessment, user)
    fresh = compare_and_swap(Case, locked.pk, expected)
    fresh.status = Status.OPEN
    fresh.reassessment_due = None
    save_with_history(fresh, user)
    positions.refresh([fresh.pk])  # no longer a decided case to compare with until decided again
    return reassessment


# Follow-up ---------------------------------------------------------------------------------------


@transaction.atomic
def follow_up(case: Case, user, version: int, *, outcome: str, note: str) -> FollowUp:
    """Følge opp: continue or adjust (a follow-up case opens a new cycle, linked both ways) or end (close).

    The case must be in «følge opp». The follow-up case has the same level, service area and
    municipality, a prefilled title, and starts in «forberede»; ending archives the case.
    """
    require_work(user, case)
    locked = _lock_case(case)
    if locked.version != version:
        raise ConcurrentEditError(locked)
    errors: dict[str, list[str]] = {}
    if locked.phase != Phase.FOLLOW_UP:
        errors.setdefault(NON_FIELD_ERRORS, []).append(
            _("Move the case to «follow up» before choosing what happens next.")
        )
    if locked.follow_ups.exists():
        errors.setdefault(NON_FIELD_ERRORS, []).append(_("The case has been followed up already."))
    if outcome not in Outcome.values:
        errors.setdefault("outcome", []).append(_("Choose continue, adjust or end."))
    if not (note or "").strip():
        errors.setdefault("note", []).append(_("Write down what was learnt."))
    if errors:
        raise ValidationError(errors)
    record = FollowUp(case=locked, outcome=outcome, note=note.strip(), decided_by=user)
    if outcome == Outcome.END:
        record.full_clean()
        record.save()
        set_archived(locked, user, locked.version, True)
        return record
    no_action = locked.alternatives.filter(kind=AlternativeKind.NO_ACTION).first()
    title = _("Follow-up: %(title)s") % {"title": locked.title}
    new = create_case(
        locked.municipality,
        user,
        no_action_consequence=no_action.description if no_action else "",
        level=locked.level,
        title=title[:200],
        description=locked.description,
        service_area=locked.service_area,
        plan_process=locked.plan_process,
        case_reference=locked.case_reference,
        child_affected=locked.child_affected,
        involvement_plan=locked.involvement_plan,
        management_information=locked.management_information,
        follows=locked,
    )
    record.follow_up_case = new
    record.full_clean()
    record.save()
    return record


# Access log -------------------------------------------------------------------------------------


def record_access(case: Case, user, page: str = "") -> CaseAccess | None:
    """Log a read of an individual-level case (other levels are not sensitive and not logged), with why
    it was allowed: the reader's place on the case team, or the emergency access it was made under."""
    if case.level != Level.INDIVIDUAL:
        return None
    basis = policy.access_basis(user, case)
    grant = policy.active_grant(user, case) if basis == AccessBasis.EMERGENCY else None
    if not basis and getattr(user, "is_break_glass", False):
        basis = AccessBasis.ADMIN
    return CaseAccess.objects.create(
        municipality_id=case.municipality_id, case=case, user=user, page=page[:40], basis=basis, grant=grant
    )


# Case teams and emergency access (tjenstlig behov) ------------------------------------------------


def _require_manage_team(user, case: Case) -> None:
    if not policy.can_manage_team(user, case):
        raise PermissionDenied(_("Only the responsible caseworker or a leader on the team changes the case team."))


@transaction.atomic
def add_team_member(case: Case, by, user) -> CaseTeamMember:
    """Put ``user`` (an assessor, a health worker, a leader) on the individual case's team."""
    _require_manage_team(by, case)
    if not policy.can_join_team(user, case):
        raise ValidationError({"user": _("Choose an active caseworker, health worker or leader of the municipality.")})
    if case.team_members.filter(user=user).exists():
        raise ValidationError({"user": _("%(name)s is on the team already.") % {"name": user.get_full_name() or user}})
    return CaseTeamMember.objects.create(case=case, user=user, added_by=by)


@transaction.atomic
def remove_team_member(case: Case, by, member: CaseTeamMember) -> None:
    """Take a member off the team; the responsible caseworker must hand over first."""
    _require_manage_team(by, case)
    if member.case_id != case.pk:
        raise ValidationError({"member": _("Not a member of this case's team.")})
    if member.responsible:
        raise ValidationError(
            {"member": _("The responsible caseworker stays on the team: hand the responsibility over first.")}
        )
    member.delete()


@transaction.atomic
def hand_over(case: Case, by, user) -> CaseTeamMember:
    """Make ``user`` the responsible caseworker; the one before stays on the team as a member."""
    _require_manage_team(by, case)
    if not policy.can_be_responsible(user, case):
        raise ValidationError({"user": _("The responsible caseworker is an active caseworker or health worker.")})
    members = CaseTeamMember.objects.select_for_update().filter(case=case)
    current = members.filter(responsible=True).first()
    if current is not None and current.user_id == user.pk:
        return current
    if current is not None:
        current.responsible = False
        current.save(update_fields=["responsible"])
    member = members.filter(user=user).first()
    if member is None:
        return CaseTeamMember.objects.create(case=case, user=user, added_by=by, responsible=True)
    member.responsible = True
    member.save(update_fields=["responsible"])
    return member


def grant_hours() -> int:
    """How long an emergency access lasts (``PRIORITET_ACCESS_GRANT_HOURS``, 4 by default)."""
    return int(getattr(settings, "PRIORITET_ACCESS_GRANT_HOURS", 4))


@transaction.atomic
def break_glass(case: Case, user, *, reason: str, explanation: str) -> AccessGrant:
    """Give ``user``, outside the case team, a time-limited emergency access to the individual case.

    The reason is one of :class:`GrantReason` and the explanation the reader's own words (required);
    the case's leaders see the grant in their review list until one of them acknowledges it.
    """
    if not policy.can_break_glass(user, case):
        raise PermissionDenied(_("You cannot ask for emergency access to this case."))
    if reason not in GrantReason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")})
    explanation = (explanation or "").strip()
    if not explanation:
        raise ValidationError({"explanation": _("Say why you need to read the case now.")})
    now = timezone.now()
    grant = AccessGrant(
        municipality_id=case.municipality_id,
        case=case,
        user=user,
        reason=reason,
        explanation=explanation,
        granted_at=now,
        expires_at=now + datetime.timedelta(hours=grant_hours()),
    )
    grant.full_clean()
    grant.save()
    return grant


@transaction.atomic
def acknowledge_grant(grant: AccessGrant, by) -> AccessGrant:
    """A leader who reviews the case's emergency accesses has seen this one. Once; never one's own."""
    if not policy.can_review_access(by) or by.municipality_id != grant.municipality_id:
        raise PermissionDenied(_("Only leaders review emergency accesses."))
    if grant.user_id == by.pk:
        raise ValidationError(_("Another leader reviews your own emergency access."))
    locked = AccessGrant.objects.select_for_update().get(pk=grant.pk)
    if locked.acknowledged_at is not None:
        return locked
    locked.acknowledged_by = by
    locked.acknowledged_at = timezone.now()
    locked.save(update_fields=["acknowledged_by", "acknowledged_at"])
    return locked
