"""Every import is checked and saved by background tasks; the page polls for the preview and the outcome
(issue 9, finding 4: the upload request returns at once, whatever the file)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_user
from prioritet.cases.models import Case, Level
from prioritet.core import tenancy_db
from prioritet.core.records import TaskStatus
from prioritet.core.tasks import run_queued_tasks
from prioritet.portfolio import analysis, imports, services, tasks
from prioritet.portfolio.models import Measure, MeasureImport, RobustnessAnalysis

from .conftest import csv_file
from .test_import import SOUND, confirm, upload

#: Queues the task and never runs it: what a web process sees before a worker has taken it.
QUEUED_ONLY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
BASIS = {"legal_basis_2": "Helse- og omsorgstjenesteloven § 4-1"}


def status_url(portfolio, record) -> str:
    return reverse("portfolio:import_status", args=[portfolio.pk, record.pk])


def confirm_url(portfolio, record) -> str:
    return reverse("portfolio:import_confirm", args=[portfolio.pk, record.pk])


def post_file(client, portfolio, data: bytes, name: str = "tiltak.csv"):
    return client.post(reverse("portfolio:import", args=[portfolio.pk]), {"file": SimpleUploadedFile(name, data)})


def never_read(*args, **kwargs):
    raise AssertionError("the file was read in the request")


def test_the_upload_stores_the_file_and_a_worker_checks_it_then_another_saves_it(
    portfolio, leader, login_client, queued_tasks, monkeypatch
):
    """The whole way, with the database queue as in production: no request reads the file."""
    client = login_client(leader)
    with monkeypatch.context() as request_only:
        request_only.setattr(imports, "preview", never_read)
        response = post_file(client, portfolio, csv_file(SOUND))
    record = MeasureImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == status_url(portfolio, record)
    assert (record.status, bytes(record.data), record.created_by, record.language) == (
        TaskStatus.CHECKING,
        csv_file(SOUND),
        leader,
        "nb",
    )
    assert record.task_id
    assert not [key for key, _value in client.session.items() if "import" in key]  # no copy of the file in the session
    page = client.get(status_url(portfolio, record)).content.decode()
    assert f'hx-get="{status_url(portfolio, record)}" hx-trigger="every 1s"' in page

    run_queued_tasks()  # the worker checks the file
    record.refresh_from_db()
    assert (record.status, bytes(record.data)) == (TaskStatus.CHECKED, b"")  # the check keeps what is needed
    poll = client.get(status_url(portfolio, record), headers={"HX-Request": "true"})
    assert poll["HX-Refresh"] == "true"  # the preview is a page of its own
    page = client.get(status_url(portfolio, record))
    preview = page.context["preview"]
    assert (preview.ok, preview.created, preview.total_rows) == (True, 5, 5)
    assert f'action="{confirm_url(portfolio, record)}"' in page.content.decode()
    assert [row.code for _, row in page.context["confirm_form"].basis_fields] == ["a"]

    with monkeypatch.context() as request_only:
        request_only.setattr(imports, "preview", never_read)  # the confirmation uses the stored check
        response = client.post(confirm_url(portfolio, record), BASIS)
    assert response["Location"] == status_url(portfolio, record)
    record.refresh_from_db()
    assert record.status == TaskStatus.QUEUED
    assert not Measure.objects.exists()
    page = client.get(status_url(portfolio, record)).content.decode()
    assert f'hx-get="{status_url(portfolio, record)}" hx-trigger="every 2s"' in page

    monkeypatch.setattr(imports, "preview", never_read)  # nor does the save read the file again
    run_queued_tasks()  # the worker saves the measures
    record.refresh_from_db()
    assert record.status == TaskStatus.DONE
    assert record.result == {"created": 5, "updated": 0, "columns_created": []}
    assert (bytes(record.data), record.preview) == (b"", {})  # nothing of the file is kept once it is saved
    assert record.municipality == portfolio.municipality
    assert list(Measure.objects.filter(portfolio=portfolio).order_by("position").values_list("code", flat=True)) == [
        "a",
        "b",
        "c",
        "d",
        "e",
    ]
    assert Measure.objects.get(code="a").legal_basis == BASIS["legal_basis_2"]
    assert Measure.objects.get(code="e").requires == Measure.objects.get(code="d")
    partial = client.get(status_url(portfolio, record), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in partial
    assert "<html" not in partial
    assert "Importerte 5 nye og 0 oppdaterte tiltak fra tiltak.csv." in partial


def test_with_tasks_run_at_once_the_upload_leads_to_the_preview_and_the_confirmation_to_the_outcome(
    portfolio, leader, login_client
):
    client = login_client(leader)
    response = confirm(client, portfolio, upload(client, portfolio, csv_file(SOUND)), **BASIS)
    record = MeasureImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == status_url(portfolio, record)
    assert record.status == TaskStatus.DONE
    content = client.get(response["Location"]).content.decode()
    assert "hx-trigger" not in content
    assert "Importerte 5 nye" in content


def test_a_file_with_problems_is_checked_in_the_uploaders_language_by_the_worker(
    portfolio, leader, login_client, settings
):
    """The worker has no request: the check words the problems in the language of the upload."""
    client = login_client(leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    with override_settings(TASKS=QUEUED_ONLY):
        post_file(client, portfolio, csv_file(["a;A;4,5;3;3;1;1;nei;;"]))
    record = MeasureImport.objects.get()
    assert record.language == "nn"
    services.check_measure_import(record)  # as the worker does, in no language of its own
    response = client.get(status_url(portfolio, record))
    problems = {(p.row, p.column): p.message for p in response.context["preview"].problems}
    assert problems == {(2, "nytte"): "nytte må vere eit heiltal frå 1 til 5, fekk «4,5»"}
    assert response.context["confirm_form"] is None
    assert "pri-cell-problem" in response.content.decode()


@override_settings(TASKS=QUEUED_ONLY)
def test_an_import_that_no_longer_fits_the_portfolio_saves_nothing_and_says_why(portfolio, leader, login_client):
    client = login_client(leader)
    post_file(client, portfolio, csv_file(SOUND))
    record = MeasureImport.objects.get()
    services.check_measure_import(record)
    client.post(confirm_url(portfolio, record), BASIS)
    Case.objects.filter(pk=portfolio.case_id).update(status="decided")  # decided while the save waited
    record.refresh_from_db()
    services.run_measure_import(record)
    record.refresh_from_db()
    assert record.status == TaskStatus.FAILED
    assert record.errors == [
        "Saken er avgjort, og porteføljen kan ikke lenger endres. Start en revurdering for å åpne saken igjen."
    ]
    assert not Measure.objects.exists()
    content = client.get(status_url(portfolio, record)).content.decode()
    assert "Ingenting fra tiltak.csv ble lagret" in content


@override_settings(TASKS=QUEUED_ONLY)
def test_a_check_that_breaks_fails_the_import_instead_of_leaving_the_page_waiting(
    portfolio, leader, login_client, monkeypatch
):
    client = login_client(leader)
    post_file(client, portfolio, csv_file(SOUND))
    record = MeasureImport.objects.get()

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(imports, "preview", broken)
    services.check_measure_import(record)
    record.refresh_from_db()
    assert (record.status, record.errors, bytes(record.data)) == (
        TaskStatus.FAILED,
        ["Filen kunne ikke kontrolleres. Ingenting er lagret."],
        b"",
    )
    assert "hx-trigger" not in client.get(status_url(portfolio, record)).content.decode()


@override_settings(TASKS=QUEUED_ONLY)
def test_tasks_run_twice_and_a_double_confirmation_save_the_measures_once(portfolio, leader, login_client):
    client = login_client(leader)
    post_file(client, portfolio, csv_file(SOUND))
    record = MeasureImport.objects.get()
    services.check_measure_import(record)
    services.check_measure_import(MeasureImport.objects.get(pk=record.pk))
    first = client.post(confirm_url(portfolio, record), BASIS)
    second = client.post(confirm_url(portfolio, record), BASIS)
    assert first["Location"] == second["Location"] == status_url(portfolio, record)
    record.refresh_from_db()
    assert not services.confirm_measure_import(record, leader, legal_bases={2: "§ 4-1"})
    services.run_measure_import(record)
    services.run_measure_import(MeasureImport.objects.get(pk=record.pk))
    assert Measure.objects.filter(portfolio=portfolio).count() == 5
    assert Measure.history.filter(portfolio=portfolio).count() == 5


@override_settings(TASKS=QUEUED_ONLY)
def test_a_new_upload_replaces_the_users_earlier_one_waiting_for_confirmation(portfolio, leader, login_client):
    client = login_client(leader)
    post_file(client, portfolio, csv_file(SOUND))
    earlier = MeasureImport.objects.get()
    services.check_measure_import(earlier)
    post_file(client, portfolio, csv_file(SOUND[:2]))
    assert list(MeasureImport.objects.values_list("status", flat=True)) == [TaskStatus.CHECKING]
    assert client.get(status_url(portfolio, earlier)).status_code == 404


@override_settings(TASKS=QUEUED_ONLY)
def test_another_municipality_other_users_and_other_roles_cannot_see_or_confirm_an_upload(
    portfolio, leader, login_client, user_factory, other_municipality, director
):
    client = login_client(leader)
    post_file(client, portfolio, csv_file(SOUND))
    record = MeasureImport.objects.get()
    services.check_measure_import(record)
    page, confirmation = status_url(portfolio, record), confirm_url(portfolio, record)
    outsider = login_client(user_factory(Role.LEADER, municipality=other_municipality, username="annen-leder"))
    assert outsider.get(page).status_code == 404
    assert outsider.post(confirmation, BASIS).status_code == 404
    # Another leader of the same municipality: the upload waits in its uploader's hands alone.
    colleague = login_client(user_factory(Role.LEADER, username="leder-2"))
    assert colleague.get(page).status_code == 404
    assert colleague.post(confirmation, BASIS).status_code == 404
    admin = login_client(user_factory(Role.MUNICIPAL_ADMIN, username="kommuneadmin-2"))
    assert admin.get(page).status_code == 403
    assert admin.post(confirmation, BASIS).status_code == 403
    caseworker = login_client(user_factory(Role.CASEWORKER, username="saksbehandler-2"))
    assert caseworker.post(confirmation, BASIS).status_code == 403
    assert caseworker.post(reverse("portfolio:import", args=[portfolio.pk]), {}).status_code == 403
    record.refresh_from_db()
    assert record.status == TaskStatus.CHECKED
    assert not Measure.objects.exists()
    # Once confirmed and saved, the outcome is the portfolio's readers' to see, as the measures are.
    client.post(confirmation, BASIS)
    services.run_measure_import(MeasureImport.objects.get(pk=record.pk))
    assert colleague.get(page).status_code == 200
    assert caseworker.get(page).status_code == 200
    assert outsider.get(page).status_code == 404


def test_new_measures_requiring_each_other_are_linked_without_bulk_update(portfolio, leader, monkeypatch):
    """``requires`` between new measures goes by the same prepared UPDATE as the rest of an import."""

    def no_bulk_update(*args, **kwargs):
        raise AssertionError("bulk_update writes one CASE per row: its cost is the square of the batch")

    monkeypatch.setattr(Measure.objects, "bulk_update", no_bulk_update)
    data = csv_file(["a;A;3;4;2;1;1;nei;;", "b;B;3;4;2;1;1;nei;;a", "c;C;3;4;2;1;1;nei;;b"])
    services.import_measures(portfolio, leader, imports.preview(portfolio, data, "t.csv"))
    by_code = {m.code: m for m in Measure.objects.filter(portfolio=portfolio)}
    assert (by_code["a"].requires, by_code["b"].requires, by_code["c"].requires) == (None, by_code["a"], by_code["b"])
    assert by_code["c"].history.get().requires_id == by_code["b"].pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row-level security is PostgreSQL's")
def test_the_portfolio_tasks_work_inside_their_records_municipality(
    portfolio, leader, other_municipality, make_case, monkeypatch, app_database_role
):
    """A forgotten filter inside any of the tasks still sees only the portfolio's municipality (issue 9)."""
    make_case(make_user(Role.LEADER, municipality=other_municipality, username="leder-b"), level=Level.SERVICE)
    seen: list[tuple[str, int]] = []

    def spy(*_args):
        seen.append((tenancy_db.current_scope(), Case.objects.exclude(municipality=portfolio.municipality).count()))
        return "done"

    monkeypatch.setattr(services, "check_measure_import", lambda record: spy() and record)
    monkeypatch.setattr(services, "run_measure_import", lambda record: spy() and record)
    monkeypatch.setattr(analysis, "run_robustness", spy)
    record = MeasureImport.objects.create(
        municipality=portfolio.municipality, portfolio=portfolio, created_by=leader, filename="a.csv", data=b"x"
    )
    robustness = RobustnessAnalysis.objects.create(
        municipality=portfolio.municipality, portfolio=portfolio, fingerprint="f"
    )
    tasks.check_measure_import.call(record.pk)
    tasks.run_measure_import.call(record.pk)
    tasks.run_robustness_analysis.call(robustness.pk)
    assert seen == [(str(portfolio.municipality_id), 0)] * 3


def test_an_import_stored_as_pending_reads_queued_after_the_migration(portfolio, leader):
    """The import's own word «pending» became the shared vocabulary's «queued» (core.records.TaskStatus)."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("prioritet.portfolio.migrations.0007_task_records")
    record = MeasureImport.objects.create(
        municipality=portfolio.municipality, portfolio=portfolio, created_by=leader, filename="a.csv"
    )
    MeasureImport.objects.filter(pk=record.pk).update(status="pending")
    migration.pending_is_queued(apps, None)
    record.refresh_from_db()
    assert record.status == TaskStatus.QUEUED
    migration.queued_is_pending(apps, None)
    assert MeasureImport.objects.get(pk=record.pk).status == "pending"
