"""Background work on Django's tasks framework: the shared helpers.

The tasks themselves live in each app's ``tasks`` module. In production they are queued in the
database (``django_tasks_db``) and run by ``manage.py db_worker``; the tests run them immediately
(:data:`IMMEDIATE_TASKS`, set by the conftests) unless a test needs the queue, and then drains it
with :func:`run_queued_tasks`.
"""

from __future__ import annotations

from django.core.management import call_command

#: TASKS setting that runs each task in the enqueuing process, at once (tests, scripts).
IMMEDIATE_TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

#: TASKS setting that queues in the database, as production does.
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_queued_tasks() -> None:
    """Run every task waiting in the database queue, in this process, then return.

    What a ``db_worker`` would do, for tests and the demo loader (``db_worker --batch``).
    """
    call_command("db_worker", batch=True, reload=False, startup_delay=False, interval=0, verbosity=0)
