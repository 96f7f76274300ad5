"""The vedtak document of an individual case: forvaltningsloven §§ 24–25 and 27 as a structure.

One structure, three exports: the plain-text summary (:mod:`prioritet.reports.summary`) adds its
parts, the JSON document for the municipality's case system (:func:`as_json`, schema
``reports/schemas/vedtak-1.schema.json``) is it, and the accessible PDF letter renders it. So a
caseworker, the case system and the person read the same reasons:

* **the rules** the decision rests on (§ 25 first paragraph);
* **the facts** (§ 25 second paragraph): the need, its severity, what matters to the person, the
  relatives, the children;
* **the main considerations** (§ 25 third paragraph): the three criteria for the chosen alternative in
  plain words, and the combined judgment;
* **why this alternative and not the others**, each other alternative with what set it apart;
* **the right to complain**, **the deadline** (three weeks from the notice, § 29; the setting
  ``PRIORITET_COMPLAINT_DAYS``) and **where to send it** (§ 27, § 28), and **the right to see the
  documents** (§§ 18–19).

Like the summary it holds no names: the pseudonymous case reference identifies the case.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from prioritet.cases.models import complaint_days
from prioritet.core.formatting import criterion_name, priority_word, scale_word
from prioritet.engine import Criterion

from . import legal
from .selectors import Report, Row

#: The document's schema: bump with any change that is not an addition of an optional field.
SCHEMA_VERSION = "1"
SCHEMA_ID = "https://prioritet.no/schemas/vedtak-1.schema.json"


@dataclass
class Rule:
    key: str
    citation: str
    about: str
    url: str


@dataclass
class Considered:
    """One alternative as the decision weighed it."""

    id: int
    title: str
    kind: str
    chosen: bool
    rank: int | None
    value: float | None
    priority_band: str
    scores: dict[str, int | None]
    words: dict[str, str]
    reasons: dict[str, list[str]]
    person_view: str
    why: str


@dataclass
class Complaint:
    right: str
    deadline_days: int
    deadline: str
    where: str
    statsforvalteren: str


@dataclass
class VedtakDocument:
    language: str
    municipality: dict[str, str]
    case: dict[str, Any]
    decided: bool
    decided_at: str | None
    reassessment_due: str | None
    rules: list[Rule]
    facts: list[str]
    voice: dict[str, str]
    children: dict[str, str]
    considerations: list[str]
    combined_judgment: str
    alternatives: list[Considered]
    decision: dict[str, Any] | None
    forsvarlighet: str
    complaint: Complaint
    access_to_documents: str
    generated_at: str
    schema_version: str = SCHEMA_VERSION
    extra: dict[str, Any] = field(default_factory=dict)


def _join(parts: list[str]) -> str:
    return " / ".join(" ".join(p.split()) for p in parts if p.strip())


def _rules(report: Report, children: bool) -> list[Rule]:
    chosen = [legal.HOL_3_1, legal.PBRL_2_1_A, legal.HOL_4_1, legal.PBRL_3_1]
    if children:
        chosen += [legal.HPL_10_A, legal.GRL_104, legal.CRC_3]
    chosen += [legal.WHITE_PAPER_38, legal.GUIDELINE, legal.FVL_24_25]
    return [Rule(r.key, str(r.citation), str(r.about), r.url) for r in chosen]


def _cell(row: Row, criterion: Criterion):
    return next((c for c in row.cells if c.criterion == criterion), None)


def _severity_fact(report: Report) -> str:
    case = report.case
    if case.severity is None:
        return _("The severity of the need is not assessed yet.")
    text = _("The severity of the need without a measure (alvorlighet): %(word)s.") % {
        "word": scale_word(Criterion.SEVERITY, case.severity)
    }
    if case.severity_justification.strip():
        text += " " + " ".join(case.severity_justification.split())
    return text


def _considerations(report: Report, chosen: Row | None) -> list[str]:
    """The three criteria for the chosen alternative (or the first suggestion), in plain words."""
    row = chosen or next((r for r in report.rows if r.rank == 1), None)
    if row is None or (row.rank is None and not row.chosen):
        return [_("No alternative has been assessed yet, so the criteria have not been weighed.")]
    lines = [
        _(
            "Severity: how serious is the need if nothing is done? The more serious, the higher the priority. "
            "Here: %(word)s."
        )
        % {"word": scale_word(Criterion.SEVERITY, report.case.severity) if report.case.severity else "—"}
    ]
    benefit, resources = _cell(row, Criterion.BENEFIT), _cell(row, Criterion.RESOURCES)
    if benefit is not None and benefit.score is not None:
        lines.append(
            _(
                "Benefit: how much better will things be with «%(title)s» than without it, and how likely is a "
                "lasting effect? The larger, the higher the priority. Here: %(word)s.%(reasons)s"
            )
            % {
                "title": row.alternative.title,
                "word": benefit.word,
                "reasons": (" " + _join(benefit.justifications)) if benefit.justifications else "",
            }
        )
    if resources is not None and resources.score is not None:
        lines.append(
            _(
                "Resources: what does «%(title)s» take of staff, time, equipment, premises and of the relatives? "
                "The fewer, the higher the priority. Here: %(word)s.%(reasons)s"
            )
            % {
                "title": row.alternative.title,
                "word": resources.word,
                "reasons": (" " + _join(resources.justifications)) if resources.justifications else "",
            }
        )
    return lines


def _combined(report: Report) -> str:
    text = _(
        "Benefit, resources and severity were weighed together with the municipality's weights "
        "(version %(number)s: %(weights)s)."
    ) % {
        "number": report.weight_version.number,
        "weights": ", ".join(f"{w.label.lower()} {w.share}" for w in report.weights),
    }
    return text + " " + _("The order is the tool's suggestion; the caseworker concludes.")


def _differences(row: Row, chosen: Row) -> list[str]:
    """How ``row`` differs from the chosen alternative on benefit and resources, in words."""
    out = []
    for criterion in (Criterion.BENEFIT, Criterion.RESOURCES):
        mine, theirs = _cell(row, criterion), _cell(chosen, criterion)
        if mine is None or theirs is None or mine.score is None or theirs.score is None or mine.score == theirs.score:
            continue
        out.append(
            _("%(criterion)s %(word)s against %(chosen)s")
            % {"criterion": criterion_name(criterion), "word": mine.word, "chosen": theirs.word}
        )
    return out


def _why(row: Row, chosen: Row | None, report: Report) -> str:
    decision = report.decision
    if chosen is None or decision is None:
        return ""
    if row.chosen:
        return " ".join(decision.justification.split())
    if row.alternative.is_no_action:
        return _("Not chosen: doing nothing would have this consequence: %(consequence)s") % {
            "consequence": " ".join(row.alternative.description.split()) or "—"
        }
    if row.rank is None:
        return _("Not chosen: the alternative was not assessed.")
    differences = _differences(row, chosen)
    detail = (" (" + "; ".join(differences) + ")") if differences else ""
    if chosen.value is not None and row.value is not None and row.value < chosen.value:
        return _("Not chosen: a lower combined value, %(value)s against %(chosen)s%(detail)s.") % {
            "value": row.value_text,
            "chosen": chosen.value_text,
            "detail": detail,
        }
    reason = " ".join(decision.departure_reason.split())
    return _("Not chosen, although it came as high or higher in the combined judgment%(detail)s: %(reason)s") % {
        "detail": detail,
        "reason": reason or _("(no reason given)"),
    }


def _complaint(report: Report) -> Complaint:
    case = report.case
    days = complaint_days()
    unit = case.service_area.name if case.service_area_id else _("the unit that made the decision")
    if days % 7 == 0:
        deadline = _("The deadline for complaining is %(weeks)s weeks from the day you received this decision.") % {
            "weeks": days // 7
        }
    else:
        deadline = _("The deadline for complaining is %(days)s days from the day you received this decision.") % {
            "days": days
        }
    return Complaint(
        right=_(
            "You may complain about this decision (forvaltningsloven § 28, pasient- og brukerrettighetsloven § 7-2). "
            "Say which decision you complain about, what you want changed and why, and sign the complaint."
        ),
        deadline_days=days,
        deadline=deadline,
        where=_(
            "Send the complaint to %(municipality)s, %(unit)s, which made the decision. You may ask us for help "
            "to write it."
        )
        % {"municipality": case.municipality.name, "unit": unit},
        statsforvalteren=_(
            "If we do not change the decision, we send the complaint on to Statsforvalteren, who decides it."
        ),
    )


def _voice_part(report: Report) -> dict[str, str]:
    voice = report.judgment.voice
    if voice is None:
        return {"what_matters": "", "relatives_view": "", "relatives_burden": ""}
    return {
        "what_matters": " ".join(voice.what_matters.split()),
        "relatives_view": " ".join(voice.relatives_view.split()),
        "relatives_burden": " ".join(voice.relatives_burden.split()),
    }


def _children_part(report: Report) -> dict[str, str]:
    voice = report.judgment.voice
    answer = voice.children if voice is not None else ""
    if not answer and report.case.child_affected:
        answer = "affected"
    statement = report.child.text + (" " + " ".join(report.child.quote.split()) if report.child.quote.strip() else "")
    return {"answer": answer, "statement": statement}


def vedtak_document(report: Report) -> VedtakDocument:
    """The vedtak of an individual case (a draft while it is undecided) as one structure."""
    case, decision = report.case, report.decision
    views = {r.alternative.pk: r.person_view for r in report.judgment.rows}
    chosen = next((r for r in report.rows if r.chosen), None)
    children = _children_part(report)
    facts = [
        _("The application: %(reference)s.") % {"reference": case.case_reference or _("(none given)")},
        _("The consequence of not starting, postponing or ending: %(consequence)s")
        % {"consequence": " ".join(report.no_action.description.split()) if report.no_action else "—"},
        _severity_fact(report),
    ]
    voice = _voice_part(report)
    if voice["what_matters"]:
        facts.append(_("What matters to the person: «%(text)s»") % {"text": voice["what_matters"]})
    if voice["relatives_burden"]:
        facts.append(_("The burden on the relatives: %(text)s") % {"text": voice["relatives_burden"]})
    facts.append(children["statement"])
    alternatives = [
        Considered(
            id=row.alternative.pk,
            title=row.alternative.title,
            kind=row.alternative.kind,
            chosen=row.chosen,
            rank=row.rank,
            value=round(row.value, 6) if row.value is not None else None,
            priority_band=row.band,
            scores={cell.criterion.value: cell.score for cell in row.cells},
            words={cell.criterion.value: cell.word for cell in row.cells},
            reasons={cell.criterion.value: [" ".join(j.split()) for j in cell.justifications] for cell in row.cells},
            person_view=" ".join(views.get(row.alternative.pk, "").split()),
            why=_why(row, chosen, report),
        )
        for row in report.alternatives
    ]
    decision_part = None
    if decision is not None:
        decision_part = {
            "alternative_id": decision.alternative_id,
            "alternative": decision.alternative.title,
            "priority": decision.priority,
            "priority_word": priority_word(decision.priority),
            "justification": " ".join(decision.justification.split()),
            "departure_reason": " ".join(decision.departure_reason.split()),
            "child_best_interest": " ".join(decision.child_best_interest.split()),
        }
    forsvarlighet = report.forsvarlighet.text
    if report.forsvarlighet.quote.strip():
        forsvarlighet += " " + " ".join(report.forsvarlighet.quote.split())
    due = decision.reassessment_due if decision else case.reassessment_due
    return VedtakDocument(
        language=get_language() or "nb",
        municipality={"name": case.municipality.name, "number": case.municipality.number},
        case={
            "id": case.pk,
            "reference": case.case_reference,
            "service_area": case.service_area.name if case.service_area_id else "",
        },
        decided=decision is not None,
        decided_at=decision.decided_at.isoformat() if decision else None,
        reassessment_due=due.isoformat() if due else None,
        rules=_rules(report, children["answer"] == "affected"),
        facts=facts,
        voice=voice,
        children=children,
        considerations=_considerations(report, chosen),
        combined_judgment=_combined(report),
        alternatives=alternatives,
        decision=decision_part,
        forsvarlighet=forsvarlighet,
        complaint=_complaint(report),
        access_to_documents=_(
            "You have the right to see the documents of your case (forvaltningsloven §§ 18 and 19). Ask us, and "
            "we will tell you which documents there are and send you copies."
        ),
        generated_at=report.generated_at.isoformat(),
    )


def as_json(document: VedtakDocument) -> dict[str, Any]:
    """The document as the JSON the case system receives (``reports/schemas/vedtak-1.schema.json``)."""
    data = asdict(document)
    data.pop("extra")
    return {"$schema": SCHEMA_ID, **data}
