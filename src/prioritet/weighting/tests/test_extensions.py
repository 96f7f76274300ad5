"""The weights pages ask the extension protocol what a version would change; the cases app answers."""

from __future__ import annotations

from django.urls import reverse

from prioritet.cases.impact import ranking_changes
from prioritet.core import extensions
from prioritet.weighting.extensions import WeightingExtension, impact_of
from prioritet.weighting.services import ensure_weights


def test_the_cases_app_declares_the_impact_of_weights_on_decided_cases():
    declared = [e.weight_impact for e in extensions.extensions(WeightingExtension) if e.weight_impact]
    assert declared == [ranking_changes]


def test_without_a_declared_impact_the_weights_page_leaves_the_section_out(monkeypatch, leader, login_client):
    version = ensure_weights(leader.municipality)
    page = reverse("weighting:detail", args=[version.number])
    client = login_client(leader)
    assert impact_of(leader.municipality, leader, version) is not None
    assert 'id="impact"' in client.get(page).content.decode()
    monkeypatch.setattr(extensions, "declared", list)
    assert impact_of(leader.municipality, leader, version) is None
    response = client.get(page)
    assert response.status_code == 200
    assert 'id="impact"' not in response.content.decode()
