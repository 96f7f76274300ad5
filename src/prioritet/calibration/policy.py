"""Who may run a calibration exercise, who may take part, and what each of them sees when.

Leaders (and the municipal director) create and manage exercises in their municipality; while an
exercise is open they see who has submitted, never what. Caseworkers, health personnel and leaders
take part. A participant sees the example texts only, never the example's own scores or anyone
else's, until the exercise is closed. Results are for the municipality's managers (every person's
distance by name) and for its participants (their own distance only).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from prioritet.accounts.models import Role, User

if TYPE_CHECKING:
    from .models import Exercise, Participant

#: Create exercises, see progress while open and every participant's distance by name when closed.
MANAGER_ROLES = frozenset({Role.LEADER, Role.DIRECTOR})

#: May be asked to take part.
PARTICIPANT_ROLES = frozenset({Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.LEADER})

#: Everyone who may open the calibration pages.
USER_ROLES = MANAGER_ROLES | PARTICIPANT_ROLES


def _in(user, municipality_id: int | None) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.municipality_id is not None
        and user.municipality_id == municipality_id
    )


def can_create(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.municipality_id is not None and user.role in MANAGER_ROLES


def can_manage(user, exercise) -> bool:
    return _in(user, exercise.municipality_id) and user.role in MANAGER_ROLES


def participant_of(user: User, exercise: Exercise) -> Participant | None:
    """The user's participation in the exercise, or ``None``."""
    if not _in(user, exercise.municipality_id):
        return None
    return next((p for p in exercise.participants.all() if p.user_id == user.pk), None)


def can_rate(participant) -> bool:
    """Save or submit ratings: the exercise is open and the participant has not submitted yet."""
    return participant is not None and participant.exercise.is_open and not participant.submitted


def can_see_results(user, exercise) -> bool:
    """After closing: the managers, and the participants (their own distance only)."""
    if not exercise.is_closed:
        return False
    return can_manage(user, exercise) or participant_of(user, exercise) is not None
