"""The saksframlegg's portfolio section: the measures within the budget, the frontier, the robustness,
and what is left out with its consequence.

The portfolio app declares it as a :class:`~prioritet.cases.extensions.CaseSection` for the report
(see ``PortfolioConfig.extension``), so the reports app shows it without importing this app.
Everything is read through :mod:`prioritet.portfolio.selectors` (the portfolio pages' own reads),
so the report shows exactly the numbers of the portfolio pages. The section exists only when the
case has a portfolio the reader may see; each part of it exists only when its analysis has an
answer (no placeholders): the robustness of a large portfolio is computed in the background by the
portfolio app once a POST asks for it (:func:`request_analyses`; reading the report queues nothing)
and joins the report once it is ready.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from prioritet.core import charts, formatting
from prioritet.core.charts import Figure
from prioritet.core.formatting import scale_word
from prioritet.engine import Criterion

from . import exports, policy, selectors, services
from .bands import ResourceCheck, resource_checks
from .frontier_chart import column_label, frontier_figure
from .truth import SelectionState, case_selection
from .workspace import _neighbour as neighbour_step
from .workspace import budget_amount

if TYPE_CHECKING:
    from prioritet.accounts.models import User
    from prioritet.cases.extensions import Place
    from prioritet.cases.models import Case

#: Measures per robustness chart: one chart (names on two lines) fits on an A4 page with its heading.
CORE_CHUNK = 25


@dataclass
class BudgetLine:
    label: str
    budget: str
    used: str
    remaining: str


@dataclass
class MeasureLine:
    code: str
    name: str
    kind: str
    mandatory: bool
    legal_basis: str
    severity: str
    benefit: str
    value: str
    amounts: list[str]
    affected: str = ""
    consequence: str = ""
    core: str = ""
    #: Where the resource score and the amounts disagree with the municipality's bands: why; else "".
    resource_warning: str = ""


@dataclass
class BudgetStep:
    """What enters and leaves the best selection one budget step down or up the frontier."""

    up: bool
    budget: str
    value: str
    enter: list[str]
    leave: list[str]


@dataclass
class ScenarioLine:
    name: str
    kind: str
    value: str
    amounts: list[str]
    breaks_rules: bool
    left_out: int


@dataclass
class PortfolioSection:
    columns: list[str]
    budget: list[BudgetLine]
    value: str
    weights: str
    selected: list[MeasureLine]
    left_out: list[MeasureLine]
    measure_count: int
    problems: list[str] = field(default_factory=list)
    frontier: Figure | None = None
    robustness: list[Figure] = field(default_factory=list)
    robustness_summary: str = ""
    scenarios: list[ScenarioLine] = field(default_factory=list)
    optimal: bool = False
    #: The robustness is being computed by the portfolio app's background task: the page says so.
    robustness_pending: bool = False
    #: What the listed selection is: the decided scenario, the suggested one, or the optimum as analysis.
    intro: str = ""
    #: The engine's optimum beside a scenario: the same, or how it differs (a comparison, not a recommendation).
    optimum_note: str = ""
    #: Measures whose resource score differs from the one their amounts give with the bands.
    resource_warnings: int = 0
    #: How many measures each table holds in all: a long portfolio's body lists only the first
    #: :data:`BODY_ROWS` of each, and the whole list goes with the PDF as :attr:`attachment`.
    selected_total: int = 0
    left_out_total: int = 0
    #: The name of the whole list the PDF attaches (long portfolios); :attr:`attachment` is its ``data:`` URL.
    attachment_name: str = ""
    #: A long portfolio: the measures at the margin of the budget, the selected ones of lowest value and
    #: the left-out ones of highest value (the whole tables are in the attached list).
    last_in: list[MeasureLine] = field(default_factory=list)
    first_out: list[MeasureLine] = field(default_factory=list)
    mandatory_total: int = 0
    #: The frontier column's unit and what enters and leaves one budget step down and up from the budget.
    step_unit: str = ""
    steps: list[BudgetStep] = field(default_factory=list)
    #: Makes the attached list when the PDF asks for it (the page only names it).
    _attachment: Callable[[], str] | None = field(default=None, repr=False)

    @cached_property
    def attachment(self) -> str:
        """The whole list as the CSV export's «results» table, a ``data:`` URL (made once, when read)."""
        return self._attachment() if self._attachment is not None else ""


