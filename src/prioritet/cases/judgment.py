"""The combined judgment (samlet vurdering): the engine's suggested order of a case's alternatives.

Severity belongs to the need: it is the case's :attr:`~prioritet.cases.models.Case.severity`, assessed
once and the same for every alternative (issue 11). Until it is assessed there is no suggested order
(:attr:`CombinedJudgment.severity_missing`) and the case cannot be decided. Benefit (the gain compared
with no action) and resources are per alternative: each alternative's score on them is the median of
its assessors' scores. The engine takes
whole scores 1–5, so a median halfway between two scores (an even number of assessors who disagree)
is rounded half up; the page shows both the exact median and the score used.

The no-action alternative («not start, postpone or end») is the **reference**, not a candidate: it
shows the consequence of doing nothing (the guideline's severity question) and never gets a rank, a
value or a priority band. It goes to the engine as the measures' baseline row, which the engine leaves
out of the order (:attr:`~prioritet.engine.Measures.candidates`). It can still be chosen, with the
forsvarlighet confirmation (:func:`prioritet.cases.services.decide`).
"""

from __future__ import annotations

import datetime
import hashlib
import statistics
from dataclasses import dataclass, field

from prioritet.engine import CRITERIA, Criterion, Measures, Priority, Ranking, priority_band, rank
from prioritet.tabular.values import rounded
from prioritet.weighting.models import WeightVersion
from prioritet.weighting.selectors import current_weights
from prioritet.weighting.services import to_engine

from .models import Alternative, Assessment, Case, Decision, PersonVoice
from .voice import views_of, voice_of

#: What an assessor scores per alternative; severity is the need's, assessed once on the case.
ASSESSED_CRITERIA: tuple[Criterion, ...] = (Criterion.BENEFIT, Criterion.RESOURCES)

#: Values closer than this count as a tie for the top place (the engine rounds to 12 decimals).
_TIE = 1e-9


def engine_id(alternative_pk: int) -> str:
    """Zero-padded so the engine's final tie-break (id ascending) follows the order of creation."""
    return f"{alternative_pk:012d}"


def median_score(scores: list[int]) -> tuple[float, int]:
    """The exact median and the whole score 1–5 the engine uses (half rounded up)."""
    exact = statistics.median(scores)
    return float(exact), int(rounded(exact, 0))


@dataclass
class AlternativeJudgment:
    alternative: Alternative
    assessments: list[Assessment]
    #: Per criterion in engine order: (exact median, score used); empty when nobody has assessed it.
    medians: list[tuple[float, int]] = field(default_factory=list)
    value: float | None = None
    rank: int | None = None
    band: Priority | None = None
    is_top: bool = False
    #: The person's own view of this alternative (individual cases; medvirkning, pbrl § 3-1).
    person_view: str = ""

    @property
    def is_reference(self) -> bool:
        """The no-action alternative: the reference row, never ranked."""
        return self.alternative.is_no_action

    @property
    def assessed(self) -> bool:
        return bool(self.assessments)

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(used for _, used in self.medians)

    @property
    def ranked_value(self) -> float:
        """The engine's value of a ranked alternative; an unassessed one has none."""
        if self.value is None:
            raise ValueError(f"alternative {self.alternative.pk} is not ranked")
        return self.value

    @property
    def rounded(self) -> bool:
        return any(exact != used for exact, used in self.medians)


