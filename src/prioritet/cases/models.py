"""Priority cases (prioriteringssaker): alternatives, assessments, decisions and their history.

Every model whose changes must be kept carries :class:`HistoricalRecords`. Nothing here is deleted
by normal users: cases and alternatives are archived. ``Case``, ``Alternative`` and ``Assessment``
carry a ``version`` for optimistic concurrency; see :mod:`prioritet.cases.services`.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from prioritet.accounts.models import MunicipalityQuerySet
from prioritet.core.audit import AuditChained
from prioritet.core.audit_fields import ApiTokenStamped
from prioritet.core.choices import TextChoices
from prioritet.core.fields import SafeCharField, SafeTextField
from prioritet.core.formatting import PRIORITY_CHOICES
from prioritet.core.localised import in_reader_language
from prioritet.core.records import TaskRecord, VersionedRecord

from .access_pages import page_label
from .validators import SAKSNUMMER_HELP, validate_case_reference, validate_saksnummer

SCORE = [MinValueValidator(1), MaxValueValidator(5)]


class Level(TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    SERVICE = "service", _("Service and department")
    POLITICAL = "political", _("Political and administrative")


class PlanProcess(TextChoices):
    MUNICIPAL_PLAN = "municipal_plan", _("Municipal master plan")
    SECTOR_PLAN = "sector_plan", _("Sector or theme plan")
    ECONOMIC_PLAN = "economic_plan", _("Economic plan")
    ANNUAL_BUDGET = "annual_budget", _("Annual budget")
    DAILY_OPERATIONS = "daily_operations", _("Daily operations")
    CRISIS = "crisis", _("Crisis")


class Phase(TextChoices):
    PREPARE = "prepare", _("Prepare")
    PLAN = "plan", _("Plan")
    CARRY_OUT = "carry_out", _("Carry out")
    EVALUATE = "evaluate", _("Evaluate")
    FOLLOW_UP = "follow_up", _("Follow up")


class Status(TextChoices):
    OPEN = "open", _("Open")
    DECIDED = "decided", _("Decided")


class CaseQuerySet(MunicipalityQuerySet):
    def active(self):
        return self.filter(archived=False)


class Case(VersionedRecord):
    """A prioriteringssak at one of the three levels."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="cases", verbose_name=_("municipality")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    title = SafeCharField(_("title"), max_length=200)
    description = SafeTextField(_("description"), blank=True)
    service_area = models.ForeignKey(
        "accounts.ServiceArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("service area"),
    )
    plan_process = models.CharField(
        _("plan or decision process"),
        max_length=20,
        choices=PlanProcess.choices,
        default=PlanProcess.DAILY_OPERATIONS,
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.PREPARE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    case_reference = models.CharField(
        _("case reference"),
        max_length=50,
        blank=True,
        help_text=_(
            "Pseudonymous reference to the case in the municipality's case system. "
            "Never a name, birth date or identity number."
        ),
        validators=[validate_case_reference],
    )
    child_affected = models.BooleanField(
        _("affects children"),
        default=False,
        help_text=_("The decision affects one or more children; the child's best interest must be assessed."),
    )
    #: The need's severity (alvorlighet), 1–5: the condition of the person or target group without the
    #: measure, assessed once for the case and the same for every alternative (issue 11). Empty until
    #: assessed; the case cannot be decided before.
    severity = models.PositiveSmallIntegerField(
        _("severity"),
        null=True,
        blank=True,
        validators=SCORE,
        help_text=_(
            "How severe is the need without the measure? The same for every alternative: 1 very low – 5 very high."
        ),
    )
    severity_justification = SafeTextField(_("justification of severity"), blank=True)
    #: The district (bydel, sone) an individual case belongs to: the consistency report asks whether
    #: outcomes differ by district for equal scores. A name, never an address.
    district = SafeCharField(
        _("district"),
        max_length=60,
        blank=True,
        help_text=_("The district or zone (bydel, sone) the person belongs to. Never an address."),
    )
    #: Forberede: who is affected and how they are involved (the medvirkning plan).
    involvement_plan = SafeTextField(
        _("who is affected and how they are involved"),
        blank=True,
        max_length=4000,
        help_text=_("Who is affected by the case, and how they (or their relatives, users' councils) are involved."),
    )
    #: Forberede: the management information (styringsinformasjon) the case rests on; text until
    #: indicators exist (issue 12).
    management_information = SafeTextField(
        _("management information the case rests on"),
        blank=True,
        max_length=4000,
        help_text=_("Figures, reports and user surveys the case rests on (KOSTRA, IPLOS, deviations, surveys)."),
    )
    #: The case this one follows up: a new cycle opened from the earlier case's «følge opp».
    follows = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followed_by",
        verbose_name=_("follows up"),
    )
    #: The current decision's reassessment date, kept here so the due list is one indexed query.
    reassessment_due = models.DateField(_("reassessment due"), null=True, blank=True)
    archived = models.BooleanField(_("archived"), default=False)
    #: When the case was archived (closed): an individual case's retention counts from here.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    #: When retention removed its personal details (``manage.py purge_expired``).
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], bases=[ApiTokenStamped, AuditChained])
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("priority case")
        verbose_name_plural = _("priority cases")
        ordering = ("-created_at", "-id")
        indexes = (
            models.Index(fields=["municipality", "phase"], name="case_muni_phase"),
            models.Index(fields=["municipality", "level"], name="case_muni_level"),
            models.Index(fields=["municipality", "reassessment_due"], name="case_muni_reassess"),
            models.Index(fields=["municipality", "-created_at"], name="case_muni_created"),
        )
        constraints = (
            models.CheckConstraint(
                condition=models.Q(severity__isnull=True) | models.Q(severity__gte=1, severity__lte=5),
                name="case_severity_1_to_5",
            ),
        )

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("cases:detail", args=[self.pk])

    @property
    def is_decided(self) -> bool:
        return self.status == Status.DECIDED

    @property
    def is_individual(self) -> bool:
        return self.level == Level.INDIVIDUAL

    @property
    def list_label(self) -> str:
        """How a list names the case: an individual case by its pseudonymous reference (or number) only,
        never its title, since a list is not a read of the case; others by their title."""
        if self.is_individual:
            return self.case_reference or str(_("Individual case %(number)s") % {"number": self.pk})
        return self.title


