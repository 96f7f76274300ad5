"""Background work of the reports app (``django.tasks``): rendering large saksframlegg PDFs.

The task works inside the document's municipality (``scoped_to``), so PostgreSQL's row-level
security holds in the worker as in a request.
"""

from __future__ import annotations

from django.tasks import task

from prioritet.core.tasks import scoped_to

from . import services
from .models import ReportDocument


@task()
@scoped_to(ReportDocument)
def render_report_document(document_id: int) -> str:
    """Render a stored saksframlegg's PDF (:func:`prioritet.reports.services.render_document`)."""
    return services.render_document(document_id)
