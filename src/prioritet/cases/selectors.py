"""Reads of the cases app, every one scoped to a municipality."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from prioritet.accounts.models import Role, ServiceArea
from prioritet.accounts.tenancy import get_for_municipality_or_404
from prioritet.core.audit import Correction
from prioritet.core.formatting import scale_word
from prioritet.engine import CRITERIA

from . import policy
from .extensions import due_items, extra_entries
from .models import (
    AccessGrant,
    Alternative,
    Assessment,
    Case,
    CaseAccess,
    CaseTeamMember,
    Complaint,
    Decision,
    DecisionBody,
    FollowUp,
    Level,
    PersonVoice,
    Phase,
    PhaseChange,
    PoliticalResolution,
    Reassessment,
    Recommendation,
    Status,
)
from .timeline import FieldChange, TimelineEntry

DUE_WITHIN_DAYS = 30


def cases_for(municipality, user) -> QuerySet[Case]:
    """The municipality's cases the user may list: the levels they read, individual cases only on their team.

    Every list, search, panel and count of cases reads through here (:func:`policy.team_filter`).
    """
    return Case.objects.for_municipality(municipality).filter(policy.team_filter(user))


def case_list(municipality, user, *, level="", phase="", service_area=None, q="", archived=False) -> QuerySet[Case]:
    qs = cases_for(municipality, user).filter(archived=archived)
    if level:
        qs = qs.filter(level=level)
    if phase:
        qs = qs.filter(phase=phase)
    if service_area:
        qs = qs.filter(service_area=service_area)
    if q:
        # An individual case is found by its pseudonymous reference only: a search on its title would
        # tell what the title holds without opening the case.
        qs = qs.filter(Q(case_reference__iexact=q) | (Q(title__icontains=q) & ~Q(level=Level.INDIVIDUAL)))
    return qs.select_related("service_area").order_by("-created_at", "-id")


def get_case(municipality, pk: int) -> Case:
    """The case, or 404 when it belongs to another municipality (or does not exist)."""
    return get_for_municipality_or_404(
        Case.objects.select_related("service_area", "created_by", "municipality"), municipality, pk=pk
    )


def get_alternative(case: Case, pk: int) -> Alternative:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Alternative.objects.select_related("case"), case=case, pk=pk)


def alternatives_of(case: Case, *, include_archived: bool = False) -> list[Alternative]:
    qs = case.alternatives.all() if include_archived else case.alternatives.filter(archived=False)
    return list(qs.order_by("id"))


def own_assessment(alternative: Alternative, user) -> Assessment | None:
    return Assessment.objects.filter(alternative=alternative, assessor=user).first()


def current_decision(case: Case) -> Decision | None:
    if not case.is_decided:
        return None
    return (
        case.decisions.select_related("alternative", "decided_by", "weight_version")
        .order_by("-decided_at", "-id")
        .first()
    )


def decisions_of(case: Case) -> list[Decision]:
    return list(
        case.decisions.select_related("alternative", "decided_by", "weight_version").order_by("-decided_at", "-id")
    )


def current_recommendation(case: Case) -> Recommendation | None:
    """The political case's innstilling that counts now.

    A decided case: the one its vedtak answered. An open case: the latest made since the case was last
    reopened for reassessment (an innstilling on the earlier basis no longer counts).
    """
    if case.level != Level.POLITICAL:
        return None
    recommendations = case.recommendations.select_related("alternative", "recommended_by", "weight_version")
    if case.is_decided:
        decision = current_decision(case)
        resolution = political_of(decision) if decision else None
        if resolution is not None:
            return resolution.recommendation
    latest_reopening = case.reassessments.order_by("-started_at", "-id").values_list("started_at", flat=True).first()
    if latest_reopening is not None:
        recommendations = recommendations.filter(recommended_at__gt=latest_reopening)
    return recommendations.order_by("-recommended_at", "-id").first()


def recommendations_of(case: Case) -> list[Recommendation]:
    return list(case.recommendations.select_related("alternative", "recommended_by").order_by("-recommended_at", "-id"))


def political_of(decision: Decision | None) -> PoliticalResolution | None:
    """The vedtak's political facts (body, meeting, saksnummer, vote, amendments), or None.

    No query for a decision at another level (the level is stored on the decision).
    """
    if decision is None or decision.level != Level.POLITICAL:
        return None
    return (
        PoliticalResolution.objects.select_related("body", "recommendation__alternative")
        .prefetch_related("amendments")
        .filter(decision=decision)
        .first()
    )


def decision_bodies(municipality, *, active_only: bool = False) -> QuerySet[DecisionBody]:
    bodies = DecisionBody.objects.for_municipality(municipality)
    return bodies.filter(active=True) if active_only else bodies


def reassessments_of(case: Case) -> list[Reassessment]:
    return list(case.reassessments.select_related("started_by").order_by("-started_at", "-id"))


def phase_changes_of(case: Case) -> list[PhaseChange]:
    return list(case.phase_changes.select_related("changed_by").order_by("changed_at", "id"))


def due_for_reassessment(municipality, user, *, today: datetime.date | None = None) -> QuerySet[Case]:
    """Decided cases whose reassessment is due within 30 days (or overdue), soonest first."""
    today = today or timezone.localdate()
    limit = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    return (
        cases_for(municipality, user)
        .filter(archived=False, reassessment_due__isnull=False, reassessment_due__lte=limit)
        .select_related("service_area")
        .order_by("reassessment_due", "id")
    )


@dataclass(frozen=True)
class AreaOverview:
    """One service area's open cases by phase and its decided cases' reassessments (counts only)."""

    area_id: int | None
    area_name: str
    by_phase: dict[str, int]
    reassessment_overdue: int
    reassessment_due_soon: int
    #: Items declared by the apps built on cases (``due_sources``: expected effects) past their date.
    evaluation_overdue: int = 0

    @property
    def cells(self) -> list[tuple[str, int]]:
        """(phase, open cases) in the cycle's order, for the table."""
        return [(phase, self.by_phase[phase]) for phase in Phase.values]


