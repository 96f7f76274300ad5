"""Retention: purge_expired anonymises and deletes what is past retention, records it, and the chain holds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from prioritet.cases import services
from prioritet.cases.models import Alternative, Case, CaseAccess, Level
from prioritet.cases.retention import ANONYMISED
from prioritet.cases.testing import scores
from prioritet.core.audit import PurgeRecord, verify

NOW = timezone.now()
LONG_AGO = NOW - dt.timedelta(days=4000)


@pytest.fixture
def closed_case(caseworker, make_case):
    """An individual case with a name typed into it, assessed and archived 4,000 days ago."""
    case = make_case(caseworker, title="Rehabilitering for Kari Nordmann", description="Kari bor alene.")
    alternative = services.add_alternative(case, caseworker, title="Opphold for Kari")
    services.save_assessment(alternative, caseworker, None, scores(4, 2, benefit_justification="Kari trenger det"))
    case.refresh_from_db()
    case = services.set_archived(case, caseworker, case.version, True)
    Case.objects.filter(pk=case.pk).update(closed_at=LONG_AGO)
    return case


def purge(*args: str) -> None:
    call_command("purge_expired", *args)


def test_an_individual_case_closed_past_retention_is_anonymised_with_its_history(
    closed_case, caseworker, leader, make_case, capsys
):
    kept = make_case(caseworker, title="Åpen sak")
    service_case = make_case(leader, level=Level.SERVICE, title="Tjenestesak")
    services.set_archived(service_case, leader, service_case.version, True)
    Case.objects.filter(pk=service_case.pk).update(closed_at=LONG_AGO)

    purge("--user", caseworker.username)

    closed_case.refresh_from_db()
    assert (closed_case.title, closed_case.description) == (ANONYMISED, "")
    assert closed_case.anonymised_at
    assert not Alternative.objects.filter(case=closed_case, title__contains="Kari").exists()
    assert not closed_case.alternatives.filter(assessments__benefit_justification__contains="Kari").exists()
    assert not Case.history.filter(id=closed_case.pk).exists()
    assert not Alternative.history.filter(case_id=closed_case.pk).exists()
    assert Case.history.filter(id__in=(kept.pk, service_case.pk)).count() >= 2
    record = PurgeRecord.objects.get(kind="individual_cases")
    assert (record.count, record.action, record.performed_by, record.municipality) == (
        1,
        "anonymise",
        caseworker,
        closed_case.municipality,
    )
    assert "3650 days" in record.rule
    assert caseworker.username in record.actor
    assert record.gaps, "the deleted history rows are named so the chain can be followed across them"
    assert "individual_cases: anonymised 1" in capsys.readouterr().out
    assert not list(verify())
    call_command("verify_audit")


def test_a_dry_run_counts_and_changes_nothing(closed_case, capsys):
    purge("--dry-run")
    assert "individual_cases: would anonymise 1" in capsys.readouterr().out
    closed_case.refresh_from_db()
    assert closed_case.title.startswith("Rehabilitering")
    assert Case.history.filter(id=closed_case.pk).exists()
    assert not PurgeRecord.objects.exists()


def test_a_purge_twice_does_nothing_the_second_time(closed_case):
    purge()
    purge()
    assert PurgeRecord.objects.filter(kind="individual_cases").count() == 1
    assert not list(verify())


def test_old_reads_are_deleted_from_the_middle_of_the_access_log_and_the_chain_still_holds(
    caseworker, make_case, settings
):
    settings.PRIORITET_RETENTION_DAYS = {**settings.PRIORITET_RETENTION_DAYS, "access_log": 30}
    case = make_case(caseworker)
    ages = [400, 5, 400, 400, 5, 400]  # days; old reads between new ones, and at the end
    for age in ages:
        CaseAccess.objects.create(
            municipality=case.municipality, case=case, user=caseworker, at=NOW - dt.timedelta(days=age)
        )

    purge()

    assert CaseAccess.objects.count() == 2
    record = PurgeRecord.objects.get(kind="access_log")
    assert record.count == 4
    assert [(g["first"], g["last"]) for g in record.gaps] == [(1, 1), (3, 4), (6, 6)]
    assert not list(verify())

    services.record_access(case, caseworker, "detail")
    assert not list(verify()), "new reads chain on after the purged tail"


def test_a_purge_record_changed_by_hand_breaks_the_chain(closed_case):
    purge()
    record = PurgeRecord.objects.get(kind="individual_cases")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL prioritet.purge = 'on'")
        cursor.execute("UPDATE core_purgerecord SET count = 0 WHERE id = %s", [record.pk])
    with pytest.raises(CommandError, match=f"core.purgerecord row {record.pk}"):
        call_command("verify_audit")


def test_expired_sessions_are_deleted_and_recorded_nationally(caseworker, login_client):
    from django.contrib.sessions.models import Session

    login_client(caseworker).get("/")
    Session.objects.update(expire_date=NOW - dt.timedelta(days=1))
    purge()
    assert not Session.objects.exists()
    record = PurgeRecord.objects.get(kind="sessions")
    assert record.municipality is None
    assert record.count >= 1


def test_archiving_an_individual_case_starts_its_retention_and_restoring_stops_it(caseworker, make_case):
    case = make_case(caseworker)
    case = services.set_archived(case, caseworker, case.version, True)
    assert case.closed_at is not None
    case = services.set_archived(case, caseworker, case.version, False)
    assert case.closed_at is None


def test_a_purge_in_the_name_of_an_unknown_user_is_refused_before_anything_goes(closed_case):
    with pytest.raises(CommandError, match="No user"):
        purge("--user", "finnes-ikke")
    closed_case.refresh_from_db()
    assert closed_case.anonymised_at is None
    assert not PurgeRecord.objects.exists()


def test_an_old_emergency_access_goes_with_its_reads_and_the_chain_still_holds(caseworker, user_factory, make_case):
    from prioritet.accounts.models import Role
    from prioritet.cases.models import AccessGrant, GrantReason

    case = make_case(caseworker)
    outsider = user_factory(Role.CASEWORKER)
    long_ago = NOW - dt.timedelta(days=4000)
    old = services.break_glass(case, outsider, reason=GrantReason.URGENT, explanation="Behov den gang.")
    AccessGrant.objects.filter(pk=old.pk).update(granted_at=long_ago, expires_at=long_ago)
    recent = services.break_glass(case, outsider, reason=GrantReason.URGENT, explanation="Behov nå.")
    CaseAccess.objects.create(municipality=case.municipality, case=case, user=outsider, grant=old, at=long_ago)
    CaseAccess.objects.create(municipality=case.municipality, case=case, user=outsider, grant=recent, at=NOW)

    purge()

    assert list(AccessGrant.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not AccessGrant.history.filter(id=old.pk).exists()
    assert CaseAccess.objects.get().grant == recent
    assert not list(verify())


def test_consistency_reports_older_than_their_period_are_deleted_by_purge_expired(
    leader, municipality, other_municipality, user_factory, settings
):
    from prioritet.accounts.testing import make_service_area
    from prioritet.cases.models import ConsistencyReport

    assert settings.PRIORITET_RETENTION_DAYS["consistency_reports"] == 365
    today = timezone.localdate()

    def report(user, area, age_days: int) -> ConsistencyReport:
        made = ConsistencyReport.objects.create(
            municipality=user.municipality,
            service_area=area,
            date_from=today - dt.timedelta(days=30),
            date_to=today,
            requested_by=user,
            result={"furthest": [{"case": 1, "reference": "K-1"}], "caseworkers": {"rows": []}},
        )
        ConsistencyReport.objects.filter(pk=made.pk).update(created_at=NOW - dt.timedelta(days=age_days))
        return made

    area = make_service_area(municipality, "Hjemmetjenester")
    theirs = user_factory(username="annen-leder", municipality=other_municipality)
    old = [report(leader, area, 400), report(leader, None, 366)]
    other_old = report(theirs, make_service_area(other_municipality, "Sykehjem"), 500)
    recent = report(leader, area, 300)

    purge()

    assert list(ConsistencyReport.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not ConsistencyReport.objects.filter(pk__in=[r.pk for r in [*old, other_old]]).exists()
    records = {r.municipality_id: r for r in PurgeRecord.objects.filter(kind="consistency_reports")}
    assert {m: (r.count, r.action) for m, r in records.items()} == {
        municipality.pk: (2, "delete"),
        other_municipality.pk: (1, "delete"),
    }
    assert "365 days" in records[municipality.pk].rule
    assert not list(verify())

    # A shorter period set by the operator is followed.
    settings.PRIORITET_RETENTION_DAYS = {**settings.PRIORITET_RETENTION_DAYS, "consistency_reports": 100}
    purge()
    assert not ConsistencyReport.objects.exists()
