"""Who may read and write ethical reflections: the case's own rules, nothing new."""

from __future__ import annotations

from prioritet.cases import policy as case_policy


def can_read(user, case) -> bool:
    return case_policy.can_read(user, case)


def can_write(user, case) -> bool:
    """The case's workers, while the case is open: a decided case's basis is frozen until reassessed."""
    return case_policy.can_work(user, case) and not case.is_decided