def phase_overview(municipality, user, *, today: datetime.date | None = None) -> list[AreaOverview]:
    """Per service area (and one row for cases without one): counts, no case read, so nothing is logged.

    Open cases are counted by phase; decided cases whose reassessment is overdue, or due within
    :data:`DUE_WITHIN_DAYS`, are counted apart, and so are the overdue items the apps built on cases
    declare (``due_sources``: expected effects not evaluated by their date). Archived cases are left
    out, as on the case list.
    """
    today = today or timezone.localdate()
    cases = cases_for(municipality, user).filter(archived=False)
    soon = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    counts: dict[int | None, dict[str, int]] = {}
    for area_id, phase, n in (
        cases.filter(status=Status.OPEN).values_list("service_area_id", "phase").annotate(n=Count("id")).order_by()
    ):
        counts.setdefault(area_id, {})[phase] = n
    reassessments = {
        area_id: (overdue, due_soon)
        for area_id, overdue, due_soon in cases.filter(status=Status.DECIDED, reassessment_due__isnull=False)
        .values_list("service_area_id")
        .annotate(
            overdue=Count("id", filter=Q(reassessment_due__lt=today)),
            due_soon=Count("id", filter=Q(reassessment_due__gte=today, reassessment_due__lte=soon)),
        )
        .order_by()
    }
    evaluations: dict[int | None, int] = {}
    for item in due_items(cases.select_related(None), today - datetime.timedelta(days=1)):
        evaluations[item.case.service_area_id] = evaluations.get(item.case.service_area_id, 0) + 1
    names = dict(service_areas(municipality).values_list("pk", "name"))
    rows = []
    areas = set(counts) | set(reassessments) | set(evaluations)
    for area_id in sorted(areas, key=lambda pk: (pk is None, names.get(pk, ""))):
        by_phase = {phase: counts.get(area_id, {}).get(phase, 0) for phase in Phase.values}
        overdue, due_soon = reassessments.get(area_id, (0, 0))
        name = names.get(area_id, "") if area_id is not None else ""
        rows.append(AreaOverview(area_id, name, by_phase, overdue, due_soon, evaluations.get(area_id, 0)))
    return rows


def service_areas(municipality) -> QuerySet[ServiceArea]:
    return ServiceArea.objects.filter(municipality=municipality).order_by("name")


def access_log(municipality, *, case=None, user=None, date_from=None, date_to=None) -> QuerySet[CaseAccess]:
    qs = CaseAccess.objects.filter(municipality=municipality)
    if case:
        qs = qs.filter(case=case)
    if user:
        qs = qs.filter(user=user)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs.select_related("case", "user", "grant").order_by("-at", "-id")


