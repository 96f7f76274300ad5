"""Reads of the participation app: rounds of a case, links, and the summary of a round.

The summary puts how the consulted groups see the case (counts of 1–5 and «vet ikke», and the median
of the known views) beside the administration's assessment: once for the severity of the need, which
is the same for every alternative (issue 11) and beside the case's severity; then per alternative on
benefit and resources, beside the case's combined judgment
(:func:`prioritet.cases.judgment.combined_judgment`): the median of the assessors' scores. Only
submitted answers count; drafts are the respondent's own until submitted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from prioritet.cases.judgment import CombinedJudgment, combined_judgment, median_score
from prioritet.cases.models import Alternative, Case
from prioritet.core.formatting import criterion_name, scale_word
from prioritet.engine import Criterion

from .models import Group, Invitation, InvitationState, Response, ResponseScore, ResponseStatus, Round, digest

#: What a link token looks like (``secrets.token_urlsafe(32)`` is 43 characters); anything else is 404.
TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")

#: The row of the public link's answers in the distribution tables.
PUBLIC_ROW = _("Public link (not verified)")
#: The key of the public link's answers beside the groups' keys (``Group`` values).
PUBLIC_KEY = "public"

#: Asked per alternative; severity is the need's, asked once per answer.
ALTERNATIVE_CRITERIA = (Criterion.BENEFIT, Criterion.RESOURCES)


def rounds_of(case: Case) -> QuerySet[Round]:
    # By id: the case's municipality need not be loaded (the public page counts its queries).
    return (
        Round.objects.filter(municipality_id=case.municipality_id, case=case)
        .annotate(
            submitted_count=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED), distinct=True),
            invitation_count=Count("invitations", distinct=True),
        )
        .select_related("created_by")
        .order_by("-created_at", "-id")
    )


def get_round(case: Case, pk: int) -> Round:
    """The case's round, or 404 (another case, another municipality)."""
    return get_object_or_404(
        Round.objects.for_municipality(case.municipality).select_related("case", "created_by"), case=case, pk=pk
    )


def invitations_of(round_: Round) -> list[Invitation]:
    """The round's invitations with their answer and their e-mails (newest first), in the order they were made."""
    return list(round_.invitations.select_related("response").prefetch_related("emails").order_by("id"))


@dataclass
class CloseCounts:
    """What closing a round early cuts off: the answers in, the drafts that will not count, the silent groups."""

    submitted: int
    drafts: int
    unanswered: int


def close_counts(round_: Round) -> CloseCounts:
    responses = round_.responses.all()
    return CloseCounts(
        submitted=responses.filter(status=ResponseStatus.SUBMITTED).count(),
        drafts=responses.filter(status=ResponseStatus.DRAFT).count(),
        unanswered=round_.invitations.exclude(state=InvitationState.SUBMITTED).count(),
    )


# Links ------------------------------------------------------------------------------------------


@dataclass
class LinkTarget:
    """What a token in a /h/<token>/ path opens: an invitation, a public answer's draft, or the public form."""

    round: Round
    invitation: Invitation | None = None
    response: Response | None = None

    @property
    def is_public(self) -> bool:
        return self.invitation is None


def resolve_token(token: str) -> LinkTarget:
    """The invitation, public draft or public round of a link; 404 for an unknown or replaced token."""
    if not TOKEN_RE.match(token or ""):
        raise Http404
    hashed = digest(token)
    invitation = (
        Invitation.objects.select_related("round__case__municipality", "response").filter(token_digest=hashed).first()
    )
    if invitation is not None:
        response = getattr(invitation, "response", None)
        return LinkTarget(invitation.round, invitation, response)
    response = (
        Response.objects.select_related("round__case__municipality")
        .filter(key_digest=hashed, invitation__isnull=True)
        .first()
    )
    if response is not None:
        return LinkTarget(response.round, None, response)
    round_ = Round.objects.select_related("case__municipality").filter(public_token=token, public_enabled=True).first()
    if round_ is None:
        raise Http404
    return LinkTarget(round_)


def scores_of(response: Response | None) -> dict[int, ResponseScore]:
    if response is None:
        return {}
    return {s.alternative_id: s for s in response.scores.all()}


# Summary ----------------------------------------------------------------------------------------


@dataclass
class Distribution:
    """Counts of the views 1..5 and «vet ikke» from one group (or all), with the median of the known ones."""

    label: str | Promise
    #: The group (a ``Group`` value), :data:`PUBLIC_KEY`, or None for all answers together.
    key: str | None = None
    counts: list[int] = field(default_factory=lambda: [0] * 5)
    unknown: int = 0

    def add(self, value: int | None) -> None:
        if value is None:
            self.unknown += 1
        else:
            self.counts[value - 1] += 1

    @property
    def known(self) -> list[int]:
        return [score for score, n in enumerate(self.counts, start=1) for _ in range(n)]

    @property
    def total(self) -> int:
        return sum(self.counts) + self.unknown

    @property
    def median(self) -> float | None:
        known = self.known
        return median_score(known)[0] if known else None


@dataclass
class CriterionSummary:
    criterion: Criterion
    name: str
    #: The administration's assessment: the combined judgment's (exact median, score used), or None.
    administration: tuple[float, int] | None
    groups: list[Distribution]
    total: Distribution

    @property
    def administration_word(self) -> str:
        return scale_word(self.criterion, self.administration[1]) if self.administration else ""

    @property
    def scale(self) -> list[str]:
        return [scale_word(self.criterion, i) for i in range(1, 6)]