class PhaseChange(models.Model):
    """One step through the five phases, with who moved the case and why. Never changed."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="phase_changes", verbose_name=_("case"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("changed by")
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    from_phase = models.CharField(_("from"), max_length=20, choices=Phase.choices, blank=True)
    to_phase = models.CharField(_("to"), max_length=20, choices=Phase.choices)
    note = SafeTextField(_("note"), blank=True)

    class Meta:
        ordering = ("changed_at", "id")
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")


class Outcome(TextChoices):
    CONTINUE = "continue", pgettext_lazy("outcome", "Continue")
    ADJUST = "adjust", pgettext_lazy("outcome", "Adjust")
    END = "end", pgettext_lazy("outcome", "End")


class FollowUp(models.Model):
    """Følge opp: what the municipality does with a carried-out and evaluated case. Never changed.

    Continue and adjust open a new cycle (``follow_up_case``, a case whose ``follows`` is this one);
    end closes the case.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="follow_ups", verbose_name=_("case"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    note = SafeTextField(_("what was learnt"), max_length=4000)
    follow_up_case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("follow-up case"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        ordering = ("case", "decided_at", "id")
        get_latest_by = ("decided_at", "id")
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.case}: {self.get_outcome_display()}"


class AlternativeKind(TextChoices):
    MEASURE = "measure", _("Measure")
    NO_ACTION = "no_action", _("Not start, postpone or end")


class Alternative(VersionedRecord):
    """One way to meet the need. Every case has the no-action alternative from the start."""

    AUDIT_MUNICIPALITY = "case.municipality_id"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="alternatives", verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=20, choices=AlternativeKind.choices, default=AlternativeKind.MEASURE)
    title = SafeCharField(_("title"), max_length=200)
    description = SafeTextField(_("description"), blank=True)
    reduces_service = models.BooleanField(
        _("reduces a service"),
        default=False,
        help_text=_("Choosing this alternative reduces the resources or quality of a service."),
    )
    archived = models.BooleanField(_("archived"), default=False)

    history = HistoricalRecords(excluded_fields=["updated_at"], bases=[ApiTokenStamped, AuditChained])

    #: The title the system gives every case's no-action alternative (a msgid).
    NO_ACTION_TITLE = "Not start, postpone or end"

    class Meta:
        ordering = ("case", "id")
        verbose_name = _("alternative")
        verbose_name_plural = _("alternatives")
        constraints = (
            models.UniqueConstraint(
                fields=("case",),
                condition=models.Q(kind="no_action"),
                name="alternative_one_no_action_per_case",
            ),
        )

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Collection[str], values: Collection[object], **kwargs: Any
    ) -> Alternative:
        """The system-made no-action title in the reader's language (bokmål, nynorsk, English) as long
        as nobody has retitled it: it is stored in the language of whoever opened the case."""
        alternative = super().from_db(db, field_names, values, **kwargs)
        loaded = alternative.__dict__
        if loaded.get("kind") == AlternativeKind.NO_ACTION and "title" in loaded:
            alternative.title = in_reader_language(alternative.title, cls.NO_ACTION_TITLE)
        return alternative

    def __str__(self) -> str:
        return self.title

    @property
    def is_no_action(self) -> bool:
        return self.kind == AlternativeKind.NO_ACTION

    @property
    def needs_forsvarlighet(self) -> bool:
        """Choosing it reduces a service or does nothing: the legal minimum must be confirmed."""
        return self.reduces_service or self.is_no_action


