"""Who reads and who works the waiting lists. The individual cases on a list follow the cases app's rules.

The lists hold individual cases, so only the roles that read individual cases see them
(:data:`prioritet.cases.policy.INDIVIDUAL_READERS`); which *case* a user may open is asked of
:func:`prioritet.cases.policy.can_read` for each row — a row of a case the user may not open shows its
place, scores, urgency and waiting time, never its reference. The allocation office allocates
(caseworkers and leaders); a leader answers for the capacity and keeps the list of services.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from prioritet.accounts.models import Role
from prioritet.cases import policy as case_policy
from prioritet.cases.models import Case, Level

READ_ROLES = case_policy.INDIVIDUAL_READERS
#: Why a role that does not read individual cases is refused (the pages and the API).
NOT_A_READER = _("Waiting lists hold individual cases: your role does not read them.")
ALLOCATE_ROLES = frozenset({Role.CASEWORKER, Role.LEADER})
CAPACITY_ROLES = frozenset({Role.LEADER})


def _member(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.municipality_id and user.role)


def can_view(user: Any) -> bool:
    return _member(user) and user.role in READ_ROLES and Level.INDIVIDUAL in case_policy.readable_levels(user)


def can_allocate(user: Any) -> bool:
    return can_view(user) and user.role in ALLOCATE_ROLES and not getattr(user, "scope_read_only", False)


def can_manage(user: Any) -> bool:
    """Keep the services and their capacity."""
    return can_view(user) and user.role in CAPACITY_ROLES and not getattr(user, "scope_read_only", False)


def can_open_case(user: Any, case: Case) -> bool:
    """Whether a row shows the case (its reference and a link): the cases app decides."""
    return case_policy.can_read(user, case)


def can_put_on_list(user: Any, case: Case) -> bool:
    """Put a decided individual case on a waiting list: whoever works on the case."""
    return case.level == Level.INDIVIDUAL and case_policy.can_work(user, case)
