"""Reads of the reports app: everything a saksframlegg or a vedtak summary shows, in one structure.

Nothing here writes (the access log is the cases app's, written by the views). Every number comes
from the cases app's combined judgment, which calls the engine, so the reports show exactly what
the case page shows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from prioritet.cases import selectors as case_selectors
from prioritet.cases.judgment import AlternativeJudgment, CombinedJudgment, combined_judgment, decided_judgment
from prioritet.cases.models import Alternative, AlternativeKind, Case, Decision, PoliticalResolution, Recommendation
from prioritet.cases.voice import children_affected, voice_of
from prioritet.core import charts, formatting
from prioritet.core.charts import Figure
from prioritet.core.formatting import SEED_ORDER, criterion_name, priority_word, scale_word
from prioritet.engine import CRITERIA, Criterion
from prioritet.weighting.models import WeightVersion

from . import legal, pdf
from .models import ReportDocument


@dataclass
class Cell:
    """One criterion of one alternative in the combined-judgment table."""

    criterion: Criterion
    score: int | None
    word: str
    exact: str = ""
    rounded: bool = False
    justifications: list[str] = field(default_factory=list)


@dataclass
class Row:
    alternative: Alternative
    cells: list[Cell]
    rank: int | None
    value: float | None
    band: str
    is_top: bool
    chosen: bool
    assessors: int
    conclusion: str

    @property
    def value_text(self) -> str:
        return formatting.decimal(self.value, 2)


@dataclass
class Statement:
    """A paragraph the report states, with the person's own words (if any) quoted beneath it."""

    text: str
    quote: str = ""
    confirmed: bool = False


@dataclass
class WeightShare:
    label: str
    raw: Decimal
    share: str


@dataclass
class ComparisonRow:
    """One alternative in the order the engine would suggest today, beside its rank at the decision."""

    title: str
    rank: int
    value: str
    band: str
    rank_then: int | None


@dataclass
class Comparison:
    """A decided case's order with today's weights: shown only as a labelled comparison."""

    weight_version: WeightVersion
    rows: list[ComparisonRow]

    @property
    def changed(self) -> bool:
        return any(r.rank != r.rank_then for r in self.rows)


@dataclass
class Report:
    """A case's report: the saksframlegg (service and political level) or the vedtak summary (individual)."""

    case: Case
    judgment: CombinedJudgment
    decision: Decision | None
    #: A political case's innstilling by the municipal director, and the body's vedtak once decided.
    recommendation: Recommendation | None
    resolution: PoliticalResolution | None
    weight_version: WeightVersion
    weights: list[WeightShare]
    rows: list[Row]
    no_action: Alternative | None
    conclusion: str
    forsvarlighet: Statement
    child: Statement
    figures: list[Figure]
    references: tuple[legal.Reference, ...]
    criteria: list[tuple[str, str]]
    generated_at: datetime.datetime
    #: A decided case: the ranking above is the decision's frozen snapshot; today's weights only compare.
    comparison: Comparison | None = None

    @property
    def alternatives(self) -> list[Row]:
        """The alternatives in the order they were made (the table keeps the engine's order)."""
        return sorted(self.rows, key=lambda r: r.alternative.pk)


def _justifications(row: AlternativeJudgment, criterion: Criterion) -> list[str]:
    """The assessors' reasons on one criterion, each once, in the order they were written (no names);
    for severity, the need's, the case's justification (issue 11)."""
    if criterion == Criterion.SEVERITY:
        text = " ".join((row.alternative.case.severity_justification or "").split())
        return [text] if text else []
    seen: list[str] = []
    for assessment in row.assessments:
        text = " ".join((getattr(assessment, f"{criterion.value}_justification") or "").split())
        if text and text not in seen:
            seen.append(text)
    return seen


def _cells(row: AlternativeJudgment) -> list[Cell]:
    cells = []
    for c in SEED_ORDER:
        if not row.medians:
            cells.append(Cell(criterion=c, score=None, word=_("Not assessed")))
            continue
        exact, used = row.medians[CRITERIA.index(c)]
        cells.append(
            Cell(
                criterion=c,
                score=used,
                word=scale_word(c, used),
                exact=formatting.decimal(exact, 1),
                rounded=exact != used,
                justifications=_justifications(row, c),
            )
        )
    return cells


def _chosen_text(decision: Decision) -> str:
    """«Chosen, with high priority.»; only «Chosen.» for the reference, which has no priority."""
    if not decision.priority:
        return _("Chosen.")
    return _("Chosen, with %(priority)s priority.") % {"priority": priority_word(decision.priority)}


def _row_conclusion(row: AlternativeJudgment, chosen: Decision | None) -> str:
    if row.is_reference:
        text = _("Reference: the consequence of doing nothing. Not ranked, no value and no priority.")
        if chosen is not None and chosen.alternative_id == row.alternative.pk:
            text += " " + _chosen_text(chosen)
        return text
    if row.rank is None:
        return _("Not assessed yet.")
    text = _("Suggestion no. %(rank)s (value %(value)s): %(band)s priority.") % {
        "rank": row.rank,
        "value": formatting.decimal(row.value, 2),
        "band": priority_word(row.band.value if row.band else None),
    }
    if chosen is not None and chosen.alternative_id == row.alternative.pk:
        text += " " + _chosen_text(chosen)
    return text


