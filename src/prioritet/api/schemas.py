"""The API's request and response bodies. English field names; choices are the web app's values.

Every free-text field of a request and every text query parameter follows the same text rules as
the web forms (:mod:`prioritet.core.text`: no national identity numbers however written, no control
characters) and has a size limit; a date-time query parameter is range-checked. A broken rule is a
422 naming the field.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError

from prioritet.cases.models import (
    AlternativeKind,
    Case,
    Certainty,
    KnowledgeBasis,
    Level,
    Phase,
    PlanProcess,
    Status,
)
from prioritet.cases.validators import validate_case_reference
from prioritet.catalogue.models import EntryKind
from prioritet.core.text import TEXT_MAX, TITLE_MAX, validate_text
from prioritet.engine import Priority
from prioritet.examples.models import SizeClass
from prioritet.indicators.posted import may_write

#: Size limits of free text: titles and long texts as in the database (prioritet.core.text).
CASE_REFERENCE_MAX = 50
DISTRICT_MAX = Case._meta.get_field("district").max_length
SERVICE_AREA_NAME_MAX = 120
MAX_INITIAL_ALTERNATIVES = 20
#: The last page a list answers: a larger page number would ask the database for an offset past
#: what a bigint holds (a 500 on PostgreSQL); no municipality has near this many cases or examples.
MAX_PAGE = 100_000


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


_text_rules = AfterValidator(_django_validator(validate_text))

#: A title: surrounding blanks removed, 1–200 characters, the text rules.
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX), _text_rules]
#: Free text: up to 10,000 characters, the text rules.
Text = Annotated[str, StringConstraints(max_length=TEXT_MAX), _text_rules]
#: Free text that must not be empty.
RequiredText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=TEXT_MAX), _text_rules]
#: A shorter free text: up to 4,000 characters (who is affected and involved, management information).
ShortText = Annotated[str, StringConstraints(max_length=4000), _text_rules]
#: A text query parameter (a search, a name to filter by): short, the text rules.
QueryText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=TITLE_MAX), _text_rules]

#: The largest offset from UTC a real time zone has (Kiribati +14:00, Baker Island −12:00).
MAX_UTC_OFFSET = datetime.timedelta(hours=14)
#: Date-times far outside the product's life are a mistake; their conversion to UTC can overflow.
EARLIEST_YEAR, LATEST_YEAR = 1900, 9998


def _in_range(value: datetime.datetime) -> datetime.datetime:
    """A query's date-time: an offset of a real time zone, a year in range (a 422, never a 500)."""
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_UTC_OFFSET:
        raise PydanticCustomError(
            "utc_offset", str(_("The offset from UTC must be between -14:00 and +14:00, for example +01:00."))
        )
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        raise PydanticCustomError(
            "date_range",
            str(_("The year must be between %(earliest)d and %(latest)d."))
            % {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR},
        )
    return value


#: A date-time query parameter (ISO 8601): a real UTC offset and a year in range.
QueryDateTime = Annotated[datetime.datetime, AfterValidator(_in_range)]
CaseReference = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=CASE_REFERENCE_MAX),
    AfterValidator(_django_validator(validate_case_reference)),
]


def _service_area_name(value: int | str) -> int | str:
    """A service area by name: 1–120 characters and the text rules (one error, on the field)."""
    if isinstance(value, int):
        return value
    value = value.strip()
    if not 1 <= len(value) <= SERVICE_AREA_NAME_MAX:
        raise PydanticCustomError(
            "string_length",
            str(_("A service area's name has 1 to %(max)d characters.")) % {"max": SERVICE_AREA_NAME_MAX},
        )
    return _django_validator(validate_text)(value)


#: A district (bydel, sone) of an individual case: as the web form, up to 60 characters and the text rules.
District = Annotated[str, StringConstraints(strip_whitespace=True, max_length=DISTRICT_MAX), _text_rules]
#: A person by username: 1–150 characters and the text rules.
Username = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=150), _text_rules]

ServiceAreaRef = Annotated[
    int | str,
    AfterValidator(_service_area_name),
    Field(description="The service area's id, or its name (any case)."),
]
Score = Annotated[int, Field(ge=1, le=5)]
Version = Annotated[int, Field(ge=1, description="The `version` you read; a stale one answers 409 Conflict.")]


