"""What a logged read of an individual case was, in words: the access log and the innsyn letter.

The access log (:class:`~prioritet.cases.models.CaseAccess`) keeps a short key for the page that was
read («detail», «decision», «vedtak_summary», «api:judgment»), so the log stays the same whatever
language it is read in. A leader reviewing the log and a person reading the innsyn letter get the
words instead, in their own language (bokmål, nynorsk, English). A key not in the list is shown as it
is, so a new page is never hidden from the log.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

#: The key of every page that logs a read, with what it shows, in the words of a sentence («… read
#: the case»). Keys are written by the views' ``load_case(request, pk, page)`` and the apps' own logs.
PAGES: dict[str, Promise] = {
    "detail": _("the case"),
    "history": _("the case's history"),
    "team": _("the case team"),
    "edit": _("the case's details (editing)"),
    "create": _("the new case"),
    "phase": _("the change of phase"),
    "archive": _("archiving the case"),
    "alternative": _("an alternative"),
    "alternatives": _("the alternatives"),
    "assessment": _("an assessment"),
    "judgment": _("the combined judgment"),
    "voice": _("the person's voice (medvirkning)"),
    "decide": _("the decision"),
    "decision": _("the decision"),
    "recommendation": _("the director's innstilling"),
    "vedtak": _("the political vedtak"),
    "reassessment": _("the reassessment"),
    "follow-up": _("the follow-up case"),
    "complaint": _("a complaint"),
    "effects": _("the implementation and expected effects"),
    "evidence": _("the knowledge base"),
    "mini_hta": _("a mini-metodevurdering"),
    "mini_hta_edit": _("a mini-metodevurdering (editing)"),
    "etd": _("an Evidence-to-Decision panel"),
    "etd_edit": _("an Evidence-to-Decision panel (editing)"),
    "ethics": _("the ethical reflection"),
    "ethics_new": _("the ethical reflection"),
    "ethics_read": _("the ethical reflection"),
    "ethics_edit": _("the ethical reflection (editing)"),
    "ethics_step": _("the ethical reflection (editing)"),
    "ethics_status": _("the ethical reflection (editing)"),
    "plan": _("the plan the case feeds"),
    "indicators-cite": _("the management information cited"),
    "report": _("the case presentation"),
    "report_pdf": _("the case presentation as PDF"),
    "report_pdf_status": _("the case presentation as PDF"),
    "vedtak_summary": _("the summary for the decision letter"),
    "vedtak_summary_txt": _("the summary for the decision letter"),
    "vedtak_document": _("the decision letter"),
    "vedtak_json": _("the decision letter (JSON)"),
    "vedtak_pdf": _("the decision letter (PDF)"),
    "innsyn": _("an innsyn letter"),
    "waiting": _("the waiting list"),
    "example-bank": _("sharing the case in the example bank"),
    "share-lesson": _("sharing a lesson in the example bank"),
    "similar case": _("the case's scores, as a similar decided case"),
    "consistency report": _("the consistency report"),
}


def page_label(key: str) -> str:
    """The words for a logged page key, in the active language; the key itself when it is unknown."""
    if key.startswith("api:"):
        return gettext("the municipality's case system (API)")
    if key.startswith("admin:"):
        return gettext("system administration")
    label = PAGES.get(key)
    return str(label) if label is not None else key
