"""Views of the web shell: the home page, a health check and the error pages."""

from __future__ import annotations

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


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for the load balancer; reveals nothing about the data."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
