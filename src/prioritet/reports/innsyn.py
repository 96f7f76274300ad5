"""The innsyn letter: who read a person's individual case, when and why (pasientjournalloven § 18,
pasient- og brukerrettighetsloven § 5-1).

A caseworker on the case team produces it for the person, as a PDF letter in Norwegian (bokmål, or
nynorsk when that is the page's language). It covers the case and the municipality's other individual
cases with the same pseudonymous reference (a follow-up case keeps it), and lists every logged read:
the time, the reader and their role, the page, and the basis — the reader's place on the case team, or
the emergency access they gave a reason for (the reason and their own words). Producing the letter is
itself a read of each case it covers, logged after the letter is made, so the next letter shows it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from prioritet.cases import selectors as case_selectors
from prioritet.cases.access_pages import page_label
from prioritet.cases.models import AccessBasis, Case, CaseAccess
from prioritet.cases.similar import ACCESS_PAGE as SIMILAR_PAGE


@dataclass(frozen=True)
class Read:
    """One logged read, as the letter says it."""

    at: datetime.datetime
    who: str
    role: str
    case_label: str
    page: str
    basis: str
    #: For a read under an emergency access: the reason from the list and the reader's own words.
    reason: str = ""
    explanation: str = ""


@dataclass(frozen=True)
class Letter:
    case: Case
    cases: list[Case]
    reads: list[Read]
    made_by: str
    made_at: datetime.datetime


def _read(access: CaseAccess) -> Read:
    user = access.user
    if access.basis:
        basis = AccessBasis(access.basis).label
    elif access.page == SIMILAR_PAGE:
        # Shown pseudonymously beside another case's decision, so that like cases are treated alike.
        basis = _("comparison when another case was decided")
    else:
        basis = _("not recorded (before case teams)")
    grant = access.grant
    return Read(
        at=timezone.localtime(access.at),
        who=user.get_full_name() or user.get_username(),
        role=str(user.get_role_display()) if user.role else _("System administrator"),
        case_label=f"#{access.case_id} {access.case.list_label}",
        page=page_label(access.page),
        basis=str(basis),
        reason=str(grant.get_reason_display()) if grant else "",
        explanation=grant.explanation if grant else "",
    )


def letter(case: Case, user) -> Letter:
    """The letter's content for ``case``, made by ``user`` now (nothing is written here)."""
    cases = case_selectors.innsyn_cases(case)
    return Letter(
        case=case,
        cases=cases,
        reads=[_read(access) for access in case_selectors.reads_of(cases)],
        made_by=user.get_full_name() or user.get_username(),
        made_at=timezone.localtime(),
    )
