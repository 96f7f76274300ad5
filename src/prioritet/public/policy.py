"""Who may publish which prioritisations. One place for the rule.

Only service-level and political cases are ever published; individual cases hold sensitive health
data and never leave the municipality. Leaders publish service-level cases, the municipal director
political ones: the roles that prepare them (politicians read what is published);
``cases.policy.PUBLISHERS`` holds the rule, shared with the consultation rounds.
"""

from __future__ import annotations

from prioritet.cases.policy import PUBLISHERS

#: The levels that can be published at all.
PUBLIC_LEVELS: tuple[str, ...] = tuple(PUBLISHERS)


def publishable_levels(user) -> list[str]:
    if not (getattr(user, "is_authenticated", False) and user.municipality_id):
        return []
    return [level for level, roles in PUBLISHERS.items() if user.role in roles]


def can_publish(user, case) -> bool:
    """Whether ``user`` may publish or withdraw ``case`` (its municipality, a public level, their role)."""
    return user.municipality_id == case.municipality_id and case.level in publishable_levels(user)
