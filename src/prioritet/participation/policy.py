"""Who may open and read consultation rounds. One place for the rule.

Rounds belong to service and political cases only: an individual case holds one person's health
data and is never put out for consultation. The roles that publish a level (leaders for service
cases, the municipal director for political ones) open and close its rounds;
everyone who can read the case sees its rounds and their summaries.
"""

from __future__ import annotations

from prioritet.cases import policy as case_policy

#: The levels that can be put out for consultation, and the roles that open rounds on them: those
#: that publish the level's cases.
MANAGERS = case_policy.PUBLISHERS
ROUND_LEVELS: tuple[str, ...] = tuple(MANAGERS)


def can_view(user, case) -> bool:
    """See the case's rounds and their summaries."""
    return case.level in ROUND_LEVELS and case_policy.can_read(user, case)


def can_manage(user, case) -> bool:
    """Open and close rounds, and make new invitation links."""
    return can_view(user, case) and user.role in MANAGERS[case.level]
