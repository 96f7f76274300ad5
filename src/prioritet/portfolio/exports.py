"""Results and scenarios as spreadsheets: XLSX (openpyxl) and CSV for Norwegian Excel.

Every export is built from the same :class:`Table` objects, so the workbook and the CSV files hold
the same numbers, which are the ones on the page (:mod:`prioritet.portfolio.analysis`).

* XLSX: one sheet per table, a bold header row that stays in view, and number formats (thousands
  apart, three decimals for values, per cent for the core index), plus a sheet about the export
  (weights, budget, when).
* CSV: UTF-8 with a byte order mark, semicolons between fields and a decimal comma, which is what
  Norwegian Excel opens correctly with a double click.
* Neither runs user text as a formula. The writers are :mod:`prioritet.tabular.sheets`, shared
  with the indicators' exports.

Column labels are Norwegian (bokmål, or nynorsk when that is the user's language). The «measures»
table is the import format (``id;navn;nytte;…``), so it can be edited in Excel and imported again.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from prioritet.tabular import sheets
from prioritet.tabular.sheets import Column, Table

from . import selectors
from .analysis import SAMPLES, SEED
from .models import MeasureKind, Portfolio

#: The tables an export can hold, in sheet order.
TABLES = ("results", "measures", "frontier", "scenarios", "selection")

_KIND_WORDS = {
    MeasureKind.NEW: "ny",
    MeasureKind.CHANGED: "endret",
    MeasureKind.CONTINUED: "videreført",
    MeasureKind.ENDED: "avsluttet",
}


def _language() -> str:
    current = (translation.get_language() or "nb")[:2]
    return current if current in ("nb", "nn") else "nb"


def _flag(value: bool) -> str:
    return _("yes") if value else _("no")


def tables(portfolio: Portfolio, only: str | None = None, data: selectors.PortfolioData | None = None) -> list[Table]:
    """The export's tables (or just ``only``), with Norwegian labels; ``data`` when the caller has read it."""
    with translation.override(_language()):
        data = data or selectors.portfolio_data(portfolio)
        builders = {
            "about": _about,
            "results": _results,
            "measures": _measures,
            "frontier": _frontier,
            "scenarios": _scenarios,
            "selection": _selection,
        }
        names = [only] if only else ["about", *TABLES]
        return [builders[name](portfolio, data) for name in names]


def _column_title(column) -> str:
    """«Kostnad (kr per år)»; just «Årsverk» when the unit only repeats the label (not «Årsverk (årsverk)»)."""
    if column.unit and column.unit.strip().lower() != column.label.strip().lower():
        return f"{column.label} ({column.unit})"
    return column.label


def _about(portfolio: Portfolio, data) -> Table:
    best = selectors.optimum(data)
    version = data.weight_version
    rows: list[list[object]] = [
        [_("Case"), portfolio.case.title],
        [_("Exported"), timezone.localtime().strftime("%d.%m.%Y %H:%M")],
        [_("Weights"), _("version %(number)s") % {"number": version.number}],
    ]
    for criterion, share in best.weights.items():
        rows.append([_("Weight of %(criterion)s") % {"criterion": _criterion(criterion)}, round(share, 4)])
    for column in data.columns:
        amount = data.budget.get(column.key)
        rows.append(
            [_("Budget: %(column)s") % {"column": _column_title(column)}, amount if amount is not None else "—"]
        )
    rows.append([_("Robustness"), _("%(samples)s weight samples, seed %(seed)s") % {"samples": SAMPLES, "seed": SEED}])
    rows.append(
        [
            _("Note"),
            _(
                "The value uses benefit and severity; the budgets replace the resources criterion. Mandatory "
                "measures (the legal minimum) are always selected."
            ),
        ]
    )
    return Table("about", _("About"), [Column(_("Field")), Column(_("Value"))], rows)


def _results(portfolio: Portfolio, data) -> Table:
    best = selectors.optimum(data)
    robustness = selectors.robustness(data)
    values = best.values if best.ok else selectors.measure_values(data)
    chosen = set(best.selected)
    classes = robustness.classes() if robustness.ready else {}
    labels = {"always": _("always in"), "sometimes": _("sometimes"), "never": _("never")}
    columns = [
        Column(_("Id")),
        Column(_("Measure")),
        Column(_("Kind")),
        Column(_("Benefit"), "int"),
        Column(_("Severity"), "int"),
        Column(_("Resources"), "int"),
        *(Column(_column_title(c), "amount") for c in data.columns),
        Column(_("Mandatory"), "flag"),
        Column(_("Legal basis")),
        Column(_("Exclusive group")),
        Column(_("Requires")),
        Column(_("Value"), "value"),
        Column(_("In the optimal selection"), "flag"),
        Column(_("Core index"), "share"),
        Column(_("Robustness")),
        Column(_("Who is affected")),
        Column(_("Consequence if left out")),
    ]
    requires = _requires_codes(data)
    rows = [
        [
            m.code,
            m.name,
            m.get_kind_display(),
            m.benefit,
            m.severity,
            m.resources,
            *(data.amount(m, c) for c in data.columns),
            m.mandatory,
            m.legal_basis,
            m.group,
            requires.get(m.pk, ""),
            values.get(m.code),
            m.code in chosen if best.ok else None,
            robustness.core.get(m.code) if robustness.ready else None,
            labels[classes[m.code]] if m.code in classes else "",
            m.affected,
            m.consequence,
        ]
        for m in data.rows
    ]
    return Table("results", _("Results"), columns, rows)


