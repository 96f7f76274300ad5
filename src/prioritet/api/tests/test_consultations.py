"""Consultation rounds through the API: the web page's rules, the selector's numbers, and never a link."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.utils import timezone, translation

from prioritet.accounts.models import Role
from prioritet.cases.models import Case, CaseAccess, Level
from prioritet.cases.testing import decided_case
from prioritet.participation import selectors as participation_selectors
from prioritet.participation import services
from prioritet.participation.models import Group, Response, digest

from .conftest import join

NB = {"Accept-Language": "nb"}


@pytest.fixture
def service_case(leader):
    case, _ = decided_case(leader, [("Starte Larvikshjelpa", (4, 2)), ("Vente et år", (2, 1))], severity=4)
    return case


@pytest.fixture
def opened(service_case, leader):
    """A round with three invitations and a public link: (round, links)."""
    return services.open_round(
        service_case,
        leader,
        question="Hvordan ser dere alternativene?",
        deadline=timezone.now() + datetime.timedelta(days=7),
        public_enabled=True,
        invitations=[
            (Group.ELDERLY_COUNCIL, "Eldrerådet"),
            (Group.USER_ORGANISATION, "Mental Helse"),
            (Group.UNION, "Fagforbundet"),
        ],
    )


def _data(
    case: Case, views: tuple[int | None, int | None, int | None], *, why: str = "", **extra: Any
) -> services.AnswerData:
    """``views`` is (benefit, severity, resources): the need's severity once, benefit and resources per alternative."""
    benefit, severity, resources = views
    scores = {a.pk: services.ScoreData(benefit, resources, why) for a in case.alternatives.filter(archived=False)}
    return services.AnswerData(scores=scores, severity=severity, **extra)


@pytest.fixture
def answered(opened, service_case):
    """Two invited answers, one public answer, and two drafts that must not count: (round, secrets)."""
    round_, links = opened
    keys = [services.new_token() for _ in range(5)]
    elderly, users, union = (link.invitation for link in links)
    services.answer_invitation(
        elderly,
        key=keys[0],
        data=_data(
            service_case,
            (4, 4, 2),
            why="Ventetiden rammer de eldste.",
            free_text="Vi støtter oppstart.",
            severity_why="Mange venter for lenge.",
        ),
        submit=True,
    )
    services.answer_invitation(users, key=keys[1], data=_data(service_case, (5, None, 1)), submit=True)
    services.answer_invitation(union, key=keys[2], data=_data(service_case, (1, 1, 1), why="Utkast"), submit=False)
    services.answer_public(
        round_,
        key=keys[3],
        data=_data(service_case, (2, 3, None), speaks_for="Pårørende", free_text="Start snart."),
        submit=True,
    )
    services.answer_public(round_, key=keys[4], data=_data(service_case, (1, 1, 1)), submit=False)
    round_.refresh_from_db()
    secrets = [link.token for link in links] + keys + [round_.public_token]
    secrets += [digest(s) for s in secrets]
    return round_, secrets


def _assert_no_secrets(response, secrets):
    body = response.content.decode()
    assert not [s for s in secrets if s in body]
    assert "token" not in body.lower()
    assert "digest" not in body.lower()


def test_the_rounds_are_listed_with_their_counts_and_no_link(api_as, leader, answered, service_case):
    round_, secrets = answered
    response = api_as(leader).get(f"/cases/{service_case.pk}/consultations")
    assert response.status_code == 200, response.content
    (item,) = response.json()
    assert item["id"] == round_.pk
    assert item["case_id"] == service_case.pk
    assert item["question"] == "Hvordan ser dere alternativene?"
    assert item["is_open"] is True
    assert item["public_link_open"] is True
    assert item["closed_early_at"] is None
    assert item["closes_at"] == item["deadline"]
    assert (item["invitation_count"], item["answer_count"]) == (3, 3)
    assert item["created_by"] == leader.get_username()
    _assert_no_secrets(response, secrets)
    assert not CaseAccess.objects.exists(), "service cases are not access-logged"


