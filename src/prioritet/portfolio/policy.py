"""Who may read and who may change a portfolio. One place for every role rule of the app.

A portfolio belongs to a service-level or political-level case, so the case's rules apply: leaders
work on service cases, the municipal director on political ones (:mod:`prioritet.cases.policy`).
Everyone else in the municipality with a working role reads, politicians included. The municipal administrator manages
users, not priorities, and reads no portfolio; the national administrator has no municipality.
"""

from __future__ import annotations

from prioritet.accounts.models import Role
from prioritet.cases import policy as case_policy
from prioritet.cases.models import Level

#: The roles that read portfolios (every municipal role except the administrator).
READ_ROLES = frozenset({Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.LEADER, Role.DIRECTOR, Role.POLITICIAN})

#: The roles that may edit some portfolio, and define the municipality's resource columns.
EDIT_ROLES = frozenset({Role.LEADER, Role.DIRECTOR})

#: Case levels that can have a portfolio: the question "which set of measures within this budget"
#: belongs to services and to the political level, not to one person's application.
PORTFOLIO_LEVELS = (Level.SERVICE, Level.POLITICAL)


def _member(user, municipality_id: int | None) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.municipality_id is not None
        and user.municipality_id == municipality_id
        and user.role in READ_ROLES
    )


def can_read_case(user, case) -> bool:
    return _member(user, case.municipality_id) and case.level in PORTFOLIO_LEVELS


def can_read(user, portfolio) -> bool:
    return _member(user, portfolio.municipality_id)


def can_work_case(user, case) -> bool:
    """Create or change the portfolio of ``case`` (the case's own work rule, decided or not)."""
    return can_read_case(user, case) and case_policy.can_work(user, case)


def can_edit(user, portfolio) -> bool:
    """Change measures, budget and scenarios: the case's workers, while the case is not decided."""
    return can_read(user, portfolio) and can_work_case(user, portfolio.case) and not portfolio.case.is_decided


def can_manage_columns(user, municipality) -> bool:
    """Define the municipality's resource columns (NOK, FTEs, …)."""
    return _member(user, getattr(municipality, "pk", None)) and user.role in EDIT_ROLES
