"""Background work on Django's tasks framework: the shared helpers.

The tasks themselves live in each app's ``tasks`` module. In production they are queued in the
database (``django_tasks_db``) and run by ``manage.py db_worker``; the tests run them immediately
(:data:`IMMEDIATE_TASKS`, set by the conftests) unless a test needs the queue, and then drains it
with :func:`run_queued_tasks`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.management import call_command
from django.db import connection, models

from .tenancy_db import task_scope

#: TASKS setting that runs each task in the enqueuing process, at once (tests, scripts).
IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

#: TASKS setting that queues in the database, as production does.
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_queued_tasks() -> None:
    """Run every task waiting in the database queue, in this process, then return.

    What a ``db_worker`` would do, for tests and the demo loader (``db_worker --batch``). Inside a
    transaction (a test's) the worker must not close "old" connections between tasks, as it does to
    emulate requests: on PostgreSQL that closes the connection, and the transaction with it.
    """
    from django_tasks_db.management.commands import db_worker

    keep = db_worker.close_old_connections
    if connection.in_atomic_block:
        db_worker.close_old_connections = lambda: None
    try:
        call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)
    finally:
        db_worker.close_old_connections = keep


def scoped_to[R](model: type[models.Model]) -> Callable[[Callable[..., R]], Callable[..., R]]:
    """Run a task whose first argument is a ``model`` id inside that record's municipality (RLS).

    The worker's connection is unscoped, so the record's municipality is read first, by id; the
    task's own work then sees only that municipality's rows on PostgreSQL, as a request does. A
    missing record scopes to no municipality, so the task finds nothing rather than everything.
    Put it under ``@task()``::

        @task()
        @scoped_to(MeasureImport)
        def run_measure_import(import_id: int) -> str: ...
    """

    def decorate(func: Callable[..., R]) -> Callable[..., R]:
        @functools.wraps(func)
        def scoped(record_id: Any, *args: Any, **kwargs: Any) -> R:
            municipality_id = model._base_manager.filter(pk=record_id).values_list("municipality_id", flat=True).first()
            with task_scope(municipality_id):
                return func(record_id, *args, **kwargs)

        return scoped

    return decorate
