"""Recorded corrections: remove a wrongly entered personal detail from a case *and its history*.

A name or a birth date typed into a case stays in every history row written since. The municipal
administrator names the case, the wrong text, its replacement and why; every text of the case, its
alternatives, assessments, decisions and reassessments is rewritten, in the current rows and in the
history rows. The history rows are audit rows, so the rewrite is recorded in a chained
:class:`~prioritet.core.audit.Correction` that names each rewritten row's hash before and after
(``verify_audit`` accepts exactly those rewrites). The wrong text itself is kept nowhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from prioritet.core.audit import AuditChained, Correction, allow_rewrite, chain_label, digest, row_values

from . import policy
from .models import Alternative, Assessment, Case, Decision, PhaseChange, Reassessment

#: The free texts of a case and everything under it, per model.
TEXT_FIELDS: dict[type[models.Model], tuple[str, ...]] = {
    Case: ("title", "description", "case_reference", "severity_justification"),
    Alternative: ("title", "description"),
    Assessment: ("benefit_justification", "severity_justification", "resources_justification"),
    Decision: (
        "justification",
        "departure_reason",
        "forsvarlighet_justification",
        "child_best_interest",
        "suggestion",
    ),
    Reassessment: ("reason",),
    PhaseChange: ("note",),
}


def _replace(value: Any, wrong: str, replacement: str) -> Any:
    """The value with every occurrence of ``wrong`` replaced, inside JSON lists and objects too."""
    if isinstance(value, str):
        return value.replace(wrong, replacement)
    if isinstance(value, list):
        return [_replace(v, wrong, replacement) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, wrong, replacement) for k, v in value.items()}
    return value


def _managers(model: type[models.Model]) -> list[models.Manager]:
    """The model's rows and, if it keeps history, its history rows."""
    return [model._default_manager] + ([model.history] if hasattr(model, "history") else [])


def _rows_of(case: Case, model: type[models.Model], manager: models.Manager) -> models.QuerySet:
    if model is Case:
        return manager.filter(id=case.pk)
    if model is Assessment:
        return manager.filter(alternative_id__in=Alternative.objects.filter(case=case).values("id"))
    return manager.filter(case_id=case.pk)


def _rewrite(
    rows: Iterable[models.Model], fields: tuple[str, ...], wrong: str, replacement: str
) -> list[tuple[models.Model, list[str]]]:
    """Rewrite the rows that hold the wrong text (without new history): each with the fields it changed."""
    changed = []
    for row in rows:
        new = {name: _replace(getattr(row, name), wrong, replacement) for name in fields}
        names = [name for name in fields if new[name] != getattr(row, name)]
        if names:
            for name in names:
                setattr(row, name, new[name])
            type(row)._default_manager.filter(pk=row.pk).update(**{name: new[name] for name in names})
            changed.append((row, names))
    return changed


@transaction.atomic
def correct_personal_detail(case: Case, user, *, wrong: str, replacement: str, reason: str) -> Correction:
    """Replace ``wrong`` by ``replacement`` in the case and its history, and record who did it and why."""
    if not policy.can_correct(user, case):
        raise PermissionDenied(_("Only the municipality's administrator can correct a case."))
    if not _find(case, wrong):
        raise ValidationError({"wrong": _("The text was not found in the case or its history.")})
    allow_rewrite()
    fields_changed: set[str] = set()
    rehashed: list[dict[str, Any]] = []
    rows = 0
    for model, fields in TEXT_FIELDS.items():
        for manager in _managers(model):
            for row, names in _rewrite(_rows_of(case, model, manager.all()), fields, wrong, replacement):
                rows += 1
                fields_changed.update(f"{model._meta.model_name}.{name}" for name in names)
                if not isinstance(row, AuditChained):
                    continue
                rehashed.append(
                    {
                        "chain": chain_label(type(row)),
                        "pk": row.pk,
                        "original": row.content_hash,
                        "new": digest(row_values(row), row.previous_hash),
                    }
                )
    return Correction.objects.create(
        municipality_id=case.municipality_id,
        case_id=case.pk,
        field_name=", ".join(sorted(fields_changed))[:300],
        reason=reason,
        corrected_by=user,
        rows=rows,
        rehashed=rehashed,
    )


def _find(case: Case, wrong: str) -> bool:
    """Whether the wrong text is anywhere in the case's texts or their history."""
    for model, fields in TEXT_FIELDS.items():
        for manager in _managers(model):
            for values in _rows_of(case, model, manager.all()).values_list(*fields):
                if any(wrong in str(v) for v in values if v):
                    return True
    return False