# Case teams and emergency access ---------------------------------------------------------------


def team_of(case: Case) -> list[CaseTeamMember]:
    """The responsible caseworker first, then the members in the order they were added."""
    return list(case.team_members.select_related("user", "added_by").order_by("-responsible", "added_at", "id"))


def responsible_of(case: Case):
    """The individual case's responsible caseworker, or None."""
    member = case.team_members.select_related("user").filter(responsible=True).first()
    return member.user if member else None


def area_leaders(case: Case) -> QuerySet:
    """The active leaders of the case's service area: on its team, and its reviewers."""
    if case.service_area_id is None:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(
            municipality_id=case.municipality_id,
            role=Role.LEADER,
            is_active=True,
            service_areas=case.service_area_id,
        )
        .order_by("last_name", "first_name", "username")
    )


def team_candidates(case: Case) -> QuerySet:
    """Who may be added to the team: the municipality's active caseworkers, health personnel and leaders
    not on it already (an API integration's system user is never offered as a person)."""
    qs = get_user_model().objects.filter(
        municipality_id=case.municipality_id, is_active=True, role__in=policy.TEAM_ROLES
    )
    if any(f.name == "integration" for f in get_user_model()._meta.related_objects):
        qs = qs.filter(integration__isnull=True)
    return qs.exclude(case_teams__case=case).order_by("last_name", "first_name", "username")


def _reviewed_by(user) -> Q:
    """The grants ``user`` reviews: on cases of their service areas, or of an area no active leader
    is tied to (and cases without an area), so that every emergency access has a reviewer."""
    covered = ServiceArea.objects.filter(members__role=Role.LEADER, members__is_active=True).values("pk")
    return (
        Q(case__service_area__in=user.service_areas.values("pk"))
        | Q(case__service_area__isnull=True)
        | ~Q(case__service_area__in=covered)
    )


def grants_to_review(municipality, user, *, acknowledged: bool | None = None) -> QuerySet[AccessGrant]:
    """The emergency accesses to individual cases the leader ``user`` reviews, newest first."""
    if not policy.can_review_access(user):
        return AccessGrant.objects.none()
    qs = AccessGrant.objects.for_municipality(municipality).filter(_reviewed_by(user))
    if acknowledged is not None:
        qs = qs.filter(acknowledged_at__isnull=not acknowledged)
    return qs.select_related("case", "case__service_area", "user", "acknowledged_by").order_by("-granted_at", "-id")


def grant_to_review(municipality, user, pk: int) -> AccessGrant | None:
    """One grant from :func:`grants_to_review`, or None (another municipality's, another area's)."""
    return grants_to_review(municipality, user).filter(pk=pk).first()


def innsyn_cases(case: Case) -> list[Case]:
    """The person's cases an innsyn letter covers: this one and the municipality's other individual cases
    with the same pseudonymous reference (a follow-up keeps it), oldest first."""
    if not case.case_reference:
        return [case]
    return list(
        Case.objects.filter(
            municipality_id=case.municipality_id, level=Level.INDIVIDUAL, case_reference__iexact=case.case_reference
        ).order_by("created_at", "id")
    )


def reads_of(cases: list[Case]) -> QuerySet[CaseAccess]:
    """Every logged read of ``cases``, oldest first, with the reader and any emergency access."""
    return CaseAccess.objects.filter(case__in=cases).select_related("case", "user", "grant").order_by("at", "id")


def municipality_users(municipality) -> QuerySet:
    return get_user_model().objects.filter(municipality=municipality).order_by("username")


# History timeline -------------------------------------------------------------------------------


#: Bookkeeping fields left out of the readable timeline.
_HIDDEN = {
    "id",
    "version",
    "created_at",
    "updated_at",
    "created_by",
    "case",
    "municipality",
    "suggestion",
    "decided_at",
    "started_at",
}

#: The assessment fields that hold a 1–5 score, shown with the guideline's scale word («4 – høy»).
_SCORES = {c.value: c for c in CRITERIA}


def is_secret_field(name: str) -> bool:
    """A field holding a link's secret (a consultation's public link token, an invitation's digest, a
    feed address): the history names it by a fingerprint, never in full, whoever reads it."""
    return "token" in name


