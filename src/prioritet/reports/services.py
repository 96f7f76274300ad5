"""Writes of the reports app: stored PDF documents of large saksframlegg, queued and rendered once."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from prioritet.cases.models import Case
from prioritet.core.records import TaskStatus

from . import pdf
from .models import ReportDocument

logger = logging.getLogger(__name__)

#: A failed rendering may be asked for again at once; a running one whose worker died, after this.
STALE_RUNNING = timedelta(minutes=30)
#: Documents older than this can no longer match (the report shows its date): they are deleted.
KEEP_DOCUMENTS = timedelta(days=2)


def request_pdf(case: Case, html: str, language: str) -> ReportDocument:
    """The stored document of this exact report: found, or made and queued, in one transaction.

    A write, for the PDF view's POST («Make the PDF»): its GET only looks for the document
    (:func:`prioritet.reports.selectors.stored_pdf`).

    Concurrent requests for the same report wait on the unique (case, fingerprint) row and then find
    it, so the rendering is queued once whichever web worker each request lands on.
    """
    key = pdf.fingerprint(html, language)
    with transaction.atomic():
        document, created = ReportDocument.objects.get_or_create(
            case=case,
            fingerprint=key,
            defaults={"municipality_id": case.municipality_id, "language": language, "html": html},
        )
        if not created:
            return document
        ReportDocument.objects.filter(case=case, created_at__lt=timezone.now() - KEEP_DOCUMENTS).delete()
        _enqueue(document)
    document.refresh_from_db()
    return document


def retry_pdf(document: ReportDocument) -> bool:
    """Queue a failed (or abandoned) rendering again; True when this call did (one caller wins)."""
    stale = Q(status=TaskStatus.FAILED) | Q(status=TaskStatus.RUNNING, started_at__lt=timezone.now() - STALE_RUNNING)
    with transaction.atomic():
        again = (
            ReportDocument.objects.filter(stale, pk=document.pk)
            .exclude(html="")
            .update(status=TaskStatus.QUEUED, started_at=None, finished_at=None)
        )
        if again:
            _enqueue(document)
    document.refresh_from_db()
    return bool(again)


def _enqueue(document: ReportDocument) -> None:
    from .tasks import render_report_document

    # Queued in the same transaction: a database-backed queue sees it only once the row is committed.
    document.queued_as(render_report_document.enqueue(document.pk).id)


def render_document(document_id: int) -> str:
    """Render a queued document's PDF (the task's body); returns the final status.

    The worker claims the row (queued → running) first, so a task delivered twice renders once.
    """
    document = ReportDocument.objects.get(pk=document_id)
    if not document.start():
        return document.status
    try:
        with override(document.language):
            rendered = pdf.render(document.html, extra_css=pdf.page_css(_("Page"), _("of")))
    except Exception:  # the worker logs the task's traceback too; the row must not stay "running"
        logger.exception("report document %s failed", document_id)
        document.fail()
    else:
        document.finish(pdf=rendered, html="")
    return document.status
