"""Who may read, share, withdraw and reuse examples of the national example bank. One place for the rule.

The bank is national: every signed-in user of every municipality reads it, and so does the national
administrator. A case is shared by the role that prepares its level: leaders share service cases and
(de-identified) individual cases, the municipal director shares political ones. The
same roles of the publishing municipality withdraw its examples; the national administrator withdraws
any.
"""

from __future__ import annotations

from prioritet.accounts.models import Role
from prioritet.cases import policy as case_policy
from prioritet.cases.models import Level

PUBLISHERS: dict[str, frozenset[str]] = {
    Level.INDIVIDUAL: frozenset({Role.LEADER}),
    Level.SERVICE: frozenset({Role.LEADER}),
    Level.POLITICAL: frozenset({Role.DIRECTOR}),
}


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def can_read_bank(user) -> bool:
    if not _signed_in(user):
        return False
    return bool(user.municipality_id and user.role) or user.role == Role.NATIONAL_ADMIN


def can_publish(user, case) -> bool:
    """Share ``case`` (of the user's municipality, readable by the user) in the bank."""
    return (
        case_policy.can_read(user, case)
        and user.municipality_id == case.municipality_id
        and user.role in PUBLISHERS.get(case.level, ())
    )


def can_withdraw(user, example) -> bool:
    if not _signed_in(user):
        return False
    if user.role == Role.NATIONAL_ADMIN:
        return True
    return bool(
        example.municipality_id
        and user.municipality_id == example.municipality_id
        and user.role in PUBLISHERS.get(example.level, ())
    )


def can_use_as_template(user) -> bool:
    """Start a new case from an example: anyone who may create cases at some level."""
    return bool(case_policy.workable_levels(user))
