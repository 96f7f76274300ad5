"""Reads of the calibration app, each scoped to one municipality (the comparison reads others' anonymously)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from prioritet.accounts.models import Municipality, User
from prioritet.accounts.tenancy import get_for_municipality_or_404
from prioritet.cases.judgment import median_score
from prioritet.engine import CRITERIA, Criterion
from prioritet.examples.models import Example, ExampleAlternative

from . import agreement, policy
from .models import Exercise, ExerciseExample, NeedRating, Participant, Rating

#: Scored once per example: severity belongs to the need, the same for every alternative (issue 11).
NEED_CRITERION = Criterion.SEVERITY
#: Scored per alternative.
ALTERNATIVE_CRITERIA: tuple[Criterion, ...] = (Criterion.BENEFIT, Criterion.RESOURCES)

#: Other municipalities' exercises count in the comparison only with at least this many who submitted.
COMPARISON_MIN_PARTICIPANTS = 3


def _with_relations(queryset: QuerySet[Exercise]) -> QuerySet[Exercise]:
    return queryset.select_related("created_by", "municipality").prefetch_related(
        Prefetch("participants", queryset=Participant.objects.select_related("user")),
        Prefetch("exercise_examples", queryset=ExerciseExample.objects.select_related("example")),
    )


def get_exercise(municipality: Municipality | None, pk: int) -> Exercise:
    """The exercise, 404 if it belongs to another municipality."""
    return get_for_municipality_or_404(_with_relations(Exercise.objects.all()), municipality, pk=pk)


def managed_exercises(municipality: Municipality, user: User) -> list[Exercise]:
    if not policy.can_create(user):
        return []
    return list(_with_relations(Exercise.objects.for_municipality(municipality)))


def my_exercises(municipality: Municipality, user: User) -> list[tuple[Exercise, Participant]]:
    exercises = _with_relations(Exercise.objects.for_municipality(municipality).filter(participants__user=user))
    return [(e, next(p for p in e.participants.all() if p.user_id == user.pk)) for e in exercises]


def eligible_participants(municipality: Municipality) -> QuerySet[User]:
    # People only: an API integration's system user has a role but is nobody to calibrate.
    return (
        User.objects.filter(municipality=municipality, role__in=policy.PARTICIPANT_ROLES, is_active=True)
        .filter(integration__isnull=True)
        .order_by("last_name", "first_name", "username")
    )


def selectable_examples() -> QuerySet[Example]:
    """Examples of the national bank that can be rated: not withdrawn, with at least one alternative."""
    return Example.objects.visible().filter(alternatives__isnull=False).distinct().order_by("title", "pk")


def examples_of(exercise: Exercise) -> list[Example]:
    return [ee.example for ee in exercise.exercise_examples.all()]


def exercise_alternatives(exercise: Exercise) -> list[ExampleAlternative]:
    """The alternatives to rate, in the exercise's example order."""
    return list(
        ExampleAlternative.objects.filter(example__in=exercise.exercise_examples.values("example"))
        .annotate(
            exercise_position=Subquery(
                ExerciseExample.objects.filter(exercise=exercise, example=OuterRef("example")).values("position")[:1]
            )
        )
        .order_by("exercise_position", "position", "pk")
    )


# The rating sheet -----------------------------------------------------------------------------------


@dataclass
class SheetExample:
    """An example as a participant sees it while rating: its texts only, never its scores or decision."""

    pk: int
    title: str
    summary: str
    service_area: str
    level: str
    alternatives: list[ExampleAlternative]


def rating_sheet(exercise: Exercise, alternatives: list[ExampleAlternative]) -> list[SheetExample]:
    """The examples to rate, each with its alternatives (those of :func:`exercise_alternatives`)."""
    by_example: dict[int, list[ExampleAlternative]] = defaultdict(list)
    for alternative in alternatives:
        by_example[alternative.example_id].append(alternative)
    return [
        SheetExample(e.pk, e.title, e.summary, e.service_area, e.get_level_display(), by_example[e.pk])
        for e in examples_of(exercise)
    ]


