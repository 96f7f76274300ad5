"""The økonomiplan of a case: its measures with yearly amounts, the yearly frames, the
administration's proposal and the computed optimal plan.

A political or service case becomes an økonomiplan case when an :class:`EconomyPlan` is made for
it: the plan period (first and last year, four years as a rule), the frames (rammer) per budget
column and year, and its :class:`PlanMeasure` rows. The measures hold what the engine's plan model
needs (:class:`prioritet.engine.PlanMeasures`): the scores, mandatory/group/requires as in a
portfolio, the earliest start year, and per column the running amount and the start year's amount
(establishment; negative amounts are savings). ``proposed_start`` is the kommunedirektør's proposal:
the year the administration proposes the measure starts (empty: not in the proposal). The optimum
is computed by a task (:class:`PlanOptimisation`), never in a request, and kept for every worker.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prioritet.accounts.models import MunicipalityQuerySet
from prioritet.core.choices import TextChoices
from prioritet.core.fields import SafeCharField, SafeTextField, step_taken_by
from prioritet.core.records import TaskRecord, UploadRecord, VersionedRecord

#: The years a plan may name: a plan is about the present, not the distant past or future.
YEAR = [MinValueValidator(2000), MaxValueValidator(2100)]
SCORE = [MinValueValidator(1), MaxValueValidator(5)]
#: Most years of a plan period (the engine's MAX_YEARS is larger; an økonomiplan is four).
MAX_PERIOD = 10


class EconomyPlan(VersionedRecord):
    """The økonomiplan of one case: the plan period and the yearly frames per budget column."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="economy_plan", verbose_name=_("case")
    )
    first_year = models.PositiveSmallIntegerField(_("first year"), validators=YEAR)
    last_year = models.PositiveSmallIntegerField(_("last year"), validators=YEAR)
    #: Budget column → one frame (ramme) per year of the period, in order (kroner, FTEs, …).
    frames = models.JSONField(_("frames"), default=dict, blank=True)

    objects = MunicipalityQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("economic plan")
        verbose_name_plural = _("economic plans")

    def __str__(self) -> str:
        return f"{self.first_year}–{self.last_year}"

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first_year, self.last_year + 1))

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.first_year and self.last_year:
            if self.last_year < self.first_year:
                raise ValidationError({"last_year": _("The last year cannot come before the first year.")})
            if self.last_year - self.first_year + 1 > MAX_PERIOD:
                raise ValidationError(
                    {"last_year": _("A plan period has at most %(most)s years.") % {"most": MAX_PERIOD}}
                )


