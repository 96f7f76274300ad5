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
* :class:`NeedProjection` projects a service's users, årsverk and cost from the population by age
  (SSB's projection) and coverage by age; its scenarios (:class:`ProjectionScenario`) adjust it.
* :class:`Citation` is a case's evidence: the figures as the case saw them when it cited them, frozen
  (see :mod:`.citations`), so the saksframlegg reproduces what the decision rested on.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prioritet.accounts.models import MunicipalityQuerySet
from prioritet.core.choices import TextChoices
from prioritet.core.fields import SafeCharField, SafeTextField
from prioritet.core.records import UploadRecord, VersionedRecord


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


#: A period read leniently for ordering: also «2024M9» (a month without its leading zero, as some
#: case systems and spreadsheets write it), which :data:`PERIOD` does not accept for storing.
_PERIOD_ORDER = re.compile(r"^(?P<year>\d{4})(?:K(?P<quarter>[1-4])|M(?P<month>0?[1-9]|1[0-2]))?$")
#: On the same last month, the shorter period comes first: a year's figure closes after its last quarter's.
_KIND_RANK = {PeriodKind.MONTH: 0, PeriodKind.QUARTER: 1, PeriodKind.YEAR: 2}


def period_order(period: str) -> tuple[int, int, int]:
    """A key that sorts periods in time, not as text: «2024M9» before «2024M10», «2024K4» before «2025».

    A period is placed by the month it ends in (a year in December, a quarter in its third month),
    and on the same month a month comes before a quarter and a quarter before a year. Text that is
    no period sorts first, so it never counts as the latest.
    """
    match = _PERIOD_ORDER.match(period.strip().upper()) if period else None
    if match is None:
        return (-1, 0, 0)
    year = int(match["year"])
    if match["month"]:
        return (year, int(match["month"]), _KIND_RANK[PeriodKind.MONTH])
    if match["quarter"]:
        return (year, 3 * int(match["quarter"]), _KIND_RANK[PeriodKind.QUARTER])
    return (year, 12, _KIND_RANK[PeriodKind.YEAR])


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


class IndicatorImport(UploadRecord):
    """One upload of a file of figures (the way of every upload: :class:`UploadRecord`).

    Its tasks are :func:`prioritet.indicators.imports.check_import`, whose preview holds every cell
    that would be saved and what it would create or change, and :func:`prioritet.indicators.imports.run_import`,
    which writes every cell or none. Cancelling deletes the record.
    """

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    #: The indicator chosen for the whole file; empty when the file names each row's («indicator» column).
    definition = models.ForeignKey(
        IndicatorDefinition,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta(UploadRecord.Meta):
        verbose_name = _("import of figures")
        verbose_name_plural = _("imports of figures")


class CitationKind(TextChoices):
    INDICATOR = "indicator", _("Indicator")
    PROJECTION = "projection", _("Projection")


class Citation(models.Model):
    """Figures a case cites as evidence, frozen as they were shown when cited.

    ``snapshot`` holds everything the case page, the saksframlegg and the public page draw (see
    :func:`.citations.snapshot_of`); it is written once and never changed, so refreshed or corrected
    values later leave the case's evidence as the decision saw it. ``definition`` only points at where
    the figures came from, to tell when newer ones exist; the snapshot does not need it.
    """

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="citations", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=12, choices=CitationKind.choices, default=CitationKind.INDICATOR)
    definition = models.ForeignKey(
        IndicatorDefinition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
    )
    #: The figures as shown when cited (definition, regions, periods, values with status symbols, dates).
    snapshot = models.JSONField(_("figures as cited"), default=dict)
    note = SafeTextField(
        _("why this figure matters"),
        max_length=1000,
        blank=True,
        help_text=_("What the figure shows about the need or the service, in a sentence or two."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("cited by")
    )
    created_at = models.DateTimeField(_("cited at"), auto_now_add=True)

    objects = MunicipalityQuerySet.as_manager()
    #: When a figure was cited and removed, and by whom (the case's history shows it).
    history = HistoricalRecords()

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("cited figure")
        verbose_name_plural = _("cited figures")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.snapshot.get('key', self.kind)}"


def as_decimal(value: float | None) -> Decimal | None:
    """A reader's float as a Decimal without binary noise (None stays None)."""
    return None if value is None else Decimal(repr(value))


# Need projections (docs/methods.md §10f) ----------------------------------------------------------


@dataclass(frozen=True)
class AgeGroup:
    """An age group of SSB's population projection: its key in a projection's numbers, the national
    definition whose values give its population, and its name."""

    key: str
    definition_key: str
    label: Promise


#: The age groups a projection uses, in order (SSB's table 14746, summed over single years of age).
AGE_GROUPS: tuple[AgeGroup, ...] = (
    AgeGroup("0-66", "projection_0_66", _("0–66 years")),
    AgeGroup("67-79", "projection_67_79", _("67–79 years")),
    AgeGroup("80-89", "projection_80_89", _("80–89 years")),
    AgeGroup("90+", "projection_90", _("90 years and over")),
)
AGE_GROUP_KEYS = tuple(group.key for group in AGE_GROUPS)
#: The years a projection may cover, and its longest span (the engine's limit).
FIRST_YEAR, LAST_YEAR = 2000, 2100
LONGEST_PROJECTION_YEARS = 40


class AdjustmentKind(TextChoices):
    """What a scenario's adjustment changes (the engine's :class:`~prioritet.engine.AdjustmentKind`)."""

    COVERAGE = "coverage", _("Coverage (percentage points)")
    FTE_PER_USER = "fte_per_user", _("Årsverk per user (per cent)")
    COST_PER_USER = "cost_per_user", _("Cost per user (per cent)")
    COST_GROWTH = "cost_growth", _("Real growth of cost per user (per cent a year)")


def _finite_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def coverage_errors(coverage: object) -> list[str]:
    """What is wrong with a projection's coverage rates ({age group: share 0–1}); empty when nothing."""
    if not isinstance(coverage, dict) or not coverage:
        return [_("Give the coverage of at least one age group.")]
    errors = []
    for key, share in coverage.items():
        if key not in AGE_GROUP_KEYS:
            errors.append(_("«%(key)s» is not an age group of the projection.") % {"key": key})
        elif not (_finite_number(share) and 0 <= share <= 1):
            errors.append(_("A coverage rate is a share from 0 to 1 (30.5 % is 0.305)."))
    return errors


def population_errors(population: object) -> list[str]:
    """What is wrong with entered population figures ({age group: {year: persons}})."""
    if not isinstance(population, dict):
        return [_("The population is a table of persons by age group and year.")]
    for key, years in population.items():
        if key not in AGE_GROUP_KEYS or not isinstance(years, dict):
            return [_("«%(key)s» is not an age group of the projection.") % {"key": key}]
        for year, persons in years.items():
            if not (str(year).isdigit() and _finite_number(persons) and persons >= 0):
                return [_("A population figure is a number of persons, 0 or more, for a year.")]
    return []


def adjustment_errors(adjustments: object) -> list[str]:
    """What is wrong with a scenario's adjustments (a list of {kind, amount, from_year, by_year, groups})."""
    if not isinstance(adjustments, list):
        return [_("The adjustments are a list.")]
    errors = []
    for number, item in enumerate(adjustments, start=1):
        where = {"number": number}
        if not isinstance(item, dict) or item.get("kind") not in AdjustmentKind.values:
            errors.append(_("Adjustment %(number)s: choose what it changes.") % where)
            continue
        amount, groups = item.get("amount"), item.get("groups") or []
        start, stop = item.get("from_year"), item.get("by_year")
        years = [year for year in (start, stop) if year is not None]
        if not (isinstance(amount, (int, float)) and _finite_number(amount) and -1 <= amount <= 1):
            errors.append(_("Adjustment %(number)s: the change is between −100 and 100.") % where)
        if any(not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR for year in years):
            errors.append(_("Adjustment %(number)s: give years between 2000 and 2100.") % where)
        elif start is not None and stop is not None and stop < start:
            errors.append(_("Adjustment %(number)s: the year it is reached cannot come before its first year.") % where)
        if not isinstance(groups, list) or any(group not in AGE_GROUP_KEYS for group in groups):
            errors.append(_("Adjustment %(number)s: choose age groups of the projection.") % where)
        elif groups and item["kind"] != AdjustmentKind.COVERAGE:
            errors.append(_("Adjustment %(number)s: only a change of coverage is for chosen age groups.") % where)
    return errors


class NeedProjection(VersionedRecord):
    """A need projection for one service: coverage by age and the unit figures, from a base year to
    an end year, with today's capacity and budget to compare with.

    The population by age comes from the national projection definitions' values for the
    municipality (:data:`AGE_GROUPS`); ``population`` holds figures entered on the projection, which
    come first (for a year SSB's values lack, or to override them).
    """

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    name = SafeCharField(_("name"), max_length=200)
    service = SafeCharField(_("service"), max_length=200)
    service_area = models.ForeignKey(
        "accounts.ServiceArea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service area"),
    )
    base_year = models.PositiveSmallIntegerField(_("base year"))
    end_year = models.PositiveSmallIntegerField(_("end year"))
    #: {age group key: share 0–1 of the age group that uses the service in the base year}
    coverage = models.JSONField(_("coverage by age group"), default=dict)
    #: {age group key: {"2030": persons}}: figures entered here, before the indicator values.
    population = models.JSONField(_("population entered"), default=dict, blank=True)
    fte_per_user = models.DecimalField(_("årsverk per user"), max_digits=10, decimal_places=4)
    cost_per_user = models.DecimalField(_("cost per user (kr)"), max_digits=14, decimal_places=2)
    capacity_users = models.DecimalField(
        _("today's capacity (places or users)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    capacity_fte = models.DecimalField(_("today's årsverk"), max_digits=12, decimal_places=2, null=True, blank=True)
    budget = models.DecimalField(_("today's budget (kr)"), max_digits=16, decimal_places=2, null=True, blank=True)
    sources = SafeTextField(_("sources and notes"), max_length=2000, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("name", "id")
        verbose_name = _("need projection")
        verbose_name_plural = _("need projections")

    def __str__(self) -> str:
        return self.name

    @property
    def years(self) -> range:
        return range(self.base_year, self.end_year + 1)

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        first, last = self.base_year, self.end_year
        if first is not None and not FIRST_YEAR <= first <= LAST_YEAR:
            errors["base_year"] = [_("Give a year between 2000 and 2100.")]
        if first is not None and last is not None:
            if last <= first:
                errors["end_year"] = [_("The end year comes after the base year.")]
            elif last - first >= LONGEST_PROJECTION_YEARS:
                errors["end_year"] = [
                    _("A projection covers at most %(years)s years.") % {"years": LONGEST_PROJECTION_YEARS}
                ]
        # The numbers per age group are JSON, no form field of their own: their errors are the record's.
        problems = coverage_errors(self.coverage) + population_errors(self.population)
        if problems:
            errors[NON_FIELD_ERRORS] = problems
        for name in ("fte_per_user", "cost_per_user", "capacity_users", "capacity_fte", "budget"):
            amount = getattr(self, name)
            if amount is not None and amount < 0:
                errors[name] = [_("Give a number of 0 or more.")]
        if errors:
            raise ValidationError(errors)


class ProjectionScenario(VersionedRecord):
    """A named set of adjustments to a projection («hverdagsrehabilitering»): each a documented
    formula of the engine (:mod:`prioritet.engine.projection`). The projection itself, without
    adjustments, is the baseline every scenario is shown beside."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    projection = models.ForeignKey(
        NeedProjection, on_delete=models.CASCADE, related_name="scenarios", verbose_name=_("need projection")
    )
    name = SafeCharField(_("name"), max_length=200)
    description = SafeTextField(_("description"), max_length=2000, blank=True)
    #: [{"kind": AdjustmentKind, "amount": share, "from_year": int|None, "by_year": int|None, "groups": [keys]}]
    adjustments = models.JSONField(_("adjustments"), default=list, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("projection", "name", "id")
        verbose_name = _("projection scenario")
        verbose_name_plural = _("projection scenarios")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        problems = adjustment_errors(self.adjustments)
        if problems:
            raise ValidationError(problems)
