"""The pages of a political case's innstilling and vedtak, and the municipal administrator's body list."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from prioritet.accounts.models import Role
from prioritet.cases import services
from prioritet.cases.models import Amendment, Case, DecisionBody, Level, PoliticalResolution, Recommendation, Status
from prioritet.cases.testing import assess, body_of, future, recommend


@pytest.fixture
def political_case(director):
    case = services.create_case(
        director.municipality,
        director,
        no_action_consequence="Flere trenger sykehjemsplass.",
        level=Level.POLITICAL,
        title="Dagtilbud for personer med demens",
        severity=4,
    )
    centre = services.add_alternative(case, director, title="Dagtilbud fire dager i uken")
    visits = services.add_alternative(case, director, title="Hjemmebesøk")
    assess(centre, director, 4, 2)
    assess(visits, director, 3, 3)
    case.refresh_from_db()
    return case, centre, visits


def url(name, case):
    return reverse(name, args=[case.pk])


def vedtak_post(case, centre, **extra):
    from prioritet.cases.judgment import combined_judgment

    fresh = Case.objects.get(pk=case.pk)
    data = {
        "body": body_of(case.municipality).pk,
        "meeting_date": timezone.localdate().isoformat(),
        "saksnummer": "PS 45/26",
        "alternative": centre.pk,
        "priority": "high",
        "adopted_text": "Dagtilbud fire dager i uken gjennomføres.",
        "departure_description": "",
        "votes_for": "",
        "votes_against": "",
        "reassessment_due": future().isoformat(),
        "version": fresh.version,
        "signature": combined_judgment(fresh).signature,
        "amendments-TOTAL_FORMS": "2",
        "amendments-INITIAL_FORMS": "0",
        "amendments-MIN_NUM_FORMS": "0",
        "amendments-MAX_NUM_FORMS": "20",
        "unanimous": "on",
    }
    data.update(extra)
    return {k: v for k, v in data.items() if v is not None}


def test_the_director_sees_the_button_and_records_the_innstilling(political_case, director, login_client):
    case, centre, _ = political_case
    client = login_client(director)
    page = client.get(url("cases:detail", case)).content.decode()
    assert url("cases:recommend", case) in page
    from prioritet.cases.judgment import combined_judgment

    response = client.post(
        url("cases:recommend", case),
        {
            "alternative": centre.pk,
            "priority": "high",
            "proposed_resolution": "Kommunestyret vedtar dagtilbud fire dager i uken.",
            "justification": "Størst nytte.",
            "version": case.version,
            "signature": combined_judgment(case).signature,
        },
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get(case=case)
    assert recommendation.recommended_by == director
    page = client.get(url("cases:detail", case)).content.decode()
    assert "Kommunestyret vedtar dagtilbud fire dager i uken." in page


def test_the_innstilling_form_shows_what_is_missing(political_case, director, login_client):
    case, centre, _ = political_case
    from prioritet.cases.judgment import combined_judgment

    response = login_client(director).post(
        url("cases:recommend", case),
        {
            "alternative": centre.pk,
            "priority": "high",
            "proposed_resolution": "",
            "justification": "x",
            "version": case.version,
            "signature": combined_judgment(case).signature,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["proposed_resolution"]
    assert not Recommendation.objects.exists()


@pytest.mark.parametrize("role", [Role.POLITICIAN, Role.LEADER, Role.MUNICIPAL_ADMIN])
def test_other_roles_cannot_open_the_innstilling_page(political_case, user_factory, login_client, role):
    case, *_ = political_case
    assert login_client(user_factory(role)).get(url("cases:recommend", case)).status_code == 403


@pytest.mark.parametrize("name", ["cases:recommend", "cases:vedtak"])
def test_another_municipality_gets_404_for_the_political_pages(
    political_case, user_factory, other_municipality, login_client, name
):
    case, *_ = political_case
    for role in (Role.DIRECTOR, Role.POLITICIAN):
        outsider = user_factory(role, municipality=other_municipality, username=f"ute-{role}")
        assert login_client(outsider).get(url(name, case)).status_code == 404


def test_the_vedtak_page_waits_for_the_innstilling(political_case, politician, login_client):
    case, *_ = political_case
    response = login_client(politician).get(url("cases:vedtak", case))
    assert response.status_code == 302
    assert response["Location"].endswith("#recommendation")


def test_the_decision_page_of_a_political_case_leads_to_the_vedtak_page(political_case, politician, login_client):
    case, *_ = political_case
    response = login_client(politician).get(url("cases:decide", case))
    assert response["Location"] == url("cases:vedtak", case)


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.LEADER, Role.CASEWORKER])
def test_only_a_politician_opens_the_vedtak_page(political_case, director, user_factory, login_client, role):
    case, centre, _ = political_case
    recommend(case, director, centre)
    user = director if role == Role.DIRECTOR else user_factory(role)
    assert login_client(user).get(url("cases:vedtak", case)).status_code == 403


def test_the_politician_records_a_departing_vedtak_with_an_amendment(
    political_case, director, politician, login_client
):
    case, centre, visits = political_case
    recommend(case, director, centre, proposed_resolution="Dagtilbud fire dager i uken gjennomføres.")
    client = login_client(politician)
    form = client.get(url("cases:vedtak", case))
    assert form.context["form"].initial["adopted_text"] == "Dagtilbud fire dager i uken gjennomføres."
    response = client.post(
        url("cases:vedtak", case),
        vedtak_post(
            case,
            visits,
            adopted_text="Hjemmebesøk gjennomføres.",
            departure_description="Flertallet valgte hjemmebesøk.",
            unanimous=None,
            votes_for="20",
            votes_against="15",
            **{
                "amendments-0-proposed_by": "Ap",
                "amendments-0-text": "Hjemmebesøk i stedet.",
                "amendments-0-outcome": "adopted",
                "amendments-0-votes_for": "20",
                "amendments-0-votes_against": "15",
            },
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    resolution = PoliticalResolution.objects.get()
    assert resolution.departs_from_recommendation
    assert Amendment.objects.get().adopted is True
    page = client.get(url("cases:detail", case)).content.decode()
    assert "PS 45/26" in page
    assert "Flertallet valgte hjemmebesøk." in page
    assert "Hjemmebesøk i stedet." in page


def test_an_amendment_without_an_outcome_is_shown_on_its_row(political_case, director, politician, login_client):
    case, centre, _ = political_case
    recommend(case, director, centre, proposed_resolution="Dagtilbud fire dager i uken gjennomføres.")
    response = login_client(politician).post(
        url("cases:vedtak", case),
        vedtak_post(case, centre, **{"amendments-1-proposed_by": "H", "amendments-1-text": "Mer."}),
    )
    assert response.status_code == 200
    assert response.context["formset"].forms[1].errors["outcome"]
    assert Case.objects.get(pk=case.pk).status == Status.OPEN


def test_a_wrong_saksnummer_is_shown_on_the_field(political_case, director, politician, login_client):
    case, centre, _ = political_case
    recommend(case, director, centre, proposed_resolution="Dagtilbud fire dager i uken gjennomføres.")
    response = login_client(politician).post(url("cases:vedtak", case), vedtak_post(case, centre, saksnummer="sak 45"))
    assert response.status_code == 200
    assert "PS 45/26" in response.context["form"].errors["saksnummer"][0]


def test_the_vedtak_form_offers_only_the_municipalitys_active_bodies(
    political_case, director, politician, other_municipality, login_client
):
    case, centre, _ = political_case
    recommend(case, director, centre)
    body_of(case.municipality)
    DecisionBody.objects.create(municipality=case.municipality, name="Nedlagt utvalg", active=False)
    foreign = body_of(other_municipality, "Bystyret")
    page = login_client(politician).get(url("cases:vedtak", case)).content.decode()
    assert "Kommunestyret" in page
    assert "Nedlagt utvalg" not in page
    assert "Bystyret" not in page
    response = login_client(politician).post(url("cases:vedtak", case), vedtak_post(case, centre, body=foreign.pk))
    assert response.status_code == 200
    assert Case.objects.get(pk=case.pk).status == Status.OPEN


# Decision bodies ----------------------------------------------------------------------------------


def test_the_municipal_admin_adds_and_renames_a_body(municipal_admin, login_client):
    client = login_client(municipal_admin)
    assert client.post(reverse("cases:body_create"), {"name": "Formannskapet", "active": "on"}).status_code == 302
    body = DecisionBody.objects.get(municipality=municipal_admin.municipality)
    response = client.post(reverse("cases:body_edit", args=[body.pk]), {"name": "Formannskapet (FSK)"})
    assert response.status_code == 302
    body.refresh_from_db()
    assert (body.name, body.active) == ("Formannskapet (FSK)", False)
    assert "Formannskapet (FSK)" in client.get(reverse("cases:bodies")).content.decode()


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.POLITICIAN, Role.LEADER, Role.CASEWORKER])
def test_other_roles_cannot_manage_bodies(user_factory, login_client, role):
    client = login_client(user_factory(role))
    assert client.get(reverse("cases:bodies")).status_code == 403
    assert client.post(reverse("cases:body_create"), {"name": "X"}).status_code == 403
    assert not DecisionBody.objects.exists()


def test_a_body_of_another_municipality_is_404(municipal_admin, other_municipality, login_client):
    foreign = body_of(other_municipality, "Bystyret")
    client = login_client(municipal_admin)
    assert client.get(reverse("cases:body_edit", args=[foreign.pk])).status_code == 404
    assert "Bystyret" not in client.get(reverse("cases:bodies")).content.decode()


def test_the_history_shows_the_innstilling_and_the_vedtak(political_case, director, politician, login_client):
    case, centre, _ = political_case
    recommend(case, director, centre, proposed_resolution="Dagtilbud fire dager i uken gjennomføres.")
    login_client(politician).post(url("cases:vedtak", case), vedtak_post(case, centre))
    page = login_client(director).get(url("cases:history", case)).content.decode()
    assert "Kommunedirektørens innstilling" in page
    assert "Dagtilbud fire dager i uken gjennomføres." in page
    assert "PS 45/26" in page
