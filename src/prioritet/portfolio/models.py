"""Portfolios (tiltakspakker): the measures a service or the municipality considers, their budget,
and the scenarios people compare.

One :class:`Portfolio` per service-level or political-level :class:`~prioritet.cases.models.Case`.
Its :class:`Measure` rows (tiltak) are what the engine's :class:`~prioritet.engine.Measures` is built
from (:func:`prioritet.portfolio.selectors.engine_measures`, the only conversion). Amounts are kept
per :class:`ResourceColumn` of the municipality (``cost_nok`` NOK per year and ``fte`` full-time
equivalents by default), and the :class:`Budget` limits some of them.

Every model keeps its history (django-simple-history). Nothing is deleted by normal users: measures
and scenarios are archived. ``Measure`` and ``Scenario`` carry a ``version`` for optimistic
concurrency; see :mod:`prioritet.portfolio.services`.
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from simple_history.models import HistoricalRecords

from prioritet.accounts.models import MunicipalityQuerySet
from prioritet.core.choices import TextChoices
from prioritet.core.columns import column_title
from prioritet.core.fields import SafeCharField, SafeTextField
from prioritet.core.localised import in_reader_language
from prioritet.core.records import TaskRecord, UploadRecord, VersionedRecord

SCORE = [MinValueValidator(1), MaxValueValidator(5)]
NON_NEGATIVE = [MinValueValidator(Decimal(0))]

#: Amounts: up to 14 digits before the decimal comma and 6 after (NOK, FTEs, hours).
AMOUNT_DIGITS = 20
AMOUNT_DECIMALS = 6

#: A resource column's key is what files and the engine call it: ``cost_nok``, ``fte``, ``timer``.
KEY_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_]*$",
    _("Use lower-case letters a–z, digits and underscores, starting with a letter (for example cost_nok)."),
)


#: The resource columns every municipality starts with, as (key, label, unit) msgids: NOK per year and
#: full-time equivalents. Stored in the language of the request that made them, shown in the reader's
#: (:meth:`ResourceColumn.from_db`) until someone renames them.
DEFAULT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("cost_nok", gettext_noop("Cost"), gettext_noop("NOK per year")),
    ("fte", gettext_noop("FTEs"), gettext_noop("full-time equivalents")),
)
_DEFAULT_WORDS = {key: (label, unit) for key, label, unit in DEFAULT_COLUMNS}


class ResourceColumn(models.Model):
    """A resource the municipality counts measures in (NOK per year, FTEs, …): one column of amounts."""

    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        related_name="resource_columns",
        verbose_name=_("municipality"),
    )
    key = models.CharField(
        _("key"),
        max_length=40,
        validators=[KEY_VALIDATOR],
        help_text=_("The column's name in files and exports, for example cost_nok. It cannot be changed later."),
    )
    label = SafeCharField(_("label"), max_length=80)
    unit = SafeCharField(_("unit"), max_length=40, blank=True, help_text=_("For example «kr per år» or «årsverk»."))
    #: The municipality's amount bands for the resource score: four ascending upper limits, in the
    #: column's unit, of the scores 1 to 4 (above the last: 5); empty when the column has none.
    #: See :func:`prioritet.portfolio.bands.derived_resources`.
    bands = models.JSONField(
        _("resource score bands"),
        default=list,
        blank=True,
        help_text=_(
            "Four ascending amounts: the most a measure may use of this resource to score 1, 2, 3 and 4 on "
            "resources; above the last it scores 5. Leave empty for no bands."
        ),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("municipality", "position", "id")
        verbose_name = _("resource column")
        verbose_name_plural = _("resource columns")
        constraints = (
            models.UniqueConstraint(
                fields=("municipality", "key"),
                name="portfolio_resourcecolumn_unique_key",
                violation_error_message=_("The municipality already has a resource column with this key."),
            ),
        )

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[object], **kwargs: Any
    ) -> ResourceColumn:
        """A default column's label and unit in the reader's language while they are the system's words."""
        column = super().from_db(db, field_names, values, **kwargs)
        loaded = column.__dict__
        words = _DEFAULT_WORDS.get(loaded.get("key", ""))
        if words is not None:
            if "label" in loaded:
                column.label = in_reader_language(column.label, words[0])
            if "unit" in loaded:
                column.unit = in_reader_language(column.unit, words[1])
        return column

    def __str__(self) -> str:
        """«Kostnad (kr per år)»; just «Årsverk» when the unit only repeats the label."""
        return column_title(self.label, self.unit)


