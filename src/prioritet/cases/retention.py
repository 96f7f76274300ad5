"""The cases app's retention rules: individual cases, their history, the access log and the
consistency reports.

Declared in the app's extension (``CasesConfig.extension``) for :mod:`prioritet.core.retention`. An
individual case is anonymised rather than deleted, so decisions, weights and reports that refer to it keep their
numbers; its history is deleted, since the history holds every earlier wording of its texts. Service
and political cases are not personal data and are kept (the municipality's archive plan governs them).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models.functions import Now

from prioritet.core.retention import Action, Outcome, Rule, delete_chained, merge

from .models import (
    AccessGrant,
    Alternative,
    AlternativeView,
    Assessment,
    Case,
    CaseAccess,
    ConsistencyReport,
    Decision,
    FollowUp,
    Level,
    PersonVoice,
    PhaseChange,
    Reassessment,
)

#: What an anonymised text reads (the texts that must not be empty).
ANONYMISED = "[anonymised]"


def closed_individual_cases(cutoff: dt.datetime) -> models.QuerySet[Case]:
    return Case.objects.filter(level=Level.INDIVIDUAL, archived=True, closed_at__lt=cutoff)


def delete_history(case_ids: models.QuerySet) -> list[Outcome]:
    """Delete every history row of the cases, their alternatives, assessments, decisions and reassessments."""
    alternative_ids = Alternative.objects.filter(case_id__in=case_ids).values("id")
    chained = merge(
        delete_chained(Case.history.filter(id__in=case_ids)),
        delete_chained(Alternative.history.filter(case_id__in=case_ids)),
        delete_chained(Assessment.history.filter(alternative_id__in=alternative_ids)),
        delete_chained(Decision.history.filter(case_id__in=case_ids)),
        delete_chained(PersonVoice.history.filter(case_id__in=case_ids)),
        delete_chained(AlternativeView.history.filter(alternative_id__in=alternative_ids)),
    )
    reassessments = Reassessment.history.filter(case_id__in=case_ids)
    by_municipality = dict(
        reassessments.values_list("case__municipality_id").annotate(n=models.Count("history_id")).order_by()
    )
    reassessments.delete()
    outcomes = {o.municipality: o for o in chained}
    for municipality, n in by_municipality.items():
        outcomes.setdefault(municipality, Outcome(municipality)).count += n
    return [outcomes[m] for m in sorted(outcomes)]


def purge_case_history(cutoff: dt.datetime) -> list[Outcome]:
    return delete_history(closed_individual_cases(cutoff).values("id"))


def anonymise_cases(cutoff: dt.datetime) -> list[Outcome]:
    """Blank the personal texts of closed individual cases and delete their history; counts cases."""
    cases = closed_individual_cases(cutoff).filter(anonymised_at__isnull=True)
    counts = dict(cases.values_list("municipality_id").annotate(n=models.Count("id")).order_by())
    ids = list(cases.values_list("id", flat=True))
    if not ids:
        return []
    outcomes = {o.municipality: o for o in delete_history(Case.objects.filter(id__in=ids).values("id"))}
    Case.objects.filter(id__in=ids).update(
        title=ANONYMISED,
        description="",
        case_reference="",
        severity_justification="",
        involvement_plan="",
        management_information="",
        anonymised_at=Now(),
    )
    Alternative.objects.filter(case_id__in=ids).update(title=ANONYMISED, description="")
    Assessment.objects.filter(alternative__case_id__in=ids).update(
        benefit_justification="", severity_justification="", resources_justification=""
    )
    for decision in Decision.objects.filter(case_id__in=ids).only("id", "suggestion"):
        Decision.objects.filter(pk=decision.pk).update(
            justification=ANONYMISED,
            departure_reason="",
            forsvarlighet_justification="",
            child_best_interest="",
            suggestion=[{**entry, "title": ANONYMISED} for entry in decision.suggestion],
        )
    Reassessment.objects.filter(case_id__in=ids).update(reason=ANONYMISED)
    # The person's voice is the most personal text of all: blanked, the children answer kept.
    PersonVoice.objects.filter(case_id__in=ids).update(
        what_matters="", relatives_view="", relatives_burden="", children_assessment=""
    )
    AlternativeView.objects.filter(alternative__case_id__in=ids).update(view="")
    FollowUp.objects.filter(case_id__in=ids).update(note=ANONYMISED)
    PhaseChange.objects.filter(case_id__in=ids).update(note="")
    result = []
    for municipality, n in sorted(counts.items()):
        outcome = outcomes.get(municipality, Outcome(municipality))
        outcome.count = n
        result.append(outcome)
    return result


def purge_access_log(cutoff: dt.datetime) -> list[Outcome]:
    """Delete the reads older than the cutoff, then the emergency accesses (and their history) granted
    before it that no remaining read names: they are part of the access log."""
    outcomes = list(delete_chained(CaseAccess.objects.filter(at__lt=cutoff)).values())
    expired = list(
        AccessGrant.objects.filter(granted_at__lt=cutoff, accesses__isnull=True).values_list("id", flat=True)
    )
    if expired:
        AccessGrant.objects.filter(id__in=expired).delete()
        AccessGrant.history.filter(id__in=expired).delete()  # after: the delete itself writes a history row
    return outcomes


def delete_consistency_reports(cutoff: dt.datetime) -> list[Outcome]:
    """Delete the consistency reports made before the cutoff. A report is a snapshot, computed again
    from the decisions whenever a leader asks, yet it keeps what ought not to stay for ever: the
    references of the cases furthest from the pattern and a comparison of named caseworkers."""
    old = ConsistencyReport.objects.filter(created_at__lt=cutoff)
    counts = old.values_list("municipality_id").annotate(n=models.Count("id")).order_by()
    outcomes = [Outcome(municipality, n) for municipality, n in counts]
    old.delete()
    return outcomes


#: Declared in the app's extension (its AppConfig).
RULES = [
    Rule(
        "individual_cases",
        Action.ANONYMISE,
        "individual cases closed more than {days} days ago: texts anonymised, history deleted",
        anonymise_cases,
    ),
    Rule(
        "individual_case_history",
        Action.DELETE,
        "history of individual cases closed more than {days} days ago",
        purge_case_history,
    ),
    Rule("access_log", Action.DELETE, "reads of individual cases more than {days} days ago", purge_access_log),
    Rule(
        "consistency_reports",
        Action.DELETE,
        "consistency reports made more than {days} days ago, with the cases and caseworkers they name",
        delete_consistency_reports,
    ),
]