@dataclass
class Reason:
    """One written «why» about an alternative."""

    group: str | Promise
    group_key: str
    label: str
    verified: bool
    text: str


@dataclass
class AlternativeSummary:
    alternative: Alternative
    #: Benefit and resources.
    criteria: list[CriterionSummary]
    reasons: list[Reason]


@dataclass
class NeedSummary:
    """The groups' views on the severity of the need, beside the case's severity, and their reasons."""

    severity: CriterionSummary
    reasons: list[Reason]


@dataclass
class WrittenInput:
    label: str
    speaks_for: str
    verified: bool
    text: str
    submitted_at: object


@dataclass
class GroupInputs:
    group: str | Promise
    group_key: str
    verified: bool
    inputs: list[WrittenInput]


@dataclass
class RoundSummary:
    round: Round
    answers: int
    verified: int
    unverified: int
    need: NeedSummary
    alternatives: list[AlternativeSummary]
    inputs: list[GroupInputs]


def _group_label(response: Response) -> str | Promise:
    return Group(response.group).label if response.verified else PUBLIC_ROW


def _group_key(response: Response) -> str:
    return response.group if response.verified else PUBLIC_KEY


def _label(response: Response) -> str:
    """The organisation's name for invitees; nothing identifying for public answers."""
    return response.invitation.label if response.invitation_id else ""


def round_summary(round_: Round, judgment: CombinedJudgment | None = None) -> RoundSummary:
    """Distributions of the groups' views beside the administration's assessment, and the written inputs.

    ``judgment``: the case's combined judgment, when the caller has it already (several rounds of
    one case share it).
    """
    responses = list(
        round_.responses.filter(status=ResponseStatus.SUBMITTED)
        .select_related("invitation")
        .prefetch_related("scores")
        .order_by("-verified", "group", "submitted_at", "id")
    )
    judgment = judgment or combined_judgment(round_.case)
    scores = [(response, scores_of(response)) for response in responses]
    group_order = [g for g in Group.values if any(r.verified and r.group == g for r in responses)]
    has_public = any(not r.verified for r in responses)

    def distributions(value_of) -> tuple[list[Distribution], Distribution]:
        groups = {g: Distribution(Group(g).label, g) for g in group_order}
        public = Distribution(PUBLIC_ROW, PUBLIC_KEY)
        total = Distribution(_("All answers"))
        for response, by_alternative in scores:
            found, value = value_of(response, by_alternative)
            if not found:
                continue
            (groups[response.group] if response.verified else public).add(value)
            total.add(value)
        return list(groups.values()) + ([public] if has_public else []), total

    severity = judgment.severity
    need_rows, need_total = distributions(lambda response, _: (True, response.severity))
    need = NeedSummary(
        CriterionSummary(
            criterion=Criterion.SEVERITY,
            name=criterion_name(Criterion.SEVERITY),
            administration=(float(severity), severity) if severity is not None else None,
            groups=need_rows,
            total=need_total,
        ),
        [
            Reason(_group_label(r), _group_key(r), _label(r), r.verified, r.severity_why)
            for r in responses
            if r.severity_why
        ],
    )

    alternatives = []
    for row in sorted(judgment.rows, key=lambda r: r.alternative.pk):
        alternative = row.alternative
        criteria = []
        for criterion in ALTERNATIVE_CRITERIA:

            def value_of(response, by_alternative, criterion=criterion, pk=alternative.pk):
                score = by_alternative.get(pk)
                return (score is not None, getattr(score, criterion.value) if score is not None else None)

            rows, total = distributions(value_of)
            criteria.append(
                CriterionSummary(
                    criterion=criterion,
                    name=criterion_name(criterion),
                    # The assessors' median, shown also while the need's severity is not assessed.
                    administration=(
                        median_score([getattr(a, criterion.value) for a in row.assessments])
                        if row.assessments
                        else None
                    ),
                    groups=rows,
                    total=total,
                )
            )
        reasons = [
            Reason(_group_label(r), _group_key(r), _label(r), r.verified, s.why)
            for r in responses
            for s in r.scores.all()
            if s.alternative_id == alternative.pk and s.why
        ]
        alternatives.append(AlternativeSummary(alternative, criteria, reasons))

    inputs: list[GroupInputs] = []
    for group in group_order:
        items = [
            WrittenInput(_label(r), r.speaks_for, True, r.free_text, r.submitted_at)
            for r in responses
            if r.verified and r.group == group and (r.free_text or r.speaks_for)
        ]
        if items:
            inputs.append(GroupInputs(Group(group).label, group, True, items))
    public_items = [
        WrittenInput("", r.speaks_for, False, r.free_text, r.submitted_at)
        for r in responses
        if not r.verified and (r.free_text or r.speaks_for)
    ]
    if public_items:
        inputs.append(GroupInputs(PUBLIC_ROW, PUBLIC_KEY, False, public_items))
    verified = sum(1 for r in responses if r.verified)
    return RoundSummary(
        round=round_,
        answers=len(responses),
        verified=verified,
        unverified=len(responses) - verified,
        need=need,
        alternatives=alternatives,
        inputs=inputs,
    )


def closed_summaries(case: Case) -> list[RoundSummary]:
    """Summaries of the case's closed rounds, newest first: what the report and the public page show."""
    closed = [r for r in rounds_of(case) if r.is_closed]
    if not closed:
        return []
    judgment = combined_judgment(case)
    return [round_summary(r, judgment) for r in closed]
