"""Every write of the portfolio app, each in one transaction.

Rules enforced here, not only in forms:

* only the case's workers may change its portfolio: leaders on service-level cases, directors on
  political ones (:mod:`prioritet.portfolio.policy`), and not once the case is decided;
* a mandatory measure (forsvarlighet) has a legal basis, and no scenario is saved without every
  mandatory measure and what they require: the legal minimum is the floor, never a choice;
* edits of measures and scenarios carry the ``version`` the user loaded; a stale version raises
  :class:`~prioritet.core.concurrency.ConcurrentEditError` and nothing is written;
* nothing is deleted: measures and scenarios are archived, a budget is emptied, amounts become 0;
* every change is kept by django-simple-history with the user who made it.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from prioritet.cases import services as case_services
from prioritet.cases.models import Alternative, Case
from prioritet.core.concurrency import compare_and_swap, save_with_history
from prioritet.core.records import TaskStatus

from . import policy
from .analysis import (
    FRONTIER_INLINE_LIMIT,
    RobustnessResult,
    frontier,
    frontier_columns,
    optimum,
    queue_robustness,
    queue_stored,
    robustness,
)
from .conversion import PortfolioData, portfolio_data
from .models import (
    AMOUNT_DECIMALS,
    DEFAULT_COLUMNS,
    Budget,
    Measure,
    MeasureAmount,
    MeasureImport,
    Portfolio,
    ResourceColumn,
    Scenario,
    ScenarioKind,
)
from .selectors import check_selection

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from .imports import ImportPreview

__all__ = [
    "DEFAULT_COLUMNS",
    "ImportResult",
    "check_measure_import",
    "confirm_measure_import",
    "create_measure",
    "create_optimal_scenario",
    "create_portfolio",
    "create_resource_column",
    "create_scenario",
    "ensure_default_columns",
    "import_measures",
    "request_analyses",
    "request_robustness",
    "run_measure_import",
    "set_budget",
    "set_column_bands",
    "set_measure_archived",
    "set_scenario_archived",
    "start_measure_check",
    "update_measure",
    "update_scenario",
]


MEASURE_FIELDS = (
    "code",
    "name",
    "description",
    "kind",
    "benefit",
    "severity",
    "resources",
    "mandatory",
    "legal_basis",
    "group",
    "requires",
    "affected",
    "consequence",
)
SCENARIO_FIELDS = ("name", "kind", "note")
_QUANTUM = Decimal(1).scaleb(-AMOUNT_DECIMALS)


# Shared rules -------------------------------------------------------------------------------------


def _require_edit(user, portfolio: Portfolio) -> None:
    if not policy.can_work_case(user, portfolio.case) or not policy.can_read(user, portfolio):
        raise PermissionDenied(_("You cannot change this portfolio."))
    if portfolio.case.is_decided:
        raise ValidationError(
            _("The case is decided and its portfolio can no longer be changed. Start a reassessment to reopen it."),
            code="decided",
        )


def quantize(amount: Decimal | float | int | str) -> Decimal:
    """An amount as stored: a Decimal with :data:`~prioritet.portfolio.models.AMOUNT_DECIMALS` places."""
    value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    return value.quantize(_QUANTUM)


# Resource columns ---------------------------------------------------------------------------------


def ensure_default_columns(municipality) -> list[ResourceColumn]:
    """Create NOK per year and FTEs for a municipality that has no resource columns yet."""
    existing = list(ResourceColumn.objects.for_municipality(municipality).order_by("position", "id"))
    if existing:
        return existing
    for position, (key, label, unit) in enumerate(DEFAULT_COLUMNS):
        try:
            with transaction.atomic():
                ResourceColumn.objects.create(
                    municipality=municipality,
                    key=key,
                    label=_(label),
                    unit=_(unit),
                    position=position,
                )
        except IntegrityError:  # made by a concurrent request
            pass
    return list(ResourceColumn.objects.for_municipality(municipality).order_by("position", "id"))


@transaction.atomic
def create_resource_column(municipality, user, *, key: str, label: str, unit: str = "") -> ResourceColumn:
    """Add a resource column (hours, places, …) that the municipality's measures can be counted in."""
    if not policy.can_manage_columns(user, municipality):
        raise PermissionDenied(_("You cannot define resource columns."))
    ensure_default_columns(municipality)
    last = ResourceColumn.objects.for_municipality(municipality).aggregate(p=Max("position"))["p"]
    column = ResourceColumn(
        municipality=municipality,
        key=(key or "").strip(),
        label=(label or "").strip(),
        unit=(unit or "").strip(),
        position=(last if last is not None else -1) + 1,
    )
    save_with_history(column, user)
    return column


