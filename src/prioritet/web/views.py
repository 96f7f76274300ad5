"""Views of the web shell: the home page, a health check and the error pages."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from prioritet.core.home import panels_for
from prioritet.core.navigation import items_for


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The working home page: the user's open tasks and figures (each app's ``home_sources``), then shortcuts.

    It only reads: the panels list cases without opening them, so nothing is written, not even the
    access log (an individual case is shown by its pseudonymous reference and service area only).
    """
    today = timezone.localdate()
    panels = panels_for(request.user, today)
    shortcuts = [item for item in items_for(request.user) if item.key != "home"]
    return render(
        request,
        "web/home.html",
        {
            "task_panels": [panel for panel in panels if panel.is_tasks],
            "figure_panels": [panel for panel in panels if not panel.is_tasks],
            "shortcuts": shortcuts,
            "today": today,
        },
    )


#: When the accessibility statement was last checked against the product (the date it shows).
ACCESSIBILITY_REVIEWED = datetime.date(2026, 12, 5)


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement (tilgjengelighetserklæring): open to everyone, signed in or not.

    Norwegian law (likestillings- og diskrimineringsloven § 18 and the regulation on universal
    design of ICT) asks a public web solution to say how far it meets WCAG 2.1 AA and what is known
    not to; the statement names what is tested and the gaps honestly. The municipality's own contact
    address and its formal statement at Uutilsynet are settings, shown only when set.
    """
    return render(
        request,
        "web/accessibility.html",
        {
            "reviewed": ACCESSIBILITY_REVIEWED,
            "contact": settings.PRIORITET_ACCESSIBILITY_CONTACT,
            "statement_url": settings.PRIORITET_ACCESSIBILITY_STATEMENT_URL,
        },
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for the load balancer; reveals nothing about the data."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