class Certainty(TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class KnowledgeBasis(TextChoices):
    RESEARCH = "research", _("Research")
    CLINICAL = "clinical", _("Clinical experience")
    USER = "user", _("User experience")


class Assessment(VersionedRecord):
    """One person's scores of one alternative on benefit and resources, 1–5, with reasons.

    Benefit is the gain compared with no action. Severity belongs to the need and is assessed once on
    the :class:`Case`; ``severity`` and ``severity_justification`` here are kept (empty on new
    assessments) because assessments made before issue 11 carry them and their history rows are
    hash-chained.
    """

    AUDIT_MUNICIPALITY = "alternative.case.municipality_id"

    alternative = models.ForeignKey(
        Alternative, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("alternative")
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessor")
    )
    benefit = models.PositiveSmallIntegerField(_("benefit"), validators=SCORE)
    #: Only on assessments made before severity moved to the case (issue 11); never read.
    severity = models.PositiveSmallIntegerField(_("severity"), null=True, blank=True, validators=SCORE)
    resources = models.PositiveSmallIntegerField(_("resources"), validators=SCORE)
    benefit_justification = SafeTextField(_("justification of benefit"), blank=True)
    severity_justification = SafeTextField(_("justification of severity"), blank=True)
    resources_justification = SafeTextField(_("justification of resources"), blank=True)
    basis_research = models.BooleanField(_("based on research"), default=False)
    basis_clinical = models.BooleanField(_("based on clinical experience"), default=False)
    basis_user = models.BooleanField(_("based on user experience"), default=False)
    certainty = models.CharField(_("certainty"), max_length=10, choices=Certainty.choices, default=Certainty.MEDIUM)

    #: Not from the base: the assessor is the one who made it.
    created_by = None
    history = HistoricalRecords(excluded_fields=["updated_at"], bases=[ApiTokenStamped, AuditChained])

    class Meta:
        ordering = ("alternative", "id")
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = (
            models.UniqueConstraint(fields=("alternative", "assessor"), name="assessment_one_per_assessor"),
            models.CheckConstraint(
                condition=models.Q(benefit__gte=1, benefit__lte=5)
                & (models.Q(severity__isnull=True) | models.Q(severity__gte=1, severity__lte=5))
                & models.Q(resources__gte=1, resources__lte=5),
                name="assessment_scores_1_to_5",
            ),
        )

    def __str__(self) -> str:
        return f"{self.alternative} – {self.assessor}"

    @property
    def knowledge_basis(self) -> list[str]:
        return [
            value
            for value, flag in (
                (KnowledgeBasis.RESEARCH, self.basis_research),
                (KnowledgeBasis.CLINICAL, self.basis_clinical),
                (KnowledgeBasis.USER, self.basis_user),
            )
            if flag
        ]

    def get_knowledge_basis_display(self) -> list[str]:
        return [str(KnowledgeBasis(v).label) for v in self.knowledge_basis]


class Decision(models.Model):
    """The responsible person's conclusion. Never changed: a reassessment leads to a new decision."""

    AUDIT_MUNICIPALITY = "case.municipality_id"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("case"))
    alternative = models.ForeignKey(
        Alternative, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("chosen alternative")
    )
    #: Empty when the no-action alternative (the reference) is chosen: it never gets a priority.
    priority = models.CharField(_("priority"), max_length=10, choices=PRIORITY_CHOICES, blank=True)
    justification = SafeTextField(_("justification"))
    departure_reason = SafeTextField(_("reason for departing from the suggested order"), blank=True)
    forsvarlighet_confirmed = models.BooleanField(_("legal minimum standard confirmed"), default=False)
    forsvarlighet_justification = SafeTextField(_("justification of the legal minimum standard"), blank=True)
    child_best_interest = SafeTextField(_("assessment of the child's best interest"), blank=True)
    #: Like cases treated alike (cases/similar.py): the similar decided cases the decider was shown
    #: ([{case, reference, scores, outcome, distance}], nearest first), whether the conclusion departed
    #: from what they got, and why this case differs (empty: the decider proceeded without a reason).
    #: ``None`` where no comparison was made (other levels, older decisions): empty values stay out of
    #: the audit hash, so the history rows written before these columns keep their hashes.
    similar_cases = models.JSONField(_("similar decided cases shown"), null=True, blank=True)
    departs_from_similar = models.BooleanField(_("departs from similar cases"), null=True, blank=True)
    similar_departure_reason = SafeTextField(_("why this case differs from similar cases"), blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    weight_version = models.ForeignKey(
        "weighting.WeightVersion", on_delete=models.PROTECT, related_name="decisions", verbose_name=_("weights used")
    )
    #: The engine's suggestion when the decision was made: [{alternative, title, value, scores}], best first.
    suggestion = models.JSONField(_("suggested order"), default=list, blank=True)
    reassessment_due = models.DateField(_("reassessment due"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    history = HistoricalRecords(bases=[ApiTokenStamped, AuditChained])

    class Meta:
        ordering = ("case", "-decided_at", "-id")
        get_latest_by = ("decided_at", "id")
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.case}: {self.alternative}"


class DecisionBody(models.Model):
    """A political body that adopts vedtak (kommunestyret, formannskapet, a hovedutvalg …).

    The municipal administrator keeps the list; a body no longer in use is made inactive, never deleted.
    """

    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        related_name="decision_bodies",
        verbose_name=_("municipality"),
    )
    name = SafeCharField(_("name"), max_length=100)
    active = models.BooleanField(_("in use"), default=True)

    history = HistoricalRecords(bases=[ApiTokenStamped])
    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("name", "id")
        verbose_name = _("decision body")
        verbose_name_plural = _("decision bodies")
        constraints = (models.UniqueConstraint(fields=("municipality", "name"), name="decision_body_unique_name"),)

    def __str__(self) -> str:
        return self.name


class Recommendation(models.Model):
    """The administration's innstilling on a political case: the municipal director's recommended
    alternative and «forslag til vedtak» (the proposed resolution). Never changed: a new innstilling
    (after a reassessment, or a corrected one before the vedtak) is a new row and the latest counts."""

    AUDIT_MUNICIPALITY = "case.municipality_id"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("case"))
    alternative = models.ForeignKey(
        Alternative, on_delete=models.PROTECT, related_name="recommendations", verbose_name=_("recommended alternative")
    )
    #: Empty when the no-action alternative (the reference) is recommended.
    priority = models.CharField(_("priority"), max_length=10, choices=PRIORITY_CHOICES, blank=True)
    proposed_resolution = SafeTextField(_("proposed resolution"), max_length=5000)
    justification = SafeTextField(_("justification"), max_length=5000)
    departure_reason = SafeTextField(_("reason for departing from the suggested order"), max_length=5000, blank=True)
    forsvarlighet_confirmed = models.BooleanField(_("legal minimum standard confirmed"), default=False)
    forsvarlighet_justification = SafeTextField(
        _("justification of the legal minimum standard"), max_length=5000, blank=True
    )
    child_best_interest = SafeTextField(_("assessment of the child's best interest"), max_length=5000, blank=True)
    weight_version = models.ForeignKey(
        "weighting.WeightVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("weights used")
    )
    #: The engine's suggestion when the innstilling was made, as on :class:`Decision`.
    suggestion = models.JSONField(_("suggested order"), default=list, blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recommended by")
    )
    recommended_at = models.DateTimeField(_("recommended at"), auto_now_add=True)

    history = HistoricalRecords(bases=[ApiTokenStamped, AuditChained])

    class Meta:
        ordering = ("case", "-recommended_at", "-id")
        verbose_name = _("recommendation (innstilling)")
        verbose_name_plural = _("recommendations (innstillinger)")

    def __str__(self) -> str:
        return f"{self.case}: {self.alternative}"