def _conclusion(
    judgment: CombinedJudgment, decision: Decision | None, recommendation: Recommendation | None = None
) -> str:
    if decision is not None and not decision.priority:
        return _("Conclusion: «%(title)s» is chosen.") % {"title": decision.alternative.title}
    if decision is not None:
        return _("Conclusion: «%(title)s» is chosen, with %(priority)s priority.") % {
            "title": decision.alternative.title,
            "priority": priority_word(decision.priority),
        }
    top = judgment.top
    if recommendation is not None:
        # One recommendation: before the vedtak a political case's is the innstilling, never the
        # combined judgment's first suggestion beside it.
        if top is not None and top.alternative.pk != recommendation.alternative_id:
            return _(
                "Innstilling: the municipal director recommends «%(title)s». The combined judgment puts "
                "«%(top)s» first; the order above is the basis, not a second recommendation. The case has not "
                "been decided yet."
            ) % {"title": recommendation.alternative.title, "top": top.alternative.title}
        return _(
            "Innstilling: the municipal director recommends «%(title)s», which comes first in the combined "
            "judgment. The case has not been decided yet."
        ) % {"title": recommendation.alternative.title}
    if top is None:
        return _("No alternative has been assessed yet, so there is no suggested order.")
    return _(
        "Suggestion: «%(title)s» comes first in the combined judgment (%(band)s priority). "
        "The case has not been decided yet."
    ) % {"title": top.alternative.title, "band": priority_word(top.band.value if top.band else None)}


def _forsvarlighet(case: Case, decision: Decision | None, alternatives: list[Alternative]) -> Statement:
    if decision is not None:
        if decision.forsvarlighet_confirmed:
            return Statement(
                _(
                    "The person who decided has confirmed that the services still meet the legal minimum "
                    "standard (forsvarlighet, Health and Care Services Act § 4-1), with this justification:"
                ),
                quote=decision.forsvarlighet_justification,
                confirmed=True,
            )
        if not decision.alternative.needs_forsvarlighet:
            return Statement(
                _(
                    "The chosen alternative does not reduce the resources or the quality of a service, so the "
                    "decision involves no reduction that needs a confirmation of the legal minimum standard. The "
                    "services must still be legally adequate (forsvarlige)."
                )
            )
        return Statement(_("The legal minimum standard was not confirmed when the decision was recorded."))
    needing = [a.title for a in alternatives if a.needs_forsvarlighet]
    if not needing:
        return Statement(_("The case has not been decided. No alternative reduces a service."))
    return Statement(
        _(
            "The case has not been decided. If an alternative that reduces a service or does nothing is chosen "
            "(%(titles)s), the person deciding must confirm, with a justification, that the services still meet "
            "the legal minimum standard."
        )
        % {"titles": ", ".join(f"«{t}»" for t in needing)}
    )


def _child(case: Case, decision: Decision | None) -> Statement:
    """Barnets beste: what the decision says of children, the individual case's question included."""
    person = voice_of(case)
    if not children_affected(case):
        if case.is_individual and (person is None or not person.children_answered):
            return Statement(_("The question whether children are affected, also as relatives, is not answered yet."))
        if case.is_individual:
            return Statement(_("No children are affected by the decision, also not as relatives."))
        return Statement(_("The case does not affect children."))
    if decision is not None and decision.child_best_interest.strip():
        return Statement(
            _("The case affects children. The child's best interest has been assessed as a fundamental consideration:"),
            quote=decision.child_best_interest,
            confirmed=True,
        )
    if person is not None and person.children_assessment.strip():
        return Statement(
            _("The case affects children, also as relatives. How their best interest is assessed:"),
            quote=person.children_assessment,
        )
    return Statement(
        _(
            "The case affects children. The child's best interest must be assessed as a fundamental consideration "
            "before the decision."
        )
    )


def _weights(version: WeightVersion) -> list[WeightShare]:
    """Each criterion's weight as decided and as a share, in the weighting app's whole percentages."""
    percent = {key: value / 100 for key, value in version.percentages().items()}
    return [
        WeightShare(criterion_name(c).capitalize(), getattr(version, c.value), formatting.percent(percent[c.value]))
        for c in SEED_ORDER
    ]


#: Alternatives per criteria-profile chart: one chart fits on an A4 page.
PROFILE_CHUNK = 7