class Portfolio(models.Model):
    """The measures considered in one service-level or political-level case, and their budget."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="portfolios", verbose_name=_("municipality")
    )
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="portfolio", verbose_name=_("case")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("portfolio")
        verbose_name_plural = _("portfolios")

    def __str__(self) -> str:
        return str(self.case)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("portfolio:detail", args=[self.pk])


class MeasureKind(TextChoices):
    NEW = "new", _("New")
    CHANGED = "changed", _("Changed")
    CONTINUED = "continued", _("Continued")
    ENDED = "ended", _("Ended")


class Measure(VersionedRecord):
    """A measure (tiltak) of a portfolio, assessed 1–5 on benefit, severity and resources.

    ``mandatory`` marks the legal minimum (forsvarlighet): such a measure is always in every
    portfolio and scenario, and ``legal_basis`` says which law or duty requires it. ``group`` names
    mutually exclusive alternatives (levels of the same service); ``requires`` another measure of
    the same portfolio that must be in too. ``position`` keeps the order of the file it came from,
    so the engine sees the measures in the same order as the command line does.
    """

    portfolio = models.ForeignKey(Portfolio, on_delete=models.PROTECT, related_name="measures")
    code = SafeCharField(
        _("id"),
        max_length=60,
        help_text=_(
            "A short identifier, unique in the portfolio, as in the measures file (for example dagaktivitet-4)."
        ),
    )
    name = SafeCharField(_("name"), max_length=200)
    description = SafeTextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=MeasureKind.choices, default=MeasureKind.NEW)
    benefit = models.PositiveSmallIntegerField(_("benefit"), validators=SCORE)
    severity = models.PositiveSmallIntegerField(_("severity"), validators=SCORE)
    resources = models.PositiveSmallIntegerField(_("resources"), validators=SCORE)
    mandatory = models.BooleanField(
        _("mandatory (legal minimum)"),
        default=False,
        help_text=_("Required to keep the services legally adequate (forsvarlige). Always selected."),
    )
    legal_basis = SafeTextField(
        _("legal basis"),
        blank=True,
        help_text=_("Required for a mandatory measure: the law or duty that requires it."),
    )
    group = SafeCharField(
        _("exclusive group"),
        max_length=60,
        blank=True,
        help_text=_("Measures with the same group exclude each other, for example levels of the same service."),
    )
    requires = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="required_by",
        verbose_name=_("requires"),
        help_text=_("Another measure of the portfolio that must be selected for this one to be."),
    )
    affected = SafeTextField(_("who is affected"), blank=True)
    consequence = SafeTextField(
        _("consequence if left out"),
        blank=True,
        help_text=_("What happens if the measure is not started, is postponed or is ended?"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    archived = models.BooleanField(_("archived"), default=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ("portfolio", "position", "id")
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = (
            models.UniqueConstraint(
                fields=("portfolio", "code"),
                name="portfolio_measure_unique_code",
                violation_error_message=_("The portfolio already has a measure with this id."),
            ),
            models.CheckConstraint(
                condition=models.Q(benefit__gte=1, benefit__lte=5)
                & models.Q(severity__gte=1, severity__lte=5)
                & models.Q(resources__gte=1, resources__lte=5),
                name="portfolio_measure_scores_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(mandatory=False) | ~models.Q(legal_basis=""),
                name="portfolio_measure_mandatory_has_legal_basis",
                violation_error_message=_("A mandatory measure needs its legal basis."),
            ),
        )
        indexes = (models.Index(fields=["portfolio", "archived", "position"], name="measure_portfolio_order"),)

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class MeasureAmount(models.Model):
    """How much of one resource column a measure uses. A missing row means none (0)."""

    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="amounts")
    column = models.ForeignKey(ResourceColumn, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(
        _("amount"), max_digits=AMOUNT_DIGITS, decimal_places=AMOUNT_DECIMALS, validators=NON_NEGATIVE
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ("measure", "column__position", "column_id")
        verbose_name = _("amount")
        verbose_name_plural = _("amounts")
        constraints = (
            models.UniqueConstraint(fields=("measure", "column"), name="portfolio_measureamount_unique"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="portfolio_measureamount_non_negative"),
        )


class Budget(models.Model):
    """The portfolio's budget for one resource column; ``amount`` empty means no limit on it."""

    portfolio = models.ForeignKey(Portfolio, on_delete=models.PROTECT, related_name="budgets")
    column = models.ForeignKey(ResourceColumn, on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(
        _("budget"),
        max_digits=AMOUNT_DIGITS,
        decimal_places=AMOUNT_DECIMALS,
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ("portfolio", "column__position", "column_id")
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = (
            models.UniqueConstraint(fields=("portfolio", "column"), name="portfolio_budget_unique"),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount__gte=0), name="portfolio_budget_non_negative"
            ),
        )


class ScenarioKind(TextChoices):
    PROPOSAL = "proposal", _("Administration's proposal")
    OPTIMAL = "optimal", _("Optimal")
    POLITICAL = "political", _("Political alternative")


