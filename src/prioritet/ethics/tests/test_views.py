"""The guided form's pages: tenancy, roles, access log, the flow, conflicts, the case page and the report."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from prioritet.accounts.models import Role
from prioritet.cases.models import CaseAccess
from prioritet.cases.selectors import case_timeline
from prioritet.ethics import services
from prioritet.ethics.models import EthicalReflection, ReflectionStatus
from prioritet.ethics.views import CONFLICT


def nb(message) -> str:
    with translation.override("nb"):
        return translation.gettext(message) if isinstance(message, str) else str(message)


def completed(case, user, title="Hjemme eller institusjon?", conclusion="Hjemmerehabilitering med trygghetstiltak."):
    r = services.start(case, user, title=title, participants="saksbehandler, fysioterapeut")
    r = services.save_step(r, user, r.version, 1, {"step_challenge": "Bør vi gå mot søkerens ønske?"})
    r = services.save_step(r, user, r.version, 4, {"step_values": "Selvbestemmelse og rettferdig fordeling."})
    r = services.save_step(
        r,
        user,
        r.version,
        6,
        {"step_deliberation": "Veid samlet.", "conclusion": conclusion, "follow_up": "Ny samtale."},
    )
    return services.complete(r, user, r.version)


def urls(case, reflection):
    return [
        reverse("ethics:for_case", args=[case.pk]),
        reverse("ethics:start", args=[case.pk]),
        reverse("ethics:detail", args=[case.pk, reflection.pk]),
        reverse("ethics:intro_edit", args=[case.pk, reflection.pk]),
        reverse("ethics:step", args=[case.pk, reflection.pk, 1]),
    ]


def test_another_municipalitys_reflection_is_404(
    individual_case, caseworker, user_factory, other_municipality, login_client
):
    reflection = services.start(individual_case, caseworker, title="Dilemma")
    outsider = login_client(user_factory(Role.CASEWORKER, municipality=other_municipality))
    for url in urls(individual_case, reflection):
        assert outsider.get(url).status_code == 404, url
    assert (
        outsider.post(reverse("ethics:complete", args=[individual_case.pk, reflection.pk]), {"version": 1}).status_code
        == 404
    )


def test_a_reflection_of_another_case_is_404(individual_case, make_case, caseworker, login_client):
    reflection = services.start(individual_case, caseworker, title="Dilemma")
    other = make_case(caseworker, title="Annen sak")
    response = login_client(caseworker).get(reverse("ethics:detail", args=[other.pk, reflection.pk]))
    assert response.status_code == 404


def test_roles_read_and_write_as_they_do_on_the_case(
    individual_case, service_case, caseworker, leader, director, login_client
):
    reflection = services.start(service_case, leader, title="Dilemma")
    # A director may not read individual cases at all.
    assert login_client(director).get(reverse("ethics:for_case", args=[individual_case.pk])).status_code == 403
    # A caseworker reads a service case but may not work on it.
    client = login_client(caseworker)
    assert client.get(reverse("ethics:detail", args=[service_case.pk, reflection.pk])).status_code == 200
    assert client.get(reverse("ethics:start", args=[service_case.pk])).status_code == 403
    assert client.get(reverse("ethics:step", args=[service_case.pk, reflection.pk, 1])).status_code == 403
    page = client.get(reverse("ethics:for_case", args=[service_case.pk])).content.decode()
    assert reverse("ethics:start", args=[service_case.pk]) not in page


def test_reading_a_reflection_of_an_individual_case_is_logged(individual_case, caseworker, login_client):
    reflection = services.start(individual_case, caseworker, title="Dilemma")
    login_client(caseworker).get(reverse("ethics:detail", args=[individual_case.pk, reflection.pk]))
    assert CaseAccess.objects.filter(case=individual_case, user=caseworker, page="ethics_read").count() == 1


def test_the_guided_form_goes_step_by_step_to_the_review(individual_case, caseworker, login_client):
    client = login_client(caseworker)
    start = client.post(
        reverse("ethics:start", args=[individual_case.pk]), {"title": "Dilemma", "participants": "to saksbehandlere"}
    )
    reflection = EthicalReflection.objects.get(case=individual_case)
    assert start.url == reverse("ethics:step", args=[individual_case.pk, reflection.pk, 1])
    page = client.get(start.url).content.decode()
    with translation.override("nb"):
        assert "Trinn 1 av 6" in page
    assert 'aria-current="step"' in page
    assert nb("What is the ethical challenge?") in page
    assert nb("Write without names or identity numbers: describe people by their role.") in page

    step = lambda n: reverse("ethics:step", args=[individual_case.pk, reflection.pk, n])  # noqa: E731
    response = client.post(step(1), {"version": 1, "step_challenge": "Bør vi?", "action": "next"})
    assert response.url == step(2)
    response = client.post(step(2), {"version": 2, "step_facts": "Fakta.", "action": "previous"})
    assert response.url == step(1)
    response = client.post(step(1), {"version": 3, "step_challenge": "Bør vi virkelig?", "action": "save"})
    assert response.url == step(1)
    response = client.post(
        step(6),
        {
            "version": 4,
            "step_deliberation": "Samlet.",
            "conclusion": "Vi anbefaler B.",
            "follow_up": "",
            "action": "next",
        },
    )
    assert response.url.endswith("#review")
    review = client.get(response.url).content.decode()
    assert "Bør vi virkelig?" in review
    assert "Fakta." in review
    assert "Vi anbefaler B." in review
    client.post(reverse("ethics:complete", args=[individual_case.pk, reflection.pk]), {"version": 5})
    reflection.refresh_from_db()
    assert reflection.status == ReflectionStatus.COMPLETED
    # A completed reflection's step pages send the user back to the review.
    assert client.get(step(2)).status_code == 302


def test_an_unknown_step_is_404(individual_case, caseworker, login_client):
    reflection = services.start(individual_case, caseworker, title="Dilemma")
    assert (
        login_client(caseworker).get(reverse("ethics:step", args=[individual_case.pk, reflection.pk, 7])).status_code
        == 404
    )


def test_a_stale_step_keeps_the_input_and_shows_the_saved_notes(individual_case, caseworker, login_client):
    reflection = services.start(individual_case, caseworker, title="Dilemma")
    services.save_step(reflection, caseworker, 1, 2, {"step_facts": "Lagret av en annen."})
    url = reverse("ethics:step", args=[individual_case.pk, reflection.pk, 2])
    response = login_client(caseworker).post(url, {"version": 1, "step_facts": "Mine notater.", "action": "next"})
    assert response.status_code == 200
    page = response.content.decode()
    assert nb(CONFLICT) in page
    assert "Mine notater." in page
    assert "Lagret av en annen." in page
    reflection.refresh_from_db()
    assert reflection.step_facts == "Lagret av en annen."


def test_the_case_page_shows_completed_and_in_progress_reflections(service_case, leader, login_client):
    completed(service_case, leader)
    services.start(service_case, leader, title="Påbegynt refleksjon")
    page = login_client(leader).get(reverse("cases:detail", args=[service_case.pk])).content.decode()
    assert 'id="section-ethics"' in page
    assert "Hjemmerehabilitering med trygghetstiltak." in page
    assert "Påbegynt refleksjon" in page
    assert nb("In progress") in page
    assert reverse("ethics:for_case", args=[service_case.pk]) in page
    subjects = [e.subject for e in case_timeline(service_case)]
    assert nb("Ethical reflection «%(title)s»") % {"title": "Hjemme eller institusjon?"} in subjects or any(
        "Hjemme eller institusjon?" in s for s in subjects
    )


def test_the_saksframlegg_has_completed_reflections_only(service_case, leader, login_client):
    completed(service_case, leader)
    services.start(service_case, leader, title="Påbegynt refleksjon")
    client = login_client(leader)
    html = client.get(reverse("reports:saksframlegg", args=[service_case.pk])).content.decode()
    assert 'id="section-ethics"' in html
    assert "Hjemmerehabilitering med trygghetstiltak." in html
    assert "Selvbestemmelse og rettferdig fordeling." in html
    assert "Påbegynt refleksjon" not in html
    assert "6-trinnsmodellen" in html
    pdf = client.get(reverse("reports:saksframlegg_pdf", args=[service_case.pk]))
    text = " ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Hjemmerehabilitering med" in text
    assert "trygghetstiltak" in text


def test_no_section_when_there_is_no_reflection(service_case, leader, login_client):
    page = login_client(leader).get(reverse("cases:detail", args=[service_case.pk])).content.decode()
    assert 'id="section-ethics"' not in page


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_the_step_page_is_translated(individual_case, caseworker, login_client, lang):
    reflection = services.start(individual_case, caseworker, title="Dilemma")
    client = login_client(caseworker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    page = client.get(reverse("ethics:step", args=[individual_case.pk, reflection.pk, 3])).content.decode()
    with translation.override(lang):
        question = str(translation.gettext("Who are the parties concerned, and what are their views and interests?"))
    assert question in page
    assert question != "Who are the parties concerned, and what are their views and interests?"
