"""The ways to new weights: swing weighting, pairwise questions and direct entry, each producing a
version; the complete history; who may record weights; and which past rankings would differ."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from prioritet.accounts.models import Role
from prioritet.cases.impact import ranking_changes
from prioritet.cases.judgment import combined_judgment
from prioritet.cases.models import Level
from prioritet.cases.testing import decided_case, open_case
from prioritet.engine import Criterion, Weights, profile_partial_values
from prioritet.weighting import flows
from prioritet.weighting.models import Method, WeightVersion
from prioritet.weighting.selectors import current_weights
from prioritet.weighting.services import create_version, unsaved_version


class WeightFields(TypedDict):
    benefit: Decimal
    severity: Decimal
    resources: Decimal


SEVERITY_HEAVY: WeightFields = {"benefit": Decimal(1), "severity": Decimal(3), "resources": Decimal(1)}
#: Severity is the need's, the same for every alternative of a case, so only the balance of benefit and
#: resources can change a case's order: these weights do, where SEVERITY_HEAVY (1:1 as equal weights) cannot.
RESOURCES_HEAVY: WeightFields = {"benefit": Decimal(1), "severity": Decimal(1), "resources": Decimal(3)}


# Who may record weights -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.DIRECTOR, True),
        (Role.MUNICIPAL_ADMIN, True),
        (Role.LEADER, False),
        (Role.CASEWORKER, False),
        (Role.HEALTH_PERSONNEL, False),
    ],
)
def test_only_directors_and_municipal_admins_record_weights(municipality, user_factory, role, allowed):
    user = user_factory(role)
    record = lambda: create_version(  # noqa: E731
        municipality, user, **SEVERITY_HEAVY, reason="Vedtak 12/25", decided_by_body="Kommunestyret"
    )
    if allowed:
        assert record().created_by == user
    else:
        with pytest.raises(PermissionDenied):
            record()
        assert not WeightVersion.objects.exists()


def test_a_director_of_another_municipality_cannot_record_weights(municipality, other_municipality, user_factory):
    outsider = user_factory(Role.DIRECTOR, municipality=other_municipality)
    with pytest.raises(PermissionDenied):
        create_version(municipality, outsider, **SEVERITY_HEAVY, reason="x", decided_by_body="Kommunestyret")


def test_a_person_must_name_the_deciding_body(municipality, director):
    with pytest.raises(ValidationError) as err:
        create_version(municipality, director, **SEVERITY_HEAVY, reason="x", decided_by_body="  ")
    assert "decided_by_body" in err.value.message_dict


@pytest.mark.parametrize("name", ["weighting:swing", "weighting:pairwise", "weighting:create"])
def test_the_flows_are_for_editors(user_factory, login_client, name):
    assert login_client(user_factory(Role.LEADER)).get(reverse(name)).status_code == 403
    assert login_client(user_factory(Role.MUNICIPAL_ADMIN)).get(reverse(name)).status_code == 200


# Swing weighting -----------------------------------------------------------------------------------


def test_swing_weighting_makes_a_version(municipality, director, login_client):
    client = login_client(director)
    response = client.post(reverse("weighting:swing"), {"first": "severity", "second": "benefit", "third": "resources"})
    assert response.status_code == 302
    assert response.url == reverse("weighting:swing_points")
    page = client.get(reverse("weighting:swing_points")).content.decode()
    assert "100" in page
    assert "svært lav" in page
    assert "svært høy" in page
    response = client.post(reverse("weighting:swing_points"), {"second": "60", "third": "40"})
    assert response.url == reverse("weighting:swing_confirm")
    page = client.get(reverse("weighting:swing_confirm")).content.decode()
    assert "50 %" in page
    assert "30 %" in page
    assert "20 %" in page
    assert not WeightVersion.objects.filter(municipality=municipality).exists()  # viewing saves nothing

    response = client.post(
        reverse("weighting:swing_confirm"), {"decided_by_body": "Kommunestyret", "reason": "Sak 45/25"}
    )
    version = current_weights(municipality)
    assert response.status_code == 302
    assert response.url == reverse("weighting:detail", args=[version.number])
    assert (version.number, version.method) == (2, Method.SWING)
    assert (version.severity, version.benefit, version.resources) == (100, 60, 40)
    assert version.normalised() == pytest.approx({"benefit": 0.3, "severity": 0.5, "resources": 0.2})
    assert version.elicitation["order"] == ["severity", "benefit", "resources"]
    assert version.elicitation["points"] == {"severity": 100, "benefit": 60, "resources": 40}
    assert (version.decided_by_body, version.reason, version.created_by) == ("Kommunestyret", "Sak 45/25", director)
    assert flows.SWING not in client.session
    detail = client.get(response.url).content.decode()
    assert "Svingvekting" in detail
    assert "Kommunestyret" in detail


def test_swing_weighting_checks_the_order_and_the_points(director, login_client):
    client = login_client(director)
    response = client.post(
        reverse("weighting:swing"), {"first": "severity", "second": "severity", "third": "resources"}
    )
    assert response.status_code == 200
    assert "Velg hvert kriterium én gang" in response.content.decode()
    client.post(reverse("weighting:swing"), {"first": "severity", "second": "benefit", "third": "resources"})
    for data in ({"second": "60", "third": "70"}, {"second": "120", "third": "10"}, {"second": "-1", "third": "0"}):
        assert client.post(reverse("weighting:swing_points"), data).status_code == 200
    # Without the earlier steps, the later ones send the user back.
    fresh = login_client(director)
    assert fresh.get(reverse("weighting:swing_confirm")).url == reverse("weighting:swing")


# Pairwise questions --------------------------------------------------------------------------------


def _answer_all(client, true_w, flip: int | None = None):
    client.post(reverse("weighting:pairwise"))
    state = client.session[flows.PAIRWISE]
    for number in range(1, len(state["pairs"]) + 1):
        a, b = flows.pair(state, number)
        first = "a" if (profile_partial_values(a) - profile_partial_values(b)) @ true_w > 0 else "b"
        if number == flip:
            first = "b" if first == "a" else "a"
        response = client.post(reverse("weighting:pairwise_question", args=[number]), {"answer": first})
        assert response.status_code == 302
    return response


def test_pairwise_questions_make_a_version(municipality, director, login_client):
    client = login_client(director)
    page = client.get(reverse("weighting:pairwise")).content.decode()
    assert "Hvilket av disse to tiltakene bør komme først?" in page
    assert client.get(reverse("weighting:pairwise_question", args=[1])).url == reverse("weighting:pairwise")
    response = _answer_all(client, np.array([0.3, 0.5, 0.2]))
    assert response.url == reverse("weighting:pairwise_result")
    page = client.get(response.url).content.decode()
    assert "50 %" in page
    assert "30 %" in page
    assert "20 %" in page
    assert "motsier hverandre" not in page

    response = client.post(response.url, {"decided_by_body": "Kommunestyret", "reason": "Dialogmøte 3. mars"})
    version = current_weights(municipality)
    assert response.url == reverse("weighting:detail", args=[version.number])
    assert version.method == Method.PAIRWISE
    assert (version.benefit, version.severity, version.resources) == (Decimal(30), Decimal(50), Decimal(20))
    assert len(version.elicitation["questions"]) == flows.QUESTIONS
    assert version.elicitation["consistent"]
    assert version.elicitation["conflicts"] == []
    assert flows.PAIRWISE not in client.session
    detail = client.get(response.url).content.decode()
    assert "Parvise spørsmål" in detail
    assert "A først" in detail


def test_conflicting_answers_are_named(municipality, director, login_client):
    client = login_client(director)
    _answer_all(client, np.array([0.3, 0.5, 0.2]), flip=9)
    page = client.get(reverse("weighting:pairwise_result")).content.decode()
    assert "Noen svar motsier hverandre" in page
    state = client.session[flows.PAIRWISE]
    result, numbers = flows.derive(state)
    assert result is not None
    assert not result.consistent
    assert 9 in [numbers[i] for i in result.conflicts]
    assert [numbers[i] for i in result.overruled] == [9]
    assert "spørsmål 9" in page
    # Changing the answer back resolves it.
    state_answers = state["answers"]
    fixed = "b" if state_answers[8] == "a" else "a"
    client.post(reverse("weighting:pairwise_question", args=[9]), {"answer": fixed})
    assert "motsier hverandre" not in client.get(reverse("weighting:pairwise_result")).content.decode()


def test_skipped_questions_do_not_count(director, login_client):
    client = login_client(director)
    client.post(reverse("weighting:pairwise"))
    response = client.post(reverse("weighting:pairwise_question", args=[1]), {"answer": "skip", "finish": "1"})
    assert response.url == reverse("weighting:pairwise_result")
    assert client.get(response.url).url == reverse("weighting:pairwise_question", args=[1])  # nothing answered
    client.post(reverse("weighting:pairwise_question", args=[2]), {"answer": "a"})
    assert client.get(reverse("weighting:pairwise_result")).status_code == 200
    assert client.get(reverse("weighting:pairwise_question", args=[99])).status_code == 404


def test_a_flow_can_be_discarded(director, login_client):
    client = login_client(director)
    client.post(reverse("weighting:pairwise"))
    assert client.post(reverse("weighting:cancel", args=["pairwise"])).url == reverse("weighting:list")
    assert flows.PAIRWISE not in client.session
    assert client.post(reverse("weighting:cancel", args=["other"])).status_code == 404


# Direct entry with a preview ---------------------------------------------------------------------------


def test_direct_entry_previews_before_saving(municipality, director, login_client):
    client = login_client(director)
    data = {"benefit": "1", "severity": "3", "resources": "1", "decided_by_body": "Kommunestyret", "reason": "Sak 1"}
    page = client.post(reverse("weighting:create"), {**data, "preview": "1"}).content.decode()
    assert "Hvilke tidligere rangeringer som ville blitt annerledes" in page
    assert current_weights(municipality).number == 1
    assert not WeightVersion.objects.exists()  # the preview saved nothing, not even the default
    response = client.post(reverse("weighting:create"), {**data, "save": "1"})
    assert response.url == reverse("weighting:detail", args=[2])
    assert current_weights(municipality).method == Method.DIRECT


# Reading writes nothing --------------------------------------------------------------------------------


def test_viewing_pages_and_reports_saves_no_weights(municipality, director, leader, caseworker, login_client):
    """Until a case is decided or weights are recorded, every page and report uses the unsaved default."""
    service = open_case(leader, [("Hjemmetjeneste", (4, 2))], severity=4, title="Tjenestesak")
    individual = open_case(caseworker, [("Korttidsplass", (3, 3))], severity=4, level=Level.INDIVIDUAL, title="Vedtak")
    pages = {
        leader: [
            reverse("weighting:list"),
            reverse("cases:detail", args=[service.pk]),
            reverse("cases:decide", args=[service.pk]),
            reverse("reports:saksframlegg", args=[service.pk]),
            reverse("reports:saksframlegg_pdf", args=[service.pk]),
            reverse("public:criteria", args=[municipality.slug]),
        ],
        caseworker: [
            reverse("cases:detail", args=[individual.pk]),
            reverse("reports:vedtak_summary", args=[individual.pk]),
        ],
        director: [reverse("weighting:create"), reverse("weighting:swing")],
    }
    for user, urls in pages.items():
        client = login_client(user)
        for url in urls:
            assert client.get(url).status_code == 200, url
    preview = {"benefit": "1", "severity": "3", "resources": "1", "preview": "1"}
    assert login_client(director).post(reverse("weighting:create"), preview).status_code == 200
    assert not WeightVersion.objects.exists()


def test_the_weights_page_says_the_default_is_not_saved(municipality, leader, login_client):
    page = login_client(leader).get(reverse("weighting:list")).content.decode()
    assert "standard, ikke lagret" in page
    assert "Ingen versjon er lagret ennå." in page
    assert reverse("weighting:detail", args=[1]) not in page
    assert login_client(leader).get(reverse("weighting:detail", args=[1])).status_code == 404


def test_every_weights_page_says_the_severity_weight_cannot_reorder_one_cases_alternatives(
    municipality, director, login_client
):
    client = login_client(director)
    pages = ["weighting:list", "weighting:create", "weighting:swing", "weighting:pairwise"]
    for name in pages:
        page = client.get(reverse(name)).content.decode()
        assert page.count('data-testid="severity-weight-note"') == 1, name
        assert "Den kan ikke endre rekkefølgen på alternativene i én sak" in page, name
        assert "mellom tiltakene i en budsjettportefølje" in page, name
    client.post("/i18n/setlang/", {"language": "nn", "next": "/"})
    page = client.get(reverse("weighting:list")).content.decode()
    assert "Ho kan ikkje endre rekkjefølgja på alternativa i éi sak" in page


def test_the_saved_defaults_reason_is_shown_in_the_readers_language(municipality, leader, login_client):
    from prioritet.weighting.services import ensure_weights

    version = ensure_weights(municipality)
    assert version.reason == "Like vekter (standard før kommunen har vedtatt egne vekter)"  # stored in bokmål
    create_version(municipality, None, **SEVERITY_HEAVY, reason="Alvorlighet først", decided_by_body="Bystyret")
    client = login_client(leader)
    expected = {
        "nb": "Like vekter (standard før kommunen har vedtatt egne vekter)",
        "nn": "Like vekter (standard før kommunen har vedteke eigne vekter)",
        "en": "Equal weights (the default until the municipality decides weights of its own)",
    }
    for language, text in expected.items():
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
        listed = client.get(reverse("weighting:list")).content.decode()
        assert text in listed, language
        assert "Alvorlighet først" in listed, "a reason someone wrote is shown as written"
        assert text in client.get(reverse("weighting:detail", args=[1])).content.decode(), language
    assert "vedtatt egne vekter" not in listed, "no bokmål left on the English page"


# The history ------------------------------------------------------------------------------------------


def test_the_history_page_shows_every_version_with_who_when_why_and_which_body(
    municipality, director, leader, login_client
):
    decided_case(leader, [("Larvikshjelpa", (4, 2)), ("Vente", (2, 1))], severity=4)  # decided with version 1
    create_version(
        municipality, director, **SEVERITY_HEAVY, reason="Alvorlighet først", decided_by_body="Formannskapet"
    )
    page = login_client(leader).get(reverse("weighting:list")).content.decode()
    for text in ("Versjon 1", "Versjon 2", "Alvorlighet først", "Formannskapet", "Dina Direktørsen", "60 %", "20 %"):
        assert text in page
    assert reverse("weighting:detail", args=[2]) in page
    detail = login_client(leader).get(reverse("weighting:detail", args=[1]))
    assert detail.status_code == 200
    assert login_client(leader).get(reverse("weighting:detail", args=[9])).status_code == 404


def test_another_municipalitys_version_is_not_shown(municipality, other_municipality, user_factory, login_client):
    create_version(other_municipality, None, **SEVERITY_HEAVY, reason="x", decided_by_body="y")
    reader = user_factory(Role.CASEWORKER)
    assert login_client(reader).get(reverse("weighting:detail", args=[2])).status_code == 404


# Which past rankings would differ -------------------------------------------------------------------


@pytest.fixture
def two_decided_cases(leader):
    """Severity 4 (the need's, the same for both). Under equal weights: in «Flips», X (benefit 5,
    resources 3) = 0.75 beats Y (2, 1) = 2/3. With resources weighing 3 of 5, X = 0.65 and Y = 0.8: the
    order flips. In «Stays», X (4, 2) dominates Y (2, 4)."""
    flips, _ = decided_case(leader, [("Tiltak X", (5, 3)), ("Tiltak Y", (2, 1))], severity=4, title="Flips")
    stays, _ = decided_case(leader, [("Tiltak X", (4, 2)), ("Tiltak Y", (2, 4))], severity=4, title="Stays")
    return flips, stays


def test_which_past_rankings_would_differ(municipality, leader, two_decided_cases):
    flips, stays = two_decided_cases
    weights = _weights(1, 1, 3)
    proposed = unsaved_version(municipality, weights)
    impact = ranking_changes(municipality, leader, proposed)
    assert impact.checked == 2
    assert [c.case.pk for c in impact.changes] == [flips.pk]
    change = impact.changes[0]
    assert change.top_changed
    assert [a.title for a in change.before] == ["Tiltak X", "Tiltak Y"]
    assert [a.title for a in change.after] == ["Tiltak Y", "Tiltak X"]
    assert [a.value for a in change.after] == pytest.approx([0.8, 0.65])
    assert impact.changed == impact.top_changed == 1
    # The same order the case page computes (the cases app's judgment) under each version.
    saved = create_version(municipality, None, **RESOURCES_HEAVY, reason="", decided_by_body="")
    assert [r.alternative.title for r in combined_judgment(flips, saved).ranked] == ["Tiltak Y", "Tiltak X"]
    assert [r.alternative.title for r in combined_judgment(stays, saved).ranked] == ["Tiltak X", "Tiltak Y"]
    assert weights.vector() == pytest.approx([0.2, 0.2, 0.6])
    # More weight on severity changes no case's order: it is the same for every alternative of a case.
    assert ranking_changes(municipality, leader, unsaved_version(municipality, _weights(1, 3, 1))).changes == []


def _weights(b, s, r) -> Weights:
    return Weights({Criterion.BENEFIT: b, Criterion.SEVERITY: s, Criterion.RESOURCES: r})


def test_each_case_is_compared_with_its_own_decisions_version(municipality, director, leader, two_decided_cases):
    _flips, _ = two_decided_cases
    resources_heavy = create_version(municipality, director, **RESOURCES_HEAVY, reason="x", decided_by_body="Bystyret")
    # Decided under the resources-heavy weights: Y (2, 1) first. Under version 1 (equal) X would be first.
    _later, _ = decided_case(leader, [("Tiltak X", (5, 3)), ("Tiltak Y", (2, 1))], severity=4, title="Later")
    version_1 = WeightVersion.objects.get(municipality=municipality, number=1)
    impact = ranking_changes(municipality, leader, version_1)
    assert [c.case.title for c in impact.changes] == ["Later"]
    impact = ranking_changes(municipality, leader, resources_heavy)
    assert [c.case.title for c in impact.changes] == ["Flips"]


def test_individual_cases_are_counted_but_not_shown_to_directors(municipality, director, user_factory):
    caseworker = user_factory(Role.CASEWORKER)
    decided_case(
        caseworker, [("Institusjon", (5, 3)), ("Hjemme", (2, 1))], severity=4, level=Level.INDIVIDUAL, title="Hemmelig"
    )
    impact = ranking_changes(municipality, director, unsaved_version(municipality, _weights(1, 1, 3)))
    assert impact.changes == []
    assert (impact.hidden_changed, impact.hidden_top_changed, impact.changed) == (1, 1, 1)
    own = ranking_changes(municipality, caseworker, unsaved_version(municipality, _weights(1, 1, 3)))
    assert [c.case.title for c in own.changes] == ["Hemmelig"]


def test_the_confirmation_page_lists_the_cases_that_would_differ(
    municipality, director, leader, login_client, two_decided_cases, django_assert_max_num_queries
):
    client = login_client(director)
    client.post(reverse("weighting:swing"), {"first": "resources", "second": "benefit", "third": "severity"})
    client.post(reverse("weighting:swing_points"), {"second": "34", "third": "33"})
    with django_assert_max_num_queries(12):
        page = client.get(reverse("weighting:swing_confirm")).content.decode()
    assert "Flips" in page
    assert "Stays" not in page
    assert "Nytt første forslag" in page


def test_direct_entry_shows_the_current_weights_without_trailing_zeros(municipality, director, login_client):
    weights: WeightFields = {"benefit": Decimal("10.000"), "severity": Decimal("0.5"), "resources": Decimal("0.125")}
    create_version(municipality, director, **weights, reason="Sak 2", decided_by_body="Kommunestyret")
    page = login_client(director).get(reverse("weighting:create")).content.decode()
    assert 'name="benefit" value="10"' in page
    assert 'name="severity" value="0,5"' in page
    assert 'name="resources" value="0,125"' in page
