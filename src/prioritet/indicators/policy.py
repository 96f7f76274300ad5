"""Who reads the indicators, who uploads figures, and who cites them in a case.

Leaders, the municipal director's staff, politicians and the municipal administrator read them
(management information), need projections included; leaders and the municipal administrator upload
files of figures and make and edit need projections and their scenarios. A case cites figures by
those who work on it (:func:`prioritet.cases.policy.can_work`), while it is open: what a decision
rested on is not changed after it.
"""

from __future__ import annotations

from typing import Any

from prioritet.accounts.models import Role
from prioritet.cases import policy as case_policy

VIEW_ROLES = frozenset({Role.LEADER, Role.DIRECTOR, Role.POLITICIAN, Role.MUNICIPAL_ADMIN})
UPLOAD_ROLES = frozenset({Role.LEADER, Role.MUNICIPAL_ADMIN})
#: Targets are management's: leaders, the municipal director's staff and the administrator set them.
TARGET_ROLES = frozenset({Role.LEADER, Role.DIRECTOR, Role.MUNICIPAL_ADMIN})
#: Need projections are worked out by the service's leaders and the administrator who keeps the figures.
PROJECTION_ROLES = frozenset({Role.LEADER, Role.MUNICIPAL_ADMIN})


def _in_municipality(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "municipality_id", None) is not None)


def can_view(user: Any) -> bool:
    return _in_municipality(user) and user.role in VIEW_ROLES


def can_upload(user: Any) -> bool:
    return _in_municipality(user) and user.role in UPLOAD_ROLES and not getattr(user, "scope_read_only", False)


def can_set_targets(user: Any) -> bool:
    return _in_municipality(user) and user.role in TARGET_ROLES and not getattr(user, "scope_read_only", False)


def can_configure(user: Any) -> bool:
    """Choose the KOSTRA group, the peers and the SSB tables fetched: the municipal administrator."""
    return _in_municipality(user) and user.role == Role.MUNICIPAL_ADMIN and not getattr(user, "scope_read_only", False)


def can_edit_projections(user: Any) -> bool:
    """Make and edit need projections, their population and scenarios."""
    return _in_municipality(user) and user.role in PROJECTION_ROLES and not getattr(user, "scope_read_only", False)


def can_cite(user: Any, case: Any) -> bool:
    """Cite figures in the case, or remove a citation: who works on the case, until it is decided."""
    return case_policy.can_work(user, case) and not case.is_decided


def can_cite_projection(user: Any, case: Any) -> bool:
    """Cite a need projection in the case: who works on it while it is open, if their role reads the
    projections (a caseworker, who does not, is not shown them through a case either)."""
    return can_cite(user, case) and can_view(user)
