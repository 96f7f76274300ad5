"""How the API answers errors: one JSON shape per status, messages in the request's language.

* 401 ``{"detail"}`` with ``WWW-Authenticate: Bearer``: no, malformed, unknown or revoked token;
* 403 ``{"detail"}``: the token's role may not do this (the web application's rules);
* 404 ``{"detail"}``: no such object in the token's municipality (another municipality's too);
* 409 ``{"detail", "current_version"}``: a stale ``version`` (of a case, an alternative, an
  assessment, a catalogue entry) or judgment ``signature``, or the case is decided and must be
  reopened by a reassessment first;
* 422 ``{"detail", "errors": {field: message}}``: invalid input, from the request's schema or from
  the cases app's services (the same rules as the web forms). Nothing is saved.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.errors import ValidationError as NinjaValidationError

from prioritet.cases.models import Alternative, Assessment
from prioritet.catalogue.models import CatalogueEntry
from prioritet.core.concurrency import ConcurrentEditError

if TYPE_CHECKING:
    from ninja import NinjaAPI

NON_FIELD = "non_field_errors"
#: Where a service's field name differs from the API's.
SERVICE_FIELD_NAMES = {
    "alternative": "alternative_id",
    "to_phase": "phase",
    "note": "phase_note",
    NON_FIELD_ERRORS: NON_FIELD,
}
#: Names of the operations' body and query parameters, left out of an error's field name.
_PARAMETER_NAMES = {"payload", "filters"}


class ApiValidationError(Exception):
    """A 422 raised by the API itself (a service area or alternative that is not the municipality's)."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__(dict(errors))
        self.errors = dict(errors)


def field_errors(error: DjangoValidationError, prefix: str = "") -> dict[str, str]:
    """A service's ``ValidationError`` as ``{field: message}``, fields named as in the API."""
    if hasattr(error, "error_dict"):
        out = {}
        for name, errors in error.error_dict.items():
            key = SERVICE_FIELD_NAMES.get(name, name)
            if prefix and key != NON_FIELD:
                key = f"{prefix}{key}"
            out[key] = " ".join(str(m) for e in errors for m in e.messages)
        return out
    return {NON_FIELD: " ".join(str(m) for m in error.messages)}


def _field_name(loc: Iterable[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        parts = parts[1:]
    if parts and parts[0] in _PARAMETER_NAMES:
        parts = parts[1:]
    return ".".join(parts) or NON_FIELD


def _schema_errors(errors: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for error in errors:
        name = _field_name(error.get("loc", ()))
        message = str(error.get("msg", ""))
        out[name] = f"{out[name]} {message}" if name in out else message
    return out


def _unprocessable(api: NinjaAPI, request: HttpRequest, errors: dict[str, str]) -> HttpResponse:
    detail = _("The request has errors. Nothing was saved.")
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


def _conflict_message(current: Any) -> str:
    if isinstance(current, Assessment):
        return _(
            "Your assessment was changed after you read it. Nothing was saved: read it again, and send your "
            "changes with the current version."
        )
    if isinstance(current, CatalogueEntry):
        return _(
            "The catalogue entry was changed after you read it. Nothing was copied: read it again, and send the "
            "current version."
        )
    if isinstance(current, Alternative):
        return _(
            "The alternative was changed after you read it. Nothing was saved: read it again, and send your "
            "changes with the current version."
        )
    return _(
        "The case, its alternatives or its assessments were changed after you read them. Nothing was saved: "
        "read the case again, and send your changes with the current version."
    )


def register(api: NinjaAPI) -> None:
    """Install the API's error handlers on ``api``."""

    @api.exception_handler(AuthenticationError)
    def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = _("Send a valid API token: «Authorization: Bearer prt_…». It may have been revoked.")
        response = api.create_response(request, {"detail": detail}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="prioritet"'
        return response

    @api.exception_handler(PermissionDenied)
    @api.exception_handler(AuthorizationError)
    def forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
        detail = str(exc) if isinstance(exc, PermissionDenied) and str(exc) else _("Your role cannot do this.")
        return api.create_response(request, {"detail": detail}, status=403)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(ConcurrentEditError)
    def conflict(request: HttpRequest, exc: ConcurrentEditError) -> HttpResponse:
        current = exc.current
        body = {"detail": _conflict_message(current), "current_version": getattr(current, "version", None)}
        return api.create_response(request, body, status=409)

    @api.exception_handler(DjangoValidationError)
    def invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if not hasattr(exc, "error_dict") and any(e.code == "decided" for e in exc.error_list):
            return api.create_response(request, {"detail": " ".join(exc.messages)}, status=409)
        return _unprocessable(api, request, field_errors(exc))

    @api.exception_handler(ApiValidationError)
    def invalid_reference(request: HttpRequest, exc: ApiValidationError) -> HttpResponse:
        return _unprocessable(api, request, exc.errors)

    @api.exception_handler(NinjaValidationError)
    def invalid_schema(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return _unprocessable(api, request, _schema_errors(exc.errors))
