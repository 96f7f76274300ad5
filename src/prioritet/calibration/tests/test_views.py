from __future__ import annotations

import re

import pytest
from django.urls import reverse

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_user
from prioritet.calibration import selectors, services
from prioritet.calibration.models import Exercise, Participant, Rating
from prioritet.calibration.testing import (
    SECRET_CONCLUSION,
    SECRET_DECISION,
    SECRET_JUSTIFICATION,
    full_scores,
    submit_matrix,
)
from prioritet.core.navigation import items_for


def _url(name, exercise):
    return reverse(f"calibration:{name}", args=[exercise.pk])


def _checked(html: str) -> list[str]:
    """The values of the checked radio buttons on a page."""
    return re.findall(r'<input type="radio"[^>]*value="(\d)"[^>]*checked', html)


def test_navigation_for_leaders_and_participants(leader, raters, municipal_admin):
    assert "calibration" in [item.key for item in items_for(leader)]
    assert "calibration" in [item.key for item in items_for(raters[0])]
    assert "calibration" not in [item.key for item in items_for(municipal_admin)]


def test_leader_creates_an_exercise(login_client, leader, raters, examples, municipality):
    client = login_client(leader)
    page = client.get(reverse("calibration:create"))
    assert page.status_code == 200
    assert examples[0].title in page.content.decode()
    response = client.post(
        reverse("calibration:create"),
        {
            "title": "Høstens kalibrering",
            "instructions": "Vurder alene.",
            "deadline": "",
            "examples": [e.pk for e in examples],
            "participants": [u.pk for u in raters],
        },
    )
    exercise = Exercise.objects.get(title="Høstens kalibrering")
    assert response.status_code == 302
    assert response.url == _url("detail", exercise)
    assert exercise.municipality == municipality
    assert exercise.participants.count() == 3


def test_create_form_shows_errors(login_client, leader, raters, examples):
    response = login_client(leader).post(
        reverse("calibration:create"),
        {"title": "Feil", "examples": [examples[0].pk], "participants": [raters[0].pk], "deadline": "2001-01-01"},
    )
    assert response.status_code == 200
    assert not Exercise.objects.filter(title="Feil").exists()
    html = response.content.decode()
    assert "ds-validation-message" in html


def test_caseworker_cannot_create(login_client, raters):
    assert login_client(raters[0]).get(reverse("calibration:create")).status_code == 403


def test_rating_page_is_blind(login_client, exercise, raters, examples):
    """While open, a participant sees the texts only: not the example's scores, decision or others' ratings."""
    other = Participant.objects.get(exercise=exercise, user=raters[1])
    services.save_ratings(other, raters[1], other.version, **full_scores(exercise, 5, 5, 5))
    html = login_client(raters[0]).get(_url("rate", exercise)).content.decode()
    assert examples[0].title in html
    assert examples[0].summary in html
    for alternative in selectors.exercise_alternatives(exercise):
        assert alternative.title in html
        assert alternative.description in html
    for secret in (SECRET_DECISION, SECRET_JUSTIFICATION, SECRET_CONCLUSION):
        assert secret not in html
    # No radio button is pre-selected: neither the example's own scores nor the colleague's 5s.
    assert _checked(html) == []
    # 4 alternatives × 3 criteria radio groups, each a fieldset with a legend.
    assert html.count('type="radio"') == 4 * 3 * 5
    assert html.count("<legend") >= 4 + 12


def test_detail_page_of_participant_is_blind(login_client, exercise, raters):
    html = login_client(raters[0]).get(_url("detail", exercise)).content.decode()
    for secret in (SECRET_DECISION, SECRET_JUSTIFICATION, SECRET_CONCLUSION):
        assert secret not in html
    assert "Rater" not in html  # the progress table is for managers only
    assert "Bjørn" not in html


def test_leader_sees_progress_not_scores(login_client, exercise, leader, raters):
    submit_matrix(exercise, raters[:1], [[5] * 12])
    html = login_client(leader).get(_url("detail", exercise)).content.decode()
    assert "Aud Aasen" in html
    assert "Bjørn Berg" in html
    assert html.count('data-color="success">') >= 1
    assert "5 – " not in html  # no scale words, so no scores
    # Results are not available while open.
    response = login_client(leader).get(_url("results", exercise))
    assert response.status_code == 302
    assert response.url == _url("detail", exercise)


