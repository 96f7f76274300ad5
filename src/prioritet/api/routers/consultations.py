"""``/cases/{case_id}/consultations``: a case's consultation rounds and their summaries, read only.

Rounds exist on service and political cases only, and everyone who may read such a case sees its
rounds (:mod:`prioritet.participation.policy`). No link is ever shown: the personal links' tokens
are stored only as digests, and the public link is the leader's to spread from the web page.
"""

from typing import Any

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router

from prioritet.api import access, selectors
from prioritet.api.schemas import RoundOut, RoundSummaryOut
from prioritet.cases.models import Case
from prioritet.participation import policy as participation_policy
from prioritet.participation import selectors as participation_selectors
from prioritet.participation.models import Round
from prioritet.participation.selectors import PUBLIC_KEY, CriterionSummary, Distribution, Reason, RoundSummary

from . import responses

router = Router(tags=["Consultation rounds"])


def load_round_case(request: Any, case_id: int, operation: str) -> Case:
    """The case if it can have rounds, checked as the web page does: 404 for any other level.

    The level is checked before :func:`prioritet.api.access.check_case`, as on the web, so asking for
    the rounds of an individual case neither tells whether the token's role may read it nor writes its
    access log for a read that shows nothing.
    """
    case = selectors.get_case(request.municipality, case_id)
    if case.level not in participation_policy.ROUND_LEVELS:
        raise Http404
    return access.check_case(request, case, operation)


def _distribution(row: Distribution) -> dict[str, Any]:
    return {
        "group": row.key,
        "label": str(row.label),
        "verified": None if row.key is None else row.key != PUBLIC_KEY,
        "counts": list(row.counts),
        "unknown": row.unknown,
        "total": row.total,
        "median": row.median,
    }


def _criterion(c: CriterionSummary) -> dict[str, Any]:
    administration = None
    if c.administration:
        exact, used = c.administration
        administration = {"exact": exact, "used": used, "word": c.administration_word}
    return {
        "criterion": c.criterion.value,
        "name": str(c.name),
        "scale": c.scale,
        "administration": administration,
        "groups": [_distribution(row) for row in c.groups],
        "total": _distribution(c.total),
    }


def _reason(r: Reason) -> dict[str, Any]:
    return {
        "group": r.group_key,
        "group_label": str(r.group),
        "organisation": r.label,
        "verified": r.verified,
        "text": r.text,
    }


def summary_body(summary: RoundSummary) -> dict[str, Any]:
    """:func:`prioritet.participation.selectors.round_summary` as the API's JSON: its numbers unchanged."""
    alternatives = [
        {
            "alternative_id": item.alternative.pk,
            "title": item.alternative.title,
            "kind": item.alternative.kind,
            "criteria": [_criterion(c) for c in item.criteria],
            "reasons": [_reason(r) for r in item.reasons],
        }
        for item in summary.alternatives
    ]
    inputs = [
        {
            "group": g.group_key,
            "group_label": str(g.group),
            "verified": g.verified,
            "inputs": [
                {
                    "organisation": i.label,
                    "speaks_for": i.speaks_for,
                    "verified": i.verified,
                    "text": i.text,
                    "submitted_at": i.submitted_at,
                }
                for i in g.inputs
            ],
        }
        for g in summary.inputs
    ]
    return {
        "round": summary.round,
        "answers": summary.answers,
        "verified": summary.verified,
        "unverified": summary.unverified,
        "need": {
            "severity": _criterion(summary.need.severity),
            "reasons": [_reason(r) for r in summary.need.reasons],
        },
        "alternatives": alternatives,
        "inputs": inputs,
    }


@router.get(
    "/cases/{case_id}/consultations",
    response=responses({200: list[RoundOut]}, 403, 404),
    summary="List consultation rounds",
    description=(
        "The case's consultation rounds (høring, medvirkning), newest first: the question, the deadline, whether "
        "answers are accepted now, whether the public link is open, and how many were invited and have answered. "
        "Only service and political cases have rounds: any other case answers 404. No link is ever shown."
    ),
    operation_id="list_consultation_rounds",
)
def list_rounds(request: Any, case_id: int) -> Any:
    case = load_round_case(request, case_id, "consultations")
    return list(participation_selectors.rounds_of(case))


@router.get(
    "/cases/{case_id}/consultations/{round_id}/summary",
    response=responses({200: RoundSummaryOut}, 403, 404),
    summary="Read a consultation round's summary",
    description=(
        "The summary the round's page shows: how many submitted answers gave each score 1–5 or «don't know», by "
        "group and in total, with the median of the scores given, beside the administration's assessment. First "
        "`need`: the severity of the need, asked once per answer because it is the same for every alternative, "
        "beside the case's severity; then per alternative on benefit and resources, beside the median of the "
        "assessors' scores in the combined judgment; then the reasons given and the written inputs by group. "
        "Answers through the public link are marked not verified. "
        "While the round is open, the summary shows the answers submitted so far. A round of another case is 404."
    ),
    operation_id="get_consultation_summary",
)
def get_summary(request: Any, case_id: int, round_id: int) -> dict[str, Any]:
    case = load_round_case(request, case_id, "consultation_summary")
    # The round as listed, with its counts of invitations and answers.
    round_: Round = get_object_or_404(participation_selectors.rounds_of(case), pk=round_id)
    round_.case = case
    return summary_body(participation_selectors.round_summary(round_))
