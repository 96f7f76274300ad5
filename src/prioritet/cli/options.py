"""Turning option text into engine values, with problems (codes, worded by :mod:`.language`) that name the option.

Choices (``--format``, ``--method``) are parsed here rather than by Typer so that a wrong value gets
the same kind of message as every other input problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from prioritet import engine
from prioritet.engine import CRITERIA, Code, InputError, Problem, Weights, WeightSpace
from prioritet.engine.measures import FloatArray
from prioritet.tabular.values import parse_number

from .gather import Gather

if TYPE_CHECKING:
    from prioritet.engine import BudgetRange


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def labelled[**P, T](option: str, parse: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``parse(*args, **kwargs)``; problems that name no place get the option as their source."""
    try:
        return parse(*args, **kwargs)
    except InputError as err:
        raise InputError(replace(p, source=p.source or option) for p in err.problems) from None


def choice[E: StrEnum](kind: type[E], text: str, option: str) -> E:
    try:
        return kind(text.strip().lower())
    except ValueError:
        raise InputError(
            [Problem(Code.INVALID_CHOICE, {"value": text, "choices": tuple(f"«{w}»" for w in kind)}, source=option)]
        ) from None


def weights(text: str | None) -> Weights | None:
    return None if text is None else labelled("--weights", Weights.parse, text)


def budget_weights(text: str | None) -> Weights:
    """Weights of a budgeted analysis: benefit and severity, as the budgets stand in for resources."""
    return labelled("--weights", engine.value_weights, weights(text))


def weight_space(bounds: list[str], order: str | None) -> WeightSpace | None:
    """Bounds and order on the weights, over all three criteria; the engine drops resources when a
    budget takes its place, and says so if a bound or the order names it."""
    if not bounds and not order:
        return None
    gather, free = Gather(), WeightSpace(criteria=CRITERIA)
    parsed_bounds = gather.take(lambda: labelled("--bounds", WeightSpace.parse, CRITERIA, bounds=bounds), free)
    parsed_order = gather.take(lambda: labelled("--order", WeightSpace.parse, CRITERIA, order=order), free)
    gather.check()
    return WeightSpace(criteria=CRITERIA, bounds=parsed_bounds.bounds, order=parsed_order.order)


def required(texts: list[str] | None, *, ranges: bool) -> list[str]:
    """The ``--budget`` options, which a command with budgets cannot do without."""
    if not texts:
        raise InputError([_budget_problem(Code.BUDGET_RANGE_REQUIRED if ranges else Code.BUDGET_REQUIRED)])
    return texts


def amounts(texts: Iterable[str]) -> dict[str, float]:
    """``--budget COLUMN=AMOUNT`` options. Amounts take a decimal point or a decimal comma and
    spaces between thousands (``cost_nok=12 500 000,50``)."""
    return {c: v for c, v in _budgets(texts, ranges=False).items() if isinstance(v, float)}


def budget_specs(texts: Iterable[str]) -> dict[str, float | BudgetRange]:
    """``--budget`` options of the frontier: ranges ``COLUMN=FROM:TO:STEPS`` and fixed amounts."""
    return _budgets(texts, ranges=True)


def split(specs: Mapping[str, float | BudgetRange]) -> tuple[dict[str, BudgetRange], dict[str, float]]:
    """Ranged budgets and fixed ones, apart."""
    ranged = {c: v for c, v in specs.items() if isinstance(v, engine.BudgetRange)}
    return ranged, {c: v for c, v in specs.items() if isinstance(v, float)}


def _budgets(texts: Iterable[str], *, ranges: bool) -> dict[str, float | BudgetRange]:
    """Every problem in every ``--budget`` option at once."""
    problems: list[Problem] = []
    parsed: dict[str, float | BudgetRange] = {}
    form = Code.BUDGET_RANGE_FORM if ranges else Code.BUDGET_FORM
    for text in texts:
        column, sep, spec = (part.strip() for part in text.partition("="))
        if not sep or not column or not spec:
            problems.append(_budget_problem(form, text=text))
        elif column in parsed:
            problems.append(_budget_problem(Code.BUDGET_TWICE, column=column))
        elif ranges and ":" in spec:
            parsed[column] = _budget_range(text, spec, problems)
        else:
            parsed[column] = _amount(text, spec, problems)
    if problems:
        raise InputError(problems)
    return parsed