def _profile_figures(case: Case, rows: list[Row], decision: Decision | None) -> list[Figure]:
    """The criteria profile of the assessed alternatives, in the combined judgment's order (as the table)."""
    if not any(r.rank is not None for r in rows):
        return []
    series = [criterion_name(c).capitalize() for c in SEED_ORDER]
    highlight_of: dict[int, str] = {}
    for r in rows:
        if decision is not None and r.chosen:
            highlight_of[r.alternative.pk] = _("chosen")
    if decision is None and rows and rows[0].rank == 1:
        highlight_of[rows[0].alternative.pk] = _("first suggestion")
    chunks = [rows[i : i + PROFILE_CHUNK] for i in range(0, len(rows), PROFILE_CHUNK)]
    figures = []
    for n, chunk in enumerate(chunks, start=1):
        title = _("Criteria profile of each alternative")
        if len(chunks) > 1:
            title += " " + _("(part %(part)s of %(parts)s)") % {"part": n, "parts": len(chunks)}
        highlight = next((i for i, r in enumerate(chunk) if r.alternative.pk in highlight_of), None)
        description = "; ".join(
            f"{r.alternative.title}: "
            + ", ".join(f"{name.lower()} {cell.word}" for name, cell in zip(series, r.cells, strict=True))
            for r in chunk
        )
        svg = charts.criteria_profile(
            [r.alternative.title for r in chunk],
            series,
            [[cell.score for cell in r.cells] for r in chunk],
            value_labels=[[cell.word if cell.score is not None else "" for cell in r.cells] for r in chunk],
            title=title,
            description=description,
            highlight=highlight,
            highlight_label=highlight_of.get(chunk[highlight].alternative.pk, "") if highlight is not None else "",
            missing_label=_("not assessed"),
            id_prefix=f"profile-{case.pk}-{n}",
        )
        table = charts.data_table(
            title,
            [_("Alternative"), *series],
            [[r.alternative.title, *(cell.word for cell in r.cells)] for r in chunk],
        )
        caption = _(
            "The median score of the assessors on each criterion, 1 to 5. On resources a longer bar means more "
            "resources, which lowers the priority; on severity and benefit a longer bar raises it."
        )
        key = "profile" if len(chunks) == 1 else f"profile-{n}"
        figures.append(Figure(key, title, mark_safe(svg), mark_safe(table), caption))  # escaped in charts
    return figures


def report(case: Case) -> Report:
    """Everything the saksframlegg and the vedtak summary show, for one case the caller may read.

    The sections other apps add (the portfolio, a consultation's summary, …) come through the
    extension protocol: ``cases.extensions.sections_for(case, Place.REPORT, user)``.
    """
    decision = case_selectors.current_decision(case)
    comparison = None
    if decision is not None:
        # The ranking as it was at the decision (its snapshot and weight version); today's only compares.
        decided = decided_judgment(case, decision)
        judgment = decided.judgment
        if decided.today is not None and decided.today.ranked:
            then = {r.alternative.pk: r.rank for r in judgment.ranked}
            comparison = Comparison(
                decided.today.weight_version,
                [
                    ComparisonRow(
                        r.alternative.title,
                        r.rank or 0,
                        formatting.decimal(r.value, 2),
                        priority_word(r.band.value if r.band else None),
                        then.get(r.alternative.pk),
                    )
                    for r in decided.today.ranked
                ],
            )
    else:
        judgment = combined_judgment(case)
    alternatives = [r.alternative for r in judgment.rows]
    rows = [
        Row(
            alternative=r.alternative,
            cells=_cells(r),
            rank=r.rank,
            value=r.value,
            band=r.band.value if r.band else "",
            is_top=r.is_top,
            chosen=decision is not None and decision.alternative_id == r.alternative.pk,
            assessors=len(r.assessments),
            conclusion=_row_conclusion(r, decision),
        )
        for r in judgment.rows
    ]
    no_action = next((a for a in alternatives if a.kind == AlternativeKind.NO_ACTION), None)
    if no_action is None:
        no_action = case.alternatives.filter(kind=AlternativeKind.NO_ACTION).first()
    figures = _profile_figures(case, rows, decision)
    version = judgment.weight_version
    recommendation = case_selectors.current_recommendation(case)
    return Report(
        case=case,
        judgment=judgment,
        decision=decision,
        recommendation=recommendation,
        resolution=case_selectors.political_of(decision),
        weight_version=version,
        weights=_weights(version),
        rows=rows,
        no_action=no_action,
        conclusion=_conclusion(judgment, decision, recommendation),
        forsvarlighet=_forsvarlighet(case, decision, alternatives),
        child=_child(case, decision),
        figures=figures,
        references=legal.ALL,
        criteria=[(c.value, criterion_name(c).capitalize()) for c in SEED_ORDER],
        generated_at=timezone.now(),
        comparison=comparison,
    )


def short_date(value: datetime.date | datetime.datetime | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return date_format(value, "SHORT_DATE_FORMAT")


def stored_pdf(case: Case, html: str, language: str) -> ReportDocument | None:
    """The stored document of this exact report (made, being made or failed), or None; a read.

    The PDF view's GET serves or waits for it; only its POST makes one
    (:func:`prioritet.reports.services.request_pdf`).
    """
    return ReportDocument.objects.filter(case=case, fingerprint=pdf.fingerprint(html, language)).defer("html").first()
