"""Severity belongs to the need (issue 11): data migration 0010 gives each case the severity its
assessors gave its alternatives before, as the release notes say."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from prioritet.accounts.models import Role
from prioritet.cases import services
from prioritet.cases.models import Assessment, Case
from prioritet.cases.testing import on_team

migration = importlib.import_module("prioritet.cases.migrations.0010_severity_of_the_need")


def old_severities(case: Case, given: dict[int, list[int]]) -> None:
    """Give the alternatives' assessments the severities stored before the migration, and empty the case's."""
    Case.objects.filter(pk=case.pk).update(severity=None)
    for alternative_id, severities in given.items():
        assessments = Assessment.objects.filter(alternative_id=alternative_id).order_by("id")
        for assessment, severity in zip(assessments, severities, strict=True):
            Assessment.objects.filter(pk=assessment.pk).update(severity=severity)


def test_the_median_rule():
    # Each alternative's median over its assessors, then the median over the alternatives, half up.
    assert migration.case_severity({1: [4, 4], 2: [4, 3], 3: [5, 1]}) == 4  # medians 4, 3.5, 3 → 3.5 → 4
    assert migration.case_severity({1: [2], 2: [3]}) == 3  # 2.5 → 3, half up (not to even)
    assert migration.case_severity({1: [2, 3], 2: [2]}) == 2  # medians 2.5, 2 → 2.25 → 2
    assert migration.case_severity({1: []}) is None


@pytest.fixture
def two_assessed(make_case, caseworker, user_factory, assess):
    other = user_factory(Role.HEALTH_PERSONNEL)
    case = on_team(make_case(caseworker, severity=None), other)
    a = services.add_alternative(case, caseworker, title="A")
    b = services.add_alternative(case, caseworker, title="B")
    archived = services.add_alternative(case, caseworker, title="Arkivert")
    no_action = case.alternatives.get(kind="no_action")
    for user in (caseworker, other):
        for alternative in (a, b, archived, no_action):
            assess(alternative, user, 3, 3)
    services.set_alternative_archived(archived, caseworker, archived.version, True)
    return case, a, b, archived, no_action


def test_a_case_gets_the_median_of_its_active_alternatives_severities(two_assessed):
    case, a, b, archived, no_action = two_assessed
    # medians: A 4, B 2.5, no action 5 (its severity is the need's too); the archived one is left out
    old_severities(case, {a.pk: [4, 4], b.pk: [2, 3], no_action.pk: [5, 5], archived.pk: [1, 1]})
    untouched = Case.objects.get(pk=case.pk).version
    migration.severity_to_case(apps, None)
    migrated = Case.objects.get(pk=case.pk)
    assert migrated.severity == 4
    assert migrated.version == untouched
    assert Assessment.objects.get(alternative=a, assessor=case.created_by).severity == 4  # kept, never read


def test_a_case_without_old_severities_stays_unassessed_and_one_already_set_is_kept(
    two_assessed, make_case, caseworker
):
    case, *_ = two_assessed
    migration.severity_to_case(apps, None)  # the new assessments carry no severity
    assert Case.objects.get(pk=case.pk).severity is None
    kept = make_case(caseworker, severity=2, title="Satt")
    migration.severity_to_case(apps, None)
    assert Case.objects.get(pk=kept.pk).severity == 2


def test_back_gives_an_assessment_without_severity_its_cases(two_assessed, make_case, caseworker):
    case, *_ = two_assessed
    Case.objects.filter(pk=case.pk).update(severity=4)
    migration.severity_to_assessments(apps, None)
    assert set(Assessment.objects.filter(alternative__case=case).values_list("severity", flat=True)) == {4}