def ratings_of(participant: Participant) -> dict[int, Rating]:
    return {r.alternative_id: r for r in participant.ratings.all()}


def need_ratings_of(participant: Participant) -> dict[int, NeedRating]:
    """The participant's severity of each example's need, by example id."""
    return {r.example_id: r for r in participant.need_ratings.all()}


# Results --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """What the agreement is measured over: an example's need on severity, or an alternative on benefit or
    on resources."""

    example: Example
    #: None for the need's unit (severity).
    alternative: ExampleAlternative | None
    criterion: Criterion
    #: The need's unit: the publishing municipality's severity (the median over its alternatives).
    need_reference: int | None = None

    @property
    def is_need(self) -> bool:
        return self.alternative is None

    @property
    def key(self) -> tuple[str, int, str]:
        if self.alternative is None:
            return ("need", self.example.pk, self.criterion.value)
        return ("alternative", self.alternative.pk, self.criterion.value)

    @property
    def title(self) -> str | Promise:
        return _("The need") if self.alternative is None else self.alternative.title

    @property
    def reference(self) -> int | None:
        """The publishing municipality's own score, shown for reference only."""
        if self.alternative is None:
            return self.need_reference
        return getattr(self.alternative, self.criterion.value)


@dataclass
class UnitRow:
    unit: Unit
    median: float | None
    low: int | None
    high: int | None


@dataclass
class PersonResult:
    participant: Participant
    distance: agreement.Distance


@dataclass
class Results:
    exercise: Exercise
    raters: list[Participant]
    invited: int
    units: list[Unit]
    matrix: list[list[int | None]]
    overall: agreement.Alpha
    by_criterion: list[tuple[Criterion, agreement.Alpha]]
    rows: list[UnitRow]
    people: list[PersonResult] = field(default_factory=list)
    #: Percentage agreement beside alpha, overall and per criterion (in the order of ``by_criterion``).
    overall_pairs: agreement.PairAgreement = field(default_factory=lambda: agreement.PairAgreement(0, 0, 0))
    pairs_by_criterion: list[agreement.PairAgreement] = field(default_factory=list)

    @property
    def varies_little(self) -> bool:
        """Alpha is low while nearly everyone is within a step: the page explains alpha beside it."""
        return agreement.varies_little(self.overall, self.overall_pairs)

    @property
    def criteria(self) -> list[tuple[Criterion, agreement.Alpha, agreement.PairAgreement]]:
        return [(c, a, p) for (c, a), p in zip(self.by_criterion, self.pairs_by_criterion, strict=True)]

    def person(self, user: User) -> PersonResult | None:
        return next((p for p in self.people if p.participant.user_id == user.pk), None)


def units_of(exercise: Exercise) -> list[Unit]:
    """Per example in the exercise's order: its need on severity, then each alternative on benefit and on
    resources."""
    by_example: dict[int, list[ExampleAlternative]] = defaultdict(list)
    for alternative in exercise_alternatives(exercise):
        by_example[alternative.example_id].append(alternative)
    units = []
    for example in examples_of(exercise):
        alternatives = by_example[example.pk]
        given = [a.severity for a in alternatives if a.severity is not None]
        reference = median_score(given)[1] if given else None
        units.append(Unit(example, None, NEED_CRITERION, reference))
        units += [Unit(example, a, c) for a in alternatives for c in ALTERNATIVE_CRITERIA]
    return units


def rating_matrix(exercise: Exercise, units: list[Unit]) -> tuple[list[Participant], list[list[int | None]]]:
    """Submitted participants (rows) × units (columns); drafts of those who did not submit do not count."""
    raters = [p for p in exercise.participants.all() if p.submitted]
    ids = [p.pk for p in raters]
    scores: dict[tuple[int, int], Rating] = {
        (r.participant_id, r.alternative_id): r for r in Rating.objects.filter(participant__in=ids)
    }
    needs: dict[tuple[int, int], NeedRating] = {
        (r.participant_id, r.example_id): r for r in NeedRating.objects.filter(participant__in=ids)
    }
    matrix = []
    for participant in raters:
        row: list[int | None] = []
        for unit in units:
            if unit.alternative is None:
                need = needs.get((participant.pk, unit.example.pk))
                row.append(need.severity if need else None)
            else:
                rating = scores.get((participant.pk, unit.alternative.pk))
                row.append(getattr(rating, unit.criterion.value) if rating else None)
        matrix.append(row)
    return raters, matrix


