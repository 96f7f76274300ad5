"""Loading what a request names, with the web application's tenancy, role and access-log rules."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from prioritet.accounts.models import Municipality, ServiceArea, User
from prioritet.cases import policy
from prioritet.cases import services as case_services
from prioritet.cases.models import Alternative, Case

from . import selectors
from .errors import ApiValidationError


def check_case(request: Any, case: Case, operation: str, *, work: bool = False) -> Case:
    """Refuse (403) a case the token's role may not read, log the read, then refuse what it may not change.

    As on the web, every load of an individual-level case is written to the access log, under
    ``api:<operation>``, before the rules for changing it are checked.
    """
    if not policy.can_read(request.user, case):
        raise PermissionDenied(_("Your role cannot read cases at this level."))
    case_services.record_access(case, request.user, f"api:{operation}")
    if work and not policy.can_work(request.user, case):
        raise PermissionDenied(_("Your role cannot change cases at this level."))
    return case


def load_case(request: Any, case_id: int, operation: str, *, work: bool = False) -> Case:
    """The case of the token's municipality (404 otherwise), checked as :func:`check_case`."""
    return check_case(request, selectors.get_case(request.municipality, case_id), operation, work=work)


def load_alternative(request: Any, alternative_id: int, operation: str, *, work: bool = False) -> Alternative:
    """The alternative of a case of the token's municipality (404 otherwise), its case checked."""
    alternative = selectors.get_alternative(request.municipality, alternative_id)
    check_case(request, alternative.case, operation, work=work)
    return alternative


def case_in_body(request: Any, case_id: int, operation: str, *, work: bool = False) -> Case:
    """The case a request body names: 422 under ``case_id`` unless it is the municipality's, then checked
    as :func:`check_case` (the same answer for another municipality's case: nothing says it exists)."""
    case = selectors.case_of_municipality(request.municipality, case_id)
    if case is None:
        raise ApiValidationError({"case_id": _("The municipality has no such case.")})
    return check_case(request, case, operation, work=work)


def service_area(municipality: Municipality, ref: int | str | None, field: str = "service_area") -> ServiceArea | None:
    """The service area a request names by id or name; 422 when the municipality has none such."""
    if ref is None:
        return None
    area = selectors.find_service_area(municipality, ref)
    if area is None:
        raise ApiValidationError({field: _("The municipality has no such service area.")})
    return area


def person(municipality: Municipality, username: str | None, field: str) -> User | None:
    """A person of the municipality a request names by username; 422 when there is none such (the same
    answer for a username of another municipality: the API does not say who exists elsewhere)."""
    if username is None:
        return None
    found = User.objects.filter(municipality=municipality, username__iexact=username).first()
    if found is None:
        raise ApiValidationError({field: _("The municipality has no user with this username.")})
    return found
