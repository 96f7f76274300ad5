"""Who may read and who may work on a case, by role and level. One place for every role rule."""

from __future__ import annotations

from prioritet.accounts.models import Role

from .models import Level

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


def can_read(user, case) -> bool:
    return (
        _in_municipality(user) and user.municipality_id == case.municipality_id and case.level in readable_levels(user)
    )


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
