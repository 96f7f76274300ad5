"""Consultation rounds (høring, medvirkning) on a service or political case.

A leader (or the municipal director) opens a round with a question, a deadline and invited groups.
Each invitation has a personal link; only the SHA-256 digest of its token is stored, so a copy of the
database gives no one a working link. A public link may be opened for citizens, whose answers are
marked unverified. The round is open until its deadline (or until it is closed early): nothing has to
run at the deadline, every read computes the state.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prioritet.accounts.models import MunicipalityQuerySet
from prioritet.core.choices import TextChoices
from prioritet.core.fields import SafeCharField, SafeTextField
from prioritet.core.records import TaskRecord, TaskStatus, VersionedRecord

SCORE = [MinValueValidator(1), MaxValueValidator(5)]

#: Size limits of what people type, in characters: the forms and the database both keep them.
QUESTION_MAX = 2000
LABEL_MAX = 200
SPEAKS_FOR_MAX = 200
WHY_MAX = 1000
FREE_TEXT_MAX = 5000


def digest(token: str) -> str:
    """The SHA-256 hex digest stored in place of a link's token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Group(TextChoices):
    """The groups a municipality consults, as the guideline and the councils' own regulations name them."""

    ELDERLY_COUNCIL = "elderly_council", _("Council for the elderly (eldreråd)")
    DISABILITY_COUNCIL = "disability_council", _("Council for people with disabilities")
    YOUTH_COUNCIL = "youth_council", _("Youth council (ungdomsråd)")
    USER_ORGANISATION = "user_organisation", _("User organisation")
    RELATIVES_ORGANISATION = "relatives_organisation", _("Relatives' organisation")
    STAFF = "staff", _("Staff representatives")
    UNION = "union", _("Union representatives")
    CITIZENS = "citizens", _("Citizens")


class RoundQuerySet(MunicipalityQuerySet):
    pass


class Round(VersionedRecord):
    """One consultation round: a question on the case's alternatives, open until its deadline."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="consultation_rounds", verbose_name=_("case")
    )
    question = SafeTextField(_("question"), max_length=QUESTION_MAX)
    deadline = models.DateTimeField(_("deadline"))
    public_enabled = models.BooleanField(_("public link open"), default=False)
    #: The public link is meant to be spread (on the municipality's website), so it is kept readable.
    public_token = models.CharField(_("public link token"), max_length=64, unique=True, null=True, blank=True)
    closed_early_at = models.DateTimeField(_("closed early"), null=True, blank=True)

    #: Not from the base: its changes are dated only in its history.
    updated_at = None
    history = HistoricalRecords()
    objects = RoundQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("consultation round")
        verbose_name_plural = _("consultation rounds")
        indexes = (models.Index(fields=["municipality", "case"], name="round_muni_case"),)

    def __str__(self) -> str:
        return self.question[:80]

    @property
    def closes_at(self):
        """When the round closed or will close: the early close if any, else the deadline."""
        if self.closed_early_at and self.closed_early_at < self.deadline:
            return self.closed_early_at
        return self.deadline

    def is_open(self, now=None) -> bool:
        return (now or timezone.now()) < self.closes_at

    @property
    def is_closed(self) -> bool:
        return not self.is_open()


class InvitationState(TextChoices):
    UNUSED = "unused", _("Not opened")
    DRAFT = "draft", _("Draft saved")
    SUBMITTED = "submitted", _("Submitted")


class Invitation(models.Model):
    """One invited group or organisation with its personal link (single use, no account)."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("round"))
    group = models.CharField(_("group"), max_length=30, choices=Group.choices)
    label = SafeCharField(_("organisation"), max_length=LABEL_MAX)
    token_digest = models.CharField(_("link digest"), max_length=64, unique=True)
    link_created_at = models.DateTimeField(_("link made"), default=timezone.now)
    state = models.CharField(_("state"), max_length=10, choices=InvitationState.choices, default=InvitationState.UNUSED)

    history = HistoricalRecords(excluded_fields=["token_digest"])

    class Meta:
        ordering = ("round", "id")
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.label}"


#: Longest e-mail address (RFC 5321's path limit) and the longest error kept from a failed send.
EMAIL_MAX = 254
ERROR_MAX = 500


