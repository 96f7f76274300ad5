"""The tamper-evident record: a row changed, inserted or deleted by hand is found and named."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.utils import DatabaseError

from prioritet.cases import services
from prioritet.cases.models import Case, CaseAccess
from prioritet.core.audit import AuditChainHead, create_chained, verify

POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def logged(caseworker, make_case):
    """An individual case of municipality A, read three times."""
    case = make_case(caseworker)
    for page in ("detail", "assessment", "detail"):
        services.record_access(case, caseworker, page)
    return case


def verify_fails(match: str) -> str:
    with pytest.raises(CommandError, match=match) as failure:
        call_command("verify_audit")
    return str(failure.value)


def raw(sql: str, params: list | tuple = ()) -> None:
    with connection.cursor() as cursor:
        if POSTGRES:
            cursor.execute("SET LOCAL prioritet.purge = 'on'")
        cursor.execute(sql, params)


def test_every_chain_holds_after_ordinary_work(logged, caseworker, make_case, other_municipality, user_factory, capsys):
    make_case(user_factory(username="annen", municipality=other_municipality))
    call_command("verify_audit", "--heads")
    out = capsys.readouterr().out
    assert "Every audit chain holds." in out
    assert f"cases.caseaccess\t{logged.municipality_id}\t3\t" in out
    assert not list(verify())


def test_each_municipality_has_its_own_chain_of_reads(logged, caseworker, other_municipality, user_factory):
    theirs = user_factory(username="annen", municipality=other_municipality)
    other_case = services.create_case(
        other_municipality, theirs, no_action_consequence="Ingen.", level="individual", title="B"
    )
    services.record_access(other_case, theirs, "detail")
    rows = CaseAccess.objects.order_by("id")
    assert [(r.chain_municipality, r.sequence) for r in rows] == [
        (logged.municipality_id, 1),
        (logged.municipality_id, 2),
        (logged.municipality_id, 3),
        (other_municipality.pk, 1),
    ]
    assert rows[1].previous_hash == rows[0].content_hash


def test_rows_inserted_together_chain_as_if_saved_one_by_one(
    logged, caseworker, make_case, other_municipality, user_factory, django_assert_max_num_queries
):
    theirs = user_factory(username="annen", municipality=other_municipality)
    other_case = services.create_case(
        other_municipality, theirs, no_action_consequence="Ingen.", level="individual", title="B"
    )
    rows = [CaseAccess(municipality=logged.municipality, case=logged, user=caseworker, page=f"p{i}") for i in range(4)]
    rows.insert(2, CaseAccess(municipality=other_municipality, case=other_case, user=theirs, page="other"))
    # One head lock per chain and one insert for all five rows: not one transaction per row.
    with django_assert_max_num_queries(12) as queries:
        create_chained(rows)
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum(s.startswith('INSERT INTO "cases_caseaccess"') for s in sql) == 1
    assert sum("core_auditchainhead" in s and s.startswith("SELECT") for s in sql) == 2
    ours = list(CaseAccess.objects.filter(municipality=logged.municipality).order_by("sequence"))
    assert [r.sequence for r in ours] == [1, 2, 3, 4, 5, 6, 7]
    assert [r.page for r in ours[3:]] == ["p0", "p1", "p2", "p3"]
    assert all(later.previous_hash == earlier.content_hash for earlier, later in itertools.pairwise(ours))
    assert CaseAccess.objects.get(municipality=other_municipality).sequence == 1
    assert AuditChainHead.objects.get(chain="cases.caseaccess", chain_municipality=logged.municipality_id).sequence == 7
    assert not list(verify())
    # And the next row saved alone carries on from the batch.
    services.record_access(logged, caseworker, "detail")
    assert not list(verify())


def test_rows_of_two_models_are_not_inserted_together(logged, caseworker):
    from prioritet.core.audit import PurgeRecord

    with pytest.raises(TypeError):
        create_chained([CaseAccess(municipality=logged.municipality, case=logged, user=caseworker), PurgeRecord()])


def test_a_row_changed_by_hand_is_named(logged):
    second = CaseAccess.objects.get(sequence=2)
    raw("UPDATE cases_caseaccess SET page = %s WHERE id = %s", ["changed", second.pk])
    message = verify_fails("content does not match")
    assert f"cases.caseaccess row {second.pk}" in message


def test_a_history_row_changed_by_hand_is_named(logged):
    first = Case.history.model.objects.get(id=logged.pk)
    raw("UPDATE cases_historicalcase SET title = %s WHERE history_id = %s", ["Annen tittel", first.pk])
    assert f"cases.historicalcase row {first.pk}" in verify_fails("content does not match")


def test_a_row_deleted_by_hand_is_named(logged):
    second, third = CaseAccess.objects.filter(sequence__in=(2, 3)).order_by("sequence")
    raw("DELETE FROM cases_caseaccess WHERE id = %s", [second.pk])
    assert f"cases.caseaccess row {third.pk}" in verify_fails("missing")


def test_the_newest_row_deleted_by_hand_is_found_from_the_head(logged):
    raw("DELETE FROM cases_caseaccess WHERE sequence = 3")
    verify_fails("newest rows are missing")


def test_a_row_inserted_by_hand_is_named(logged, caseworker):
    second = CaseAccess.objects.get(sequence=2)
    raw(
        "INSERT INTO cases_caseaccess (municipality_id, case_id, user_id, at, page, chain_municipality, sequence,"
        " previous_hash, content_hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            logged.municipality_id,
            logged.pk,
            caseworker.pk,
            second.at,
            "forged",
            logged.municipality_id,
            2,
            second.previous_hash,
            second.content_hash,
        ],
    )
    forged = CaseAccess.objects.get(page="forged")
    assert f"cases.caseaccess row {max(forged.pk, second.pk)}" in verify_fails("same place in the chain")


def test_a_head_moved_back_by_hand_is_found(logged):
    AuditChainHead.objects.filter(chain="cases.caseaccess").update(sequence=2)
    verify_fails("head")


@pytest.mark.skipif(not POSTGRES, reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_to_update_or_delete_an_audit_row(logged):
    for statement in ("UPDATE cases_caseaccess SET page = 'x'", "DELETE FROM cases_historicalcase"):
        with (
            pytest.raises(DatabaseError, match="cannot be changed or deleted"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert not list(verify())


@pytest.mark.skipif(not POSTGRES, reason="concurrent writers need PostgreSQL's row locks")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_a_chain(caseworker, make_case):
    case = make_case(caseworker)

    def read(worker: int) -> None:
        try:
            for _ in range(5):
                services.record_access(case, caseworker, f"worker-{worker}")
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(read, range(6)))

    rows = list(CaseAccess.objects.filter(case=case).order_by("sequence"))
    assert [r.sequence for r in rows] == list(range(1, 31))
    assert all(later.previous_hash == earlier.content_hash for earlier, later in itertools.pairwise(rows))
    assert not list(verify())