def _budget_problem(code: Code, **params: str) -> Problem:
    return Problem(code, params, source="--budget")


def _amount(text: str, spec: str, problems: list[Problem]) -> float:
    value = parse_number(spec, None)
    if value is None:
        problems.append(_budget_problem(Code.AMOUNT_NOT_NUMBER, text=text, amount=spec))
        return 0.0
    return value


def _budget_range(text: str, spec: str, problems: list[Problem]) -> BudgetRange:
    parts = spec.split(":")
    if len(parts) != 3:
        problems.append(_budget_problem(Code.RANGE_FORM, text=text))
        return engine.BudgetRange(0.0, 0.0, 2)
    start, stop = (_amount(text, p, problems) for p in parts[:2])
    steps = parts[2].strip()
    if not steps.isdecimal():
        problems.append(_budget_problem(Code.STEPS_NOT_INTEGER, text=text, steps=steps))
        return engine.BudgetRange(start, stop, 2)
    if start >= stop:
        problems.append(_budget_problem(Code.RANGE_FROM_NOT_BELOW_TO, text=text))
    return engine.BudgetRange(start, stop, int(steps))


def years(text: str | None) -> tuple[int, int]:
    """``--years FIRST:LAST`` (``2027:2030``): the plan period's first and last year."""
    first, sep, last = (part.strip() for part in (text or "").partition(":"))
    if text is None or not sep or not first.isdecimal() or not last.isdecimal():
        raise InputError([Problem(Code.PLAN_YEARS_FORM, {"text": text or ""}, source="--years")])
    return int(first), int(last)


def yearly_amounts(texts: Iterable[str]) -> dict[str, list[float]]:
    """``--budget COLUMN=AMOUNT[,AMOUNT…]`` options of a plan: one amount for every year, or one per
    year separated by commas (so a fraction takes a decimal point; spaces may group thousands)."""
    problems: list[Problem] = []
    parsed: dict[str, list[float]] = {}
    for text in texts:
        column, sep, spec = (part.strip() for part in text.partition("="))
        if not sep or not column or not spec:
            problems.append(_budget_problem(Code.BUDGET_FORM, text=text))
        elif column in parsed:
            problems.append(_budget_problem(Code.BUDGET_TWICE, column=column))
        else:
            values = [parse_number(part, ".") for part in spec.split(",")]
            problems += [
                _budget_problem(Code.AMOUNT_NOT_NUMBER, text=text, amount=part.strip())
                for part, value in zip(spec.split(","), values, strict=True)
                if value is None
            ]
            parsed[column] = [v for v in values if v is not None]
    if problems:
        raise InputError(problems)
    return parsed


class Columns(Protocol):
    """What has named amount columns: measures, or a plan's measures."""

    @property
    def resources(self) -> Mapping[str, FloatArray]: ...

    def resource(self, column: str) -> FloatArray: ...


def resolve_columns[V](measures: Columns, given: Mapping[str, V]) -> dict[str, V]:
    """Budget columns as the file names them; case does not matter when only one column matches."""
    problems: list[Problem] = []
    resolved: dict[str, V] = {}
    for name, value in given.items():
        matches = [c for c in measures.resources if c.lower() == name.lower()]
        column = name if name in measures.resources else (matches[0] if len(matches) == 1 else None)
        if column is None:
            try:
                measures.resource(name)
            except InputError as err:
                problems.extend(replace(p, source="--budget") for p in err.problems)
        elif column in resolved:
            problems.append(_budget_problem(Code.BUDGET_TWICE, column=column))
        else:
            resolved[column] = value
    if problems:
        raise InputError(problems)
    return resolved
