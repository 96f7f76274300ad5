"""Who may read and write evidence: the case's rules; EtD panels only for service and political cases."""

from __future__ import annotations

from prioritet.cases import policy as case_policy
from prioritet.cases.models import Level

#: GRADE EtD panels weigh a measure for a population: decisions on services and plans, not on a person.
ETD_LEVELS = frozenset({Level.SERVICE, Level.POLITICAL})


def can_read(user, case) -> bool:
    return case_policy.can_read(user, case)


def can_write(user, case) -> bool:
    """The case's workers, while the case is open: a decided case's basis is frozen until reassessed."""
    return case_policy.can_work(user, case) and not case.is_decided


def etd_applies(case) -> bool:
    return case.level in ETD_LEVELS
