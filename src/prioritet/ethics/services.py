"""Every write of ethical reflections, each in one transaction.

Reflections are edited step by step, often by the same group over several meetings: each save
carries the ``version`` the page was loaded with, and a stale one raises
:class:`~prioritet.core.concurrency.ConcurrentEditError` with nothing written. A completed reflection
is read-only until it is reopened; both are kept in the history. A decided case's reflections are
frozen like its assessments until a recorded reassessment reopens the case
(:func:`~prioritet.cases.services.require_open`).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prioritet.cases.models import Case
from prioritet.cases.services import require_work_on_open_case
from prioritet.core.concurrency import compare_and_swap, save_with_history

from . import steps
from .models import EthicalReflection, ReflectionStatus

__all__ = ["complete", "reopen", "save_step", "start", "update_intro"]

#: What the step pages may write: each step's notes, and on the last step the conclusion too.
STEP_FIELDS = {s.number: (s.field,) for s in steps.STEPS} | {
    steps.COUNT: (steps.STEPS[-1].field, "conclusion", "follow_up")
}
INTRO_FIELDS = ("title", "participants")


def _require_draft(reflection: EthicalReflection) -> None:
    if reflection.is_completed:
        raise ValidationError(_("The reflection is completed. Reopen it to change it."), code="completed")


@transaction.atomic
def start(case: Case, user, *, title: str, participants: str = "") -> EthicalReflection:
    require_work_on_open_case(user, case)
    reflection = EthicalReflection(case=case, title=title, participants=participants, created_by=user)
    save_with_history(reflection, user)
    return reflection


def _update(
    reflection: EthicalReflection, user, version: int, allowed: tuple[str, ...], data: Mapping
) -> EthicalReflection:
    require_work_on_open_case(user, reflection.case)
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    _require_draft(EthicalReflection.objects.get(pk=reflection.pk))
    fresh = compare_and_swap(EthicalReflection, reflection.pk, version)
    for name, value in data.items():
        setattr(fresh, name, value)
    save_with_history(fresh, user)
    return fresh


@transaction.atomic
def update_intro(reflection: EthicalReflection, user, version: int, **data: str) -> EthicalReflection:
    return _update(reflection, user, version, INTRO_FIELDS, data)


@transaction.atomic
def save_step(reflection: EthicalReflection, user, version: int, number: int, data: Mapping) -> EthicalReflection:
    """Save the notes of step ``number`` (and on the last step the conclusion and follow-up)."""
    steps.step(number)
    return _update(reflection, user, version, STEP_FIELDS[number], data)


@transaction.atomic
def complete(reflection: EthicalReflection, user, version: int) -> EthicalReflection:
    """Mark the reflection completed: the challenge and the conclusion must be written down."""
    require_work_on_open_case(user, reflection.case)
    current = EthicalReflection.objects.get(pk=reflection.pk)
    _require_draft(current)
    missing = []
    if not current.step_challenge.strip():
        missing.append(_("Step 1 (the ethical challenge) has no notes."))
    if not current.conclusion.strip():
        missing.append(_("The conclusion is missing (step 6)."))
    if missing:
        raise ValidationError(missing, code="incomplete")
    fresh = compare_and_swap(EthicalReflection, reflection.pk, version)
    fresh.status = ReflectionStatus.COMPLETED
    fresh.completed_at = timezone.now()
    save_with_history(fresh, user)
    return fresh


@transaction.atomic
def reopen(reflection: EthicalReflection, user, version: int) -> EthicalReflection:
    require_work_on_open_case(user, reflection.case)
    fresh = compare_and_swap(EthicalReflection, reflection.pk, version)
    if not fresh.is_completed:
        raise ValidationError(_("The reflection is already in progress."))
    fresh.status = ReflectionStatus.DRAFT
    fresh.completed_at = None
    save_with_history(fresh, user)
    return fresh
