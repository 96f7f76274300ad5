"""The tamper-evident record: audit rows in hash chains, one chain per table and municipality.

Every audit row (the access log, the history of cases, alternatives, assessments and decisions, and
the purge and correction records below) stores ``content_hash`` = SHA-256 of the previous row's hash
and the canonical JSON of its own fields. A row changed, inserted or deleted by hand breaks the
chain, and ``manage.py verify_audit`` names the first broken row. The last hash of every chain is
kept in :class:`AuditChainHead`, whose row is locked while a row is added, so two concurrent inserts
never fork a chain; operators write the heads down elsewhere (``verify_audit --heads``) so that even
a rewrite of a whole chain's tail shows.

Two legitimate changes are recorded rather than hidden: a purge (retention) deletes rows and writes
a chained :class:`PurgeRecord` that names each deleted run of rows with the hashes on both sides of
the gap; a recorded correction rewrites a personal detail in history rows and writes a chained
:class:`Correction` that names each rewritten row's original and new hash. ``verify_audit`` follows
both. Empty values (``None``, ``""``) are left out of the hash, so a nullable column added later does
not break the rows written before it.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: The fields the chain itself adds; ``content_hash`` is the hash, so it is never part of it.
CHAIN_FIELDS = ("chain_municipality", "sequence", "previous_hash", "content_hash")
#: The chain of rows that belong to no municipality (e.g. a purge of expired sessions).
NATIONAL = 0


def _canonical(value: Any) -> Any:
    """A JSON value that is the same before and after a round trip through either database."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


def row_values(row: models.Model) -> dict[str, Any]:
    """The row's own column values (by attname), without its content hash and its database-made id.

    The id is not known before the insert; the row's place is its ``sequence``. (For the same
    reason an audit model's timestamps use ``default=timezone.now``, never ``auto_now_add``.)
    """
    skip = {"content_hash"}
    if isinstance(row._meta.pk, models.AutoField | models.BigAutoField | models.SmallAutoField):
        skip.add(row._meta.pk.attname)
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if f.attname not in skip}


def digest(values: dict[str, Any], previous_hash: str) -> str:
    """SHA-256 of the previous hash and the canonical JSON of the non-empty values."""
    payload = {k: _canonical(v) for k, v in values.items() if v is not None and v != ""}
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(f"{previous_hash}\n{text}".encode()).hexdigest()


def chain_label(model: type[models.Model]) -> str:
    """The chain's table name as the records spell it, e.g. ``cases.historicalcase``."""
    label: str = model._meta.label_lower
    return label


def resolve_path(row: Any, path: str) -> int:
    """Follow a dotted attribute path (``alternative.case.municipality_id``) to a municipality id."""
    value = row
    for name in path.split("."):
        value = getattr(value, name)
        if value is None:
            return NATIONAL
    return int(value)


