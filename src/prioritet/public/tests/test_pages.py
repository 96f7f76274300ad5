"""The public pages: no login, the seed's table and the decision, nothing personal, the weights and
their history, the Atom feed, cache headers and a bounded number of queries."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_municipality
from prioritet.cases import political
from prioritet.cases.judgment import combined_judgment
from prioritet.cases.models import Case, Level, Status
from prioritet.cases.testing import body_of, decided_case, future, open_case, politician_of, recommend
from prioritet.public import services
from prioritet.weighting.services import create_version

from .conftest import ASSESSOR_NAMES

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def anonymous() -> Client:
    return Client()


def _get(client: Client, name: str, *args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200, response.status_code
    return response


# The published prioritisation -----------------------------------------------------------------------


def test_the_public_page_shows_the_table_and_the_decision_without_login(published, anonymous):
    municipality = published.case.municipality
    page = _get(anonymous, "public:publication", municipality.slug, published.pk).content.decode()
    # The seed's table «Nivå, Situasjon, Alvorlighet, Nytte, Ressurs, Prioritering/konklusjon».
    for header in ("Nivå", "Situasjon", "Alvorlighet", "Nytte", "Ressurs", "Prioritering/konklusjon"):
        assert f'<th scope="col">{header}</th>' in page
    assert "Tjeneste og virksomhet" in page
    assert "Starte Larvikshjelpa" in page
    assert "Vente et år" in page
    assert "4 – høy" in page
    assert "2 – lite" in page
    assert "Forslag nr. 1 (verdi 75 av 100)" in page  # (0.75 + 0.75 + 0.75) / 3
    assert "høy prioritet" in page
    # The decision, its date and the body that decided.
    assert "Virksomhetsleder hjemmetjenesten" in page
    assert published.decision.decided_at.strftime("%Y") in page
    assert "Larvikshjelpa startes i 2026." in page
    assert "versjon 1" in page


def test_the_public_pages_hold_nothing_personal(published, anonymous, leader):
    municipality = published.case.municipality
    pages = [
        _get(anonymous, "public:publication", municipality.slug, published.pk),
        _get(anonymous, "public:municipality", municipality.slug),
        _get(anonymous, "public:criteria", municipality.slug),
        _get(anonymous, "public:feed", municipality.slug),
        _get(anonymous, "public:index"),
    ]
    for response in pages:
        content = response.content.decode()
        for name in (*ASSESSOR_NAMES, "Vurdersen", "Skårsen", leader.username):
            assert name not in content
        assert "Intern begrunnelse" not in content  # the decision's justification stays internal
        assert "Ventetiden øker." not in content  # and so does the no-action consequence
        assert "csrfmiddlewaretoken" not in content


def test_a_case_reference_is_never_shown(user_factory, anonymous):
    """Service and political cases have no case reference; the page shows none of the case's internals."""
    director = user_factory(Role.DIRECTOR)
    case, _ = decided_case(
        director,
        [("Utvide", (4, 2)), ("Vente", (2, 1))],
        severity=4,
        level="political",
        title="Økonomiplan 2026–2029",
        description="Intern saksbeskrivelse",
    )
    publication = services.publish(case, director, decided_by_body="Kommunestyret", summary="Vedtatt.")
    page = _get(anonymous, "public:publication", case.municipality.slug, publication.pk).content.decode()
    assert "Intern saksbeskrivelse" not in page
    assert "Politisk og administrativt" in page
    assert f"/cases/{case.pk}/" not in page


def test_public_pages_are_cacheable_and_set_no_cookie(published, anonymous):
    municipality = published.case.municipality
    for name, args in (
        ("public:index", ()),
        ("public:municipality", (municipality.slug,)),
        ("public:criteria", (municipality.slug,)),
        ("public:publication", (municipality.slug, published.pk)),
        ("public:feed", (municipality.slug,)),
    ):
        response = _get(anonymous, name, *args)
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert cache_control == {"public", "max-age=300"}
        assert "Cookie" in response["Vary"]
        assert not response.cookies, (name, response.cookies)


def test_unknown_municipality_and_another_municipalitys_publication_are_404(published, anonymous):
    other = make_municipality("Sandefjord kommune", number="3907")
    assert anonymous.get(reverse("public:municipality", args=["finnes-ikke"])).status_code == 404
    assert anonymous.get(reverse("public:publication", args=[other.slug, published.pk])).status_code == 404
    assert anonymous.get(reverse("public:feed", args=["finnes-ikke"])).status_code == 404


