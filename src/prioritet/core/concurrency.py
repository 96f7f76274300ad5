"""Optimistic concurrency and recorded saves: the write rules every app's services share.

Each versioned row carries a ``version`` column. An edit names the version the user loaded;
:func:`compare_and_swap` claims the next version in one UPDATE, so of two concurrent saves only one
can win, and the loser gets :class:`ConcurrentEditError` holding the row as it is now (the page
shows it beside the user's own input, which is kept). :func:`save_with_history` validates and saves,
naming in django-simple-history who made the change and, when given, why.
"""

from __future__ import annotations

from typing import Any

from django.db import models


class ConcurrentEditError(Exception):
    """Someone saved the object after this user loaded it. ``current`` is the object as saved now."""

    def __init__(self, current: models.Model) -> None:
        super().__init__(f"{type(current).__name__} {current.pk} was changed by someone else")
        self.current = current


def save_with_history(
    instance: models.Model, user: Any, reason: str | None = None, exclude: list[str] | None = None
) -> None:
    """Validate and save, recording who (and why) in the object's history; every app's services use it."""
    instance.full_clean(exclude=exclude)
    # simple-history reads both attributes when it writes the history row after the save
    instance._history_user = user
    if reason:
        instance._change_reason = reason
    instance.save()


def compare_and_swap[M: models.Model](model: type[M], pk: int, expected_version: int) -> M:
    """Claim the next version of the row or raise :class:`ConcurrentEditError`; returns the row."""
    claimed = model._default_manager.filter(pk=pk, version=expected_version).update(version=models.F("version") + 1)
    fresh: M = model._default_manager.get(pk=pk)
    if not claimed:
        raise ConcurrentEditError(fresh)
    return fresh


def edit_versioned[M: models.Model](model: type[M], pk: int, version: int, user: Any, fields: dict[str, Any]) -> M:
    """Claim the row's next version, set ``fields`` on it and save it with history.

    The common shape of an edit service: the claim makes a concurrent save lose with
    :class:`ConcurrentEditError` before anything is written. Callers wrap it in their transaction.
    """
    fresh = compare_and_swap(model, pk, version)
    for name, value in fields.items():
        setattr(fresh, name, value)
    save_with_history(fresh, user)
    return fresh
