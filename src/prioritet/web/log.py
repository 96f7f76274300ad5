"""Logging filters of the web application.

A permission denial is an expected answer, not an error: Django logs every 403 on ``django.request``
with the exception's traceback, which buries real errors and fills the log. :class:`OneLineForbidden`
turns such a record into one line that says who was refused what and why.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied


def _request_user_id(request: object) -> str:
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous"
    return str(user.pk)


class OneLineForbidden(logging.Filter):
    """Rewrite a ``PermissionDenied`` record as ``Forbidden: METHOD path user=… reason=…``, no traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if not isinstance(exc, PermissionDenied):
            return True
        request = getattr(record, "request", None)
        reason = " ".join(str(exc).split()) or "-"
        record.msg = "Forbidden: %s %s user=%s reason=%s"
        record.args = (
            getattr(request, "method", "-"),
            getattr(request, "path", "-"),
            _request_user_id(request),
            reason,
        )
        record.exc_info = None
        record.exc_text = None
        return True
