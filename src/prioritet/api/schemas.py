"""The API's request and response bodies. English field names; choices are the web app's values.

Every free-text field of a request refuses national identity numbers (fødselsnummer, D-number)
with the same check as the web forms (:mod:`prioritet.cases.validators`), and has a size limit.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Annotated, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from prioritet.cases.models import (
    AlternativeKind,
    Certainty,
    KnowledgeBasis,
    Level,
    Phase,
    PlanProcess,
    Priority,
    Status,
)
from prioritet.cases.validators import validate_case_reference, validate_no_national_id

#: Size limits of free text: titles as in the database, longer texts generously but finitely.
TITLE_MAX = 200
TEXT_MAX = 10_000
CASE_REFERENCE_MAX = 50
SERVICE_AREA_NAME_MAX = 120
MAX_INITIAL_ALTERNATIVES = 20


def _django_validator(validator: Callable[[Any], None]) -> Callable[[str], str]:
    """A Django validator as a pydantic one: its message (translated) becomes the field's error."""

    def check(value: str) -> str:
        try:
            validator(value)
        except DjangoValidationError as error:
            code = error.error_list[0].code or "invalid"
            raise PydanticCustomError(code, " ".join(str(m) for m in error.messages)) from None
        return value

    return check


_no_national_id = AfterValidator(_django_validator(validate_no_national_id))

#: A title: surrounding blanks removed, 1–200 characters, no identity number.
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX), _no_national_id]
#: Free text: up to 10,000 characters, no identity number.
Text = Annotated[str, StringConstraints(max_length=TEXT_MAX), _no_national_id]
#: Free text that must not be empty.
RequiredText = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX), _no_national_id
]
CaseReference = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=CASE_REFERENCE_MAX),
    AfterValidator(_django_validator(validate_case_reference)),
]
ServiceAreaRef = Annotated[
    int | Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=SERVICE_AREA_NAME_MAX)],
    Field(description="The service area's id, or its name (any case)."),
]
Score = Annotated[int, Field(ge=1, le=5)]
Version = Annotated[int, Field(ge=1, description="The `version` you read; a stale one answers 409 Conflict.")]


# Errors --------------------------------------------------------------------------------------------


class ErrorOut(Schema):
    """Any error but a validation error."""

    detail: str = Field(description="What went wrong, in the request's language.")


class ConflictOut(ErrorOut):
    """409 Conflict: someone else changed the object after you read it, or the case is decided."""

    current_version: int | None = Field(None, description="The object's version now; read it again before you retry.")


class ValidationErrorOut(ErrorOut):
    """422: the request was understood but some fields are not acceptable. Nothing was saved."""

    errors: dict[str, str] = Field(
        description=(
            "One message per field, keyed by the field's name (``alternatives.0.title`` inside lists); "
            "``non_field_errors`` holds what concerns the request as a whole."
        )
    )


# Cases ------------------------------------------------------------------------------------------------


class ServiceAreaOut(Schema):
    id: int
    name: str


class CaseSummaryOut(Schema):
    """A case as listed."""

    id: int
    level: Level
    title: str
    service_area: ServiceAreaOut | None
    plan_process: PlanProcess
    phase: Phase
    status: Status = Field(description="`decided` once a decision is recorded; a reassessment reopens it.")
    case_reference: str = Field(description="Pseudonymous reference to the case in the case system (individual).")
    child_affected: bool
    reassessment_due: datetime.date | None
    archived: bool
    version: int = Field(description="Send it back with a change (optimistic concurrency).")
    created_at: datetime.datetime
    updated_at: datetime.datetime
    web_url: str = Field(description="The case's page in Prioritet.")

    @staticmethod
    def resolve_web_url(obj: Any, context: dict[str, Any]) -> str:
        request = context.get("request") if context else None
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request is not None else path


class CaseOut(CaseSummaryOut):
    """A case in full."""

    description: str
    created_by: str = Field(description="Username of whoever created the case.")

    @staticmethod
    def resolve_created_by(obj: Any) -> str:
        return obj.created_by.get_username()


