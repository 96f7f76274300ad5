"""The emergency access page («break the glass») in place of a bare 403 on an individual case.

A page of an individual case raises :class:`~prioritet.cases.loading.BreakGlassRequired` when the
reader is outside the case team but has a role that could need it (:func:`policy.can_break_glass`);
this middleware answers with a redirect to the case's emergency access page, which returns to the
page asked for once the reader has given a reason. Every other 403 stays a 403.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .loading import BreakGlassRequired


class BreakGlassMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, BreakGlassRequired):
            return None
        url = reverse("cases:break_glass", args=[exception.case.pk])
        back = request.get_full_path() if request.method == "GET" else ""
        return HttpResponseRedirect(f"{url}?{urlencode({'next': back})}" if back else url)
