"""Waiting lists (ventelister): the municipality's services with their capacity, who waits for a place,
and every allocation.

* :class:`WaitingService` is one of the municipality's own services that people wait for (long-term
  place in a nursing home, short-stay, day activity, home rehabilitation …), counted in places or in
  hours per week.
* :class:`CapacityChange` is the service's capacity from a date: never changed, so the rows are the
  capacity's history; the current capacity is the newest row in force.
* :class:`WaitingEntry` is one person waiting, through their individual case and its vedtak: waiting,
  then placed (and later left), or withdrawn. Its order on the list is never stored: it is computed from
  the case's current vedtak under the municipality's current weights (:mod:`.ordering`), so a
  reassessed case moves when its new vedtak is made.
* :class:`Allocation` records who got a freed place, when, by whom, what the list suggested and, when
  the person chosen was not the suggestion, why. Never changed.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from prioritet.accounts.models import MunicipalityQuerySet
from prioritet.core.choices import TextChoices
from prioritet.core.fields import SafeCharField, SafeTextField
from prioritet.core.records import VersionedRecord

NON_NEGATIVE = [MinValueValidator(Decimal(0))]


class Unit(TextChoices):
    PLACES = "places", _("places")
    HOURS = "hours", _("hours per week")


class Urgency(models.IntegerChoices):
    """Hastegrad: how soon the person needs the service, as the caseworker judges it."""

    ORDINARY = 1, pgettext_lazy("urgency", "Ordinary")
    SOON = 2, pgettext_lazy("urgency", "Soon")
    URGENT = 3, pgettext_lazy("urgency", "Urgent")


class EntryStatus(TextChoices):
    WAITING = "waiting", pgettext_lazy("waiting list", "Waiting")
    PLACED = "placed", pgettext_lazy("waiting list", "Placed")
    LEFT = "left", pgettext_lazy("waiting list", "Left the service")
    WITHDRAWN = "withdrawn", pgettext_lazy("waiting list", "Withdrawn from the list")


class WaitingService(VersionedRecord):
    """A service of the municipality that people wait for, with a waiting list of its own."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    name = SafeCharField(_("name"), max_length=100)
    unit = models.CharField(_("counted in"), max_length=10, choices=Unit.choices, default=Unit.PLACES)
    service_area = models.ForeignKey(
        "accounts.ServiceArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service area"),
    )
    active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("name", "id")
        verbose_name = _("service with a waiting list")
        verbose_name_plural = _("services with a waiting list")
        constraints = (models.UniqueConstraint(fields=("municipality", "name"), name="waiting_service_unique_name"),)

    def __str__(self) -> str:
        return self.name

    @property
    def counts_hours(self) -> bool:
        return self.unit == Unit.HOURS


class CapacityChange(models.Model):
    """The service's capacity from ``valid_from`` on. Never changed: a new capacity is a new row."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    service = models.ForeignKey(
        WaitingService, on_delete=models.PROTECT, related_name="capacities", verbose_name=_("service")
    )
    amount = models.DecimalField(
        _("capacity"),
        max_digits=8,
        decimal_places=1,
        validators=NON_NEGATIVE,
        help_text=_("Places, or hours per week, in total."),
    )
    other_use = models.DecimalField(
        _("in use by people placed outside this list"),
        max_digits=8,
        decimal_places=1,
        default=Decimal(0),
        validators=NON_NEGATIVE,
        help_text=_("Places or hours taken by people placed before the list was kept here; lower it when one leaves."),
    )
    valid_from = models.DateField(_("from"))
    note = SafeCharField(_("note"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("service", "-valid_from", "-id")
        get_latest_by = ("valid_from", "id")
        verbose_name = _("capacity")
        verbose_name_plural = _("capacities")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(amount__gte=0) & models.Q(other_use__gte=0), name="waiting_capacity_non_negative"
            ),
        )

    def __str__(self) -> str:
        return f"{self.service_id}: {self.amount} ({self.valid_from})"


class WaitingEntry(VersionedRecord):
    """One person on a service's waiting list, through their individual case."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    service = models.ForeignKey(
        WaitingService, on_delete=models.PROTECT, related_name="entries", verbose_name=_("service")
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="waiting_entries", verbose_name=_("case")
    )
    #: The vedtak the person was put on the list with (the list reads the case's current vedtak).
    decision = models.ForeignKey("cases.Decision", on_delete=models.PROTECT, related_name="+", verbose_name=_("vedtak"))
    amount = models.DecimalField(
        _("amount granted"),
        max_digits=6,
        decimal_places=1,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.5"))],
        help_text=_("One place, or the hours per week the vedtak grants."),
    )
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Urgency.choices, default=Urgency.ORDINARY)
    waiting_since = models.DateField(_("waiting since"))
    status = models.CharField(_("status"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.WAITING)
    placed_at = models.DateField(_("placed on"), null=True, blank=True)
    ended_at = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = SafeTextField(_("why the entry ended"), max_length=2000, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("service", "waiting_since", "id")
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting-list entries")
        constraints = (
            models.UniqueConstraint(
                fields=("service", "case"),
                condition=models.Q(status__in=("waiting", "placed")),
                name="waiting_entry_one_active_per_case",
            ),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="waiting_entry_amount_positive"),
        )
        indexes = (models.Index(fields=("service", "status"), name="waiting_entry_service_status"),)

    def __str__(self) -> str:
        return f"{self.service_id}/{self.pk}"

    @property
    def is_waiting(self) -> bool:
        return self.status == EntryStatus.WAITING

    @property
    def is_placed(self) -> bool:
        return self.status == EntryStatus.PLACED


class Allocation(models.Model):
    """A freed place (or hours) given to one waiting person: the decision and what it departed from.

    ``suggested`` is the person the list suggested when the allocation was made (the first in the
    suggested order whose granted amount fits what is free) and ``position`` the chosen person's place
    in that order. Choosing anyone but the suggested person needs ``reason`` (the database refuses it
    too).
    ``order`` keeps the suggested order as it was (entry, case reference, value, scores, urgency,
    waiting days) down to the chosen person, and ``weights`` the weights it was computed with.
    """

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    service = models.ForeignKey(
        WaitingService, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("service")
    )
    entry = models.ForeignKey(
        WaitingEntry, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("given to")
    )
    suggested = models.ForeignKey(
        WaitingEntry, on_delete=models.PROTECT, related_name="+", verbose_name=_("suggested by the list")
    )
    position = models.PositiveIntegerField(_("place in the suggested order"))
    reason = SafeTextField(_("reason for departing from the suggested order"), max_length=2000, blank=True)
    order = models.JSONField(_("suggested order"), default=list)
    weights = models.JSONField(_("weights used"), default=dict)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("allocated by")
    )
    allocated_at = models.DateTimeField(_("allocated at"), default=timezone.now)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("-allocated_at", "-id")
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(entry=models.F("suggested")) | ~models.Q(reason=""),
                name="waiting_allocation_departure_has_reason",
            ),
        )

    def __str__(self) -> str:
        return f"{self.service_id}: {self.entry_id}"

    @property
    def followed_suggestion(self) -> bool:
        return self.entry_id == self.suggested_id
