"""The shared test factories for cases, used by every app's tests and the browser tests.

Everything goes through the cases services, as the pages do: :func:`scores` and :func:`assess` for an
assessment (benefit and resources: severity is the need's, set on the case, ``severity=`` here,
:func:`set_severity` after), :func:`open_case` for an assessed open case, :func:`decided_case` for
one decided with chosen scores, :func:`assess_and_decide` to bring a given case to its decision,
:func:`on_team` to put someone other than its creator on an individual case's team (only the team
opens it; a leader is on it through ``accounts.testing.lead`` and the case's service area). Users come
from :mod:`prioritet.accounts.testing`.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from prioritet.accounts.models import Role, User
from prioritet.accounts.testing import make_user

from . import policy, political, services, voice
from .judgment import combined_judgment
from .models import Alternative, AlternativeKind, Assessment, Case, Decision, DecisionBody, Level

#: An alternative's (benefit, resources), each 1–5. Severity is the case's (the need's).
Scores = tuple[int, int]

#: The need's severity the factories give a case unless told otherwise (3: moderate).
SEVERITY = 3


def future(days: int = 180) -> datetime.date:
    """The date ``days`` from today: a decision's reassessment date (the API's test client sends it as
    ISO 8601)."""
    return timezone.localdate() + datetime.timedelta(days=days)


def scores(b: int, r: int, *, why_b: str = "", why_r: str = "", **extra: Any) -> dict:
    """An assessment's data for :func:`services.save_assessment`: benefit and resources, their
    justifications (``why_b``, ``why_r``), clinical experience as basis, medium certainty; ``extra`` overrides."""
    return {
        "benefit": b,
        "resources": r,
        "benefit_justification": why_b,
        "resources_justification": why_r,
        "basis_research": False,
        "basis_clinical": True,
        "basis_user": False,
        "certainty": "medium",
        **extra,
    }


def assess(alternative: Alternative, user: User, b: int, r: int, **extra: Any) -> Assessment:
    """Create ``user``'s assessment of ``alternative``, or update it from its current version."""
    existing = alternative.assessments.filter(assessor=user).first()
    return services.save_assessment(alternative, user, existing.version if existing else None, scores(b, r, **extra))


def set_severity(case: Case, user: User, severity: int | None, justification: str = "") -> Case:
    """Assess the need's severity of ``case`` (the same for every alternative), from its current version."""
    fresh = Case.objects.get(pk=case.pk)
    return services.update_case(fresh, user, fresh.version, severity=severity, severity_justification=justification)


def on_team(case: Case, *users: User) -> Case:
    """Put ``users`` on the individual ``case``'s team, as its responsible caseworker does on the team
    page (tjenstlig behov: only the team opens an individual case). Those on it already stay as they are."""
    responsible = case.team_members.filter(responsible=True).select_related("user").first()
    assert responsible is not None, "an individual case has a responsible caseworker"
    for user in users:
        if not case.team_members.filter(user=user).exists():
            services.add_team_member(case, responsible.user, user)
    return case


def open_case(
    user: User,
    alternatives: list[tuple[str, Scores]],
    *,
    level: str = Level.SERVICE,
    title: str = "Åpen sak",
    severity: int | None = SEVERITY,
) -> Case:
    """An open case with the need's ``severity`` and the given alternatives, each assessed by ``user``."""
    case = services.create_case(
        user.municipality, user, no_action_consequence="Ingen endring.", level=level, title=title, severity=severity
    )
    for name, (b, r) in alternatives:
        alternative = services.add_alternative(case, user, title=name)
        services.save_assessment(alternative, user, None, scores(b, r))
    case.refresh_from_db()
    return case


