"""From the database to the engine: the one place a portfolio becomes :class:`~prioritet.engine.Measures`.

Every number the app shows, exports or saves in a scenario is computed from what
:func:`portfolio_data` returns, so the page, the export, the reports and the command line (reading
the same data from a file) agree. The measures keep their ``position`` order, which is the order
of the file they were imported from: the engine then sees exactly what the command line sees.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.utils.translation import gettext as _

from prioritet.core import formatting
from prioritet.engine import VALUE_CRITERIA, InputError, Measures, Weights

from .models import Budget, Measure, MeasureAmount, Portfolio, ResourceColumn


def resource_columns(municipality) -> list[ResourceColumn]:
    """The municipality's resource columns in display order."""
    return list(ResourceColumn.objects.for_municipality(municipality).order_by("position", "id"))


def active_measures(portfolio: Portfolio) -> list[Measure]:
    """The portfolio's measures that are not archived, in position (file) order."""
    return list(portfolio.measures.filter(archived=False).select_related("requires").order_by("position", "id"))


def amounts_of(measures: Sequence[Measure]) -> dict[tuple[int, int], Decimal]:
    """{(measure pk, column pk): amount} for the given measures, in one query."""
    rows = MeasureAmount.objects.filter(measure__in=[m.pk for m in measures]).values_list(
        "measure_id", "column_id", "amount"
    )
    return {(measure, column): amount for measure, column, amount in rows}


def budget_amounts(portfolio: Portfolio, columns: Sequence[ResourceColumn]) -> dict[str, Decimal | None]:
    """{column key: the portfolio's budget, or None for no limit}, for every column, in column order."""
    saved = dict(Budget.objects.filter(portfolio=portfolio).values_list("column_id", "amount"))
    return {c.key: saved.get(c.pk) for c in columns}


def engine_budget(amounts: dict[str, Decimal | None]) -> dict[str, float]:
    """The limits the engine gets: only the columns that have a budget, in column order."""
    return {key: float(amount) for key, amount in amounts.items() if amount is not None}


def value_weights_of(version) -> Weights:
    """A weight version as the weights of a portfolio's value: benefit and severity only.

    The budgets take the place of the resources criterion in a portfolio (methods §6.1), so the
    resources weight is left out and the other two are normalised to sum 1.
    """
    from prioritet.weighting.services import to_engine

    full = to_engine(version)
    return Weights({c: w for c, w in full.values.items() if c in VALUE_CRITERIA})


def build_measures(rows: Sequence[Measure], columns: Sequence[ResourceColumn], amounts) -> Measures:
    """The engine's :class:`Measures` of ``rows`` (in that order), with one resource per column.

    ``rows`` numbers in engine problems are 1-based positions in ``rows``. Raises
    :class:`~prioritet.engine.InputError` when the engine refuses the data.
    """
    code_of = {m.pk: m.code for m in rows}
    missing = {m.requires_id for m in rows if m.requires_id and m.requires_id not in code_of}
    if missing:  # an archived measure is still required: name it, the engine will say it is unknown
        code_of.update(dict(Measure.objects.filter(pk__in=missing).values_list("pk", "code")))
    return Measures.build(
        [m.code for m in rows],
        [m.name for m in rows],
        [[m.benefit, m.severity, m.resources] for m in rows],
        resources={c.key: [float(amounts.get((m.pk, c.pk), 0)) for m in rows] for c in columns},
        mandatory=[m.mandatory for m in rows],
        groups=[m.group or None for m in rows],
        requires=[code_of[m.requires_id] if m.requires_id else None for m in rows],
        rows=list(range(1, len(rows) + 1)),
    )


def engine_measures(portfolio: Portfolio) -> Measures:
    """The portfolio's active measures as the engine's :class:`Measures`, one resource per column.

    Raises :class:`~prioritet.engine.InputError` when there are none or the engine refuses them.
    """
    rows = active_measures(portfolio)
    return build_measures(rows, resource_columns(portfolio.municipality), amounts_of(rows))


