"""The innsyn letter (pasientjournalloven § 18): who read a person's case, when and why, as a PDF.

The letter's text is read back from the PDF (pypdf), so what the person gets is what is checked.
"""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from prioritet.accounts.models import Role
from prioritet.cases import services
from prioritet.cases.models import CaseAccess, GrantReason, Level
from prioritet.cases.testing import on_team


def text_of(document: bytes) -> str:
    reader = PdfReader(io.BytesIO(document))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def people(user_factory):
    return {
        "responsible": user_factory(Role.CASEWORKER, first_name="Randi", last_name="Ansvarsen"),
        "member": user_factory(Role.HEALTH_PERSONNEL, first_name="Hallvard", last_name="Teamlid"),
        "outsider": user_factory(Role.CASEWORKER, first_name="Vilde", last_name="Vikarsen"),
        "bystander": user_factory(Role.CASEWORKER, first_name="Bjarne", last_name="Utenforsen"),
    }


@pytest.fixture
def individual(people, area):
    case = services.create_case(
        people["responsible"].municipality,
        people["responsible"],
        no_action_consequence="Kan ikke bo hjemme.",
        level=Level.INDIVIDUAL,
        title="Søknad om sykehjemsplass for Tormod Tollaksen",
        service_area=area,
        case_reference="SAK-2026-40",
    )
    return on_team(case, people["member"])


def test_the_letter_lists_exactly_the_reads_made_with_who_when_and_why(individual, people, login_client):
    case = individual
    detail = reverse("cases:detail", args=[case.pk])
    login_client(people["responsible"]).get(detail)
    login_client(people["member"]).get(detail)
    login_client(people["member"]).get(reverse("cases:history", args=[case.pk]))
    services.break_glass(
        case, people["outsider"], reason=GrantReason.STAND_IN, explanation="Vikar mens Randi har ferie."
    )
    login_client(people["outsider"]).get(detail)
    reads = list(CaseAccess.objects.filter(case=case).order_by("at", "id"))
    assert len(reads) == 4

    client = login_client(people["responsible"])
    response = client.get(reverse("reports:innsyn_pdf", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response.content)
    assert "Innsyn i tilgangsloggen" in text
    assert "SAK-2026-40" in text
    assert "4 loggførte oppslag" in text
    for access in reads:
        assert access.at.astimezone().strftime("%d.%m.%Y") in text
    assert text.count("Ansvarsen") == 2  # read once, and made the letter
    assert text.count("Hallvard Teamlid") == 2
    assert "Vilde Vikarsen" in text
    assert "Nødtilgang" in text
    assert "Vikar mens Randi har ferie." in text
    assert "Utenforsen" not in text
    assert "Tollaksen" not in text  # the title is not in the letter
    # The letter itself is logged as a read, and the next letter lists it.
    assert CaseAccess.objects.filter(case=case, user=people["responsible"], page="innsyn").count() == 1
    again = text_of(client.get(reverse("reports:innsyn_pdf", args=[case.pk])).content)
    assert "5 loggførte oppslag" in again


def test_the_letter_covers_the_persons_cases_with_the_same_reference(individual, people, login_client, area):
    later = services.create_case(
        individual.municipality,
        people["responsible"],
        no_action_consequence="Ingen endring.",
        level=Level.INDIVIDUAL,
        title="Ny søknad",
        service_area=area,
        case_reference="sak-2026-40",
    )
    login_client(people["responsible"]).get(reverse("cases:detail", args=[later.pk]))
    response = login_client(people["responsible"]).get(reverse("reports:innsyn_pdf", args=[individual.pk]))
    text = text_of(response.content)
    assert "1 loggførte oppslag" in text or "1 loggført oppslag" in text
    assert f"#{later.pk}" in text
    assert set(CaseAccess.objects.filter(page="innsyn").values_list("case", flat=True)) == {individual.pk, later.pk}


def test_the_letter_is_in_nynorsk_when_the_page_is(individual, people, login_client):
    client = login_client(people["responsible"])
    client.post("/i18n/setlang/", {"language": "nn", "next": "/"})
    text = text_of(client.get(reverse("reports:innsyn_pdf", args=[individual.pk])).content)
    assert "Innsyn i tilgangsloggen" in text
    assert "loggførte oppslag" in text or "loggførde oppslag" in text


def test_the_letter_is_in_bokmaal_when_the_page_is_in_english(individual, people, login_client):
    client = login_client(people["responsible"])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = text_of(client.get(reverse("reports:innsyn_pdf", args=[individual.pk])).content)
    assert "Innsyn i tilgangsloggen" in text


def test_only_a_caseworker_on_the_team_produces_it(individual, people, user_factory, login_client, make_case):
    url = reverse("reports:innsyn_pdf", args=[individual.pk])
    assert login_client(people["member"]).get(url).status_code == 200  # a health worker on the team
    assert login_client(people["bystander"]).get(url).status_code == 403
    services.break_glass(individual, people["outsider"], reason=GrantReason.URGENT, explanation="Akutt behov.")
    assert login_client(people["outsider"]).get(url).status_code == 403  # not under an emergency access
    leader = user_factory(Role.LEADER)
    on_team(individual, leader)
    assert login_client(leader).get(url).status_code == 403
    assert not CaseAccess.objects.filter(page="innsyn").exclude(user=people["member"]).exists()
    service = make_case(leader, level=Level.SERVICE, title="Tjenestesak")
    assert login_client(leader).get(reverse("reports:innsyn_pdf", args=[service.pk])).status_code == 404


def test_the_case_page_links_to_the_letter_for_the_team_caseworker(individual, people, login_client):
    url = reverse("reports:innsyn_pdf", args=[individual.pk])
    detail = reverse("cases:detail", args=[individual.pk])
    assert url in login_client(people["responsible"]).get(detail).content.decode()