def decided_case(
    user: User,
    alternatives: list[tuple[str, Scores]],
    *,
    level: str = Level.SERVICE,
    title: str = "Oppstart av Larvikshjelpa",
    assessors: list[User] | None = None,
    choose: int | None = None,
    justification: str = "Bør prioriteres høyt.",
    severity: int = SEVERITY,
    **case_fields: Any,
) -> tuple[Case, Decision]:
    """A case with the need's ``severity`` and the given alternatives, assessed (by ``assessors``, default
    ``user``) and decided by ``user`` (a political case by the municipality's politician): the engine's
    first suggestion unless ``choose`` names another alternative."""
    case = services.create_case(
        user.municipality,
        user,
        no_action_consequence="Ventetiden øker.",
        level=level,
        title=title,
        severity=severity,
        **case_fields,
    )
    created = [services.add_alternative(case, user, title=name) for name, _ in alternatives]
    if case.is_individual and assessors:
        on_team(case, *assessors)  # the assessors of an individual case are on its team
    for assessor in assessors or [user]:
        for alternative, (_, (b, r)) in zip(created, alternatives, strict=True):
            services.save_assessment(alternative, assessor, None, scores(b, r))
    case.refresh_from_db()
    judgment = combined_judgment(case)
    top = judgment.top
    assert top is not None, "the case has an assessed alternative"
    chosen = created[choose] if choose is not None else top.alternative
    decision = decide(
        case,
        user,
        decider_for(case, user),
        alternative=chosen,
        priority="high",
        justification=justification,
        reassessment_due=timezone.localdate() + datetime.timedelta(days=180),
        departure_reason="" if chosen.pk in judgment.top_ids else "Annen vurdering i møtet.",
    )
    case.refresh_from_db()
    return case, decision


def assess_and_decide(case: Case, user, decider=None) -> Decision:
    """Assess the need's severity (4 unless set) and every open alternative of ``case`` as ``user``
    (measures above no action) and decide.

    ``decider`` records the decision (default: ``user`` if their role may, else :func:`decider_for`).
    «No action» is the reference and never suggested, so a case without a measure gets one.
    """
    if not case.alternatives.filter(archived=False, kind=AlternativeKind.MEASURE).exists():
        services.add_alternative(case, user, title="Tiltak")
    if Case.objects.get(pk=case.pk).severity is None:
        set_severity(case, user, 4)
    for alternative in case.alternatives.filter(archived=False):
        given = (1, 1) if alternative.is_no_action else (4, 3)
        if not alternative.assessments.filter(assessor=user).exists():
            services.save_assessment(
                alternative,
                user,
                None,
                {"benefit": given[0], "resources": given[1], "basis_clinical": True, "certainty": "medium"},
            )
    case.refresh_from_db()
    best = combined_judgment(case).top
    assert best is not None, "the case has an assessed alternative"
    top = best.alternative
    return decide(
        case,
        user,
        decider or decider_for(case, user),
        alternative=top,
        priority="high",
        justification="Samlet vurdering.",
        reassessment_due=timezone.localdate() + datetime.timedelta(days=90),
        forsvarlighet_confirmed=top.needs_forsvarlighet,
        forsvarlighet_justification="Forsvarlig." if top.needs_forsvarlighet else "",
        child_best_interest="Vurdert." if case.child_affected else "",
    )


def politician_of(municipality) -> User:
    """The municipality's politician for tests (made on first use): who records a political vedtak."""
    return User.objects.filter(municipality=municipality, role=Role.POLITICIAN).order_by("pk").first() or make_user(
        Role.POLITICIAN, municipality=municipality, first_name="Sigrid", last_name="Aune"
    )


def decider_for(case: Case, user) -> User:
    """``user`` if their role records this case's decision, else the municipality's politician.

    For fixtures that prepare a political case as the municipal director and then decide it.
    """
    return user if policy.can_decide(user, case) else politician_of(case.municipality)


def prepared(case: Case, user: User) -> Case:
    """Meet the exit conditions of «forberede» (the question, the severity with its justification, who is
    affected and how they are involved), keeping what the case has; returns the case at its new version."""
    fresh = Case.objects.get(pk=case.pk)
    return services.update_case(
        fresh,
        user,
        fresh.version,
        description=fresh.description or "Behovet er beskrevet.",
        severity=fresh.severity or SEVERITY,
        severity_justification=fresh.severity_justification or "Moderat: behovet er kartlagt.",
        involvement_plan=fresh.involvement_plan or "Brukerne og pårørende deltar i en samtale.",
    )