class CaseFilter(Schema):
    level: Level | None = Field(None, description="Only cases at this level.")
    phase: Phase | None = Field(None, description="Only cases in this phase.")
    updated_since: datetime.datetime | None = Field(
        None, description="Only cases changed at or after this time (ISO 8601; without an offset, Norwegian time)."
    )
    case_reference: str | None = Field(
        None, max_length=CASE_REFERENCE_MAX, description="Only the case with this case reference (any case)."
    )
    archived: bool = Field(False, description="List archived cases instead of the active ones.")


class AlternativeIn(Schema):
    """A new alternative: one way to meet the need."""

    title: Title
    description: Text = ""
    reduces_service: bool = Field(
        False,
        description="Choosing it reduces the resources or quality of a service: a decision for it must confirm "
        "that the legal minimum standard (forsvarlighet) is met.",
    )


class CaseIn(Schema):
    """A new case. The alternative «not start, postpone or end» is always created with it."""

    level: Level
    title: Title
    description: Text = ""
    service_area: ServiceAreaRef | None = None
    plan_process: PlanProcess = PlanProcess.DAILY_OPERATIONS
    phase: Phase = Field(Phase.PREPARE, description="The case starts in «prepare» and is moved on to this phase.")
    case_reference: CaseReference = Field(
        "",
        description="Individual cases only: the case number in the case system. Never a name, birth date or "
        "identity number.",
    )
    child_affected: bool = Field(False, description="The decision affects one or more children.")
    no_action_consequence: RequiredText = Field(
        description="What happens if nothing is done: the description of the alternative «not start, postpone "
        "or end», the key question of the severity criterion."
    )
    alternatives: list[AlternativeIn] = Field(
        default_factory=list, max_length=MAX_INITIAL_ALTERNATIVES, description="Alternatives to add at once."
    )


class CasePatch(Schema):
    """Changes to a case: send only the fields to change, and the ``version`` you read."""

    version: Version
    level: Level | None = None
    title: Title | None = None
    description: Text | None = None
    service_area: ServiceAreaRef | None = Field(None, description="Id or name; `null` removes the service area.")
    plan_process: PlanProcess | None = None
    phase: Phase | None = Field(None, description="Move the case to this phase (recorded with `phase_note`).")
    phase_note: Text = Field("", description="Why the phase changes.")
    case_reference: CaseReference | None = None
    child_affected: bool | None = None
    archived: bool | None = Field(None, description="Archive (or restore) the case. Nothing is ever deleted.")

    @field_validator(
        "level", "title", "description", "plan_process", "phase", "case_reference", "child_affected", "archived"
    )
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        """Only ``service_area`` may be ``null``; the others are left out to stay as they are."""
        if value is None:
            raise PydanticCustomError("null", str(_("Leave the field out instead of sending null.")))
        return value


# Alternatives and assessments --------------------------------------------------------------------------


class AlternativeOut(Schema):
    id: int
    case_id: int
    kind: AlternativeKind = Field(description="`no_action` is «not start, postpone or end», part of every case.")
    title: str
    description: str
    reduces_service: bool
    needs_forsvarlighet: bool = Field(
        description="Deciding for it requires confirming the legal minimum standard (forsvarlighet)."
    )
    archived: bool
    version: int
    assessment_count: int = 0
    created_at: datetime.datetime
    updated_at: datetime.datetime


class AssessmentIn(Schema):
    """Your assessment of one alternative on the three criteria, each 1–5."""

    benefit: Score = Field(description="Nytte: 1 very small – 5 very large expected benefit.")
    severity: Score = Field(description="Alvorlighet: 1 very low – 5 very high severity of the condition.")
    resources: Score = Field(description="Ressurs: 1 very small – 5 very large use of resources (fewer is better).")
    benefit_justification: Text = ""
    severity_justification: Text = ""
    resources_justification: Text = ""
    knowledge_basis: list[KnowledgeBasis] = Field(
        default_factory=list, max_length=3, description="What the assessment rests on."
    )
    certainty: Certainty = Certainty.MEDIUM
    version: Version | None = Field(
        None, description="The version of your assessment you read; leave out when you have none yet."
    )

    @field_validator("knowledge_basis")
    @classmethod
    def _unique(cls, value: list[KnowledgeBasis]) -> list[KnowledgeBasis]:
        return list(dict.fromkeys(value))


