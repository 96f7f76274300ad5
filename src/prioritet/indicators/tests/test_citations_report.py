"""The saksframlegg (HTML and PDF) and the public page show the cited figures as the decision saw them."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from prioritet.cases.models import Level
from prioritet.cases.testing import assess_and_decide
from prioritet.indicators import selectors, services
from prioritet.indicators.models import IndicatorDefinition, IndicatorValue, PeerGroup, PeriodKind, Status
from prioritet.public import services as public_services


@pytest.fixture
def decided_case(make_case, leader, municipality):
    """A service case that cited nursing-home coverage (own, a suppressed peer, the KOSTRA group), then decided."""
    definition = IndicatorDefinition.objects.get(owner=None, key="nursing_home_80")
    PeerGroup.objects.create(municipality=municipality, kostra_group="EKG13", peers=["3907"])
    for region, period, figure, status in (
        (municipality.number, "2023", Decimal("11.9"), ""),
        (municipality.number, "2024", Decimal("11.2"), ""),
        ("3907", "2024", None, Status.SUPPRESSED),
        ("EKG13", "2024", Decimal("12.7"), ""),
    ):
        IndicatorValue.objects.create(
            municipality=municipality,
            definition=definition,
            region=region,
            period=period,
            period_kind=PeriodKind.YEAR,
            value=figure,
            status=status,
        )
    case = make_case(leader, level=Level.SERVICE, title="Flere korttidsplasser")
    services.cite(
        case,
        leader,
        definition,
        regions=selectors.comparison_regions(municipality),
        note="Dekningen er lavere enn i gruppen.",
    )
    assess_and_decide(case, leader)
    case.refresh_from_db()
    # Figures refreshed after the decision do not reach its saksframlegg.
    IndicatorValue.objects.filter(region=municipality.number, period="2024").update(value=Decimal("8.8"))
    return case


def test_the_saksframlegg_shows_the_cited_figures_as_a_chart_and_a_table_with_source_and_date(
    decided_case, leader, login_client
):
    response = login_client(leader).get(reverse("reports:saksframlegg", args=[decided_case.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    section = page[page.index('id="section-citations"') :]
    assert "Siterte tall" in section
    assert "<svg" in section
    assert "<table" in section
    assert "11,2" in section
    assert "12,7" in section
    assert "8,8" not in page
    assert '<abbr title="Skjult av personvernhensyn">:</abbr>' in section
    assert "Kilde: Statistisk sentralbyrå (SSB), tabell" in section
    assert "tall oppdatert" in section
    assert "Dekningen er lavere enn i gruppen." in section
    assert "Siter en indikator" not in page  # no form in the report
    assert re.search(r"sitert \d\d\.\d\d\.\d{4}", section)  # when, not by whom: the report names no employee


def test_the_saksframlegg_pdf_holds_the_cited_figures(decided_case, leader, login_client):
    response = login_client(leader).get(reverse("reports:saksframlegg_pdf", args=[decided_case.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    text = " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Siterte tall" in text
    assert "Andel innbyggere 80 år og over med institusjonsopphold" in text
    assert "11,2" in text
    assert "12,7" in text
    assert "8,8" not in text
    assert "KOSTRA-gruppe 13" in text


def test_the_public_page_of_the_published_case_shows_the_cited_figures(decided_case, leader, client):
    publication = public_services.publish(decided_case, leader, decided_by_body="Hovedutvalget", summary="Kort")
    url = reverse("public:publication", args=[decided_case.municipality.slug, publication.pk])
    page = client.get(url).content.decode()
    assert 'id="section-citations"' in page
    assert "11,2" in page
    assert '<abbr title="Skjult av personvernhensyn">:</abbr>' in page
    assert re.search(r"sitert \d\d\.\d\d\.\d{4}", page)


@pytest.fixture
def decided_projection_case(make_case, leader, municipality):
    """A service case that cited a need projection's scenario (with a small age group hidden), then decided."""
    projection = services.create_projection(
        municipality,
        leader,
        name="Hjemmetjenester 2027",
        service="Hjemmetjenester",
        base_year=2025,
        end_year=2027,
        coverage={"80-89": 0.25, "90+": 0.5},
        population={"80-89": {"2025": 1000, "2026": 1100, "2027": 1200}, "90+": {"2025": 4, "2026": 220, "2027": 240}},
        fte_per_user=Decimal("0.5"),
        cost_per_user=Decimal("400000"),
        capacity_users=Decimal("350"),
        budget=Decimal("140000000"),
    )
    scenario = services.create_scenario(
        projection,
        leader,
        name="Hverdagsrehabilitering",
        adjustments=[{"kind": "coverage", "amount": -0.05, "from_year": None, "by_year": 2027, "groups": ["90+"]}],
    )
    case = make_case(leader, level=Level.SERVICE, title="Flere hjemmetjenester")
    services.cite_projection(case, leader, projection, scenario, note="Behovet vokser mot 2027.")
    assess_and_decide(case, leader)
    case.refresh_from_db()
    # The projection changed after the decision: its saksframlegg keeps what was cited.
    services.edit_projection(projection, leader, projection.version, cost_per_user=Decimal("999999"))
    return case


def test_the_saksframlegg_shows_the_cited_projection_as_a_chart_and_a_table(
    decided_projection_case, leader, login_client
):
    response = login_client(leader).get(reverse("reports:saksframlegg", args=[decided_projection_case.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    section = page[page.index('id="section-citations"') :]
    assert "Behovsframskriving: Hjemmetjenester 2027, scenario «Hverdagsrehabilitering»" in section
    chart = section[section.index("<svg") : section.index("</svg>")]
    assert "Framskrevne brukere per år" in chart
    assert "Referansebane" in chart  # the baseline beside the scenario
    assert "Dagens kapasitet" in chart
    assert "<table" in section
    assert "408" in section  # users in 2027: 300 + 240 × 45 %
    assert "23\xa0200\xa0000" in section  # the cost above today's budget in 2027
    assert "90 år og over" in section  # the scenario's adjustment, in words
    assert "Behovet vokser mot 2027." in section
    assert "999\xa0999" not in section  # the later change of the projection
    assert re.search(r"beregnet og sitert \d\d\.\d\d\.\d{4}", section)
    assert "Siter en behovsframskriving" not in page


def test_the_saksframlegg_pdf_holds_the_cited_projection(decided_projection_case, leader, login_client):
    response = login_client(leader).get(reverse("reports:saksframlegg_pdf", args=[decided_projection_case.pk]))
    assert response.status_code == 200
    text = " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(response.content)).pages
    )
    assert "Behovsframskriving: Hjemmetjenester 2027" in text
    assert "408" in text
    assert "Dagens kapasitet" in text


def test_the_public_page_shows_the_cited_projection_without_the_employee(decided_projection_case, leader, client):
    publication = public_services.publish(
        decided_projection_case, leader, decided_by_body="Hovedutvalget", summary="Kort"
    )
    url = reverse("public:publication", args=[decided_projection_case.municipality.slug, publication.pk])
    page = client.get(url).content.decode()
    section = page[page.index('id="section-citations"') :]
    assert "Behovsframskriving: Hjemmetjenester 2027" in section
    assert "<svg" in section
    assert "408" in section
    assert leader.get_full_name() not in section
    assert "Fjern" not in section
