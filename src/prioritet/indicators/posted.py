"""Writes of values another system posts (the API's ``POST /indicators/values``): all or none.

Who may write what — decided here, documented in docs/methods.md §10e:

* a municipality writes only its own values (``IndicatorValue.municipality``), never another's;
* into the definitions it owns (whatever their source), and into national definitions whose source
  is the product's own data or an import; never into a national SSB definition, whose figures come
  from SSB's fetch;
* never over a value the SSB fetch wrote (``source`` SSB): a figure SSB published is SSB's;
* a value it posts is stored with source «import».

A batch is checked whole before anything is written; one bad item refuses the batch, with one
message per item and field, so the sending system can fix and resend it (with the same
``Idempotency-Key`` only if it sends the same body).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import models, transaction
from django.utils.translation import gettext as _

from prioritet.accounts.models import Municipality

from .models import PERIOD, REGION, IndicatorDefinition, IndicatorValue, SourceKind, Status, period_kind
from .services import ImportResult

#: Most values in one batch.
MAX_ITEMS = 1000
#: The largest magnitude a value may have (the column holds 14 digits before the decimal point).
MAX_VALUE = Decimal("1e14")


@dataclass(frozen=True)
class Item:
    """One posted value, as the API received it."""

    definition: str
    region: str
    period: str
    value: Decimal | float | None = None
    status: str | None = None
    persons: int | None = None


class BatchError(ValueError):
    """The batch's problems: {"values.<index>.<field>": message}."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(errors)
        self.errors = errors


def writable(municipality: Municipality) -> models.QuerySet[IndicatorDefinition]:
    """The definitions ``municipality`` may post values to: its own, and the national ones that are
    not SSB's."""
    return IndicatorDefinition.objects.filter(
        models.Q(owner=municipality) | (models.Q(owner__isnull=True) & ~models.Q(source=SourceKind.SSB))
    )


def may_write(municipality: Municipality, definition: IndicatorDefinition) -> bool:
    """Whether ``municipality`` may post values to ``definition`` (the rule :func:`writable` queries)."""
    if definition.owner_id is None:
        return definition.source != SourceKind.SSB
    return definition.owner_id == municipality.pk


def definition_by_key(municipality: Municipality, key: str) -> IndicatorDefinition | None:
    """The definition a key names for ``municipality``: its own with that key, else the national one."""
    found = {item.owner_id: item for item in IndicatorDefinition.objects.visible_to(municipality).filter(key=key)}
    return found.get(municipality.pk) or found.get(None)


def _number(raw: Decimal | float | None) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, float) and not math.isfinite(raw):
        raise ValueError(raw)
    try:
        value = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    except InvalidOperation:
        raise ValueError(raw) from None
    if not value.is_finite() or abs(value) >= MAX_VALUE:
        raise ValueError(raw)
    return value.quantize(Decimal("0.000001"))


def _check(municipality: Municipality, items: Sequence[Item]) -> list[tuple[IndicatorDefinition, Item, Decimal | None]]:
    errors: dict[str, str] = {}
    if not items:
        errors["values"] = _("Send at least one value.")
    if len(items) > MAX_ITEMS:
        errors["values"] = _("Send at most %(max)s values at a time.") % {"max": MAX_ITEMS}
    if errors:
        raise BatchError(errors)
    keys = {item.definition for item in items}
    visible = {key: definition_by_key(municipality, key) for key in keys}
    allowed = set(writable(municipality).filter(key__in=keys).values_list("pk", flat=True))
    seen: dict[tuple[str, str, str], int] = {}
    checked = []
    for index, item in enumerate(items):
        where = f"values.{index}."
        definition = visible.get(item.definition)
        if definition is None:
            errors[where + "definition"] = _("No indicator has the key «%(key)s».") % {"key": item.definition}
        elif definition.pk not in allowed:
            errors[where + "definition"] = _(
                "The indicator «%(key)s» holds SSB's figures, fetched from SSB; other systems cannot write to it."
            ) % {"key": item.definition}
        if not REGION.match(item.region):
            errors[where + "region"] = _("A region code is up to 12 letters and digits.")
        if not PERIOD.match(item.period):
            errors[where + "period"] = _("A period is a year (2024), a quarter (2024K1) or a month (2024M01).")
        value: Decimal | None = None
        try:
            value = _number(item.value)
        except ValueError:
            errors[where + "value"] = _("The value must be a number smaller than 100 000 000 000 000.")
        if (item.value is None) == (item.status is None):
            errors[where + "value"] = _("Give either a value or a status symbol (.. . : - …), not both.")
        elif item.status is not None and item.status not in Status.values:
            errors[where + "status"] = _("The status must be one of SSB's symbols (.. . : - …).")
        key = (item.definition, item.region, item.period)
        if key in seen:
            errors[where + "period"] = _("The same indicator, region and period as value %(index)s.") % {
                "index": seen[key]
            }
        seen.setdefault(key, index)
        if definition is not None:
            checked.append((definition, item, value))
    if errors:
        raise BatchError(errors)
    return checked


@transaction.atomic
def post_values(municipality: Municipality, items: Sequence[Item]) -> ImportResult:
    """Write ``items`` as ``municipality``'s values, all or none (BatchError with every problem)."""
    checked = _check(municipality, items)
    existing = {
        (value.definition_id, value.region, value.period): value
        for value in IndicatorValue.objects.for_municipality(municipality)
        .filter(definition__in={definition.pk for definition, _item, _value in checked})
        .select_for_update()
    }
    errors = {
        f"values.{index}.period": _("SSB's figure for this region and period is kept; it is not overwritten.")
        for index, (definition, item, _value) in enumerate(checked)
        if (old := existing.get((definition.pk, item.region, item.period))) is not None and old.source == SourceKind.SSB
    }
    if errors:
        raise BatchError(errors)
    result = ImportResult()
    created = []
    for definition, item, value in checked:
        status = "" if value is not None else str(item.status)
        old = existing.get((definition.pk, item.region, item.period))
        if old is None:
            created.append(
                IndicatorValue(
                    municipality=municipality,
                    definition=definition,
                    region=item.region,
                    period=item.period,
                    period_kind=period_kind(item.period),
                    value=value,
                    status=status,
                    persons=item.persons,
                    source=SourceKind.IMPORT,
                )
            )
        elif (old.value, old.status, old.persons) != (value, status, item.persons):
            old.value, old.status, old.persons, old.source, old.demo = (
                value,
                status,
                item.persons,
                SourceKind.IMPORT,
                False,
            )
            old.save(update_fields=["value", "status", "persons", "source", "demo", "updated_at"])
            result.updated += 1
        else:
            result.unchanged += 1
    IndicatorValue.objects.bulk_create(created)
    result.created = len(created)
    return result