def test_a_reopened_case_says_so(published, anonymous, leader):
    from prioritet.cases import services as case_services

    case_services.start_reassessment(published.case, leader, "Nye tall")
    page = _get(anonymous, "public:publication", published.municipality.slug, published.pk).content.decode()
    assert "vurderer denne prioriteringen på nytt" in page


# The municipality's page and the index ---------------------------------------------------------------


def test_the_municipality_page_lists_its_publications(published, political_case, director, anonymous):
    case, _ = political_case
    services.publish(case, director, decided_by_body="Kommunestyret", summary="Flere plasser.")
    municipality = published.municipality
    page = _get(anonymous, "public:municipality", municipality.slug).content.decode()
    assert "Oppstart av Larvikshjelpa" in page
    assert "Dagaktivitet for personer med demens" in page
    assert "Besluttet av Kommunestyret" in page
    assert f'type="application/atom+xml" href="{reverse("public:feed", args=[municipality.slug])}"' in page
    assert page.index("Dagaktivitet") < page.index("Oppstart av Larvikshjelpa")  # newest first


def test_the_index_lists_only_municipalities_with_publications(published, anonymous):
    make_municipality("Tom kommune", number="9999")
    page = _get(anonymous, "public:index").content.decode()
    assert published.municipality.name in page
    assert "Tom kommune" not in page
    assert reverse("public:municipality", args=[published.municipality.slug]) in page


def test_the_criteria_page_explains_the_criteria_and_the_full_weight_history(municipality, user_factory, anonymous):
    create_version(
        municipality,
        user_factory(Role.DIRECTOR),
        benefit=Decimal(2),
        severity=Decimal(3),
        resources=Decimal(1),
        reason="Alvorlighet skal veie mest",
        decided_by_body="Kommunestyret, sak 12/26",
    )
    page = _get(anonymous, "public:criteria", municipality.slug).content.decode()
    # The criteria and what they mean, with the sub-dimensions and the key question for severity.
    for text in ("Alvorlighet", "Nytte", "Ressurs", "hastegrad", "livskvalitet", "pårørende", "svært ressurskrevende"):
        assert text in page
    assert "Nøkkelspørsmålet" in page
    assert "Hva er konsekvensen av å ikke iverksette, å utsette eller å avslutte tiltaket?" in page
    # How Prioritet weighs them: additive value and the bands.
    assert "høy fra 67, middels fra 33, lav under 33" in page
    # The current weights and the full history (version, date, body, reason).
    assert "Versjon 2, vedtatt av Kommunestyret, sak 12/26" in page
    assert "Alvorlighet skal veie mest" in page
    assert "Like vekter (standard før kommunen har vedtatt egne vekter)" in page
    assert 'id="version-1"' in page
    assert 'id="version-2"' in page
    assert "50 %" in page
    assert "33 %" in page
    assert "17 %" in page
    assert "Dina" not in page  # who recorded the weights is internal


def test_before_the_municipality_saves_weights_the_public_pages_show_the_default_labelled_as_such(
    municipality, anonymous
):
    from prioritet.weighting.models import WeightVersion

    assert not WeightVersion.objects.filter(municipality=municipality).exists()
    for name in ("public:municipality", "public:criteria"):
        page = _get(anonymous, name, municipality.slug).content.decode()
        weights = page[page.index('data-testid="public-weights"') :]
        weights = weights[: weights.index("</dl>")]
        assert weights.count("33 %") == 3, name
        assert "Kommunen har ikke vedtatt egne vekter, så standardvektene brukes" in page, name
        assert "Versjon 1" not in page, name
    municipality_page = _get(anonymous, "public:municipality", municipality.slug).content.decode()
    assert "Vektene nå: standardvektene, like vekter" in municipality_page
    criteria = _get(anonymous, "public:criteria", municipality.slug).content.decode()
    assert '<span class="ds-tag" data-color="neutral">Standard</span>' in criteria
    assert not WeightVersion.objects.filter(municipality=municipality).exists(), "a public read saves nothing"


