"""Large imports are saved by a background task; the page polls for the outcome (issue 9, finding 4)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_user
from prioritet.cases.models import Case, Level
from prioritet.core import tenancy_db
from prioritet.core.records import TaskStatus
from prioritet.portfolio import analysis, services, tasks, views
from prioritet.portfolio.models import Measure, MeasureImport, RobustnessAnalysis

from .conftest import csv_file
from .test_import import SOUND, confirm, upload

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
#: Queues the task and never runs it: what a web process sees before a worker has taken it.
QUEUED_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
BASIS = {"legal_basis_2": "Helse- og omsorgstjenesteloven § 4-1"}


@pytest.fixture(autouse=True)
def small_threshold(monkeypatch):
    """Every import in these tests counts as large."""
    monkeypatch.setattr(views, "BACKGROUND_IMPORT_ROWS", 2)


def status_url(portfolio, record) -> str:
    return reverse("portfolio:import_status", args=[portfolio.pk, record.pk])


@override_settings(TASKS=IMMEDIATE)
def test_a_large_import_is_saved_by_a_background_task_and_the_page_shows_the_outcome(portfolio, leader, login_client):
    client = login_client(leader)
    response = confirm(client, portfolio, upload(client, portfolio, csv_file(SOUND)), **BASIS)
    record = MeasureImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == status_url(portfolio, record)
    assert record.status == TaskStatus.DONE
    assert record.result == {"created": 5, "updated": 0, "columns_created": []}
    assert record.data == b""  # the file is not kept once its measures are saved
    assert record.municipality == portfolio.municipality
    assert list(Measure.objects.filter(portfolio=portfolio).values_list("code", flat=True).order_by("position")) == [
        "a",
        "b",
        "c",
        "d",
        "e",
    ]
    assert Measure.objects.get(code="a").legal_basis == BASIS["legal_basis_2"]
    content = client.get(response["Location"]).content.decode()
    assert "hx-trigger" not in content
    assert "5" in content


@override_settings(TASKS=QUEUED_ONLY)
def test_the_confirmation_returns_before_the_measures_are_saved_and_the_page_polls(portfolio, leader, login_client):
    client = login_client(leader)
    response = confirm(client, portfolio, upload(client, portfolio, csv_file(SOUND)), **BASIS)
    record = MeasureImport.objects.get()
    assert record.status == TaskStatus.QUEUED
    assert bytes(record.data) == csv_file(SOUND)
    assert not Measure.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert f'hx-get="{status_url(portfolio, record)}" hx-trigger="every 2s"' in page
    services.run_measure_import(record)  # what the worker does
    partial = client.get(status_url(portfolio, record), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial
    assert "<html" not in partial
    assert Measure.objects.filter(portfolio=portfolio).count() == 5


@override_settings(TASKS=QUEUED_ONLY)
def test_an_import_that_no_longer_fits_the_portfolio_saves_nothing_and_says_why(portfolio, leader, login_client):
    client = login_client(leader)
    confirm(client, portfolio, upload(client, portfolio, csv_file(SOUND)), **BASIS)
    record = MeasureImport.objects.get()
    MeasureImport.objects.filter(pk=record.pk).update(data=csv_file(["x;Uten tall;;;;;;;;"]))
    record.refresh_from_db()
    services.run_measure_import(record)
    record.refresh_from_db()
    assert record.status == TaskStatus.FAILED
    assert record.errors
    assert not Measure.objects.exists()
    content = client.get(status_url(portfolio, record)).content.decode()
    assert record.errors[0] in content


@override_settings(TASKS=QUEUED_ONLY)
def test_a_task_run_twice_saves_the_measures_once(portfolio, leader, login_client):
    client = login_client(leader)
    confirm(client, portfolio, upload(client, portfolio, csv_file(SOUND)), **BASIS)
    record = MeasureImport.objects.get()
    services.run_measure_import(record)
    services.run_measure_import(MeasureImport.objects.get(pk=record.pk))
    assert Measure.objects.filter(portfolio=portfolio).count() == 5


@override_settings(TASKS=QUEUED_ONLY)
def test_another_municipality_and_other_roles_cannot_see_an_import(
    portfolio, leader, login_client, user_factory, other_municipality
):
    client = login_client(leader)
    confirm(client, portfolio, upload(client, portfolio, csv_file(SOUND)), **BASIS)
    url = status_url(portfolio, MeasureImport.objects.get())
    outsider = user_factory(Role.LEADER, municipality=other_municipality, username="annen-leder")
    assert login_client(outsider).get(url).status_code == 404
    admin = user_factory(Role.MUNICIPAL_ADMIN, username="kommuneadmin-2")
    assert login_client(admin).get(url).status_code == 403


def test_a_small_import_is_still_saved_while_the_user_waits(portfolio, leader, login_client, monkeypatch):
    monkeypatch.setattr(views, "BACKGROUND_IMPORT_ROWS", 200)
    client = login_client(leader)
    response = confirm(client, portfolio, upload(client, portfolio, csv_file(SOUND)), **BASIS)
    assert response["Location"].startswith(reverse("portfolio:detail", args=[portfolio.pk]))
    assert not MeasureImport.objects.exists()
    assert Measure.objects.count() == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row-level security is PostgreSQL's")
def test_the_portfolio_tasks_work_inside_their_records_municipality(
    portfolio, leader, other_municipality, make_case, monkeypatch, app_database_role
):
    """A forgotten filter inside either task still sees only the portfolio's municipality (issue 9)."""
    make_case(make_user(Role.LEADER, municipality=other_municipality, username="leder-b"), level=Level.SERVICE)
    seen: list[tuple[str, int]] = []

    def spy(*_args):
        seen.append((tenancy_db.current_scope(), Case.objects.exclude(municipality=portfolio.municipality).count()))
        return "done"

    monkeypatch.setattr(services, "run_measure_import", lambda record: spy() and record)
    monkeypatch.setattr(analysis, "run_robustness", spy)
    record = MeasureImport.objects.create(
        municipality=portfolio.municipality, portfolio=portfolio, created_by=leader, filename="a.csv", data=b"x"
    )
    robustness = RobustnessAnalysis.objects.create(
        municipality=portfolio.municipality, portfolio=portfolio, fingerprint="f"
    )
    tasks.run_measure_import.call(record.pk)
    tasks.run_robustness_analysis.call(robustness.pk)
    assert seen == [(str(portfolio.municipality_id), 0)] * 2
