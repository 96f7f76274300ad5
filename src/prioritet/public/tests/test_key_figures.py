"""The public key figures (issue 12 §9): only what the municipality chose, only its own figures with
its KOSTRA group's and the country's, suppressed cells as «:» and no number, no login, cacheable,
nothing written by a read; and who chooses the figures."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prioritet.accounts.models import Municipality, Role
from prioritet.indicators.models import IndicatorDefinition, IndicatorValue, PeerGroup, PeriodKind, Status
from prioritet.indicators.testing import add_value
from prioritet.public import selectors, services
from prioritet.public.models import PublishedIndicator

EXPLANATION = "Flere eldre skal kunne bo hjemme."


@pytest.fixture
def coverage(db) -> IndicatorDefinition:
    return IndicatorDefinition.objects.get(owner=None, key="nursing_home_80")


@pytest.fixture
def home_care(db) -> IndicatorDefinition:
    return IndicatorDefinition.objects.get(owner=None, key="home_care_80")


@pytest.fixture
def admin(user_factory):
    return user_factory(Role.MUNICIPAL_ADMIN, username="kommuneadmin")


@pytest.fixture
def figures(municipality, coverage, home_care, admin):
    """Larvik's coverage 2023–2024 with its KOSTRA group, the country and a peer; home care unpublished."""
    PeerGroup.objects.create(municipality=municipality, kostra_group="EKG13", peers=["3907"])
    for region, values in {
        municipality.number: ("12.5", "11.2"),
        "EKG13": ("13.4", "13.1"),
        "EAK": ("12.9", "12.6"),  # the country in a KOSTRA table
        "3907": ("654.3", "654.4"),  # a peer: never on the public page
    }.items():
        for period, value in zip(("2023", "2024"), values, strict=True):
            add_value(municipality, coverage, region, period, Decimal(value))
    add_value(municipality, home_care, municipality.number, "2024", Decimal("777.7"))
    services.set_key_figure(admin, coverage, published=True, explanation=EXPLANATION)


def _page(municipality: Municipality) -> str:
    response = Client().get(reverse("public:key_figures", args=[municipality.slug]))
    assert response.status_code == 200
    return response.content.decode()


# The public page -----------------------------------------------------------------------------------


def test_a_published_figure_shows_its_latest_value_trend_comparisons_and_source_without_login(
    figures, municipality, coverage
):
    page = _page(municipality)
    assert "Andel innbyggere 80 år og over med institusjonsopphold" in page
    assert EXPLANATION in page
    # The latest and the year before (in the table), the KOSTRA group and the country beside them.
    for shown in ("11,2", "12,5", "KOSTRA-gruppe 13", "13,1", "Hele landet", "12,6"):
        assert shown in page
    assert 'role="img"' in page  # the trend chart, with the table as its alternative
    assert "<caption>" in page
    assert "Kilde: Statistisk sentralbyrå (SSB)" in page
    assert "Hva symbolene betyr" in page


def test_unpublished_indicators_never_appear(figures, municipality):
    page = _page(municipality)
    assert IndicatorDefinition.objects.get(owner=None, key="home_care_80").name_nb not in page
    assert "777,7" not in page


def test_a_withdrawn_figure_leaves_the_page(figures, municipality, coverage, admin):
    services.set_key_figure(admin, coverage, published=False)
    page = _page(municipality)
    assert "institusjonsopphold" not in page
    assert "Kommunen har ikke publisert nøkkeltall ennå." in page


def test_another_municipalitys_figures_never_appear(
    figures, municipality, other_municipality, coverage, home_care, user_factory
):
    # Sandefjord holds figures for the same indicator and for Larvik's region code, and publishes another.
    add_value(other_municipality, coverage, municipality.number, "2025", Decimal("321.9"))
    add_value(other_municipality, coverage, other_municipality.number, "2024", Decimal("432.1"))
    add_value(other_municipality, home_care, other_municipality.number, "2024", Decimal("543.2"))
    outsider = user_factory(Role.LEADER, municipality=other_municipality)
    services.set_key_figure(outsider, home_care, published=True, explanation="Sandefjords forklaring")
    page = _page(municipality)
    for foreign in ("321,9", "432,1", "543,2", "2025", "Sandefjords forklaring", "654,3", "654,4"):
        assert foreign not in page  # neither another tenant's figures nor a peer's
    assert home_care.name_nb not in page
    other = _page(other_municipality)
    assert "543,2" in other
    assert "11,2" not in other
    assert "institusjonsopphold" not in other


