"""Uploads of figures: checked by a task into a preview, saved only when confirmed, all or none."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from prioritet.core.records import TaskStatus
from prioritet.core.tasks import run_queued_tasks
from prioritet.indicators import imports, services, uploads
from prioritet.indicators.models import IndicatorDefinition, IndicatorImport, IndicatorValue, PeriodKind, SourceKind


@pytest.fixture
def coverage(db):
    definition = IndicatorDefinition.objects.get(owner=None, key="nursing_home_80")
    definition.ssb_content_code = ""
    definition.save()
    return definition


def _start(municipality, user, definition, data: bytes, name: str = "tall.csv", language: str = "nb"):
    return uploads.start_import(municipality, user, definition, name, data, language)


# The check (services) -----------------------------------------------------------------------------


def test_a_sound_file_is_checked_into_a_preview_with_counts_and_nothing_is_saved(municipality, leader, coverage):
    IndicatorValue.objects.create(
        municipality=municipality,
        definition=coverage,
        region="3909",
        period="2022",
        period_kind=PeriodKind.YEAR,
        value=Decimal("13.0"),
    )
    data = b"Region;Tid;value;status\n3909;2022;13;\n3909;2023;12,4;\n3909;2024;;:\n"
    record = _start(municipality, leader, coverage, data)
    assert record.status == TaskStatus.CHECKED
    assert bytes(record.data) == b""
    preview = imports.from_stored(record.preview)
    assert preview.ok
    assert (preview.counts.created, preview.counts.updated, preview.counts.unchanged) == (2, 0, 1)
    assert [row["period"] for row in preview.first] == ["2022", "2023", "2024"]
    assert [row["change"] for row in preview.first] == ["", "new", "new"]
    assert IndicatorValue.objects.count() == 1


def test_every_problem_is_listed_with_its_row_and_column_in_nynorsk(municipality, leader, coverage):
    data = b"Region;Tid;value;status\n3909;2023;mykje;\n3909;2024Q1;1;\n39 09;2024;1;\n3909;2025;;x\n3909;2026;2;\n"
    record = _start(municipality, leader, coverage, data, language="nn")
    preview = imports.from_stored(record.preview)
    assert not preview.ok
    found = [(p.row, p.column) for p in preview.problems]
    assert found == [(2, "value"), (3, "Tid"), (4, "Region"), (5, "status")]
    assert "verdien «mykje» er ikkje eit tal" in preview.problems[0].message.lower()
    assert "«2024Q1»" in preview.problems[1].message
    assert not IndicatorValue.objects.exists()


def test_a_file_that_is_no_table_gives_one_clear_problem(municipality, leader, coverage):
    record = _start(municipality, leader, coverage, b"Region;Tid\n3909;2023\n")
    problems = imports.from_stored(record.preview).problems
    with translation.override("nb"):
        assert len(problems) == 1
        assert "value" in problems[0].message
        assert problems[0].row is None


def test_a_file_of_several_indicators_names_each_rows_by_its_key(municipality, leader, coverage):
    data = (
        b"indicator;Region;Tid;value\n"
        b"users_home_nursing;3909;2025;412\n"
        b"hours_home_nursing;3909;2025;3,9\n"
        b"no_such_indicator;3909;2025;1\n"
    )
    record = _start(municipality, leader, None, data)
    preview = imports.from_stored(record.preview)
    assert [(p.row, p.column) for p in preview.problems] == [(4, "indicator")]
    assert "no_such_indicator" in preview.problems[0].message


def test_a_persons_column_says_how_many_people_each_figure_describes(municipality, leader, coverage):
    data = b"Region;Tid;value;persons\n3909;2023;12,4;250\n3909;2024;40;3\n3909;2025;1;mange\n"
    record = _start(municipality, leader, coverage, data)
    problems = imports.from_stored(record.preview).problems
    assert [(p.row, p.column) for p in problems] == [(4, "persons")]
    record = _start(municipality, leader, coverage, data.rsplit(b"\n", 2)[0] + b"\n")
    uploads.confirm_import(record, leader)
    values = IndicatorValue.objects.filter(definition=coverage).order_by("period")
    assert [(v.period, v.persons) for v in values] == [("2023", 250), ("2024", 3)]


def test_a_file_without_an_indicator_column_needs_the_indicator_chosen(municipality, leader):
    record = _start(municipality, leader, None, b"Region;Tid;value\n3909;2023;1\n")
    assert not imports.from_stored(record.preview).ok


# Confirm, save, cancel ----------------------------------------------------------------------------


def test_confirming_saves_every_value_as_imported_and_records_the_counts(municipality, leader, coverage):
    record = _start(municipality, leader, coverage, b"Region;Tid;value;status\n3909;2023;12,4;\n3909;2024;;:\n")
    assert uploads.confirm_import(record, leader)
    record.refresh_from_db()
    assert record.status == TaskStatus.DONE
    assert record.result == {"created": 2, "updated": 0, "unchanged": 0}
    assert record.preview == {}
    values = IndicatorValue.objects.filter(municipality=municipality, definition=coverage).order_by("period")
    assert [(v.period, v.value, v.status, v.source) for v in values] == [
        ("2023", Decimal("12.4"), "", SourceKind.IMPORT),
        ("2024", None, ":", SourceKind.IMPORT),
    ]
    assert not uploads.confirm_import(record, leader)  # a second click saves nothing more


def test_a_file_with_problems_cannot_be_confirmed(municipality, leader, coverage):
    from django.core.exceptions import ValidationError

    record = _start(municipality, leader, coverage, b"Region;Tid;value\n3909;2023;1\n3909;2024;x\n")
    with pytest.raises(ValidationError):
        uploads.confirm_import(record, leader)
    assert not IndicatorValue.objects.exists()


def test_the_save_is_all_or_none(municipality, leader, coverage, monkeypatch):
    data = b"indicator;Region;Tid;value\nusers_home_nursing;3909;2025;412\nhours_home_nursing;3909;2025;3,9\n"
    record = _start(municipality, leader, None, data)
    calls = []
    write = services.write

    def fail_second(planned):
        calls.append(planned)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return write(planned)

    monkeypatch.setattr(services, "write", fail_second)
    uploads.confirm_import(record, leader)
    record.refresh_from_db()
    assert record.status == TaskStatus.FAILED
    assert record.errors
    assert not IndicatorValue.objects.exists()


def test_cancelling_discards_the_upload_and_saves_nothing(municipality, leader, coverage):
    record = _start(municipality, leader, coverage, b"Region;Tid;value\n3909;2023;1\n")
    assert uploads.cancel_import(record, leader)
    assert not IndicatorImport.objects.exists()
    assert not IndicatorValue.objects.exists()


def test_a_director_may_not_start_or_confirm_an_import(municipality, director, coverage):
    with pytest.raises(PermissionDenied):
        _start(municipality, director, coverage, b"Region;Tid;value\n3909;2023;1\n")


def test_a_new_upload_replaces_the_users_earlier_unconfirmed_one(municipality, leader, coverage):
    first = _start(municipality, leader, coverage, b"Region;Tid;value\n3909;2023;1\n")
    second = _start(municipality, leader, coverage, b"Region;Tid;value\n3909;2023;2\n")
    assert list(IndicatorImport.objects.values_list("pk", flat=True)) == [second.pk]
    assert first.pk != second.pk


# Tasks ----------------------------------------------------------------------------------------------


def test_the_request_only_queues_the_check_and_the_worker_checks_then_saves_after_confirming(
    municipality, leader, coverage, queued_tasks
):
    record = _start(municipality, leader, coverage, b"Region;Tid;value\n3909;2023;1\n")
    assert record.status == TaskStatus.CHECKING
    assert record.task_id
    run_queued_tasks()
    record.refresh_from_db()
    assert record.status == TaskStatus.CHECKED
    assert not IndicatorValue.objects.exists()
    uploads.confirm_import(record, leader)
    assert record.status == TaskStatus.QUEUED
    assert not IndicatorValue.objects.exists()
    run_queued_tasks()
    record.refresh_from_db()
    assert record.status == TaskStatus.DONE
    assert IndicatorValue.objects.get().value == Decimal("1")


def test_a_check_that_breaks_fails_the_import_instead_of_waiting_for_ever(municipality, leader, coverage, monkeypatch):
    monkeypatch.setattr(imports, "preview", lambda *args: 1 / 0)
    record = _start(municipality, leader, coverage, b"Region;Tid;value\n3909;2023;1\n")
    assert record.status == TaskStatus.FAILED
    assert record.errors


# Pages ----------------------------------------------------------------------------------------------


def _upload(client, definition, data: bytes, name: str = "tall.csv"):
    fields = {"file": SimpleUploadedFile(name, data)}
    if definition is not None:
        fields["definition"] = definition.pk
    return client.post("/indicators/upload/", fields)


def test_a_leader_uploads_sees_the_preview_and_confirms(login_client, leader, municipality, coverage):
    client = login_client(leader)
    response = _upload(client, coverage, b"Region;Tid;value;status\n3909;2023;12,4;\n3909;2024;;:\n")
    record = IndicatorImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/indicators/imports/{record.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "2 nye verdier" in page
    assert "12,4" in page
    assert not IndicatorValue.objects.exists()
    response = client.post(f"/indicators/imports/{record.pk}/confirm/", follow=True)
    assert "2 nye verdier" in response.content.decode()
    assert IndicatorValue.objects.filter(municipality=municipality).count() == 2


def test_a_bad_file_shows_each_problem_by_row_and_has_nothing_to_confirm(login_client, leader, coverage):
    client = login_client(leader)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    response = _upload(client, coverage, b"Region;Tid;value\n3909;2023;mykje\n")
    page = client.get(response["Location"]).content.decode()
    assert "Verdien «mykje» er ikkje eit tal" in page
    assert "<td>2</td><td>value</td>" in page
    record = IndicatorImport.objects.get()
    assert f"/indicators/imports/{record.pk}/confirm/" not in page
    assert client.post(f"/indicators/imports/{record.pk}/confirm/").status_code == 302
    assert not IndicatorValue.objects.exists()


def test_cancelling_on_the_page_discards_the_upload(login_client, leader, coverage):
    client = login_client(leader)
    response = _upload(client, coverage, b"Region;Tid;value\n3909;2023;1\n")
    record = IndicatorImport.objects.get()
    response = client.post(f"/indicators/imports/{record.pk}/cancel/")
    assert response["Location"] == "/indicators/upload/"
    assert not IndicatorImport.objects.exists()
    assert not IndicatorValue.objects.exists()


def test_the_status_page_polls_while_the_check_runs(login_client, leader, coverage, queued_tasks):
    client = login_client(leader)
    response = _upload(client, coverage, b"Region;Tid;value\n3909;2023;1\n")
    page = client.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in page
    run_queued_tasks()
    refresh = client.get(response["Location"], headers={"HX-Request": "true"})
    assert refresh.headers.get("HX-Refresh") == "true"


def test_only_leaders_and_the_administrator_upload(login_client, director, politician, municipal_admin):
    for user in (director, politician):
        assert login_client(user).get("/indicators/upload/").status_code == 403
        assert login_client(user).get("/indicators/upload/template.csv").status_code == 403
    assert login_client(municipal_admin).get("/indicators/upload/").status_code == 200


def test_another_municipalitys_or_another_users_unconfirmed_import_is_not_found(
    login_client, leader, municipal_admin, other_municipality, user_factory, coverage
):
    from prioritet.accounts.models import Role

    theirs_leader = user_factory(role=Role.LEADER, municipality=other_municipality)
    theirs = _start(other_municipality, theirs_leader, coverage, b"Region;Tid;value\n3909;2023;1\n")
    mine = _start(leader.municipality, leader, coverage, b"Region;Tid;value\n3909;2023;1\n")
    for path in ("", "confirm/", "cancel/"):
        assert login_client(leader).get(f"/indicators/imports/{theirs.pk}/{path}").status_code in (404, 405)
        assert login_client(leader).post(f"/indicators/imports/{theirs.pk}/{path}").status_code in (404, 405)
    assert login_client(municipal_admin).get(f"/indicators/imports/{mine.pk}/").status_code == 404
    assert IndicatorImport.objects.count() == 2
    assert not IndicatorValue.objects.exists()


def test_a_file_for_another_municipalitys_own_indicator_is_refused(login_client, municipal_admin, other_municipality):
    theirs = IndicatorDefinition.objects.create(
        owner=other_municipality, key="own", name_nb="Egen", name_nn="Eiga", name_en="Own", unit="stk"
    )
    response = _upload(login_client(municipal_admin), theirs, b"Region;Tid;value\n3909;2023;1\n")
    assert response.status_code == 400
    assert not IndicatorImport.objects.exists()


def test_the_templates_have_the_exact_columns_and_read_back_as_sound_files(
    login_client, leader, municipality, settings
):
    client = login_client(leader)
    csv = client.get("/indicators/upload/template.csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode("utf-8-sig").splitlines()[0] == "indicator;Region;Tid;value;status;persons"
    for kind, content in (("csv", csv.content), ("xlsx", client.get("/indicators/upload/template.xlsx").content)):
        preview = imports.preview(municipality, None, content, f"mal.{kind}")
        assert preview.ok, preview.problems
        assert preview.counts.created == len(imports.TEMPLATE_ROWS)
