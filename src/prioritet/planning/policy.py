"""Who sees the annual wheel and who keeps it.

The plan processes are the municipality's management: leaders, the municipal director's staff,
politicians and the municipal administrator see the calendar; the municipal director's staff and
the municipal administrator keep its plan periods and milestones. A case is tied to a plan by
whoever may work on the case. Individual cases feed no plan (their reassessments are reminded).
"""

from __future__ import annotations

from typing import Any

from prioritet.accounts.models import Role
from prioritet.cases import policy as case_policy
from prioritet.cases.models import Level

VIEW_ROLES = frozenset({Role.LEADER, Role.DIRECTOR, Role.POLITICIAN, Role.MUNICIPAL_ADMIN})
EDIT_ROLES = frozenset({Role.DIRECTOR, Role.MUNICIPAL_ADMIN})
#: The levels whose cases feed a plan process.
PLAN_LEVELS = frozenset({Level.SERVICE, Level.POLITICAL})


def _in_municipality(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "municipality_id", None) is not None)


def can_view(user: Any) -> bool:
    return _in_municipality(user) and user.role in VIEW_ROLES


def can_edit(user: Any) -> bool:
    return _in_municipality(user) and user.role in EDIT_ROLES and not getattr(user, "scope_read_only", False)


def can_renew_feed(user: Any) -> bool:
    return _in_municipality(user) and user.role == Role.MUNICIPAL_ADMIN


def feeds_plan(case: Any) -> bool:
    return case.level in PLAN_LEVELS


def can_link(user: Any, case: Any) -> bool:
    """Tie the case to a plan period and milestone."""
    return feeds_plan(case) and case_policy.can_work(user, case)
