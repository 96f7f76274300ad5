"""The extension points other apps use: sections on the case page and entries in its history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from prioritet.cases import history, sections
from prioritet.cases.models import Level
from prioritet.cases.sections import CaseSection, Place, registered_for, sections_for
from prioritet.cases.selectors import TimelineEntry, case_timeline


@pytest.fixture
def registered(monkeypatch):
    """Empty registries for the test, restored afterwards (the real apps' entries stay out of the way)."""
    monkeypatch.setattr(sections, "_registry", {})
    monkeypatch.setattr(history, "_sources", {})
    seen: list[tuple] = []

    def context(case, user, place):
        seen.append((case.pk, getattr(user, "pk", None), place))
        return None if case.level == Level.INDIVIDUAL else {"title": case.title}

    sections.register(CaseSection("late", "Later", "cases/tests/section.html", context, frozenset(Place), order=200))
    sections.register(
        CaseSection("early", "Earlier", "cases/tests/section.html", context, frozenset({Place.CASE}), order=1)
    )
    return seen


def test_sections_come_in_order_and_only_where_they_are_placed(registered, make_case, leader):
    case = make_case(leader, level=Level.SERVICE, title="Dagaktivitet")
    on_page = sections_for(case, Place.CASE, leader)
    assert [s.key for s in on_page] == ["early", "late"]
    assert on_page[0].anchor == "section-early"
    assert on_page[0].data == {"title": "Dagaktivitet"}
    assert [s.key for s in sections_for(case, Place.PUBLIC)] == ["late"]
    assert [s.key for s in registered_for(Place.PUBLIC)] == ["late"]
    assert registered[-1] == (case.pk, None, Place.PUBLIC)


def test_a_section_with_nothing_to_show_is_left_out(registered, make_case, caseworker):
    case = make_case(caseworker, level=Level.INDIVIDUAL)
    assert sections_for(case, Place.CASE, caseworker) == []


def test_registered_history_sources_join_the_case_timeline(registered, make_case, caseworker):
    case = make_case(caseworker)
    first = case_timeline(case)
    at = first[0].at

    def source(c):
        return [TimelineEntry(at=at, user=caseworker, subject=f"Refleksjon om {c.title}", action="created")]

    history.register("test", source)
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
    assert 'href="#section-early"' in html
    assert html.index('id="section-early"') < html.index('id="section-late"') < html.index('id="decision"')
