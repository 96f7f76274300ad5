"""The municipality's own figures from its cases: per month and year, with how many cases each rests on."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from prioritet.accounts.models import ServiceArea
from prioritet.cases.models import Case, Decision, Level, Reassessment
from prioritet.indicators import own
from prioritet.indicators.models import IndicatorDefinition, IndicatorValue, PeerGroup, SourceKind, Status
from prioritet.indicators.tasks import compute_own_indicators, refresh_indicators
from prioritet.weighting.services import ensure_weights

OSLO = ZoneInfo("Europe/Oslo")


def _at(day: str, hour: int = 12) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hour, tzinfo=OSLO)


@pytest.fixture
def cases(make_case, caseworker, leader, municipality):
    """Six individual cases received in January–February 2025, four decided, one reassessed; one service case."""
    weights = ensure_weights(municipality)
    made = []
    for received, decided in (
        ("2025-01-03", "2025-01-13"),
        ("2025-01-10", "2025-02-03"),
        ("2025-01-20", "2025-02-10"),
        ("2025-01-31", "2025-02-04"),
        ("2025-02-05", None),
        ("2025-02-06", None),
    ):
        case = make_case(caseworker)
        Case.objects.filter(pk=case.pk).update(created_at=_at(received))
        if decided:
            decision = Decision.objects.create(
                case=case,
                alternative=case.alternatives.first(),
                justification="Samlet vurdering.",
                level=Level.INDIVIDUAL,
                weight_version=weights,
                reassessment_due=datetime.date(2025, 8, 1),
                decided_by=caseworker,
            )
            Decision.objects.filter(pk=decision.pk).update(decided_at=_at(decided))
        made.append(case)
    reassessment = Reassessment.objects.create(
        case=made[0], previous_decision=made[0].decisions.get(), reason="Endret behov.", started_by=caseworker
    )
    Reassessment.objects.filter(pk=reassessment.pk).update(started_at=_at("2025-02-20"))
    make_case(leader, level=Level.SERVICE, title="Omlegging av dagtilbudet")
    return made


def _values(municipality, key):
    return {
        v.period: (v.value, v.status, v.persons)
        for v in IndicatorValue.objects.filter(municipality=municipality, definition__key=key)
    }


def test_applications_decisions_and_reassessments_are_counted_per_month_and_year(municipality, cases):
    own.compute_own_indicators(municipality)
    applications = _values(municipality, "own_applications")
    assert applications["2025M01"] == (Decimal("4"), "", 4)
    assert applications["2025M02"] == (Decimal("2"), "", 2)
    assert applications["2025"] == (Decimal("6"), "", 6)
    decisions = _values(municipality, "own_decisions")
    assert decisions["2025M01"] == (Decimal("1"), "", 1)
    assert decisions["2025M02"] == (Decimal("3"), "", 3)
    reassessments = _values(municipality, "own_reassessments")
    assert reassessments["2025M02"] == (Decimal("1"), "", 1)
    assert reassessments["2025M01"] == (None, Status.NIL, 0)  # none: SSB's «-», not a number
    assert IndicatorValue.objects.filter(source=SourceKind.OWN, region=municipality.number).exists()
    assert not IndicatorValue.objects.exclude(region=municipality.number).exists()


def test_the_processing_time_is_the_median_of_days_to_the_first_decision_and_carries_its_case_count(
    municipality, cases
):
    own.compute_own_indicators(municipality)
    days = _values(municipality, "own_processing_days")
    assert days["2025M01"] == (Decimal("10"), "", 1)  # 3 → 13 January
    assert days["2025M02"] == (Decimal("21"), "", 3)  # 24, 21 and 4 days
    assert days["2025"] == (Decimal("15.5"), "", 4)
    assert "2025M03" not in days  # no decision: no median


def test_a_second_run_changes_only_what_the_cases_changed(municipality, cases, make_case, caseworker):
    first = own.compute_own_indicators(municipality)
    assert first.created > 0
    again = own.compute_own_indicators(municipality)
    assert (again.created, again.updated) == (0, 0)
    make_case(caseworker)  # received today
    assert own.compute_own_indicators(municipality).updated >= 2  # this month and this year


def test_another_municipalitys_cases_are_not_counted(municipality, other_municipality, cases):
    own.compute_own_indicators(other_municipality)
    assert not IndicatorValue.objects.filter(municipality=other_municipality).exists()


def test_the_task_and_the_daily_refresh_compute_them_offline(municipality, cases, settings):
    settings.INDICATORS_FETCH = False
    assert compute_own_indicators.call(municipality.pk).startswith("own figures:")
    IndicatorValue.objects.all().delete()
    group = PeerGroup.objects.create(municipality=municipality)
    assert refresh_indicators.call(group.pk).endswith("SSB off")
    assert _values(municipality, "own_applications")["2025"][0] == Decimal("6")
    IndicatorValue.objects.all().delete()
    call_command("fetch_indicators", "--now")
    assert _values(municipality, "own_applications")["2025"][0] == Decimal("6")


def test_a_leader_starts_the_computation_from_the_indicators_page_and_a_director_may_not(
    login_client, leader, director, municipality, cases
):
    assert 'action="/indicators/own/"' in login_client(leader).get("/indicators/").content.decode()
    assert login_client(director).post("/indicators/own/", {"compute": "on"}).status_code == 403
    assert login_client(leader).get("/indicators/own/").status_code == 405
    login_client(leader).post("/indicators/own/")  # a bare POST asks for nothing
    assert not IndicatorValue.objects.exists()
    response = login_client(leader).post("/indicators/own/", {"compute": "on"})
    assert response["Location"] == "/indicators/"
    assert _values(municipality, "own_applications")["2025M01"][0] == Decimal("4")


def test_the_demo_municipality_gets_own_figures_from_its_cases_and_the_case_system_export(db):
    from prioritet.accounts.models import Municipality

    call_command("load_demo", stdout=__import__("io").StringIO())
    demo = Municipality.objects.get(number="9999")
    applications = IndicatorValue.objects.filter(municipality=demo, definition__key="own_applications")
    assert applications.exists()
    assert all(applications.values_list("demo", flat=True))
    users = IndicatorValue.objects.get(municipality=demo, definition__key="users_home_nursing", period="2024")
    assert (users.value, users.persons, users.demo, users.source) == (Decimal("408"), 408, True, SourceKind.IMPORT)
    count = IndicatorValue.objects.filter(municipality=demo).count()
    call_command("load_demo", stdout=__import__("io").StringIO())
    assert IndicatorValue.objects.filter(municipality=demo).count() == count


def test_each_service_area_with_cases_gets_its_own_figures_named_after_the_national_one(municipality, cases):
    home, rehab = (
        ServiceArea.objects.create(municipality=municipality, name=name)
        for name in ("Hjemmetjenester", "Rehabilitering")
    )
    Case.objects.filter(pk__in=[case.pk for case in cases[:4]]).update(service_area=home)
    Case.objects.filter(pk=cases[4].pk).update(service_area=rehab)
    own.compute_own_indicators(municipality)
    home_applications = IndicatorDefinition.objects.get(owner=municipality, key=f"own-applications-area-{home.pk}")
    assert home_applications.service_area == home
    assert home_applications.name_nb == "Saker på individnivå mottatt: Hjemmetjenester"
    assert _values(municipality, home_applications.key)["2025M01"] == (Decimal("4"), "", 4)
    assert _values(municipality, home_applications.key)["2025M02"] == (None, Status.NIL, 0)
    assert _values(municipality, f"own-decisions-area-{home.pk}")["2025"] == (Decimal("4"), "", 4)
    assert _values(municipality, f"own-applications-area-{rehab.pk}")["2025"] == (Decimal("1"), "", 1)
    # The area without a decision has no processing time; the case without an area counts only in the whole.
    assert not IndicatorDefinition.objects.filter(key=f"own-processing-days-area-{rehab.pk}").exists()
    assert _values(municipality, "own_applications")["2025"] == (Decimal("6"), "", 6)


def test_an_area_of_another_municipality_gets_no_figures_here(municipality, other_municipality, cases):
    elsewhere = ServiceArea.objects.create(municipality=other_municipality, name="Hjemmetjenester")
    own.compute_own_indicators(municipality)
    assert not IndicatorDefinition.objects.filter(key__endswith=f"-area-{elsewhere.pk}").exists()
    assert not IndicatorDefinition.objects.filter(owner=other_municipality).exists()