def fingerprint(secret: str) -> str:
    """A short, stable fingerprint of a secret: enough to tell two versions of it apart in the
    history, and nothing of the secret itself (a hash, not its first characters)."""
    return _("fingerprint %(fingerprint)s") % {"fingerprint": hashlib.sha256(secret.encode()).hexdigest()[:8]}


def _display(model, name: str, value: Any, names: dict[tuple[str, Any], str]) -> str:
    if value is None or value == "":
        return "—"
    if is_secret_field(name):
        return fingerprint(str(value))
    f = model._meta.get_field(name)
    if model is Assessment and name in _SCORES:
        return scale_word(_SCORES[name], int(value))
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if f.is_relation:
        return names.get((f.related_model._meta.label, value), f"#{value}")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def history_entries(records, model, subject_of, names=None) -> list[TimelineEntry]:
    """Readable entries from historical records, diffed against the previous record of the same object.

    ``names`` maps (model label, pk) to a readable name for foreign keys; other apps use this for the
    entries they add to the timeline (their extension's ``history_sources``).
    """
    names = names or {}
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.name not in _HIDDEN and not f.name.startswith("history_") and f.name != "id"
    ]
    previous: dict[int, Any] = {}
    out = []
    for rec in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(rec.id)
        changes = []
        for f in fields:
            new = getattr(rec, f.attname)
            old = getattr(before, f.attname) if before is not None else None
            if before is None and new in (None, "", False):
                continue
            if before is not None and old == new:
                continue
            changes.append(
                FieldChange(
                    label=str(f.verbose_name).capitalize(),
                    old=_display(model, f.name, old, names) if before is not None else "",
                    new=_display(model, f.name, new, names),
                )
            )
        previous[rec.id] = rec
        action = {"+": _("created"), "~": _("changed"), "-": _("deleted")}[rec.history_type]
        if rec.history_type == "~" and not changes:
            continue
        out.append(
            TimelineEntry(
                at=rec.history_date,
                user=rec.history_user,
                subject=subject_of(rec),
                action=action,
                changes=changes,
                note=rec.history_change_reason or "",
            )
        )
    return out


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Every change to the case, its alternatives, assessments, decisions and reassessments, newest first."""
    case_h = list(case.history.select_related("history_user"))
    alt_h = list(Alternative.history.filter(case_id=case.pk).select_related("history_user"))
    alt_ids = {r.id for r in alt_h}
    ass_h = list(Assessment.history.filter(alternative_id__in=alt_ids).select_related("history_user"))
    dec_h = list(Decision.history.filter(case_id=case.pk).select_related("history_user"))
    rea_h = list(Reassessment.history.filter(case_id=case.pk).select_related("history_user"))
    # A political case's innstilling and the vedtak's political facts (none at the other levels).
    rec_h = (
        list(Recommendation.history.filter(case_id=case.pk).select_related("history_user"))
        if case.level == Level.POLITICAL
        else []
    )
    res_h = (
        list(PoliticalResolution.history.filter(decision__case_id=case.pk).select_related("history_user", "body"))
        if case.level == Level.POLITICAL
        else []
    )

    user_ids = {r.assessor_id for r in ass_h} | {r.decided_by_id for r in dec_h} | {r.started_by_id for r in rea_h}
    names: dict[tuple[str, Any], str] = {}
    user_model = get_user_model()
    for u in user_model.objects.filter(pk__in=user_ids):
        names[(user_model._meta.label, u.pk)] = u.get_full_name() or u.get_username()
    alt_titles: dict[int, str] = {}
    for r in sorted(alt_h, key=lambda r: (r.history_date, r.history_id)):
        alt_titles[r.id] = r.title
    for pk, title in alt_titles.items():
        names[(Alternative._meta.label, pk)] = title
    for area in ServiceArea.objects.filter(pk__in={r.service_area_id for r in case_h if r.service_area_id}):
        names[(ServiceArea._meta.label, area.pk)] = area.name
    from prioritet.weighting.models import WeightVersion

    for wv in WeightVersion.objects.filter(pk__in={r.weight_version_id for r in dec_h}):
        names[(WeightVersion._meta.label, wv.pk)] = _("version %(number)s") % {"number": wv.number}

    for d in dec_h:
        names[(Decision._meta.label, d.id)] = alt_titles.get(d.alternative_id, "?")

    entries = history_entries(case_h, Case, lambda r: _("Case"), names)
    entries += history_entries(alt_h, Alternative, lambda r: _("Alternative «%(title)s»") % {"title": r.title}, names)

    def assessment_subject(r) -> str:
        return _("Assessment of «%(alternative)s» by %(assessor)s") % {
            "alternative": alt_titles.get(r.alternative_id, "?"),
            "assessor": names.get((user_model._meta.label, r.assessor_id), "?"),
        }

    entries += history_entries(ass_h, Assessment, assessment_subject, names)
    entries += history_entries(dec_h, Decision, lambda r: _("Decision"), names)
    entries += history_entries(rea_h, Reassessment, lambda r: _("Reassessment"), names)
    for r in rec_h:
        names[(Recommendation._meta.label, r.id)] = alt_titles.get(r.alternative_id, "?")
    for r in res_h:
        names[(DecisionBody._meta.label, r.body_id)] = r.body.name
    entries += history_entries(rec_h, Recommendation, lambda r: _("The municipal director's innstilling"), names)
    entries += history_entries(res_h, PoliticalResolution, lambda r: _("Vedtak"), names)
    entries += [
        TimelineEntry(
            at=c.at,
            user=c.corrected_by,
            subject=_("Case"),
            action=_("corrected (personal detail removed)"),
            note=c.reason,
        )
        for c in Correction.objects.filter(case_id=case.pk).select_related("corrected_by")
    ]
    if case.level == Level.INDIVIDUAL:
        voice_h = list(PersonVoice.history.filter(case_id=case.pk).select_related("history_user"))
        entries += history_entries(voice_h, PersonVoice, lambda r: _("The person's voice"), names)
        entries += _complaint_entries(case)
    entries += extra_entries(case)
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


def _complaint_entries(case: Case) -> list[TimelineEntry]:
    """A complaint's way on the timeline: registered (late or not), the unit's outcome, Statsforvalteren's."""
    entries = []
    for c in Complaint.objects.filter(case_id=case.pk).select_related(
        "registered_by", "unit_recorded_by", "appeal_recorded_by"
    ):
        received = {
            "received": date_format(c.received_on, "SHORT_DATE_FORMAT"),
            "deadline": date_format(c.deadline, "SHORT_DATE_FORMAT"),
        }
        action = (
            _("registered: received %(received)s, after the deadline %(deadline)s (late)")
            if c.is_late
            else _("registered: received %(received)s, within the deadline %(deadline)s")
        ) % received
        entries.append(TimelineEntry(c.registered_at, c.registered_by, _("Complaint"), action, note=c.grounds))
        if c.unit_outcome and c.unit_recorded_at:
            entries.append(
                TimelineEntry(
                    c.unit_recorded_at,
                    c.unit_recorded_by,
                    _("Complaint"),
                    _("the unit's outcome: %(outcome)s") % {"outcome": c.get_unit_outcome_display()},
                    note=c.unit_note,
                )
            )
        if c.appeal_result and c.appeal_recorded_at and c.appeal_decided_on:
            entries.append(
                TimelineEntry(
                    c.appeal_recorded_at,
                    c.appeal_recorded_by,
                    _("Complaint"),
                    _("Statsforvalteren's result (%(date)s): %(result)s")
                    % {
                        "date": date_format(c.appeal_decided_on, "SHORT_DATE_FORMAT"),
                        "result": c.get_appeal_result_display(),
                    },
                    note=c.appeal_note,
                )
            )
    return entries


def corrections(municipality) -> QuerySet[Correction]:
    """The municipality's recorded corrections, newest first."""
    return Correction.objects.filter(municipality=municipality).select_related("corrected_by").order_by("-at", "-id")


def follow_up_of(case: Case) -> FollowUp | None:
    """The case's follow-up (følge opp), if chosen."""
    return case.follow_ups.select_related("decided_by", "follow_up_case").order_by("-decided_at", "-id").first()


def follow_up_cases(case: Case) -> QuerySet[Case]:
    """The follow-up cases opened from this one (each a new cycle)."""
    return Case.objects.filter(follows=case, municipality_id=case.municipality_id).order_by("created_at", "id")