class AuditChainHead(models.Model):
    """The newest row of one chain: locked while a row is added, so the chain never forks."""

    chain = models.CharField(_("chain"), max_length=100)
    chain_municipality = models.PositiveIntegerField(_("municipality id"))
    sequence = models.PositiveBigIntegerField(_("sequence"), default=0)
    last_hash = models.CharField(_("last hash"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")
        constraints = (
            models.UniqueConstraint(fields=("chain", "chain_municipality"), name="audit_head_one_per_chain"),
        )


class AuditChained(models.Model):
    """Abstract base of every audit row: its place in its chain and the hashes that bind it there.

    A model says where its municipality is with ``AUDIT_MUNICIPALITY`` (a dotted attribute path);
    a simple-history model takes it from the model it records (its ``instance_type``).
    """

    AUDIT_MUNICIPALITY = "municipality_id"

    chain_municipality = models.PositiveIntegerField(_("chain (municipality id)"), default=NATIONAL, editable=False)
    sequence = models.PositiveBigIntegerField(_("sequence in chain"), default=0, editable=False)
    previous_hash = models.CharField(_("previous hash"), max_length=64, blank=True, editable=False)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True, editable=False)

    class Meta:
        abstract = True

    def audit_municipality_id(self) -> int:
        source = getattr(type(self), "instance_type", type(self))
        return resolve_path(self, getattr(source, "AUDIT_MUNICIPALITY", AuditChained.AUDIT_MUNICIPALITY))

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Link a new row into its chain in the same transaction as the insert."""
        if not self._state.adding or self.content_hash:
            super().save(*args, **kwargs)
            return
        using = kwargs.get("using") or "default"
        with transaction.atomic(using=using):
            self.chain_municipality = self.audit_municipality_id()
            head, _created = (
                AuditChainHead.objects.using(using)
                .select_for_update()
                .get_or_create(chain=chain_label(type(self)), chain_municipality=self.chain_municipality)
            )
            self.sequence = head.sequence + 1
            self.previous_hash = head.last_hash
            self.content_hash = digest(row_values(self), self.previous_hash)
            super().save(*args, **kwargs)
            head.sequence, head.last_hash = self.sequence, self.content_hash
            head.save(using=using, update_fields=["sequence", "last_hash"])


def create_chained(rows: Sequence[AuditChained], using: str = "default") -> list[AuditChained]:
    """Insert new audit rows of one model in one statement, chained exactly as :meth:`AuditChained.save`
    would chain them one by one (a page that logs ten reads at once locks each chain's head once,
    not ten times). A row that names an API token is stamped first, as its own save would."""
    if not rows:
        return []
    model = type(rows[0])
    if any(type(row) is not model for row in rows):
        raise TypeError("create_chained inserts rows of one model at a time")
    with transaction.atomic(using=using):
        chains: dict[int, list[AuditChained]] = {}
        for row in rows:
            stamp = getattr(row, "stamp_api_token", None)
            if stamp is not None:
                stamp()
            row.chain_municipality = row.audit_municipality_id()
            chains.setdefault(row.chain_municipality, []).append(row)
        for municipality in sorted(chains):  # one order, so two writers never wait on each other in a ring
            head, _created = (
                AuditChainHead.objects.using(using)
                .select_for_update()
                .get_or_create(chain=chain_label(model), chain_municipality=municipality)
            )
            for row in chains[municipality]:
                row.sequence = head.sequence + 1
                row.previous_hash = head.last_hash
                row.content_hash = digest(row_values(row), row.previous_hash)
                head.sequence, head.last_hash = row.sequence, row.content_hash
            head.save(using=using, update_fields=["sequence", "last_hash"])
        created: list[AuditChained] = model._default_manager.using(using).bulk_create(rows)
    return created


class PurgeRecord(AuditChained):
    """One purge under one retention rule in one municipality: what, how many, by whom, which rule.

    ``gaps`` names every run of chained rows the purge deleted, as
    ``{"chain", "municipality", "first", "last", "before", "after"}``: ``before`` is the hash the
    first deleted row chained from, ``after`` the last deleted row's own hash, so the chain can be
    followed across the gap.
    """

    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind of record"), max_length=60)
    rule = models.CharField(_("retention rule"), max_length=200)
    action = models.CharField(_("action"), max_length=20)
    count = models.PositiveIntegerField(_("number of records"))
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("performed by"),
    )
    actor = models.CharField(_("performed by (as recorded)"), max_length=150)
    at = models.DateTimeField(_("purged at"), default=timezone.now)
    gaps = models.JSONField(_("deleted runs of audit rows"), default=list, blank=True)

    class Meta:
        ordering = ("-at", "-id")
        verbose_name = _("purge record")
        verbose_name_plural = _("purge records")


class Correction(AuditChained):
    """A recorded correction of a wrongly entered personal detail in a case and its history.

    The wrong text itself is not kept. ``rehashed`` names every history row rewritten, as
    ``{"chain", "pk", "original", "new"}``: its hash before and its content's hash after.
    """

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    case_id = models.PositiveBigIntegerField(_("case"))
    field_name = models.CharField(_("fields"), max_length=300)
    reason = models.TextField(_("reason"), max_length=2000)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("corrected by")
    )
    at = models.DateTimeField(_("corrected at"), default=timezone.now)
    rows = models.PositiveIntegerField(_("rows rewritten"), default=0)
    rehashed = models.JSONField(_("rewritten audit rows"), default=list, blank=True)

    class Meta:
        ordering = ("-at", "-id")
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")


def chained_models() -> list[type[AuditChained]]:
    """Every concrete audit model, in a stable order."""
    found = [m for m in apps.get_models() if issubclass(m, AuditChained)]
    return sorted(found, key=chain_label)


@dataclass
class Gap:
    first: int
    last: int
    before: str
    after: str


@dataclass
class Amendments:
    """What the purge and correction records vouch for: deleted runs and rewritten rows."""

    gaps: dict[tuple[str, int], dict[int, Gap]] = field(default_factory=dict)
    rehashed: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Amendments:
        found = cls()
        for record in PurgeRecord.objects.order_by("chain_municipality", "sequence").iterator():
            for g in record.gaps:
                found.gaps.setdefault((g["chain"], g["municipality"]), {})[g["first"]] = Gap(
                    g["first"], g["last"], g["before"], g["after"]
                )
        for correction in Correction.objects.order_by("chain_municipality", "sequence").iterator():
            for r in correction.rehashed:
                key = (r["chain"], str(r["pk"]))
                earlier = found.rehashed.get(key)
                found.rehashed[key] = (earlier[0] if earlier else r["original"], r["new"])
        return found


@dataclass(frozen=True)
class Broken:
    """The first broken row of a chain, and what is wrong with it."""

    chain: str
    municipality: int
    pk: Any
    sequence: int | None
    problem: str

    def __str__(self) -> str:
        where = f"{self.chain} row {self.pk}" if self.pk is not None else self.chain
        seq = f", sequence {self.sequence}" if self.sequence is not None else ""
        return f"{where} (municipality {self.municipality}{seq}): {self.problem}"


def _verify_chain(
    model: type[AuditChained], municipality: int, head: AuditChainHead | None, amendments: Amendments
) -> Broken | None:
    label = chain_label(model)
    gaps = amendments.gaps.get((label, municipality), {})
    expected_seq, expected_prev = 1, ""

    def cross_gaps(until: int | None) -> bool:
        nonlocal expected_seq, expected_prev
        while (until is None or expected_seq < until) and expected_seq in gaps:
            gap = gaps[expected_seq]
            if gap.before != expected_prev:
                return False
            expected_seq, expected_prev = gap.last + 1, gap.after
        return until is None or expected_seq == until

    rows = model.objects.filter(chain_municipality=municipality).order_by("sequence", "pk")
    for row in rows.iterator(chunk_size=2000):

        def broken(problem: str, row: AuditChained = row) -> Broken:
            return Broken(label, municipality, row.pk, row.sequence, problem)

        if row.sequence < expected_seq:
            return broken("a second row with the same place in the chain (inserted by hand?)")
        if not cross_gaps(row.sequence):
            return broken(f"rows before it are missing (sequence {expected_seq} onwards deleted by hand?)")
        if row.previous_hash != expected_prev:
            return broken("does not chain from the row before it (a row inserted or deleted by hand?)")
        actual = digest(row_values(row), row.previous_hash)
        if actual != row.content_hash:
            original, new = amendments.rehashed.get((label, str(row.pk)), ("", ""))
            if not (original == row.content_hash and new == actual):
                return broken("its content does not match its hash (changed by hand?)")
        expected_seq, expected_prev = row.sequence + 1, row.content_hash
    cross_gaps(None)
    if head is None:
        if expected_seq != 1:
            return Broken(label, municipality, None, None, "rows without a chain head")
        return None
    if head.sequence != expected_seq - 1 or head.last_hash != expected_prev:
        return Broken(
            label, municipality, None, head.sequence, "the newest rows are missing or the head was changed by hand"
        )
    return None


def verify() -> Iterator[Broken]:
    """The first broken row of every broken chain (nothing when every chain holds)."""
    amendments = Amendments.load()
    heads = {(h.chain, h.chain_municipality): h for h in AuditChainHead.objects.all()}
    for model in chained_models():
        label = chain_label(model)
        municipalities = set(model.objects.values_list("chain_municipality", flat=True).distinct())
        municipalities |= {m for (c, m) in heads if c == label}
        for municipality in sorted(municipalities):
            problem = _verify_chain(model, municipality, heads.get((label, municipality)), amendments)
            if problem:
                yield problem


def head_hashes() -> list[AuditChainHead]:
    return list(AuditChainHead.objects.order_by("chain", "chain_municipality"))


def allow_rewrite() -> None:
    """Let this transaction update and delete audit rows (PostgreSQL's trigger refuses otherwise).

    Only the purge and the recorded correction call it, each inside its own transaction, and each
    writes its own chained record of what it did.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL prioritet.purge = 'on'")


def gaps_of(model: type[AuditChained], rows: Iterable[tuple[int, int, str, str]]) -> list[dict[str, Any]]:
    """Group (municipality, sequence, previous_hash, content_hash) of rows about to be deleted into runs.

    A run is contiguous in its chain's sequence numbers, counting rows an earlier purge deleted,
    so the verifier can step from the last surviving row before it to the first one after it.
    """
    label = chain_label(model)
    runs: list[dict[str, Any]] = []
    for municipality, sequence, previous, content in sorted(rows):
        last = runs[-1] if runs else None
        if last and last["municipality"] == municipality and last["last"] + 1 == sequence:
            last["last"], last["after"] = sequence, content
        else:
            runs.append(
                {
                    "chain": label,
                    "municipality": municipality,
                    "first": sequence,
                    "last": sequence,
                    "before": previous,
                    "after": content,
                }
            )
    return runs


GUARD_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION prioritet_audit_guard() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('prioritet.purge', true), '') = 'on' THEN
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit rows in % cannot be changed or deleted', TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql
"""


def install_guard(schema_editor: Any, tables: Iterable[str]) -> None:
    """On PostgreSQL, refuse UPDATE and DELETE of the tables' rows unless ``prioritet.purge`` is on."""
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(GUARD_FUNCTION_SQL, params=None)
    for table in tables:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_audit_guard" ON "{table}"')
        schema_editor.execute(
            f'CREATE TRIGGER "{table}_audit_guard" BEFORE UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION prioritet_audit_guard()"
        )


def remove_guard(schema_editor: Any, tables: Iterable[str]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in tables:
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{table}_audit_guard" ON "{table}"')


def chain_existing(head_model: type[models.Model], model: type[models.Model], path: str, order: list[str]) -> None:
    """Link rows written before the chain existed, oldest first (used by the migrations)."""
    heads: dict[int, tuple[int, str]] = {}
    batch: list[models.Model] = []
    for row in model.objects.order_by(*order).iterator(chunk_size=2000):
        municipality = resolve_path(row, path)
        sequence, previous = heads.get(municipality, (0, ""))
        row.chain_municipality, row.sequence, row.previous_hash = municipality, sequence + 1, previous
        row.content_hash = digest(row_values(row), previous)
        heads[municipality] = (row.sequence, row.content_hash)
        batch.append(row)
        if len(batch) >= 2000:
            model.objects.bulk_update(batch, list(CHAIN_FIELDS))
            batch = []
    model.objects.bulk_update(batch, list(CHAIN_FIELDS))
    for municipality, (sequence, last) in heads.items():
        head_model.objects.update_or_create(
            chain=model._meta.label_lower,
            chain_municipality=municipality,
            defaults={"sequence": sequence, "last_hash": last},
        )
