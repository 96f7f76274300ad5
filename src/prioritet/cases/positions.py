"""The similar-case index: each decided individual case's position and outcome in its own narrow row
(:class:`~prioritet.cases.models.DecidedPosition`), so the decision page's search
(:func:`prioritet.cases.similar.similar_cases`) reads a service's decided cases in one indexed query.

Writes only, and only what the decisions already say: a case's row is its current (newest) decision's
severity, benefit and resources (the first row of the frozen suggestion) and its ordinal outcome, the
same reading :func:`prioritet.cases.similar.decided_cases` makes. :func:`refresh` recomputes the rows of
the given cases from their decisions, whatever they held before, so one function serves every writer:

* :func:`prioritet.cases.services.decide` (a case decided: its row written),
* :func:`prioritet.cases.services.start_reassessment`, and so a complaint (the case reopened: its row
  removed until it is decided again),
* migration 0017 (the cases decided before the index), through :func:`rebuild` with its own models,
* bulk loads that write decisions without the services (the benchmark, generated test data).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models.fields.json import KT
from django.db.models.functions import Cast

from .models import AlternativeKind, DecidedPosition, Decision, Level, Status
from .similar import DIMENSIONS, outcome_of

#: Cases per query when many are refreshed at once (well under every database's parameter limit).
CHUNK = 500


def _positions(position_model: Any, decisions: models.QuerySet) -> list[Any]:
    """One unsaved position per decided individual case among ``decisions``: its newest decision's."""
    scores = {
        f"score_{c.value}": Cast(KT(f"suggestion__0__scores__{c.value}"), models.IntegerField()) for c in DIMENSIONS
    }
    rows = (
        decisions.filter(
            case__level=Level.INDIVIDUAL.value, case__status=Status.DECIDED.value, level=Level.INDIVIDUAL.value
        )
        .annotate(**scores)
        .order_by("case_id", "-decided_at", "-id")
        .values_list(
            "id",
            "case_id",
            "case__municipality_id",
            "case__service_area_id",
            "decided_at",
            *scores,
            "priority",
            "alternative__kind",
        )
    )
    seen: set[int] = set()
    made = []
    for decision_id, case_id, municipality_id, area_id, decided_at, s, b, r, priority, kind in rows:
        if case_id in seen:
            continue  # an earlier decision of a case decided again after a reassessment
        seen.add(case_id)
        outcome = outcome_of(kind == AlternativeKind.NO_ACTION.value, priority)
        if s is None or b is None or r is None or outcome is None:
            continue
        made.append(
            position_model(
                case_id=case_id,
                municipality_id=municipality_id,
                service_area_id=area_id,
                decision_id=decision_id,
                decided_at=decided_at,
                severity=s,
                benefit=b,
                resources=r,
                outcome=outcome,
            )
        )
    return made


def rebuild(decision_model: Any, position_model: Any, case_ids: list[int] | None = None) -> int:
    """Replace the positions of ``case_ids`` (every case: ``None``) by what their decisions say; the
    number of rows written. Takes the models so that a migration can call it with its own."""
    decisions = decision_model.objects.all()
    stale = position_model.objects.all()
    if case_ids is not None:
        decisions = decisions.filter(case_id__in=case_ids)
        stale = stale.filter(case_id__in=case_ids)
    stale.delete()
    made = _positions(position_model, decisions)
    position_model.objects.bulk_create(made, batch_size=CHUNK)
    return len(made)


def refresh(case_ids: Iterable[int]) -> int:
    """Bring the positions of the given cases up to date with their decisions (call it in the
    transaction that changed them); the number of rows written."""
    ids = sorted(set(case_ids))
    return sum(rebuild(Decision, DecidedPosition, ids[i : i + CHUNK]) for i in range(0, len(ids), CHUNK))