def _measure_line(
    measure,
    data,
    values: dict[str, float],
    core: dict[str, float] | None = None,
    checks: dict[int, ResourceCheck] | None = None,
) -> MeasureLine:
    check = checks.get(measure.pk) if checks else None
    return MeasureLine(
        code=measure.code,
        name=measure.name,
        kind=measure.get_kind_display(),
        mandatory=measure.mandatory,
        legal_basis=measure.legal_basis,
        severity=scale_word(Criterion.SEVERITY, measure.severity),
        benefit=scale_word(Criterion.BENEFIT, measure.benefit),
        value=formatting.decimal(values.get(measure.code, 0.0), 2),
        amounts=[formatting.amount(data.amount(measure, c)) for c in data.columns],
        affected=measure.affected,
        consequence=measure.consequence,
        core=formatting.percent(core[measure.code]) if core and measure.code in core else "",
        resource_warning=check.warning if check else "",
    )


def _robustness_figures(case, data, core: dict[str, float], selected: set[str]) -> list[Figure]:
    """The core index per measure, most robust first, in charts of :data:`CORE_CHUNK` measures.

    A long portfolio shows only the measures whose place depends on the weights (the summary counts
    the others, and the attached list has every core index), at most :data:`BODY_ROWS` of them.
    """
    rows = sorted(data.rows, key=lambda m: (-core.get(m.code, 0.0), m.code not in selected, m.position, m.pk))
    if len(rows) > LONG_PORTFOLIO:
        rows = [m for m in rows if selectors.inclusion(core.get(m.code, 0.0)) == selectors.Inclusion.SOMETIMES]
        rows = rows[:BODY_ROWS]
    chunks = [rows[i : i + CORE_CHUNK] for i in range(0, len(rows), CORE_CHUNK)]
    figures = []
    for n, chunk in enumerate(chunks, start=1):
        title = _("Robustness: the core index of each measure")
        if len(chunks) > 1:
            title += " " + _("(part %(part)s of %(parts)s)") % {"part": n, "parts": len(chunks)}
        description = "; ".join(
            f"{m.name}: {formatting.percent(core.get(m.code, 0.0))}"
            + (f" ({_('in the portfolio')})" if m.code in selected else "")
            for m in chunk
        )
        svg = charts.core_index_chart(
            [m.name for m in chunk],
            [core.get(m.code, 0.0) for m in chunk],
            selected=[m.code in selected for m in chunk],
            selected_label=_("(in)"),
            other_label=_("(out)"),
            percent_fmt=formatting.percent,
            axis_label=_("Share of all weightings under which the measure is in the best portfolio"),
            title=title,
            description=description,
            id_prefix=f"core-{case.pk}-{n}",
        )
        table = charts.data_table(
            title,
            [_("Measure"), _("Core index"), _("In the portfolio")],
            [
                [m.name, formatting.percent(core.get(m.code, 0.0)), _("yes") if m.code in selected else _("no")]
                for m in chunk
            ],
        )
        caption = _(
            "%(full)s means the measure is in the best portfolio whatever the weights of benefit and severity; "
            "%(none)s means it never is. Solid bars are in the portfolio, striped bars are not."
        ) % {"full": formatting.percent(1.0), "none": formatting.percent(0.0)}
        figures.append(Figure(f"robustness-{n}", title, mark_safe(svg), mark_safe(table), caption))  # escaped
    return figures


def pending_notice() -> str:
    """What the saksframlegg page says while a large portfolio's robustness is not stored: the
    workspace's own words, since the host's button starts it and then asks again as the workspace's does."""
    return _(
        "The robustness analysis is computed in the background: the portfolio is large, and it takes a while. "
        "This message changes when it is ready; without JavaScript, use the button in a few minutes."
    )