class Scenario(VersionedRecord):
    """A named selection of measures, with the budget it was made for, to compare and decide on.

    ``budget`` is a snapshot {resource key: amount as text, or None for no limit}, so a scenario
    keeps the frame it was made for when the portfolio's budget changes later.
    """

    portfolio = models.ForeignKey(Portfolio, on_delete=models.PROTECT, related_name="scenarios")
    name = SafeCharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=ScenarioKind.choices, default=ScenarioKind.PROPOSAL)
    measures = models.ManyToManyField(
        Measure, related_name="scenarios", blank=True, verbose_name=_("selected measures")
    )
    budget = models.JSONField(_("budget"), default=dict, blank=True)
    note = SafeTextField(_("note"), blank=True)
    archived = models.BooleanField(_("archived"), default=False)
    #: The case's alternative this scenario is: the decision of a case with a portfolio is the choice of
    #: a scenario (docs/architecture.md, «One truth between a case and its budget»).
    alternative = models.OneToOneField(
        "cases.Alternative",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scenario",
        verbose_name=_("the case's alternative"),
    )

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[measures])

    class Meta:
        ordering = ("portfolio", "created_at", "id")
        verbose_name = _("scenario")
        verbose_name_plural = _("scenarios")

    def __str__(self) -> str:
        return self.name


class MeasureImport(UploadRecord):
    """One upload of a measures file into a portfolio (the way of every upload: :class:`UploadRecord`).

    Its tasks are :func:`prioritet.portfolio.tasks.check_measure_import` and
    :func:`prioritet.portfolio.tasks.run_measure_import`; the save empties the stored check, since the
    measures and their history keep what it said.
    """

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.PROTECT, related_name="imports", verbose_name=_("portfolio")
    )
    #: What the user decided on the preview: {"create_columns": [...], "legal_bases": {"row": "text"}}.
    choices = models.JSONField(_("choices"), default=dict)

    objects = MunicipalityQuerySet.as_manager()

    class Meta(UploadRecord.Meta):
        verbose_name = _("measure import")
        verbose_name_plural = _("measure imports")


class RobustnessAnalysis(TaskRecord):
    """One robustness analysis of a portfolio's data, computed once by a background task.

    The analysis takes minutes for a large portfolio. Its inputs' fingerprint is unique per
    portfolio, so every web worker that asks for the same analysis finds this row (queued, running
    or done) instead of starting the computation again (:func:`prioritet.portfolio.analysis.robustness`).
    """

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.CASCADE, related_name="robustness_analyses", verbose_name=_("portfolio")
    )
    #: :meth:`prioritet.portfolio.conversion.PortfolioData.key` of the measures, budget, samples and seed.
    fingerprint = models.CharField(_("inputs fingerprint"), max_length=64)
    #: {"core": {code: index}, "samples": n, "seed": n, "solves": n, "problems": [...]} once finished.
    result = models.JSONField(_("result"), default=dict)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("robustness analysis")
        verbose_name_plural = _("robustness analyses")
        constraints = (
            models.UniqueConstraint(fields=["portfolio", "fingerprint"], name="portfolio_robustness_one_per_inputs"),
        )

    def __str__(self) -> str:
        return f"{self.portfolio} ({self.get_status_display()})"


class AnalysisKind(TextChoices):
    FRONTIER = "frontier", _("budget levels")
    OPTIMUM = "optimum", _("optimum at the budget")


class FrontierAnalysis(TaskRecord):
    """The budget levels of one resource column, or the optimum at the exact budget, of a large
    portfolio's data and weights: computed once by a background task and stored (issue 16 §3).

    The fingerprint names what the numbers depend on (the measures, the weights, the other columns'
    budgets, and for the optimum the budget itself), so every web worker reading the same data finds
    this row, and a change of the data or the weights makes a new one. A budget change of the
    slider's column leaves its levels stored: the page shows the nearest level at once and the
    optimum at the exact budget when its own row is done
    (:func:`prioritet.portfolio.analysis.stored_frontier`).
    """

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.CASCADE, related_name="frontier_analyses", verbose_name=_("portfolio")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AnalysisKind.choices)
    #: The resource column of the budget levels (empty for the optimum).
    column = models.CharField(_("column"), max_length=40, blank=True)
    #: :meth:`prioritet.portfolio.conversion.PortfolioData.key` of everything the result depends on.
    fingerprint = models.CharField(_("inputs fingerprint"), max_length=64)
    #: The language the result's problems are worded in (that of the request that queued it).
    language = models.CharField(_("language"), max_length=10, blank=True)
    #: The levels ({"start", "stop", "fixed", "steps": [...]}) or the optimum, and any problems.
    result = models.JSONField(_("result"), default=dict, blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("budget level analysis")
        verbose_name_plural = _("budget level analyses")
        constraints = (
            models.UniqueConstraint(fields=["portfolio", "fingerprint"], name="portfolio_frontier_one_per_inputs"),
        )

    def __str__(self) -> str:
        return f"{self.portfolio} {self.kind} {self.column} ({self.get_status_display()})"
