"""The Django admin site: for break-glass superusers only, and every request it answers is logged.

The product's own pages serve every role, the national administrator included; the Django admin is
the operators' emergency access (``manage.py createsuperuser``, docs/operations.md). Each request to
it is written as one line to the ``prioritet.audit`` logger: who, what, which action on which rows,
and the answer. Reads of individual cases are in addition written to the case access log by the
cases app's admin, as on the web pages.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

audit = logging.getLogger("prioritet.audit")


class PrioritetAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        """Break-glass superusers only: a staff flag given to an ordinary account does not open the admin."""
        user = request.user
        return bool(user.is_active and getattr(user, "is_break_glass", False))

    def admin_view(self, view: Callable[..., HttpResponse], cacheable: bool = False) -> Callable[..., HttpResponse]:
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def audited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            response = inner(request, *args, **kwargs)
            if request.user.is_authenticated:
                log_admin_request(request, response)
            return response

        return audited


def log_admin_request(request: HttpRequest, response: HttpResponse) -> None:
    """One audit line per admin request; a POST names the action and the selected rows."""
    details = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        selected = ",".join(request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME))
        details = f" action={action or 'save'}" + (f" selected={selected}" if selected else "")
    audit.info(
        "django-admin %s %s user=%s username=%s status=%s%s",
        request.method,
        request.path,
        request.user.pk,
        request.user.get_username(),
        response.status_code,
        details,
    )
