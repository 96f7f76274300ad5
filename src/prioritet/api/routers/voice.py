"""``/cases/{case_id}/voice``: the person's and the relatives' voice and the children question.

Individual cases only (404 for the other levels, as the web page). A read is a read of the case and
goes into the access log, like every read of an individual case through the API.
"""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Status

from prioritet.api import access
from prioritet.api.schemas import AlternativeViewIO, VoiceIn, VoiceOut
from prioritet.cases import voice as voice_services
from prioritet.cases.models import Case, PersonVoice

from . import responses

router = Router(tags=["Voice"])


def _out(case: Case, voice: PersonVoice) -> dict[str, Any]:
    return {
        "case_id": case.pk,
        **{name: getattr(voice, name) for name in voice_services.VOICE_FIELDS},
        "views": [
            AlternativeViewIO(alternative_id=pk, view=text) for pk, text in voice_services.views_of(case).items()
        ],
        "version": voice.version,
        "updated_at": voice.updated_at,
    }


def _individual(request: Any, case_id: int, operation: str, *, work: bool = False) -> Case:
    case = access.load_case(request, case_id, operation, work=work)
    if not case.is_individual:
        raise Http404(_("Only individual cases record the person's voice."))
    return case


@router.get(
    "/cases/{case_id}/voice",
    response=responses({200: VoiceOut}, 403, 404),
    summary="Read the person's voice",
    description="What matters to the person, their view of each alternative, the relatives' view and burden, and "
    "the answer to the children question. Individual cases only; 404 when nothing is recorded yet.",
    operation_id="get_voice",
)
def get_voice(request: Any, case_id: int) -> dict[str, Any]:
    case = _individual(request, case_id, "voice")
    voice = voice_services.voice_of(case)
    if voice is None:
        raise Http404(_("Nothing is recorded of the person's voice yet."))
    return _out(case, voice)


@router.put(
    "/cases/{case_id}/voice",
    response=responses({200: VoiceOut, 201: VoiceOut}, 403, 404, 409, 422),
    summary="Record the person's voice",
    description="Create (201) or change (200) the person's voice on an open individual case; fields left out "
    "keep what is recorded. Send the `version` you read to change it (a stale one answers 409). `children` "
    "`affected` needs `children_assessment`. `views` names alternatives of the case by id.",
    operation_id="save_voice",
)
def save_voice(request: Any, case_id: int, payload: VoiceIn) -> Status[dict[str, Any]]:
    case = _individual(request, case_id, "voice", work=True)
    existed = voice_services.voice_of(case) is not None
    data = {name: value for name in voice_services.VOICE_FIELDS if (value := getattr(payload, name)) is not None}
    current = voice_services.voice_of(case)
    if "children_assessment" not in data and current is not None:
        data["children_assessment"] = current.children_assessment
    if "children" not in data and current is not None:
        data["children"] = current.children
    views = {v.alternative_id: v.view for v in payload.views}
    voice = voice_services.save_voice(case, request.user, payload.version, data, views)
    return Status(200 if existed else 201, _out(case, voice))