def test_a_closed_round_is_not_open(api_as, leader, opened, service_case):
    round_, _ = opened
    services.close_round(round_, leader, round_.version)
    item = api_as(leader).get(f"/cases/{service_case.pk}/consultations").json()[0]
    assert item["is_open"] is False
    assert item["closed_early_at"] is not None
    assert item["closes_at"] == item["closed_early_at"]


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.DIRECTOR])
def test_every_role_that_reads_the_case_sees_its_rounds(api_as, user_factory, opened, service_case, role):
    round_, _ = opened
    client = api_as(user_factory(role))
    assert [r["id"] for r in client.get(f"/cases/{service_case.pk}/consultations").json()] == [round_.pk]
    assert client.get(f"/cases/{service_case.pk}/consultations/{round_.pk}/summary").status_code == 200


def test_the_summary_is_the_selectors(api_as, leader, answered, service_case):
    round_, secrets = answered
    response = api_as(leader, **NB).get(f"/cases/{service_case.pk}/consultations/{round_.pk}/summary")
    assert response.status_code == 200, response.content
    body = response.json()
    with translation.override("nb"):
        expected = participation_selectors.round_summary(round_)
        assert (body["answers"], body["verified"], body["unverified"]) == (3, 2, 1)
        assert (expected.answers, expected.verified, expected.unverified) == (3, 2, 1)
        assert body["round"]["id"] == round_.pk
        assert [a["alternative_id"] for a in body["alternatives"]] == [a.alternative.pk for a in expected.alternatives]
        for got, want in zip(body["alternatives"], expected.alternatives, strict=True):
            assert got["title"] == want.alternative.title
            for got_c, want_c in zip(got["criteria"], want.criteria, strict=True):
                assert got_c["criterion"] == want_c.criterion.value
                assert got_c["name"] == str(want_c.name)
                if want_c.administration:
                    assert [got_c["administration"]["exact"], got_c["administration"]["used"]] == list(
                        want_c.administration
                    )
                    assert got_c["administration"]["word"] == want_c.administration_word
                else:
                    assert got_c["administration"] is None
                rows = [*zip(got_c["groups"], want_c.groups, strict=True), (got_c["total"], want_c.total)]
                for got_row, want_row in rows:
                    assert got_row["label"] == str(want_row.label)
                    assert got_row["counts"] == want_row.counts
                    assert got_row["unknown"] == want_row.unknown
                    assert got_row["total"] == want_row.total
                    assert got_row["median"] == want_row.median
            assert [(r["group_label"], r["organisation"], r["verified"], r["text"]) for r in got["reasons"]] == [
                (str(r.group), r.label, r.verified, r.text) for r in want.reasons
            ]
        need, want_need = body["need"]["severity"], expected.need.severity
        assert (need["criterion"], need["total"]["counts"]) == ("severity", want_need.total.counts)
        assert [r["text"] for r in body["need"]["reasons"]] == [r.text for r in expected.need.reasons]
        assert [(g["group_label"], g["verified"], len(g["inputs"])) for g in body["inputs"]] == [
            (str(g.group), g.verified, len(g.inputs)) for g in expected.inputs
        ]

    # The numbers themselves: Larvikshjelpa, benefit 4 (eldreråd), 5 (Mental Helse), 2 (public).
    first = next(a for a in body["alternatives"] if a["title"] == "Starte Larvikshjelpa")
    no_action = next(a for a in body["alternatives"] if a["kind"] == "no_action")
    assert all(c["administration"] is None for c in no_action["criteria"]), "nobody assessed it"
    benefit = next(c for c in first["criteria"] if c["criterion"] == "benefit")
    assert [(g["group"], g["verified"], g["counts"]) for g in benefit["groups"]] == [
        ("elderly_council", True, [0, 0, 0, 1, 0]),
        ("user_organisation", True, [0, 0, 0, 0, 1]),
        ("public", False, [0, 1, 0, 0, 0]),
    ]
    assert (benefit["total"]["group"], benefit["total"]["verified"], benefit["total"]["counts"]) == (
        None,
        None,
        [0, 1, 0, 1, 1],
    )
    assert (benefit["total"]["total"], benefit["total"]["median"]) == (3, 4.0)
    assert (benefit["total"]["group"], benefit["total"]["counts"], benefit["total"]["median"]) == (
        None,
        [0, 1, 0, 1, 1],
        4.0,
    )
    assert benefit["administration"]["exact"] == 4.0
    assert benefit["administration"]["used"] == 4
    assert benefit["administration"]["word"].startswith("4 – ")
    assert [c["criterion"] for c in first["criteria"]] == ["benefit", "resources"], "severity is the need's"
    # The need's severity, once per answer: 4 (eldreråd), «vet ikke» (Mental Helse), 3 (public).
    severity = body["need"]["severity"]
    assert (severity["total"]["counts"], severity["total"]["unknown"], severity["total"]["median"]) == (
        [0, 0, 1, 1, 0],
        1,
        3.5,
    )
    assert (severity["administration"]["exact"], severity["administration"]["used"]) == (4.0, 4), "the case's"
    assert [(r["group"], r["organisation"], r["text"]) for r in body["need"]["reasons"]] == [
        ("elderly_council", "Eldrerådet", "Mange venter for lenge.")
    ]
    assert [(r["group"], r["organisation"], r["text"]) for r in first["reasons"]] == [
        ("elderly_council", "Eldrerådet", "Ventetiden rammer de eldste.")
    ]
    assert [(g["group"], g["verified"], [i["organisation"] for i in g["inputs"]]) for g in body["inputs"]] == [
        ("elderly_council", True, ["Eldrerådet"]),
        ("public", False, [""]),
    ]
    assert body["inputs"][1]["inputs"][0]["speaks_for"] == "Pårørende"
    assert "Utkast" not in response.content.decode(), "drafts are not counted"
    assert Response.objects.filter(status="draft").count() == 2
    _assert_no_secrets(response, secrets)
    assert json.dumps(body)  # plain JSON all the way down