def request_analyses(case: Case, user: User | None) -> str:
    """Ask for what the section shows and takes a while: a large portfolio's robustness, queued once.

    The section's ``prepare``, called by the saksframlegg's POST (its poll and its button), as the
    workspace's robustness is asked for by a POST: reading the report queues nothing. Who may read
    the portfolio may start it, as in the workspace. Returns the notice while it is still being
    computed, else "".
    """
    if user is None or case.is_individual:
        return ""
    portfolio = selectors.portfolio_for_case(case)
    if portfolio is None or not policy.can_read(user, portfolio):
        return ""
    robust = services.request_robustness(selectors.portfolio_data(portfolio))
    return pending_notice() if robust.status == selectors.RobustnessStatus.PENDING else ""


def portfolio_section(case, user) -> PortfolioSection | None:
    """The case's portfolio as the report shows it, or None (no portfolio, or the reader may not see it)."""

    portfolio = selectors.portfolio_for_case(case)
    if portfolio is None or not policy.can_read(user, portfolio):
        return None
    data = selectors.portfolio_data(portfolio)
    if not data.rows:
        return None
    columns = [column_label(c) for c in data.columns]
    section = PortfolioSection(
        columns=columns,
        budget=[],
        value="",
        weights="",
        selected=[],
        left_out=[],
        measure_count=len(data.rows),
        problems=list(data.problems),
    )
    if data.measures is None:
        return section
    best = selectors.optimum(data)
    if not best.ok:
        section.problems.extend(best.problems)
        for key, short in best.shortfall.items():
            column = data.column_by_key.get(key)
            section.problems.append(
                _("The mandatory measures need %(amount)s more of %(column)s than the budget allows.")
                % {"amount": formatting.amount(short), "column": column_label(column) if column else key}
            )
        return section
    section.optimal = True
    checks = resource_checks(data)
    section.resource_warnings = sum(1 for c in checks.values() if c.differs)
    choice = case_selection(case)
    scenario = choice.scenario
    weights = ", ".join(
        f"{name} {formatting.percent(share)}"
        for name, share in (
            (_("benefit"), best.weights.get("benefit", 0.0)),
            (_("severity"), best.weights.get("severity", 0.0)),
        )
    )
    section.weights = weights
    if scenario is not None:
        # One truth: the listed measures are the scenario the case decided or suggests first.
        check = selectors.check_scenario(data, scenario)
        selected = set(check.selected_codes)
        value, used, limits = check.value, check.used, check.budget
        words = {
            "name": scenario.name,
            "kind": scenario.get_kind_display().lower(),
            "value": formatting.decimal(value, 2),
            "weights": weights,
        }
        if choice.state == SelectionState.DECIDED:
            section.intro = (
                _(
                    "The measures of the decided scenario «%(name)s» (%(kind)s): total value %(value)s, with the "
                    "municipality's weights of benefit and severity (%(weights)s)."
                )
                % words
            )
        elif choice.state == SelectionState.RECOMMENDED:
            section.intro = (
                _(
                    "The measures of «%(name)s» (%(kind)s), the alternative of the municipal director's innstilling: "
                    "total value %(value)s, with the municipality's weights of benefit and severity (%(weights)s)."
                )
                % words
            )
        else:
            section.intro = (
                _(
                    "The measures of «%(name)s» (%(kind)s), the alternative the combined judgment suggests first: "
                    "total value %(value)s, with the municipality's weights of benefit and severity (%(weights)s)."
                )
                % words
            )
        optimum_codes = set(best.selected)
        if optimum_codes == selected:
            section.optimum_note = _("The scenario is the engine's optimum within the budget (proven optimal).")
        else:
            added = [m.name for m in data.rows if m.code in optimum_codes - selected]
            removed = [m.name for m in data.rows if m.code in selected - optimum_codes]
            section.optimum_note = _(
                "For comparison, not a recommendation: the engine's optimum within the budget has total value "
                "%(value)s. It would add %(added)s and leave out %(removed)s."
            ) % {
                "value": formatting.decimal(best.value, 2),
                "added": ", ".join(f"«{n}»" for n in added) or "—",
                "removed": ", ".join(f"«{n}»" for n in removed) or "—",
            }
    else:
        selected = set(best.selected)
        value, used, limits = best.value, best.used, best.budget
        if choice.state == SelectionState.DECIDED:
            why = _("The decision «%(title)s» is not a scenario of the portfolio.") % {
                "title": choice.alternative.title if choice.alternative else ""
            }
        elif choice.state == SelectionState.RECOMMENDED:
            why = _("The innstilling «%(title)s» is not a scenario of the portfolio.") % {
                "title": choice.alternative.title if choice.alternative else ""
            }
        elif choice.alternative is not None:
            why = _(
                "The combined judgment's first suggestion «%(title)s» is not a scenario of the portfolio: a case with "
                "a portfolio is decided by choosing one of its scenarios."
            ) % {"title": choice.alternative.title}
        else:
            why = _("No scenario of the portfolio is suggested or decided yet.")
        section.intro = (
            why
            + " "
            + _(
                "For analysis only, not a recommendation: the best selection within the budget of the measures "
                "considered, found by the engine (proven optimal), total value %(value)s, with the municipality's "
                "weights of benefit and severity (%(weights)s)."
            )
            % {"value": formatting.decimal(best.value, 2), "weights": weights}
        )
    robust = selectors.robustness(data)
    core = robust.core if robust.ready else None
    section.robustness_pending = robust.status == selectors.RobustnessStatus.PENDING
    section.value = formatting.decimal(value, 2)
    for c in data.columns:
        limit = limits.get(c.key)
        spent = used.get(c.key, 0.0)
        section.budget.append(
            BudgetLine(
                label=column_label(c),
                budget=formatting.amount(limit) if limit is not None else _("no limit"),
                used=formatting.amount(spent),
                remaining=formatting.amount(limit - spent) if limit is not None else "—",
            )
        )
    chosen = [m for m in data.rows if m.code in selected]
    left = selectors.left_out_by_severity([m for m in data.rows if m.code not in selected], best.values)
    section.selected_total, section.left_out_total = len(chosen), len(left)
    section.mandatory_total = sum(1 for m in chosen if m.mandatory)

    def line(m) -> MeasureLine:
        return _measure_line(m, data, best.values, core, checks)

    if len(data.rows) > LONG_PORTFOLIO:
        # Summaries in the body, the whole list attached: a table of 2,000 rows is most of a PDF's
        # rendering time and pages no one reads in a meeting (issue 16 §5). The body keeps the
        # mandatory measures and those of highest value, the margin of the budget (the selected of
        # lowest value, the left out of highest value) and the most severe consequences.
        value_of = best.values.get
        ranked = sorted(chosen, key=lambda m: (not m.mandatory, -value_of(m.code, 0.0), m.position))
        shown = {m.code for m in ranked[:BODY_ROWS]}
        optional = sorted((m for m in chosen if not m.mandatory), key=lambda m: (value_of(m.code, 0.0), m.position))
        highest_out = sorted(left, key=lambda m: (-value_of(m.code, 0.0), m.position))
        section.last_in = [line(m) for m in [m for m in optional if m.code not in shown][:MARGIN_ROWS]]
        section.first_out = [line(m) for m in highest_out[:MARGIN_ROWS]]
        chosen, left = ranked[:BODY_ROWS], left[:BODY_ROWS]
        section.attachment_name = f"tiltak-sak-{case.pk}.csv"
        section._attachment = lambda: _attachment(portfolio, data)
    section.selected = [line(m) for m in chosen]
    section.left_out = [line(m) for m in left]

    frontier_key = selectors.default_frontier_column(data)
    if frontier_key is not None:
        front = selectors.frontier(data, frontier_key)
        section.frontier = frontier_figure(
            data, front, best.used.get(frontier_key, 0.0), best.value, id_prefix=f"frontier-{case.pk}"
        )
        if front.ok:
            section.step_unit = data.column_by_key[frontier_key].unit
            section.steps = _budget_steps(data, front, front.nearest(data.budget.get(frontier_key)), best.values)
    if core is not None:
        counts = robust.counts()
        section.robustness_summary = _(
            "Of %(total)s measures, %(always)s are in the best portfolio whatever the weights, %(sometimes)s "
            "depend on the weights and %(never)s never are (%(samples)s weightings sampled)."
        ) % {
            "total": len(data.rows),
            "always": counts.get(selectors.Inclusion.ALWAYS, 0),
            "sometimes": counts.get(selectors.Inclusion.SOMETIMES, 0),
            "never": counts.get(selectors.Inclusion.NEVER, 0),
            "samples": formatting.amount(robust.samples),
        }
        for note in (robust.grid_note, robust.caveat):  # how the weightings were taken, and what stopped early
            if note:
                section.robustness_summary += " " + note
        section.robustness = _robustness_figures(case, data, core, selected)

    scenarios = selectors.scenarios_of(portfolio)
    if scenarios:
        comparison = selectors.compare_scenarios(data, scenarios)
        for compared in comparison.scenarios:
            check = compared.check
            section.scenarios.append(
                ScenarioLine(
                    name=compared.scenario.name,
                    kind=compared.scenario.get_kind_display(),
                    value=formatting.decimal(check.value, 2),
                    amounts=[formatting.amount(check.used.get(c.key, 0.0)) for c in data.columns],
                    breaks_rules=check.breaks_rules,
                    left_out=len(check.left_out),
                )
            )
    return section


