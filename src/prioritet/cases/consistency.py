"""The consistency report (issue 13 §3): how one service's individual outcomes over a period follow
the scores, which cases lie furthest from that pattern, and whether outcomes differ by district or by
caseworker for equal scores (docs/methods.md §10k).

:func:`compute` is the work of the task (:mod:`prioritet.cases.tasks`): it reads the decided cases
(:func:`prioritet.cases.similar.decided_cases`), fits the engine's ordinal model
(:mod:`prioritet.engine.consistency`, statsmodels) and stores plain JSON on the
:class:`~prioritet.cases.models.ConsistencyReport`. A group with fewer cases than the small-cell limit
(``INDICATORS_SUPPRESS_BELOW``, the indicators' rule, never below 5) is never shown on its own.
Caseworkers are stored as user ids; :func:`caseworker_labels` names them for a leader only.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from prioritet.accounts.models import Role, ServiceArea, User
from prioritet.engine.consistency import POOLED, FitError, GroupEffect, fit_ordinal, group_effect

from .models import ConsistencyReport
from .similar import DIMENSIONS, OUTCOME_LABELS, decided_cases

#: How many cases «furthest from the pattern» the report lists.
FURTHEST = 10

#: Who reads consistency reports: the leaders of a service area, who answer for its services, read
#: their areas' reports whole (caseworkers named, the cases furthest from the pattern, which they are on
#: the team of); the municipal administrator, who oversees the municipality's practice but opens no
#: individual case (cases/policy.py), reads every area's report, the cases without a service area too,
#: with the caseworkers as letters and without the individual cases.
READERS = frozenset({Role.LEADER, Role.MUNICIPAL_ADMIN})


def min_cell() -> int:
    """The small-cell limit: the indicators' setting, never below five."""
    return max(5, int(getattr(settings, "INDICATORS_SUPPRESS_BELOW", 5)))


def can_read(user) -> bool:
    """Whether ``user`` reads consistency reports at all (the pages' role check)."""
    return bool(getattr(user, "is_authenticated", False) and user.municipality_id and user.role in READERS)


def reads_whole(user) -> bool:
    """A leader reads the report whole; anyone else (the administrator) without names and cases."""
    return getattr(user, "role", None) == Role.LEADER


def readable_areas(user, municipality) -> QuerySet[ServiceArea]:
    """The service areas of ``municipality`` whose reports ``user`` reads and requests: a leader's own
    areas (as the municipal administrator tied them, ``accounts.testing.lead``), every area for the
    administrator; none outside the user's own municipality."""
    areas = ServiceArea.objects.filter(municipality=municipality).order_by("name")
    if not can_read(user) or user.municipality_id != municipality.pk:
        return areas.none()
    if reads_whole(user):
        return areas.filter(pk__in=user.service_areas.values("pk"))
    return areas


def reads_unassigned(user) -> bool:
    """The cases without a service area have no leader: only the administrator reads their report."""
    return can_read(user) and not reads_whole(user)


def readable_reports(user, municipality) -> QuerySet[ConsistencyReport]:
    """The reports of ``municipality`` that ``user`` reads (:func:`readable_areas`)."""
    reports = ConsistencyReport.objects.for_municipality(municipality)
    if not can_read(user) or user.municipality_id != municipality.pk:
        return reports.none()
    shown = models.Q(service_area__in=readable_areas(user, municipality))
    if reads_unassigned(user):
        shown |= models.Q(service_area__isnull=True)
    return reports.filter(shown)


def _groups(effect: GroupEffect) -> dict[str, Any]:
    return {
        "rows": [
            {
                "key": "" if row.key == POOLED else row.key,
                "pooled": row.key == POOLED,
                "n": row.n,
                "mean_residual": round(row.mean_residual, 4),
                "coefficient": None if row.coefficient is None else round(row.coefficient, 4),
                "p_value": row.p_value,
                "reference": row.reference,
            }
            for row in effect.rows
        ],
        "lr_statistic": effect.lr_statistic,
        "lr_p_value": effect.lr_p_value,
    }


def _when(moment: datetime.datetime | None) -> float:
    return moment.timestamp() if moment is not None else 0.0


def compute(report: ConsistencyReport) -> dict[str, Any]:
    """The report's result as JSON: the fit, the furthest cases and the group comparisons."""
    cases = decided_cases(
        report.municipality, report.service_area_id, date_from=report.date_from, date_to=report.date_to
    )
    limit = min_cell()
    counts = {str(code): 0 for code in OUTCOME_LABELS}
    for case in cases:
        counts[str(case.outcome)] += 1
    result: dict[str, Any] = {"n": len(cases), "min_cell": limit, "counts": counts, "error": ""}
    names = [c.value for c in DIMENSIONS]
    x = [list(case.scores) for case in cases]
    y = [case.outcome for case in cases]
    try:
        fit = fit_ordinal(x, y, names)
    except FitError as err:
        result["error"] = err.code
        return result
    probability = fit.probability_of(y)
    expected = fit.expected()
    order = sorted(range(len(cases)), key=lambda i: (float(probability[i]), -_when(cases[i].decided_at)))
    result.update(
        terms=[
            {"name": t.name, "coefficient": t.coefficient, "standard_error": t.standard_error, "p_value": t.p_value}
            for t in fit.terms
        ],
        dropped=fit.dropped,
        levels=fit.levels,
        cut_points=fit.cut_points,
        log_likelihood=fit.log_likelihood,
        null_log_likelihood=fit.null_log_likelihood,
        pseudo_r2=fit.pseudo_r2,
        lr_statistic=fit.lr_statistic,
        lr_p_value=fit.lr_p_value,
        furthest=[
            {
                "case": cases[i].case_id,
                "reference": cases[i].reference,
                "scores": list(cases[i].scores),
                "outcome": cases[i].outcome,
                "expected": round(float(expected[i]), 2),
                "probability": round(float(probability[i]), 4),
            }
            for i in order[:FURTHEST]
        ],
        districts=_groups(
            group_effect(x, y, names, [case.district.strip() for case in cases], min_cell=limit, base=fit)
        ),
        caseworkers=_groups(
            group_effect(x, y, names, [str(case.decided_by_id) for case in cases], min_cell=limit, base=fit)
        ),
    )
    return result


def caseworker_labels(report: ConsistencyReport, user) -> dict[str, str]:
    """Names for the caseworker rows: the area's leader sees names, the administrator «Caseworker A, B …»."""
    rows = (report.result.get("caseworkers") or {}).get("rows") or []
    keys = [row["key"] for row in rows if row["key"]]
    if reads_whole(user):
        people = {str(u.pk): (u.get_full_name() or u.username) for u in User.objects.filter(pk__in=keys)}
        return {key: people.get(key, key) for key in keys}
    return {key: _("Caseworker %(letter)s") % {"letter": chr(ord("A") + i)} for i, key in enumerate(keys)}


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last twelve months up to today."""
    return today.replace(year=today.year - 1) + datetime.timedelta(days=1), today
