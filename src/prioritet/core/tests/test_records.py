"""The abstract edited record: every versioned model takes its audit fields from core, tables unchanged."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from prioritet.core.records import Versioned, VersionedRecord


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
