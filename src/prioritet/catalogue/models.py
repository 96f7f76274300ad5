"""The measures catalogue: the municipality's services and measures, described once and reused.

A municipal administrator keeps the catalogue (name, description, kind, service area and the typical
resources per resource column); caseworkers and leaders read it and take an entry into a case as an
alternative, or into a portfolio as a measure, where it is a copy that the case then owns.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prioritet.accounts.models import MunicipalityQuerySet
from prioritet.core.choices import TextChoices
from prioritet.core.fields import SafeCharField, SafeTextField
from prioritet.core.records import VersionedRecord


class EntryKind(TextChoices):
    SERVICE = "service", _("Service")
    MEASURE = "measure", _("Measure")


class CatalogueEntry(VersionedRecord):
    """One service or measure of the municipality's catalogue."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    service_area = models.ForeignKey(
        "accounts.ServiceArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service area"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=EntryKind.choices, default=EntryKind.MEASURE)
    name = SafeCharField(_("name"), max_length=200)
    description = SafeTextField(_("description"), blank=True, max_length=4000)
    #: The typical yearly resources, {resource column key: amount as text}: copied into a portfolio measure.
    resources = models.JSONField(_("typical resources"), default=dict, blank=True)
    archived = models.BooleanField(_("archived"), default=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("municipality", "name", "id")
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")
        constraints = (
            models.UniqueConstraint(
                fields=("municipality", "name"),
                name="catalogue_entry_unique_name",
                violation_error_message=_("The catalogue already has an entry with this name."),
            ),
        )

    def __str__(self) -> str:
        return self.name
