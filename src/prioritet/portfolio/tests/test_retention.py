"""Retention of uploaded measures files: unconfirmed uploads go after two days; confirmed imports stay."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from prioritet.core.audit import PurgeRecord
from prioritet.core.records import TaskStatus
from prioritet.portfolio.models import MeasureImport


def _upload(portfolio, leader, status: TaskStatus, age: dt.timedelta) -> MeasureImport:
    record = MeasureImport.objects.create(
        municipality=portfolio.municipality,
        portfolio=portfolio,
        created_by=leader,
        filename=f"{status}.csv",
        data=b"id;name;benefit;resources\na;Tiltak;3;3\n",
        preview={"rows": [["a", "Tiltak", 3, 3]]},
        status=status,
    )
    MeasureImport.objects.filter(pk=record.pk).update(created_at=timezone.now() - age)
    return record


def test_the_default_period_for_measure_imports_is_two_days():
    assert settings.PRIORITET_RETENTION_DAYS["measure_imports"] == 2


def test_unconfirmed_uploads_older_than_two_days_are_deleted_and_the_rest_kept(portfolio, leader):
    three_days, one_day = dt.timedelta(days=3), dt.timedelta(days=1)
    checking = _upload(portfolio, leader, TaskStatus.CHECKING, three_days)
    checked = _upload(portfolio, leader, TaskStatus.CHECKED, three_days)
    recent = _upload(portfolio, leader, TaskStatus.CHECKED, one_day)
    confirmed = [_upload(portfolio, leader, s, three_days) for s in (TaskStatus.QUEUED, TaskStatus.DONE)]
    failed = _upload(portfolio, leader, TaskStatus.FAILED, three_days)

    call_command("purge_expired", "--dry-run")
    assert MeasureImport.objects.filter(pk__in=[checking.pk, checked.pk]).count() == 2, "a dry run keeps them"

    call_command("purge_expired")

    remaining = set(MeasureImport.objects.values_list("pk", flat=True))
    assert checking.pk not in remaining
    assert checked.pk not in remaining
    assert {recent.pk, failed.pk, *(r.pk for r in confirmed)} <= remaining
    record = PurgeRecord.objects.get(kind="measure_imports")
    assert (record.count, record.municipality_id, record.action) == (2, portfolio.municipality_id, "delete")
    assert "2 days" in record.rule