def director_of(municipality) -> User:
    """The municipality's municipal director for tests (made on first use): who makes the innstilling."""
    return User.objects.filter(municipality=municipality, role=Role.DIRECTOR).order_by("pk").first() or make_user(
        Role.DIRECTOR, municipality=municipality, first_name="Kari", last_name="Dahl"
    )


def body_of(municipality, name: str = "Kommunestyret") -> DecisionBody:
    """The municipality's decision body ``name`` (made on first use)."""
    body, _ = DecisionBody.objects.get_or_create(municipality=municipality, name=name)
    return body


def recommend(case: Case, user: User, alternative: Alternative, **fields: Any):
    """The innstilling of political ``case`` for ``alternative``, made by ``user`` if a director, else
    by the municipality's director; ``fields`` override the defaults (a high priority, a reason to depart
    from the suggested order when needed, forsvarlighet and child's best interest when required)."""
    fresh = Case.objects.get(pk=case.pk)
    director = user if political.can_recommend(user, fresh) else director_of(fresh.municipality)
    judgment = combined_judgment(fresh)
    values: dict[str, Any] = {
        "priority": "high",
        "proposed_resolution": f"{alternative.title} gjennomføres.",
        "justification": "Samlet vurdering.",
        "departure_reason": "" if alternative.pk in judgment.top_ids else "Annen vurdering i administrasjonen.",
        "forsvarlighet_confirmed": alternative.needs_forsvarlighet,
        "forsvarlighet_justification": "Forsvarlig." if alternative.needs_forsvarlighet else "",
        "child_best_interest": "Vurdert." if fresh.child_affected else "",
    }
    values.update(fields)
    return political.recommend(fresh, director, fresh.version, alternative=alternative, **values)


def answer_children(case: Case, user: User, *, affected: bool | None = None, assessment: str = "") -> None:
    """Answer an individual case's children question as ``user`` (keeping the rest of its voice):
    ``affected`` defaults to the case's «affects children» checkbox."""
    fresh = Case.objects.get(pk=case.pk)
    affected = fresh.child_affected if affected is None else affected
    current = voice.voice_of(fresh)
    voice.save_voice(
        fresh,
        user,
        current.version if current else None,
        {
            "children": "affected" if affected else "none",
            "children_assessment": assessment or ("Barnets beste er vurdert." if affected else ""),
        },
    )


def decide(case: Case, user: User, decider: User, *, alternative: Alternative, **fields: Any) -> Decision:
    """Decide ``case`` as ``decider`` with ``services.decide``'s keywords; a political case gets the
    director's innstilling for the same alternative first and a unanimous vedtak in «Kommunestyret»
    adopting its forslag til vedtak. An individual case whose children question is unanswered gets
    it answered from its «affects children» checkbox (:func:`answer_children`)."""
    fresh = Case.objects.get(pk=case.pk)
    if fresh.level == Level.INDIVIDUAL and voice.decision_errors(fresh):
        answer_children(fresh, decider)
    if fresh.level != Level.POLITICAL:
        return services.decide(fresh, decider, fresh.version, alternative=alternative, **fields)
    recommendation = recommend(
        fresh,
        user,
        alternative,
        priority=fields.get("priority", "high"),
        justification=fields.get("justification") or "Samlet vurdering.",
        departure_reason=fields.get("departure_reason", ""),
        forsvarlighet_confirmed=fields.get("forsvarlighet_confirmed", False),
        forsvarlighet_justification=fields.get("forsvarlighet_justification", ""),
        child_best_interest=fields.get("child_best_interest", ""),
    )
    return political.record_vedtak(
        fresh,
        decider,
        Case.objects.get(pk=case.pk).version,
        body=body_of(fresh.municipality),
        meeting_date=timezone.localdate(),
        saksnummer="PS 1/26",
        alternative=alternative,
        priority=fields.get("priority", "high"),
        adopted_text=recommendation.proposed_resolution,
        reassessment_due=fields.get("reassessment_due"),
        unanimous=True,
        forsvarlighet_confirmed=fields.get("forsvarlighet_confirmed", False),
        forsvarlighet_justification=fields.get("forsvarlighet_justification", ""),
        child_best_interest=fields.get("child_best_interest", ""),
        signature=fields.get("signature"),
    )