@dataclass(frozen=True, eq=False)
class PortfolioData:
    """A portfolio as the engine sees it, with the database rows to show beside the numbers.

    ``measures`` is None when there is nothing to analyse (no measures, or data the engine refuses:
    then ``problems`` says why). ``rows[i]`` is the measure of the engine's row ``i``.
    """

    portfolio: Portfolio
    rows: tuple[Measure, ...]
    columns: tuple[ResourceColumn, ...]
    #: {(measure pk, column pk): amount}.
    amounts: dict[tuple[int, int], Decimal]
    #: {column key: budget or None} for every column.
    budget_amounts: dict[str, Decimal | None]
    weight_version: object
    weights: Weights | None
    measures: Measures | None
    problems: tuple[str, ...] = ()
    #: Engine problems that point at a measure: {measure pk: [messages]}.
    measure_problems: dict[int, list[str]] = field(default_factory=dict)

    @property
    def budget(self) -> dict[str, float]:
        """The engine's budget: the columns that have a limit."""
        return engine_budget(self.budget_amounts)

    @cached_property
    def by_code(self) -> dict[str, Measure]:
        return {m.code: m for m in self.rows}

    @cached_property
    def column_by_key(self) -> dict[str, ResourceColumn]:
        return {c.key: c for c in self.columns}

    def amount(self, measure: Measure, column: ResourceColumn) -> float:
        return float(self.amounts.get((measure.pk, column.pk), 0))

    @cached_property
    def measures_key(self) -> str:
        """A fingerprint of everything in the data that can change a number (not names or texts)."""
        keys = [c.key for c in self.columns]
        payload = {
            "columns": keys,
            "measures": [
                [
                    m.code,
                    m.benefit,
                    m.severity,
                    m.resources,
                    m.mandatory,
                    m.group,
                    self.measures.requires[i] if self.measures is not None else m.requires_id,
                    [repr(self.amount(m, c)) for c in self.columns],
                ]
                for i, m in enumerate(self.rows)
            ],
        }
        return _digest(payload)

    def key(self, *parts: object) -> str:
        """A cache key from the data's fingerprint and ``parts`` (budget, weights, settings)."""
        return _digest([self.measures_key, *[_jsonable(p) for p in parts]])

    @cached_property
    def weights_key(self) -> list[float]:
        if self.weights is None:
            return []
        return [float(x) for x in self.weights.vector(VALUE_CRITERIA)]


def _jsonable(value: object) -> object:
    if isinstance(value, dict):
        return [[str(k), _jsonable(v)] for k, v in value.items()]
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def _digest(payload: object) -> str:
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def portfolio_data(portfolio: Portfolio) -> PortfolioData:
    """Load the portfolio's active measures, amounts, budget and the municipality's current weights,
    and convert them to the engine's :class:`Measures` (three queries, whatever the size)."""
    from prioritet.weighting.selectors import current_weights

    columns = resource_columns(portfolio.municipality)
    rows = active_measures(portfolio)
    amounts = amounts_of(rows)
    budget = budget_amounts(portfolio, columns)
    version = current_weights(portfolio.municipality)
    problems: list[str] = []
    by_measure: dict[int, list[str]] = {}
    weights: Weights | None = None
    try:
        weights = value_weights_of(version)
    except InputError:
        problems.append(
            _(
                "The municipality's weights give neither benefit nor severity any weight, so a portfolio cannot be "
                "valued."
            )
        )
    measures: Measures | None = None
    if rows:
        try:
            measures = build_measures(rows, columns, amounts)
        except InputError as err:
            problems.extend(_describe(err.problems, rows, by_measure))
    return PortfolioData(
        portfolio=portfolio,
        rows=tuple(rows),
        columns=tuple(columns),
        amounts=amounts,
        budget_amounts=budget,
        weight_version=version,
        weights=weights,
        measures=measures,
        problems=tuple(problems),
        measure_problems=by_measure,
    )


def describe_problems(problems, data: PortfolioData) -> list[str]:
    """Engine problems as text that names the measure instead of an engine row number."""
    return _describe(problems, data.rows, data.measure_problems)


def _describe(problems, rows: Sequence[Measure], by_measure: dict[int, list[str]]) -> list[str]:
    out = []
    for p in problems:
        if p.row is not None and 1 <= p.row <= len(rows):
            measure = rows[p.row - 1]
            text = formatting.problem_text(p)
            by_measure.setdefault(measure.pk, []).append(text)
            out.append(f"«{measure.code}»: {text}")
        else:
            out.append(formatting.located_problem(p))
    return out
