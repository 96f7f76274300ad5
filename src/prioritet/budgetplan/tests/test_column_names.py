"""The økonomiplan names its budget columns as the municipality does («Kostnad (kr per år)»), never by
the key a file uses (``cost_nok``), on every page that shows them, the public one too; the key is shown
only where nothing names it, and the import preview says so. Its amount fields show no trailing zeros."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from prioritet.accounts.models import Role
from prioritet.budgetplan import services
from prioritet.budgetplan.demo import FRAMES
from prioritet.budgetplan.models import EconomyPlan, PlanMeasure
from prioritet.portfolio.models import ResourceColumn

COST = "Kostnad (kr per år)"
FTE = "Årsverk"


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode().replace("\u00a0", " ").replace("&nbsp;", " ")


def _unbalanced(plan: EconomyPlan) -> None:
    """Frames the proposal passes in 2029 (the proposal takes more than a million that year)."""
    plan.frames = {**FRAMES, "cost_nok": [20_000_000.0, 20_000_000.0, 1_000_000.0, 20_000_000.0]}
    plan.save(update_fields=["frames"])


def test_the_plan_page_names_the_frames_shortfalls_and_charts_by_the_columns_labels(demo, login_client):
    plan, director = demo
    _unbalanced(plan)
    page = _text(login_client(director).get(reverse("budgetplan:for_case", args=[plan.case_id])))
    assert f'<th scope="row">{COST}</th>' in page
    assert f'<th scope="row">{FTE}</th>' in page
    assert f"2029, {COST}:" in page
    assert f"Rammer og bruk per år: {COST}" in page
    assert '<th scope="row">cost_nok</th>' not in page
    assert ", cost_nok:" not in page


def test_the_municipalitys_own_label_and_unit_are_the_ones_shown(demo, login_client):
    plan, director = demo
    ResourceColumn.objects.create(municipality=plan.municipality, key="cost_nok", label="Driftsutgifter", unit="kr")
    page = _text(login_client(director).get(reverse("budgetplan:for_case", args=[plan.case_id])))
    assert '<th scope="row">Driftsutgifter (kr)</th>' in page
    assert COST not in page


def test_the_frames_form_labels_each_field_by_column_and_year_and_shows_no_trailing_zeros(demo, login_client):
    plan, director = demo
    plan.frames = {**FRAMES, "fte": [12.5, 12.0, 15.0, 15.0]}
    plan.save(update_fields=["frames"])
    page = _text(login_client(director).get(reverse("budgetplan:edit", args=[plan.case_id])))
    assert f"{COST} 2027</label>" in page
    assert f"{FTE} 2030</label>" in page
    assert "cost_nok 2027" not in page
    assert 'name="frame__cost_nok__0" value="11000000"' in page
    assert 'name="frame__fte__0" value="12,5"' in page
    assert 'name="frame__fte__1" value="12"' in page


def test_the_measure_form_names_its_amounts_by_the_column_and_shows_them_as_typed(demo, login_client):
    plan, director = demo
    night = PlanMeasure.objects.get(plan=plan, code="nattbemanning-sykehjem")
    page = _text(login_client(director).get(reverse("budgetplan:measure_edit", args=[plan.case_id, night.pk])))
    assert f"<legend>{COST}</legend>" in page
    assert f"{COST} hvert år tiltaket går" in page
    assert 'name="running__cost_nok" value="4150000"' in page
    assert 'name="running__fte" value="5,6"' in page


def test_the_alternative_names_use_frames_and_its_reasons_by_the_column(
    demo, login_client, municipal_admin, user_factory
):
    plan, _director = demo
    politician = user_factory(role=Role.POLITICIAN, username="rep")
    group = services.save_party_group(plan.municipality, municipal_admin, "Senterpartiet", [politician])
    alt = services.create_alternative(plan, politician, group, "Sp")
    _unbalanced(plan)
    page = _text(login_client(politician).get(reverse("budgetplan:alternative", args=[plan.case_id, alt.pk])))
    assert f'<th scope="row">{COST}</th>' in page
    assert f'<th scope="row">Ramme {COST}</th>' in page
    assert f"2029, {COST}: " in page
    assert "cost_nok" not in page


def _upload(client, plan, url_name: str, data: bytes, name: str):
    return client.post(reverse(url_name, args=[plan.case_id]), {"file": SimpleUploadedFile(name, data)}, follow=True)


def test_the_import_preview_names_known_columns_and_says_which_are_unknown(demo, login_client):
    plan, director = demo
    client = login_client(director)
    measures = "id;name;benefit;severity;resources;cost_nok;cost_nok_first;timer\na;Tiltak;3;3;2;100;200;4\n"
    page = _text(_upload(client, plan, "budgetplan:import_upload", measures.encode(), "plan.csv"))
    assert f"{COST}, startår" in page
    assert f"{COST}, løpende" in page
    assert "timer, startår" in page
    assert "cost_nok, startår" not in page
    assert 'data-testid="unknown-columns"' in page
    assert "<code>timer</code>" in page
    frames = "kolonne;2027;2028;2029;2030\ncost_nok;1;2;3;4\n"
    page = _text(_upload(client, plan, "budgetplan:frames_upload", frames.encode(), "rammer.csv"))
    assert f'<th scope="row">{COST}</th>' in page
    assert 'data-testid="unknown-columns"' not in page


def test_the_saksframlegg_names_the_shortfalls_by_the_column(demo, login_client):
    plan, director = demo
    _unbalanced(plan)
    page = _text(login_client(director).get(reverse("reports:saksframlegg", args=[plan.case_id])))
    assert f"2029 {COST}" in page
    assert "2029 cost_nok" not in page


@pytest.mark.parametrize(
    ("language", "heading"), [("nb", f"År for år: {COST}"), ("en", "Year by year: Cost (NOK per year)")]
)
def test_the_public_innstilling_names_its_tables_by_the_column_without_login(
    demo, login_client, client, language, heading
):
    plan, director = demo
    meeting = (timezone.localdate() + timedelta(days=20)).isoformat()
    login_client(director).post(
        reverse("budgetplan:innstilling", args=[plan.case_id]),
        {"recommended": "proposal", "meeting_date": meeting, "text": "", "action": "publish"},
    )
    client.cookies["django_language"] = language
    url = reverse("budgetplan:public_innstilling", args=[plan.municipality.slug, plan.pk])
    page = _text(client.get(url, HTTP_ACCEPT_LANGUAGE=language))
    assert heading in page
    assert "cost_nok" not in page


def test_the_import_preview_shows_the_files_amounts_with_their_decimals(demo, login_client):
    """5,6 årsverk in the file is 5,6 in the preview (it was rounded to 6), as in the frames' preview."""
    plan, director = demo
    client = login_client(director)
    measures = "id;name;benefit;severity;resources;fte;fte_first\na;Tiltak;3;3;2;5,6;0,25\n"
    page = _text(_upload(client, plan, "budgetplan:import_upload", measures.encode(), "plan.csv"))
    assert '<td class="pri-num">5,6</td>' in page
    assert '<td class="pri-num">0,25</td>' in page
    frames = "kolonne;2027;2028;2029;2030\nfte;10,5;11;11;11\n"
    page = _text(_upload(client, plan, "budgetplan:frames_upload", frames.encode(), "rammer.csv"))
    assert '<td class="pri-num">10,5</td>' in page
