"""The decision-support summary of an individual case, as plain text to paste into the vedtak.

What it holds: the alternatives considered, each one's assessment on the three criteria with short
reasons, the combined judgment, the chosen alternative and why, the forsvarlighet statement, the
child's best interest when a child is affected, the reassessment date and the guideline reference.

What it never holds: personal data beyond the case's pseudonymous reference. The case title and
description, and the names of the assessors and of the person who decided, are left out on purpose:
the caseworker pastes the text into a letter to the applicant, and the case system already knows who
wrote it. Lines are not hard-wrapped, so the text flows in whatever editor receives it.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from prioritet.core.formatting import priority_word

from . import legal
from .selectors import Report, short_date
from .vedtak import vedtak_document

#: The longest reason kept per criterion: the summary is a short account, the case holds the rest.
REASON_LIMIT = 280


def shorten(text: str, limit: int = REASON_LIMIT) -> str:
    """One line of at most ``limit`` characters, cut at a word boundary with «…»."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:–-") + "…"


def _statement(statement) -> str:
    text = statement.text
    if statement.quote.strip():
        text += " " + " ".join(statement.quote.split())
    return text


def voice_lines(report: Report) -> list[str]:
    """What matters to the person, the relatives' view and their burden, quoted (medvirkning)."""
    voice = report.judgment.voice
    if voice is None or not (voice.what_matters or voice.relatives_view or voice.relatives_burden):
        return [_("The person's voice has not been recorded.")]
    lines = []
    if voice.what_matters:
        lines.append(_("What matters to the person: «%(text)s»") % {"text": " ".join(voice.what_matters.split())})
    if voice.relatives_view:
        lines.append(_("The relatives' view: %(text)s") % {"text": " ".join(voice.relatives_view.split())})
    if voice.relatives_burden:
        lines.append(_("The burden on the relatives: %(text)s") % {"text": " ".join(voice.relatives_burden.split())})
    return lines


def vedtak_summary(report: Report) -> str:
    case, decision = report.case, report.decision
    lines: list[str] = []
    add = lines.append

    add(_("DECISION SUPPORT – SUMMARY FOR THE DECISION LETTER"))
    if decision is None:
        add(_("DRAFT: the case has not been decided yet."))
    add(_("Case reference: %(reference)s") % {"reference": case.case_reference or _("(none given)")})
    add("")

    document = vedtak_document(report)
    add(_("Rules the decision rests on"))
    for rule in document.rules:
        add(f"- {rule.citation}: {rule.about}")
    add("")

    add(_("Facts"))
    for fact in document.facts:
        add(f"- {fact}")
    add("")

    add(_("Main considerations"))
    for line in document.considerations:
        add(f"- {line}")
    add("")

    views = {r.alternative.pk: r.person_view for r in report.judgment.rows if r.person_view}
    add(_("Alternatives considered"))
    for i, row in enumerate(report.alternatives, start=1):
        marker = f" ({_('chosen')})" if row.chosen else ""
        add(f"{i}. {row.alternative.title}{marker}")
        if row.alternative.pk in views:
            add("   " + _("The person's view: «%(view)s»") % {"view": shorten(views[row.alternative.pk])})
        if row.rank is None:
            add("   " + _("Not assessed."))
            continue
        for cell in row.cells:
            name = dict(report.criteria)[cell.criterion.value]
            reason = shorten(" / ".join(cell.justifications))
            add(f"   {name}: {cell.word}" + (f". {reason}" if reason else ""))
    add("")

    add(_("The person's and the relatives' voice"))
    lines.extend(voice_lines(report))
    add("")

    add(_("Combined judgment"))
    add(
        _(
            "Benefit, resources and severity were weighed together with the municipality's weights "
            "(version %(number)s: %(weights)s)."
        )
        % {
            "number": report.weight_version.number,
            "weights": ", ".join(f"{w.label.lower()} {w.share}" for w in report.weights),
        }
    )
    for row in report.rows:
        if row.rank is not None:
            add(f"- {row.alternative.title}: {row.conclusion}")
    reference = report.judgment.reference
    if reference is not None:
        add(
            _("Reference (not ranked): %(title)s. Consequence: %(consequence)s")
            % {"title": reference.alternative.title, "consequence": " ".join(reference.alternative.description.split())}
        )
    add(_("The order is the tool's suggestion; the caseworker concludes."))
    add("")

    add(_("Decision"))
    if decision is None:
        add(_("Not decided yet."))
    else:
        if decision.priority:
            add(
                _("Chosen alternative: %(title)s (%(priority)s priority).")
                % {"title": decision.alternative.title, "priority": priority_word(decision.priority)}
            )
        else:
            add(_("Chosen alternative: %(title)s.") % {"title": decision.alternative.title})
        add(_("Why: %(text)s") % {"text": " ".join(decision.justification.split())})
        if decision.departure_reason.strip():
            add(
                _("Reason for departing from the suggested order: %(text)s")
                % {"text": " ".join(decision.departure_reason.split())}
            )
    add("")

    add(_("Why this alternative and not the others"))
    if decision is None:
        add(_("Not decided yet."))
    for considered in document.alternatives:
        if considered.why:
            marker = f" ({_('chosen')})" if considered.chosen else ""
            add(f"- «{considered.title}»{marker}: {considered.why}")
    add("")

    add(_("Legal minimum standard (forsvarlighet)"))
    add(_statement(report.forsvarlighet))
    if case.child_affected or case.is_individual:
        # Every individual case answers the children question (also children as relatives).
        add("")
        add(_("The child's best interest"))
        add(_statement(report.child))
    add("")

    due = decision.reassessment_due if decision else case.reassessment_due
    add(_("Reassessment: by %(date)s.") % {"date": short_date(due)} if due else _("Reassessment: not set yet."))
    add("")
    add(_("Your right to complain"))
    add(document.complaint.right)
    add(document.complaint.deadline)
    add(document.complaint.where)
    add(document.complaint.statsforvalteren)
    add("")
    add(_("Your right to see the documents"))
    add(document.access_to_documents)
    add("")
    add(
        _("Basis: %(guideline)s; %(white_paper)s; %(law)s.")
        % {
            "guideline": legal.GUIDELINE.citation,
            "white_paper": legal.WHITE_PAPER_38.citation,
            "law": legal.HOL_4_1.citation,
        }
    )
    return "\n".join(lines).rstrip() + "\n"
