"""Calibration exercises: colleagues assess the same examples blind, then see how far apart they are.

A leader picks 2–10 examples from the national example bank and the colleagues who take part. Each
participant scores the severity of each example's need once (severity belongs to the need and is the
same for every alternative, issue 11) and every alternative on benefit and resources, without seeing
the example's own scores, its decision or anyone else's scores. When the exercise is closed (by the
leader, or when its deadline has passed) the agreement of the group and each person's distance from
it are shown. The units of agreement are each example's need on severity and each alternative on
benefit and on resources.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prioritet.accounts.models import MunicipalityQuerySet
from prioritet.cases.models import SCORE
from prioritet.core.choices import TextChoices
from prioritet.core.fields import SafeCharField, SafeTextField
from prioritet.core.records import Versioned, VersionedRecord

#: How many examples an exercise has: two to compare at all, at most ten to be done in one sitting.
MIN_EXAMPLES = 2
MAX_EXAMPLES = 10
#: Alpha needs at least two raters.
MIN_PARTICIPANTS = 2


def today() -> datetime.date:
    return timezone.localdate()


class Status(TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ExerciseQuerySet(MunicipalityQuerySet):
    def closed(self, on: datetime.date | None = None):
        """Closed by the leader, or open with a deadline that has passed."""
        on = on or today()
        return self.filter(models.Q(status=Status.CLOSED) | models.Q(deadline__lt=on))

    def open(self, on: datetime.date | None = None):
        on = on or today()
        return self.filter(status=Status.OPEN).exclude(deadline__lt=on)


class Exercise(VersionedRecord):
    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    title = SafeCharField(_("title"), max_length=200)
    instructions = SafeTextField(
        _("instructions"),
        blank=True,
        help_text=_("What the participants should keep in mind, for example which service the examples concern."),
    )
    deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("The last day to submit. The exercise closes by itself after this day."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = ExerciseQuerySet.as_manager()
    #: Not from the base: its changes are dated only in its history.
    updated_at = None
    history = HistoricalRecords()

    class Meta:
        ordering = ("-created_at", "-pk")
        verbose_name = _("calibration exercise")
        verbose_name_plural = _("calibration exercises")

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED or (self.deadline is not None and self.deadline < today())

    @property
    def is_open(self) -> bool:
        return not self.is_closed

    @property
    def submitted_count(self) -> int:
        """How many participants have submitted (uses prefetched participants when there are)."""
        return sum(1 for p in self.participants.all() if p.submitted_at is not None)


class ExerciseExample(models.Model):
    """An example chosen for the exercise, in the order the participants meet it."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="exercise_examples")
    # PROTECT: the participants' ratings refer to the example's alternatives; an example is withdrawn, not deleted.
    example = models.ForeignKey("examples.Example", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ("exercise", "position", "pk")
        constraints = (models.UniqueConstraint("exercise", "example", name="calibration_example_once_per_exercise"),)


class Participant(Versioned):
    """A colleague asked to take part. Their ratings count once they have submitted them."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ("exercise", "user__last_name", "user__first_name", "pk")
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = (models.UniqueConstraint("exercise", "user", name="calibration_participant_once"),)

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def submitted(self) -> bool:
        return self.submitted_at is not None


class NeedRating(models.Model):
    """One participant's severity of one example's need: asked once, the same for every alternative."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="need_ratings")
    example = models.ForeignKey("examples.Example", on_delete=models.PROTECT, related_name="+")
    severity = models.PositiveSmallIntegerField(_("severity of the need"), null=True, blank=True, validators=SCORE)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ("participant", "example")
        constraints = (models.UniqueConstraint("participant", "example", name="calibration_need_rating_once"),)


class Rating(models.Model):
    """One participant's scores of one alternative on benefit and resources; empty scores are a draft.

    ``severity`` is no longer asked per alternative (it is the need's, :class:`NeedRating`); the column
    keeps the scores given before, which migration 0004 summed up per example.
    """

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="ratings")
    alternative = models.ForeignKey("examples.ExampleAlternative", on_delete=models.PROTECT, related_name="+")
    benefit = models.PositiveSmallIntegerField(_("benefit"), null=True, blank=True, validators=SCORE)
    severity = models.PositiveSmallIntegerField(_("severity"), null=True, blank=True, validators=SCORE)
    resources = models.PositiveSmallIntegerField(_("resources"), null=True, blank=True, validators=SCORE)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ("participant", "alternative")
        constraints = (models.UniqueConstraint("participant", "alternative", name="calibration_rating_once"),)