class PoliticalResolution(models.Model):
    """The political body's vedtak on a political case: the facts a :class:`Decision` does not hold.

    One to one with the decision, which stays the record the rest of the product reads (current
    decision, reassessment, effects, reports). Never changed.
    """

    AUDIT_MUNICIPALITY = "decision.case.municipality_id"

    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="political", verbose_name=_("decision")
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="resolutions", verbose_name=_("recommendation")
    )
    body = models.ForeignKey(
        DecisionBody, on_delete=models.PROTECT, related_name="resolutions", verbose_name=_("decision body")
    )
    meeting_date = models.DateField(_("meeting date"))
    saksnummer = models.CharField(
        _("case number in the body"), max_length=30, validators=[validate_saksnummer], help_text=SAKSNUMMER_HELP
    )
    adopted_text = SafeTextField(_("resolution as adopted"), max_length=5000)
    departs_from_recommendation = models.BooleanField(_("departs from the recommendation"), default=False)
    departure_description = SafeTextField(
        _("how the vedtak departs from the recommendation"), max_length=5000, blank=True
    )
    unanimous = models.BooleanField(_("unanimous"), default=False)
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)

    history = HistoricalRecords(bases=[ApiTokenStamped, AuditChained])

    class Meta:
        verbose_name = _("political vedtak")
        verbose_name_plural = _("political vedtak")

    def __str__(self) -> str:
        return f"{self.body} {self.saksnummer}"


