"""Thin views: load the case with the cases app's rules, assemble the report, render it.

* The saksframlegg (HTML and PDF) is for service and political cases; the vedtak summary (page and
  ``.txt``) is for individual cases. The other level answers 404: there is no such report for it.
* Who may read a report is who may read the case (:mod:`prioritet.cases.policy`): another
  municipality's case is 404, a role that may not read the case's level is 403.
* Reading a report of an individual case is a read of the case: it goes into the access log
  (:func:`prioritet.cases.services.record_access`), like the case page.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from prioritet.accounts.tenancy import municipality_required
from prioritet.cases import policy, services
from prioritet.cases import selectors as case_selectors
from prioritet.cases.chart import bar_chart
from prioritet.cases.models import Case, Level
from prioritet.cases.sections import Place, sections_for

from . import pdf, selectors
from .summary import vedtak_summary as summary_text

SAKSFRAMLEGG_LEVELS = frozenset({Level.SERVICE, Level.POLITICAL})
SUMMARY_LEVELS = frozenset({Level.INDIVIDUAL})


def _load_case(request: HttpRequest, pk: int, page: str, levels: frozenset[str]) -> Case:
    """The case if the user may read it and the report exists for its level; logs individual reads."""
    case = case_selectors.get_case(request.municipality, pk)
    if not policy.can_read(request.user, case):
        raise PermissionDenied(_("Your role cannot read cases at this level."))
    if case.level not in levels:
        raise Http404(_("This report is not made for cases at this level."))
    services.record_access(case, request.user, page)
    return case


def _saksframlegg_context(case: Case, user) -> dict:
    report = selectors.report(case, user)
    return {
        "report": report,
        "case": case,
        "chart": bar_chart(report.judgment),
        "case_sections": sections_for(case, Place.REPORT, user),
    }


@never_cache
@municipality_required
def saksframlegg(request: HttpRequest, pk: int) -> HttpResponse:
    case = _load_case(request, pk, "report", SAKSFRAMLEGG_LEVELS)
    return render(request, "reports/saksframlegg.html", _saksframlegg_context(case, request.user))


@never_cache
@municipality_required
def saksframlegg_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    case = _load_case(request, pk, "report_pdf", SAKSFRAMLEGG_LEVELS)
    context = _saksframlegg_context(case, request.user) | {"for_pdf": True}
    html = render_to_string("reports/saksframlegg_pdf.html", context, request=request)
    document = pdf.render(html, extra_css=pdf.page_css(_("Page"), _("of")))
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="saksframlegg-{case.pk}.pdf"'
    return response


@never_cache
@municipality_required
def vedtak_summary(request: HttpRequest, pk: int) -> HttpResponse:
    case = _load_case(request, pk, "vedtak_summary", SUMMARY_LEVELS)
    report = selectors.report(case)
    return render(
        request,
        "reports/vedtak_summary.html",
        {"case": case, "text": summary_text(report), "decided": report.decision is not None},
    )


@never_cache
@municipality_required
def vedtak_summary_txt(request: HttpRequest, pk: int) -> HttpResponse:
    case = _load_case(request, pk, "vedtak_summary_txt", SUMMARY_LEVELS)
    text = summary_text(selectors.report(case))
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="beslutningsstotte-sak-{case.pk}.txt"'
    return response