def absolute_url(context: dict[str, Any] | None, path: str) -> str:
    """``path`` as an absolute URL on the request's host (a response's ``web_url``); the path without a request."""
    request = context.get("request") if context else None
    return request.build_absolute_uri(path) if request is not None else path


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
    """A case as listed: an individual case by its pseudonymous reference, never its title (a list is not
    a read of the case, so it shows nothing that could identify the person)."""

    id: int
    level: Level
    title: str = Field(
        description="The case's title; for an individual case its case reference (or «Individual case N»): "
        "read the case, which is logged, for its title."
    )
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
        return absolute_url(context, obj.get_absolute_url())

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return str(obj.list_label)


class CaseOut(CaseSummaryOut):
    """A case in full."""

    title: str

    @staticmethod
    def resolve_title(obj: Any) -> str:
        return str(obj.title)

    description: str
    severity: int | None = Field(
        description="Alvorlighet of the need, 1 very low – 5 very high: assessed once for the case, the same for "
        "every alternative. `null` until assessed; the case cannot be decided before."
    )
    severity_justification: str
    involvement_plan: str = Field(description="Forberede: who is affected and how they are involved (medvirkning).")
    management_information: str = Field(description="Forberede: the management information the case rests on.")
    follows_id: int | None = Field(description="The case this one follows up (a new cycle), or `null`.")
    created_by: str = Field(description="Username of whoever created the case.")
    district: str = Field(
        description="Individual cases: the district or zone (bydel, sone) the person belongs to, never an address; "
        "the consistency report compares outcomes by district."
    )
    responsible: str | None = Field(
        description="Individual cases: username of the responsible caseworker (of the case team); `null` otherwise."
    )

    @staticmethod
    def resolve_created_by(obj: Any) -> str:
        return obj.created_by.get_username()

    @staticmethod
    def resolve_responsible(obj: Any) -> str | None:
        if not obj.is_individual:
            return None
        member = obj.team_members.filter(responsible=True).select_related("user").first()
        return member.user.get_username() if member is not None else None