def test_a_suppressed_cell_shows_the_colon_and_no_number(figures, municipality, coverage):
    # A stored number under the symbol must never leak, not in the figures, the table or the chart.
    IndicatorValue.objects.filter(definition=coverage, region=municipality.number, period="2024").update(
        value=Decimal("987.6"), status=Status.SUPPRESSED
    )
    page = _page(municipality)
    for leaked in ("987,6", "987.6", "988"):
        assert leaked not in page
    assert '<abbr title="Skjult av personvernhensyn">:</abbr>' in page
    assert "12,5" in page  # the year before is still shown


def test_a_figure_about_fewer_than_five_people_shows_the_colon_and_no_number(figures, municipality, coverage):
    IndicatorValue.objects.filter(definition=coverage, region=municipality.number, period="2023").update(
        value=Decimal("876.5"), persons=3
    )
    page = _page(municipality)
    for leaked in ("876,5", "876.5", "877"):
        assert leaked not in page
    assert page.count('<abbr title="Skjult av personvernhensyn">:</abbr>') == 1
    IndicatorValue.objects.filter(definition=coverage, region=municipality.number, period="2023").update(persons=5)
    assert "876,5" in _page(municipality)


def test_made_up_demo_figures_are_labelled(figures, municipality, coverage):
    add_value(municipality, coverage, municipality.number, "2022", Decimal("12.9"), demo=True)
    assert "Demotall (oppdiktede)" in _page(municipality)
    IndicatorValue.objects.filter(demo=True).delete()
    assert "Demotall (oppdiktede)" not in _page(municipality)


def test_the_page_is_cacheable_sets_no_cookie_writes_nothing_and_needs_few_queries(
    figures, municipality, django_assert_max_num_queries
):
    client = Client()
    with CaptureQueriesContext(connection) as queries, django_assert_max_num_queries(6):
        response = client.get(reverse("public:key_figures", args=[municipality.slug]))
    assert response.status_code == 200
    assert {part.strip() for part in response["Cache-Control"].split(",")} == {"public", "max-age=300"}
    assert "Cookie" in response["Vary"]
    assert not response.cookies
    assert not [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert client.post(reverse("public:key_figures", args=[municipality.slug])).status_code == 405


def test_the_front_page_links_to_the_key_figures_once_some_are_published(municipality, coverage, admin):
    url = reverse("public:key_figures", args=[municipality.slug])
    front = Client().get(reverse("public:municipality", args=[municipality.slug])).content.decode()
    assert "Se kommunens nøkkeltall" not in front
    services.set_key_figure(admin, coverage, published=True)
    front = Client().get(reverse("public:municipality", args=[municipality.slug])).content.decode()
    assert "Se kommunens nøkkeltall" in front
    assert url in front


def test_an_unknown_municipality_is_404(db):
    assert Client().get(reverse("public:key_figures", args=["finnes-ikke"])).status_code == 404


# Choosing the figures --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.MUNICIPAL_ADMIN, True),
        (Role.LEADER, True),
        (Role.DIRECTOR, True),
        (Role.POLITICIAN, False),
        (Role.CASEWORKER, False),
        (Role.HEALTH_PERSONNEL, False),
    ],
)
def test_the_administrator_and_the_publishing_roles_choose_the_key_figures(
    role, allowed, user_factory, login_client, coverage
):
    user = user_factory(role)
    client = login_client(user)
    list_url = reverse("public:key_figure_list")
    edit_url = reverse("public:key_figure_edit", args=[coverage.pk])
    if not allowed:
        assert client.get(list_url).status_code == 403
        assert client.post(edit_url, {"published": "on"}).status_code == 403
        with pytest.raises(PermissionDenied):
            services.set_key_figure(user, coverage, published=True)
        assert not PublishedIndicator.objects.exists()
        return
    assert "Andel innbyggere 80 år og over med institusjonsopphold" in client.get(list_url).content.decode()
    response = client.post(edit_url, {"published": "on", "explanation": EXPLANATION})
    assert response.status_code == 302
    item = PublishedIndicator.objects.get()
    assert (item.definition, item.explanation, item.published_by) == (coverage, EXPLANATION, user)
    assert "Publisert" in client.get(list_url).content.decode()
    client.post(edit_url, {"explanation": ""})
    assert not PublishedIndicator.objects.exists()


