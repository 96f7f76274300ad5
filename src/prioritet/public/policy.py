"""Who may publish which prioritisations. One place for the rule.

Only service-level and political cases are ever published; individual cases hold sensitive health
data and never leave the municipality. Leaders publish service-level cases, the municipal director
political ones: the roles that prepare them (politicians read what is published);
``cases.policy.PUBLISHERS`` holds the rule, shared with the consultation rounds.

The key figures on the public page are chosen by those who configure the indicators (the municipal
administrator) and by those who publish prioritisations: the figures justify what they publish.
"""

from __future__ import annotations

from typing import Any

from prioritet.accounts.models import Role
from prioritet.cases.policy import PUBLISHERS
from prioritet.indicators import policy as indicators_policy

#: The levels that can be published at all.
PUBLIC_LEVELS: tuple[str, ...] = tuple(PUBLISHERS)


def publishable_levels(user) -> list[str]:
    if not (getattr(user, "is_authenticated", False) and user.municipality_id):
        return []
    return [level for level, roles in PUBLISHERS.items() if user.role in roles]


def can_publish(user, case) -> bool:
    """Whether ``user`` may publish or withdraw ``case`` (its municipality, a public level, their role)."""
    return user.municipality_id == case.municipality_id and case.level in publishable_levels(user)


#: Who chooses the indicators on the public key-figures page: the municipal administrator, who
#: configures the indicators, and the roles that publish prioritisations.
KEY_FIGURE_ROLES: frozenset[str] = frozenset({Role.MUNICIPAL_ADMIN}).union(*PUBLISHERS.values())


def can_publish_indicators(user: Any) -> bool:
    """Whether ``user`` may choose which of their municipality's indicators the public page shows."""
    return (
        indicators_policy.can_view(user)
        and user.role in KEY_FIGURE_ROLES
        and not getattr(user, "scope_read_only", False)
    )
