"""Who reads and who changes an økonomiplan: the portfolio's rules, since the plan is a case's
set of measures over several years (leaders on service cases, the municipal director on political
ones; every working role of the municipality reads, politicians included)."""

from __future__ import annotations

from typing import Any

from prioritet.accounts.models import Role
from prioritet.cases import policy as case_policy
from prioritet.cases.models import Level

READ_ROLES = frozenset({Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.LEADER, Role.DIRECTOR, Role.POLITICIAN})
#: A plan over several years belongs to the political level and to service areas, not to a person.
PLAN_LEVELS = (Level.SERVICE, Level.POLITICAL)


def can_read_case(user: Any, case: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.municipality_id is not None
        and user.municipality_id == case.municipality_id
        and user.role in READ_ROLES
        and case.level in PLAN_LEVELS
    )


def can_edit_case(user: Any, case: Any) -> bool:
    """Make or change the plan (measures, frames, the proposal): the case's workers, until it is decided."""
    return can_read_case(user, case) and case_policy.can_work(user, case) and not case.is_decided


def can_manage_party_groups(user: Any) -> bool:
    """The municipal administrator keeps the list of party groups."""
    return bool(getattr(user, "is_authenticated", False) and user.municipality_id and user.role == Role.MUNICIPAL_ADMIN)


def groups_of(user: Any, case: Any) -> list[Any]:
    """The party groups ``user`` builds alternatives for in ``case``'s municipality."""
    from .models import PartyGroup

    if not can_read_case(user, case) or user.role != Role.POLITICIAN:
        return []
    return list(PartyGroup.objects.filter(municipality_id=case.municipality_id, members=user))


def can_edit_alternative(user: Any, alternative: Any) -> bool:
    """A politician of the alternative's group, until it is submitted or the case is decided."""
    case = alternative.plan.case
    return (
        not alternative.submitted
        and not case.is_decided
        and can_read_case(user, case)
        and user.role == Role.POLITICIAN
        and alternative.party_group.members.filter(pk=user.pk).exists()
    )


def can_read_alternative(user: Any, alternative: Any) -> bool:
    """A submitted alternative is read by everyone who reads the plan; a draft by its group alone."""
    case = alternative.plan.case
    if not can_read_case(user, case):
        return False
    return alternative.submitted or alternative.party_group.members.filter(pk=user.pk).exists()


# Budget questions ---------------------------------------------------------------------------------

#: The administration: it assigns the politicians' budget questions, approves and publishes the answers.
ADMINISTRATION_ROLES = frozenset({Role.DIRECTOR, Role.LEADER})
#: Who may be given a question to answer: the municipality's staff (never a politician).
ANSWER_ROLES = frozenset({Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.LEADER, Role.DIRECTOR})


def can_ask(user: Any, case: Any) -> bool:
    """A politician asks budget questions on the plan until the case is decided."""
    return can_read_case(user, case) and user.role == Role.POLITICIAN and not case.is_decided


def is_administration(user: Any, case: Any) -> bool:
    """A leader or the municipal director of the plan's municipality: assigns, approves, publishes."""
    return can_read_case(user, case) and user.role in ADMINISTRATION_ROLES


def can_assign(user: Any, question: Any) -> bool:
    """The administration assigns (or reassigns) a question until it is answered."""
    from .models import QuestionStatus

    return is_administration(user, question.plan.case) and question.status in (
        QuestionStatus.ASKED,
        QuestionStatus.ASSIGNED,
    )


def can_answer(user: Any, question: Any) -> bool:
    """The person the question is assigned to writes the answer, and may revise it until it is approved."""
    from .models import QuestionStatus

    return (
        can_read_case(user, question.plan.case)
        and question.assignee_id == user.pk
        and question.status in (QuestionStatus.ASSIGNED, QuestionStatus.ANSWERED)
    )


def can_approve(user: Any, question: Any) -> bool:
    """A leader or the municipal director approves an answer someone else wrote (four eyes)."""
    from .models import QuestionStatus

    return (
        is_administration(user, question.plan.case)
        and question.status == QuestionStatus.ANSWERED
        and question.answered_by_id != user.pk
    )


def can_publish(user: Any, question: Any) -> bool:
    """The administration publishes an approved answer on the municipality's public pages, once."""
    from .models import QuestionStatus

    return (
        is_administration(user, question.plan.case)
        and question.status == QuestionStatus.APPROVED
        and not question.published
    )
