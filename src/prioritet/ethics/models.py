"""Ethical reflections on a case, following KS's six-step model (see :mod:`.steps`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prioritet.core.choices import TextChoices
from prioritet.core.fields import SafeCharField, SafeTextField
from prioritet.core.records import VersionedRecord


class ReflectionStatus(TextChoices):
    DRAFT = "draft", _("In progress")
    COMPLETED = "completed", _("Completed")


class EthicalReflection(VersionedRecord):
    """A group's reflection on one ethical challenge in a case. Participants are described by role."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="ethical_reflections", verbose_name=_("case")
    )
    title = SafeCharField(
        _("the ethical question"),
        max_length=200,
        help_text=_("A short title for the dilemma, e.g. «Home rehabilitation against the person's wish?»."),
    )
    participants = SafeTextField(
        _("participants"),
        blank=True,
        help_text=_("Describe the participants by role, not by name, e.g. «caseworker, physiotherapist, leader»."),
    )
    step_challenge = SafeTextField(_("step 1: the ethical challenge"), blank=True)
    step_facts = SafeTextField(_("step 2: the facts"), blank=True)
    step_parties = SafeTextField(_("step 3: the parties"), blank=True)
    step_values = SafeTextField(_("step 4: values, principles and laws"), blank=True)
    step_options = SafeTextField(_("step 5: possible courses of action"), blank=True)
    step_deliberation = SafeTextField(_("step 6: overall deliberation"), blank=True)
    conclusion = SafeTextField(_("conclusion"), blank=True)
    follow_up = SafeTextField(_("follow-up"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReflectionStatus.choices, default=ReflectionStatus.DRAFT
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ("case", "-created_at", "-id")
        verbose_name = _("ethical reflection")
        verbose_name_plural = _("ethical reflections")
        indexes = (models.Index(fields=["case", "status"], name="ethics_case_status"),)

    def __str__(self) -> str:
        return self.title

    @property
    def is_completed(self) -> bool:
        return self.status == ReflectionStatus.COMPLETED