def test_a_round_of_another_case_is_404(api_as, director, opened):
    round_, _ = opened
    political, _ = decided_case(
        director, [("Utvide dagaktivitet", (4, 2))], severity=4, level=Level.POLITICAL, title="Demens"
    )
    client = api_as(director)
    assert client.get(f"/cases/{political.pk}/consultations").json() == []
    assert client.get(f"/cases/{political.pk}/consultations/{round_.pk}/summary").status_code == 404
    assert client.get(f"/cases/{round_.case_id}/consultations/999999/summary").status_code == 404


def test_another_municipalitys_rounds_are_404(api_as, user_factory, other_municipality, opened, service_case):
    round_, _ = opened
    outsider = api_as(user_factory(Role.LEADER, municipality=other_municipality, username="leder-b"))
    paths = [f"/cases/{service_case.pk}/consultations", f"/cases/{service_case.pk}/consultations/{round_.pk}/summary"]
    for path in paths:
        response = outsider.get(path)
        assert response.status_code == 404
        assert set(response.json()) == {"detail"}


def test_an_individual_case_has_no_rounds_and_its_access_log_is_untouched(api_as, caseworker):
    case, _ = decided_case(caseworker, [("Hjemme", (4, 3))], severity=4, level=Level.INDIVIDUAL, title="Søknad")
    before = CaseAccess.objects.count()
    response = api_as(caseworker).get(f"/cases/{case.pk}/consultations")
    assert response.status_code == 404
    assert api_as(caseworker).get(f"/cases/{case.pk}/consultations/1/summary").status_code == 404
    assert CaseAccess.objects.count() == before
    # A token on the case team reads the case itself, and that read is logged: the 404 above is the level's.
    reader = api_as(caseworker)
    join(case.pk, reader)
    assert reader.get(f"/cases/{case.pk}").status_code == 200
    assert CaseAccess.objects.count() == before + 1


def test_a_token_is_needed(client, service_case):
    assert client.get(f"/api/v1/cases/{service_case.pk}/consultations").status_code == 401