def test_another_municipalitys_own_indicator_cannot_be_chosen(user_factory, login_client, other_municipality):
    own = IndicatorDefinition.objects.create(
        owner=other_municipality, key="egen", name_nb="Sandefjords egen", name_nn="Sandefjords eigen", unit="stk"
    )
    admin = user_factory(Role.MUNICIPAL_ADMIN)
    client = login_client(admin)
    assert client.get(reverse("public:key_figure_edit", args=[own.pk])).status_code == 404
    assert client.post(reverse("public:key_figure_edit", args=[own.pk]), {"published": "on"}).status_code == 404
    assert "Sandefjords egen" not in client.get(reverse("public:key_figure_list")).content.decode()
    with pytest.raises(PermissionDenied):
        services.set_key_figure(admin, own, published=True)
    assert not PublishedIndicator.objects.exists()


def test_the_explanation_follows_the_text_rules(user_factory, login_client, coverage):
    client = login_client(user_factory(Role.LEADER))
    response = client.post(
        reverse("public:key_figure_edit", args=[coverage.pk]),
        {"published": "on", "explanation": "Gjelder 15076500565"},
    )
    assert response.status_code == 400
    response = client.post(
        reverse("public:key_figure_edit", args=[coverage.pk]), {"published": "on", "explanation": "x" * 301}
    )
    assert response.status_code == 400
    assert not PublishedIndicator.objects.exists()


def test_choosing_again_keeps_the_first_publication_date(admin, coverage):
    services.set_key_figure(admin, coverage, published=True, explanation="Først")
    first = PublishedIndicator.objects.get()
    services.set_key_figure(admin, coverage, published=True, explanation="Så")
    again = PublishedIndicator.objects.get()
    assert (again.pk, again.published_at, again.explanation) == (first.pk, first.published_at, "Så")


@pytest.mark.django_db
def test_the_demo_municipality_publishes_five_key_figures_labelled_as_made_up():
    call_command("load_demo", stdout=StringIO())
    municipality = Municipality.objects.get(number="9999")
    assert PublishedIndicator.objects.filter(municipality=municipality).count() == 5
    page = _page(municipality)
    assert "Demotall (oppdiktede)" in page
    assert page.count('role="img"') >= 5
    call_command("load_demo", stdout=StringIO())
    assert PublishedIndicator.objects.filter(municipality=municipality).count() == 5


def test_monthly_figures_run_in_time_order_and_the_latest_is_the_newest_month(municipality, admin):
    waiting = IndicatorDefinition.objects.create(
        owner=municipality, key="waiting_days", name_nb="Ventetid", unit="dager", source="own"
    )
    for period, value in (("2024M9", "30"), ("2024M10", "20"), ("2024M11", "10")):
        IndicatorValue.objects.create(
            municipality=municipality,
            definition=waiting,
            region=municipality.number,
            period=period,
            period_kind=PeriodKind.MONTH,
            value=Decimal(value),
        )
    services.set_key_figure(admin, waiting, published=True, explanation=EXPLANATION)
    (figure,) = selectors.key_figures(municipality)
    assert figure.periods == ["2024M9", "2024M10", "2024M11"]
    assert figure.latest_period == "2024M11"
