"""Who reads and who keeps the measures catalogue: the municipal administrator keeps it; the roles that
prepare cases read it and take entries into the cases they work on."""

from __future__ import annotations

from prioritet.accounts.models import Role
from prioritet.cases import policy as case_policy
from prioritet.cases.models import Level

#: Roles that read the catalogue.
READ_ROLES = frozenset({Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.LEADER, Role.DIRECTOR, Role.MUNICIPAL_ADMIN})
#: The case levels an entry can be taken into (an individual case's alternatives are the person's own).
PICK_LEVELS = frozenset({Level.SERVICE, Level.POLITICAL})


def can_read(user) -> bool:
    return bool(getattr(user, "municipality_id", None)) and user.role in READ_ROLES


def can_edit(user) -> bool:
    return bool(getattr(user, "municipality_id", None)) and user.role == Role.MUNICIPAL_ADMIN


def can_pick_for(case, user) -> bool:
    """May ``user`` take a catalogue entry into ``case`` (an open service or political case they work on)?"""
    return can_read(user) and case.level in PICK_LEVELS and not case.is_decided and case_policy.can_work(user, case)
