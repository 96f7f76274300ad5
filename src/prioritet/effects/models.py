"""Carrying out a decision and evaluating it: who carries it out from when, and the expected effects.

The guideline's cycle does not end with the vedtak: the decision is carried out (utføre), its
expected effects are measured against what was expected (evaluere), and the municipality learns
from it (følge opp). Each expected effect has an indicator, a baseline, a target and a date; once
that date comes, the realised value is recorded with a judgment (achieved, partly, not) and what
was learnt.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prioritet.core.choices import TextChoices
from prioritet.core.fields import SafeCharField, SafeTextField
from prioritet.core.records import VersionedRecord
from prioritet.indicators.models import PERIOD


class Implementation(VersionedRecord):
    """Who carries out the decision, and from when."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="implementation", verbose_name=_("case")
    )
    responsible_unit = SafeCharField(_("responsible unit"), max_length=200)
    start_date = models.DateField(_("start date"))

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("implementation")
        verbose_name_plural = _("implementations")

    def __str__(self) -> str:
        return f"{self.case}: {self.responsible_unit}"


class Achievement(TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    PARTLY = "partly", _("Partly achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")


class ExpectedEffect(VersionedRecord):
    """One effect the decision is expected to have, and, once evaluated, what it had."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="expected_effects", verbose_name=_("case")
    )
    description = SafeCharField(_("expected effect"), max_length=200)
    indicator = SafeCharField(_("indicator"), max_length=200)
    #: The municipality's figure the effect is measured by (a KOSTRA or own indicator), if it is one.
    indicator_definition = models.ForeignKey(
        "indicators.IndicatorDefinition",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator from the figures"),
    )
    unit = SafeCharField(_("unit"), max_length=50, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    baseline_period = models.CharField(_("baseline period"), max_length=7, blank=True)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    #: The period the target is for; the realised value is read for it (else the evaluation date's year).
    target_period = models.CharField(_("target period"), max_length=7, blank=True)
    evaluate_by = models.DateField(_("evaluate by"))
    realised = models.DecimalField(_("realised value"), max_digits=14, decimal_places=2, null=True, blank=True)
    realised_period = models.CharField(_("period of the realised value"), max_length=7, blank=True)
    achievement = models.CharField(_("judgment"), max_length=20, choices=Achievement.choices, blank=True)
    learning = SafeTextField(_("what was learnt"), blank=True)
    evaluated_at = models.DateTimeField(_("evaluated at"), null=True, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluated by"),
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ("evaluate_by", "id")
        verbose_name = _("expected effect")
        verbose_name_plural = _("expected effects")

    def __str__(self) -> str:
        return self.description

    @property
    def evaluated(self) -> bool:
        return bool(self.achievement)

    @property
    def evaluation_period(self) -> str:
        """The period the realised value is for: the target's, else the year of the evaluation date."""
        return self.target_period or (str(self.evaluate_by.year) if self.evaluate_by else "")

    def clean(self) -> None:
        for name in ("baseline_period", "target_period", "realised_period"):
            if getattr(self, name) and not PERIOD.match(getattr(self, name)):
                raise ValidationError({name: _("A period is a year (2024), a quarter (2024K1) or a month (2024M01).")})
        if self.baseline is not None and self.target is not None and self.baseline == self.target:
            raise ValidationError({"target": _("The target must differ from the baseline: what is to change?")})
        if self.achievement and self.realised is None:
            raise ValidationError({"realised": _("Give the realised value the judgment rests on.")})
