"""Who may read and who may work on a case, by role and level. One place for every role rule.

Individual cases hold health data and are opened by service need only (tjenstlig behov, Normen): by
their **case team** — the responsible caseworker, the members added to the team and the leaders of
the case's service area — or, outside the team, by a caseworker, health worker or leader under a
time-limited **emergency access** («break the glass», :class:`~prioritet.cases.models.AccessGrant`)
that the case's leaders review. Service and political cases are read by role, as before.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from prioritet.accounts.models import Role

from .models import AccessBasis, AccessGrant, CaseTeamMember, Level

#: The roles that create, prepare and assess cases at each level. The municipal director prepares
#: political cases and recommends; politicians do not edit cases or their assessments.
WORK_ROLES: dict[str, frozenset[str]] = {
    Level.INDIVIDUAL: frozenset({Role.CASEWORKER, Role.HEALTH_PERSONNEL}),
    Level.SERVICE: frozenset({Role.LEADER}),
    Level.POLITICAL: frozenset({Role.DIRECTOR}),
}

#: The roles that record the decision at each level: a political case's vedtak is the political
#: body's, recorded by a politician, never by the director who prepared it.
DECIDE_ROLES: dict[str, frozenset[str]] = {
    Level.INDIVIDUAL: frozenset({Role.CASEWORKER, Role.HEALTH_PERSONNEL}),
    Level.SERVICE: frozenset({Role.LEADER}),
    Level.POLITICAL: frozenset({Role.POLITICIAN}),
}

#: The roles that answer for a service or political prioritisation outside the municipality's case
#: work: they publish it on the public page and put it out for consultation (leaders service cases,
#: the municipal director political ones). Individual cases are never published or consulted on.
PUBLISHERS: dict[str, frozenset[str]] = {
    Level.SERVICE: frozenset({Role.LEADER}),
    Level.POLITICAL: frozenset({Role.DIRECTOR}),
}

#: Individual cases hold sensitive health data: only those who work with them and leaders read them.
INDIVIDUAL_READERS = frozenset({Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.LEADER})

#: Roles that may review the access log of individual cases.
ACCESS_LOG_READERS = frozenset({Role.LEADER})

#: Roles that may be put on an individual case's team (and, outside it, break the glass): those whose
#: work could need the case. The responsible caseworker is one of :data:`RESPONSIBLE_ROLES`.
TEAM_ROLES = INDIVIDUAL_READERS
RESPONSIBLE_ROLES = frozenset({Role.CASEWORKER, Role.HEALTH_PERSONNEL})

#: Roles that review the emergency accesses to the individual cases of their service areas.
ACCESS_REVIEWERS = frozenset({Role.LEADER})


def _in_municipality(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.municipality_id and user.role)


def _in_scope(user, levels: list[str]) -> list[str]:
    """Narrow ``levels`` to an API integration's scope.

    The API's authentication sets ``scope_levels`` on an integration's system user for the request;
    people have no such attribute and keep everything their role allows.
    """
    scope = getattr(user, "scope_levels", None)
    return levels if scope is None else [level for level in levels if level in scope]


def readable_levels(user) -> list[str]:
    if not _in_municipality(user):
        return []
    levels = [Level.SERVICE.value, Level.POLITICAL.value]
    if user.role in INDIVIDUAL_READERS:
        levels.insert(0, Level.INDIVIDUAL.value)
    return _in_scope(user, levels)


def workable_levels(user) -> list[str]:
    """The levels the user works at; none for a read-only API integration (``scope_read_only``)."""
    if not _in_municipality(user) or getattr(user, "scope_read_only", False):
        return []
    return _in_scope(user, [level for level, roles in WORK_ROLES.items() if user.role in roles])


def _may_read_level(user, case) -> bool:
    return (
        _in_municipality(user) and user.municipality_id == case.municipality_id and case.level in readable_levels(user)
    )


def team_basis(user, case) -> str:
    """Why ``user`` is on the team of individual ``case``: an :class:`AccessBasis` value, or ``""``.

    The responsible caseworker and the members by their row; a leader through the service areas the
    municipal administrator tied them to (``User.service_areas``).
    """
    responsible = (
        CaseTeamMember.objects.filter(case_id=case.pk, user_id=user.pk).values_list("responsible", flat=True).first()
    )
    if responsible is not None:
        return str(AccessBasis.RESPONSIBLE if responsible else AccessBasis.MEMBER)
    if (
        user.role == Role.LEADER
        and case.service_area_id is not None
        and user.service_areas.filter(pk=case.service_area_id).exists()
    ):
        return str(AccessBasis.AREA_LEADER)
    return ""


def active_grant(user, case) -> AccessGrant | None:
    """The user's emergency access to ``case`` that has not yet expired, if any."""
    return (
        AccessGrant.objects.filter(case_id=case.pk, user_id=user.pk, expires_at__gt=timezone.now())
        .order_by("-expires_at", "-id")
        .first()
    )