class CaseFilter(Schema):
    level: Level | None = Field(None, description="Only cases at this level.")
    phase: Phase | None = Field(None, description="Only cases in this phase.")
    updated_since: QueryDateTime | None = Field(
        None, description="Only cases changed at or after this time (ISO 8601; without an offset, Norwegian time)."
    )
    case_reference: Annotated[str, _text_rules] | None = Field(
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
    phase: Phase = Field(
        Phase.PREPARE,
        description="The case starts in «prepare» and is moved on to this phase, if the exit conditions of the "
        "phases it leaves are met (422 lists the unmet ones under `phase`).",
    )
    case_reference: CaseReference = Field(
        "",
        description="Individual cases only: the case number in the case system. Never a name, birth date or "
        "identity number.",
    )
    district: District = Field(
        "",
        description="Individual cases only: the district or zone (bydel, sone) the person belongs to, up to 60 "
        "characters. Never an address.",
    )
    responsible: Username | None = Field(
        None,
        description="Individual cases only: username of the responsible caseworker, an active caseworker or health "
        "worker of the municipality (422 otherwise); the integration is then a member of the case team. Left "
        "out: the integration's system user is responsible, as before.",
    )
    child_affected: bool = Field(False, description="The decision affects one or more children.")
    severity: Score | None = Field(
        None,
        description="Alvorlighet of the need, 1 very low – 5 very high: the condition of the person or target group "
        "without the measure, the same for every alternative. Required before the case can be decided.",
    )
    severity_justification: Text = ""
    involvement_plan: ShortText = Field("", description="Who is affected and how they are involved (medvirkning).")
    management_information: ShortText = Field("", description="The management information the case rests on.")
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
    phase: Phase | None = Field(
        None,
        description="Move the case to this phase (recorded with `phase_note`). Moving forward needs the exit "
        "conditions of the phases left (422 lists the unmet ones under `phase`); moving back needs `phase_note`.",
    )
    phase_note: Text = Field("", description="Why the phase changes.")
    case_reference: CaseReference | None = None
    district: District | None = Field(
        None, description="Individual cases only: the district or zone; never an address."
    )
    child_affected: bool | None = None
    severity: Score | None = Field(None, description="Alvorlighet of the need, 1–5, the same for every alternative.")
    severity_justification: Text | None = None
    involvement_plan: ShortText | None = None
    management_information: ShortText | None = None
    archived: bool | None = Field(None, description="Archive (or restore) the case. Nothing is ever deleted.")

    @field_validator(
        "level",
        "title",
        "description",
        "plan_process",
        "phase",
        "case_reference",
        "district",
        "child_affected",
        "severity",
        "severity_justification",
        "involvement_plan",
        "management_information",
        "archived",
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
    kind: AlternativeKind = Field(
        description="`no_action` is «not start, postpone or end», part of every case: the reference, never ranked."
    )
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
    """Your assessment of one alternative on benefit and resources, each 1–5. Severity belongs to the need:
    it is the case's (`severity` of the case), the same for every alternative, and refused here."""

    benefit: Score = Field(
        description="Nytte: 1 very small – 5 very large expected benefit, the gain compared with no action."
    )
    resources: Score = Field(description="Ressurs: 1 very small – 5 very large use of resources (fewer is better).")
    benefit_justification: Text = ""
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

    @model_validator(mode="before")
    @classmethod
    def _no_severity(cls, data: Any) -> Any:
        """An assessment no longer carries severity: say where it went instead of ignoring it."""
        given = getattr(data, "_obj", data)  # ninja hands the body over wrapped (DjangoGetter)
        if isinstance(given, dict) and ({"severity", "severity_justification"} & set(given)):
            raise PydanticCustomError(
                "severity_on_case",
                str(_("Severity belongs to the need: set it on the case (severity), not on an assessment.")),
            )
        return data


class AssessmentOut(Schema):
    id: int
    alternative_id: int
    assessor: str = Field(description="Username of the assessor.")
    benefit: int
    resources: int
    benefit_justification: str
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
    is_reference: bool = Field(
        description="The alternative «not start, postpone or end»: the reference, the consequence of doing nothing. "
        "It is never ranked: `value`, `rank` and `priority_band` are `null`, and it is never suggested."
    )


class WeightsOut(Schema):
    """The weights the judgment uses. Until the municipality has saved a version, that is the default
    (equal weights, version 1) with ``id`` and ``created_at`` null: it is saved as version 1 by the first
    decision or the first recorded weights."""

    id: int | None = Field(description="Null for the default equal weights, not saved yet.")
    version: int = Field(description="The municipality's weight version number.")
    benefit: float
    severity: float
    resources: float
    normalised: dict[str, float] = Field(description="The weights as shares that sum to 1.")
    decided_by_body: str
    reason: str
    created_at: datetime.datetime | None = Field(description="When the version was saved; null for the default.")


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


class AmendmentIn(Schema):
    """An amendment (endringsforslag) put forward in the meeting, with its outcome."""

    proposed_by: Annotated[str, StringConstraints(max_length=200), _text_rules] = Field(
        description="The party or representative who proposed it."
    )
    text: Text = Field(description="The amendment's text.")
    adopted: bool = Field(description="`true` adopted (vedtatt), `false` rejected (falt).")
    votes_for: int | None = Field(None, ge=0, le=999)
    votes_against: int | None = Field(None, ge=0, le=999)


class VedtakIn(Schema):
    """A political case's vedtak: the body, meeting and case number, the adopted text, the vote, amendments."""

    body_id: int = Field(description="The decision body (see `GET /decision-bodies`).")
    meeting_date: datetime.date
    saksnummer: Annotated[str, StringConstraints(max_length=30), _text_rules] = Field(
        description="The body's case number, e.g. «PS 45/26»."
    )
    adopted_text: Text = Field(description="The resolution as adopted.")
    departure_description: Text = Field(
        "", description="How the vedtak departs from the innstilling; required when the alternative or text differs."
    )
    unanimous: bool = False
    votes_for: int | None = Field(None, ge=0, le=999, description="Required unless `unanimous`.")
    votes_against: int | None = Field(None, ge=0, le=999, description="Required unless `unanimous`.")
    amendments: list[AmendmentIn] = Field(default_factory=list, max_length=20)


class RecommendationIn(Schema):
    """The municipal director's innstilling on a political case, with its forslag til vedtak."""

    version: Version
    alternative_id: int = Field(description="The recommended alternative.")
    priority: Priority | None = None
    proposed_resolution: Text = Field(description="The proposed resolution (forslag til vedtak). Required.")
    justification: Text = Field("", description="The combined judgment the innstilling rests on. Required.")
    departure_reason: Text = Field("", description="Required when the alternative is not suggested first.")
    forsvarlighet_confirmed: bool = False
    forsvarlighet_justification: Text = ""
    child_best_interest: Text = ""
    signature: Annotated[str, _text_rules] | None = Field(None, max_length=64)


class DecisionIn(Schema):
    """The responsible person's decision. The same rules as on the web page apply."""

    version: Version
    alternative_id: int = Field(description="The chosen alternative.")
    priority: Priority | None = Field(
        None,
        description="Required, except when the chosen alternative is to not start, postpone or end: that is the "
        "reference, which never gets a priority (whatever is sent is not stored).",
    )
    justification: Text = Field("", description="The combined judgment the decision rests on. Required.")
    reassessment_due: datetime.date | None = Field(
        None,
        description="When to reassess (revurdering), at every level; after today. Required: left out or null, "
        "it answers 422 with this field's message, together with any other broken rule.",
    )
    departure_reason: Text = Field("", description="Required when the chosen alternative is not suggested first.")
    forsvarlighet_confirmed: bool = Field(
        False, description="Required when the choice reduces a service or is to not start, postpone or end."
    )
    forsvarlighet_justification: Text = Field("", description="Required with `forsvarlighet_confirmed`.")
    child_best_interest: Text = Field("", description="Required when the case affects children.")
    signature: Annotated[str, _text_rules] | None = Field(
        None, max_length=64, description="The judgment's `signature` you read; a stale one answers 409."
    )
    similar_departure_reason: Text = Field(
        "",
        description="Individual cases: why this case differs from the most similar decided cases of its service, "
        "when the outcome departs from what they got (fewer than a third of at least five got it); else 422 "
        "under this field, unless `similar_acknowledged`.",
    )
    similar_acknowledged: bool = Field(
        False, description="Individual cases: proceed without a reason although the outcome departs from similar cases."
    )
    vedtak: VedtakIn | None = Field(
        None,
        description="Required for a political case, which must have the municipal director's innstilling first; "
        "`justification` and `departure_reason` then come from the innstilling or `departure_description`.",
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


class RecommendationOut(Schema):
    id: int
    case_id: int
    alternative: AlternativeRefOut
    priority: Priority | None
    proposed_resolution: str
    justification: str
    departure_reason: str
    forsvarlighet_confirmed: bool
    forsvarlighet_justification: str
    child_best_interest: str
    recommended_by: str
    recommended_at: datetime.datetime

    @staticmethod
    def resolve_priority(obj: Any) -> str | None:
        return obj.priority or None

    @staticmethod
    def resolve_recommended_by(obj: Any) -> str:
        return obj.recommended_by.get_username()


class AmendmentOut(Schema):
    proposed_by: str
    text: str
    adopted: bool
    votes_for: int | None
    votes_against: int | None


class VedtakOut(Schema):
    body: ServiceAreaOut = Field(description="The decision body (id and name).")
    meeting_date: datetime.date
    saksnummer: str
    adopted_text: str
    recommendation_id: int
    departs_from_recommendation: bool
    departure_description: str
    unanimous: bool
    votes_for: int | None
    votes_against: int | None
    amendments: list[AmendmentOut]

    @staticmethod
    def resolve_body(obj: Any) -> dict[str, Any]:
        return {"id": obj.body_id, "name": obj.body.name}

    @staticmethod
    def resolve_amendments(obj: Any) -> list[Any]:
        return list(obj.amendments.all())


class DecisionOut(Schema):
    id: int
    case_id: int
    alternative: AlternativeRefOut
    priority: Priority | None = Field(description="`null` when the reference (not start, postpone or end) is chosen.")
    justification: str
    departure_reason: str
    forsvarlighet_confirmed: bool
    forsvarlighet_justification: str
    child_best_interest: str
    departs_from_similar: bool | None = Field(
        description="Individual cases: whether the outcome departed from what the most similar decided cases got; "
        "`null` where no comparison was made."
    )
    similar_departure_reason: str = Field(description="Why this case differs from the similar cases, if it departed.")
    level: Level
    weights: WeightVersionRefOut
    suggestion: list[dict[str, Any]] = Field(description="The suggested order the decision was made on.")
    reassessment_due: datetime.date
    decided_by: str = Field(description="Username of the decision maker.")
    decided_at: datetime.datetime
    vedtak: VedtakOut | None = Field(description="A political case's vedtak; `null` at the other levels.")

    @staticmethod
    def resolve_priority(obj: Any) -> str | None:
        return obj.priority or None

    @staticmethod
    def resolve_vedtak(obj: Any) -> Any:
        return getattr(obj, "political", None)

    @staticmethod
    def resolve_weights(obj: Any) -> dict[str, int]:
        return {"id": obj.weight_version_id, "version": obj.weight_version.number}

    @staticmethod
    def resolve_decided_by(obj: Any) -> str:
        return obj.decided_by.get_username()


# Consultation rounds -------------------------------------------------------------------------------------


class RoundOut(Schema):
    """A consultation round (høring, medvirkning) on a service or political case. Links are never shown."""

    id: int
    case_id: int
    question: str
    deadline: datetime.datetime
    closed_early_at: datetime.datetime | None = Field(description="When a leader closed the round early, if so.")
    closes_at: datetime.datetime = Field(
        description="When the round closed or will close: the early close, else the deadline."
    )
    is_open: bool = Field(description="Answers are accepted now.")
    public_link_open: bool = Field(
        description="Citizens can answer through the public link (their answers are marked not verified). The "
        "link itself is only shown to the leader on the web page."
    )
    invitation_count: int = Field(description="Invited groups and organisations.")
    answer_count: int = Field(description="Submitted answers (invited and public); drafts are not counted.")
    created_by: str = Field(description="Username of whoever opened the round.")
    created_at: datetime.datetime

    @staticmethod
    def resolve_is_open(obj: Any) -> bool:
        return obj.is_open()

    @staticmethod
    def resolve_public_link_open(obj: Any) -> bool:
        return obj.public_enabled

    @staticmethod
    def resolve_answer_count(obj: Any) -> int:
        return obj.submitted_count

    @staticmethod
    def resolve_created_by(obj: Any) -> str:
        return obj.created_by.get_username()


class DistributionOut(Schema):
    """How one group (or all answers) sees an alternative on one criterion."""

    group: str | None = Field(
        description="The group's key (`elderly_council`, `user_organisation`, …), `public` for answers through the "
        "public link, `null` for the total over all answers."
    )
    label: str = Field(description="The group's name, in the request's language.")
    verified: bool | None = Field(
        description="Invited groups are verified; answers through the public link are not; `null` for the total."
    )
    counts: list[int] = Field(description="Answers that gave the score 1, 2, 3, 4 and 5.", min_length=5, max_length=5)
    unknown: int = Field(description="Answers that said «don't know» (vet ikke).")
    total: int = Field(description="All answers counted here, «don't know» included.")
    median: float | None = Field(description="The median of the scores given; `null` when no one gave one.")


class AdministrationOut(Schema):
    """The administration's assessment: the combined judgment's median of the assessors' scores."""

    exact: float = Field(description="The median of the assessors' scores.")
    used: int = Field(description="The whole score the engine used (a half is rounded up).")
    word: str = Field(description="The score with the guideline scale's word, e.g. «4 – høy».")


class CriterionSummaryOut(Schema):
    criterion: str = Field(
        description="`severity` (the need's, in `need`), `benefit` or `resources` (per alternative)."
    )
    name: str = Field(description="The criterion's name in the request's language.")
    scale: list[str] = Field(description="The scale's words for the scores 1–5.")
    administration: AdministrationOut | None = Field(description="`null` until someone has assessed the alternative.")
    groups: list[DistributionOut] = Field(description="One row per group that answered, the public link's last.")
    total: DistributionOut = Field(description="All answers together.")


class ReasonOut(Schema):
    """A written «why» about one alternative."""

    group: str | None = Field(description="The group's key, or `public` for the public link.")
    group_label: str
    organisation: str = Field(description="The invited organisation's name; empty for public answers.")
    verified: bool
    text: str


class AlternativeSummaryOut(Schema):
    alternative_id: int
    title: str
    kind: AlternativeKind
    criteria: list[CriterionSummaryOut] = Field(
        description="Benefit (the gain compared with no action) and resources; severity is the need's, in `need`."
    )
    reasons: list[ReasonOut]


class NeedSummaryOut(Schema):
    """The groups' views on the severity of the need: asked once per answer, the same for every alternative."""

    severity: CriterionSummaryOut = Field(
        description="The answers' severity of the need, beside the case's severity (`administration`, `null` until "
        "the case's severity is assessed)."
    )
    reasons: list[ReasonOut] = Field(description="The reasons given for the severity of the need.")


class WrittenInputOut(Schema):
    organisation: str = Field(description="The invited organisation's name; empty for public answers.")
    speaks_for: str = Field(description="Whom the respondent says they speak for.")
    verified: bool
    text: str
    submitted_at: datetime.datetime | None


class GroupInputsOut(Schema):
    group: str | None = Field(description="The group's key, or `public` for the public link.")
    group_label: str
    verified: bool
    inputs: list[WrittenInputOut]


class RoundSummaryOut(Schema):
    """A round's summary, exactly as the round's web page shows it. Only submitted answers count."""

    round: RoundOut
    answers: int = Field(description="Submitted answers.")
    verified: int = Field(description="Submitted answers from invited groups.")
    unverified: int = Field(description="Submitted answers through the public link.")
    need: NeedSummaryOut = Field(description="The groups' views on the severity of the need, asked once.")
    alternatives: list[AlternativeSummaryOut] = Field(
        description="Per alternative, on benefit and resources: the groups' views beside the administration's "
        "assessment."
    )
    inputs: list[GroupInputsOut] = Field(description="The written inputs, by group (the public link's last).")


# Example bank --------------------------------------------------------------------------------------------


def _choices(values: list[str]) -> dict[str, Any]:
    return {"enum": ["", *values]}


_BANDS = ["high", "moderate", "low"]


class ExampleFilter(Schema):
    """The search of the example bank, with the web page's fields and rules (an empty value is no filter)."""

    q: QueryText = Field(
        "", description="Words in the title, the background, the alternatives, the decision or the justification."
    )
    level: QueryText = Field("", description="Only examples at this level.", json_schema_extra=_choices(Level.values))
    service_area: QueryText = Field(
        "", description="Only examples of this service area: a name exactly as the bank holds it."
    )
    size_class: QueryText = Field(
        "", description="Only examples from municipalities of this size.", json_schema_extra=_choices(SizeClass.values)
    )
    severity: QueryText = Field(
        "",
        description="Severity of the profile alternative: `high` (4–5), `moderate` (3) or `low` (1–2).",
        json_schema_extra=_choices(_BANDS),
    )
    benefit: QueryText = Field(
        "",
        description="Benefit of the profile alternative: `high` (4–5), `moderate` (3) or `low` (1–2).",
        json_schema_extra=_choices(_BANDS),
    )
    resources: QueryText = Field(
        "",
        description="Resources of the profile alternative: `high` (4–5), `moderate` (3) or `low` (1–2).",
        json_schema_extra=_choices(_BANDS),
    )
    mine: bool = Field(False, description="Only examples the token's municipality shared.")
    page: int = Field(1, ge=1, le=MAX_PAGE, description="The page, from 1; 25 examples per page.")


class ProfileOut(Schema):
    """The alternative that shows an example's profile: the chosen one, else the first."""

    title: str | None
    severity: int | None
    benefit: int | None
    resources: int | None


class ExampleSummaryOut(Schema):
    """An example as listed."""

    id: int
    title: str
    level: Level
    service_area: str
    source_label: str = Field(description="Who shared it; empty for de-identified individual examples.")
    size_class: SizeClass = Field(description="The sharing municipality's size by population.")
    decision: str
    priority: Priority | None
    published_at: datetime.datetime
    profile: ProfileOut
    web_url: str = Field(description="The example's page in Prioritet.")

    @staticmethod
    def resolve_priority(obj: Any) -> str | None:
        return obj.priority or None

    @staticmethod
    def resolve_profile(obj: Any) -> dict[str, Any]:
        return {name: getattr(obj, f"profile_{name}", None) for name in ("title", "severity", "benefit", "resources")}

    @staticmethod
    def resolve_web_url(obj: Any, context: dict[str, Any]) -> str:
        return absolute_url(context, reverse("examples:detail", args=[obj.pk]))


class ExamplePageOut(Schema):
    count: int = Field(description="All examples that match.")
    page: int
    pages: int = Field(description="The number of pages (at least 1).")
    items: list[ExampleSummaryOut] = Field(
        description="This page's examples, best match first (newest first without `q`)."
    )


class ExampleAlternativeOut(Schema):
    """An alternative of an example, with the scores (1–5) the deciding municipality gave it."""

    title: str
    description: str
    severity: int | None
    benefit: int | None
    resources: int | None
    conclusion: str
    chosen: bool
    no_action: bool = Field(description="The alternative «not start, postpone or end».")


class ExampleOut(Schema):
    """An example of the national example bank: a snapshot of a decided prioritisation."""

    id: int
    title: str
    summary: str = Field(description="Background and need.")
    level: Level
    service_area: str
    source_label: str = Field(description="Who shared it; empty for de-identified individual examples.")
    size_class: SizeClass
    deidentified: bool = Field(description="An individual case, de-identified by whoever shared it.")
    decision: str
    priority: Priority | None
    justification: str
    published_at: datetime.datetime
    alternatives: list[ExampleAlternativeOut]
    web_url: str = Field(description="The example's page in Prioritet.")

    @staticmethod
    def resolve_deidentified(obj: Any) -> bool:
        return obj.deidentified_confirmed

    @staticmethod
    def resolve_priority(obj: Any) -> str | None:
        return obj.priority or None

    @staticmethod
    def resolve_alternatives(obj: Any) -> list[Any]:
        return list(obj.alternatives.all())

    @staticmethod
    def resolve_web_url(obj: Any, context: dict[str, Any]) -> str:
        return ExampleSummaryOut.resolve_web_url(obj, context)


# Indicators (styringsinformasjon) --------------------------------------------------------------------

#: A region code: a municipality or county number, «0» for the country, a KOSTRA group (EKG13).
RegionCode = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=12)]
#: A period as SSB writes it: 2024, 2024K1 or 2024M01.
PeriodText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=4, max_length=7)]
IndicatorKey = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