class PlanMeasure(VersionedRecord):
    """A measure of the plan, with its yearly amounts per budget column."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    plan = models.ForeignKey(EconomyPlan, on_delete=models.CASCADE, related_name="measures", verbose_name=_("plan"))
    code = models.CharField(_("id"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    benefit = models.PositiveSmallIntegerField(_("benefit"), validators=SCORE)
    severity = models.PositiveSmallIntegerField(_("severity"), validators=SCORE)
    resources = models.PositiveSmallIntegerField(_("resources"), validators=SCORE)
    mandatory = models.BooleanField(_("mandatory"), default=False)
    group = models.CharField(_("exclusive group"), max_length=60, blank=True)
    #: The id (code) of the measure this one requires, or empty.
    requires = models.CharField(_("requires"), max_length=60, blank=True)
    earliest = models.PositiveSmallIntegerField(_("earliest start"), null=True, blank=True, validators=YEAR)
    #: Column → running amount (each year after the start; negative: a saving).
    running = models.JSONField(_("running amounts"), default=dict)
    #: Column → the amount in the start year (establishment); the running amount when not given.
    first = models.JSONField(_("start-year amounts"), default=dict)
    #: The kommunedirektør's proposal: the year the measure starts, or empty when it is left out.
    proposed_start = models.PositiveSmallIntegerField(_("proposed start"), null=True, blank=True, validators=YEAR)
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = MunicipalityQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ("position", "id")
        verbose_name = _("plan measure")
        verbose_name_plural = _("plan measures")
        constraints = (models.UniqueConstraint(fields=("plan", "code"), name="budgetplan_measure_code"),)

    def __str__(self) -> str:
        return str(self.name)

    def first_amount(self, column: str) -> float:
        return float(self.first.get(column, self.running.get(column, 0.0)))

    def amount_in(self, column: str, year: int, start: int | None) -> float:
        """What the measure takes of ``column`` in ``year`` when it starts in ``start`` (None: never)."""
        if start is None or year < start:
            return 0.0
        return self.first_amount(column) if year == start else float(self.running.get(column, 0.0))


class ImportKind(models.TextChoices):
    """What a plan file holds: the measures (``prioritet plan``'s format) or the yearly frames."""

    MEASURES = "measures", _("measures")
    FRAMES = "frames", _("frames")


class PlanImport(UploadRecord):
    """An upload of the plan's measures (CSV/XLSX in ``prioritet plan``'s format) or of its yearly
    frames per budget column: checked, previewed, confirmed, then saved by a task; saving replaces
    the plan's measures with the file's, or the frames of the columns the file names."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    plan = models.ForeignKey(EconomyPlan, on_delete=models.CASCADE, related_name="imports", verbose_name=_("plan"))
    kind = models.CharField(_("kind"), max_length=10, choices=ImportKind.choices, default=ImportKind.MEASURES)

    objects = MunicipalityQuerySet.as_manager()

    class Meta(UploadRecord.Meta):
        verbose_name = _("import of plan measures")
        verbose_name_plural = _("imports of plan measures")


class PlanOptimisation(TaskRecord):
    """The optimal plan for the plan's measures and frames as they were (``fingerprint``), computed
    by a task and kept, so every worker shows the same result."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    plan = models.ForeignKey(
        EconomyPlan, on_delete=models.CASCADE, related_name="optimisations", verbose_name=_("plan")
    )
    fingerprint = models.CharField(_("inputs fingerprint"), max_length=64)
    #: years, value, optimal, start (code → year), used and budget (column → per year), weights.
    result = models.JSONField(_("result"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("plan optimisation")
        verbose_name_plural = _("plan optimisations")

    def __str__(self) -> str:
        return f"{self.plan} {self.status}"

    @property
    def waiting(self) -> bool:
        return not self.finished

    def start_year(self, code: str) -> Any:
        return self.result.get("start", {}).get(code)


class PartyGroup(models.Model):
    """A party group (partigruppe) of the municipal council, kept by the municipal administrator;
    its politicians build the group's alternative budgets."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=120)
    members = models.ManyToManyField(
        "accounts.User", related_name="party_groups", blank=True, verbose_name=_("members")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("name", "id")
        verbose_name = _("party group")
        verbose_name_plural = _("party groups")
        constraints = (models.UniqueConstraint(fields=("municipality", "name"), name="budgetplan_party_name"),)

    def __str__(self) -> str:
        return str(self.name)


class PlanAlternative(VersionedRecord):
    """A party group's alternative budget: the proposal with measures moved in or out or to another
    start year. It can be submitted only when it balances in every year and keeps every mandatory
    measure (kommuneloven § 14-4); a submitted alternative is not changed any more."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    plan = models.ForeignKey(EconomyPlan, on_delete=models.CASCADE, related_name="alternatives", verbose_name=_("plan"))
    party_group = models.ForeignKey(
        PartyGroup, on_delete=models.PROTECT, related_name="alternatives", verbose_name=_("party group")
    )
    name = models.CharField(_("name"), max_length=200)
    #: Measure code → start year; a measure not named is left out.
    starts = models.JSONField(_("start years"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    objects = MunicipalityQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ("created_at", "id")
        verbose_name = _("alternative budget")
        verbose_name_plural = _("alternative budgets")

    def __str__(self) -> str:
        return str(self.name)

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class PlanInnstilling(VersionedRecord):
    """The formannskap's innstilling (recommendation) to the økonomiplan: the administration's proposal
    or a submitted alternative, the council's meeting date, and when it went out on the public page.

    Kommuneloven § 14-3 asks that the innstilling is public at least 14 days before the council
    meets (:mod:`.notice`). ``snapshot`` is the year-by-year table as it was published, so the
    public page shows what went out even if the plan is changed afterwards.
    """

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    plan = models.OneToOneField(
        EconomyPlan, on_delete=models.CASCADE, related_name="innstilling", verbose_name=_("plan")
    )
    #: The recommended alternative budget (a submitted one); empty: the administration's proposal.
    alternative = models.ForeignKey(
        PlanAlternative,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recommended alternative"),
    )
    text = models.TextField(_("the innstilling's text"), max_length=4000, blank=True)
    meeting_date = models.DateField(_("the council's meeting date"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = step_taken_by(_("published by"))
    #: What the public page shows: title, years, recommended, rows (measure, start, amounts), totals, left out.
    snapshot = models.JSONField(_("published content"), default=dict, blank=True)

    objects = MunicipalityQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("innstilling to the economic plan")
        verbose_name_plural = _("innstillinger to the economic plan")

    def __str__(self) -> str:
        return f"{self.plan} {self.meeting_date or ''}"

    @property
    def published(self) -> bool:
        return self.published_at is not None


class QuestionStatus(TextChoices):
    """Where a budget question stands: asked → assigned (someone answers it by a date) → answered →
    approved (by a leader or the municipal director); an approved answer may then be published."""

    ASKED = "asked", _("asked, not assigned")
    ASSIGNED = "assigned", _("assigned, being answered")
    ANSWERED = "answered", _("answered, awaiting approval")
    APPROVED = "approved", _("approved")


#: Longest question and answer (a budget question is a paragraph; an answer may need a page).
QUESTION_MAX = 4_000
ANSWER_MAX = 10_000


class BudgetQuestion(VersionedRecord):
    """A budget question (budsjettspørsmål): a politician's question on the økonomiplan, which the
    administration assigns to someone who answers it by a due date; a leader or the municipal
    director approves the answer, and an approved answer can be published on the public pages.

    ``created_by`` is the politician who asked; ``number`` runs per plan (question 1, 2, …), as the
    council's lists of budget questions are numbered. Each step keeps who took it and when.
    """

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    plan = models.ForeignKey(EconomyPlan, on_delete=models.CASCADE, related_name="questions", verbose_name=_("plan"))
    number = models.PositiveIntegerField(_("number"))
    #: The party group the politician asks for, if any.
    party_group = models.ForeignKey(
        PartyGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("party group"),
    )
    title = SafeCharField(_("title"))
    question = SafeTextField(_("question"), max_length=QUESTION_MAX)
    status = models.CharField(_("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.ASKED)
    assignee = step_taken_by(_("answered by (assigned)"))
    due_date = models.DateField(_("answer due"), null=True, blank=True)
    assigned_by = step_taken_by(_("assigned by"))
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    answer = SafeTextField(_("answer"), max_length=ANSWER_MAX, blank=True)
    answered_by = step_taken_by(_("answered by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    approved_by = step_taken_by(_("approved by"))
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_by = step_taken_by(_("published by"))
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = MunicipalityQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ("number", "id")
        verbose_name = _("budget question")
        verbose_name_plural = _("budget questions")
        constraints = (models.UniqueConstraint(fields=("plan", "number"), name="budgetplan_question_number"),)

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def published(self) -> bool:
        return self.published_at is not None

    def is_overdue(self, today: Any) -> bool:
        """Not answered by its due date: the answer is late (an answered question is not)."""
        return (
            self.due_date is not None
            and self.due_date < today
            and self.status in (QuestionStatus.ASKED, QuestionStatus.ASSIGNED)
        )