class InvitationEmail(TaskRecord):
    """One invitation sent by e-mail: to whom, asked by whom, and how it went (a background task).

    The link's token exists in the clear only while it is made, so the task that sends the e-mail makes
    a new link for the invitation and puts it in the e-mail; the link shown before stops working. The
    new link is saved only when the mail server has taken the e-mail, so a failed send leaves the old
    link as it was. Nothing of the link is kept here.
    """

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    invitation = models.ForeignKey(
        Invitation, on_delete=models.CASCADE, related_name="emails", verbose_name=_("invitation")
    )
    address = models.EmailField(_("e-mail address"), max_length=EMAIL_MAX)
    #: The language of the e-mail: the sender's at the moment they asked (the task has no request).
    language = models.CharField(_("language"), max_length=8)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("sent by")
    )
    error = models.CharField(_("error"), max_length=ERROR_MAX, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("invitation", "-created_at", "-id")
        verbose_name = _("invitation e-mail")
        verbose_name_plural = _("invitation e-mails")

    def __str__(self) -> str:
        return f"{self.address} ({self.get_status_display()})"

    @property
    def waiting(self) -> bool:
        return self.status in (TaskStatus.QUEUED, TaskStatus.RUNNING)


class ResponseStatus(TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Response(VersionedRecord):
    """One answer to a round: through an invitation (verified) or through the public link (unverified)."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="responses", verbose_name=_("round"))
    invitation = models.OneToOneField(
        Invitation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="response",
        verbose_name=_("invitation"),
    )
    verified = models.BooleanField(_("verified"), default=False)
    group = models.CharField(_("group"), max_length=30, choices=Group.choices)
    speaks_for = SafeCharField(_("speaks for"), max_length=SPEAKS_FOR_MAX, blank=True)
    free_text = SafeTextField(_("input"), max_length=FREE_TEXT_MAX, blank=True)
    #: How severe the respondent sees the need (the consequence of no action), once per answer: severity
    #: belongs to the need and is the same for every alternative (issue 11). None is «vet ikke».
    severity = models.PositiveSmallIntegerField(_("severity of the need"), null=True, blank=True, validators=SCORE)
    severity_why = SafeTextField(_("why (severity)"), max_length=WHY_MAX, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    #: Digest of the form's idempotency key: a double submit of one form finds this row instead of
    #: making a second. A public answer's key is also its link back to the draft.
    key_digest = models.CharField(_("form key digest"), max_length=64, unique=True)

    #: Not from the base: an invitee or anyone with the public link answers, not a signed-in user.
    created_by = None
    history = HistoricalRecords(excluded_fields=["updated_at", "key_digest"])

    class Meta:
        ordering = ("round", "id")
        verbose_name = _("consultation answer")
        verbose_name_plural = _("consultation answers")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(verified=False) | models.Q(invitation__isnull=False),
                name="response_verified_needs_invitation",
            ),
            models.CheckConstraint(
                condition=models.Q(severity__isnull=True) | models.Q(severity__gte=1, severity__lte=5),
                name="response_severity_1_to_5_or_unknown",
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_group_display()} ({self.get_status_display()})"

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED


class ResponseScore(models.Model):
    """How the respondent sees one alternative on benefit and resources; None is «vet ikke» (don't know).

    ``severity`` is no longer asked per alternative (the need's severity is on :class:`Response`); the
    column keeps the answers given before, which migration 0004 summed up into the answer's severity.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="scores", verbose_name=_("answer"))
    alternative = models.ForeignKey(
        "cases.Alternative", on_delete=models.PROTECT, related_name="+", verbose_name=_("alternative")
    )
    benefit = models.PositiveSmallIntegerField(_("benefit"), null=True, blank=True, validators=SCORE)
    #: Unused since severity belongs to the need: kept for the answers (and history) from before.
    severity = models.PositiveSmallIntegerField(_("severity"), null=True, blank=True, validators=SCORE)
    resources = models.PositiveSmallIntegerField(_("resources"), null=True, blank=True, validators=SCORE)
    why = SafeTextField(_("why"), max_length=WHY_MAX, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ("response", "alternative_id")
        verbose_name = _("view of an alternative")
        verbose_name_plural = _("views of alternatives")
        constraints = (
            models.UniqueConstraint(fields=("response", "alternative"), name="response_score_one_per_alternative"),
            models.CheckConstraint(
                condition=(models.Q(benefit__isnull=True) | models.Q(benefit__gte=1, benefit__lte=5))
                & (models.Q(severity__isnull=True) | models.Q(severity__gte=1, severity__lte=5))
                & (models.Q(resources__isnull=True) | models.Q(resources__gte=1, resources__lte=5)),
                name="response_scores_1_to_5_or_unknown",
            ),
        )
