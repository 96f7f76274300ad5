"""A published prioritisation: a decided service-level or political case shown on the public page."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prioritet.accounts.models import MunicipalityQuerySet
from prioritet.cases.models import Level
from prioritet.core.fields import SafeCharField, SafeTextField


class Publication(models.Model):
    """A case's decision as the public sees it: the combined judgment, the decision, who decided.

    ``level`` repeats the case's level so that the database itself refuses an individual case
    (a check constraint); :meth:`clean` checks that it matches the case.
    """

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="publications", verbose_name=_("municipality")
    )
    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="publication", verbose_name=_("case")
    )
    #: The decision published; a later decision is published only when someone updates the publication.
    decision = models.ForeignKey(
        "cases.Decision", on_delete=models.PROTECT, related_name="+", verbose_name=_("decision")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    decided_by_body = SafeCharField(
        _("decided by"),
        max_length=200,
        help_text=_("The body or position that made the decision, e.g. the municipal council or the head of service."),
    )
    summary = SafeTextField(
        _("public summary"),
        help_text=_("What was decided and why, in plain words. Shown publicly: no names or personal details."),
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ("-published_at", "-id")
        indexes = (models.Index(fields=["municipality", "-published_at"], name="publication_muni_published"),)
        constraints = (
            models.CheckConstraint(
                condition=~models.Q(level=Level.INDIVIDUAL),
                name="publication_never_individual",
                violation_error_message=_("Individual cases are never published."),
            ),
        )

    def __str__(self) -> str:
        return str(self.case)

    def clean(self) -> None:
        super().clean()
        if self.case_id is None:
            return
        case = self.case
        errors: list[str] = []
        if case.level == Level.INDIVIDUAL or self.level == Level.INDIVIDUAL:
            errors.append(_("Individual cases are never published."))
        elif self.level != case.level:
            errors.append(_("The publication's level must be the case's level."))
        if self.municipality_id != case.municipality_id:
            errors.append(_("The case belongs to another municipality."))
        if self.decision_id and self.decision.case_id != case.pk:
            errors.append(_("The decision belongs to another case."))
        if errors:
            raise ValidationError(errors)


class PublishedIndicator(models.Model):
    """An indicator the municipality shows on its public key-figures page (openness, issue 12 §9).

    Only a row here puts a figure on the public page: nothing is public by default. ``explanation``
    is the municipality's short note on why the figure matters, shown under it.
    """

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    definition = models.ForeignKey(
        "indicators.IndicatorDefinition", on_delete=models.CASCADE, related_name="+", verbose_name=_("indicator")
    )
    explanation = SafeCharField(
        _("public explanation"),
        max_length=300,
        blank=True,
        help_text=_("Optional: why the figure matters, in plain words. Shown publicly under the figure."),
    )
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("published indicator")
        verbose_name_plural = _("published indicators")
        constraints = (
            models.UniqueConstraint(fields=("municipality", "definition"), name="published_indicator_unique"),
        )

    def __str__(self) -> str:
        return str(self.definition)

    def clean(self) -> None:
        super().clean()
        owner = self.definition.owner_id if self.definition_id else None
        if owner is not None and owner != self.municipality_id:
            raise ValidationError(_("The indicator belongs to another municipality."))