class AssessmentOut(Schema):
    id: int
    alternative_id: int
    assessor: str = Field(description="Username of the assessor.")
    benefit: int
    severity: int
    resources: int
    benefit_justification: str
    severity_justification: str
    resources_justification: str
    knowledge_basis: list[KnowledgeBasis]
    certainty: Certainty
    version: int
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_assessor(obj: Any) -> str:
        return obj.assessor.get_username()


# Combined judgment -------------------------------------------------------------------------------------


class MedianOut(Schema):
    exact: float = Field(description="The median of the assessors' scores.")
    used: int = Field(description="The whole score the engine used (a half is rounded up).")


class MediansOut(Schema):
    benefit: MedianOut
    severity: MedianOut
    resources: MedianOut


class JudgedAlternativeOut(Schema):
    alternative_id: int
    title: str
    kind: AlternativeKind
    assessor_count: int
    medians: MediansOut | None = Field(description="`null` until someone has assessed the alternative.")
    value: float | None = Field(description="The engine's weighted value in [0, 1]; higher is better.")
    rank: int | None = Field(description="1 is suggested first; equal values share a rank.")
    priority_band: Priority | None = Field(description="The value read as high, medium or low priority.")
    is_top: bool = Field(description="Suggested first (alone or tied).")
    rounded: bool = Field(description="At least one median was halfway and rounded.")


class WeightsOut(Schema):
    id: int
    version: int = Field(description="The municipality's weight version number.")
    benefit: float
    severity: float
    resources: float
    normalised: dict[str, float] = Field(description="The weights as shares that sum to 1.")
    decided_by_body: str
    reason: str
    created_at: datetime.datetime


class JudgmentOut(Schema):
    """The combined judgment (samlet vurdering), exactly as the case page shows it."""

    case_id: int
    case_version: int
    method: str = Field(description="How the engine combines the criteria.")
    weights: WeightsOut
    alternatives: list[JudgedAlternativeOut] = Field(
        description="Assessed alternatives best first, then those nobody has assessed yet."
    )
    suggested_alternative_ids: list[int] = Field(description="The alternative(s) suggested first.")
    signature: str = Field(
        description="Changes whenever an alternative or assessment does; send it with a decision to make sure "
        "the decision rests on this judgment."
    )


# Decision ------------------------------------------------------------------------------------------------


class DecisionIn(Schema):
    """The responsible person's decision. The same rules as on the web page apply."""

    version: Version
    alternative_id: int = Field(description="The chosen alternative.")
    priority: Priority | None = None
    justification: Text = Field("", description="The combined judgment the decision rests on. Required.")
    reassessment_due: datetime.date | None = Field(None, description="When to reassess; after today. Required.")
    departure_reason: Text = Field("", description="Required when the chosen alternative is not suggested first.")
    forsvarlighet_confirmed: bool = Field(
        False, description="Required when the choice reduces a service or is to not start, postpone or end."
    )
    forsvarlighet_justification: Text = Field("", description="Required with `forsvarlighet_confirmed`.")
    child_best_interest: Text = Field("", description="Required when the case affects children.")
    signature: str | None = Field(
        None, max_length=64, description="The judgment's `signature` you read; a stale one answers 409."
    )


class ReassessmentIn(Schema):
    """Reopen a decided case for reassessment (revurdering); the decision is kept as it was."""

    version: Version
    reason: RequiredText = Field(description="Why the decision is looked at again.")


class AlternativeRefOut(Schema):
    id: int
    title: str


class WeightVersionRefOut(Schema):
    id: int
    version: int


class DecisionOut(Schema):
    id: int
    case_id: int
    alternative: AlternativeRefOut
    priority: Priority
    justification: str
    departure_reason: str
    forsvarlighet_confirmed: bool
    forsvarlighet_justification: str
    child_best_interest: str
    level: Level
    weights: WeightVersionRefOut
    suggestion: list[dict[str, Any]] = Field(description="The suggested order the decision was made on.")
    reassessment_due: datetime.date
    decided_by: str = Field(description="Username of the decision maker.")
    decided_at: datetime.datetime

    @staticmethod
    def resolve_weights(obj: Any) -> dict[str, int]:
        return {"id": obj.weight_version_id, "version": obj.weight_version.number}

    @staticmethod
    def resolve_decided_by(obj: Any) -> str:
        return obj.decided_by.get_username()
