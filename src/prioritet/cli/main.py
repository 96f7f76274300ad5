"""The ``prioritet`` command: parse options, call the engine, hand the result to its output.

Bad input of any kind ends with exit status 2 and one line per problem on stderr, in the language of
``PRIORITET_LANGUAGE`` (:mod:`.language`).

Each command imports its own output (and the indicators command its statistics reader) when it runs,
so that a command pays only for what it uses: ``prioritet rank`` starts in a blink.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from prioritet import engine
from prioritet.tabular.reader import read_bytes

from . import options
from .render import emit
from .run import Run

#: ``prioritet robustness`` gives every rank's acceptability up to this many measures, else the first
#: :data:`DEFAULT_TOP` unless ``--top`` says otherwise: n × n shares grow fast.
WHOLE_MATRIX = 100
DEFAULT_TOP = 10

app = typer.Typer(
    name="prioritet",
    help="Decision support for priority setting in Norwegian municipal health and care services: "
    "rank measures (tiltak) on benefit, severity and resources, choose the best set within budgets, "
    "trace value against budget, and test how robust it all is to the weights.",
    no_args_is_help=True,
    add_completion=False,
)

FileArg = Annotated[
    Path,
    typer.Argument(
        help="Measures file: CSV (comma, or semicolon with decimal comma as Norwegian Excel writes it; UTF-8 or "
        "Windows-1252) or XLSX (first sheet). Columns: id, name, benefit, severity, resources (integers 1–5), "
        "numeric resource columns (cost_nok, fte, …), optional mandatory, group, requires, and baseline "
        "(ja on the one reference row, «no action», which is never ranked or chosen). Norwegian headers "
        "(navn, nytte, alvorlighet, ressurs, obligatorisk, gruppe, krever, referanse) work too.",
        metavar="FILE",
        show_default=False,
    ),
]
WeightsOpt = Annotated[
    str | None,
    typer.Option(
        "--weights",
        metavar="CRITERION=W,…",
        help="Criterion weights, e.g. benefit=2,severity=2,resources=1 (normalised to sum 1; "
        "criteria left out weigh 0). Default: equal.",
        show_default=False,
    ),
]
BudgetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--budget",
        metavar="COLUMN=AMOUNT",
        help="Budget for a resource column of the file, e.g. cost_nok=12500000 or 'cost_nok=12 500 000,50'. "
        "Repeat for several columns.",
        show_default=False,
    ),
]
RangeOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--budget",
        metavar="COLUMN=FROM:TO:STEPS",
        help="Budget range for a resource column, e.g. cost_nok=12000000:36000000:7; or COLUMN=AMOUNT to hold "
        "another column fixed. Repeatable.",
        show_default=False,
    ),
]
MethodOpt = Annotated[
    str, typer.Option("--method", metavar="additive|topsis", help="additive (the priority matrix) or topsis.")
]
FormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        metavar="table|json|csv",
        help="table (for people), json (for programs) or csv (for spreadsheets; header in English).",
    ),
]


@app.command()
def rank(
    file: FileArg, weights: WeightsOpt = None, method: MethodOpt = "additive", output: FormatOpt = "table"
) -> None:
    """Rank all measures by value (Σ weight × partial value, or TOPSIS).

    A row marked baseline (ja/yes/1) is the reference, «no action»: it is left out of the order and
    reported apart (JSON: "baseline" with its id and name, null when there is none; table and CSV: a
    last line «Referanse: …»). CSV: one row per measure in rank order: rank, id, name, benefit,
    severity, resources, value.
    """
    with Run() as run:
        fmt = run.take(lambda: options.choice(options.Format, output, "--format"), options.Format.TABLE)
        how = run.take(lambda: options.choice(engine.Method, method, "--method"), engine.Method.ADDITIVE)
        w = run.take(lambda: options.weights(weights), None)
        data = run.read(file)
        run.check()
        candidates = data.measures.candidates
        result = engine.rank(candidates, w, how)
    from .output.rank import RankOutput

    emit(RankOutput(candidates, result, data.measures.reference), fmt)


@app.command()
def portfolio(file: FileArg, budget: BudgetOpt = None, weights: WeightsOpt = None, output: FormatOpt = "table") -> None:
    """Choose the set of measures with the most value within the budgets.

    Mandatory measures (the legal minimum, forsvarlighet) are always in; measures in one group
    exclude each other; a measure that requires another needs it in too. The value uses benefit and
    severity only: the budgets stand in for the resources criterion, so --weights may not weigh
    resources. CSV: one row per measure in file order: id, name, selected (1/0), mandatory (1/0),
    benefit, severity, value, and one column per budgeted resource.
    """
    with Run() as run:
        fmt = run.take(lambda: options.choice(options.Format, output, "--format"), options.Format.TABLE)
        w = run.take(lambda: options.budget_weights(weights), engine.Weights.equal(engine.VALUE_CRITERIA))
        amounts: dict[str, float] = run.take(lambda: options.amounts(options.required(budget, ranges=False)), {})
        data = run.read(file)
        candidates = data.measures.candidates
        limits = run.need(lambda: options.resolve_columns(candidates, amounts))
        run.check()
        result = engine.optimise(candidates, limits, w)
    from .output.portfolio import PortfolioOutput

    emit(PortfolioOutput(candidates, result), fmt)


@app.command()
def plan(
    file: Annotated[
        Path,
        typer.Argument(
            help="Measures file with the columns of portfolio's file, plus optional earliest (the first year a "
            "measure may start; empty: FIRST) and, beside a resource column C, an optional C_first (the amount in "
            "the year the measure starts, e.g. establishment; empty: C). C is the amount in every later year; "
            "negative amounts are savings. Norwegian: tidligst.",
            metavar="FILE",
            show_default=False,
        ),
    ],
    years: Annotated[
        str | None,
        typer.Option("--years", metavar="FIRST:LAST", help="The plan period, e.g. 2027:2030.", show_default=False),
    ] = None,
    budget: Annotated[
        list[str] | None,
        typer.Option(
            "--budget",
            metavar="COLUMN=AMOUNT[,AMOUNT…]",
            help="Yearly budget for a resource column: one amount for every year (cost_nok=12000000) or one per "
            "year, separated by commas (cost_nok=12000000,12500000,13000000,13000000; a fraction takes a decimal "
            "point). Repeat for several columns.",
            show_default=False,
        ),
    ] = None,
    weights: WeightsOpt = None,
    output: FormatOpt = "table",
) -> None:
    """The best plan over several years (økonomiplan): which measures start in which year.

    A measure never starts, or starts in one year from its earliest on and runs to the last year. The
    value is portfolio's value (benefit and severity; --weights may not weigh resources) summed over
    the years a measure runs. In every year the running measures' amounts stay within the budgets;
    a mandatory measure starts in its earliest year; at most one measure of a group ever starts; a
    measure that requires another runs only in years when the other runs. JSON: {"years", "value",
    "optimal", "start" (id: year, started measures only), "used" and "budget" (column: amount per
    year)}. CSV: one row per measure in file order: id, name, start, mandatory, benefit, severity,
    value, one column per year (1 when it runs), and <column>_<year> amounts.
    """
    with Run() as run:
        fmt = run.take(lambda: options.choice(options.Format, output, "--format"), options.Format.TABLE)
        w = run.take(lambda: options.budget_weights(weights), engine.Weights.equal(engine.VALUE_CRITERIA))
        empty: tuple[int, ...] = ()
        period = run.take(lambda: options.labelled("--years", engine.plan_years, *options.years(years)), empty)
        given: dict[str, list[float]] = run.take(
            lambda: options.yearly_amounts(options.required(budget, ranges=False)), {}
        )
        no_budget: dict[str, engine.measures.FloatArray] = {}
        limits = (
            run.take(lambda: options.labelled("--budget", engine.yearly_budget, given, period), no_budget)
            if period
            else no_budget
        )
        data = run.read_plan(file)
        candidates = data.plan.candidates
        columns = run.need(lambda: options.resolve_columns(candidates, limits))
        run.check()
        try:
            result = engine.optimise_plan(candidates, period, columns, w)
        except engine.InputError as err:
            # A year and column the budgets cannot carry are the budget option's to fix.
            raise engine.InputError(
                replace(p, source="--budget") if p.row is None and p.column else p for p in err.problems
            ) from None
    from .output.plan import PlanOutput

    emit(PlanOutput(candidates, result), fmt)


@app.command()
def frontier(file: FileArg, budget: RangeOpt = None, weights: WeightsOpt = None, output: FormatOpt = "table") -> None:
    """The best portfolio at each of a range of budget levels (value for money).

    --budget COLUMN=FROM:TO:STEPS gives a range (several ranges move together and need the same
    number of steps); --budget COLUMN=AMOUNT keeps another column fixed. CSV: long format, one row
    per step and measure: step, budget_<column>…, value, id, name, selected (1/0).
    """
    with Run() as run:
        fmt = run.take(lambda: options.choice(options.Format, output, "--format"), options.Format.TABLE)
        w = run.take(lambda: options.budget_weights(weights), engine.Weights.equal(engine.VALUE_CRITERIA))
        specs: dict[str, float | engine.BudgetRange] = run.take(
            lambda: options.budget_specs(options.required(budget, ranges=True)), {}
        )
        data = run.read(file)
        candidates = data.measures.candidates
        ranges, fixed = options.split(run.need(lambda: options.resolve_columns(candidates, specs)))
        run.check()
        points = engine.frontier(candidates, ranges, fixed, w)
    from .output.frontier import FrontierOutput

    emit(FrontierOutput(candidates, points, tuple(ranges), w.as_dict(engine.VALUE_CRITERIA)), fmt)


@app.command()
def robustness(
    file: FileArg,
    budget: BudgetOpt = None,
    samples: Annotated[int, typer.Option("--samples", help="Number of weight vectors drawn.")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed; the same seed gives the same result.")] = 0,
    bounds: Annotated[
        list[str] | None,
        typer.Option(
            "--bounds",
            metavar="CRITERION=LOW:HIGH",
            help="Bounds on a weight, e.g. severity=0.2:0.6. Repeatable.",
            show_default=False,
        ),
    ] = None,
    order: Annotated[
        str | None,
        typer.Option(
            "--order",
            metavar="A>B>C",
            help="Known order of the weights, e.g. severity>benefit>resources.",
            show_default=False,
        ),
    ] = None,
    method: MethodOpt = "additive",
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            min=0,
            metavar="K",
            help=f"Rank acceptability of the first K ranks only. Default: every rank up to {WHOLE_MATRIX} "
            f"measures, else the first {DEFAULT_TOP} (the whole matrix of 10,000 measures is 800 MB); "
            "a K at least the number of measures gives every rank.",
            show_default=False,
        ),
    ] = None,
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit",
            min=0,
            metavar="SECONDS",
            help="With --budget: stop the core index after this many seconds, on the samples it has used "
            "(it says so, with a 95 % interval per measure).",
            show_default=False,
        ),
    ] = None,
    grid: Annotated[
        int | None,
        typer.Option(
            "--grid",
            min=1,
            metavar="STEPS",
            help="With --budget: solve the core index with benefit's weight rounded to multiples of 1/STEPS "
            "(e.g. 20: steps of 5 percentage points), at most STEPS + 1 exact solves; what large portfolios "
            "need to finish in minutes. Default: each sample's own weights.",
            show_default=False,
        ),
    ] = None,
    output: FormatOpt = "table",
) -> None:
    """How robust ranks and portfolio are when the weights are uncertain (SMAA).

    Draws weight vectors and counts how often each measure gets each rank (rank acceptability) and,
    with --budget, how often it is in the optimal portfolio (core index). With a budget the weights
    are over benefit and severity only, as in portfolio. JSON: {"samples", "seed", "top",
    "rank_acceptability": {id: [share of rank 1…top]}, "expected_rank", "most_likely_rank", and
    "core_index", "core_low", "core_high", "core_samples", "core_unresolved", "stopped_early" and
    "core_grid" (the grid's steps, or null) with a budget}. CSV: one row per measure in file order:
    id, name, rank_1…rank_top (share of samples
    with that rank), most_likely_rank, expected_rank, and with a budget core_index, core_low,
    core_high (its 95 % Clopper–Pearson interval), core_samples and stopped_early.
    """
    with Run() as run:
        fmt = run.take(lambda: options.choice(options.Format, output, "--format"), options.Format.TABLE)
        how = run.take(lambda: options.choice(engine.Method, method, "--method"), engine.Method.ADDITIVE)
        space = run.take(lambda: options.weight_space(bounds or [], order), None)
        amounts: dict[str, float] = run.take(lambda: options.amounts(budget or []), {})
        data = run.read(file)
        candidates = data.measures.candidates
        limits = run.need(lambda: options.resolve_columns(candidates, amounts))
        run.check()
        if top is None:
            top = len(candidates) if len(candidates) <= WHOLE_MATRIX else DEFAULT_TOP
        result = engine.robustness(
            candidates,
            samples,
            seed,
            limits or None,
            space,
            how,
            top,
            time_limit=time_limit,
            solve_time_limit=time_limit,
            grid=grid,
        )
    from .output.robustness import RobustnessOutput

    emit(RobustnessOutput(candidates, result, space), fmt)


@app.command()
def indicators(
    file: Annotated[
        Path,
        typer.Argument(
            help="A JSON-stat 2.0 dataset (as SSB's PxWebApi gives it), or a CSV/XLSX in the same tidy shape: "
            "a column per dimension, value and status.",
            metavar="FILE",
            show_default=False,
        ),
    ],
    output: FormatOpt = "table",
) -> None:
    """A statistics table (KOSTRA and other SSB tables) as tidy rows, one per cell.

    Rows come in JSON-stat's order (the last dimension varies fastest); a missing value stays empty
    (null), never 0, and SSB's status symbols (.. . : - …) are kept. JSON: {"label", "updated",
    "dimensions", "labels", "rows"}. CSV: one column per dimension (codes), value, status.
    """
    from prioritet.tabular.jsonstat import parse_jsonstat, parse_tidy

    from .output.indicators import IndicatorsOutput

    with Run() as run:
        fmt = run.take(lambda: options.choice(options.Format, output, "--format"), options.Format.TABLE)
        data = run.need(lambda: read_bytes(file))
        run.check()
        with run.dataset(file):
            if file.suffix.lower() in {".csv", ".xlsx", ".xlsm"}:
                dataset = parse_tidy(data, str(file))
            else:
                dataset = parse_jsonstat(data)
    emit(IndicatorsOutput(dataset, file.name), fmt)