def test_the_language_switch_works_without_a_csrf_token(published):
    client = Client(enforce_csrf_checks=True)
    url = reverse("public:municipality", args=[published.municipality.slug])
    response = client.post(reverse("public:language"), {"language": "en", "next": url})
    assert response.status_code == 302
    assert response.url == url
    page = client.get(url).content.decode()
    assert '<html lang="en"' in page
    assert "Published prioritisations" in page
    client.post(reverse("public:language"), {"language": "nn", "next": url})
    assert "Publiserte prioriteringar" in client.get(url).content.decode()
    # Off-site redirects are refused, as in Django's own view.
    assert client.post(reverse("public:language"), {"language": "nb", "next": "https://evil.example/"}).url == "/"


# The Atom feed ---------------------------------------------------------------------------------------------


def test_the_atom_feed_lists_new_publications(published, political_case, director, anonymous):
    services.publish(political_case[0], director, decided_by_body="Kommunestyret", summary="Flere plasser.")
    municipality = published.municipality
    response = _get(anonymous, "public:feed", municipality.slug)
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}title") == f"Prioriteringer i {municipality.name}"
    assert root.findtext(f"{ATOM}author/{ATOM}name") == municipality.name
    assert root.findtext(f"{ATOM}id")
    assert root.findtext(f"{ATOM}updated")
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Dagaktivitet for personer med demens",
        "Oppstart av Larvikshjelpa",
    ]
    for entry in entries:
        link = entry.find(f"{ATOM}link")
        assert link is not None
        href = link.get("href", "")
        assert href.startswith("http://testserver/p/")
        assert entry.findtext(f"{ATOM}id") == href
        assert entry.findtext(f"{ATOM}published")
        assert entry.findtext(f"{ATOM}updated")
    summary = entries[1].findtext(f"{ATOM}summary", "")
    assert "Virksomhetsleder hjemmetjenesten besluttet: Starte Larvikshjelpa (høy prioritet)." in summary
    assert anonymous.get(href).status_code == 200


def test_the_feed_of_a_municipality_without_publications_is_empty(municipality, anonymous):
    root = ET.fromstring(_get(anonymous, "public:feed", municipality.slug).content)
    assert root.findall(f"{ATOM}entry") == []


# Queries are bounded -------------------------------------------------------------------------------------


@pytest.fixture
def many_publications(municipality, user_factory):
    leader = user_factory(Role.LEADER)
    director = user_factory(Role.DIRECTOR)
    create_version(
        municipality,
        director,
        benefit=Decimal(1),
        severity=Decimal(2),
        resources=Decimal(1),
        reason="x",
        decided_by_body="Kommunestyret",
    )
    for k in range(12):
        case, _ = decided_case(leader, [(f"Tiltak {k}", (4, 2)), ("Vente", (2, 1))], severity=4, title=f"Sak {k}")
        services.publish(case, leader, decided_by_body="Virksomhetsleder", summary=f"Sammendrag {k}")
    return municipality


@pytest.mark.parametrize(
    ("name", "limit"),
    [("public:index", 1), ("public:municipality", 5), ("public:criteria", 2), ("public:feed", 2)],
)
def test_public_pages_use_a_fixed_number_of_queries(
    many_publications, anonymous, django_assert_max_num_queries, name, limit
):
    from prioritet.core.extensions import Extension, extensions

    args = () if name == "public:index" else (many_publications.slug,)
    if name == "public:municipality":
        # And one for each list other apps add (the open consultations): each reads with one query.
        limit += sum(len(extension.public_listings) for extension in extensions(Extension))
    with django_assert_max_num_queries(limit):
        response = anonymous.get(reverse(name, args=args))
    assert response.status_code == 200


def test_the_publication_page_uses_a_fixed_number_of_queries(
    many_publications, anonymous, django_assert_max_num_queries
):
    """Three of its own (two, and the reference «no action», whose row a decision made before issue 11
    stored among the ranked ones), and at most one for each section other apps add (a consultation summary, …)."""
    from prioritet.cases.extensions import Place, declared_sections
    from prioritet.public.models import Publication

    publication = Publication.objects.first()
    with django_assert_max_num_queries(3 + len(declared_sections(Place.PUBLIC))):
        response = anonymous.get(reverse("public:publication", args=[many_publications.slug, publication.pk]))
    assert response.status_code == 200


