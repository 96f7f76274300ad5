"""Abstract bases for the records people edit: a version for optimistic concurrency, who made it, when.

:class:`VersionedRecord` is the one base for an edited record: the ``version`` that
:func:`prioritet.core.concurrency.compare_and_swap` claims, the user who created the row and its
timestamps. A record whose creator is named otherwise (an assessment's assessor) or that no person
creates (a public answer), or that is never edited in place after creation, removes the field it
does not have by setting it to ``None`` (Django's way of dropping an inherited field), so its table
stays as it is. :class:`Versioned` alone is for a row that carries only the version.

The history stays declared on each model (``history = HistoricalRecords(...)``): its options differ
from model to model (the cases' history is hash-chained through ``bases=[AuditChained]``, some leave
out token digests or follow many-to-many fields), and an inherited ``HistoricalRecords`` cannot take
per-model options. Edited records leave ``updated_at`` out of their history, since each history row
already has its own date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """A row edited under optimistic concurrency: each save claims the next ``version``."""

    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        abstract = True


class VersionedRecord(Versioned):
    """A versioned row that names the user who created it and when it was created and last changed."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
