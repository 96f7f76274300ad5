"""The saksframlegg of a political case ends with the municipal director's innstilling; decided, it shows the vedtak."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from prioritet.cases import political, services
from prioritet.cases.judgment import combined_judgment
from prioritet.cases.models import AlternativeKind, Case, Level
from prioritet.cases.testing import assess, body_of, future

FORSLAG = "Dagaktivitetstilbudet utvides med ti plasser fra 1. august."
ADOPTED = "Dagaktivitetstilbudet utvides med ti plasser fra 1. mars."


@pytest.fixture
def recommended(director, area):
    """A political case with the director's innstilling, not yet decided."""
    case = services.create_case(
        director.municipality,
        director,
        no_action_consequence="Økt isolasjon.",
        level=Level.POLITICAL,
        title="Utvide dagaktivitetstilbudet",
        severity=4,
        service_area=area,
    )
    ten = services.add_alternative(case, director, title="Ti nye plasser")
    five = services.add_alternative(case, director, title="Fem nye plasser")
    assess(ten, director, 4, 2)
    assess(five, director, 3, 2)
    assess(case.alternatives.get(kind=AlternativeKind.NO_ACTION), director, 1, 1)
    case.refresh_from_db()
    political.recommend(
        case,
        director,
        case.version,
        alternative=ten,
        priority="high",
        proposed_resolution=FORSLAG,
        justification="Størst nytte for flest.",
    )
    return case


@pytest.fixture
def departing(recommended, politician):
    """The same case with a vedtak that departs from the innstilling's text, after an amendment."""
    case = Case.objects.get(pk=recommended.pk)
    political.record_vedtak(
        case,
        politician,
        case.version,
        body=body_of(case.municipality),
        meeting_date=timezone.localdate(),
        saksnummer="PS 45/26",
        alternative=case.alternatives.get(title="Ti nye plasser"),
        priority="high",
        adopted_text=ADOPTED,
        departure_description="Oppstart 1. mars i stedet for 1. august.",
        votes_for=21,
        votes_against=14,
        amendments=[
            {
                "proposed_by": "Arbeiderpartiet",
                "text": "Oppstart 1. mars.",
                "adopted": True,
                "votes_for": 21,
                "votes_against": 14,
            },
            {"proposed_by": "Høyre", "text": "Fem plasser.", "adopted": False, "votes_for": 9, "votes_against": 26},
        ],
        reassessment_due=future(),
        signature=combined_judgment(case).signature,
    )
    return Case.objects.get(pk=case.pk)


def text_of(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html)
    text = text.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
    return " ".join(text.split())


def headings(html: str) -> list[str]:
    return [text_of(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]


def test_the_saksframlegg_ends_with_the_directors_innstilling(recommended, director, login_client):
    html = login_client(director).get(reverse("reports:saksframlegg", args=[recommended.pk])).content.decode()
    assert headings(html)[-1] == "Kommunedirektørens innstilling"
    text = text_of(html)
    assert "Forslag til vedtak" in text
    assert FORSLAG in text
    assert text.index("Kommunedirektørens innstilling") > text.index("Rettslig grunnlag og kilder")
    # The conclusion is the innstilling, the one recommendation before the vedtak.
    assert (
        "Innstilling: Kommunedirektøren anbefaler «Ti nye plasser», som kommer først i den samlede vurderingen."
    ) in text
    assert "Forslag: «Ti nye plasser» kommer først" not in text


def test_the_decided_saksframlegg_shows_the_vedtak_after_the_innstilling(departing, director, login_client):
    html = login_client(director).get(reverse("reports:saksframlegg", args=[departing.pk])).content.decode()
    assert headings(html)[-2:] == ["Kommunedirektørens innstilling", "Vedtak"]
    text = text_of(html)
    vedtak = text[text.index(FORSLAG) :]
    for expected in (
        "Kommunestyret",
        "PS 45/26",
        ADOPTED,
        "21 stemmer for, 14 mot",
        "Avviker fra innstillingen: Oppstart 1. mars i stedet for 1. august.",
        "Arbeiderpartiet : Oppstart 1. mars. – vedtatt (21 stemmer for, 14 mot)",
        "Høyre : Fem plasser. – falt",
    ):
        assert expected in vedtak, expected


def test_the_pdf_holds_the_innstilling_and_the_vedtak(departing, director, login_client):
    response = login_client(director).get(reverse("reports:saksframlegg_pdf", args=[departing.pk]))
    assert response.status_code == 200
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(response.content)).pages]
    text = " ".join(" ".join(pages).split())
    for expected in ("Kommunedirektørens innstilling", "PS 45/26", "Arbeiderpartiet", "Avviker fra innstillingen"):
        assert expected in text, expected


def test_a_service_case_keeps_its_single_decision_section(director, leader, area, login_client):
    case = services.create_case(
        leader.municipality,
        leader,
        no_action_consequence="Ingen.",
        level=Level.SERVICE,
        title="Tjenestesak",
        severity=3,
    )
    html = login_client(leader).get(reverse("reports:saksframlegg", args=[case.pk])).content.decode()
    assert "Kommunedirektørens innstilling" not in text_of(html)
    assert "Vedtak" not in headings(html)