def test_no_action_is_only_the_reference_even_in_a_decision_stored_before_it_became_one(user_factory, anonymous):
    """A decision made before issue 11 stored «no action» among its ranked rows, with a band; the page
    leaves it out of the table, counts the others' ranks again and names it only as the reference."""
    from prioritet.cases.models import AlternativeKind, Decision

    director = user_factory(Role.DIRECTOR)
    case, decision = decided_case(director, [("Utvide", (4, 2)), ("Vente", (2, 1))], severity=4, level="political")
    no_action = case.alternatives.get(kind=AlternativeKind.NO_ACTION)
    assert no_action.pk not in {row["alternative"] for row in decision.suggestion}
    old = [
        decision.suggestion[0],
        {
            "alternative": no_action.pk,
            "title": no_action.title,
            "scores": {"benefit": 1, "severity": 4, "resources": 1},
            "value": 0.583333,
            "rank": 2,
        },
        {**decision.suggestion[1], "rank": 3},
    ]
    Decision.objects.filter(pk=decision.pk).update(suggestion=old)
    publication = services.publish(case, director, decided_by_body="Kommunestyret", summary="Vedtatt.")
    page = _get(anonymous, "public:publication", case.municipality.slug, publication.pk).content.decode()
    table, reference = page.split('data-testid="reference"', 1)
    table = table.split("<tbody>", 1)[1]
    assert no_action.title not in table
    assert "Forslag nr. 1" in table
    assert "Forslag nr. 2" in table
    assert "Forslag nr. 3" not in table
    assert f"Referanse: {no_action.title}" in reference
    paragraph = reference.split("</p>", 1)[0]
    for band in ("høy prioritet", "middels prioritet", "lav prioritet", "Forslag nr."):
        assert band not in paragraph


def test_a_political_publication_shows_the_innstilling_and_the_vedtak_side_by_side(director, anonymous):
    """The vedtak departs from the innstilling's text after an adopted amendment; both are shown."""
    case = open_case(director, [("Utvide dagaktivitetstilbudet", (4, 2))], level=Level.POLITICAL, title="Dagaktivitet")
    measure = case.alternatives.get(title="Utvide dagaktivitetstilbudet")
    recommend(case, director, measure, proposed_resolution="Ti plasser fra august.")
    case = Case.objects.get(pk=case.pk)
    political.record_vedtak(
        case,
        politician_of(case.municipality),
        case.version,
        body=body_of(case.municipality, "Formannskapet"),
        meeting_date=timezone.localdate(),
        saksnummer="FS 12/26",
        alternative=measure,
        priority="high",
        adopted_text="Ti plasser fra mars.",
        departure_description="Oppstart i mars etter endringsforslag.",
        votes_for=7,
        votes_against=2,
        amendments=[
            {
                "proposed_by": "Senterpartiet",
                "text": "Start i mars.",
                "adopted": True,
                "votes_for": 7,
                "votes_against": 2,
            }
        ],
        reassessment_due=future(),
        signature=combined_judgment(case).signature,
    )
    assert Case.objects.get(pk=case.pk).status == Status.DECIDED
    publication = services.publish(case, director, decided_by_body="Formannskapet", summary="Flere plasser.")
    html = _get(anonymous, "public:publication", publication.case.municipality.slug, publication.pk).content.decode()
    columns = html[html.index('class="pri-side-by-side"') :]
    innstilling, vedtak = columns.split('class="pri-side-by-side__column"')[1:3]
    assert "Ti plasser fra august." in innstilling
    assert "Kommunedirektørens innstilling" in innstilling
    for expected in (
        "Vedtak i Formannskapet",
        "FS 12/26",
        "Ti plasser fra mars.",
        "7 stemmer for, 2 mot",
        "Senterpartiet",
        "vedtatt",
    ):
        assert expected in vedtak, expected
    assert "Oppstart i mars etter endringsforslag." in vedtak


def test_the_public_page_shows_the_involvement_plan_and_management_information_when_filled(published, anonymous):
    municipality = published.case.municipality
    page = _get(anonymous, "public:publication", municipality.slug, published.pk).content.decode()
    assert "Medvirkning og styringsinformasjon" not in page
    Case.objects.filter(pk=published.case_id).update(
        involvement_plan="Brukerne ble spurt i en åpen høring.",
        management_information="Antall brukere av Larvikshjelpa rapporteres hvert kvartal.",
    )
    page = _get(Client(), "public:publication", municipality.slug, published.pk).content.decode()
    assert "Medvirkning og styringsinformasjon" in page
    assert "Hvem som berøres og hvordan de involveres" in page
    assert "Brukerne ble spurt i en åpen høring." in page
    assert "Antall brukere av Larvikshjelpa rapporteres hvert kvartal." in page
