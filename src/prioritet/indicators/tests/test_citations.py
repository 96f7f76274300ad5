"""A case cites figures: frozen snapshots, who may cite and remove, the case page's section and checklist."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from prioritet.cases.extensions import Place, sections_for
from prioritet.cases.models import CaseAccess, Level, Phase
from prioritet.cases.phases import checklist
from prioritet.cases.testing import assess_and_decide
from prioritet.indicators import selectors, services
from prioritet.indicators.models import (
    Citation,
    IndicatorDefinition,
    IndicatorTarget,
    IndicatorValue,
    PeerGroup,
    Status,
)
from prioritet.indicators.testing import add_value


@pytest.fixture
def coverage(municipality):
    """Nursing-home coverage 80+ for the municipality, a peer and the KOSTRA group, 2022–2024."""
    definition = IndicatorDefinition.objects.get(owner=None, key="nursing_home_80")
    PeerGroup.objects.create(municipality=municipality, kostra_group="EKG13", peers=["3907"])
    own = municipality.number
    for period, figure in (("2022", "12.4"), ("2023", "11.9"), ("2024", "11.2")):
        add_value(municipality, definition, own, period, Decimal(figure))
        add_value(municipality, definition, "EKG13", period, Decimal(figure) + 1)
    add_value(municipality, definition, "3907", "2023", None, Status.SUPPRESSED)
    IndicatorTarget.objects.create(municipality=municipality, definition=definition, from_year=2024, value=10)
    return definition


@pytest.fixture
def service_case(make_case, leader):
    return make_case(leader, level=Level.SERVICE, title="Flere korttidsplasser")


def cite(case, user, definition, **fields):
    fields.setdefault("regions", selectors.comparison_regions(case.municipality))
    return services.cite(case, user, definition, **fields)


def test_the_snapshot_holds_the_figures_as_shown_with_symbols_names_source_and_target(
    service_case, leader, coverage, municipality
):
    citation = cite(service_case, leader, coverage, note="Dekningen faller.")
    snapshot = citation.snapshot
    assert snapshot["key"] == "nursing_home_80"
    assert snapshot["ssb_table"] == coverage.ssb_table
    assert [r["code"] for r in snapshot["regions"]] == [municipality.number, "3907", "EKG13"]
    assert snapshot["regions"][0]["name"] == municipality.name
    assert snapshot["periods"] == ["2022", "2023", "2024"]
    assert snapshot["cells"][municipality.number]["2024"] == {"value": "11.200000", "status": ""}
    assert snapshot["cells"]["3907"]["2023"] == {"value": None, "status": ":"}
    assert snapshot["target"] == {"period": "2024", "value": "10.000000"}
    assert snapshot["updated"]
    assert citation.created_by == leader
    assert citation.note == "Dekningen faller."


def test_a_figure_about_too_few_people_is_cited_as_the_colon_without_its_number(
    service_case, leader, coverage, municipality
):
    small = IndicatorValue.objects.get(definition=coverage, region="EKG13", period="2022")
    small.persons = 3
    small.save()
    citation = cite(service_case, leader, coverage)
    assert citation.snapshot["cells"]["EKG13"]["2022"] == {"value": None, "status": ":"}
    assert "13.4" not in str(citation.snapshot)


def test_the_chosen_regions_and_periods_narrow_the_snapshot(service_case, leader, coverage, municipality):
    snapshot = cite(service_case, leader, coverage, regions=[municipality.number], first="2023", last="2023").snapshot
    assert [r["code"] for r in snapshot["regions"]] == [municipality.number]
    assert snapshot["periods"] == ["2023"]


def test_a_snapshot_stays_as_cited_when_the_values_change_and_the_case_says_newer_figures_exist(
    service_case, leader, coverage, municipality, login_client
):
    citation = cite(service_case, leader, coverage)
    frozen = dict(citation.snapshot)
    changed = IndicatorValue.objects.get(definition=coverage, region=municipality.number, period="2024")
    changed.value = Decimal("9.9")
    changed.save()
    add_value(municipality, coverage, municipality.number, "2025", Decimal("9.5"))
    citation.refresh_from_db()
    assert citation.snapshot == frozen
    assert selectors.newer_figures([citation]) == {citation.pk}
    page = login_client(leader).get(reverse("cases:detail", args=[service_case.pk])).content.decode()
    assert "11,2" in page
    assert "9,9" not in page
    assert "Nyere tall finnes" in page


def test_a_fresh_citation_has_no_newer_figures(service_case, leader, coverage):
    assert selectors.newer_figures([cite(service_case, leader, coverage)]) == set()


def test_an_indicator_without_figures_for_the_choice_is_not_cited(service_case, leader, coverage):
    with pytest.raises(ValidationError):
        cite(service_case, leader, coverage, first="2030")
    assert not Citation.objects.exists()


def test_those_who_work_on_the_case_cite_and_remove_and_others_may_not(
    service_case, leader, politician, director, caseworker, coverage
):
    citation = cite(service_case, leader, coverage)
    for other in (politician, director, caseworker):
        with pytest.raises(PermissionDenied):
            cite(service_case, other, coverage)
        with pytest.raises(PermissionDenied):
            services.remove_citation(citation, other)
    services.remove_citation(citation, leader)
    assert not Citation.objects.exists()


def test_the_director_cites_in_a_political_case(make_case, director, coverage):
    case = make_case(director, level=Level.POLITICAL, title="Økonomiplan")
    assert cite(case, director, coverage).case == case


def test_a_decided_case_refuses_new_citations_and_removals(service_case, leader, coverage, login_client):
    citation = cite(service_case, leader, coverage)
    assess_and_decide(service_case, leader)
    service_case.refresh_from_db()
    with pytest.raises(PermissionDenied):
        cite(service_case, leader, coverage)
    client = login_client(leader)
    url = reverse("indicators:cite", args=[service_case.pk])
    assert (
        client.post(url, {"definition": coverage.pk, "regions": [service_case.municipality.number]}).status_code == 403
    )
    assert client.post(reverse("indicators:remove_citation", args=[service_case.pk, citation.pk])).status_code == 403
    assert Citation.objects.count() == 1


def test_citing_through_the_page_freezes_the_figures_and_goes_back_to_the_case(
    service_case, leader, coverage, municipality, login_client
):
    response = login_client(leader).post(
        reverse("indicators:cite", args=[service_case.pk]),
        {"definition": coverage.pk, "regions": [municipality.number, "EKG13"], "first": "2023", "note": "Viktig"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"/cases/{service_case.pk}/#section-citations")
    citation = Citation.objects.get()
    assert citation.snapshot["periods"] == ["2023", "2024"]
    assert citation.municipality == municipality


def test_the_cite_form_says_what_is_wrong(service_case, leader, coverage, login_client):
    response = login_client(leader).post(
        reverse("indicators:cite", args=[service_case.pk]),
        {"definition": coverage.pk, "regions": [service_case.municipality.number], "first": "2024", "last": "20x"},
    )
    assert response.status_code == 400
    assert "En periode er et år" in response.content.decode()
    assert not Citation.objects.exists()


def test_another_municipalitys_case_and_citation_are_404(
    service_case, leader, coverage, other_municipality, user_factory, make_case, login_client
):
    citation = cite(service_case, leader, coverage)
    stranger = user_factory("leader", municipality=other_municipality, username="sandefjord-leder")
    client = login_client(stranger)
    assert client.get(reverse("indicators:cite", args=[service_case.pk])).status_code == 404
    assert client.post(reverse("indicators:remove_citation", args=[service_case.pk, citation.pk])).status_code == 404
    own = make_case(stranger, level=Level.SERVICE, title="Egen sak")
    assert client.post(reverse("indicators:remove_citation", args=[own.pk, citation.pk])).status_code == 404
    assert Citation.objects.count() == 1


def test_another_cases_citation_is_404_from_this_case(service_case, leader, coverage, make_case, login_client):
    citation = cite(service_case, leader, coverage)
    other = make_case(leader, level=Level.SERVICE, title="Annen sak")
    response = login_client(leader).post(reverse("indicators:remove_citation", args=[other.pk, citation.pk]))
    assert response.status_code == 404
    assert Citation.objects.count() == 1


def test_another_municipalitys_own_indicator_cannot_be_cited(service_case, leader, other_municipality):
    theirs = IndicatorDefinition.objects.create(
        owner=other_municipality, key="own", name_nb="Egen", name_nn="Eiga", name_en="Own", unit="stk"
    )
    with pytest.raises(PermissionDenied):
        cite(service_case, leader, theirs)


def test_removing_is_a_post_and_a_get_writes_nothing(service_case, leader, coverage, login_client):
    citation = cite(service_case, leader, coverage)
    client = login_client(leader)
    history = Citation.history.count()
    assert client.get(reverse("indicators:remove_citation", args=[service_case.pk, citation.pk])).status_code == 405
    assert client.get(reverse("indicators:cite", args=[service_case.pk])).status_code == 200
    assert client.get(reverse("cases:detail", args=[service_case.pk])).status_code == 200
    assert Citation.objects.count() == 1
    assert Citation.history.count() == history
    response = client.post(reverse("indicators:remove_citation", args=[service_case.pk, citation.pk]))
    assert response.status_code == 302
    assert not Citation.objects.exists()


def test_the_case_page_shows_each_citation_as_a_chart_and_a_table_with_source_and_the_form(
    service_case, leader, coverage, login_client
):
    cite(service_case, leader, coverage, note="Færre plasser enn snittet")
    page = login_client(leader).get(reverse("cases:detail", args=[service_case.pk])).content.decode()
    assert 'id="section-citations"' in page
    assert "<svg" in page
    assert 'id="citation-' in page
    assert "Færre plasser enn snittet" in page
    assert f"tabell {coverage.ssb_table}" in page
    assert '<abbr title="Skjult av personvernhensyn">:</abbr>' in page
    assert reverse("indicators:cite", args=[service_case.pk]) in page


def test_a_reader_who_may_not_cite_sees_the_figures_but_no_form(
    service_case, leader, politician, coverage, login_client
):
    cite(service_case, leader, coverage)
    page = login_client(politician).get(reverse("cases:detail", args=[service_case.pk])).content.decode()
    assert 'id="section-citations"' in page
    assert reverse("indicators:cite", args=[service_case.pk]) not in page


def test_the_section_is_left_out_where_nothing_is_cited(service_case, leader):
    assert [s.key for s in sections_for(service_case, Place.REPORT, leader)] == []
    assert "citations" in [s.key for s in sections_for(service_case, Place.CASE, leader)]


def test_the_public_page_shows_the_cited_figures_from_the_snapshot(service_case, leader, coverage):
    cite(service_case, leader, coverage)
    [section] = [s for s in sections_for(service_case, Place.PUBLIC) if s.key == "citations"]
    [item] = section.data["items"]
    assert item["figure"].rows[1][1][1].text == ":"
    assert section.data["form"] is None


def test_forberede_recommends_citing_figures_for_service_and_political_cases(
    service_case, leader, coverage, make_case, caseworker
):
    [item] = [i for i in checklist(service_case, Phase.PREPARE) if i.key == "figures_cited"]
    assert not item.met
    assert not item.required
    assert item.url.endswith("#section-citations")
    cite(service_case, leader, coverage)
    [item] = [i for i in checklist(service_case, Phase.PREPARE) if i.key == "figures_cited"]
    assert item.met
    individual = make_case(caseworker)
    assert "figures_cited" not in [i.key for i in checklist(individual, Phase.PREPARE)]


def test_an_individual_case_may_cite_figures_and_the_read_is_logged(make_case, caseworker, coverage, login_client):
    case = make_case(caseworker)
    response = login_client(caseworker).post(
        reverse("indicators:cite", args=[case.pk]), {"definition": coverage.pk, "regions": [case.municipality.number]}
    )
    assert response.status_code == 302
    assert Citation.objects.get().case == case
    assert CaseAccess.objects.filter(case=case, user=caseworker, page="indicators-cite").exists()


def test_the_history_names_what_was_cited_and_removed(service_case, leader, coverage):
    from prioritet.indicators.extensions import timeline

    services.remove_citation(cite(service_case, leader, coverage), leader)
    entries = timeline(service_case)
    assert len(entries) == 2
    assert all(coverage.name_nb in entry.subject for entry in entries)