class IndicatorDefinitionOut(Schema):
    """What a figure is and where it comes from."""

    key: str = Field(description="The key values name it by: the municipality's own, else the national one.")
    national: bool = Field(description="A national definition every municipality reads; else the municipality's own.")
    name_nb: str
    name_nn: str
    name_en: str
    description: str
    unit: str
    higher_is_better: bool | None = Field(description="None when neither direction is better.")
    service_area: str | None
    source: str = Field(description="`ssb`, `own` (the product's own data) or `import`.")
    ssb_table: str
    ssb_content_code: str
    decimals: int
    writable: bool = Field(description="Whether the token's municipality may post values to it.")

    @staticmethod
    def resolve_national(obj: Any) -> bool:
        return obj.owner_id is None

    @staticmethod
    def resolve_writable(obj: Any, context: dict[str, Any]) -> bool:
        return may_write(context["request"].municipality, obj)

    @staticmethod
    def resolve_service_area(obj: Any) -> str | None:
        return obj.service_area.name if obj.service_area_id else None


class IndicatorValueFilter(Schema):
    definition: IndicatorKey | None = Field(None, description="Only this indicator (its key).")
    region: RegionCode | None = Field(None, description="Only this region code (3909, EKG13, 0).")
    period_from: PeriodText | None = Field(None, description="From this period on (2020, 2020K1, 2020M01).")
    period_to: PeriodText | None = Field(
        None, description="Up to and including this period (a year includes its quarters and months)."
    )
    page: int = Field(1, ge=1, le=MAX_PAGE, description="The page, from 1; 500 values per page.")