@transaction.atomic
def set_column_bands(column: ResourceColumn, user, bands: Iterable[float | Decimal]) -> ResourceColumn:
    """Set the municipality's resource score bands of a column: four ascending amounts (the most a
    measure may use to score 1, 2, 3 and 4 on resources), or none (:mod:`prioritet.portfolio.bands`)."""
    from .bands import valid_bands

    if not policy.can_manage_columns(user, column.municipality):
        raise PermissionDenied(_("You cannot define resource columns."))
    limits = [float(b) for b in bands]
    if limits and valid_bands(limits) is None:
        raise ValidationError(
            {"bands": _("The four amounts must be zero or more and each larger than the one before.")}
        )
    fresh = ResourceColumn.objects.select_for_update().get(pk=column.pk)
    fresh.bands = limits
    fresh._history_user = user
    fresh.save(update_fields=["bands"])
    return fresh


# Portfolio and budget ------------------------------------------------------------------------------


@transaction.atomic
def create_portfolio(case: Case, user) -> Portfolio:
    """The portfolio of a service-level or political-level case (at most one per case)."""
    if case.level not in policy.PORTFOLIO_LEVELS:
        raise ValidationError(_("Only service-level and political-level cases have a portfolio."))
    if not policy.can_work_case(user, case):
        raise PermissionDenied(_("You cannot change this case."))
    if case.is_decided:
        raise ValidationError(_("The case is decided. Start a reassessment to reopen it."), code="decided")
    Case.objects.select_for_update().filter(pk=case.pk).first()
    existing = Portfolio.objects.filter(case=case).first()
    if existing is not None:
        return existing
    ensure_default_columns(case.municipality)
    portfolio = Portfolio(municipality=case.municipality, case=case, created_by=user)
    save_with_history(portfolio, user)
    return portfolio


@transaction.atomic
def set_budget(portfolio: Portfolio, user, amounts: Mapping[str, Decimal | float | None]) -> dict[str, Decimal | None]:
    """Set the budget of the columns named in ``amounts`` ({key: amount, or None for no limit})."""
    _require_edit(user, portfolio)
    columns = {c.key: c for c in ResourceColumn.objects.for_municipality(portfolio.municipality)}
    unknown = set(amounts) - set(columns)
    if unknown:
        raise ValidationError(_("Unknown resource column: %(keys)s") % {"keys": ", ".join(sorted(unknown))})
    errors: dict[str, list[str]] = {}
    for key, amount in amounts.items():
        if amount is not None and Decimal(str(amount)) < 0:
            errors.setdefault(key, []).append(_("A budget cannot be negative."))
    if errors:
        raise ValidationError(errors)
    saved = {b.column_id: b for b in Budget.objects.select_for_update().filter(portfolio=portfolio)}
    result: dict[str, Decimal | None] = {}
    for key, amount in amounts.items():
        column = columns[key]
        value = None if amount is None else quantize(amount)
        budget = saved.get(column.pk)
        if budget is None:
            if value is None:
                result[key] = None
                continue
            budget = Budget(portfolio=portfolio, column=column)
        elif budget.amount == value:
            result[key] = value
            continue
        budget.amount = value
        save_with_history(budget, user)
        result[key] = value
    request_analyses(portfolio)
    return result


# Measures -------------------------------------------------------------------------------------------


def _clean_fields(fields: dict[str, Any]) -> None:
    for name in ("code", "name", "legal_basis", "group", "description", "affected", "consequence"):
        if isinstance(fields.get(name), str):
            fields[name] = fields[name].strip()


def _check_measure(measure: Measure) -> None:
    """The rules a measure must meet with respect to the rest of its portfolio."""
    clash = None
    if measure.mandatory and measure.group and not measure.archived:
        clash = (
            Measure.objects.filter(
                portfolio_id=measure.portfolio_id, group=measure.group, mandatory=True, archived=False
            )
            .exclude(pk=measure.pk)
            .first()
        )
    errors = _rule_errors(measure, clash)
    if errors:
        raise ValidationError(errors)


