"""One router per resource; :mod:`prioritet.api.api` mounts them under ``/api/v1/``."""

from __future__ import annotations

from typing import Any

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

from prioritet.api.schemas import MAX_PAGE, ConflictOut, ErrorOut, ValidationErrorOut

_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ValidationErrorOut}


def responses(ok: dict[int, Any], *codes: int) -> dict[int, Any]:
    """The operation's success response(s) and the error responses it can give (401 always)."""
    return {**ok, **{code: _ERRORS[code] for code in (401, *codes)}}


class Pagination(PageNumberPagination):
    """Pages of a list; the page number has a ceiling, so a huge one answers 422 rather than a 500."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1)
