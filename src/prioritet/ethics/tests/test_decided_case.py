"""A decided case's ethical reflection is frozen like its assessments until a reassessment (issue 9, finding 13)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from prioritet.cases import services as case_services
from prioritet.cases.testing import assess_and_decide
from prioritet.ethics import services
from prioritet.ethics.models import EthicalReflection

FROZEN = "Saken er besluttet og kan ikke lenger endres"


def test_the_reflection_of_a_decided_case_is_frozen_until_a_reassessment_reopens_it(individual_case, caseworker):
    reflection = services.start(individual_case, caseworker, title="Dilemma")
    assess_and_decide(individual_case, caseworker)

    with pytest.raises(ValidationError) as err:
        services.save_step(reflection, caseworker, reflection.version, 1, {"step_challenge": "Etter vedtaket."})
    assert err.value.code == "decided"
    with pytest.raises(ValidationError):
        services.start(individual_case, caseworker, title="Ny refleksjon")
    with pytest.raises(ValidationError):
        services.update_intro(reflection, caseworker, reflection.version, title="Endret", participants="")
    reflection.refresh_from_db()
    assert reflection.step_challenge == ""

    individual_case.refresh_from_db()
    case_services.start_reassessment(individual_case, caseworker, "Ny informasjon om søkeren.")
    saved = services.save_step(reflection, caseworker, reflection.version, 1, {"step_challenge": "Etter revurdering."})
    assert saved.step_challenge == "Etter revurdering."


def test_the_pages_of_a_decided_case_hide_the_buttons_and_refuse_a_post(individual_case, caseworker, login_client):
    reflection = services.start(individual_case, caseworker, title="Dilemma")
    assess_and_decide(individual_case, caseworker)
    client = login_client(caseworker)

    detail = client.get(reverse("ethics:detail", args=[individual_case.pk, reflection.pk])).content.decode()
    assert reverse("ethics:step", args=[individual_case.pk, reflection.pk, 1]) not in detail
    assert "Saken er besluttet" in detail
    listing = client.get(reverse("ethics:for_case", args=[individual_case.pk])).content.decode()
    assert reverse("ethics:start", args=[individual_case.pk]) not in listing

    step_url = reverse("ethics:step", args=[individual_case.pk, reflection.pk, 1])
    response = client.post(step_url, {"version": reflection.version, "step_challenge": "Etter vedtaket."}, follow=True)
    assert FROZEN in response.content.decode()
    reflection.refresh_from_db()
    assert reflection.step_challenge == ""
    response = client.post(reverse("ethics:start", args=[individual_case.pk]), {"title": "Ny"}, follow=True)
    assert FROZEN in response.content.decode()
    assert EthicalReflection.objects.filter(case=individual_case).count() == 1
