"""The consistency report's pages (issue 13 §3): choose a service and a period, queue the computation
(POST), read the report. A leader reads and requests the reports of the service areas they lead; the
municipal administrator every area's, without caseworkers' names and without the individual cases
(:data:`prioritet.cases.consistency.READERS`). A report outside the user's areas is not found. A GET
never writes, but for the access log: the cases furthest from the pattern are individual cases of
the leader's area, each shown one is logged as read, with the leader's basis."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prioritet.accounts.tenancy import get_for_municipality_or_404, municipality_required, role_required
from prioritet.core import formatting
from prioritet.core.audit import create_chained
from prioritet.core.formatting import criterion_name
from prioritet.core.records import TaskStatus

from . import consistency, tasks
from .forms import ConsistencyForm
from .models import AccessBasis, CaseAccess, ConsistencyReport
from .similar import OUTCOME_LABELS, outcome_label

#: The access log's page name for a case listed as furthest from the pattern.
ACCESS_PAGE = "consistency report"


@municipality_required
@role_required(*consistency.READERS)
def consistency_list(request: HttpRequest) -> HttpResponse:
    """The form (service, period) and the municipality's recent reports."""
    start, end = consistency.default_period(timezone.localdate())
    form = ConsistencyForm(
        request.POST or None,
        municipality=request.municipality,
        user=request.user,
        initial={"date_from": start, "date_to": end},
    )
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            report = ConsistencyReport.objects.create(
                municipality=request.municipality,
                service_area=form.cleaned_data["service_area"],
                date_from=form.cleaned_data["date_from"],
                date_to=form.cleaned_data["date_to"],
                requested_by=request.user,
            )
            # Queued in the same transaction: a database-backed queue sees it only once it is committed.
            report.queued_as(tasks.compute_consistency.enqueue(report.pk).id)
        return redirect("cases:consistency_report", report_pk=report.pk)
    reports = (
        consistency.readable_reports(request.user, request.municipality)
        .select_related("service_area", "requested_by")
        .order_by("-created_at", "-id")[:20]
    )
    has_areas = consistency.reads_unassigned(request.user) or (
        consistency.readable_areas(request.user, request.municipality).exists()
    )
    return render(request, "cases/consistency_list.html", {"form": form, "reports": reports, "has_areas": has_areas})


def _log_furthest(request: HttpRequest, report: ConsistencyReport) -> None:
    """The leader of the report's area is on the team of its cases (cases/policy.py): one read each."""
    rows = report.result.get("furthest") or []
    create_chained(
        [
            CaseAccess(
                municipality_id=report.municipality_id,
                case_id=row["case"],
                user=request.user,
                page=ACCESS_PAGE,
                basis=AccessBasis.AREA_LEADER,
            )
            for row in rows
        ]
    )


#: Why a model could not be fitted, in the user's words (engine.consistency.FIT_ERRORS).
FIT_ERROR_TEXT = {
    "shape": gettext_lazy("The cases could not be read."),
    "one_outcome": gettext_lazy("Every case in the period got the same outcome: there is nothing to explain."),
    "no_variation": gettext_lazy("No score varies between the cases in the period."),
    "too_few": gettext_lazy("Too few decided cases in the period to fit the model."),
    "no_convergence": gettext_lazy("The model did not converge on these cases."),
}

#: A difference counts as clear below this p-value (the report says so in words).
CLEAR = 0.05


def _reading(coefficient: float | None, p_value: float | None) -> str:
    """A group's difference in words: stricter, more lenient or no clear difference."""
    if coefficient is None or p_value is None or p_value >= CLEAR:
        return str(_("No clear difference"))
    return str(_("Stricter for equal scores")) if coefficient < 0 else str(_("More lenient for equal scores"))


def _group_rows(groups: dict | None, names: dict[str, str] | None = None) -> list[dict]:
    rows = []
    for row in (groups or {}).get("rows") or []:
        if row["pooled"]:
            label = str(_("Smaller groups together"))
        elif names is not None:
            label = names.get(row["key"], row["key"])
        else:
            label = row["key"] or str(_("No district recorded"))
        rows.append(
            {
                "label": label,
                "n": row["n"],
                "residual": formatting.decimal(row["mean_residual"], 2),
                "coefficient": "" if row["coefficient"] is None else formatting.decimal(row["coefficient"], 2),
                "p_value": _p(row["p_value"]),
                "reference": row["reference"],
                "reading": "" if row["reference"] else _reading(row["coefficient"], row["p_value"]),
            }
        )
    return rows


def _p(value: float | None) -> str:
    if value is None:
        return ""
    if value < 0.001:
        return f"< {formatting.decimal(0.001, 3)}"
    return formatting.decimal(value, 3)


@municipality_required
@role_required(*consistency.READERS)
def consistency_report(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = get_for_municipality_or_404(
        consistency.readable_reports(request.user, request.municipality).select_related("service_area"),
        request.municipality,
        pk=report_pk,
    )
    result = report.result or {}
    fitted = report.status == TaskStatus.DONE and not result.get("error") and "terms" in result
    whole = consistency.reads_whole(request.user)
    if fitted and whole:
        _log_furthest(request, report)
    districts = result.get("districts") or {}
    caseworkers = result.get("caseworkers") or {}
    context = {
        "report": report,
        "result": result,
        "fitted": fitted,
        "polling": not report.finished,
        "error_text": FIT_ERROR_TEXT.get(result.get("error", ""), "") if result.get("error") else "",
        "counts": [(outcome_label(int(code)), n) for code, n in (result.get("counts") or {}).items()],
        "terms": [
            {
                "name": criterion_name(term["name"]).capitalize(),
                "coefficient": formatting.decimal(term["coefficient"], 2),
                "standard_error": formatting.decimal(term["standard_error"], 2),
                "p_value": _p(term["p_value"]),
                "direction": _("a higher score, a better outcome")
                if term["coefficient"] > 0
                else _("a higher score, a lower outcome"),
            }
            for term in result.get("terms") or []
        ],
        "pseudo_r2": formatting.decimal(result.get("pseudo_r2"), 3) if fitted else "",
        "lr_p_value": _p(result.get("lr_p_value")) if fitted else "",
        "cut_points": [formatting.decimal(c, 2) for c in result.get("cut_points") or []],
        "shows_cases": whole,
        "furthest": [
            {
                **row,
                "outcome_label": outcome_label(row["outcome"]),
                "expected": formatting.decimal(row["expected"], 2),
                "probability": formatting.percent(row["probability"], 1),
            }
            for row in (result.get("furthest") or [] if whole else [])
        ],
        "districts": _group_rows(districts),
        "districts_p": _p(districts.get("lr_p_value")),
        "caseworkers": _group_rows(caseworkers, consistency.caseworker_labels(report, request.user)),
        "caseworkers_p": _p(caseworkers.get("lr_p_value")),
        "outcomes": [str(label) for label in OUTCOME_LABELS.values()],
    }
    template = (
        "cases/partials/consistency_result.html"
        if request.headers.get("HX-Request")
        else "cases/consistency_report.html"
    )
    return render(request, template, context)