#: Above this many measures the saksframlegg lists the first :data:`BODY_ROWS` of each table and
#: :data:`MARGIN_ROWS` on each side of the budget's margin, and attaches the whole list to the PDF.
LONG_PORTFOLIO = 60
BODY_ROWS = 12
MARGIN_ROWS = 5
#: Measures named per budget step (the rest are counted).
STEP_NAMES = 8


def _attachment(portfolio, data: selectors.PortfolioData) -> str:
    """The portfolio's «results» table (every measure, as the CSV export gives it) as a ``data:`` URL.

    The export's writer neutralises formula-like text (:func:`prioritet.tabular.formulas.csv_text`).
    """
    table = exports.tables(portfolio, only="results", data=data)[0]
    encoded = base64.b64encode(exports.csv_bytes(table)).decode("ascii")
    return f"data:text/csv;base64,{encoded}"


def _names(measures) -> list[str]:
    names = [f"«{m.name}»" for m in measures[:STEP_NAMES]]
    if len(measures) > STEP_NAMES:
        names.append(_("%(count)s more") % {"count": len(measures) - STEP_NAMES})
    return names


def _budget_steps(data, front, point: int, values: dict[str, float]) -> list[BudgetStep]:
    """What enters and leaves one frontier step down and up from the step nearest the budget."""
    steps = []
    for up in (False, True):
        move = neighbour_step(front, point + 1 if up else point - 1, data, values, up=up)
        if move is None:
            continue
        steps.append(
            BudgetStep(
                up=up,
                budget=budget_amount(move["budget"]),
                value=formatting.decimal(move["value"], 2),
                enter=_names(move["enter"]),
                leave=_names(move["leave"]),
            )
        )
    return steps


def section_context(case: Case, user: User | None, place: Place) -> dict[str, Any] | None:
    """The section's context in the saksframlegg, or None: an individual case, no portfolio, or a
    reader who may not see it. ``size`` (the measures) sends a large report's PDF to the task worker;
    ``notice`` tells the page, not the PDF, that the robustness is not stored yet (the page's button
    starts it: :func:`request_analyses`)."""
    if user is None or case.is_individual:
        return None
    section = portfolio_section(case, user)
    if section is None:
        return None
    notice = pending_notice() if section.robustness_pending else ""
    return {"portfolio": section, "size": section.measure_count, "notice": notice}