class IndicatorValueOut(Schema):
    """One figure as it may be shown: the number, or a status symbol instead of it."""

    definition: str = Field(description="The indicator's key.")
    region: str
    period: str
    period_kind: str = Field(description="`year`, `quarter` or `month`.")
    value: float | None = Field(description="Empty when a status symbol stands instead (never a zero).")
    status: str | None = Field(
        description="SSB's symbol: `..` not available, `.` not applicable, `:` hidden for privacy, `-` nil, `…` later."
    )
    persons: int | None = Field(description="How many people the figure describes, when known and not hidden.")
    source: str
    demo: bool = Field(description="A made-up demo figure.")


class IndicatorValuePageOut(Schema):
    count: int
    page: int
    pages: int
    items: list[IndicatorValueOut]


class IndicatorValueIn(Schema):
    definition: IndicatorKey = Field(description="The indicator's key.")
    region: RegionCode = Field(description="The region code: a municipality number (3909), a KOSTRA group, 0.")
    period: PeriodText = Field(description="2024, 2024K1 or 2024M01.")
    value: float | None = Field(None, description="The figure; leave it out when a status symbol stands instead.")
    status: str | None = Field(
        None, max_length=2, description="SSB's symbol instead of a value: `..`, `.`, `:`, `-`, `…`."
    )
    persons: int | None = Field(
        None,
        ge=0,
        le=100_000_000,
        description="How many people the figure describes; fewer than five and it is shown as `:`.",
    )


