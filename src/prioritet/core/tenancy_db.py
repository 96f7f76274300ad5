"""Tenant isolation in the database as well: PostgreSQL row-level security per municipality.

The ORM keeps every query to one municipality (``accounts.tenancy``); this module is the second
wall, so a forgotten filter in a future query still returns no other municipality's rows.

* Every table with a ``municipality_id`` column, except the few shared by design
  (:data:`SHARED_TABLES`), has row-level security enabled **and forced** (the table's owner is
  bound too) with one policy, :data:`POLICY_NAME`. :func:`apply_row_level_security` creates them,
  idempotently, after every ``migrate`` (a ``post_migrate`` handler), so a table added by a later
  migration is covered without anyone remembering to.
* The policy reads the transaction-local setting ``prioritet.municipality``:

  - unset or empty: the connection is not scoped (migrations, management commands, anonymous
    public pages, the test set-up) and sees every row, as before;
  - ``all``: the national administrator, who works across municipalities;
  - a municipality's id: only that municipality's rows are visible, and only such rows can be
    written (the policy is also the ``WITH CHECK``);
  - anything else (``none``, which :func:`municipality_scope` sets for ``None``): no row at all.

* :func:`municipality_scope` sets it with ``SET LOCAL`` inside a transaction;
  :class:`DatabaseTenancyMiddleware` does so for every signed-in request, the API's token
  authentication for every API request (:func:`scope_request`); background tasks are scoped to
  their record's municipality by :func:`prioritet.core.tasks.scoped_to` (:func:`task_scope`).

PostgreSQL superusers and roles with ``BYPASSRLS`` ignore every policy, ``FORCE`` or not: the
application must connect as an ordinary role (see docs/operations.md). On SQLite, which has no
row-level security, everything here is a no-op and the ORM's isolation is the only one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.http import HttpRequest, HttpResponse

#: The custom setting the policies read (PostgreSQL needs a dot in a custom setting's name).
SETTING = "prioritet.municipality"
#: The value that lets the national administrator see every municipality.
ALL_MUNICIPALITIES = "all"
#: A value that matches no municipality: nothing is visible.
NO_MUNICIPALITY = "none"
POLICY_NAME = "prioritet_municipality_isolation"

#: Tables with a ``municipality_id`` column that every municipality reads by design, and why.
SHARED_TABLES: dict[str, str] = {
    "accounts_user": "read while signing in, before the municipality is known; holds no health data",
    "accounts_historicaluser": "the history of accounts_user",
    "examples_example": "the national example bank, shared by every municipality (municipality = publisher)",
    "calibration_exercise": "other municipalities' closed exercises are compared anonymously",
}

_POLICY_USING = (
    f"coalesce(current_setting('{SETTING}', true), '') IN ('', '{ALL_MUNICIPALITIES}') "
    f"OR municipality_id::text = current_setting('{SETTING}', true)"
)


def _is_postgresql(using: str) -> bool:
    vendor: str = connections[using].vendor
    return vendor == "postgresql"


def _set(using: str, value: str, *, local: bool = True) -> None:
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT set_config(%s, %s, %s)", [SETTING, value, local])


def current_scope(using: str = DEFAULT_DB_ALIAS) -> str:
    """The connection's current scope ('' when unscoped); always '' on SQLite."""
    if not _is_postgresql(using):
        return ""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT coalesce(current_setting(%s, true), '')", [SETTING])
        return str(cursor.fetchone()[0])


