"""The extension protocol as the cases app reads it: sections on the case page and entries in its history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from prioritet.cases.extensions import (
    CaseExtension,
    CaseSection,
    Place,
    declared_sections,
    prepare_sections,
    sections_for,
)
from prioritet.cases.models import Level
from prioritet.cases.selectors import case_timeline
from prioritet.cases.timeline import TimelineEntry
from prioritet.core import extensions


@pytest.fixture
def registered(monkeypatch):
    """Only the test's extensions are declared (the real apps' stay out of the way), restored afterwards."""
    declared: list[CaseExtension] = []
    monkeypatch.setattr(extensions, "declared", lambda: declared)
    seen: list[tuple] = []

    def context(case, user, place):
        seen.append((case.pk, getattr(user, "pk", None), place))
        return None if case.level == Level.INDIVIDUAL else {"title": case.title}

    late = CaseSection("late", "Later", "cases/tests/section.html", context, frozenset(Place), order=200)
    early = CaseSection("early", "Earlier", "cases/tests/section.html", context, frozenset({Place.CASE}), order=1)
    declared += [CaseExtension(case_sections=[late]), CaseExtension(case_sections=[early])]
    return seen, declared


def test_sections_come_in_order_and_only_where_they_are_placed(registered, make_case, leader):
    case = make_case(leader, level=Level.SERVICE, title="Dagaktivitet")
    on_page = sections_for(case, Place.CASE, leader)
    assert [s.key for s in on_page] == ["early", "late"]
    assert on_page[0].anchor == "section-early"
    assert on_page[0].data == {"title": "Dagaktivitet"}
    assert [s.key for s in sections_for(case, Place.PUBLIC)] == ["late"]
    assert [s.key for s in declared_sections(Place.PUBLIC)] == ["late"]
    seen, _declared = registered
    assert seen[-1] == (case.pk, None, Place.PUBLIC)


def test_a_host_prepares_the_sections_of_its_place_gets_the_notices_left_and_reads_their_size(
    registered, make_case, leader
):
    prepared: list[tuple] = []

    def context(case, user, place):
        return {"size": 120, "notice": "Beregnes"} if place == Place.REPORT else {}

    def prepare(case, user):
        prepared.append((case.pk, user.pk))
        return "Beregnes" if len(prepared) == 1 else ""

    report = CaseSection("big", "Big", "cases/tests/section.html", context, frozenset({Place.REPORT}), prepare=prepare)
    _seen, declared = registered
    declared.append(CaseExtension(case_sections=[report]))
    case = make_case(leader, level=Level.SERVICE)
    assert prepare_sections(case, Place.CASE, leader) == []
    assert prepared == []  # not placed on the case page
    assert prepare_sections(case, Place.REPORT, leader) == ["Beregnes"]  # still being computed
    assert prepared == [(case.pk, leader.pk)]  # the sections without a prepare are skipped
    assert prepare_sections(case, Place.REPORT, leader) == []  # ready: no notice left
    big = next(s for s in sections_for(case, Place.REPORT, leader) if s.key == "big")
    assert (big.size, big.notice) == (120, "Beregnes")
    late = next(s for s in sections_for(case, Place.REPORT, leader) if s.key == "late")
    assert (late.size, late.notice) == (0, "")


def test_a_section_with_nothing_to_show_is_left_out(registered, make_case, caseworker):
    case = make_case(caseworker, level=Level.INDIVIDUAL)
    assert sections_for(case, Place.CASE, caseworker) == []


def test_registered_history_sources_join_the_case_timeline(registered, make_case, caseworker):
    case = make_case(caseworker)
    first = case_timeline(case)
    at = first[0].at

    def source(c):
        return [TimelineEntry(at=at, user=caseworker, subject=f"Refleksjon om {c.title}", action="created")]

    _seen, declared = registered
    declared.append(CaseExtension(history_sources=[source]))
    subjects = [entry.subject for entry in case_timeline(case)]
    assert f"Refleksjon om {case.title}" in subjects
    assert len(subjects) == len(first) + 1


def test_the_case_page_renders_registered_sections(registered, make_case, leader, login_client, settings):
    engine = settings.TEMPLATES[0]
    section_template = '<section id="{{ section.anchor }}"><h2>{{ section.data.title }}</h2></section>'
    loaders = [
        ("django.template.loaders.locmem.Loader", {"cases/tests/section.html": section_template}),
        "django.template.loaders.app_directories.Loader",
    ]
    settings.TEMPLATES = [{**engine, "APP_DIRS": False, "OPTIONS": {**engine["OPTIONS"], "loaders": loaders}}]
    case = make_case(leader, level=Level.SERVICE, title="Dagaktivitet for personer med demens")
    response = login_client(leader).get(reverse("cases:detail", args=[case.pk]))
    html = response.content.decode()
    assert 'id="section-early"' in html
    # A section the case page does not place by key goes into the knowledge base's tab (issue 15),
    # which the list of sections links to.
    assert 'href="#tab-knowledge"' in html
    assert (
        html.index('id="tab-knowledge"')
        < html.index('id="section-early"')
        < html.index('id="section-late"')
        < html.index('id="decision"')
    )
