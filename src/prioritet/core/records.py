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

:class:`TaskRecord` is the other kind of record: one piece of background work (a robustness
analysis, a measures import, a report's PDF) that a request queues and a worker does, with its
:class:`TaskStatus` and times, and the steps a task takes on it (:meth:`TaskRecord.start`,
:meth:`TaskRecord.finish`, :meth:`TaskRecord.fail`). :class:`UploadRecord` is the task record of an
uploaded file that is checked, previewed and confirmed before anything is saved.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Self

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import TextChoices


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


class TaskStatus(TextChoices):
    """Where a piece of background work stands; one vocabulary for every :class:`TaskRecord`.

    ``queued`` → ``running`` → ``done`` or ``failed`` is every task's way. A record whose input is
    checked before anyone decides to run it (a measures file) starts at ``checking`` (its check is
    queued or running) and waits at ``checked`` for the person's confirmation, which queues it.
    """

    QUEUED = "queued", _("queued")
    CHECKING = "checking", _("checking")
    CHECKED = "checked", _("checked")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


#: How long an upload nobody confirmed is kept: the next upload of the same kind clears it away.
KEEP_UNCONFIRMED = timedelta(days=2)

#: The statuses a task never leaves.
FINISHED = frozenset({TaskStatus.DONE, TaskStatus.FAILED})


class TaskRecord(models.Model):
    """A piece of background work: its status, the queued task's id and when it was queued, started
    and finished.

    The request creates the row and queues the task (:meth:`queued_as` keeps the task's id); the
    worker claims the row with :meth:`start` (only one worker can, so a task delivered twice runs
    once) and records the outcome with :meth:`finish` or :meth:`fail`. What the outcome holds
    (a result, errors, a PDF) is the subclass's own fields.
    """

    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.QUEUED)
    #: The queued task's id (django.tasks), to follow it in the task queue.
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def finished(self) -> bool:
        """Done or failed: nothing more will happen to it."""
        return self.status in FINISHED

    def queued_as(self, task_id: str, status: TaskStatus = TaskStatus.QUEUED) -> None:
        """Keep the id of the task just queued for this row, unless a worker has already moved it on."""
        type(self)._base_manager.filter(pk=self.pk, status=status).update(task_id=task_id)
        if self.status == status:
            self.task_id = task_id

    def start(self, waiting: TaskStatus = TaskStatus.QUEUED) -> bool:
        """Claim the row for this worker: ``waiting`` → running, now. False when another worker
        (or an earlier delivery of the same task) has claimed it, or it is not waiting any more;
        then the row's status is read again, so that the caller sees where it stands."""
        now = timezone.now()
        claimed = (
            type(self)
            ._base_manager.filter(pk=self.pk, status=waiting)
            .update(status=TaskStatus.RUNNING, started_at=now)
        )
        if claimed:
            self.status, self.started_at = TaskStatus.RUNNING, now
        else:
            self.refresh_from_db(fields=["status", "started_at", "finished_at"])
        return bool(claimed)

    def finish(self, **outcome: Any) -> None:
        """Record success: status done, finished now, and the ``outcome`` fields set and saved."""
        self._end(TaskStatus.DONE, outcome)

    def fail(self, **outcome: Any) -> None:
        """Record failure: status failed, finished now, and the ``outcome`` fields set and saved."""
        self._end(TaskStatus.FAILED, outcome)

    def _end(self, status: TaskStatus, outcome: dict[str, Any]) -> None:
        for name, value in outcome.items():
            setattr(self, name, value)
        self.status, self.finished_at = status, timezone.now()
        self.save(update_fields=["status", "finished_at", *outcome])


class UploadRecord(TaskRecord):
    """An uploaded file on its way: checked by a task, previewed, confirmed by its uploader, saved by a task.

    Reading and checking a large file takes longer than a request may, and nothing may be saved
    before the uploader has seen what would change. So the request stores the file here
    («checking») and queues the check, which keeps what the preview shows and what saving needs in
    ``preview`` and empties ``data`` («checked»); the uploader confirms on the upload's page
    («queued»), and the save task writes all or nothing («running», then «done» or «failed»).
    Each subclass names its municipality (and what the file is for) and its tasks;
    ``core/partials/upload_status.html`` shows where any of them stands.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    filename = models.CharField(_("file name"), max_length=255)
    #: The uploaded file, until it is checked.
    data = models.BinaryField(_("file"), default=b"")
    #: The uploader's language, in which the check and the save word their problems.
    language = models.CharField(_("language"), max_length=10, blank=True)
    #: The check's outcome, until the save.
    preview = models.JSONField(_("preview"), default=dict, blank=True)
    #: Messages of a failed upload, one per problem.
    errors = models.JSONField(_("errors"), default=list, blank=True)
    #: What a finished save did (counts), as the subclass's page words it.
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return str(self.filename)

    @property
    def waiting(self) -> bool:
        """A task is still to do something: the page asks again until it has."""
        return self.status in (TaskStatus.CHECKING, TaskStatus.QUEUED, TaskStatus.RUNNING)

    @classmethod
    def begin(cls, check: Any, user: Any, earlier: QuerySet[Self], **fields: Any) -> Self:
        """Store a file and queue its ``check`` task; the uploader's earlier unconfirmed uploads in
        ``earlier`` (the same target's) go, and anyone's older than :data:`KEEP_UNCONFIRMED`, so a
        forgotten preview does not keep a file of health data for ever."""
        with transaction.atomic():
            earlier.filter(
                Q(created_by=user) | Q(created_at__lt=timezone.now() - KEEP_UNCONFIRMED),
                status__in=(TaskStatus.CHECKED, TaskStatus.CHECKING),
            ).delete()
            record: Self = cls._default_manager.create(created_by=user, status=TaskStatus.CHECKING, **fields)
            # Queued in the same transaction: a database-backed queue sees it only once it is committed.
            record.queued_as(check.enqueue(record.pk).id, TaskStatus.CHECKING)
        record.refresh_from_db()
        return record

    def confirm(self, save: Any, **choices: Any) -> bool:
        """Queue the ``save`` task of a checked file, keeping the uploader's ``choices``; False when it
        no longer waited for its confirmation (a second click, another tab), so a double submit saves once."""
        with transaction.atomic():
            confirmed = (
                type(self)
                ._base_manager.filter(pk=self.pk, status=TaskStatus.CHECKED)
                .update(status=TaskStatus.QUEUED, **choices)
            )
            if confirmed:
                self.status = TaskStatus.QUEUED
                self.queued_as(save.enqueue(self.pk).id)
        self.refresh_from_db()
        return bool(confirmed)
