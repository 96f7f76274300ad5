"""Row-level security: a forgotten municipality filter returns no other municipality's rows (PostgreSQL).

The PostgreSQL tests run as an ordinary role (``app_database_role``): superusers bypass every policy.
"""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_user, sign_in
from prioritet.api.testing import make_integration_token
from prioritet.cases.models import Case, CaseAccess, Level
from prioritet.core import tenancy_db
from prioritet.core.tenancy_db import DatabaseTenancyMiddleware, municipality_scope

POSTGRES = connection.vendor == "postgresql"
only_postgres = pytest.mark.skipif(not POSTGRES, reason="row-level security is PostgreSQL's")
only_sqlite = pytest.mark.skipif(POSTGRES, reason="SQLite has no row-level security")


@pytest.fixture
def two_municipalities(municipality, other_municipality, make_case):
    """Two cases in A (one individual), one in B, made unscoped as the test set-up is."""
    a = make_user(Role.LEADER, municipality=municipality, username="leder-a")
    b = make_user(Role.LEADER, municipality=other_municipality, username="leder-b")
    make_case(make_user(Role.CASEWORKER, municipality=municipality, username="sb-a"), level=Level.INDIVIDUAL)
    make_case(a, level=Level.SERVICE, title="Dagaktivitet")
    make_case(b, level=Level.SERVICE, title="Sandefjords sak")
    return a, b


def through_middleware(request, view) -> HttpResponse:
    """Run ``view`` behind DatabaseTenancyMiddleware, as Django's handler would."""

    def handler(request: HttpRequest) -> HttpResponse:
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware = DatabaseTenancyMiddleware(handler)
    return middleware(request)


def raw_count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


@only_postgres
def test_every_table_with_a_municipality_column_has_forced_row_level_security(db):
    """A table added by any app later is covered by the post_migrate handler, or this names it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relrowsecurity AND c.relforcerowsecurity "
            "AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = %s)",
            [tenancy_db.POLICY_NAME],
        )
        protected = {row[0] for row in cursor.fetchall()}
    tables = set(tenancy_db.municipality_tables())
    assert {"cases_case", "cases_historicalcase", "cases_caseaccess", "portfolio_portfolio"} <= tables
    missing = sorted(tables - protected - set(tenancy_db.SHARED_TABLES))
    assert missing == [], f"tables with municipality_id but no row-level security: {missing}"
    assert not protected & set(tenancy_db.SHARED_TABLES)


@only_postgres
def test_applying_the_policies_again_changes_nothing(db):
    first = tenancy_db.apply_row_level_security()
    assert first == tenancy_db.apply_row_level_security()
    assert "cases_case" in first


@only_postgres
def test_an_unfiltered_query_as_a_user_of_one_municipality_sees_only_its_rows(two_municipalities, app_database_role):
    a, b = two_municipalities
    assert Case.objects.count() == 3  # unscoped, as migrations and management commands are
    with municipality_scope(a.municipality_id):
        assert sorted(Case.objects.values_list("municipality_id", flat=True)) == [a.municipality_id] * 2
        assert raw_count("cases_case") == 2
        assert raw_count("cases_historicalcase") == 2
        assert not Case.objects.filter(title="Sandefjords sak").exists()
    with municipality_scope(b.municipality_id):
        assert list(Case.objects.values_list("title", flat=True)) == ["Sandefjords sak"]
    with municipality_scope(tenancy_db.ALL_MUNICIPALITIES):
        assert Case.objects.count() == 3
    with municipality_scope(None):
        assert Case.objects.count() == 0
    assert Case.objects.count() == 3  # the previous scope comes back


@only_postgres
def test_a_scoped_user_cannot_write_rows_of_another_municipality(two_municipalities, app_database_role):
    a, b = two_municipalities
    other_case = Case.objects.get(municipality=b.municipality)
    with municipality_scope(a.municipality_id):
        assert Case.objects.filter(pk=other_case.pk).update(title="Overskrevet") == 0
        assert Case.objects.filter(pk=other_case.pk).delete()[0] == 0
        with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
            CaseAccess.objects.create(municipality=b.municipality, user=a, case=other_case)
    other_case.refresh_from_db()
    assert other_case.title == "Sandefjords sak"


@only_postgres
def test_the_middleware_scopes_a_signed_in_request_and_the_national_admin_sees_all(
    two_municipalities, app_database_role, national_admin
):
    a, _b = two_municipalities
    seen: list[int] = []

    def view(request):
        seen.append(Case.objects.count())  # deliberately unfiltered
        return HttpResponse()

    for user, expected in [(a, 2), (national_admin, 3)]:
        request = RequestFactory().get("/")
        request.user = user
        through_middleware(request, view)
        assert seen.pop() == expected
    assert tenancy_db.current_scope() == ""


@only_postgres
def test_a_server_error_rolls_the_scoped_request_back(two_municipalities, app_database_role):
    a, _b = two_municipalities

    def view(request):
        Case.objects.update(title="Halvferdig")
        return HttpResponse(status=500)

    request = RequestFactory().post("/")
    request.user = a
    through_middleware(request, view)
    assert not Case.objects.filter(title="Halvferdig").exists()


@only_postgres
def test_an_api_token_scopes_the_request_to_its_municipality(two_municipalities, app_database_role, monkeypatch):
    """With the API's own filter removed, the token still reads no other municipality's case."""
    from prioritet.api import selectors as api_selectors
    from prioritet.api.tests.conftest import ApiClient

    a, b = two_municipalities
    other_case = Case.objects.get(municipality=b.municipality)
    admin = make_user(Role.MUNICIPAL_ADMIN, municipality=a.municipality, username="admin-a")
    _token, raw = make_integration_token(a.municipality, role=a.role, name="Fagsystem", created_by=admin)
    monkeypatch.setattr(api_selectors, "cases", lambda municipality, user, **filters: Case.objects.all())
    response = ApiClient(raw).get("/cases")
    assert response.status_code == 200, response.content
    body = response.json()
    items = body["items"] if isinstance(body, dict) else body
    assert other_case.pk not in {item["id"] for item in items}
    assert len(items) == 2


@only_postgres
def test_a_signed_in_user_reads_another_municipalitys_public_page(two_municipalities, app_database_role, client):
    a, b = two_municipalities
    sign_in(client, a)
    response = client.get(f"/p/{b.municipality.slug}/")
    assert response.status_code == 200


@only_sqlite
def test_on_sqlite_the_scope_opens_no_transaction(db):
    """SQLite keeps the ORM's isolation only; a read must not take its write lock."""
    with municipality_scope(1):
        assert not connection.in_atomic_block or connection.savepoint_ids == []
    assert tenancy_db.apply_row_level_security() == []
