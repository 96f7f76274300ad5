"""Thin views: load the case with the cases app's rules, assemble the report, render it.

* The saksframlegg (HTML and PDF) is for service and political cases; the vedtak summary (page and
  ``.txt``) is for individual cases. The other level answers 404: there is no such report for it.
* Who may read a report is who may read the case (:mod:`prioritet.cases.policy`): another
  municipality's case is 404, a role that may not read the case's level is 403.
* Reading a report of an individual case is a read of the case: it goes into the access log
  (:func:`prioritet.cases.services.record_access`), like the case page.
* A GET writes nothing (but the access log above): what takes a while is started by a POST, as in
  the portfolio workspace. The saksframlegg page shows what is stored; a section still to be
  computed (a large portfolio's robustness) says so, and its button, or the page's poll (htmx),
  posts to :func:`saksframlegg_analyse`, which starts it through the sections' ``prepare``.
* The PDF of a large saksframlegg (a portfolio of more than ``REPORTS_PDF_INLINE_MEASURES``
  measures) is rendered by a background task into a stored
  :class:`~prioritet.reports.models.ReportDocument`: the GET serves the stored one, or a page that
  offers to make it (a POST) or waits for it (htmx). Smaller ones are rendered in the GET.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from prioritet.accounts.tenancy import municipality_required
from prioritet.cases import policy
from prioritet.cases import selectors as case_selectors
from prioritet.cases import services as case_services
from prioritet.cases.chart import bar_chart
from prioritet.cases.extensions import Place, RenderedSection, prepare_sections, sections_for
from prioritet.cases.loading import BreakGlassRequired
from prioritet.cases.models import Case, Level
from prioritet.core.records import TaskStatus

from . import innsyn, pdf, selectors, services
from .models import ReportDocument
from .summary import vedtak_summary as summary_text
from .vedtak import as_json, vedtak_document

SAKSFRAMLEGG_LEVELS = frozenset({Level.SERVICE, Level.POLITICAL})
SUMMARY_LEVELS = frozenset({Level.INDIVIDUAL})
#: The innsyn letter is in Norwegian: the page's language if bokmål or nynorsk, else bokmål.
INNSYN_LANGUAGES = ("nb", "nn")


def _load_case(request: HttpRequest, pk: int, page: str, levels: frozenset[str]) -> Case:
    """The case if the user may read it and the report exists for its level; logs individual reads."""
    case = case_selectors.get_case(request.municipality, pk)
    if not policy.can_read(request.user, case):
        if policy.can_break_glass(request.user, case):
            raise BreakGlassRequired(case)
        raise PermissionDenied(_("Your role cannot read cases at this level."))
    if case.level not in levels:
        raise Http404(_("This report is not made for cases at this level."))
    case_services.record_access(case, request.user, page)
    return case


def _saksframlegg_context(case: Case, user) -> dict:
    report = selectors.report(case)
    return {
        "report": report,
        "case": case,
        "chart": bar_chart(report.judgment),
        "case_sections": sections_for(case, Place.REPORT, user),
    }


@never_cache
@require_GET
@municipality_required
def saksframlegg(request: HttpRequest, pk: int) -> HttpResponse:
    case = _load_case(request, pk, "report", SAKSFRAMLEGG_LEVELS)
    context = _saksframlegg_context(case, request.user)
    context["notices"] = [section.notice for section in context["case_sections"] if section.notice]
    return render(request, "reports/saksframlegg.html", context)


@never_cache
@require_POST
@municipality_required
def saksframlegg_analyse(request: HttpRequest, pk: int) -> HttpResponse:
    """Start what the saksframlegg's sections take a while to compute, and say whether it is ready.

    The page's notice posts here (htmx, every few seconds) and so does its button without
    JavaScript, as the workspace's robustness status does: the sections' ``prepare`` queues what is
    not stored or running (a large portfolio's robustness, once). When nothing is left, htmx reloads
    the page, which now shows it; without htmx, the page is shown again.
    """
    case = _load_case(request, pk, "report_analyse", SAKSFRAMLEGG_LEVELS)
    notices = prepare_sections(case, Place.REPORT, request.user)
    if not getattr(request, "htmx", False):
        return redirect("reports:saksframlegg", pk=case.pk)
    if not notices:
        return HttpResponseClientRefresh()
    context = {"case": case, "notices": notices, "polling": True}
    return render(request, "reports/partials/section_notices.html", context)


def _in_background(sections: list[RenderedSection]) -> bool:
    """Whether the PDF is rendered by the task worker: a section of many rows (a portfolio's measures)."""
    limit = getattr(settings, "REPORTS_PDF_INLINE_MEASURES", 50)
    return any(section.size > limit for section in sections)


def _pdf_response(case: Case, document: bytes) -> HttpResponse:
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="saksframlegg-{case.pk}.pdf"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@municipality_required
def saksframlegg_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The saksframlegg as PDF: made at once (small), or the stored document, or a page for it (large).

    A large report's GET only looks: the stored PDF of the report as it reads now, else a page that
    waits for it (htmx) or, when none is asked for, offers to make it. The POST («Make the PDF», or
    «Try again» after a failure) queues the rendering, once, and goes to the waiting page.
    """
    case = _load_case(request, pk, "report_pdf", SAKSFRAMLEGG_LEVELS)
    context = _saksframlegg_context(case, request.user)
    large = _in_background(context["case_sections"])
    if not large and request.method == "POST":  # a small report is made by the GET and stores nothing
        return redirect("reports:saksframlegg_pdf", pk=case.pk)
    html = render_to_string("reports/saksframlegg_pdf.html", context | {"for_pdf": True}, request=request)
    if not large:
        return _pdf_response(case, pdf.render(html, extra_css=pdf.page_css(_("Page"), _("of"))))
    if request.method == "POST":
        document = services.request_pdf(case, html, get_language())
        services.retry_pdf(document)
        return redirect("reports:saksframlegg_pdf_status", pk=case.pk, document=document.pk)
    stored = selectors.stored_pdf(case, html, get_language())
    if stored is not None and stored.status == TaskStatus.DONE:
        return _pdf_response(case, bytes(stored.pdf))
    status = 200 if stored is None else 202
    return render(request, "reports/pdf_pending.html", {"case": case, "document": stored}, status=status)


@never_cache
@require_GET
@municipality_required
def saksframlegg_pdf_status(request: HttpRequest, pk: int, document: int) -> HttpResponse:
    """Where a stored PDF's rendering stands; the waiting page asks again (htmx) until it has finished."""
    case = _load_case(request, pk, "report_pdf_status", SAKSFRAMLEGG_LEVELS)
    record = get_object_or_404(
        ReportDocument.objects.for_municipality(request.municipality).defer("pdf", "html"), case=case, pk=document
    )
    context = {"case": case, "document": record}
    if getattr(request, "htmx", False):
        return render(request, "reports/partials/pdf_status.html", context)
    return render(request, "reports/pdf_pending.html", context)


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


@never_cache
@require_GET
@municipality_required
def vedtak_json(request: HttpRequest, pk: int) -> HttpResponse:
    """The vedtak as a structured JSON document for the municipality's case system (schema
    ``reports/schemas/vedtak-1.schema.json``); the API's ``get_vedtak_document`` answers the same."""
    case = _load_case(request, pk, "vedtak_json", SUMMARY_LEVELS)
    response = JsonResponse(as_json(vedtak_document(selectors.report(case))), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="vedtak-sak-{case.pk}.json"'
    return response


@never_cache
@require_GET
@municipality_required
def vedtak_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The vedtak as an accessible PDF letter: tagged PDF/UA-1, the language set, headings for each part."""
    case = _load_case(request, pk, "vedtak_pdf", SUMMARY_LEVELS)
    report = selectors.report(case)
    context = {"case": case, "report": report, "document": vedtak_document(report)}
    html = render_to_string("reports/vedtak_letter_pdf.html", context, request=request)
    document = pdf.render(html, extra_css=pdf.page_css(_("Page"), _("of")), variant="pdf/ua-1")
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="vedtak-sak-{case.pk}.pdf"'
    return response


@never_cache
@require_GET
@municipality_required
def innsyn_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The innsyn letter (who read the case, when and why) as a PDF in Norwegian, for the person.

    A caseworker or health worker on the case team produces it; the letter is logged as a read of each
    case it covers, after it is made.
    """
    case = case_selectors.get_case(request.municipality, pk)
    if not case.is_individual:
        raise Http404(_("Only individual cases have an innsyn letter."))
    if not policy.can_request_innsyn(request.user, case):
        raise PermissionDenied(_("A caseworker on the case team produces the innsyn letter."))
    language = get_language() if get_language() in INNSYN_LANGUAGES else INNSYN_LANGUAGES[0]
    with translation.override(language):
        letter = innsyn.letter(case, request.user)
        html = render_to_string("reports/innsyn_pdf.html", {"letter": letter}, request=request)
        document = pdf.render(html, extra_css=pdf.page_css(_("Page"), _("of")))
    for covered in letter.cases:
        case_services.record_access(covered, request.user, "innsyn")
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="innsyn-tilgangslogg-sak-{case.pk}.pdf"'
    return response
