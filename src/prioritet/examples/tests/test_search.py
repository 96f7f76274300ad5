"""Search in the bank: the same rules on both databases, and what only PostgreSQL's full-text search adds."""

from __future__ import annotations

import pytest
from django.db import connection

from prioritet.cases.models import Level
from prioritet.examples import selectors
from prioritet.examples.models import SizeClass
from prioritet.examples.testing import make_example, search_bank

POSTGRES = connection.vendor == "postgresql"
only_postgres = pytest.mark.skipif(not POSTGRES, reason="PostgreSQL full-text search")
only_sqlite = pytest.mark.skipif(POSTGRES, reason="the SQLite fallback")


@pytest.fixture
def bank(empty_bank):
    return search_bank()


def titles(qs) -> list[str]:
    return [e.title for e in qs]


def test_without_a_query_every_visible_example_newest_first(bank):
    assert titles(selectors.search()) == [
        "Nattpatrulje i hjemmetjenesten",
        "Rehabilitering etter lårhalsbrudd",
        "Dagaktivitet for personer med demens",
    ]


def test_every_word_must_occur(bank):
    assert titles(selectors.search("demens dagaktivitet")) == ["Dagaktivitet for personer med demens"]
    assert titles(selectors.search("demens lårhalsbrudd")) == []


def test_alternatives_texts_are_searched(bank):
    assert titles(selectors.search("sensorer")) == ["Nattpatrulje i hjemmetjenesten"]
    assert titles(selectors.search("pårørende")) == ["Dagaktivitet for personer med demens"]


def test_withdrawn_examples_are_never_found(bank):
    bank["night"].withdrawn = True
    bank["night"].save()
    assert "Nattpatrulje i hjemmetjenesten" not in titles(selectors.search("demens"))
    assert "Nattpatrulje i hjemmetjenesten" not in titles(selectors.search())


def test_filters_by_level_service_area_and_size(bank):
    assert titles(selectors.search("", {"level": Level.INDIVIDUAL})) == ["Rehabilitering etter lårhalsbrudd"]
    assert titles(selectors.search("", {"service_area": "Hjemmetjenesten"})) == ["Nattpatrulje i hjemmetjenesten"]
    assert titles(selectors.search("", {"size_class": SizeClass.SMALL})) == ["Dagaktivitet for personer med demens"]
    assert titles(selectors.search("demens", {"level": Level.SERVICE})) == ["Nattpatrulje i hjemmetjenesten"]


def test_profile_filter_uses_the_chosen_alternative_else_the_first(bank):
    # Dementia: chosen «Øke tilbudet» 4/4/2 (not «Videreføre» 2/2/1). Rehab: none chosen, first 4/4/4.
    assert set(titles(selectors.search("", {"resources": "low"}))) == {"Dagaktivitet for personer med demens"}
    assert titles(selectors.search("", {"resources": "high"})) == ["Rehabilitering etter lårhalsbrudd"]
    assert titles(selectors.search("", {"severity": "moderate"})) == ["Nattpatrulje i hjemmetjenesten"]
    assert set(titles(selectors.search("", {"severity": "high", "benefit": "high"}))) == {
        "Dagaktivitet for personer med demens",
        "Rehabilitering etter lårhalsbrudd",
    }
    assert titles(selectors.search("", {"benefit": "low"})) == []
    row = selectors.search("", {"level": Level.POLITICAL}).get()
    assert (row.profile_title, row.profile_severity, row.profile_benefit, row.profile_resources) == (
        "Øke tilbudet",
        4,
        4,
        2,
    )


def test_filter_by_publishing_municipality(bank, municipality):
    bank["rehab"].municipality = municipality
    bank["rehab"].save()
    assert titles(selectors.search("", {"municipality": municipality})) == ["Rehabilitering etter lårhalsbrudd"]


def test_service_area_choices_are_distinct_names(bank):
    make_example("Annen", service_area="Demensomsorg")
    assert selectors.service_areas() == ["Demensomsorg", "hjemmetjenesten", "Rehabilitering"]


@only_sqlite
def test_sqlite_fallback_matches_parts_of_words_case_insensitively_also_for_æøå(bank):
    assert titles(selectors.search("ØKE")) == ["Dagaktivitet for personer med demens"]
    assert titles(selectors.search("LÅRHALS")) == ["Rehabilitering etter lårhalsbrudd"]
    # Newest first, not by relevance.
    assert titles(selectors.search("demens")) == [
        "Nattpatrulje i hjemmetjenesten",
        "Dagaktivitet for personer med demens",
    ]


def test_both_databases_stem_norwegian_words(bank):
    assert titles(selectors.search("rehabiliteringen")) == ["Rehabilitering etter lårhalsbrudd"]
    assert titles(selectors.search("personen")) == ["Dagaktivitet for personer med demens"]
    # The plural finds the singular (issue 15): on SQLite through Snowball's Norwegian stemmer too.
    assert titles(selectors.search("dagaktiviteter")) == ["Dagaktivitet for personer med demens"]
    assert titles(selectors.search("Dagaktivitetene demens")) == ["Dagaktivitet for personer med demens"]


def test_stems_of_the_fallback():
    assert selectors.stems("Dagaktiviteter omsorgsboliger") == ["dagaktivitet", "omsorgsbo"]
    # A stem under three letters would match nearly anything: the word stays whole.
    assert selectors.stems("øke") == ["øke"]


@only_postgres
def test_postgresql_ranks_a_title_match_above_a_mention(bank):
    # The night patrol is newer, but «demens» is only in its background; the day activity has it in the title.
    assert titles(selectors.search("demens")) == [
        "Dagaktivitet for personer med demens",
        "Nattpatrulje i hjemmetjenesten",
    ]
    ranks = [e.rank for e in selectors.search("demens")]
    assert ranks[0] > ranks[1] > 0


@only_postgres
def test_postgresql_understands_web_search_syntax(bank):
    assert titles(selectors.search("demens -nattpatrulje")) == ["Dagaktivitet for personer med demens"]
    assert set(titles(selectors.search("lårhalsbrudd or nattpatrulje"))) == {
        "Rehabilitering etter lårhalsbrudd",
        "Nattpatrulje i hjemmetjenesten",
    }


@only_postgres
def test_postgresql_search_uses_the_gin_index(bank):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = selectors.search("demens").explain()
    assert "example_search_vector_gin" in plan
