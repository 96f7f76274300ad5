"""A case cites a need projection: a frozen snapshot of its baseline or a scenario, shown as a chart and
a table on the case page, with small counts hidden, guarded by municipality and role, and checked in
forberede."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_service_area, make_user
from prioritet.cases.extensions import Place, sections_for
from prioritet.cases.models import Level, Phase
from prioritet.cases.phases import checklist
from prioritet.cases.testing import assess_and_decide
from prioritet.indicators import selectors, services
from prioritet.indicators.citations import name_of
from prioritet.indicators.models import Citation, CitationKind
from prioritet.indicators.testing import make_projection


@pytest.fixture(autouse=True)
def bokmaal():
    with translation.override("nb"):
        yield


@pytest.fixture
def projection(municipality, leader):
    return make_projection(municipality, leader)


@pytest.fixture
def scenario(projection, leader):
    return services.create_scenario(
        projection,
        leader,
        name="Hverdagsrehabilitering",
        adjustments=[{"kind": "coverage", "amount": -0.05, "from_year": None, "by_year": 2027, "groups": ["90+"]}],
    )


@pytest.fixture
def service_case(make_case, leader):
    return make_case(leader, level=Level.SERVICE, title="Flere hjemmetjenester")


def test_citing_a_scenario_freezes_its_figures_gap_adjustments_and_the_baseline_beside_it(
    service_case, leader, projection, scenario
):
    citation = services.cite_projection(service_case, leader, projection, scenario, note="Behovet vokser.")
    assert citation.kind == CitationKind.PROJECTION
    snapshot = citation.snapshot
    assert json.loads(json.dumps(snapshot)) == snapshot
    assert snapshot["date"] == timezone.localdate().isoformat()
    assert snapshot["source"]["projection"] == "Hjemmetjenester 2027"
    assert snapshot["source"]["scenario"] == "Hverdagsrehabilitering"
    assert snapshot["years"] == [2025, 2026, 2027]
    assert snapshot["users"] == [350.0, 379.5, 408.0]
    assert snapshot["gap"]["users"] == [0.0, 29.5, 58.0]
    assert snapshot["gap"]["cost"] == [0, 11_800_000, 23_200_000]
    assert snapshot["inputs"]["adjustments"][0]["amount"] == -0.05
    assert snapshot["baseline"]["users"] == [350.0, 385.0, 420.0]
    assert snapshot["suppressed_years"] == []
    assert name_of(snapshot) == "Hjemmetjenester 2027, scenario «Hverdagsrehabilitering»"
    # The case keeps what it cited when the scenario changes.
    scenario.adjustments = []
    scenario.save()
    citation.refresh_from_db()
    assert citation.snapshot["users"] == [350.0, 379.5, 408.0]


def test_citing_the_baseline_has_no_scenario_and_no_second_line(service_case, leader, projection):
    snapshot = services.cite_projection(service_case, leader, projection).snapshot
    assert snapshot["source"]["scenario"] is None
    assert "baseline" not in snapshot
    assert snapshot["users"] == [350.0, 385.0, 420.0]
    assert name_of(snapshot) == "Hjemmetjenester 2027, referansebane"


def test_projected_users_below_five_are_hidden_with_their_arsverk_cost_and_population(
    service_case, leader, municipality
):
    # 90+ only, 10 % of 30/40/60 inhabitants: 3, 4 and 6 users; 30 and 40 people are shown, 3 and 4 users not.
    small = make_projection(
        municipality,
        leader,
        name="Lite tilbud",
        coverage={"90+": 0.1},
        population={"90+": {"2025": 30, "2026": 4, "2027": 60}},
        capacity_users=Decimal("2"),
    )
    snapshot = services.cite_projection(service_case, leader, small).snapshot
    assert snapshot["users"] == [None, None, 6.0]
    assert snapshot["fte"] == [None, None, 3.0]
    assert snapshot["cost"] == [None, None, 2_400_000]
    assert snapshot["gap"]["users"] == [None, None, 4.0]
    assert snapshot["suppressed_years"] == [2025, 2026]
    assert snapshot["inputs"]["age_groups"][0]["population"] == [30, None, 60]
    response_html = _section_html(service_case, leader)
    assert '<abbr title="Skjult av personvernhensyn">:</abbr>' in response_html
    assert "1 200 000" not in response_html  # 2025's cost (3 users × 400 000) appears nowhere


def _section_html(case, user) -> str:
    from django.template.loader import render_to_string

    section = next(s for s in sections_for(case, Place.CASE, user) if s.key == "citations")
    return render_to_string(section.template, {"section": section})


def test_a_projection_that_cannot_be_computed_is_not_cited(service_case, leader, municipality):
    incomplete = make_projection(municipality, leader, name="Uten befolkning", population={})
    with pytest.raises(ValidationError):
        services.cite_projection(service_case, leader, incomplete)
    assert not Citation.objects.exists()


def test_only_those_who_work_on_an_open_case_cite_a_projection(
    service_case, leader, projection, politician, make_case, director
):
    with pytest.raises(PermissionDenied):
        services.cite_projection(service_case, politician, projection)
    assess_and_decide(service_case, leader)
    service_case.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.cite_projection(service_case, leader, projection)
    political = make_case(director, level=Level.POLITICAL, title="Plan for helse og omsorg")
    assert services.cite_projection(political, director, projection).pk


def test_another_municipalitys_projection_or_a_scenario_of_another_projection_is_refused(
    service_case, leader, projection, scenario, other_municipality
):
    foreign_leader = make_user(Role.LEADER, municipality=other_municipality, username="leder-b")
    foreign = make_projection(other_municipality, foreign_leader)
    with pytest.raises(PermissionDenied):
        services.cite_projection(service_case, leader, foreign)
    other = make_projection(service_case.municipality, leader, name="Sykehjem")
    with pytest.raises(PermissionDenied):
        services.cite_projection(service_case, leader, other, scenario)


def test_citing_through_the_page_freezes_the_scenario_and_goes_back_to_the_case(
    service_case, leader, projection, scenario, login_client
):
    client = login_client(leader)
    url = reverse("indicators:cite_projection", args=[service_case.pk])
    response = client.post(url, {"projection": f"s{scenario.pk}", "note": "Flere eldre"})
    assert response.status_code == 302
    assert response["Location"].endswith("#section-citations")
    citation = Citation.objects.get(case=service_case)
    assert citation.snapshot["source"]["scenario_id"] == scenario.pk
    assert citation.note == "Flere eldre"
    page = client.get(reverse("cases:detail", args=[service_case.pk])).content.decode()
    section = page[page.index('id="section-citations"') :]
    assert "Behovsframskriving: Hjemmetjenester 2027, scenario «Hverdagsrehabilitering»" in section
    assert f'id="citation-{citation.pk}"' in section
    assert "<svg" in section
    assert "<table" in section
    assert "Dagens kapasitet" in section
    assert '<td class="pri-num">408</td>' in section  # users in 2027
    assert '<td class="pri-num">58</td>' in section  # and the users above capacity
    assert reverse("indicators:projection", args=[projection.pk]) in section
    assert reverse("indicators:remove_citation", args=[service_case.pk, citation.pk]) in section
    assert "Flere eldre" in section


def test_the_form_offers_only_the_municipalitys_projections_and_says_what_is_wrong(
    service_case, leader, projection, other_municipality, login_client
):
    foreign_leader = make_user(Role.LEADER, municipality=other_municipality, username="leder-b")
    foreign = make_projection(other_municipality, foreign_leader, name="Fremmed framskriving")
    client = login_client(leader)
    page = client.get(reverse("cases:detail", args=[service_case.pk])).content.decode()
    assert "Siter en behovsframskriving" in page
    assert f'value="p{projection.pk}"' in page
    assert "Fremmed framskriving" not in page
    url = reverse("indicators:cite_projection", args=[service_case.pk])
    response = client.post(url, {"projection": f"p{foreign.pk}"})
    assert response.status_code == 400
    response = client.post(url, {"projection": "p1\x00"})
    assert response.status_code == 400
    response = client.post(url, {"projection": f"p{projection.pk}", "note": "x" * 1001})
    assert response.status_code == 400
    assert not Citation.objects.exists()


def test_a_get_of_the_cite_page_writes_nothing_and_another_municipalitys_case_is_404(
    service_case, leader, projection, other_municipality, login_client
):
    client = login_client(leader)
    assert client.get(reverse("indicators:cite_projection", args=[service_case.pk])).status_code == 200
    assert not Citation.objects.exists()
    foreign_leader = make_user(Role.LEADER, municipality=other_municipality, username="leder-b")
    response = login_client(foreign_leader).post(
        reverse("indicators:cite_projection", args=[service_case.pk]), {"projection": f"p{projection.pk}"}
    )
    assert response.status_code == 404
    assert not Citation.objects.exists()


def test_removing_a_cited_projection_works_as_for_an_indicator(service_case, leader, projection, login_client):
    citation = services.cite_projection(service_case, leader, projection)
    client = login_client(leader)
    response = client.post(reverse("indicators:remove_citation", args=[service_case.pk, citation.pk]))
    assert response.status_code == 302
    assert not Citation.objects.filter(pk=citation.pk).exists()
    assert Citation.history.filter(id=citation.pk, history_type="-").exists()


def test_a_changed_projection_is_flagged_and_the_snapshot_stays(service_case, leader, projection, scenario):
    citation = services.cite_projection(service_case, leader, projection, scenario)
    assert selectors.newer_figures([citation]) == set()
    services.edit_scenario(scenario, leader, scenario.version, adjustments=[])
    assert selectors.newer_figures([citation]) == {citation.pk}


def test_forberede_recommends_citing_the_projection_of_the_cases_service_area(
    make_case, leader, caseworker, municipality
):
    area = make_service_area(municipality, "Hjemmetjenesten")
    other_area = make_service_area(municipality, "Helsestasjon")
    projection = make_projection(municipality, leader, service_area=area)
    case = make_case(leader, level=Level.SERVICE, title="Nattpatrulje", service_area=area)
    unrelated = make_case(leader, level=Level.SERVICE, title="Helsestasjon", service_area=other_area)
    individual = make_case(caseworker, level=Level.INDIVIDUAL, title="Søknad", service_area=area)

    def item(of):
        return next((i for i in checklist(of, Phase.PREPARE) if i.key == "projection_cited"), None)

    unmet = item(case)
    assert unmet is not None
    assert not unmet.met
    assert not unmet.required
    assert item(unrelated) is None
    assert item(individual) is None
    services.cite_projection(case, leader, projection)
    assert item(case).met
    # A cited projection is not a cited indicator: the indicator item stays open.
    indicator_item = next(i for i in checklist(case, Phase.PREPARE) if i.key == "figures_cited")
    assert not indicator_item.met


def test_the_history_names_the_cited_projection(service_case, leader, projection):
    from prioritet.indicators.extensions import timeline

    services.cite_projection(service_case, leader, projection, note="Framskrivingen")
    entries = timeline(service_case)
    assert entries[-1].subject == "Sitert tall «Hjemmetjenester 2027, referansebane»"


def test_a_caseworker_who_does_not_read_projections_is_not_offered_one_to_cite(
    make_case, caseworker, leader, projection, login_client
):
    individual = make_case(caseworker, title="Søknad om hjemmesykepleie")
    client = login_client(caseworker)
    page = client.get(reverse("cases:detail", args=[individual.pk])).content.decode()
    assert "Siter en indikator" in page
    assert "Siter en behovsframskriving" not in page
    assert projection.name not in page
    url = reverse("indicators:cite_projection", args=[individual.pk])
    assert client.post(url, {"projection": f"p{projection.pk}"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.cite_projection(individual, caseworker, projection)
    assert not Citation.objects.exists()
