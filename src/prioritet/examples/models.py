"""The national example bank (eksempelbank): decided prioritisations shared between municipalities.

An example is a snapshot, not a link to a live case: it keeps what was published even when the
source case is reassessed, archived or its municipality leaves. Individual cases enter only
de-identified, after the publisher has confirmed it (``deidentified_confirmed``); service and
political cases enter as they are. The bank is national: examples belong to no tenant, every signed-in
user of every municipality may read them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prioritet.cases.models import SCORE, Level
from prioritet.core.choices import TextChoices
from prioritet.core.fields import SafeCharField, SafeTextField
from prioritet.core.formatting import PRIORITY_CHOICES


class SizeClass(TextChoices):
    """Municipality size by population, the bands KOSTRA-style comparisons use."""

    SMALL = "small", _("Under 5,000 inhabitants")
    MEDIUM_SMALL = "medium_small", _("5,000–19,999 inhabitants")
    MEDIUM = "medium", _("20,000–49,999 inhabitants")
    LARGE = "large", _("50,000 inhabitants or more")
    UNKNOWN = "unknown", _("Size not given")

    @classmethod
    def of(cls, population: int | None) -> SizeClass:
        if population is None:
            return cls.UNKNOWN
        if population < 5_000:
            return cls.SMALL
        if population < 20_000:
            return cls.MEDIUM_SMALL
        if population < 50_000:
            return cls.MEDIUM
        return cls.LARGE


class ExampleQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(withdrawn=False)


class Example(models.Model):
    title = SafeCharField(_("title"), max_length=200)
    summary = SafeTextField(_("background and need"), blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    service_area = SafeCharField(_("service area"), max_length=100, blank=True)
    #: Who shared it, as shown: the municipality's name, or e.g. «Helsedirektoratet (veileder 2025)»
    #: for the guideline's worked cases. Empty for de-identified individual examples.
    source_label = SafeCharField(_("source"), blank=True)
    size_class = models.CharField(
        _("municipality size"), max_length=20, choices=SizeClass.choices, default=SizeClass.UNKNOWN
    )
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publishing municipality"),
    )
    source_case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="examples",
        verbose_name=_("source case"),
    )
    decision = SafeCharField(_("decision"), max_length=300, blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=PRIORITY_CHOICES, blank=True)
    justification = SafeTextField(_("justification"), blank=True)
    deidentified_confirmed = models.BooleanField(_("de-identification confirmed"), default=False)
    #: What the municipality learnt from carrying out and evaluating the case (its follow-up), shared
    #: in one step from the case (:func:`prioritet.examples.services.share_lesson`).
    lesson = SafeTextField(_("lesson learnt"), blank=True, max_length=4000)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    #: Every searchable text of the example and its alternatives, lower-cased, kept up to date by
    #: :func:`prioritet.examples.services.refresh_search_document`. PostgreSQL searches it with a GIN
    #: index on its Norwegian ``tsvector``; SQLite matches words in it.
    search_document = models.TextField(_("search text"), blank=True, default="", editable=False)

    objects = ExampleQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ("-published_at", "-pk")
        verbose_name = _("example")
        verbose_name_plural = _("examples")
        constraints = (
            models.CheckConstraint(
                condition=~models.Q(level=Level.INDIVIDUAL) | models.Q(deidentified_confirmed=True),
                name="example_individual_deidentified",
                violation_error_message=_("An individual case enters the example bank only de-identified."),
            ),
        )

    def __str__(self) -> str:
        return self.title


class ExampleAlternative(models.Model):
    """One alternative of an example with the scores (1–5) the deciding municipality gave it."""

    example = models.ForeignKey(Example, on_delete=models.CASCADE, related_name="alternatives")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = SafeCharField(_("title"), max_length=200)
    description = SafeTextField(_("description"), blank=True)
    severity = models.PositiveSmallIntegerField(_("severity"), null=True, blank=True, validators=SCORE)
    benefit = models.PositiveSmallIntegerField(_("benefit"), null=True, blank=True, validators=SCORE)
    resources = models.PositiveSmallIntegerField(_("resources"), null=True, blank=True, validators=SCORE)
    conclusion = SafeCharField(_("priority / conclusion"), max_length=300, blank=True)
    chosen = models.BooleanField(_("chosen"), default=False)
    #: The case's «not start, postpone or end» alternative: a template makes it the new case's own.
    no_action = models.BooleanField(_("not start, postpone or end"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ("example", "position", "pk")
        verbose_name = _("alternative of an example")
        verbose_name_plural = _("alternatives of examples")

    def __str__(self) -> str:
        return self.title
