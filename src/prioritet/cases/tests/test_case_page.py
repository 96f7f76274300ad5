"""The case page's structure (issue 15): a header with the phase's next action, the sections as tabs
in the cycle's order with counts and badges, every section in the page for a browser without
JavaScript, one logged read per page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from prioritet.cases import casepage, services
from prioritet.cases.models import CaseAccess, Phase
from prioritet.cases.testing import on_team, prepared


@pytest.fixture(autouse=True)
def bokmal():
    with translation.override("nb"):
        yield


def _tabs(html: str) -> list[str]:
    return re.findall(r'data-tab="([a-z-]+)"', html)


def test_the_page_has_its_sections_as_a_list_of_links_to_panels_in_the_cycles_order(
    seed_case, caseworker, login_client
):
    case, *_ = seed_case
    html = login_client(caseworker).get(reverse("cases:detail", args=[case.pk])).content.decode()
    keys = _tabs(html)
    order = [key for key, _label in casepage.TABS]
    assert keys == sorted(keys, key=order.index)
    assert {"need", "alternatives", "judgment", "decision", "evaluation", "history"} <= set(keys)
    # Without JavaScript every tab is a link to a panel that is in the page, none hidden.
    for key in keys:
        assert f'href="#tab-{key}"' in html
        assert f'id="tab-{key}" data-panel="{key}"' in html
    assert " hidden" not in re.sub(r"<input[^>]*>", "", html.split('class="pri-casepanels"')[1])
    # The alternatives' count, in figures and in words for screen readers.
    assert re.search(
        r'<span class="pri-count" aria-hidden="true">3</span><span class="ds-sr-only">\(3 alternativer\)', html
    )


def test_an_individual_case_page_is_logged_once_and_its_history_on_its_own(seed_case, caseworker, login_client):
    case, *_ = seed_case
    client = login_client(caseworker)
    client.get(reverse("cases:detail", args=[case.pk]))
    assert list(CaseAccess.objects.filter(case=case, user=caseworker).values_list("page", flat=True)) == ["detail"]
    client.get(reverse("cases:history", args=[case.pk]), headers={"HX-Request": "true"})
    assert sorted(CaseAccess.objects.filter(case=case, user=caseworker).values_list("page", flat=True)) == [
        "detail",
        "history",
    ]


def test_the_next_action_is_the_first_missing_item_then_the_move_then_the_decision(
    make_case, caseworker, leader, login_client
):
    case = make_case(caseworker, title="Ny sak")
    client = login_client(caseworker)
    url = reverse("cases:detail", args=[case.pk])
    html = client.get(url).content.decode()
    # Forberede with the medvirkning plan missing: the header links to where it is written.
    header = html.split('data-testid="case-header"')[1].split("</dl>")[0]
    assert 'data-testid="case-next-action"' in header
    assert reverse("cases:edit", args=[case.pk]) in header
    assert "Behov og alvorlighet" in html

    case = prepared(case, caseworker)
    header = client.get(url).content.decode().split('data-testid="case-header"')[1].split("</dl>")[0]
    assert 'data-testid="phase-move-on"' in header
    assert "Gå videre til «Planlegge»" in header

    # A reader who does not work on the case gets no next action.
    on_team(case, leader)
    other = login_client(leader).get(url).content.decode()
    header = other.split('data-testid="case-header"')[1].split("</dl>")[0]
    assert "phase-move-on" not in header
    assert "case-next-action" not in header


def test_a_planned_case_offers_the_decision_and_opens_on_its_tab(seed_case, caseworker, login_client):
    case, *_ = seed_case
    case = prepared(case, caseworker)
    case = services.change_phase(case, caseworker, case.version, Phase.PLAN)
    html = login_client(caseworker).get(reverse("cases:detail", args=[case.pk])).content.decode()
    header = html.split('data-testid="case-header"')[1].split("</dl>")[0]
    assert reverse("cases:decide", args=[case.pk]) in header
    assert "Avgjør saken" in header
    assert 'data-active="decision"' in html
    # ?tab= opens another section (a plain link's way to choose it), unknown keys are ignored.
    chosen = login_client(caseworker).get(reverse("cases:detail", args=[case.pk]) + "?tab=history").content.decode()
    assert 'data-active="history"' in chosen
    unknown = login_client(caseworker).get(reverse("cases:detail", args=[case.pk]) + "?tab=<script>").content.decode()
    assert 'data-active="decision"' in unknown
