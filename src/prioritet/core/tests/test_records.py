"""The abstract edited record: every versioned model takes its audit fields from core, tables unchanged."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from prioritet.core.records import TaskRecord, TaskStatus, Versioned, VersionedRecord


def _edited_models() -> list[type[models.Model]]:
    """Every concrete model with a ``version`` column for optimistic concurrency (histories aside)."""
    return [
        model
        for model in apps.get_models()
        if not hasattr(model, "instance_type")  # simple-history's historical models copy the column
        and any(field.name == "version" for field in model._meta.concrete_fields)
    ]


def test_every_versioned_model_derives_from_the_core_base():
    edited = _edited_models()
    assert len(edited) >= 12
    assert [model._meta.label for model in edited if not issubclass(model, Versioned)] == []


def test_the_base_gives_the_same_columns_the_models_had():
    by_label = {model._meta.label: model for model in _edited_models()}
    case = by_label["cases.Case"]
    assert issubclass(case, VersionedRecord)
    columns = {field.name: field.column for field in case._meta.concrete_fields}
    assert {name: columns[name] for name in ("version", "created_by", "created_at", "updated_at")} == {
        "version": "version",
        "created_by": "created_by_id",
        "created_at": "created_at",
        "updated_at": "updated_at",
    }
    assert case._meta.db_table == "cases_case"
    assert case.history.model._meta.db_table == "cases_historicalcase"
    # updated_at is left out of the history: each history row has its own date.
    assert "updated_at" not in {field.name for field in case.history.model._meta.concrete_fields}


def test_a_model_drops_an_inherited_field_it_never_had():
    by_label = {model._meta.label: model for model in _edited_models()}
    names = {label: {f.name for f in model._meta.concrete_fields} for label, model in by_label.items()}
    assert "created_by" not in names["cases.Assessment"]  # the assessor made it
    assert "updated_at" not in names["participation.Round"]
    assert "created_by" not in names["participation.Response"]
    assert {"version", "created_by", "created_at"} <= names["calibration.Exercise"]
    assert "created_at" not in names["calibration.Participant"]


def _task_models() -> list[type[models.Model]]:
    """Every concrete model that records a piece of background work (a ``task_id`` column)."""
    return [model for model in apps.get_models() if any(f.name == "task_id" for f in model._meta.concrete_fields)]


def test_every_background_work_record_derives_from_the_task_record_with_one_vocabulary():
    labels = sorted(model._meta.label for model in _task_models())
    assert labels == [
        "budgetplan.PlanImport",
        "budgetplan.PlanOptimisation",
        "cases.ConsistencyReport",
        "indicators.IndicatorImport",
        "participation.InvitationEmail",
        "portfolio.FrontierAnalysis",
        "portfolio.MeasureImport",
        "portfolio.RobustnessAnalysis",
        "reports.ReportDocument",
    ]
    for model in _task_models():
        assert issubclass(model, TaskRecord)
        assert model._meta.get_field("status").choices == TaskStatus.choices


def test_a_task_is_claimed_once_and_its_outcome_recorded(leader, make_case):
    from prioritet.cases.models import Level
    from prioritet.portfolio import services
    from prioritet.portfolio.models import RobustnessAnalysis

    portfolio = services.create_portfolio(make_case(leader, level=Level.SERVICE), leader)

    record = RobustnessAnalysis.objects.create(
        municipality=portfolio.municipality, portfolio=portfolio, fingerprint="f"
    )
    assert (record.status, record.finished) == (TaskStatus.QUEUED, False)
    record.queued_as("task-1")
    again = RobustnessAnalysis.objects.get(pk=record.pk)
    assert record.start()
    assert (record.status, record.started_at is not None) == (TaskStatus.RUNNING, True)
    assert not again.start()  # a second delivery of the task finds it claimed, and sees where it stands
    assert again.status == TaskStatus.RUNNING
    record.finish(result={"core": {}}, seconds=1.5)
    stored = RobustnessAnalysis.objects.get(pk=record.pk)
    assert (stored.status, stored.task_id, stored.result, stored.seconds) == (
        TaskStatus.DONE,
        "task-1",
        {"core": {}},
        1.5,
    )
    assert stored.finished
    assert stored.finished_at >= stored.started_at
    stored.queued_as("task-2")  # too late: a finished record keeps the task that did it
    assert RobustnessAnalysis.objects.get(pk=record.pk).task_id == "task-1"

    failing = RobustnessAnalysis.objects.create(
        municipality=portfolio.municipality, portfolio=portfolio, fingerprint="g"
    )
    failing.start()
    failing.fail(result={"problems": ["x"]})
    assert RobustnessAnalysis.objects.get(pk=failing.pk).status == TaskStatus.FAILED