def access_basis(user, case) -> str:
    """Why ``user`` may open ``case`` now, for the access log: the team basis, else an emergency access."""
    if not case.is_individual or not _may_read_level(user, case):
        return ""
    basis = team_basis(user, case)
    if not basis and user.role in TEAM_ROLES and active_grant(user, case) is not None:
        basis = AccessBasis.EMERGENCY
    return basis


def can_read(user, case) -> bool:
    """Open the case: by level and role; an individual case only on its team or under an emergency access."""
    if not _may_read_level(user, case):
        return False
    return not case.is_individual or bool(access_basis(user, case))


def on_team(user, case) -> bool:
    """On the individual case's team (not only under an emergency access)."""
    return case.is_individual and _may_read_level(user, case) and bool(team_basis(user, case))


def can_break_glass(user, case) -> bool:
    """Outside the team, a role whose work could need the case may ask for an emergency access."""
    return (
        case.is_individual
        and _may_read_level(user, case)
        and user.role in TEAM_ROLES
        and not getattr(user, "scope_levels", None)  # an API integration never breaks the glass
        and not can_read(user, case)
    )


def can_manage_team(user, case) -> bool:
    """Add and remove team members and hand the responsibility over: the responsible caseworker or a
    leader on the team."""
    if not on_team(user, case) or getattr(user, "scope_levels", None) is not None:
        return False
    basis = team_basis(user, case)
    return basis == AccessBasis.RESPONSIBLE or user.role == Role.LEADER


def can_join_team(user, case) -> bool:
    """Whether ``user`` may be put on the team of ``case`` (same municipality, a team role, active)."""
    return bool(user.is_active and user.municipality_id == case.municipality_id and user.role in TEAM_ROLES)


def can_be_responsible(user, case) -> bool:
    return can_join_team(user, case) and user.role in RESPONSIBLE_ROLES


def can_request_innsyn(user, case) -> bool:
    """Produce the innsyn letter (who read the case, when and why): a caseworker or health worker on the
    team, never under an emergency access alone."""
    return on_team(user, case) and user.role in RESPONSIBLE_ROLES


def can_review_access(user) -> bool:
    """See and acknowledge the emergency accesses to the individual cases of one's service areas."""
    return _in_municipality(user) and user.role in ACCESS_REVIEWERS


def team_filter(user) -> Q:
    """A filter on cases: the levels ``user`` reads, individual cases only where they are on the team.

    Lists, searches, the home page's and the dashboard's panels, the due list and the API's list read
    through it, so an individual case is listed only to its team (an emergency access opens one case,
    it does not list it).
    """
    levels = readable_levels(user)
    shown = Q(level__in=[level for level in levels if level != Level.INDIVIDUAL])
    if Level.INDIVIDUAL in levels:
        member = CaseTeamMember.objects.filter(case=OuterRef("pk"), user_id=user.pk)
        team = Q(Exists(member))
        if user.role == Role.LEADER:
            team |= Q(service_area__in=user.service_areas.values("pk"))
        shown |= Q(level=Level.INDIVIDUAL) & team
    return shown


def can_create(user, case) -> bool:
    """Create ``case`` (not saved yet): the user works at its level; its creator becomes the individual
    case's responsible caseworker."""
    return _may_read_level(user, case) and case.level in workable_levels(user)


def can_work(user, case) -> bool:
    """Edit the case, move its phase, add alternatives, assess and start a reassessment."""
    return can_read(user, case) and case.level in workable_levels(user)


def can_decide(user, case) -> bool:
    """Record the case's decision (vedtak)."""
    return can_read(user, case) and user.role in DECIDE_ROLES.get(case.level, ())


def can_correct(user, case) -> bool:
    """Record a correction of a wrongly entered personal detail (in the case and its history).

    The municipal administrator corrects without reading the case: the page shows none of its texts.
    """
    return _in_municipality(user) and user.role == Role.MUNICIPAL_ADMIN and user.municipality_id == case.municipality_id


def can_view_corrections(user) -> bool:
    return _in_municipality(user) and user.role == Role.MUNICIPAL_ADMIN


def can_view_access_log(user) -> bool:
    return _in_municipality(user) and user.role in ACCESS_LOG_READERS
