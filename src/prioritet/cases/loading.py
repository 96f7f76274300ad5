"""Loading a case for a page: the rule every app's case pages follow.

404 in another municipality, 403 for a role that may not read the case (or, with ``work``, work on
it) — outside an individual case's team, for a role that could need it, the emergency access page
(«break the glass») — and every load of an individual-level case written to the access log. One function, so the apps
built on the cases app (ethics, evidence, …) cannot leave out one of the three.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from . import policy, selectors, services
from .models import Case


class BreakGlassRequired(PermissionDenied):
    """Outside an individual case's team, a role that could need it: the emergency access page answers
    (:class:`prioritet.cases.middleware.BreakGlassMiddleware`) instead of a bare 403."""

    def __init__(self, case: Case) -> None:
        super().__init__(_("You are not on this case's team."))
        self.case = case


def load_case(request: HttpRequest, pk: int, page: str, *, work: bool = False) -> Case:
    case = selectors.get_case(request.municipality, pk)
    if not policy.can_read(request.user, case):
        if policy.can_break_glass(request.user, case):
            raise BreakGlassRequired(case)
        raise PermissionDenied(_("Your role cannot read cases at this level."))
    services.record_access(case, request.user, page)
    if work and not policy.can_work(request.user, case):
        raise PermissionDenied(_("Your role cannot change cases at this level."))
    return case


def redirect_if_decided(request: HttpRequest, case: Case, to: str) -> HttpResponse | None:
    """Edit pages of a decided case send the user to ``to``, saying why (:func:`services.require_open`).

    Every app's edit pages for what a decision rests on use it, so a GET shows no form and a POST
    changes nothing until a recorded reassessment reopens the case.
    """
    try:
        services.require_open(case)
    except ValidationError as err:
        for message in err.messages:
            messages.info(request, message)
        return redirect(to)
    return None
