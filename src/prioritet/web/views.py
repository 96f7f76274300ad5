"""Views of the web shell: the dashboard, a health check and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from prioritet.core.navigation import items_for


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The dashboard after login: who and where the user is, and what they can open."""
    shortcuts = [item for item in items_for(request.user) if item.key != "home"]
    return render(request, "web/home.html", {"shortcuts": shortcuts})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for the load balancer; reveals nothing about the data."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