def test_participant_saves_and_submits_through_the_page(login_client, exercise, raters):
    client = login_client(raters[0])
    alternatives = selectors.exercise_alternatives(exercise)
    participant = Participant.objects.get(exercise=exercise, user=raters[0])
    first = f"alt{alternatives[0].pk}_benefit"
    response = client.post(_url("rate", exercise), {"version": participant.version, first: "4", "save": "1"})
    assert response.status_code == 302
    assert Rating.objects.get(participant=participant, alternative=alternatives[0]).benefit == 4
    assert _checked(client.get(_url("rate", exercise)).content.decode()) == ["4"]
    # Submitting an incomplete sheet names every missing score in an error summary.
    participant.refresh_from_db()
    response = client.post(_url("rate", exercise), {"version": participant.version, first: "4", "submit": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "ds-error-summary" in html
    # 12 units, one given: the two needs' severity and nine benefit or resources scores are missing.
    assert html.count("ds-validation-message") == 11
    assert f'name="alt{alternatives[0].pk}_severity"' not in html, "severity is the need's, not the alternative's"
    examples = selectors.examples_of(exercise)
    assert html.count('data-testid="need"') == len(examples) == 2
    data = {"version": participant.version, "submit": "1"}
    for alternative in alternatives:
        for criterion in ("benefit", "resources"):
            data[f"alt{alternative.pk}_{criterion}"] = "3"
    for number, example in enumerate(examples, start=4):
        data[f"ex{example.pk}_severity"] = str(number)
    assert client.post(_url("rate", exercise), data).status_code == 302
    participant.refresh_from_db()
    assert participant.submitted
    assert dict(participant.need_ratings.values_list("example_id", "severity")) == {
        examples[0].pk: 4,
        examples[1].pk: 5,
    }
    # After submitting, the sheet is closed.
    assert client.get(_url("rate", exercise)).status_code == 302


def test_stale_rating_form_keeps_input_and_explains(login_client, exercise, raters):
    client = login_client(raters[0])
    alternatives = selectors.exercise_alternatives(exercise)
    response = client.post(_url("rate", exercise), {"version": 99, f"alt{alternatives[0].pk}_benefit": "2"})
    assert response.status_code == 200
    assert 'value="2"' in response.content.decode()
    assert not Rating.objects.exists()


def test_other_municipality_gets_404(login_client, exercise, other_municipality):
    outsider = make_user(Role.LEADER, municipality=other_municipality)
    client = login_client(outsider)
    for name in ("detail", "rate", "results", "edit"):
        assert client.get(_url(name, exercise)).status_code == 404
    assert client.post(_url("close", exercise), {"version": exercise.version}).status_code == 404


def test_non_participant_gets_403(login_client, exercise, user_factory):
    bystander = user_factory(Role.CASEWORKER, username="tilskuer")
    client = login_client(bystander)
    for name in ("detail", "rate", "results"):
        assert client.get(_url(name, exercise)).status_code == 403
    assert exercise.pk not in [e.pk for e, _p in selectors.my_exercises(exercise.municipality, bystander)]


def test_participant_cannot_manage(login_client, exercise, raters):
    client = login_client(raters[0])
    assert client.get(_url("edit", exercise)).status_code == 403
    assert client.post(_url("close", exercise), {"version": exercise.version}).status_code == 403


def test_leader_edits_the_exercise(login_client, exercise, leader, raters):
    client = login_client(leader)
    assert client.get(_url("edit", exercise)).status_code == 200
    response = client.post(
        _url("edit", exercise),
        {
            "title": "Endret",
            "instructions": "",
            "deadline": "",
            "participants": [u.pk for u in raters[:2]],
            "version": 1,
        },
    )
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert exercise.title == "Endret"
    assert exercise.participants.count() == 2


MATRIX = [
    [4, 4, 3, 2, 3, 2, 4, 4, 3, 2, 3, 2],
    [4, 4, 3, 2, 3, 2, 4, 4, 3, 2, 3, 2],
    [1, 4, 3, 2, 3, 2, 4, 4, 3, 5, 3, 2],
]


@pytest.fixture
def closed(login_client, exercise, leader, raters):
    submit_matrix(exercise, raters, MATRIX)
    response = login_client(leader).post(_url("close", exercise), {"version": exercise.version})
    assert response.status_code == 302
    assert response.url == _url("results", exercise)
    return exercise


def test_leader_sees_alpha_and_every_distance_by_name(login_client, closed, leader):
    html = login_client(leader).get(_url("results", closed)).content.decode()
    alpha = selectors.results(closed).overall.value
    assert f"{alpha:.3f}".replace(".", ",") in html
    for name in ("Aud Aasen", "Bjørn Berg", "Cecilie Dahl"):
        assert name in html
    # Cecilie differs by 3 steps on two units from the others' median (4 and 2): mean 6/12 = 0,5.
    assert re.search(r"Cecilie Dahl</th>\s*<td class=\"pri-num\">0,5</td>\s*<td class=\"pri-num\">2</td>", html)
    # The example's own scores are shown as a clearly labelled reference.
    assert "Opprinnelig vurdering" in html or "Original assessment" in html


def test_participant_sees_own_distance_but_no_other_names(login_client, closed, raters):
    html = login_client(raters[2]).get(_url("results", closed)).content.decode()
    assert 'data-testid="own-distance">0,5<' in html
    assert "Aud Aasen" not in html
    assert "Bjørn Berg" not in html
    # Where she differed most: 3 steps, her 1 against the others' 4.
    assert "3,0" in html


def test_participant_before_closing_is_sent_back(login_client, exercise, raters):
    submit_matrix(exercise, raters[:1], MATRIX[:1])
    response = login_client(raters[0]).get(_url("results", exercise))
    assert response.status_code == 302


def test_results_say_why_alpha_is_missing(login_client, exercise, leader, raters):
    submit_matrix(exercise, raters[:1], MATRIX[:1])
    services.close_exercise(exercise, leader, exercise.version)
    html = login_client(leader).get(_url("results", exercise)).content.decode()
    assert "nan" not in html.lower().replace("nanna", "")
    assert 'data-testid="alpha-overall">—<' in html
    assert selectors.results(exercise).overall.undefined is not None


def test_results_when_all_scores_are_identical(login_client, exercise, leader, raters):
    submit_matrix(exercise, raters, [[3] * 12] * 3)
    services.close_exercise(exercise, leader, exercise.version)
    result = selectors.results(exercise)
    assert result.overall.value is None
    assert result.overall.undefined == "no_variation"
    assert all(p.distance.mean == 0 for p in result.people)
    assert login_client(leader).get(_url("results", exercise)).status_code == 200


def test_list_page(login_client, exercise, leader, raters, examples):
    assert exercise.title in login_client(raters[0]).get(reverse("calibration:list")).content.decode()
    html = login_client(leader).get(reverse("calibration:list")).content.decode()
    assert exercise.title in html
    assert reverse("calibration:create") in html


def test_results_show_percentage_agreement_and_explain_a_low_alpha(login_client, exercise, leader, raters):
    from prioritet.calibration.tests.test_agreement import NARROW

    submit_matrix(exercise, raters, NARROW)
    services.close_exercise(exercise, leader, exercise.version)
    result = selectors.results(exercise)
    assert result.overall.value is not None
    assert result.overall.value < 0.667
    assert result.varies_little
    # Three raters give three pairs on each of the twelve units.
    assert sum(p.pairs for p in result.pairs_by_criterion) == result.overall_pairs.pairs == 36
    html = login_client(leader).get(_url("results", exercise)).content.decode()
    pairs = html[html.index('data-testid="pair-agreement"') :]
    # Nine units with one 4 among three scores have one equal pair, three units of all 3s have three: 18 of 36.
    assert "<dd>50\u00a0%</dd>" in pairs
    assert "<dd>100\u00a0%</dd>" in pairs
    meaning = html[html.index('data-testid="alpha-meaning"') :].split("</p>")[0]
    assert "Lav enighet" not in meaning
    assert "Low agreement" not in meaning
    assert "varierer lite" in meaning or "vary little" in meaning
