"""Indicators (styringsinformasjon): what a figure is, its values per region and period, and targets.

* :class:`IndicatorDefinition` says what a figure is and where it comes from: a table of Statistics
  Norway (SSB) with a content code and a selection, the product's own data, or an import. National
  definitions have no owner and every municipality reads them (the column is ``owner``, not
  ``municipality``, so the table is shared by design and has no row-level security); a municipality
  may add its own.
* :class:`IndicatorValue` is one figure: a definition, a region (the municipality's number, a peer's,
  a KOSTRA group's, a county's or the country's code), a period (``2024``, ``2024K1``, ``2024M01``).
  The value is empty when SSB gives a status symbol instead — ``..``, ``.``, ``:``, ``-``, ``…`` —
  and the symbol is kept, never turned into zero. Values belong to the municipality that holds them.
  A value that knows how many people it describes (``persons``) is hidden as «:» when they are too
  few; every read for display goes through :mod:`.suppression`.
* :class:`IndicatorTarget` is the municipality's target for a definition, for a period or from a year.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from prioritet.accounts.models import MunicipalityQuerySet
from prioritet.core.choices import TextChoices
from prioritet.core.fields import SafeCharField, SafeTextField


class SourceKind(TextChoices):
    SSB = "ssb", _("Statistics Norway (SSB)")
    OWN = "own", _("The product's own data")
    IMPORT = "import", _("Imported file")


class PeriodKind(TextChoices):
    YEAR = "year", _("Year")
    QUARTER = "quarter", _("Quarter")
    MONTH = "month", _("Month")


class Status(TextChoices):
    """SSB's status symbols (standardtegn), kept as they are."""

    NOT_AVAILABLE = "..", _("Not available")
    NOT_APPLICABLE = ".", _("Not applicable")
    SUPPRESSED = ":", _("Hidden for privacy")
    NIL = "-", _("Nil")
    NOT_YET = "…", _("Not yet available")


#: A period as SSB writes it: a year, a quarter or a month.
PERIOD = re.compile(r"^(?P<year>\d{4})(?:K(?P<quarter>[1-4])|M(?P<month>0[1-9]|1[0-2]))?$")
#: A region code: a municipality or county number, «0» for the country, a KOSTRA group (EKG13).
REGION = re.compile(r"^[A-Za-z0-9_-]{1,12}$")


def period_kind(period: str) -> str:
    """The kind of ``period`` (raises ValueError if it is none of SSB's forms)."""
    match = PERIOD.match(period)
    if match is None:
        raise ValueError(period)
    if match["quarter"]:
        return PeriodKind.QUARTER
    if match["month"]:
        return PeriodKind.MONTH
    return PeriodKind.YEAR


class DefinitionQuerySet(models.QuerySet["IndicatorDefinition"]):
    def visible_to(self, municipality: object) -> DefinitionQuerySet:
        """The national definitions and ``municipality``'s own."""
        if municipality is None:
            return self.filter(owner__isnull=True)
        return self.filter(models.Q(owner__isnull=True) | models.Q(owner=municipality))