def _rule_errors(measure: Measure, clash: Measure | None) -> dict[str, list[str]]:
    """What breaks the portfolio's rules in ``measure``, given the other mandatory measure of its
    exclusive group (``clash``), found by the caller: by a query for one measure, in memory for an
    import of thousands."""
    errors: dict[str, list[str]] = {}
    if measure.mandatory and not (measure.legal_basis or "").strip():
        errors.setdefault("legal_basis", []).append(
            _("A mandatory measure needs its legal basis: the law or duty that requires it.")
        )
    target = measure.requires
    if target is not None:
        if target.portfolio_id != measure.portfolio_id:
            errors.setdefault("requires", []).append(_("Choose a measure of the same portfolio."))
        elif target is measure or (measure.pk is not None and target.pk == measure.pk):
            errors.setdefault("requires", []).append(_("A measure cannot require itself."))
        elif target.archived and not measure.archived:
            errors.setdefault("requires", []).append(_("The required measure is archived."))
    if clash is not None:
        errors.setdefault("group", []).append(
            _(
                "«%(other)s» in the same exclusive group is mandatory too, and only one measure of a group can "
                "be selected."
            )
            % {"other": clash.code}
        )
    return errors


def _set_amounts(
    measure: Measure,
    user,
    amounts: Mapping[str, Decimal | float | None] | None,
    columns: Mapping[str, ResourceColumn] | None = None,
) -> None:
    """Write a measure's amounts ({column key: amount}); 0 or empty where it uses none."""
    if not amounts:
        return
    if columns is None:
        columns = {c.key: c for c in ResourceColumn.objects.for_municipality(measure.portfolio.municipality)}
    saved = {a.column_id: a for a in MeasureAmount.objects.filter(measure=measure)}
    for row in _amount_changes(measure, amounts, columns, saved):
        row._history_user = user
        row.save()


def _amount_changes(
    measure: Measure,
    amounts: Mapping[str, Decimal | float | None],
    columns: Mapping[str, ResourceColumn],
    saved: Mapping[int, MeasureAmount],
) -> list[MeasureAmount]:
    """The amount rows to write for ``amounts`` ({column key: amount}), new or changed, checked.

    ``saved`` holds the measure's amount rows by column id; a new 0 needs no row, an unchanged
    amount no write.
    """
    unknown = set(amounts) - set(columns)
    if unknown:
        raise ValidationError(_("Unknown resource column: %(keys)s") % {"keys": ", ".join(sorted(unknown))})
    out = []
    for key, amount in amounts.items():
        column = columns[key]
        value = quantize(amount if amount is not None else 0)
        if value < 0:
            raise ValidationError({key: _("An amount cannot be negative.")})
        row = saved.get(column.pk)
        if row is None:
            if value == 0:
                continue
            row = MeasureAmount(measure=measure, column=column)
        elif row.amount == value:
            continue
        row.amount = value
        # The measure and the column are known rows of this municipality: only the amount needs checking.
        row.clean_fields(exclude=["measure", "column"])
        out.append(row)
    return out


def _next_position(portfolio: Portfolio) -> int:
    last = Measure.objects.filter(portfolio=portfolio).aggregate(p=Max("position"))["p"]
    return 0 if last is None else last + 1


@transaction.atomic
def create_measure(
    portfolio: Portfolio, user, *, amounts: Mapping[str, Decimal | float | None] | None = None, **fields: Any
) -> Measure:
    """Add a measure to the portfolio, with its amounts ({column key: amount})."""
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"unknown measure fields: {sorted(unknown)}")
    _require_edit(user, portfolio)
    _clean_fields(fields)
    measure = Measure(portfolio=portfolio, created_by=user, position=_next_position(portfolio), **fields)
    _check_measure(measure)
    save_with_history(measure, user)
    _set_amounts(measure, user, amounts)
    request_analyses(portfolio)
    return measure


@transaction.atomic
def update_measure(
    measure: Measure,
    user,
    version: int,
    *,
    amounts: Mapping[str, Decimal | float | None] | None = None,
    **fields: Any,
) -> Measure:
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"unknown measure fields: {sorted(unknown)}")
    _require_edit(user, measure.portfolio)
    _clean_fields(fields)
    fresh = compare_and_swap(Measure, measure.pk, version)
    for name, value in fields.items():
        setattr(fresh, name, value)
    _check_measure(fresh)
    save_with_history(fresh, user)
    _set_amounts(fresh, user, amounts)
    request_analyses(fresh.portfolio)
    return fresh


