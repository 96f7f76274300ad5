"""Publishing: the rules hold in the model, the database, the service and the views."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from prioritet.accounts.models import Role
from prioritet.cases import services as case_services
from prioritet.cases.models import Level
from prioritet.cases.testing import decided_case, open_case
from prioritet.public import services
from prioritet.public.models import Publication

BODY = "Kommunestyret"


def _publish(case, user, **kwargs):
    kwargs.setdefault("decided_by_body", BODY)
    kwargs.setdefault("summary", "Offentlig sammendrag.")
    return services.publish(case, user, **kwargs)


# Individual cases are never published --------------------------------------------------------------


@pytest.fixture
def individual_case(user_factory):
    caseworker = user_factory(Role.CASEWORKER)
    case, _ = decided_case(
        caseworker,
        [("Institusjon", (4, 4)), ("Hjemme", (4, 3))],
        severity=4,
        level=Level.INDIVIDUAL,
        title="Lårhalsbrudd",
    )
    return case


def test_the_service_refuses_an_individual_case(individual_case, user_factory):
    for role in (Role.LEADER, Role.DIRECTOR, Role.CASEWORKER):
        with pytest.raises(ValidationError) as err:
            _publish(individual_case, user_factory(role))
        assert err.value.code == "individual"
    assert not Publication.objects.exists()


def test_the_model_refuses_an_individual_case(individual_case, user_factory):
    publication = Publication(
        municipality=individual_case.municipality,
        case=individual_case,
        decision=individual_case.decisions.get(),
        level=Level.INDIVIDUAL,
        decided_by_body=BODY,
        summary="x",
        published_by=user_factory(Role.LEADER),
    )
    with pytest.raises(ValidationError) as err:
        publication.full_clean()
    assert "Individsaker publiseres aldri." in str(err.value)
    # Even a level that lies about the case is caught by clean().
    publication.level = Level.SERVICE
    with pytest.raises(ValidationError):
        publication.full_clean()


def test_the_database_refuses_an_individual_case(individual_case, user_factory):
    with pytest.raises(IntegrityError), transaction.atomic():
        Publication.objects.create(
            municipality=individual_case.municipality,
            case=individual_case,
            decision=individual_case.decisions.get(),
            level=Level.INDIVIDUAL,
            decided_by_body=BODY,
            summary="x",
            published_by=user_factory(Role.LEADER),
        )


def test_the_publish_page_of_an_individual_case_is_404(individual_case, user_factory, login_client):
    leader = user_factory(Role.LEADER)  # a leader may read individual cases, but never publish them
    assert login_client(leader).get(reverse("public:publish", args=[individual_case.pk])).status_code == 404
    assert login_client(leader).post(reverse("public:publish", args=[individual_case.pk]), {}).status_code == 404


# Only decided cases --------------------------------------------------------------------------------------


def test_an_undecided_case_is_refused(leader, login_client):
    case = open_case(leader, [("Tiltak", (3, 3))])
    with pytest.raises(ValidationError) as err:
        _publish(case, leader)
    assert err.value.code == "undecided"
    response = login_client(leader).post(
        reverse("public:publish", args=[case.pk]), {"decided_by_body": BODY, "summary": "x"}
    )
    assert response.status_code == 200
    assert "Bare en besluttet sak kan publiseres" in response.content.decode()
    assert not Publication.objects.exists()


# Role rules ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "level", "allowed"),
    [
        (Role.LEADER, Level.SERVICE, True),
        (Role.DIRECTOR, Level.SERVICE, False),
        (Role.DIRECTOR, Level.POLITICAL, True),
        (Role.LEADER, Level.POLITICAL, False),
        (Role.CASEWORKER, Level.SERVICE, False),
        (Role.MUNICIPAL_ADMIN, Level.POLITICAL, False),
        (Role.HEALTH_PERSONNEL, Level.SERVICE, False),
    ],
)
def test_leaders_publish_service_cases_and_directors_political_ones(
    service_case, political_case, user_factory, role, level, allowed
):
    case = service_case[0] if level == Level.SERVICE else political_case[0]
    user = user_factory(role)
    if allowed:
        publication = _publish(case, user)
        assert (publication.level, publication.published_by, publication.decided_by_body) == (level, user, BODY)
        assert publication.decision == case.decisions.get()
    else:
        with pytest.raises(PermissionDenied):
            _publish(case, user)
        assert not Publication.objects.exists()


def test_another_municipality_cannot_publish_and_gets_404(service_case, user_factory, other_municipality, login_client):
    case, _ = service_case
    outsider = user_factory(Role.LEADER, municipality=other_municipality)
    with pytest.raises(PermissionDenied):
        _publish(case, outsider)
    client = login_client(outsider)
    assert client.get(reverse("public:publish", args=[case.pk])).status_code == 404
    assert client.post(reverse("public:publish", args=[case.pk]), {"decided_by_body": BODY}).status_code == 404
    assert client.post(reverse("public:unpublish", args=[case.pk])).status_code == 404
    assert not Publication.objects.exists()


def test_the_publishing_pages_by_role(service_case, political_case, user_factory, login_client):
    assert login_client(user_factory(Role.CASEWORKER)).get(reverse("public:manage")).status_code == 403
    page = login_client(user_factory(Role.LEADER)).get(reverse("public:manage")).content.decode()
    assert "Oppstart av Larvikshjelpa" in page
    assert "Dagaktivitet for personer med demens" not in page
    page = login_client(user_factory(Role.DIRECTOR)).get(reverse("public:manage")).content.decode()
    assert "Dagaktivitet for personer med demens" in page
    assert "Oppstart av Larvikshjelpa" not in page
    director = user_factory(Role.DIRECTOR)
    assert login_client(director).get(reverse("public:publish", args=[service_case[0].pk])).status_code == 403


# Publishing, updating and withdrawing --------------------------------------------------------------------


def test_publish_through_the_page(service_case, leader, login_client):
    case, decision = service_case
    client = login_client(leader)
    form = client.get(reverse("public:publish", args=[case.pk])).content.decode()
    assert "Starte Larvikshjelpa" in form  # the preview of the combined assessment
    assert decision.justification in form  # prefilled summary, for the publisher to edit
    response = client.post(
        reverse("public:publish", args=[case.pk]),
        {"decided_by_body": "Virksomhetsleder", "summary": "Larvikshjelpa startes."},
    )
    publication = Publication.objects.get()
    assert response.url == reverse("public:publication", args=[case.municipality.slug, publication.pk])
    assert (publication.summary, publication.published_by) == ("Larvikshjelpa startes.", leader)
    assert publication.history.get().history_user == leader


def test_publishing_again_brings_the_publication_up_to_date(service_case, leader):
    case, first = service_case
    publication = _publish(case, leader, summary="Første")
    published_at = publication.published_at
    case_services.start_reassessment(case, leader, "Nye tall fra KOSTRA")
    case.refresh_from_db()
    with pytest.raises(ValidationError):  # reopened: nothing new to publish until decided again
        _publish(case, leader)
    case_services.decide(
        case,
        leader,
        case.version,
        alternative=first.alternative,
        priority="medium",
        justification="Ny vurdering.",
        reassessment_due=first.reassessment_due,
    )
    case.refresh_from_db()
    updated = _publish(case, leader, summary="Andre")
    assert updated.pk == publication.pk
    assert updated.decision != first
    assert updated.decision.priority == "medium"
    assert updated.published_at == published_at
    assert Publication.objects.count() == 1


def test_unpublish(published, leader, login_client, user_factory):
    case = published.case
    assert (
        login_client(user_factory(Role.DIRECTOR)).post(reverse("public:unpublish", args=[case.pk])).status_code == 403
    )
    response = login_client(leader).post(reverse("public:unpublish", args=[case.pk]))
    assert response.url == reverse("public:manage")
    assert not Publication.objects.exists()
    assert Publication.history.filter(history_type="-").get().history_user == leader
    with pytest.raises(ValidationError):
        services.unpublish(case, leader)


# The case page links to publishing where it applies ----------------------------------------------


def test_the_case_page_offers_publishing_to_the_leader_of_a_decided_service_case(service_case, leader, login_client):
    case = service_case[0]
    html = login_client(leader).get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert reverse("public:publish", args=[case.pk]) in html


def test_the_case_page_offers_no_publishing_for_an_individual_case(individual_case, user_factory, login_client):
    html = login_client(user_factory(Role.LEADER)).get(reverse("cases:detail", args=[individual_case.pk])).content
    assert reverse("public:publish", args=[individual_case.pk]).encode() not in html
