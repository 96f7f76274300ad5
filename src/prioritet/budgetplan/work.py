"""The work the budgetplan tasks do (:mod:`.tasks`): check an uploaded plan file, save a confirmed one,
and compute the optimal plan. Apart from :mod:`.services`, which queues the tasks, so that a task and
the service that queues it do not import each other.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from prioritet.core import formatting
from prioritet.core.columns import ColumnName, column_names
from prioritet.core.concurrency import save_with_history
from prioritet.core.records import TaskStatus
from prioritet.engine import InputError, optimise_plan

from . import analysis, policy
from .models import EconomyPlan, ImportKind, PlanImport, PlanMeasure, PlanOptimisation
from .selectors import plan_weights

logger = logging.getLogger(__name__)


def require_edit(user: Any, case: Any) -> None:
    if not policy.can_edit_case(user, case):
        raise PermissionDenied(_("Only those who work on the case change its economic plan, until it is decided."))


def check_import(record: PlanImport) -> PlanImport:
    """The check task's body: read the file as ``prioritet plan`` does, keep the preview, drop the bytes."""
    from .imports import check, check_frames

    if record.status != TaskStatus.CHECKING:
        return record
    with translation.override(record.language or None):
        try:
            if record.kind == ImportKind.FRAMES:
                stored = check_frames(bytes(record.data), record.filename, record.plan.years)
            else:
                stored = check(bytes(record.data), record.filename)
        except Exception:
            logger.exception("plan import %s could not be checked", record.pk)
            record.fail(errors=[_("The file could not be checked. Nothing was saved.")], data=b"")
            return record
    PlanImport.objects.filter(pk=record.pk, status=TaskStatus.CHECKING).update(
        status=TaskStatus.CHECKED, preview=stored, data=b""
    )
    record.refresh_from_db()
    return record


def import_measures(plan: EconomyPlan, user: Any, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Replace the plan's measures with ``rows`` (the checked file), all or nothing.

    A measure whose id was in the plan before keeps the administration's proposed start year (if
    it still lies within the period and not before its earliest start).
    """
    require_edit(user, plan.case)
    with transaction.atomic():
        old = {m.code: m for m in PlanMeasure.objects.select_for_update().filter(plan=plan)}
        PlanMeasure.objects.filter(plan=plan).delete()
        created = 0
        for position, row in enumerate(rows):
            proposed = old[row["id"]].proposed_start if row["id"] in old else None
            earliest = row["earliest"]
            if proposed is not None and not (
                max(plan.first_year, earliest or plan.first_year) <= proposed <= plan.last_year
            ):
                proposed = None
            measure = PlanMeasure(
                municipality_id=plan.municipality_id,
                plan=plan,
                code=row["id"],
                name=row["name"],
                benefit=row["benefit"],
                severity=row["severity"],
                resources=row["resources"],
                mandatory=row["mandatory"],
                group=row["group"],
                requires=row["requires"],
                earliest=earliest,
                running=row["running"],
                first=row["first"],
                proposed_start=proposed,
                position=position,
                created_by=user,
            )
            save_with_history(measure, user)
            created += 1
        if not plan.frames and rows:
            columns = list(rows[0]["running"])
            plan.frames = {c: [0.0] * len(plan.years) for c in columns}
            plan.version += 1
            save_with_history(plan, user)
    return {"created": created, "replaced": len(old)}


def import_frames(plan: EconomyPlan, user: Any, preview: dict[str, Any]) -> dict[str, int]:
    """Set the frames of the columns the checked file names (the others are kept), for the period
    the file was checked against; a period changed since is refused."""
    from prioritet.core.concurrency import edit_versioned

    require_edit(user, plan.case)
    with transaction.atomic():
        fresh = EconomyPlan.objects.select_for_update().get(pk=plan.pk)
        if list(fresh.years) != list(preview.get("years", [])):
            raise ValidationError(_("The plan period has changed since the file was read. Upload it again."))
        frames = {**fresh.frames, **preview.get("frames", {})}
        edit_versioned(EconomyPlan, fresh.pk, fresh.version, user, {"frames": frames})
    return {"created": len(preview.get("frames", {}))}


def run_import(record: PlanImport) -> PlanImport:
    """The save task's body: save the confirmed file's measures, or nothing; record the outcome."""
    if not record.start():
        return record
    errors: list[str] = []
    result: dict[str, Any] = {}
    with translation.override(record.language or None):
        try:
            if record.kind == ImportKind.FRAMES:
                result = import_frames(record.plan, record.created_by, record.preview)
            else:
                result = import_measures(record.plan, record.created_by, record.preview.get("measures", []))
        except (ValidationError, PermissionDenied) as err:
            errors = list(err.messages) if isinstance(err, ValidationError) else [str(err)]
    (record.fail if errors else record.finish)(errors=errors, result=result, preview={}, data=b"")
    return record


def compute_optimisation(record: PlanOptimisation) -> PlanOptimisation:
    """The task's body: optimise the plan with the engine and keep the result (or the problems)."""
    if not record.start():
        return record
    plan = record.plan
    rows = list(plan.measures.all())
    weights = plan_weights(plan)
    columns = analysis.columns_of(plan, rows)
    budget = {c: plan.frames[c] for c in columns if c in plan.frames}
    try:
        result = optimise_plan(analysis.engine_plan(rows, columns), plan.years, budget, analysis.weights_of(weights))
    except InputError as err:
        names = column_names(plan.municipality_id, columns)
        record.fail(errors=[_with_place(p, names) for p in err.problems])
        return record
    ids = [m.code for m in rows]
    record.finish(
        result={
            "years": list(result.years),
            "value": result.value,
            "optimal": result.optimal,
            "start": {ids[i]: s for i, s in enumerate(result.start) if s is not None},
            "used": result.used,
            "budget": result.budget,
            "weights": weights,
        },
        fingerprint=analysis.fingerprint(plan, rows, weights),
    )
    return record


def _with_place(problem: Any, names: dict[str, ColumnName]) -> str:
    """The problem after its budget column, by the municipality's name of it («Kostnad (kr per år): …»)."""
    text = formatting.problem_text(problem)
    if problem.column:
        return f"{names.get(problem.column) or problem.column}: {text}"
    return text