@transaction.atomic
def set_measure_archived(measure: Measure, user, version: int, archived: bool) -> Measure:
    """Archive (or restore) a measure. A measure another active measure requires stays."""
    _require_edit(user, measure.portfolio)
    fresh = compare_and_swap(Measure, measure.pk, version)
    if archived:
        needed_by = list(fresh.required_by.filter(archived=False).values_list("code", flat=True))
        if needed_by:
            raise ValidationError(
                _("Other measures require this one: %(codes)s. Change them first.")
                % {"codes": ", ".join(f"«{c}»" for c in needed_by)}
            )
    fresh.archived = archived
    if not archived:
        _check_measure(fresh)
    save_with_history(fresh, user)
    request_analyses(fresh.portfolio)
    return fresh


# Scenarios ------------------------------------------------------------------------------------------


def _budget_snapshot(budget: Mapping[str, Decimal | float | None]) -> dict[str, str | None]:
    return {key: None if amount is None else str(quantize(amount)) for key, amount in budget.items()}


def _scenario_measures(portfolio: Portfolio, measures: Iterable[Measure | int]) -> list[Measure]:
    pks = {m.pk if isinstance(m, Measure) else int(m) for m in measures}
    found = list(Measure.objects.filter(portfolio=portfolio, archived=False, pk__in=pks))
    if len(found) != len(pks):
        raise ValidationError({"measures": _("Choose measures of this portfolio that are not archived.")})
    return found


def _check_scenario(portfolio: Portfolio, measures: list[Measure], budget: Mapping[str, str | None]) -> None:
    """Refuse a selection without every mandatory measure (and what they require)."""
    data = portfolio_data(portfolio)
    limits = {k: float(v) for k, v in budget.items() if v is not None}
    check = check_selection(data, measures, limits)
    if not check.can_be_saved:
        codes = ", ".join(f"«{m.code}»" for m in check.missing_mandatory)
        raise ValidationError(
            {
                "measures": _(
                    "The scenario lacks mandatory measures (the legal minimum, forsvarlighet) or measures they "
                    "require: %(codes)s. A scenario is never saved below the legal minimum."
                )
                % {"codes": codes}
            }
        )


def _current_budget(portfolio: Portfolio) -> dict[str, Decimal | None]:
    from .conversion import budget_amounts, resource_columns

    return budget_amounts(portfolio, resource_columns(portfolio.municipality))


@transaction.atomic
def create_scenario(
    portfolio: Portfolio,
    user,
    *,
    name: str,
    kind: str,
    measures: Iterable[Measure | int],
    budget: Mapping[str, Decimal | float | None] | None = None,
    note: str = "",
    alternative: Alternative | None = None,
) -> Scenario:
    """Save a selection of measures as a scenario, with the budget it was made for (default: the
    portfolio's budget now). Refused when it lacks a mandatory measure.

    The scenario is an alternative of the case (the decision of a case with a portfolio is the choice of
    a scenario): ``alternative`` names an existing one of the case that this scenario spells out in
    measures; without it, a new alternative with the scenario's name is added to the case.
    """
    _require_edit(user, portfolio)
    chosen = _scenario_measures(portfolio, measures)
    snapshot = _budget_snapshot(budget if budget is not None else _current_budget(portfolio))
    _check_scenario(portfolio, chosen, snapshot)
    name = (name or "").strip()
    if alternative is not None:
        _check_linkable(portfolio, alternative)
    else:
        alternative = case_services.add_alternative(
            portfolio.case, user, title=name, description=_scenario_description(chosen)
        )
    scenario = Scenario(
        portfolio=portfolio,
        name=name,
        kind=kind,
        note=(note or "").strip(),
        budget=snapshot,
        alternative=alternative,
        created_by=user,
    )
    save_with_history(scenario, user)
    scenario.measures.set(chosen)
    return scenario


def _scenario_description(measures: Iterable[Measure]) -> str:
    """The alternative's description: the scenario's measures, one a line."""
    lines = [f"– {m.name}" for m in sorted(measures, key=lambda m: (m.position, m.pk))]
    return _("A scenario of the portfolio of measures:") + "\n" + "\n".join(lines)


def _check_linkable(portfolio: Portfolio, alternative: Alternative) -> None:
    if alternative.case_id != portfolio.case_id or alternative.archived or alternative.is_no_action:
        raise ValidationError({"alternative": _("Choose one of the case's alternatives (not «no action»).")})
    if Scenario.objects.filter(alternative=alternative).exists():
        raise ValidationError({"alternative": _("That alternative is already a scenario of the portfolio.")})


