"""The municipality's annual wheel (årshjul): plan periods, their milestones, and the cases feeding them.

The guideline ties every prioritisation to the ordinary plan and decision processes: kommuneplan,
sector plans, økonomiplan and the annual budget, each with dates in the budget calendar (the
rammesak in June, the municipal director's proposal in October, the vedtak in December). A service
or political case says which plan period it feeds and, where it fits, which milestone; the calendar
page and the iCalendar feed show what is due when.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prioritet.accounts.models import MunicipalityQuerySet
from prioritet.core.choices import TextChoices
from prioritet.core.fields import SafeCharField, SafeTextField
from prioritet.core.records import VersionedRecord

#: The longest plan period we accept: a kommuneplan's social part looks 12 years ahead.
LONGEST_PERIOD_YEARS = 12


class PlanKind(TextChoices):
    MUNICIPAL_PLAN = "municipal_plan", _("Municipal master plan")
    SECTOR_PLAN = "sector_plan", _("Sector or theme plan")
    ECONOMIC_PLAN = "economic_plan", _("Economic plan")
    ANNUAL_BUDGET = "annual_budget", _("Annual budget")


class PlanPeriod(VersionedRecord):
    """One plan and the years it covers: «Økonomiplan 2027–2030», «Budsjett 2027»."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    kind = models.CharField(_("kind of plan"), max_length=20, choices=PlanKind.choices)
    name = SafeCharField(_("name"), max_length=200)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    last_year = models.PositiveSmallIntegerField(_("last year"))

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("first_year", "kind", "name", "id")
        verbose_name = _("plan period")
        verbose_name_plural = _("plan periods")

    def __str__(self) -> str:
        return self.name

    @property
    def years(self) -> str:
        return str(self.first_year) if self.first_year == self.last_year else f"{self.first_year}–{self.last_year}"

    def clean(self) -> None:
        if self.first_year is None or self.last_year is None:
            return
        if not 2000 <= self.first_year <= 2100:
            raise ValidationError({"first_year": _("Give a year between 2000 and 2100.")})
        if self.last_year < self.first_year:
            raise ValidationError({"last_year": _("The last year cannot come before the first year.")})
        if self.last_year - self.first_year >= LONGEST_PERIOD_YEARS:
            raise ValidationError(
                {"last_year": _("A plan period covers at most %(years)s years.") % {"years": LONGEST_PERIOD_YEARS}}
            )
        if self.kind == PlanKind.ANNUAL_BUDGET and self.last_year != self.first_year:
            raise ValidationError({"last_year": _("An annual budget covers one year.")})
        if self.kind == PlanKind.ECONOMIC_PLAN and self.last_year - self.first_year != 3:
            raise ValidationError({"last_year": _("An economic plan covers four years.")})


class Milestone(VersionedRecord):
    """A date in the plan process: «Rammesak i formannskapet», «Kommunedirektørens forslag», «Vedtak»."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    plan = models.ForeignKey(PlanPeriod, on_delete=models.CASCADE, related_name="milestones", verbose_name=_("plan"))
    name = SafeCharField(_("name"), max_length=200)
    due = models.DateField(_("date"))
    description = SafeTextField(_("description"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("due", "id")
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        indexes = (models.Index(fields=["municipality", "due"], name="milestone_muni_due"),)

    def __str__(self) -> str:
        return f"{self.name} ({self.due:%d.%m.%Y})"


class CasePlan(VersionedRecord):
    """Which plan period a service or political case feeds and, where it fits, which milestone."""

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="plan_link", verbose_name=_("case")
    )
    plan = models.ForeignKey(PlanPeriod, on_delete=models.PROTECT, related_name="case_links", verbose_name=_("plan"))
    milestone = models.ForeignKey(
        Milestone,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="case_links",
        verbose_name=_("milestone"),
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("case's plan")
        verbose_name_plural = _("cases' plans")

    def __str__(self) -> str:
        return f"{self.case} → {self.plan}"

    def clean(self) -> None:
        if self.milestone_id is not None and self.plan_id is not None and self.milestone.plan_id != self.plan_id:
            raise ValidationError({"milestone": _("Choose a milestone of the chosen plan.")})


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret address of a municipality's milestone calendar, for calendar programs to subscribe to.

    A calendar program cannot sign in, so the address itself is the key (like a private calendar
    address in any calendar service). It carries milestones only, never a case; the municipal
    administrator can give it a new address, which stops the old one.
    """

    municipality = models.OneToOneField(
        "accounts.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    token = models.CharField(_("secret address"), max_length=64, unique=True, default=new_feed_token)
    renewed_at = models.DateTimeField(_("renewed at"), auto_now=True)
    renewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("renewed by"),
    )

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.municipality)


class ReminderKind(TextChoices):
    REASSESSMENT = "reassessment", _("Reassessment due")
    EVALUATION = "evaluation", _("Evaluation due")
    MILESTONE = "milestone", _("Milestone")


class SentReminder(models.Model):
    """One reminder e-mail sent, so the daily run never sends the same reminder twice."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    #: The case's or the milestone's id.
    subject_id = models.PositiveBigIntegerField(_("about"))
    due = models.DateField(_("due"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = (
            models.UniqueConstraint(fields=["kind", "subject_id", "due", "recipient"], name="planning_reminder_once"),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject_id} ({self.due})"
