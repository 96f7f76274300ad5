"""Stored report documents: the saksframlegg PDF of a large report, rendered once by a background task."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from prioritet.accounts.models import MunicipalityQuerySet
from prioritet.core.records import TaskRecord


class ReportDocument(TaskRecord):
    """The PDF of one saksframlegg exactly as a reader would get it now, rendered by a task.

    Laying out a large report (a portfolio of many measures) ties up a web worker for many seconds.
    The request stores the report's HTML and queues the rendering; the ``fingerprint`` is the hash of
    that HTML (which holds the language, the reader's view of the portfolio and the date), so a
    document is served only to a request that would render the very same report, and every web
    worker asking for it finds this one row (unique per case and fingerprint).
    """

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="+", verbose_name=_("municipality")
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="report_documents", verbose_name=_("case")
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    language = models.CharField(_("language"), max_length=10)
    #: The report to render; emptied once the PDF is made.
    html = models.TextField(_("HTML"), blank=True)
    pdf = models.BinaryField(_("PDF"), blank=True, default=b"")

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("report document")
        verbose_name_plural = _("report documents")
        constraints = (
            models.UniqueConstraint(fields=["case", "fingerprint"], name="reports_document_one_per_fingerprint"),
        )

    def __str__(self) -> str:
        return f"{self.case} ({self.get_status_display()})"