@transaction.atomic
def create_optimal_scenario(portfolio: Portfolio, user, *, name: str = "", note: str = "") -> Scenario:
    """Save the engine's optimal selection for the portfolio's budget as an «optimal» scenario."""
    _require_edit(user, portfolio)
    data = portfolio_data(portfolio)
    best = optimum(data)
    if data.measures is None or not best.ok:
        raise ValidationError(
            _("There is no optimal selection to save: %(problems)s")
            % {"problems": " ".join(best.problems) or _("the portfolio has no measures.")}
        )
    chosen = [data.by_code[code] for code in best.selected]
    if not name:
        name = _("Optimal selection %(date)s") % {"date": timezone.localtime().strftime("%d.%m.%Y %H:%M")}
    return create_scenario(
        portfolio, user, name=name, kind=ScenarioKind.OPTIMAL, measures=chosen, budget=data.budget_amounts, note=note
    )


def save_selection(
    portfolio: Portfolio, user, *, name: str, kind: str, step: tuple[str, int | None] | None = None
) -> Scenario:
    """Save the selection the user had on screen as a scenario, with the budget it was found under.

    ``step`` is the budget slider's ``(column, step number)``: that step's selection, with the step's
    amount as the column's budget. Without it, the optimum for the portfolio's budget. The frontier and
    the optimum are computed again (from the cache), so what is saved is what the engine finds now.
    """
    data = portfolio_data(portfolio)
    budget = dict(data.budget_amounts)
    if step is not None:
        column, point = step
        front = frontier(data, column) if column in frontier_columns(data) else None
        if front is None or not front.ok or point is None or point >= len(front.steps):
            raise ValidationError(_("That budget level is no longer available. Choose it again."))
        chosen = front.steps[point]
        codes = chosen.selected
        budget[column] = Decimal(str(chosen.budget[column]))
    else:
        best = optimum(data)
        if not best.ok:
            raise ValidationError(_("There is no optimal selection to save."))
        codes = best.selected
    return create_scenario(
        portfolio, user, name=name, kind=kind, measures=[data.by_code[c] for c in codes], budget=budget
    )


@transaction.atomic
def update_scenario(
    scenario: Scenario,
    user,
    version: int,
    *,
    measures: Iterable[Measure | int] | None = None,
    budget: Mapping[str, Decimal | float | None] | None = None,
    **fields: Any,
) -> Scenario:
    """Change a scenario's name, kind, note, selection or budget (``version`` as loaded)."""
    unknown = set(fields) - set(SCENARIO_FIELDS)
    if unknown:
        raise TypeError(f"unknown scenario fields: {sorted(unknown)}")
    portfolio = scenario.portfolio
    _require_edit(user, portfolio)
    fresh = compare_and_swap(Scenario, scenario.pk, version)
    previous_name = fresh.name
    for name, value in fields.items():
        setattr(fresh, name, value.strip() if isinstance(value, str) else value)
    if budget is not None:
        fresh.budget = _budget_snapshot(budget)
    chosen = _scenario_measures(portfolio, measures) if measures is not None else list(fresh.measures.all())
    _check_scenario(portfolio, chosen, fresh.budget)
    save_with_history(fresh, user)
    if measures is not None:
        fresh._history_user = user
        fresh.measures.set(chosen)
    _sync_alternative(fresh, user, chosen, previous_name)
    return fresh


def _sync_alternative(
    scenario: Scenario, user, chosen: list[Measure] | None = None, previous_name: str | None = None
) -> None:
    """Keep the case's alternative of a scenario in step with it: archived with it, and, when the
    alternative still bears the scenario's name (the portfolio made it), renamed and described with it.
    An alternative of another name (one made on the case and linked) keeps its own words."""
    if scenario.alternative_id is None:
        # A scenario saved before scenarios were alternatives becomes one when it is next saved.
        if chosen is not None and not scenario.archived:
            scenario.alternative = case_services.add_alternative(
                scenario.portfolio.case, user, title=scenario.name, description=_scenario_description(chosen)
            )
            scenario.save(update_fields=["alternative"])
        return
    alternative = Alternative.objects.get(pk=scenario.alternative_id)
    if alternative.archived != scenario.archived:
        alternative = case_services.set_alternative_archived(alternative, user, alternative.version, scenario.archived)
    if chosen is None or alternative.title != previous_name:
        return
    fields = {"title": scenario.name, "description": _scenario_description(chosen)}
    if any(getattr(alternative, k) != v for k, v in fields.items()):
        case_services.update_alternative(alternative, user, alternative.version, **fields)


