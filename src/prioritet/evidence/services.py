"""Every write of mini-HTAs and EtD panels, each in one transaction.

Edits carry the ``version`` the page was loaded with; a stale one raises
:class:`~prioritet.core.concurrency.ConcurrentEditError` and nothing is written. «Completed» is a claim
that the assessment can be relied on, so it needs the parts a decision-maker reads first. A decided
case's mini-HTAs and EtD panels are frozen like its assessments until a recorded reassessment
reopens the case (:func:`~prioritet.cases.services.require_open`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from prioritet.cases.models import Alternative, Case
from prioritet.cases.services import require_work_on_open_case
from prioritet.core.concurrency import ConcurrentEditError, compare_and_swap, save_with_history

from . import grade, policy
from .models import EtdJudgement, EvidenceToDecision, MiniHta, Status

__all__ = ["save_etd", "save_mini_hta"]

MINI_HTA_FIELDS = (
    "population",
    "intervention",
    "comparison",
    "outcomes",
    "literature",
    "effect",
    "safety",
    "certainty",
    "certainty_rationale",
    "costs",
    "organisation",
    "ethics",
    "legal",
    "user_perspective",
    "conclusion",
    "authors",
    "assessed_on",
)
#: What a completed mini-HTA must have: the question, the certainty and the conclusion.
MINI_HTA_REQUIRED = ("population", "intervention", "outcomes", "effect", "certainty", "conclusion")
ETD_FIELDS = ("option", "comparison", "question", "decision_type", "justification", "implementation", "monitoring")
JUDGEMENT_FIELDS = ("judgement", "research_evidence", "additional_considerations")


def _required(instance: models.Model, names: tuple[str, ...]) -> dict[str, list[str]]:
    message = _("Needed to mark it as completed.")
    return {name: [message] for name in names if not str(getattr(instance, name) or "").strip()}


def _claim(model: type[models.Model], existing: models.Model | None, version: int | None) -> models.Model | None:
    """The row to update (version claimed), None to create; a mismatch is a concurrent edit."""
    if existing is None:
        if version is not None:
            raise ValidationError(_("It no longer exists."))
        return None
    if version is None:
        raise ConcurrentEditError(existing)
    return compare_and_swap(model, existing.pk, version)


@transaction.atomic
def save_mini_hta(
    alternative: Alternative, user, version: int | None, data: Mapping[str, Any], *, complete: bool = False
) -> MiniHta:
    """Create or update the alternative's mini-HTA; ``complete`` marks it completed, else it is a draft."""
    unknown = set(data) - set(MINI_HTA_FIELDS)
    if unknown:
        raise TypeError(f"unknown mini-HTA fields: {sorted(unknown)}")
    require_work_on_open_case(user, alternative.case)
    fresh = _claim(MiniHta, MiniHta.objects.filter(alternative=alternative).first(), version)
    hta = fresh or MiniHta(alternative=alternative, created_by=user)
    for name, value in data.items():
        setattr(hta, name, value)
    hta.status = Status.COMPLETED if complete else Status.DRAFT
    if complete and (missing := _required(hta, MINI_HTA_REQUIRED)):
        raise ValidationError(missing)
    save_with_history(hta, user)
    return hta


@transaction.atomic
def save_etd(
    case: Case,
    user,
    panel: EvidenceToDecision | None,
    version: int | None,
    data: Mapping[str, Any],
    judgements: Mapping[str, Mapping[str, str]],
    *,
    complete: bool = False,
) -> EvidenceToDecision:
    """Create (``panel`` None) or update an EtD panel with its judgement per GRADE criterion."""
    unknown = set(data) - set(ETD_FIELDS)
    if unknown or set(judgements) - set(grade.BY_KEY):
        raise TypeError(f"unknown EtD fields: {sorted(unknown | (set(judgements) - set(grade.BY_KEY)))}")
    require_work_on_open_case(user, case)
    if not policy.etd_applies(case):
        raise ValidationError(_("Evidence-to-Decision panels are for service and political cases."))
    errors: dict[str, list[str]] = {}
    for name in ("option", "comparison"):
        alt = data.get(name)
        if alt is None or alt.case_id != case.pk or alt.archived:
            errors[name] = [_("Choose one of the case's alternatives.")]
    if not errors and data["option"].pk == data["comparison"].pk:
        errors["comparison"] = [_("Compare the option with another alternative.")]
    for key, values in judgements.items():
        value = values.get("judgement", "")
        if value and value not in dict(grade.BY_KEY[key].options):
            errors[f"{key}-judgement"] = [_("Choose one of GRADE's judgements for this criterion.")]
    if errors:
        raise ValidationError(errors)

    fresh = _claim(EvidenceToDecision, panel, version) if panel is not None else None
    etd = fresh or EvidenceToDecision(case=case, created_by=user)
    for name, value in data.items():
        setattr(etd, name, value)
    etd.status = Status.COMPLETED if complete else Status.DRAFT
    saved = {j.criterion: j for j in etd.judgements.all()} if etd.pk else {}
    if complete:
        missing = _required(etd, ("decision_type", "justification"))
        effective = {key: j.judgement for key, j in saved.items()}
        effective |= {key: values.get("judgement", "") for key, values in judgements.items()}
        for c in (c for c in grade.CRITERIA if not effective.get(c.key)):
            missing[f"{c.key}-judgement"] = [_("Judge every criterion (choose «Don't know» if you do not).")]
        if missing:
            raise ValidationError(missing)
    save_with_history(etd, user)
    for key, values in judgements.items():
        row = saved.get(key) or EtdJudgement(panel=etd, criterion=key)
        changed = row.pk is None or any(getattr(row, f) != values.get(f, "") for f in JUDGEMENT_FIELDS)
        if changed:
            for f in JUDGEMENT_FIELDS:
                setattr(row, f, values.get(f, ""))
            save_with_history(row, user)
    return etd
