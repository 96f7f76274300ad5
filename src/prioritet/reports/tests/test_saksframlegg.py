"""The saksframlegg as a page: every required section, the seed's table, the statements, the text alternatives."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from django.urls import reverse

from prioritet.cases import services
from prioritet.cases.models import AlternativeKind, Case, CaseAccess
from prioritet.cases.testing import assess
from prioritet.reports import legal

from .conftest import ASSESSOR_NAMES, decide


def page(client, case) -> str:
    response = client.get(reverse("reports:saksframlegg", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    """The visible words, whitespace collapsed, entities of the quotes undone."""
    text = re.sub(r"<[^>]+>", " ", html)
    text = text.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&").replace("&nbsp;", " ")
    return " ".join(text.split())


def test_the_report_has_every_required_section(political_case, director, login_client):
    html = page(login_client(director), political_case)
    for section in (
        "background",
        "alternatives",
        "judgment",
        "forsvarlighet",
        "child",
        "weights",
        "decision",
        "references",
    ):
        assert f'id="{section}"' in html, section
    text = text_of(html)
    for heading in (
        "Bakgrunn og behov",
        "Alternativer",
        "Samlet vurdering",
        "Forsvarlighet",
        "Barnets beste",
        "Vektene som er brukt",
        "Beslutning",
        "Rettslig grunnlag og kilder",
    ):
        assert heading in text, heading


def test_background_and_need(political_case, director, login_client):
    text = text_of(page(login_client(director), political_case))
    assert "Flere hjemmeboende personer med demens står på venteliste" in text
    assert "Politisk og administrativt" in text
    assert "Helse og mestring" in text  # service area
    assert "Økonomiplan" in text  # plan process
    assert "Fase Utføre" in text  # a decided case is carried out (issue 11), not «Forberede»
    assert "Forberede" not in text
    assert "Larvik kommune" in text
    assert "Konsekvens av å ikke starte, utsette eller avslutte Økt isolasjon" in text


def test_the_combined_judgment_table_follows_the_seed(political_case, director, login_client):
    html = page(login_client(director), political_case)
    table = html[html.index('<table class="ds-table pri-table pri-report__judgment"') :]
    table = table[: table.index("</table>") + len("</table>")]
    headers = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert headers == ["Nivå", "Situasjon", "Alvorlighet", "Nytte", "Ressurs", "Prioritering/konklusjon"]
    text = text_of(table)
    # The seed's political row: high severity, large benefit, small-to-moderate cost; scores with scale words.
    assert (
        "Politisk og administrativt Utvide dagaktivitetstilbudet med ti plasser "
        "4 – høy Høy – risiko for isolasjon og pårørendebelastning. "
        "4 – stor Stor – bedrer livskvalitet og utsetter sykehjem. "
        "2 – lite Moderat til liten kostnad. "
        "Forslag nr. 1 (verdi 0,75): høy prioritet. Valgt, med høy prioritet."
    ) in text
    # Severity is the need's: the same score and justification in every row, the reference's too.
    assert (
        "Ikke starte, utsette eller avslutte 4 – høy Høy – risiko for isolasjon og pårørendebelastning. "
        "1 – svært liten 1 – svært lite"
    ) in text
    # «No action» is the reference: its scores as assessed, but no rank, value or priority.
    assert (
        "1 – svært lite Referanse: konsekvensen av å ikke gjøre noe. Ikke rangert, ingen verdi og ingen prioritet."
    ) in text
    assert "Forslag nr. 3" not in text
    conclusion = text_of(html)
    assert "Konklusjon: «Utvide dagaktivitetstilbudet med ti plasser» er valgt, med høy prioritet." in conclusion


def test_charts_are_inline_svg_with_text_alternatives(political_case, director, login_client):
    html = page(login_client(director), political_case)
    svgs = re.findall(r"<svg .*?</svg>", html, flags=re.S)
    profile = next(s for s in svgs if 'class="pri-svg-chart"' in s)
    root = ET.fromstring(profile)
    assert root.get("role") == "img"
    ns = "{http://www.w3.org/2000/svg}"
    assert root.findtext(f"{ns}title") == "Kriterieprofil for hvert alternativ"
    assert "Utvide med fem plasser: alvorlighet 4 – høy, nytte 3 – moderat" in root.findtext(f"{ns}desc", "")
    # The same figures as a visually hidden table, and a visible caption.
    assert '<table class="ds-sr-only pri-chart-data"><caption>Kriterieprofil for hvert alternativ</caption>' in html
    assert "For ressurs betyr en lengre stolpe mer ressurser" in html
    # The cases app's value chart is reused, not redrawn.
    assert 'aria-labelledby="chart-title chart-desc"' in html


def test_statements_when_nothing_is_reduced_and_no_child_is_affected(political_case, director, login_client):
    text = text_of(page(login_client(director), political_case))
    assert "Det valgte alternativet reduserer ikke ressursene eller kvaliteten i et tjenestetilbud." in text
    assert "Saken berører ikke barn." in text


def test_weights_and_decision(political_case, director, login_client):
    text = text_of(page(login_client(director), political_case))
    assert "Vekter, versjon 1" in text
    assert "Alvorlighet 1 33 %" in text
    assert "Ikke registrert (standard like vekter)" in text
    # A political case: the innstilling's justification, and the vedtak the politician recorded.
    assert "Vedtatt alternativ Utvide dagaktivitetstilbudet med ti plasser (høy prioritet)" in text
    assert "Bør prioriteres høyt: høy alvorlighet, stor nytte og moderat kostnad." in text
    assert "Registrert av Sigrid Aune" in text
    assert "Revurderes innen" in text


def test_weights_decided_by_a_body_are_shown_with_the_body(director, director_two, login_client, area):
    from decimal import Decimal

    from prioritet.weighting.services import create_version

    version = create_version(
        director.municipality,
        director,
        benefit=Decimal(2),
        severity=Decimal(3),
        resources=Decimal(1),
        reason="Alvorlighet vektlegges mest.",
        decided_by_body="Kommunestyret",
    )
    case = services.create_case(
        director.municipality, director, no_action_consequence="Ingen endring.", level="political", title="Ny sak"
    )
    alt = services.add_alternative(case, director, title="Tiltak A")
    assess(alt, director, 4, 2)
    text = text_of(page(login_client(director), case))
    assert f"Vekter, versjon {version.number}" in text
    assert "Alvorlighet 3 50 %" in text
    assert "Nytte 2 33 %" in text
    assert "Ressurs 1 17 %" in text
    assert "Besluttet av Kommunestyret" in text
    assert "Alvorlighet vektlegges mest." in text


def test_legal_references(political_case, director, login_client):
    text = text_of(page(login_client(director), political_case))
    for citation in (
        "Helse- og omsorgstjenesteloven § 4-1",
        "Helse- og omsorgstjenesteloven § 3-1",
        "Pasient- og brukerrettighetsloven § 2-1 a",
        "FNs barnekonvensjon artikkel 3",
        "Grunnloven § 104",
        "Forskrift om ledelse og kvalitetsforbedring i helse- og omsorgstjenesten",
        "Meld. St. 38 (2020–2021) Nytte, ressurs og alvorlighet",
        "Helsedirektoratet: Nasjonal veileder for prioriteringer i kommunale helse- og omsorgstjenester (2025)",
    ):
        assert citation in text, citation
    assert len(legal.ALL) == 8


def test_an_undecided_case_is_a_proposal_and_names_what_must_still_be_assessed(service_case, login_client):
    leader = service_case.created_by
    text = text_of(page(login_client(leader), service_case))
    assert "Forslag: «Etablere Larvikshjelpa» kommer først i den samlede vurderingen (høy prioritet)." in text
    assert "Saken er ikke avgjort ennå." in text
    assert "må den som avgjør, bekrefte med begrunnelse at tjenestene fortsatt er forsvarlige" in text
    assert "«Ikke starte, utsette eller avslutte»" in text
    assert "Saken berører barn. Barnets beste må vurderes som et grunnleggende hensyn før beslutningen tas." in text
    # The unassessed no-action alternative is listed as the reference, without a score.
    assert (
        "Ikke starte, utsette eller avslutte Ikke vurdert Ikke vurdert Ikke vurdert Referanse: konsekvensen av å "
        "ikke gjøre noe. Ikke rangert, ingen verdi og ingen prioritet."
    ) in text
    # No portfolio: the section is absent, not a placeholder.
    assert 'id="portfolio"' not in text


def test_a_reduction_shows_the_confirmation_and_the_childs_best_interest(user_factory, login_client, area):
    from prioritet.accounts.models import Role

    leader = user_factory(Role.LEADER, username="leder2", first_name="Ola", last_name="Ledersen")
    case = services.create_case(
        leader.municipality,
        leader,
        no_action_consequence="Tilbudet fortsetter som før.",
        level="service",
        title="Redusere åpningstiden på helsestasjonen for ungdom",
        child_affected=True,
        severity=2,
    )
    cut = services.add_alternative(case, leader, title="Stenge på fredager", reduces_service=True)
    keep = case.alternatives.get(kind=AlternativeKind.NO_ACTION)
    assess(cut, leader, 2, 1)
    assess(keep, leader, 3, 3)
    decide(
        case,
        leader,
        cut,
        priority="low",
        justification="Frigjør ressurser til hjemmebesøk.",
        departure_reason="Hjemmebesøkene er viktigere for de mest sårbare.",
        forsvarlighet_confirmed=True,
        forsvarlighet_justification="Ungdom får fortsatt timer fire dager i uken og akutt hjelp ved legevakten.",
        child_best_interest="Ungdommene får samme tilbud på fire dager; ingen mister oppfølging.",
    )
    text = text_of(page(login_client(leader), case))
    assert "Den som avgjorde saken, har bekreftet at tjenestene fortsatt er forsvarlige" in text
    assert "Ungdom får fortsatt timer fire dager i uken og akutt hjelp ved legevakten." in text
    assert "Saken berører barn. Barnets beste er vurdert som et grunnleggende hensyn:" in text
    assert "Ungdommene får samme tilbud på fire dager; ingen mister oppfølging." in text
    assert "Begrunnelse for å avvike fra den foreslåtte rekkefølgen Hjemmebesøkene er viktigere" in text
    assert "Reduserer ressursene eller kvaliteten i et tjenestetilbud." in text


def test_the_report_never_names_the_assessors(political_case, director, login_client):
    text = text_of(page(login_client(director), political_case))
    # Ingrid Vurdersen assessed; Kari Direktørsen decided (and is named as such).
    assert "Vurdersen" not in text
    assert "Ingrid" not in text
    assert all(name not in text for name in ASSESSOR_NAMES)


def test_the_report_follows_the_active_language(political_case, director, login_client):
    client = login_client(director)
    client.cookies["django_language"] = "nn"
    text = text_of(page(client, political_case))
    assert "Samla vurdering" in text
    assert "Saka gjeld ikkje barn." in text
    assert "Konklusjon: «Utvide dagaktivitetstilbudet med ti plasser» er valt, med høg prioritet." in text


def test_the_page_keeps_the_content_security_policy(political_case, director, login_client):
    response = login_client(director).get(reverse("reports:saksframlegg", args=[political_case.pk]))
    html = response.content.decode()
    assert "Content-Security-Policy" in response.headers
    assert " style=" not in html
    assert "<style" not in html
    assert all('src="' in tag for tag in re.findall(r"<script[^>]*>", html))
    assert reverse("reports:saksframlegg_pdf", args=[political_case.pk]) in html


def test_service_and_political_reports_are_not_logged(political_case, director, login_client):
    page(login_client(director), political_case)
    assert not CaseAccess.objects.exists()


def test_the_case_page_links_to_the_reports_of_the_level(
    political_case, individual_case, director, assessor_caseworker, login_client
):
    html = login_client(director).get(reverse("cases:detail", args=[political_case.pk])).content.decode()
    assert reverse("reports:saksframlegg", args=[political_case.pk]) in html
    assert reverse("reports:saksframlegg_pdf", args=[political_case.pk]) in html
    html = login_client(assessor_caseworker).get(reverse("cases:detail", args=[individual_case.pk])).content.decode()
    assert reverse("reports:vedtak_summary", args=[individual_case.pk]) in html
    assert f'href="{reverse("reports:saksframlegg", args=[individual_case.pk])}"' not in html


def test_many_alternatives_get_page_sized_profile_charts(director, login_client):
    from prioritet.reports.selectors import PROFILE_CHUNK

    case = services.create_case(
        director.municipality,
        director,
        no_action_consequence="Uendret.",
        level="political",
        title="Mange veier",
        severity=3,
    )
    for i in range(PROFILE_CHUNK + 2):
        alt = services.add_alternative(case, director, title=f"Alternativ {i + 1}")
        assess(alt, director, 1 + i % 5, 2)
    html = page(login_client(director), case)
    profiles = [s for s in re.findall(r"<svg .*?</svg>", html, flags=re.S) if 'id="profile-' in s]
    assert len(profiles) == 2
    assert "Kriterieprofil for hvert alternativ (del 2 av 2)" in html
    for svg in profiles:
        assert ET.fromstring(svg).get("role") == "img"


def test_the_involvement_plan_and_management_information_are_shown_when_filled(political_case, director, login_client):
    client = login_client(director)
    html = page(client, political_case)
    assert 'data-testid="report-involvement"' not in html
    assert 'data-testid="report-management-information"' not in html
    Case.objects.filter(pk=political_case.pk).update(
        involvement_plan="Brukerrådet og pårørende møtes i mars.",
        management_information="Ventelisten for dagaktivitet følges hver måned.",
    )
    text = text_of(page(client, political_case))
    assert "Hvem som berøres og hvordan de involveres Brukerrådet og pårørende møtes i mars." in text
    assert "Styringsinformasjon Ventelisten for dagaktivitet følges hver måned." in text