@transaction.atomic
def set_scenario_archived(scenario: Scenario, user, version: int, archived: bool) -> Scenario:
    _require_edit(user, scenario.portfolio)
    fresh = compare_and_swap(Scenario, scenario.pk, version)
    fresh.archived = archived
    save_with_history(fresh, user)
    _sync_alternative(fresh, user)
    return fresh


# Import ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    columns_created: tuple[str, ...]


#: Rows per INSERT or UPDATE statement of an import (SQLite allows 32,766 parameters per statement).
IMPORT_BATCH = 500
#: Fields of an existing measure that an import writes.
_IMPORTED_FIELDS = [f for f in MEASURE_FIELDS if f != "code"] + ["archived", "version", "updated_at"]


@transaction.atomic
def import_measures(
    portfolio: Portfolio,
    user,
    preview: ImportPreview,
    *,
    create_columns: Collection[str] = (),
    legal_bases: Mapping[int, str] | None = None,
) -> ImportResult:
    """Save every measure of a file that passed the preview, all or nothing.

    Measures whose id is already in the portfolio are updated (and restored if archived); the others
    are added after the existing ones, in file order. Amounts of a column the file has but the
    municipality does not are saved only if its header is in ``create_columns``, which creates the
    column. ``legal_bases`` gives the legal basis of mandatory rows that have none, by file row.

    Every row is checked in memory first (field rules, then the portfolio's rules against the
    measures already in it, which are locked); then measures, amounts and one history row each are
    written in bulk, a few statements per 500 rows instead of a dozen per measure, so that a file
    of 5,000 measures is saved in seconds rather than minutes.
    """
    _require_edit(user, portfolio)
    if not preview.ok:
        raise ValidationError(_("The file has problems. Nothing was saved."))
    legal_bases = legal_bases or {}
    columns: dict[str, ResourceColumn] = {c.header: c.column for c in preview.columns if c.column is not None}
    created_columns = []
    for choice in preview.columns:
        if choice.column is None and choice.header in create_columns:
            columns[choice.header] = create_resource_column(
                portfolio.municipality, user, key=choice.key, label=choice.label, unit=""
            )
            created_columns.append(choice.key)
    by_key = {c.key: c for c in ResourceColumn.objects.for_municipality(portfolio.municipality)}
    by_key.update({c.key: c for c in columns.values()})
    existing = {m.code: m for m in Measure.objects.select_for_update().filter(portfolio=portfolio)}
    position = _next_position(portfolio)
    now = timezone.now()
    saved: dict[str, Measure] = {}
    errors: list[str] = []

    def row_errors(row, messages: Iterable[str]) -> None:
        errors.extend(_("Row %(row)s: %(message)s") % {"row": row.row, "message": m} for m in messages)

    for row in preview.measures:
        measure = existing.get(row.code)
        if measure is None:
            measure = Measure(portfolio=portfolio, code=row.code, created_by=user, position=position)
            position += 1
        else:
            measure.version += 1
            measure.archived = False
            measure.updated_at = now  # the UPDATE below leaves auto_now fields alone
        for name, value in row.fields().items():
            setattr(measure, name, value)
        basis = (legal_bases.get(row.row) or "").strip()
        if basis:
            measure.legal_basis = basis
        measure.requires = None
        try:
            if measure.mandatory and not measure.legal_basis.strip():
                raise ValidationError({"legal_basis": _("A mandatory measure needs its legal basis.")})
            # Portfolio and author are set here, not typed: their existence needs no query per measure.
            # The constraints are met by construction (ids unique in the file and matched to the locked
            # measures; scores by the fields' validators) and the database keeps them in any case.
            measure.full_clean(exclude=["requires", "portfolio", "created_by"], validate_constraints=False)
        except ValidationError as err:
            row_errors(row, err.messages)
            continue
        saved[row.code] = measure
    if errors:
        raise ValidationError(errors)

    after = {**existing, **saved}
    # The first two mandatory measures of each exclusive group, in portfolio order: a measure's clash
    # is the first of them that is not itself.
    mandatory: dict[str, list[Measure]] = {}
    for m in sorted(after.values(), key=lambda m: (m.position, m.pk or 0)):
        if m.mandatory and m.group and not m.archived and len(mandatory.setdefault(m.group, [])) < 2:
            mandatory[m.group].append(m)
    targets = {row.code: after.get(row.requires) if row.requires else None for row in preview.measures}
    for row in preview.measures:
        measure = saved[row.code]
        measure.requires = targets[row.code]
        clash = next((m for m in mandatory.get(measure.group, ()) if m is not measure), None)
        problems = _rule_errors(measure, clash if measure.mandatory else None)
        if problems:
            row_errors(row, ValidationError(problems).messages)
    if errors:
        raise ValidationError(errors)

    new = [m for m in saved.values() if m.pk is None]
    updated = [m for m in saved.values() if m.pk is not None]
    for m in new:
        m.requires = None  # set once every new measure has its id
    try:
        with transaction.atomic():
            Measure.objects.bulk_create(new, batch_size=IMPORT_BATCH)
            for code, measure in saved.items():
                measure.requires = targets[code]
            _update_rows([m for m in new if m.requires], Measure, ["requires"])
            Measure.history.bulk_history_create(new, batch_size=IMPORT_BATCH, default_user=user, default_date=now)
            _update_with_history(updated, Measure, _IMPORTED_FIELDS, user, now)
            _import_amounts(preview, saved, columns, by_key, user, now)
    except IntegrityError:  # a measure with the same id added by someone else meanwhile, say
        raise ValidationError(
            _("The portfolio was changed by someone else while the file was saved. Nothing was saved; try again.")
        ) from None
    request_analyses(portfolio)
    return ImportResult(created=len(new), updated=len(updated), columns_created=tuple(created_columns))