@dataclass
class CombinedJudgment:
    weight_version: WeightVersion
    #: Assessed measures in the engine's order (best first), then the unassessed ones, then the
    #: reference (no action), which has no rank.
    rows: list[AlternativeJudgment]
    ranking: Ranking | None
    #: What the engine ranked, indexed like :attr:`ranking` (the reference left out).
    measures: Measures | None
    #: The case's severity (the need's), the same for every alternative; ``None`` until assessed.
    severity: int | None = None
    #: The person's and the relatives' voice (individual cases): weighed with the criteria, not scored.
    voice: PersonVoice | None = None

    @property
    def severity_missing(self) -> bool:
        """The need's severity is not assessed yet: no suggested order, no decision."""
        return self.severity is None

    @property
    def ranked(self) -> list[AlternativeJudgment]:
        return [r for r in self.rows if r.rank is not None]

    @property
    def candidates(self) -> list[AlternativeJudgment]:
        """Every row but the reference: the alternatives that can be ranked."""
        return [r for r in self.rows if not r.is_reference]

    @property
    def reference(self) -> AlternativeJudgment | None:
        """The no-action row: the consequence of doing nothing, shown apart and never ranked."""
        return next((r for r in self.rows if r.is_reference), None)

    @property
    def top(self) -> AlternativeJudgment | None:
        ranked = self.ranked
        return ranked[0] if ranked else None

    @property
    def top_ids(self) -> set[int]:
        """The engine's first alternative and any with exactly the same value."""
        return {r.alternative.pk for r in self.rows if r.is_top}

    @property
    def signature(self) -> str:
        """Changes whenever the need's severity, an alternative or an assessment does: a decision is made
        on what was seen."""
        parts = [f"severity{self.severity}"]
        for row in sorted(self.rows, key=lambda r: r.alternative.pk):
            parts.append(f"a{row.alternative.pk}.{row.alternative.version}")
            parts.extend(f"s{a.pk}.{a.version}" for a in sorted(row.assessments, key=lambda a: a.pk))
        return hashlib.sha256(",".join(parts).encode()).hexdigest()[:16]

    def suggestion(self) -> list[dict]:
        """What the decision stores of the judgment it was made on: the ranked alternatives, best first
        (the reference is never among them)."""
        return [
            {
                "alternative": r.alternative.pk,
                "title": r.alternative.title,
                "scores": {c.value: s for c, s in zip(CRITERIA, r.scores, strict=True)},
                "value": round(r.ranked_value, 6),
                "rank": r.rank,
            }
            for r in self.ranked
        ]


def combined_judgment(case: Case, weight_version: WeightVersion | None = None) -> CombinedJudgment:
    """The engine's order of the case's active alternatives under the municipality's weights."""
    version = weight_version or current_weights(case.municipality)
    alternatives = list(case.alternatives.filter(archived=False).order_by("id"))
    assessments: dict[int, list[Assessment]] = {a.pk: [] for a in alternatives}
    for assessment in Assessment.objects.filter(alternative__in=alternatives).select_related("assessor").order_by("id"):
        assessments[assessment.alternative_id].append(assessment)
    rows = [AlternativeJudgment(alternative=a, assessments=assessments[a.pk]) for a in alternatives]
    severity = case.severity
    if severity is not None:
        for row in rows:
            if row.assessed:
                row.medians = [
                    (float(severity), severity)
                    if c == Criterion.SEVERITY
                    else median_score([getattr(a, c.value) for a in row.assessments])
                    for c in CRITERIA
                ]
    references = [r for r in rows if r.is_reference]
    assessed = [r for r in rows if r.assessed and not r.is_reference]
    if not assessed or severity is None:
        unranked = [r for r in rows if not r.is_reference]
        return _with_voice(case, CombinedJudgment(version, [*unranked, *references], None, None, severity))
    # The reference goes in as the baseline row when it has scores; the engine ranks the candidates only.
    given = assessed + [r for r in references if r.assessed]
    measures = Measures.build(
        [engine_id(r.alternative.pk) for r in given],
        [r.alternative.title for r in given],
        [list(r.scores) for r in given],
        baseline=[r.is_reference for r in given],
    )
    candidates = measures.candidates
    ranking = rank(candidates, to_engine(version))
    ranks = ranking.ranks()
    best = float(ranking.values[ranking.order[0]])
    for i, row in enumerate(assessed):
        row.value = float(ranking.values[i])
        row.rank = int(ranks[i])
        row.band = priority_band(row.value)
        row.is_top = abs(row.value - best) <= _TIE
    ordered = [assessed[i] for i in ranking.order] + [r for r in rows if not r.assessed and not r.is_reference]
    return _with_voice(case, CombinedJudgment(version, [*ordered, *references], ranking, candidates, severity))


