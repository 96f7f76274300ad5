"""Evidence for a case: mini-HTAs of its measures and Evidence-to-Decision panels.

A mini-metodevurdering (mini-HTA) follows the structure of the national template (Folkehelseinstituttet,
the national database for mini-HTAs): the question (PICO), effect and safety, the certainty of the
evidence, costs, organisational consequences, and ethical, legal and user perspectives. See
docs/methods.md for the sources.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from prioritet.core.choices import TextChoices
from prioritet.core.fields import SafeTextField
from prioritet.core.records import VersionedRecord

from .grade import ALL_OPTIONS, CRITERIA, Certainty, DecisionType


class Status(TextChoices):
    DRAFT = "draft", _("Draft")
    COMPLETED = "completed", _("Completed")


def _text(label, help_text=""):
    return SafeTextField(label, blank=True, help_text=help_text)


class MiniHta(VersionedRecord):
    """A mini-metodevurdering of one measure (an alternative of a case)."""

    alternative = models.OneToOneField(
        "cases.Alternative", on_delete=models.PROTECT, related_name="mini_hta", verbose_name=_("measure")
    )
    population = _text(
        pgettext_lazy("PICO", "population"),
        _("Who is the measure for? The group of service recipients and their need."),
    )
    intervention = _text(_("intervention"), _("The measure that is assessed."))
    comparison = _text(_("comparison"), _("What the measure is compared with, often today's practice."))
    outcomes = _text(_("outcomes"), _("Which outcomes matter, e.g. function, coping, quality of life, admissions."))
    literature = _text(
        _("literature search and references"),
        _("Where and how you searched, and the studies, reviews or guidelines you found."),
    )
    effect = _text(_("effect"), _("What the evidence says about the effect on the outcomes."))
    safety = _text(_("safety"), _("Risks, side effects or adverse events for service recipients and staff."))
    certainty = models.CharField(_("certainty of the evidence"), max_length=10, choices=Certainty.choices, blank=True)
    certainty_rationale = _text(
        _("reasons for the certainty"),
        _("GRADE: risk of bias, inconsistency, indirectness, imprecision, publication bias."),
    )
    costs = _text(
        _("costs and resource consequences"), _("Costs, savings and resources such as staff, time and premises.")
    )
    organisation = _text(
        _("organisational consequences"), _("Staffing, skills, cooperation, premises and the services around it.")
    )
    ethics = _text(_("ethical aspects"))
    legal = _text(_("legal aspects"))
    user_perspective = _text(_("user perspective"), _("Service recipients', relatives' and user councils' views."))
    conclusion = _text(_("conclusion"))
    authors = SafeTextField(_("authors"), blank=True, help_text=_("By role, e.g. «physiotherapist, service leader»."))
    assessed_on = models.DateField(_("date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("mini health technology assessment")
        verbose_name_plural = _("mini health technology assessments")

    def __str__(self) -> str:
        return str(self.alternative)

    @property
    def is_completed(self) -> bool:
        return self.status == Status.COMPLETED


class EvidenceToDecision(VersionedRecord):
    """A GRADE Evidence-to-Decision panel for a service or political case: an option against a comparison."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="etd_panels", verbose_name=_("case"))
    option = models.ForeignKey(
        "cases.Alternative", on_delete=models.PROTECT, related_name="+", verbose_name=_("option")
    )
    comparison = models.ForeignKey(
        "cases.Alternative", on_delete=models.PROTECT, related_name="+", verbose_name=_("comparison")
    )
    question = _text(
        _("the question"), _("The problem, the population, the setting and whose perspective the panel takes.")
    )
    decision_type = models.CharField(_("type of decision"), max_length=20, choices=DecisionType.choices, blank=True)
    justification = _text(_("justification"))
    implementation = _text(_("implementation considerations"))
    monitoring = _text(_("monitoring and evaluation"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ("case", "-created_at", "-id")
        verbose_name = _("evidence-to-decision panel")
        verbose_name_plural = _("evidence-to-decision panels")

    def __str__(self) -> str:
        return f"{self.option} / {self.comparison}"

    @property
    def is_completed(self) -> bool:
        return self.status == Status.COMPLETED


class EtdJudgement(models.Model):
    """The panel's judgement on one GRADE EtD criterion, with the evidence and considerations behind it."""

    panel = models.ForeignKey(
        EvidenceToDecision, on_delete=models.CASCADE, related_name="judgements", verbose_name=_("panel")
    )
    criterion = models.CharField(_("criterion"), max_length=30, choices=[(c.key, c.title) for c in CRITERIA])
    judgement = models.CharField(_("judgement"), max_length=40, blank=True, choices=ALL_OPTIONS)
    research_evidence = _text(_("research evidence"))
    additional_considerations = _text(_("additional considerations"))

    history = HistoricalRecords()

    class Meta:
        ordering = ("panel", "id")
        verbose_name = _("EtD judgement")
        verbose_name_plural = _("EtD judgements")
        constraints = (models.UniqueConstraint(fields=("panel", "criterion"), name="etd_one_judgement_per_criterion"),)

    def __str__(self) -> str:
        return f"{self.panel}: {self.criterion}"
