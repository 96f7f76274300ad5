"""Background tasks work inside their record's municipality, so row-level security holds in the worker."""

from __future__ import annotations

import pytest
from django.db import connection
from django.tasks import TaskResultStatus, task

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_user
from prioritet.cases.models import Case, Level
from prioritet.core import tenancy_db
from prioritet.core.tasks import run_queued_tasks, scoped_to

POSTGRES = connection.vendor == "postgresql"
only_postgres = pytest.mark.skipif(not POSTGRES, reason="row-level security is PostgreSQL's")


@task()
@scoped_to(Case)
def titles_seen_by_a_task(case_id: int) -> dict:
    """A task with a deliberately unfiltered query: what would a forgotten filter return?"""
    return {"scope": tenancy_db.current_scope(), "titles": sorted(Case.objects.values_list("title", flat=True))}


@pytest.fixture
def cases(municipality, other_municipality, make_case) -> tuple[Case, Case]:
    a = make_user(Role.LEADER, municipality=municipality, username="leder-a")
    b = make_user(Role.LEADER, municipality=other_municipality, username="leder-b")
    return make_case(a, level=Level.SERVICE, title="Larviks sak"), make_case(
        b, level=Level.SERVICE, title="Sandefjords"
    )


@only_postgres
def test_a_task_sees_only_its_records_municipality(cases, app_database_role):
    own, _other = cases
    result = titles_seen_by_a_task.enqueue(own.pk)
    assert result.return_value == {"scope": str(own.municipality_id), "titles": ["Larviks sak"]}
    assert tenancy_db.current_scope() == ""  # the test's own connection is unscoped again


@only_postgres
def test_a_task_for_a_missing_record_sees_nothing(cases, app_database_role):
    assert titles_seen_by_a_task.enqueue(10**9).return_value == {"scope": tenancy_db.NO_MUNICIPALITY, "titles": []}


@only_postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_in_autocommit_scopes_the_task_and_resets_its_connection_afterwards(
    cases, app_database_role, queued_tasks
):
    """The worker runs tasks outside a transaction: the scope is the session's, and is put back."""
    own, other = cases
    first, second = titles_seen_by_a_task.enqueue(own.pk), titles_seen_by_a_task.enqueue(other.pk)
    # The worker closes a connection older than CONN_MAX_AGE, as after a request; the one it opens
    # again is the test database's owner, a superuser RLS does not bind (production's is the app's
    # role). On a loaded machine this test's set-up alone can outlast the age: keep the connection.
    connection.close_at = None
    run_queued_tasks()
    first.refresh()
    second.refresh()
    assert first.return_value == {"scope": str(own.municipality_id), "titles": ["Larviks sak"]}
    assert second.return_value == {"scope": str(other.municipality_id), "titles": ["Sandefjords"]}
    assert tenancy_db.current_scope() == ""


def test_asking_for_queued_tasks_keeps_them_in_the_queue_until_run(cases, queued_tasks):
    """The autouse immediate backend gives way to the ``queued_tasks`` fixture."""
    own, _other = cases
    result = titles_seen_by_a_task.enqueue(own.pk)
    assert result.status == TaskResultStatus.READY
    run_queued_tasks()
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert "Larviks sak" in result.return_value["titles"]
