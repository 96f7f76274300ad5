"""Tenant isolation: every municipality sees only its own data.

The contract for every app that stores a municipality's data:

* the model has ``municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT)`` and
  ``objects = MunicipalityQuerySet.as_manager()`` (or a manager built from it), the queryset from
  :mod:`prioritet.accounts.models` (beside ``Municipality``, so the models import nothing of this
  module and this module only names the models' types);
* views are wrapped in ``municipality_required`` (and ``role_required(...)`` where only some roles
  may act), and read ``request.municipality``, which ``MunicipalityMiddleware`` sets;
* lists use ``Model.objects.for_municipality(request.municipality)``;
* an object named in the URL is fetched with ``get_for_municipality_or_404(...)``, so another
  municipality's object answers 404 exactly as a missing one does: a 403 would confirm that it exists.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

if TYPE_CHECKING:
    from prioritet.accounts.models import Municipality, User

ViewFunc = Callable[..., HttpResponse]


def redirect_to_login(next_url: str) -> HttpResponse:
    """Send an anonymous visitor to the login page, coming back to ``next_url`` afterwards.

    Imported lazily: ``django.contrib.auth.views`` loads the user model, which imports this module.
    """
    from django.contrib.auth.views import redirect_to_login as django_redirect_to_login

    return django_redirect_to_login(next_url)


class TenantRequest(HttpRequest):
    """Type of ``request`` in our views, for type checkers: what the middleware stack adds."""

    user: User
    municipality: Municipality | None


def get_for_municipality_or_404[T: models.Model](
    queryset: type[T] | models.Manager[T] | models.QuerySet[T], municipality: Municipality | None, **lookup: Any
) -> T:
    """``get_object_or_404`` limited to one municipality's rows.

    ``queryset`` may be a model class, a manager or a queryset (like ``get_object_or_404``). An
    object of another municipality, or no municipality at all, raises ``Http404``.
    """
    if municipality is None:
        raise Http404
    rows: models.QuerySet[T]
    if isinstance(queryset, models.QuerySet):
        rows = queryset
    elif isinstance(queryset, models.Manager):
        rows = queryset.all()
    else:
        rows = queryset._default_manager.all()
    return get_object_or_404(rows.filter(municipality=municipality), **lookup)


class MunicipalityMiddleware:
    """Set ``request.municipality`` to the signed-in user's municipality, else ``None``.

    Put after ``AuthenticationMiddleware``. Read by views, templates and ``municipality_required``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        municipality = None
        if user is not None and user.is_authenticated and user.is_active:
            municipality = user.municipality
        request.municipality = municipality
        return self.get_response(request)


def municipality_required(view: ViewFunc) -> ViewFunc:
    """Only signed-in users who belong to a municipality may open the view.

    Anonymous users are sent to the login page; a signed-in user without a municipality (the
    national administrator) gets 403 Forbidden.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if getattr(request, "municipality", None) is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def role_required(*roles: str) -> Callable[[ViewFunc], ViewFunc]:
    """Only signed-in users with one of ``roles`` may open the view (others: 403 Forbidden).

    Anonymous users are sent to the login page. Combine with ``municipality_required`` for
    municipal views: ``@municipality_required`` above ``@role_required(Role.LEADER, ...)``.
    """
    if not roles:
        raise ValueError("role_required needs at least one role")
    allowed = frozenset(str(role) for role in roles)

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if getattr(request.user, "role", None) not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