@contextmanager
def municipality_scope(municipality_id: int | str | None, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Run the block in a transaction that sees only ``municipality_id``'s rows (PostgreSQL).

    ``municipality_id`` may also be :data:`ALL_MUNICIPALITIES` or ``None`` (nothing visible). The
    previous scope comes back afterwards, so scopes nest and a test's outer transaction is not left
    scoped (``SET LOCAL`` would otherwise last until the outermost transaction ends). A no-op on
    SQLite: no transaction is opened there, so reads do not take SQLite's write lock.
    """
    if not _is_postgresql(using):
        yield
        return
    value = NO_MUNICIPALITY if municipality_id is None else str(municipality_id)
    with transaction.atomic(using=using):
        previous = current_scope(using)
        _set(using, value)
        yield
        # Not on an error or a requested rollback: rolling back undoes SET LOCAL by itself.
        if not connections[using].needs_rollback:
            _set(using, previous)


@contextmanager
def task_scope(municipality_id: int | str | None, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Scope a background task's work to ``municipality_id`` without holding one transaction open.

    A worker (``db_worker``) runs each task in autocommit, and tasks commit as they go: a claimed
    robustness analysis must be seen as running by every web process at once, not when a
    multi-minute computation ends. So outside a transaction the scope is set for the connection's
    session and put back afterwards (a connection that cannot be reset is closed, so no later work
    inherits the scope). Inside a transaction (a task run at once, in a request or a test) it nests
    as :func:`municipality_scope` does. A no-op on SQLite.
    """
    if not _is_postgresql(using):
        yield
        return
    connection = connections[using]
    if connection.in_atomic_block:
        with municipality_scope(municipality_id, using):
            yield
        return
    value = NO_MUNICIPALITY if municipality_id is None else str(municipality_id)
    previous = current_scope(using)
    _set(using, value, local=False)
    try:
        yield
    finally:
        try:
            _set(using, previous, local=False)
        except DatabaseError:
            connection.close()


def scope_for_user(user: Any) -> str | int:
    """The scope of a signed-in user: their municipality; every one for the national administrator.

    The user table's check constraint allows no municipality only to the national administrator.
    """
    municipality_id = getattr(user, "municipality_id", None)
    return ALL_MUNICIPALITIES if municipality_id is None else municipality_id


def scope_request(request: HttpRequest, municipality_id: int | str | None) -> None:
    """Scope the rest of ``request`` to ``municipality_id`` (ended by :class:`DatabaseTenancyMiddleware`).

    The API calls this once its token is authenticated: the middleware cannot know the token's
    municipality, because django-ninja authenticates inside the view.
    """
    stack: ExitStack | None = getattr(request, "_database_scope", None)
    if stack is None:
        raise RuntimeError("DatabaseTenancyMiddleware is not installed.")
    stack.enter_context(municipality_scope(municipality_id))
    request._database_scoped = _is_postgresql(DEFAULT_DB_ALIAS)


def database_unscoped[V: Callable[..., Any]](view: V) -> V:
    """Mark a view that reads several municipalities on purpose (public pages, personal answer links).

    A signed-in user who opens another municipality's public page must see it as anyone would.
    """
    view.database_unscoped = True  # type: ignore[attr-defined]
    return view


class DatabaseTenancyMiddleware:
    """Scope each signed-in request's database work to the user's municipality (PostgreSQL).

    Put after ``MunicipalityMiddleware``. The scope opens a transaction just before the view runs and
    ends with the response; a response of 500 or more rolls it back.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with ExitStack() as stack:
            request._database_scope = stack
            response = self.get_response(request)
            if response.status_code >= 500 and getattr(request, "_database_scoped", False):
                transaction.set_rollback(True)
            return response

    def process_view(self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any) -> None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or getattr(view, "database_unscoped", False):
            return None
        scope_request(request, scope_for_user(user))
        return None


def municipality_tables(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Every table of the current schema with a ``municipality_id`` column, from the catalogue."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND column_name = 'municipality_id' "
            "AND table_name IN (SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE') ORDER BY table_name"
        )
        return [row[0] for row in cursor.fetchall()]


def apply_row_level_security(using: str = DEFAULT_DB_ALIAS, **_kwargs: Any) -> list[str]:
    """Enable, force and (re)create the isolation policy on every municipality table; idempotent.

    Returns the tables it covered. Connected to ``post_migrate`` (see ``CoreConfig.ready``).
    """
    if not _is_postgresql(using):
        return []
    covered = [table for table in municipality_tables(using) if table not in SHARED_TABLES]
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        for table in covered:
            quoted = connection.ops.quote_name(table)
            cursor.execute(f"ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY")
            cursor.execute(f"ALTER TABLE {quoted} FORCE ROW LEVEL SECURITY")
            cursor.execute(f"DROP POLICY IF EXISTS {POLICY_NAME} ON {quoted}")
            cursor.execute(f"CREATE POLICY {POLICY_NAME} ON {quoted} USING ({_POLICY_USING})")
    return covered
