"""The municipality's weights of the three criteria, one numbered version per decision."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prioritet.core.choices import TextChoices
from prioritet.core.fields import SafeCharField, SafeTextField
from prioritet.tabular.values import rounded


class Method(TextChoices):
    """How the group arrived at the weights."""

    DIRECT = "direct", _("Entered directly")
    SWING = "swing", _("Swing weighting")
    PAIRWISE = "pairwise", _("Pairwise questions")


#: Stored as the reason of the default weights when they are saved (data, like every version's reason).
DEFAULT_REASON = "Like vekter (standard før kommunen har vedtatt egne vekter)"


class WeightVersion(models.Model):
    """Weights of benefit, severity and resources as decided by a body of the municipality.

    Versions are never changed: a new decision makes a new version with the next number, so every
    decision on a case can point at the exact weights it used.
    """

    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        related_name="weight_versions",
        verbose_name=_("municipality"),
    )
    number = models.PositiveIntegerField(_("version"))
    benefit = models.DecimalField(
        _("benefit"), max_digits=6, decimal_places=3, validators=[MinValueValidator(Decimal(0))]
    )
    severity = models.DecimalField(
        _("severity"), max_digits=6, decimal_places=3, validators=[MinValueValidator(Decimal(0))]
    )
    resources = models.DecimalField(
        _("resources"), max_digits=6, decimal_places=3, validators=[MinValueValidator(Decimal(0))]
    )
    reason = SafeTextField(_("reason"), blank=True)
    decided_by_body = SafeCharField(
        _("decided by"),
        max_length=200,
        blank=True,
        help_text=_("The body that decided the weights, e.g. the municipal council."),
    )
    method = models.CharField(_("method"), max_length=20, choices=Method.choices, default=Method.DIRECT)
    #: What the method was given, kept so the weights can be explained: the swing points and order, or
    #: the pairwise questions with their answers, margin and conflicts (see :mod:`.elicit`).
    elicitation = models.JSONField(_("how the weights were found"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("weight version")
        verbose_name_plural = _("weight versions")
        ordering = ("municipality", "-number")
        constraints = (
            models.UniqueConstraint(fields=("municipality", "number"), name="weightversion_unique_number"),
            models.CheckConstraint(
                condition=models.Q(benefit__gte=0) & models.Q(severity__gte=0) & models.Q(resources__gte=0),
                name="weightversion_non_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(benefit__gt=0) | models.Q(severity__gt=0) | models.Q(resources__gt=0),
                name="weightversion_some_positive",
            ),
        )

    def __str__(self) -> str:
        return f"{self.municipality} v{self.number}"

    @property
    def reason_display(self) -> str:
        """The reason as the pages show it: the stored reason of the saved default (written in bokmål) in the
        reader's language; any other reason as it was written."""
        if self.reason == DEFAULT_REASON:
            return str(_("Equal weights (the default until the municipality decides weights of its own)"))
        return self.reason

    def percentages(self) -> dict[str, int]:
        """The normalised weights as whole percentages, each rounded on its own (so equal weights show
        as 33, 33, 33 rather than adding up to exactly 100)."""
        return {k: int(rounded(Decimal(repr(v)) * 100, 0)) for k, v in self.normalised().items()}

    def normalised(self) -> dict[str, float]:
        """Weights as shares summing to 1, keyed by the engine's criterion names."""
        total = self.benefit + self.severity + self.resources
        return {
            "benefit": float(self.benefit / total),
            "severity": float(self.severity / total),
            "resources": float(self.resources / total),
        }
