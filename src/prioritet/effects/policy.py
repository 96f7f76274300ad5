"""Who records implementation and effects: the case's own rules.

Service and political decisions are carried out and evaluated here; an individual vedtak is looked
at again through its reassessment (revurdering) instead. Expected effects may be set out while the
case is prepared and after it is decided (they are part of carrying it out); realised values are
recorded once the case is decided.
"""

from __future__ import annotations

from typing import Any

from prioritet.cases import policy as case_policy
from prioritet.cases.models import Level

LEVELS = frozenset({Level.SERVICE, Level.POLITICAL})


def applies(case: Any) -> bool:
    return case.level in LEVELS


def can_read(user: Any, case: Any) -> bool:
    return applies(case) and case_policy.can_read(user, case)


def can_write(user: Any, case: Any) -> bool:
    return applies(case) and case_policy.can_work(user, case)


def can_evaluate(user: Any, case: Any) -> bool:
    return can_write(user, case) and case.is_decided