def _columns(matrix: list[list[int | None]], indices: list[int]) -> list[list[int | None]]:
    return [[row[i] for i in indices] for row in matrix]


def results(exercise: Exercise) -> Results:
    """The group's agreement, overall and per criterion, the unit medians and every person's distance."""
    units = units_of(exercise)
    raters, matrix = rating_matrix(exercise, units)
    by_criterion = []
    pairs_by_criterion = []
    for c in CRITERIA:
        indices = [i for i, u in enumerate(units) if u.criterion == c]
        by_criterion.append((c, agreement.ordinal_alpha(_columns(matrix, indices))))
        pairs_by_criterion.append(agreement.pair_agreement(_columns(matrix, indices)))
    rows = []
    for i, unit in enumerate(units):
        scores = agreement.column(matrix, i)
        rows.append(UnitRow(unit, agreement.median(scores), min(scores, default=None), max(scores, default=None)))
    people = [PersonResult(p, d) for p, d in zip(raters, agreement.distances(matrix), strict=True)]
    return Results(
        exercise=exercise,
        raters=raters,
        invited=len(exercise.participants.all()),
        units=units,
        matrix=matrix,
        overall=agreement.ordinal_alpha(matrix),
        by_criterion=by_criterion,
        rows=rows,
        people=people,
        overall_pairs=agreement.pair_agreement(matrix),
        pairs_by_criterion=pairs_by_criterion,
    )


# Across municipalities ------------------------------------------------------------------------------


@dataclass
class ComparedUnit:
    row: UnitRow
    pooled_median: float | None

    @property
    def difference(self) -> float | None:
        if self.row.median is None or self.pooled_median is None:
            return None
        return self.row.median - self.pooled_median


@dataclass
class Comparison:
    """Other municipalities' results on exactly the same examples, without saying whose they are."""

    alphas: list[float]
    undefined: int
    units: list[ComparedUnit]

    @property
    def count(self) -> int:
        return len(self.alphas) + self.undefined


def comparable_exercises(exercise: Exercise) -> QuerySet[Exercise]:
    """Closed exercises of other municipalities with exactly the same set of examples and ≥3 who submitted."""
    ids = list(exercise.exercise_examples.values_list("example_id", flat=True))
    return (
        Exercise.objects.closed()
        .exclude(municipality_id=exercise.municipality_id)
        .annotate(
            n_examples=Count("exercise_examples", distinct=True),
            n_same=Count("exercise_examples", filter=Q(exercise_examples__example_id__in=ids), distinct=True),
            n_submitted=Count("participants", filter=Q(participants__submitted_at__isnull=False), distinct=True),
        )
        .filter(n_examples=len(ids), n_same=len(ids), n_submitted__gte=COMPARISON_MIN_PARTICIPANTS)
        .order_by("pk")
    )


def comparison(exercise: Exercise, own: Results | None = None) -> Comparison | None:
    """The comparison for a closed exercise, or ``None`` when no other municipality's exercise qualifies."""
    own = own or results(exercise)
    others = list(_with_relations(comparable_exercises(exercise)))
    if not others:
        return None
    alphas: list[float] = []
    undefined = 0
    pooled: dict[tuple[str, int, str], list[int]] = defaultdict(list)
    for other in others:
        units = units_of(other)
        _raters, matrix = rating_matrix(other, units)
        alpha = agreement.ordinal_alpha(matrix)
        if alpha.value is None:
            undefined += 1
        else:
            alphas.append(alpha.value)
        for i, unit in enumerate(units):
            pooled[unit.key].extend(agreement.column(matrix, i))
    compared = [ComparedUnit(row, agreement.median(pooled.get(row.unit.key, []))) for row in own.rows]
    return Comparison(sorted(alphas), undefined, compared)