def _requires_codes(data) -> dict[int, str]:
    if data.measures is not None:
        return {m.pk: code for m, code in zip(data.rows, data.measures.requires, strict=True) if code}
    by_pk = {m.pk: m.code for m in data.rows}
    return {m.pk: by_pk.get(m.requires_id, "") for m in data.rows if m.requires_id}


def _measures(portfolio: Portfolio, data) -> Table:
    """The import format: the same header words the command line and the web import read."""
    columns = [
        Column("id"),
        Column("navn"),
        Column("beskrivelse"),
        Column("type"),
        Column("nytte", "int"),
        Column("alvorlighet", "int"),
        Column("ressurs", "int"),
        *(Column(c.key, "amount") for c in data.columns),
        Column("obligatorisk", "flag"),
        Column("lovgrunnlag"),
        Column("gruppe"),
        Column("krever"),
        Column("berørte"),
        Column("konsekvens"),
    ]
    requires = _requires_codes(data)
    rows = [
        [
            m.code,
            m.name,
            m.description,
            _KIND_WORDS[m.kind],
            m.benefit,
            m.severity,
            m.resources,
            *(data.amount(m, c) for c in data.columns),
            m.mandatory,
            m.legal_basis,
            m.group,
            requires.get(m.pk, ""),
            m.affected,
            m.consequence,
        ]
        for m in data.rows
    ]
    return Table("measures", _("Measures"), columns, rows)


def _frontier(portfolio: Portfolio, data) -> Table:
    key = selectors.default_frontier_column(data)
    if key is None:
        return Table("frontier", _("Budget levels"), [Column(_("Step"), "int")])
    column = data.column_by_key[key]
    front = selectors.frontier(data, key)
    title = _column_title(column)
    columns = [
        Column(_("Step"), "int"),
        Column(_("Budget: %(column)s") % {"column": title}, "amount"),
        Column(_("Used: %(column)s") % {"column": title}, "amount"),
        *(
            Column(_("Budget (fixed): %(column)s") % {"column": _column_title(data.column_by_key[k])}, "amount")
            for k in front.fixed
        ),
        Column(_("Value"), "value"),
        Column(_("Number of measures"), "int"),
        Column(_("Enter"), "text"),
        Column(_("Leave"), "text"),
        Column(_("Selected measures"), "text"),
    ]
    rows = [
        [
            k,
            step.budget[key],
            step.used.get(key, 0.0),
            *(front.fixed[f] for f in front.fixed),
            step.value,
            len(step.selected),
            ", ".join(step.entered),
            ", ".join(step.left),
            ", ".join(step.selected),
        ]
        for k, step in enumerate(front.steps, start=1)
    ]
    return Table("frontier", _("Budget levels"), columns, rows)


def _scenarios(portfolio: Portfolio, data) -> Table:
    comparison = selectors.compare_scenarios(data, selectors.scenarios_of(portfolio))
    columns = [Column(_("Scenario")), Column(_("Kind")), Column(_("Created by")), Column(_("Value"), "value")]
    for c in data.columns:
        title = _column_title(c)
        columns += [
            Column(_("Used: %(column)s") % {"column": title}, "amount"),
            Column(_("Budget: %(column)s") % {"column": title}, "amount"),
            Column(_("Over budget: %(column)s") % {"column": title}, "amount"),
        ]
    columns += [
        Column(_("Number of measures"), "int"),
        Column(_("Missing mandatory measures")),
        Column(_("Exclusive groups broken")),
        Column(_("Requires broken")),
        Column(_("Left out (most severe first)")),
        Column(_("Note")),
    ]
    rows = []
    for item in comparison.scenarios:
        s, check = item.scenario, item.check
        row: list[object] = [
            s.name,
            s.get_kind_display(),
            s.created_by.get_full_name() or s.created_by.get_username(),
            check.value,
        ]
        for c in data.columns:
            row += [check.used.get(c.key, 0.0), check.budget.get(c.key), check.over.get(c.key)]
        row += [
            len(check.selected),
            ", ".join(m.code for m in check.missing_mandatory),
            "; ".join(f"{g}: {', '.join(m.code for m in ms)}" for g, ms in check.group_conflicts),
            "; ".join(f"{a.code} → {b.code}" for a, b in check.broken_requires),
            ", ".join(f"{m.code} ({m.severity})" for m in check.left_out),
            s.note,
        ]
        rows.append(row)
    return Table("scenarios", _("Scenarios"), columns, rows)


def _selection(portfolio: Portfolio, data) -> Table:
    comparison = selectors.compare_scenarios(data, selectors.scenarios_of(portfolio))
    columns = [
        Column(_("Id")),
        Column(_("Measure")),
        Column(_("Severity"), "int"),
        Column(_("Mandatory"), "flag"),
        *(Column(item.scenario.name, "flag") for item in comparison.scenarios),
    ]
    rows = [[m.code, m.name, m.severity, m.mandatory, *chosen] for m, chosen in comparison.rows]
    return Table("selection", _("Selection per scenario"), columns, rows)


# Writers (tabular.sheets, in the user's language for yes/no) -----------------------------------------


def workbook(tables: Sequence[Table]) -> bytes:
    """An XLSX workbook with one sheet per table."""
    with translation.override(_language()):
        return sheets.workbook(tables, flag=_flag)


def csv_bytes(table: Table) -> bytes:
    """A table as CSV for Norwegian Excel: UTF-8 with BOM, semicolons, decimal comma."""
    with translation.override(_language()):
        return sheets.csv_bytes(table, flag=_flag)


def _criterion(key: str) -> str:
    from prioritet.core.formatting import criterion_name
    from prioritet.engine import Criterion

    return criterion_name(Criterion(key))
