"""The request's steps of an upload of figures: store it and queue its check, confirm it, cancel it.

An upload goes as the portfolio's measures import does (:class:`~prioritet.indicators.models.IndicatorImport`):
the request stores the file and queues the check (:func:`start_import`); the check task reads it into
a preview and saves no value (:func:`prioritet.indicators.imports.check_import`); its uploader
confirms (:func:`confirm_import`), which queues the save of every value or none
(:func:`prioritet.indicators.imports.run_import`), or cancels (:func:`cancel_import`), which discards it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from prioritet.accounts.models import Municipality
from prioritet.core.records import TaskStatus

from . import policy, tasks
from .imports import from_stored
from .models import IndicatorDefinition, IndicatorImport


def _require_upload(user: Any) -> None:
    if not policy.can_upload(user):
        raise PermissionDenied(_("Only leaders and the municipal administrator upload figures."))


def start_import(
    municipality: Municipality,
    user: Any,
    definition: IndicatorDefinition | None,
    filename: str,
    data: bytes,
    language: str,
) -> IndicatorImport:
    """Store an uploaded file and queue the task that checks it (:func:`check_import`).

    The request returns at once, whatever the file: it neither reads nor checks it. The user's
    earlier uploads that wait for confirmation are replaced, and anyone's that waited too long
    are deleted.
    """
    _require_upload(user)
    return IndicatorImport.begin(
        tasks.check_indicator_import,
        user,
        IndicatorImport.objects.for_municipality(municipality),
        municipality=municipality,
        definition=definition,
        filename=filename[:255],
        data=data,
        language=language,
    )


def confirm_import(record: IndicatorImport, user: Any) -> bool:
    """Queue the save of a checked file (:func:`run_import`).

    True when this call queued it; False when the import no longer waited for its confirmation
    (a second click, another tab), so a double submit saves once.
    """
    _require_upload(user)
    if record.status != TaskStatus.CHECKED:
        return False
    if not from_stored(record.preview).ok:
        raise ValidationError(_("The file has problems and cannot be saved. Upload a corrected file."))
    return record.confirm(tasks.run_indicator_import)


def cancel_import(record: IndicatorImport, user: Any) -> bool:
    """Discard an upload that waits for its confirmation (or its check); nothing of it was saved.

    False when it no longer waits (confirmed meanwhile): then it is not the uploader's to take back.
    """
    _require_upload(user)
    deleted, _rows = IndicatorImport.objects.filter(
        pk=record.pk, status__in=(TaskStatus.CHECKING, TaskStatus.CHECKED)
    ).delete()
    return bool(deleted)