class IndicatorDefinition(models.Model):
    """What a figure is and where it comes from."""

    owner = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owning municipality"),
        help_text=_("Empty for the national definitions every municipality reads."),
    )
    key = models.SlugField(_("key"), max_length=60)
    name_nb = SafeCharField(_("name (bokmål)"), max_length=200)
    name_nn = SafeCharField(_("name (nynorsk)"), max_length=200)
    name_en = SafeCharField(_("name (English)"), max_length=200)
    description = SafeTextField(_("description"), max_length=2000, blank=True)
    unit = SafeCharField(_("unit"), max_length=40)
    higher_is_better = models.BooleanField(_("higher is better"), null=True, blank=True)
    service_area = models.ForeignKey(
        "accounts.ServiceArea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service area"),
    )
    source = models.CharField(_("source"), max_length=10, choices=SourceKind.choices, default=SourceKind.SSB)
    ssb_table = models.CharField(_("SSB table"), max_length=20, blank=True)
    ssb_content_code = models.CharField(_("SSB content code"), max_length=60, blank=True)
    #: The table's region variable: «Region» in most tables, «KOKkommuneregion0000» in KOSTRA's.
    ssb_region_variable = models.CharField(_("SSB region variable"), max_length=40, default="Region", blank=True)
    #: The rest of the table's selection, {variable: [codes]} (the region and time are added when fetched).
    ssb_selection = models.JSONField(_("SSB selection"), default=dict, blank=True)
    #: False while the table id or content code is a best guess that has to be checked against SSB.
    ssb_confirmed = models.BooleanField(_("table and code confirmed"), default=False)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=1)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    objects = DefinitionQuerySet.as_manager()

    class Meta:
        ordering = ("order", "key")
        verbose_name = _("indicator definition")
        verbose_name_plural = _("indicator definitions")
        constraints = (
            models.UniqueConstraint(fields=("owner", "key"), name="indicator_definition_owner_key"),
            models.UniqueConstraint(
                fields=("key",), condition=models.Q(owner__isnull=True), name="indicator_definition_national_key"
            ),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (nynorsk, English, else bokmål)."""
        language = (get_language() or "nb")[:2]
        return {"nn": self.name_nn, "en": self.name_en}.get(language) or self.name_nb

    @property
    def is_national(self) -> bool:
        return self.owner_id is None


class IndicatorValue(models.Model):
    """One figure: a definition's value for a region and period (or the status symbol instead)."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    definition = models.ForeignKey(
        IndicatorDefinition, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator")
    )
    region = models.CharField(_("region code"), max_length=12)
    period = models.CharField(_("period"), max_length=7)
    period_kind = models.CharField(_("kind of period"), max_length=10, choices=PeriodKind.choices)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6, null=True, blank=True)
    status = models.CharField(_("status symbol"), max_length=2, choices=Status.choices, blank=True)
    #: How many people the figure describes, when known: below ``INDICATORS_SUPPRESS_BELOW`` the
    #: figure is shown as «:» (see :mod:`.suppression`, the only way values are read for display).
    persons = models.PositiveIntegerField(
        _("persons"),
        null=True,
        blank=True,
        help_text=_("How many people the figure describes, when known; too few and it is shown as «:»."),
    )
    #: Made-up figures (the demo municipality's), labelled so wherever they are shown.
    demo = models.BooleanField(_("made-up demo figure"), default=False)
    source = models.CharField(_("source"), max_length=10, choices=SourceKind.choices, default=SourceKind.SSB)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("definition", "region", "period")
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        constraints = (
            models.UniqueConstraint(
                fields=("municipality", "definition", "region", "period"), name="indicator_value_unique"
            ),
        )
        indexes = (models.Index(fields=("municipality", "definition", "period"), name="indicator_value_series"),)

    def __str__(self) -> str:
        shown = self.status if self.value is None else str(self.value)
        return f"{self.definition_id} {self.region} {self.period}: {shown}"

    def clean(self) -> None:
        if not REGION.match(self.region or ""):
            raise ValidationError({"region": _("A region code is up to 12 letters and digits.")})
        try:
            self.period_kind = period_kind(self.period or "")
        except ValueError:
            raise ValidationError(
                {"period": _("A period is a year (2024), a quarter (2024K1) or a month (2024M01).")}
            ) from None


class IndicatorTarget(models.Model):
    """The municipality's target for an indicator: for one period, or from a year on."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    definition = models.ForeignKey(
        IndicatorDefinition, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    period = models.CharField(_("period"), max_length=7, blank=True)
    from_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    value = models.DecimalField(_("target value"), max_digits=20, decimal_places=6)
    note = SafeCharField(_("note"), max_length=300, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("definition", "from_year", "period")
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        constraints = (
            models.CheckConstraint(
                condition=(models.Q(period="") & models.Q(from_year__isnull=False))
                | (~models.Q(period="") & models.Q(from_year__isnull=True)),
                name="indicator_target_period_or_from_year",
            ),
        )

    def __str__(self) -> str:
        return f"{self.definition_id}: {self.value}"

    def applies_to(self, period: str) -> bool:
        if self.period:
            return self.period == period
        return self.from_year is not None and int(period[:4]) >= self.from_year


class PeerGroup(models.Model):
    """Whom the municipality compares itself with: its KOSTRA group and chosen peers (region codes)."""

    municipality = models.OneToOneField(
        "accounts.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    kostra_group = models.CharField(_("KOSTRA group"), max_length=12, blank=True)
    peers = models.JSONField(_("peer municipalities"), default=list, blank=True)
    #: The SSB definitions refreshed for this municipality (keys); empty: every national SSB definition.
    followed = models.JSONField(_("followed indicators"), default=list, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("comparison group")
        verbose_name_plural = _("comparison groups")

    def __str__(self) -> str:
        return self.kostra_group or "-"

    def regions(self, own: str) -> list[str]:
        """The municipality's own code, its peers', the KOSTRA group's, in that order, without repeats."""
        codes = [own, *[str(code) for code in self.peers], *([self.kostra_group] if self.kostra_group else [])]
        return list(dict.fromkeys(codes))


def as_decimal(value: float | None) -> Decimal | None:
    """A reader's float as a Decimal without binary noise (None stays None)."""
    return None if value is None else Decimal(repr(value))
