"""Retention: delete or anonymise what is past its retention period, and record every purge.

The periods are set per kind of record in ``settings.PRIORITET_RETENTION_DAYS`` (see
docs/operations.md for the defaults and their legal basis). The apps that own the records declare
a :class:`Rule` for each kind in their extension's ``retention_rules``
(:mod:`prioritet.core.extensions`; core imports no product app); sessions are core's own
(:data:`SESSIONS`). ``manage.py purge_expired`` runs every rule, each in its own transaction, and writes
one chained :class:`~prioritet.core.audit.PurgeRecord` per rule and municipality: what kind, how
many, by whom, under which rule, and which runs of audit rows were deleted (so ``verify_audit``
still holds afterwards).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.utils import timezone

from .audit import NATIONAL, AuditChained, PurgeRecord, allow_rewrite, gaps_of
from .choices import TextChoices
from .extensions import Extension, extensions


class Action(TextChoices):
    DELETE = "delete", "delete"
    ANONYMISE = "anonymise", "anonymise"


@dataclass
class Outcome:
    """What a rule did (or would do) in one municipality (``NATIONAL`` for records of none)."""

    municipality: int
    count: int = 0
    gaps: list[dict[str, Any]] = field(default_factory=list)


#: A rule's work: given the cut-off, purge and say how many records of each municipality it touched.
Purger = Callable[[dt.datetime], list[Outcome]]


@dataclass(frozen=True)
class Rule:
    kind: str
    action: str
    #: How the rule reads in the purge record, with ``{days}``: «closed more than {days} days ago».
    description: str
    purge: Purger


def rules() -> list[Rule]:
    """Every declared rule, in the order of the periods in settings; each kind must have a period there."""
    declared = {rule.kind: rule for extension in extensions(Extension) for rule in extension.retention_rules}
    for kind in declared:
        if kind not in settings.PRIORITET_RETENTION_DAYS:
            raise KeyError(f"No retention period for {kind!r} in PRIORITET_RETENTION_DAYS")
    return [declared[kind] for kind in settings.PRIORITET_RETENTION_DAYS if kind in declared]


def delete_chained(queryset: models.QuerySet) -> dict[int, Outcome]:
    """Delete audit rows, naming each deleted run of each chain so the chain can be followed across it."""
    model: type[AuditChained] = queryset.model
    rows = list(queryset.values_list("chain_municipality", "sequence", "previous_hash", "content_hash"))
    outcomes: dict[int, Outcome] = {}
    for gap in gaps_of(model, rows):
        outcomes.setdefault(gap["municipality"], Outcome(gap["municipality"])).gaps.append(gap)
    for municipality, *_rest in rows:
        outcomes.setdefault(municipality, Outcome(municipality)).count += 1
    queryset.delete()
    return outcomes


def merge(*groups: dict[int, Outcome]) -> list[Outcome]:
    """Add up outcomes per municipality (a rule that touches several tables reports once each)."""
    total: dict[int, Outcome] = {}
    for group in groups:
        for municipality, outcome in group.items():
            into = total.setdefault(municipality, Outcome(municipality))
            into.count += outcome.count
            into.gaps.extend(outcome.gaps)
    return [total[m] for m in sorted(total)]


@dataclass(frozen=True)
class Purged:
    rule: Rule
    days: int
    outcomes: list[Outcome]

    @property
    def count(self) -> int:
        return sum(o.count for o in self.outcomes)


def run(*, actor: str, user: Any = None, dry_run: bool = False, now: dt.datetime | None = None) -> list[Purged]:
    """Run every rule; a dry run does the same work in a transaction that is rolled back."""
    now = now or timezone.now()
    done = []
    for rule in rules():
        days = int(settings.PRIORITET_RETENTION_DAYS[rule.kind])
        with transaction.atomic():
            allow_rewrite()
            outcomes = [o for o in rule.purge(now - dt.timedelta(days=days)) if o.count]
            for outcome in outcomes:
                PurgeRecord.objects.create(
                    municipality_id=outcome.municipality or None,
                    kind=rule.kind,
                    rule=rule.description.format(days=days),
                    action=rule.action,
                    count=outcome.count,
                    performed_by=user,
                    actor=actor[:150],
                    gaps=outcome.gaps,
                )
            if dry_run:
                transaction.set_rollback(True)
        done.append(Purged(rule, days, outcomes))
    return done


def purge_idempotency_keys() -> int | None:
    """Expired idempotency keys go too, when that module is installed (it keeps no personal data)."""
    if importlib.util.find_spec("prioritet.core.idempotency") is None:
        return None
    from . import idempotency

    return idempotency.purge_expired()


def _purge_sessions(cutoff: dt.datetime) -> list[Outcome]:
    expired = Session.objects.filter(expire_date__lt=cutoff)
    count = expired.count()
    expired.delete()
    return [Outcome(NATIONAL, count)]


#: Core's own rule, declared in ``CoreConfig.extension``.
SESSIONS = Rule(
    kind="sessions",
    action=Action.DELETE,
    description="sessions expired more than {days} days ago",
    purge=_purge_sessions,
)