def _with_voice(case: Case, judgment: CombinedJudgment) -> CombinedJudgment:
    """Put the person's voice and their view of each alternative beside the scores (individual cases).

    The voice is not a score and does not move the order: it is what the person deciding weighs with
    the suggestion, so it is shown where the suggestion is.
    """
    judgment.voice = voice_of(case)
    if judgment.voice is not None:
        views = views_of(case)
        for row in judgment.rows:
            row.person_view = views.get(row.alternative.pk, "")
    return judgment


@dataclass
class DecidedJudgment:
    """A decided case's combined judgment as it was at the decision, and today's only for comparison.

    ``judgment`` is made from the decision's frozen snapshot (``Decision.suggestion``, stored when it
    was made) under the decision's weight version: what the decision saw, whatever has changed since
    (new weights, severity moved to the need). ``today`` is the order with the municipality's current
    weights, set only when those weights differ from the decision's: the pages show it as a clearly
    labelled comparison, never as the ranking of the case.
    """

    judgment: CombinedJudgment
    weight_version: WeightVersion
    decided_at: datetime.datetime
    today: CombinedJudgment | None = None


def frozen_judgment(case: Case, decision: Decision) -> CombinedJudgment:
    """The judgment the decision was made on, from its snapshot: the ranked rows with the stored scores,
    values and ranks, then the live rows that were not ranked (unassessed alternatives, the reference).

    A decision without a snapshot (none is older than the snapshot, but a test may make one) falls back
    to the judgment recomputed with the decision's weights.
    """
    live = combined_judgment(case, decision.weight_version)
    stored = [row for row in decision.suggestion or [] if row.get("scores")]
    if not stored:
        return live
    by_pk = {row.alternative.pk: row for row in live.rows}
    reference = live.reference
    stored = [row for row in stored if reference is None or row["alternative"] != reference.alternative.pk]
    stored.sort(key=lambda r: int(r.get("rank") or 0))
    ranked: list[AlternativeJudgment] = []
    for position, row in enumerate(stored, start=1):
        current = by_pk.get(row["alternative"])
        alternative = current.alternative if current else Alternative(pk=row["alternative"], title=row["title"])
        value = float(row["value"])
        if current is not None and current.value is not None and round(current.value, 6) == value:
            value = current.value  # the stored value is rounded: keep the exact one where it is the same
        rank_ = ranked[-1].rank if ranked and ranked[-1].value == value else position
        medians = []
        for c in CRITERIA:
            used = int(row["scores"][c.value])
            exact = float(used)
            if current and current.medians:
                live_exact, live_used = current.medians[CRITERIA.index(c)]
                exact = live_exact if live_used == used else exact
            medians.append((exact, used))
        ranked.append(
            AlternativeJudgment(
                alternative=alternative,
                assessments=current.assessments if current else [],
                medians=medians,
                value=value,
                rank=rank_,
                band=priority_band(value),
            )
        )
    best = max((r.ranked_value for r in ranked), default=0.0)
    for judged in ranked:
        judged.is_top = abs(judged.ranked_value - best) <= _TIE
    seen = {r.alternative.pk for r in ranked}
    rest = [r for r in live.rows if r.alternative.pk not in seen and not r.is_reference]
    for row in rest:
        row.value, row.rank, row.band, row.is_top = None, None, None, False
    references = [r for r in live.rows if r.is_reference]
    return _with_voice(
        case, CombinedJudgment(decision.weight_version, [*ranked, *rest, *references], None, None, case.severity)
    )


def weights_differ(version: WeightVersion, other: WeightVersion) -> bool:
    """Two weight versions weigh differently (a new version with the same weights ranks the same)."""
    return version.pk != other.pk and version.normalised() != other.normalised()


def decided_judgment(case: Case, decision: Decision) -> DecidedJudgment:
    """The decided case's judgment as it was at the decision, with today's as a comparison if the
    municipality's weights have changed since."""
    today_weights = current_weights(case.municipality)
    today = None
    if weights_differ(today_weights, decision.weight_version):
        today = combined_judgment(case, today_weights)
    return DecidedJudgment(frozen_judgment(case, decision), decision.weight_version, decision.decided_at, today)