class IndicatorValueBatchIn(Schema):
    values: list[IndicatorValueIn] = Field(description="Up to 1,000 values, all written or none.")


class IndicatorValueBatchOut(Schema):
    created: int
    updated: int
    unchanged: int


# The person's voice (individual cases, issue 13 §4) -----------------------------------------------

VoiceText = Annotated[str, StringConstraints(max_length=2000), _text_rules]
ViewText = Annotated[str, StringConstraints(max_length=1000), _text_rules]


class AlternativeViewIO(Schema):
    """The person's own view of one alternative of the case."""

    alternative_id: int
    view: ViewText = ""


class VoiceIn(Schema):
    """What matters to the person, their view per alternative, the relatives' view and burden, and the
    children question (medvirkning, pasient- og brukerrettighetsloven § 3-1; barnets beste,
    helsepersonelloven § 10 a). Fields left out keep what is recorded."""

    what_matters: VoiceText | None = Field(None, description="«Hva er viktig for deg?» In the person's words.")
    relatives_view: VoiceText | None = None
    relatives_burden: VoiceText | None = Field(
        None, description="The burden on the relatives (the guideline counts it as a resource)."
    )
    children: Literal["", "none", "affected"] | None = Field(
        None,
        description="Are children affected, also as relatives? `none` or `affected`; empty: not answered. "
        "An individual case cannot be decided before it is answered.",
    )
    children_assessment: VoiceText | None = Field(
        None, description="How the children's best interest is assessed; required when `children` is `affected`."
    )
    views: list[AlternativeViewIO] = Field(default_factory=list, max_length=50)
    version: Version | None = Field(None, description="The voice's version you read; leave out the first time.")


