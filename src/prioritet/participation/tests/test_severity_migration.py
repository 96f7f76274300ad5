"""Severity belongs to the need (issue 11): data migration 0004 gives each consultation answer given
before one view of the need's severity, the median of what it said per alternative, as the release
notes say."""

from __future__ import annotations

import importlib

from django.apps import apps

from prioritet.cases.models import Alternative
from prioritet.participation import services
from prioritet.participation.models import Response, ResponseScore

migration = importlib.import_module("prioritet.participation.migrations.0004_severity_of_the_need")


def test_the_median_rule_rounds_half_up():
    assert migration.answer_severity([4, 3]) == 4  # 3.5 → 4
    assert migration.answer_severity([2, 3]) == 3  # 2.5 → 3, half up (not to even)
    assert migration.answer_severity([1, 5, 2]) == 2
    assert migration.answer_severity([]) is None


def test_an_old_answer_gets_the_median_of_its_active_alternatives_severities(opened, service_case):
    round_, _ = opened
    answer = services.answer_public(round_, key=services.new_token(), data=services.AnswerData(), submit=True)
    other = services.answer_public(round_, key=services.new_token(), data=services.AnswerData(), submit=True)
    alternatives = list(service_case.alternatives.order_by("id"))
    archived = alternatives[0]
    Alternative.objects.filter(pk=archived.pk).update(archived=True)
    # As stored before the migration: a severity per alternative, none on the answer.
    for alternative, severity in zip(alternatives, (1, 4, 5), strict=True):
        ResponseScore.objects.filter(response=answer, alternative=alternative).update(severity=severity)
    ResponseScore.objects.filter(response=other).update(severity=None)
    Response.objects.update(severity=None)
    migration.severity_to_answer(apps, None)
    # 4 and 5 → 4.5 → 5; the archived alternative's 1 is left out; «vet ikke» everywhere stays unknown.
    assert Response.objects.get(pk=answer.pk).severity == 5
    assert Response.objects.get(pk=other.pk).severity is None
    assert ResponseScore.objects.get(response=answer, alternative=archived).severity == 1  # kept, never read


def test_an_answer_already_given_under_the_new_shape_is_kept(opened, service_case):
    round_, _ = opened
    data = services.AnswerData(severity=2)
    answer = services.answer_public(round_, key=services.new_token(), data=data, submit=True)
    ResponseScore.objects.filter(response=answer).update(severity=5)
    migration.severity_to_answer(apps, None)
    assert Response.objects.get(pk=answer.pk).severity == 2