def _import_amounts(
    preview: ImportPreview,
    saved: Mapping[str, Measure],
    columns: Mapping[str, ResourceColumn],
    by_key: Mapping[str, ResourceColumn],
    user,
    now,
) -> None:
    """Write the amounts of every imported measure in bulk, with their history."""
    stored: dict[int, dict[int, MeasureAmount]] = {}
    for amount in MeasureAmount.objects.filter(measure__in=[m.pk for m in saved.values()]):
        stored.setdefault(amount.measure_id, {})[amount.column_id] = amount
    new: list[MeasureAmount] = []
    changed: list[MeasureAmount] = []
    for row in preview.measures:
        measure = saved[row.code]
        amounts = {columns[h].key: v for h, v in row.amounts.items() if h in columns}
        try:
            rows = _amount_changes(measure, amounts, by_key, stored.get(measure.pk, {}))
        except ValidationError as err:
            raise ValidationError(
                [_("Row %(row)s: %(message)s") % {"row": row.row, "message": m} for m in err.messages]
            ) from None
        for amount in rows:
            (new if amount.pk is None else changed).append(amount)
    bulk_create_with_history(new, MeasureAmount, batch_size=IMPORT_BATCH, default_user=user, default_date=now)
    _update_with_history(changed, MeasureAmount, ["amount"], user, now)


def _update_with_history(
    objs: list[Measure] | list[MeasureAmount], model: type[Measure | MeasureAmount], fields: list[str], user, now
) -> None:
    """Write ``fields`` of changed rows with one prepared UPDATE run for all of them, and their history
    rows in bulk.

    Not ``bulk_update``: its one CASE per field and row makes a batch cost the square of its size
    (a minute and a half for 5,000 measures), and an ORM ``update()`` per row spends most of its time
    building the same statement 5,000 times. The values are prepared by the fields themselves.
    """
    if not objs:
        return
    _update_rows(objs, model, fields)
    model.history.bulk_history_create(objs, update=True, batch_size=IMPORT_BATCH, default_user=user, default_date=now)