class VoiceOut(Schema):
    case_id: int
    what_matters: str
    relatives_view: str
    relatives_burden: str
    children: str = Field(description="`none`, `affected`, or empty while not answered.")
    children_assessment: str
    views: list[AlternativeViewIO]
    version: int
    updated_at: datetime.datetime


# The measures catalogue ------------------------------------------------------------------------------

#: A catalogue search: as the web page's search field.
CATALOGUE_QUERY_MAX = 100
#: A portfolio measure's id, as the measure's own field.
MEASURE_CODE_MAX = 60

CatalogueQuery = Annotated[str, StringConstraints(strip_whitespace=True, max_length=CATALOGUE_QUERY_MAX), _text_rules]
MeasureCode = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MEASURE_CODE_MAX), _text_rules
]
#: Typical yearly amounts by resource column key, as decimal strings.
Amounts = Annotated[
    dict[str, str],
    Field(
        description="The typical yearly amount per resource column of the municipality, by the column's key "
        "(`cost_nok`, `fte`, …), as a decimal string in the column's unit; a column without an amount is left out."
    ),
]


class CatalogueFilter(Schema):
    q: CatalogueQuery = Field("", description="Words in the name or description (any case).")
    service_area: ServiceAreaRef | None = None
    archived: bool = Field(False, description="List the archived entries instead of the current ones.")