class Amendment(models.Model):
    """An endringsforslag put forward in the meeting, with its outcome. Never changed."""

    AUDIT_MUNICIPALITY = "resolution.decision.case.municipality_id"

    resolution = models.ForeignKey(
        PoliticalResolution, on_delete=models.PROTECT, related_name="amendments", verbose_name=_("vedtak")
    )
    proposed_by = SafeCharField(_("proposed by"), max_length=200)
    text = SafeTextField(_("text"), max_length=5000)
    adopted = models.BooleanField(_("adopted"))
    votes_for = models.PositiveSmallIntegerField(_("votes for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), null=True, blank=True)

    history = HistoricalRecords(bases=[ApiTokenStamped, AuditChained])

    class Meta:
        ordering = ("resolution", "id")
        verbose_name = _("amendment (endringsforslag)")
        verbose_name_plural = _("amendments (endringsforslag)")

    def __str__(self) -> str:
        return self.text[:60]


class Reassessment(models.Model):
    """A decided case reopened for revurdering. The earlier decision stays as it was."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reassessments", verbose_name=_("case"))
    previous_decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="+", null=True, verbose_name=_("previous decision")
    )
    reason = SafeTextField(_("reason"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)

    history = HistoricalRecords(bases=[ApiTokenStamped])

    class Meta:
        ordering = ("case", "started_at", "id")
        verbose_name = _("reassessment")
        verbose_name_plural = _("reassessments")


class CaseTeamMember(models.Model):
    """One person on an individual case's team (tjenstlig behov): the responsible caseworker or a member.

    The caseworker who creates an individual case is its responsible caseworker; the responsible
    caseworker or a leader adds assessors and health personnel and hands the responsibility over. The
    leaders of the case's service area are on the team through their service areas, not through rows
    here. Only the team opens an individual case (:func:`prioritet.cases.policy.can_read`). A member
    taken off the team is deleted; the history keeps who was on the team when.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="team_members", verbose_name=_("case"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_teams", verbose_name=_("user")
    )
    responsible = models.BooleanField(_("responsible caseworker"), default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    history = HistoricalRecords(bases=[ApiTokenStamped])

    class Meta:
        ordering = ("case", "-responsible", "added_at", "id")
        verbose_name = _("case team member")
        verbose_name_plural = _("case team members")
        constraints = (
            models.UniqueConstraint(fields=("case", "user"), name="case_team_member_once"),
            models.UniqueConstraint(
                fields=("case",), condition=models.Q(responsible=True), name="case_team_one_responsible"
            ),
        )

    def __str__(self) -> str:
        return f"{self.case_id}: {self.user}"


class GrantReason(TextChoices):
    """Why someone outside the case team needs to read an individual case now (break the glass)."""

    URGENT = "urgent", _("Urgent need for health care or services")
    STAND_IN = "stand_in", _("Standing in for the responsible caseworker")
    ENQUIRY = "enquiry", _("An enquiry or a complaint from the person or their relatives")
    QUALITY = "quality", _("Quality control or supervision of the case work")
    OTHER = "other", _("Another service need (described below)")


class AccessGrant(models.Model):
    """Emergency access (nødtilgang, «break the glass») to an individual case by someone outside its team.

    Time-limited (``PRIORITET_ACCESS_GRANT_HOURS``, 4 by default), with a reason from a short list and
    the reader's own words; every read under it is marked in the access log (:class:`CaseAccess.grant`).
    The leaders of the case's service area see every grant in their review list and acknowledge it
    (``acknowledged_by``/``acknowledged_at``); nothing else of a grant ever changes.
    """

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="access_grants", verbose_name=_("case"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    reason = models.CharField(_("reason"), max_length=20, choices=GrantReason.choices)
    explanation = SafeTextField(_("explanation"), max_length=500)
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    history = HistoricalRecords(bases=[ApiTokenStamped])
    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("-granted_at", "-id")
        verbose_name = _("emergency access")
        verbose_name_plural = _("emergency accesses")
        indexes = (
            models.Index(fields=["case", "user", "-expires_at"], name="grant_case_user_expires"),
            models.Index(fields=["municipality", "acknowledged_at"], name="grant_muni_acknowledged"),
        )

    def __str__(self) -> str:
        return f"{self.case_id}: {self.user} ({self.get_reason_display()})"

    @property
    def is_active(self) -> bool:
        return self.expires_at > timezone.now()


class AccessBasis(TextChoices):
    """Why a read of an individual case was allowed, recorded with the read (for innsyn and review)."""

    RESPONSIBLE = "responsible", _("Responsible caseworker")
    MEMBER = "member", _("Member of the case team")
    AREA_LEADER = "area_leader", _("Leader of the case's service area")
    EMERGENCY = "emergency", _("Emergency access (break the glass)")
    ADMIN = "admin", _("System administration (Django admin)")
    #: Shown as a like case beside another case's decision (equal treatment), not opened itself.
    SIMILAR = "similar", _("Like case shown beside a decision")


class CaseAccess(ApiTokenStamped, AuditChained):
    """One read of an individual-level case. Written on every page view; never changed (hash-chained).

    A read through the API names the token and its creator (:class:`~prioritet.core.audit_fields.ApiTokenStamped`),
    stamped before the row's hash is computed, so the chain covers it.
    """

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="accesses", verbose_name=_("case"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    at = models.DateTimeField(_("read at"), default=timezone.now, db_index=False)
    #: Which page was read, e.g. «detail» or «assessment».
    page = models.CharField(_("page"), max_length=40, blank=True)
    #: Why the read was allowed (empty on rows written before case teams): team, leader or emergency.
    basis = models.CharField(
        _("basis"), max_length=20, choices=AccessBasis.choices, blank=True, default="", db_default=""
    )
    #: The emergency access the read was made under («break the glass»), when it was.
    grant = models.ForeignKey(
        AccessGrant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accesses",
        verbose_name=_("emergency access"),
    )

    class Meta:
        ordering = ("-at", "-id")
        verbose_name = _("case access")
        verbose_name_plural = _("case accesses")
        indexes = (
            models.Index(fields=["municipality", "-at"], name="access_muni_at"),
            models.Index(fields=["case", "-at"], name="access_case_at"),
            models.Index(fields=["user", "-at"], name="access_user_at"),
        )

    @property
    def page_label(self) -> str:
        """What was read, in words («the decision»), in the reader's language; the log keeps the key."""
        return page_label(self.page)


class DecidedPosition(models.Model):
    """Where one decided individual case stands for the similar-case search (cases/similar.py): the
    severity, benefit and resources its current decision saw and the outcome it got, in narrow, indexed
    columns, so the decision page reads a service's thousands of decided cases in one small query
    instead of joining the decisions and unpacking their suggestions.

    Derived, never edited: :func:`prioritet.cases.positions.refresh` writes a case's row when it is
    decided and removes it when a reassessment (or a complaint) reopens the case; migration 0017 built
    the rows of the cases decided before. A case whose decision has no suggestion or no priority (older
    data) has no row, as the search leaves it out.
    """

    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, primary_key=True, related_name="position", verbose_name=_("case")
    )
    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    service_area = models.ForeignKey(
        "accounts.ServiceArea",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service area"),
    )
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="+", verbose_name=_("decision"))
    decided_at = models.DateTimeField(_("decided at"))
    severity = models.PositiveSmallIntegerField(_("severity"))
    benefit = models.PositiveSmallIntegerField(_("benefit"))
    resources = models.PositiveSmallIntegerField(_("resources"))
    #: Ordinal: 0 refused, 1–3 granted with low, medium, high priority (cases/similar.py).
    outcome = models.PositiveSmallIntegerField(_("outcome"))

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("decided case's position")
        verbose_name_plural = _("decided cases' positions")
        indexes = (
            # The search's one query: a service's decided cases, newest decision first.
            models.Index(
                fields=["municipality", "service_area", "-decided_at", "-decision"], name="position_service_newest"
            ),
        )

    def __str__(self) -> str:
        return f"{self.case_id}: {self.severity}/{self.benefit}/{self.resources} → {self.outcome}"


class ConsistencyReport(TaskRecord):
    """A leader's consistency report (issue 13 §3): how one service's individual outcomes over a period
    follow the scores, computed by a task (:func:`prioritet.cases.tasks.compute_consistency`).

    ``result`` holds the fit, the cases furthest from the pattern (pseudonymous references) and the
    comparisons by district and by caseworker (user ids, never names: the page names them to the
    leader), with groups under the small-cell limit already pooled or left out.
    """

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    #: The service; ``None``: the individual cases without a service area.
    service_area = models.ForeignKey(
        "accounts.ServiceArea",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service area"),
    )
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    result = models.JSONField(_("result"), default=dict, blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("consistency report")
        verbose_name_plural = _("consistency reports")

    def __str__(self) -> str:
        return f"{self.service_area or '—'} {self.date_from}–{self.date_to}"


class ChildrenAnswer(TextChoices):
    """The barnets beste question of an individual case: are children affected, also as relatives?"""

    NONE = "none", _("No children are affected, also not as relatives")
    AFFECTED = "affected", _("One or more children are affected (also as relatives)")


class PersonVoice(VersionedRecord):
    """The person's and the relatives' voice in an individual case (medvirkning, pbrl § 3-1), and the
    barnets beste question (helsepersonelloven § 10 a, Grunnloven § 104).

    One per individual case, made on first save. Sensitive: texts are limited, refuse identity numbers,
    keep their history, and are blanked when retention anonymises the case. The children question
    starts unanswered (``children`` empty); an individual case cannot be decided until it is answered.
    """

    AUDIT_MUNICIPALITY = "case.municipality_id"

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="voice", verbose_name=_("case"))
    what_matters = SafeTextField(
        _("what matters to the person"),
        blank=True,
        max_length=2000,
        help_text=_("«What is important to you?» In the person's own words, as far as possible."),
    )
    relatives_view = SafeTextField(_("the relatives' view"), blank=True, max_length=2000)
    relatives_burden = SafeTextField(
        _("the burden on the relatives"),
        blank=True,
        max_length=2000,
        help_text=_("What the relatives carry today and can carry; the guideline counts it as a resource."),
    )
    children = models.CharField(
        _("are children affected, also as relatives?"), max_length=10, choices=ChildrenAnswer.choices, blank=True
    )
    children_assessment = SafeTextField(
        _("how the children's best interest is assessed"),
        blank=True,
        max_length=2000,
        help_text=_("Which children, how they are affected, and how their best interest is weighed."),
    )

    history = HistoricalRecords(excluded_fields=["updated_at"], bases=[ApiTokenStamped, AuditChained])

    class Meta:
        verbose_name = _("the person's voice")
        verbose_name_plural = _("the persons' voices")

    def __str__(self) -> str:
        return str(self.case)

    @property
    def children_answered(self) -> bool:
        return bool(self.children)

    @property
    def children_affected(self) -> bool:
        return self.children == ChildrenAnswer.AFFECTED


class AlternativeView(VersionedRecord):
    """The person's own view of one alternative of an individual case («what do you think of this?»)."""

    AUDIT_MUNICIPALITY = "alternative.case.municipality_id"

    alternative = models.OneToOneField(
        Alternative, on_delete=models.PROTECT, related_name="person_view", verbose_name=_("alternative")
    )
    view = SafeTextField(_("the person's view"), blank=True, max_length=1000)

    history = HistoricalRecords(excluded_fields=["updated_at"], bases=[ApiTokenStamped, AuditChained])

    class Meta:
        verbose_name = _("the person's view of an alternative")
        verbose_name_plural = _("the person's views of alternatives")

    def __str__(self) -> str:
        return str(self.alternative)


class UnitOutcome(TextChoices):
    """What the unit that made the decision did with a complaint (forvaltningsloven § 33)."""

    CHANGED = "changed", _("Upheld: the unit changed the decision")
    FORWARDED = "forwarded", _("Not upheld: sent on to Statsforvalteren")


class AppealResult(TextChoices):
    """Statsforvalteren's result on a complaint the unit sent on (forvaltningsloven § 34)."""

    UPHELD = "upheld", _("Upheld: the decision was changed")
    PARTLY = "partly", _("Partly upheld")
    REJECTED = "rejected", _("Not upheld: the decision stands")
    QUASHED = "quashed", _("Quashed and sent back for a new decision")


class Complaint(models.Model):
    """A klage on a decided individual case (forvaltningsloven §§ 28–34, pbrl § 7-2).

    Registering it opens a :class:`Reassessment` (the unit's own review, § 33). The unit then either
    changes the decision (a new decision, the complaint upheld) or keeps it and sends the complaint on
    to Statsforvalteren, whose result is recorded when it comes. The deadline counts from the day the
    person was notified of the decision; a late complaint is registered and flagged (§ 31 lets the
    unit consider it all the same).
    """

    AUDIT_MUNICIPALITY = "case.municipality_id"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("case"))
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("decision complained of")
    )
    notified_on = models.DateField(_("notified of the decision on"))
    received_on = models.DateField(_("complaint received on"))
    grounds = SafeTextField(_("the complaint's grounds"), max_length=4000)
    reassessment = models.OneToOneField(
        Reassessment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaint",
        verbose_name=_("reassessment"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    unit_outcome = models.CharField(_("the unit's outcome"), max_length=10, choices=UnitOutcome.choices, blank=True)
    unit_decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the unit's new decision"),
    )
    unit_note = SafeTextField(_("the unit's assessment of the complaint"), max_length=4000, blank=True)
    forwarded_on = models.DateField(_("sent to Statsforvalteren on"), null=True, blank=True)
    unit_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("the unit's outcome recorded by"),
    )
    unit_recorded_at = models.DateTimeField(_("the unit's outcome recorded at"), null=True, blank=True)
    appeal_result = models.CharField(
        _("Statsforvalteren's result"), max_length=10, choices=AppealResult.choices, blank=True
    )
    appeal_decided_on = models.DateField(_("Statsforvalteren decided on"), null=True, blank=True)
    appeal_note = SafeTextField(_("Statsforvalteren's grounds, in short"), max_length=4000, blank=True)
    appeal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Statsforvalteren's result recorded by"),
    )
    appeal_recorded_at = models.DateTimeField(_("Statsforvalteren's result recorded at"), null=True, blank=True)

    history = HistoricalRecords(bases=[ApiTokenStamped, AuditChained])

    class Meta:
        ordering = ("case", "registered_at", "id")
        verbose_name = _("complaint (klage)")
        verbose_name_plural = _("complaints (klager)")

    def __str__(self) -> str:
        return f"{self.case}: {self.received_on}"

    @property
    def deadline(self) -> datetime.date:
        """The last day of the complaint period: ``PRIORITET_COMPLAINT_DAYS`` (21) after the notice."""
        return self.notified_on + datetime.timedelta(days=complaint_days())

    @property
    def is_late(self) -> bool:
        return self.received_on > self.deadline

    @property
    def awaiting_unit(self) -> bool:
        return not self.unit_outcome

    @property
    def awaiting_statsforvalteren(self) -> bool:
        return self.unit_outcome == UnitOutcome.FORWARDED and not self.appeal_result


def complaint_days() -> int:
    """The complaint period in days: three weeks (forvaltningsloven § 29) unless the setting says otherwise."""
    return int(getattr(settings, "PRIORITET_COMPLAINT_DAYS", 21))
