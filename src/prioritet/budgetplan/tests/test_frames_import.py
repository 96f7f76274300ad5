"""The yearly frames from a CSV or XLSX file: read by the one reader, previewed, saved only when
confirmed, each problem with its row and column in the uploader's language; roles and tenants."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from prioritet.accounts.models import Role
from prioritet.budgetplan.demo import FRAMES
from prioritet.budgetplan.models import EconomyPlan, ImportKind, PlanImport
from prioritet.core.records import TaskStatus
from prioritet.core.testing import FNR

GOOD = "kolonne;2027;2028;2029;2030\ncost_nok;20 000 000;21 000 000;22 000 000;23 500 000,50\n"


def _upload(client, plan, data: bytes, name: str = "rammer.csv", language: str | None = None):
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    if language:
        client.cookies["django_language"] = language
    return client.post(
        reverse("budgetplan:frames_upload", args=[plan.case_id]),
        {"file": SimpleUploadedFile(name, data)},
        follow=True,
        **headers,
    )


def test_frames_are_previewed_and_saved_only_when_confirmed_keeping_the_other_columns(demo, login_client):
    plan, director = demo
    client = login_client(director)
    response = _upload(client, plan, GOOD.encode())
    assert response.status_code == 200
    assert response.context["problems"] == []
    assert response.context["frames"] == {"cost_nok": [20_000_000.0, 21_000_000.0, 22_000_000.0, 23_500_000.5]}
    record = PlanImport.objects.get(plan=plan)
    assert record.kind == ImportKind.FRAMES
    assert record.status == TaskStatus.CHECKED
    assert EconomyPlan.objects.get(pk=plan.pk).frames == FRAMES  # nothing saved yet
    client.post(reverse("budgetplan:import_confirm", args=[plan.case_id, record.pk]))
    saved = EconomyPlan.objects.get(pk=plan.pk)
    assert saved.frames["cost_nok"] == [20_000_000.0, 21_000_000.0, 22_000_000.0, 23_500_000.5]
    assert saved.frames["fte"] == FRAMES["fte"]  # the file does not name it: kept
    assert saved.version == plan.version + 1
    assert PlanImport.objects.get(pk=record.pk).status == TaskStatus.DONE


def test_a_workbook_is_read_as_the_csv_is(demo, login_client):
    plan, director = demo
    book = Workbook()
    sheet = book.active
    sheet.append(["column", 2027, 2028, 2029, 2030])
    sheet.append(["fte", 13, 13.5, 16, 16])
    buffer = io.BytesIO()
    book.save(buffer)
    response = _upload(login_client(director), plan, buffer.getvalue(), "rammer.xlsx")
    assert response.context["problems"] == []
    assert response.context["frames"] == {"fte": [13.0, 13.5, 16.0, 16.0]}


def test_each_problem_names_its_row_and_column_and_nothing_is_saved(demo, login_client):
    plan, director = demo
    client = login_client(director)
    data = (f"kolonne;2027;2028;2029;2031\ncost_nok;1 000;mange;3 000\nTiltak {FNR};1;2;3\ncost_nok;1;2;3\n").encode()
    response = _upload(client, plan, data)
    problems = {(p["row"], p["column"]) for p in response.context["problems"]}
    assert (1, "2031") in problems  # not a year of the period
    assert (1, None) in problems  # no column for 2030
    assert (2, "2028") in problems  # not an amount
    assert (3, "kolonne") in problems  # a national identity number as a column name
    assert (4, None) in problems  # cost_nok named twice
    assert response.context["frames"] == {}
    record = PlanImport.objects.get(plan=plan)
    confirm = client.post(reverse("budgetplan:import_confirm", args=[plan.case_id, record.pk]), follow=True)
    assert confirm.status_code == 200
    assert EconomyPlan.objects.get(pk=plan.pk).frames == FRAMES


def test_the_problems_are_in_the_uploaders_language(demo, login_client):
    plan, director = demo
    texts = {}
    for language in ("nb", "nn", "en"):
        PlanImport.objects.all().delete()
        response = _upload(
            login_client(director), plan, b"kolonne;2027;2028;2029;2030\ncost_nok;x;1;2;3\n", language=language
        )
        (problem,) = response.context["problems"]
        assert (problem["row"], problem["column"]) == (2, "2027")
        texts[language] = problem["message"]
    assert len(set(texts.values())) == 3


def test_a_period_changed_after_the_check_is_refused(demo, login_client):
    plan, director = demo
    client = login_client(director)
    _upload(client, plan, GOOD.encode())
    record = PlanImport.objects.get(plan=plan)
    EconomyPlan.objects.filter(pk=plan.pk).update(last_year=2029)
    client.post(reverse("budgetplan:import_confirm", args=[plan.case_id, record.pk]))
    assert PlanImport.objects.get(pk=record.pk).status == TaskStatus.FAILED
    assert EconomyPlan.objects.get(pk=plan.pk).frames == FRAMES


def test_only_the_case_workers_import_frames_and_other_municipalities_get_404(
    demo, login_client, user_factory, other_municipality
):
    plan, _director = demo
    url = reverse("budgetplan:frames_upload", args=[plan.case_id])
    politician = login_client(user_factory(role=Role.POLITICIAN, username="rep"))
    assert politician.get(url).status_code == 403
    assert _upload(politician, plan, GOOD.encode()).status_code == 403
    outsider = login_client(user_factory(role=Role.DIRECTOR, municipality=other_municipality, username="ut"))
    assert outsider.get(url).status_code == 404
    assert _upload(outsider, plan, GOOD.encode()).status_code == 404
    assert not PlanImport.objects.exists()