class CatalogueEntryOut(Schema):
    """A service or measure of the municipality's catalogue, kept by its municipal administrator."""

    id: int
    kind: EntryKind
    name: str
    description: str
    service_area: ServiceAreaOut | None
    resources: Amounts
    archived: bool = Field(description="An archived entry is not taken into cases; cases that took it keep their copy.")
    version: int = Field(description="Send it back when you take the entry into a case (optimistic concurrency).")
    created_at: datetime.datetime
    updated_at: datetime.datetime


class CatalogueUseIn(Schema):
    """Take the entry into an open service or political case the token's role works on."""

    case_id: int = Field(description="The case (of the token's municipality) that gets a copy of the entry.")
    version: Version = Field(
        description="The entry's `version` you read: if the administrator changed the entry since, the answer is "
        "409 Conflict and nothing is copied."
    )


class CatalogueMeasureIn(CatalogueUseIn):
    """Take the entry into the case's budget portfolio as a measure: its id and its scores are the case's own."""

    code: MeasureCode = Field(description="A short identifier, unique in the portfolio (for example `hverdagsrehab`).")
    benefit: Score = Field(description="Nytte, 1–5.")
    severity: Score = Field(description="Alvorlighet, 1–5.")
    resources: Score = Field(description="Ressursbruk, 1–5 (fewer is better).")


class CatalogueMeasureOut(Schema):
    """The portfolio measure made from a catalogue entry, with the entry's typical amounts."""

    id: int
    portfolio_id: int
    code: str
    name: str
    description: str
    benefit: int
    severity: int
    resources: int
    amounts: Amounts
    version: int
    web_url: str = Field(description="The portfolio's page in Prioritet.")

    @staticmethod
    def resolve_amounts(obj: Any) -> dict[str, str]:
        return {a.column.key: f"{a.amount.normalize():f}" for a in obj.amounts.select_related("column")}

    @staticmethod
    def resolve_web_url(obj: Any, context: dict[str, Any]) -> str:
        return absolute_url(context, obj.portfolio.get_absolute_url())
