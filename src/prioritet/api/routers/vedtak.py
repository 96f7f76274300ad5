"""``/cases/{case_id}/vedtak``: the individual vedtak as a structured document for the case system.

The same document as the web page's JSON download (:mod:`prioritet.reports.vedtak`), described by the
JSON Schema ``reports/schemas/vedtak-1.schema.json`` (served with the static files). Individual cases
only; a read goes into the access log like every read of an individual case.
"""

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router

from prioritet.api import access
from prioritet.reports import selectors as report_selectors
from prioritet.reports.vedtak import SCHEMA_ID, as_json, vedtak_document

from . import responses

router = Router(tags=["Decision"])


@router.get(
    "/cases/{case_id}/vedtak",
    response=responses({200: dict[str, Any]}, 403, 404),
    summary="Read the vedtak document",
    description=(
        "The reasons of an individual case's decision as forvaltningsloven §§ 24–25 and 27 ask for them: the "
        "rules, the facts, the main considerations (the three criteria and the combined judgment), why the chosen "
        "alternative and not the others, the person's and the relatives' voice, the children, the right to "
        "complain with its deadline and where to send it, and the right to see the documents. A draft "
        f"(`decided` false) while the case is open. JSON Schema: `{SCHEMA_ID}` (served at "
        "`/static/reports/schemas/vedtak-1.schema.json`). Texts are in the request's language (`Accept-Language`)."
    ),
    operation_id="get_vedtak_document",
)
def get_vedtak_document(request: Any, case_id: int) -> dict[str, Any]:
    case = access.load_case(request, case_id, "vedtak_document")
    if not case.is_individual:
        raise Http404(_("This report is not made for cases at this level."))
    return as_json(vedtak_document(report_selectors.report(case)))
