"""A decided case's mini-HTA and EtD panel are frozen like its assessments until reassessed (issue 9, finding 13)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from prioritet.cases import services as case_services
from prioritet.cases.testing import assess_and_decide
from prioritet.evidence import services
from prioritet.evidence.models import EvidenceToDecision, MiniHta

from .conftest import etd_data, hta_data, judgements

FROZEN = "Saken er besluttet og kan ikke lenger endres"


def test_the_mini_hta_and_etd_of_a_decided_case_are_frozen_until_a_reassessment_reopens_them(
    service_case, measure, no_action, leader
):
    hta = services.save_mini_hta(measure, leader, None, hta_data())
    panel = services.save_etd(service_case, leader, None, None, etd_data(measure, no_action), judgements())
    assess_and_decide(service_case, leader)

    with pytest.raises(ValidationError) as err:
        services.save_mini_hta(measure, leader, hta.version, hta_data(conclusion="Etter vedtaket."))
    assert err.value.code == "decided"
    with pytest.raises(ValidationError):
        services.save_etd(
            service_case, leader, panel, panel.version, etd_data(measure, no_action, justification="Endret."), {}
        )
    assert MiniHta.objects.get(pk=hta.pk).conclusion == "Anbefales innført."
    assert EvidenceToDecision.objects.get(pk=panel.pk).justification == "Stor nytte, ingen nye ressurser."

    service_case.refresh_from_db()
    case_services.start_reassessment(service_case, leader, "Nye tall for ventetid.")
    saved = services.save_mini_hta(measure, leader, hta.version, hta_data(conclusion="Etter revurdering."))
    assert saved.conclusion == "Etter revurdering."
    panel.refresh_from_db()
    saved_panel = services.save_etd(
        service_case, leader, panel, panel.version, etd_data(measure, no_action, justification="Revurdert."), {}
    )
    assert saved_panel.justification == "Revurdert."


def test_the_pages_of_a_decided_case_hide_the_edit_links_and_refuse_a_post(
    service_case, measure, no_action, leader, login_client
):
    hta = services.save_mini_hta(measure, leader, None, hta_data())
    panel = services.save_etd(service_case, leader, None, None, etd_data(measure, no_action), judgements())
    assess_and_decide(service_case, leader)
    client = login_client(leader)

    page = client.get(reverse("evidence:for_case", args=[service_case.pk])).content.decode()
    assert reverse("evidence:mini_hta_edit", args=[service_case.pk, measure.pk]) not in page
    assert reverse("evidence:etd_create", args=[service_case.pk]) not in page
    assert "Saken er besluttet" in page
    assert (
        reverse("evidence:etd_edit", args=[service_case.pk, panel.pk])
        not in client.get(reverse("evidence:etd", args=[service_case.pk, panel.pk])).content.decode()
    )

    response = client.post(
        reverse("evidence:mini_hta_edit", args=[service_case.pk, measure.pk]),
        {**hta_data(conclusion="Etter vedtaket.", assessed_on=""), "version": hta.version},
        follow=True,
    )
    assert FROZEN in response.content.decode()
    assert MiniHta.objects.get(pk=hta.pk).conclusion == "Anbefales innført."
    response = client.get(reverse("evidence:etd_edit", args=[service_case.pk, panel.pk]), follow=True)
    assert FROZEN in response.content.decode()