def _update_rows(
    objs: list[Measure] | list[MeasureAmount], model: type[Measure | MeasureAmount], fields: list[str]
) -> None:
    """Write ``fields`` of ``objs`` with one prepared UPDATE statement run for all of them (no history)."""
    if not objs:
        return
    quote = connection.ops.quote_name
    columns = [model._meta.get_field(name) for name in fields]
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in columns)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"
    rows = [[f.get_db_prep_save(getattr(obj, f.attname), connection) for f in columns] + [obj.pk] for obj in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def start_measure_check(portfolio: Portfolio, user, filename: str, data: bytes, language: str) -> MeasureImport:
    """Store an uploaded file and queue the task that checks it (:func:`check_measure_import`).

    The request returns at once, whatever the file: it neither reads nor checks it. The user's
    earlier uploads to this portfolio that wait for confirmation are replaced (one at a time, as
    when the file waited in the session), and anyone's that waited too long are deleted.
    """
    from .tasks import check_measure_import as task

    _require_edit(user, portfolio)
    return MeasureImport.begin(
        task,
        user,
        MeasureImport.objects.filter(portfolio=portfolio),
        municipality=portfolio.municipality,
        portfolio=portfolio,
        filename=filename[:255],
        data=data,
        language=language,
    )


def check_measure_import(record: MeasureImport) -> MeasureImport:
    """Read and check an uploaded file as the preview shows it, keep the outcome, empty the file.

    The check task's body. Problems are worded in the uploader's language. A file with problems is
    «checked» too: its page shows every problem by row and column, and it cannot be confirmed.
    """
    from .imports import preview as read_preview

    if record.status != TaskStatus.CHECKING:
        return record  # a task run twice checks once
    with translation.override(record.language or None):
        try:
            stored = read_preview(record.portfolio, bytes(record.data), record.filename).stored()
        except Exception:  # the worker logs the task's traceback too; the page must not wait for ever
            logger.exception("measures import %s could not be checked", record.pk)
            record.fail(errors=[_("The file could not be checked. Nothing was saved.")], data=b"")
            return record
    MeasureImport.objects.filter(pk=record.pk, status=TaskStatus.CHECKING).update(
        status=TaskStatus.CHECKED, preview=stored, data=b""
    )
    record.refresh_from_db()
    return record


def confirm_measure_import(
    record: MeasureImport,
    user,
    *,
    create_columns: Collection[str] = (),
    legal_bases: Mapping[int, str] | None = None,
) -> bool:
    """Queue the save of a checked file with the user's choices (:func:`run_measure_import`).

    True when this call queued it; False when the import was no longer waiting for its confirmation
    (a second click, another tab), so a double submit saves once.
    """
    from .tasks import run_measure_import as task

    _require_edit(user, record.portfolio)
    choices = {
        "create_columns": sorted(create_columns),
        "legal_bases": {str(row): text for row, text in (legal_bases or {}).items()},
    }
    return record.confirm(task, choices=choices)


def run_measure_import(record: MeasureImport) -> MeasureImport:
    """Save a confirmed import from its stored check, all or nothing; record the outcome.

    The file is not read again: the check kept every row. The rules that involve the portfolio
    (the ids already in it, the legal minimum, exclusive groups, the resource columns) are checked
    again by :func:`import_measures` against the portfolio as it is now, since it may have changed
    while the import waited (a measure added with the same id, the case decided).
    """
    from .imports import from_stored

    if not record.start():
        return record  # a task run twice (a worker restarted) does the work once
    portfolio = record.portfolio
    errors: list[str] = []
    result: dict[str, Any] = {}
    with translation.override(record.language or None):
        preview = from_stored(portfolio, record.preview)
        if not preview.ok:
            errors = [str(p.message) for p in preview.problems] or [_("The file has problems. Nothing was saved.")]
        else:
            try:
                outcome = import_measures(
                    portfolio,
                    record.created_by,
                    preview,
                    create_columns=record.choices.get("create_columns", ()),
                    legal_bases={int(row): text for row, text in record.choices.get("legal_bases", {}).items()},
                )
            except (ValidationError, PermissionDenied) as err:
                errors = list(err.messages) if isinstance(err, ValidationError) else [str(err)]
            else:
                result = {
                    "created": outcome.created,
                    "updated": outcome.updated,
                    "columns_created": list(outcome.columns_created),
                }
    (record.fail if errors else record.finish)(errors=errors, result=result, preview={}, data=b"")
    return record


# Robustness -----------------------------------------------------------------------------------------


def request_analyses(portfolio: Portfolio, columns: Collection[str] = (), data: PortfolioData | None = None) -> None:
    """Queue a large portfolio's budget levels and optimum for its data as it is now (issue 16 §3).

    The services that change the data call it, so the workspace finds them stored; so does the
    workspace's POST (the data's weights may have changed elsewhere), with the column on its slider.
    A small portfolio's are computed when read, and cost nothing here but a count.
    """
    from django.conf import settings

    limit = getattr(settings, "PORTFOLIO_FRONTIER_INLINE_LIMIT", FRONTIER_INLINE_LIMIT)
    if data is not None:
        queue_stored(data, tuple(columns))
    elif Measure.objects.filter(portfolio=portfolio, archived=False).count() > limit:
        queue_stored(portfolio_data(portfolio), tuple(columns))


def request_robustness(data: PortfolioData) -> RobustnessResult:
    """The robustness analysis a page shows, asked for: a large portfolio's is queued (once), then read.

    A POST asks for it (the workspace's status poll and its button), and the exports and the
    saksframlegg, which compute what they show; a GET only reads (:func:`analysis.robustness`).
    """
    queue_robustness(data)
    return robustness(data)
