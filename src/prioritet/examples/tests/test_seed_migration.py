"""The guideline's three worked cases are in the bank from the start (data migration 0003)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from prioritet.cases.models import Level
from prioritet.examples import selectors, services
from prioritet.examples.models import Example

migration = importlib.import_module("prioritet.examples.migrations.0003_seed_examples")
credit = importlib.import_module("prioritet.examples.migrations.0007_credit_worked_examples")


@pytest.fixture
def seeded(empty_bank):
    """The migration's function run on an empty bank (a transactional test elsewhere may have flushed it)."""
    migration.add_examples(apps, None)
    credit.credit_presentation(apps, None)
    return {e.level: e for e in Example.objects.filter(source_label=credit.PRESENTATION)}


def scores(example) -> list[tuple[str, int, int, int, bool]]:
    return [(a.title, a.severity, a.benefit, a.resources, a.chosen) for a in example.alternatives.all()]


def test_three_worked_cases_one_per_level(seeded):
    assert set(seeded) == {Level.INDIVIDUAL, Level.SERVICE, Level.POLITICAL}
    for example in seeded.values():
        # Credited to the municipality's presentation the table comes from, not to the directorate.
        assert example.source_label == (
            "Larvik kommune: presentasjon av Nasjonal veileder for prioriteringer i kommunale helse- og "
            "omsorgstjenester (2025), eksempel"
        )
        assert "Helsedirektoratet" not in example.source_label
        assert example.municipality is None
        assert example.source_case is None
        assert example.justification
        assert example.decision
        assert not example.withdrawn


def test_the_seed_scores(seeded):
    # Høy/Stor → 4, Moderat → 3, «Moderat til liten» and Liten → 2 (docs/methods.md §9, seed_cases.csv).
    assert scores(seeded[Level.INDIVIDUAL]) == [
        ("Rehabiliteringsopphold i institusjon", 4, 4, 4, False),
        ("Rehabiliteringsteam i hjemmet", 4, 4, 3, True),
    ]
    assert scores(seeded[Level.SERVICE]) == [("Etablere Larvikshjelpa", 4, 4, 2, True)]
    assert scores(seeded[Level.POLITICAL]) == [("Øke dagaktivitetstilbudet til personer med demens", 4, 4, 2, True)]


def test_the_alternatives_descriptions_do_not_give_the_assessment_away(seeded):
    """Calibration shows the descriptions to people who score the examples blind."""
    for example in seeded.values():
        for alternative in example.alternatives.all():
            assert alternative.description
            for word in ("alvorlighet", "nytte", "ressurs", "høy", "stor", "moderat", "liten"):
                assert word not in alternative.description.lower(), (alternative.title, word)


def test_the_seed_conclusions_and_justifications(seeded):
    individual = seeded[Level.INDIVIDUAL]
    assert individual.deidentified_confirmed
    assert individual.decision == "Bør prioritere rehabiliteringsteam i hjemmet"
    assert "moderat ved hjemmerehabilitering" in individual.justification
    assert seeded[Level.SERVICE].decision == "Etablering av Larvikshjelpa bør prioriteres høyt"
    assert seeded[Level.SERVICE].priority == seeded[Level.POLITICAL].priority == "high"
    assert "omdisponering av eksisterende fagstillinger" in seeded[Level.SERVICE].justification
    assert "isolasjon" in seeded[Level.POLITICAL].justification


def test_the_search_text_is_what_the_service_would_write(seeded):
    for example in seeded.values():
        assert example.search_document == services.search_document(example)


def test_running_it_again_adds_nothing(empty_bank):
    migration.add_examples(apps, None)
    migration.add_examples(apps, None)
    assert Example.objects.filter(source_label=migration.SOURCE).count() == 3
    credit.credit_presentation(apps, None)
    credit.credit_presentation(apps, None)
    assert Example.objects.filter(source_label=credit.PRESENTATION).count() == 3
    assert not Example.objects.filter(source_label=migration.SOURCE).exists()


def test_the_credit_touches_only_the_worked_cases(empty_bank):
    from prioritet.examples.testing import make_example

    migration.add_examples(apps, None)
    # Another example that happens to carry the old label keeps it: only the three titles move.
    other = make_example("Et annet eksempel")
    Example.objects.filter(pk=other.pk).update(source_label=migration.SOURCE)
    credit.credit_presentation(apps, None)
    assert Example.objects.get(pk=other.pk).source_label == migration.SOURCE
    credit.credit_directorate(apps, None)
    assert Example.objects.filter(source_label=migration.SOURCE).count() == 4


def test_reverse_removes_only_the_worked_cases(seeded):
    from prioritet.examples.testing import make_example

    own = make_example("Eget eksempel")
    credit.credit_directorate(apps, None)  # migrating backwards undoes 0007 before 0003
    migration.remove_examples(apps, None)
    assert list(Example.objects.all()) == [own]


def test_the_worked_cases_are_searchable(seeded):
    assert [e.title for e in selectors.search("Larvikshjelpa")] == [seeded[Level.SERVICE].title]
    # Both databases stem: the definite form finds the worked case (SQLite through snowballstemmer).
    assert [e.pk for e in selectors.search("rehabiliteringen")] == [seeded[Level.INDIVIDUAL].pk]
    assert [e.pk for e in selectors.search("dagaktivitetstilbudet")] == [seeded[Level.POLITICAL].pk]
