"""Thin views: load with selectors, check the role rules, write with services, render."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRefresh

from prioritet.accounts.tenancy import municipality_required
from prioritet.cases import selectors as case_selectors
from prioritet.core.concurrency import ConcurrentEditError
from prioritet.core.forms import add_validation_error, keep_input_on_conflict
from prioritet.core.records import TaskStatus
from prioritet.indicators import selectors as indicator_selectors
from prioritet.indicators.demo import DEMO_LABEL

from . import exports, imports, policy, selectors, services, workspace
from .bands import bands_text
from .forms import (
    ArchiveForm,
    BudgetForm,
    ColumnBandsForm,
    CompareForm,
    ImportConfirmForm,
    ImportUploadForm,
    MeasureForm,
    ResourceColumnForm,
    SaveSelectionForm,
    ScenarioForm,
)
from .models import Measure, MeasureImport, Portfolio, ResourceColumn, Scenario, ScenarioKind
from .truth import case_selection

CONFLICT = {
    "measure": gettext_lazy(
        "The measure was changed by someone else after you opened it. Your changes have not been saved. "
        "Compare with the saved version, and save again if you still want your changes."
    ),
    "scenario": gettext_lazy(
        "The scenario was changed by someone else after you opened it. Your changes have not been saved. "
        "Compare with the saved version, and save again if you still want your changes."
    ),
}


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _load(request: HttpRequest, pk: int) -> Portfolio:
    """The portfolio if the user may read it (404 in another municipality, 403 for the wrong role)."""
    if request.user.role not in policy.READ_ROLES:
        raise PermissionDenied(_("Your role cannot read portfolios."))
    portfolio = selectors.get_portfolio(request.municipality, pk)
    if not policy.can_read(request.user, portfolio):
        raise PermissionDenied(_("Your role cannot read portfolios."))
    return portfolio


def _load_for_edit(request: HttpRequest, pk: int) -> Portfolio:
    portfolio = _load(request, pk)
    if not policy.can_work_case(request.user, portfolio.case):
        raise PermissionDenied(_("Your role cannot change this portfolio."))
    return portfolio


def _decided(request: HttpRequest, portfolio: Portfolio) -> HttpResponse | None:
    """Edit pages of a decided case's portfolio send the user back: only a reassessment reopens it."""
    if not portfolio.case.is_decided:
        return None
    messages.info(
        request, _("The case is decided and its portfolio can no longer be changed. Start a reassessment to reopen it.")
    )
    return redirect(_detail_url(portfolio))


def _editing(
    item: Callable[[Portfolio, int], Any] | None = None,
) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Decorate a view that changes a portfolio: it gets the portfolio (and ``item``) instead of their numbers.

    In this order: the portfolio for editing (404 in another municipality, 403 for a role that cannot
    work on its case), then the object the address names with ``item`` (404 when it is not the
    portfolio's, whatever the case's state), then back to the workspace when the case is decided.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, pk: int, **address: int) -> HttpResponse:
            portfolio = _load_for_edit(request, pk)
            loaded = [item(portfolio, number) for number in address.values()] if item else []
            if decided := _decided(request, portfolio):
                return decided
            return view(request, portfolio, *loaded)

        return wrapper

    return decorate


def _detail_url(portfolio: Portfolio, anchor: str = "", **query) -> str:
    url = reverse("portfolio:detail", args=[portfolio.pk])
    query = {k: v for k, v in query.items() if v not in (None, "")}
    if query:
        url += "?" + urlencode(query)
    return url + (f"#{anchor}" if anchor else "")


# List and creation ----------------------------------------------------------------------------------


@municipality_required
def portfolio_list(request: HttpRequest) -> HttpResponse:
    if request.user.role not in policy.READ_ROLES:
        raise PermissionDenied(_("Your role cannot read portfolios."))
    cases = list(selectors.cases_for_portfolios(request.municipality))
    rows = [
        {
            "case": case,
            "portfolio": _portfolio_of(case),
            "can_create": policy.can_work_case(request.user, case) and not case.is_decided,
        }
        for case in cases
    ]
    return render(request, "portfolio/portfolio_list.html", {"rows": rows})


def _portfolio_of(case) -> Portfolio | None:
    """The case's portfolio from ``select_related`` (a reverse one-to-one raises when there is none)."""
    try:
        return case.portfolio
    except Portfolio.DoesNotExist:
        return None


@municipality_required
def for_case(request: HttpRequest, case_pk: int) -> HttpResponse:
    """The case's portfolio, or the offer to start one: where the case page's link leads."""
    case = case_selectors.get_case(request.municipality, case_pk)
    if not policy.can_read_case(request.user, case):
        raise PermissionDenied(_("Your role cannot read portfolios."))
    portfolio = _portfolio_of(case)
    if portfolio is not None:
        return redirect(_detail_url(portfolio))
    can_create = policy.can_work_case(request.user, case) and not case.is_decided
    return render(request, "portfolio/for_case.html", {"case": case, "can_create": can_create})


@require_POST
@municipality_required
def portfolio_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_selectors.get_case(request.municipality, case_pk)
    if not policy.can_read_case(request.user, case):
        raise PermissionDenied(_("Your role cannot read portfolios."))
    try:
        portfolio = services.create_portfolio(case, request.user)
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
        return redirect("portfolio:list")
    messages.success(request, _("The portfolio was created. Add measures or import them from a file."))
    return redirect(_detail_url(portfolio))


# The workspace ---------------------------------------------------------------------------------------


def _slider(request: HttpRequest, data: selectors.PortfolioData, best: selectors.Optimum) -> dict:
    """The budget slider at the column and step the address asks for."""
    try:
        point: int | None = int(request.GET.get("point", ""))
    except ValueError:
        point = None
    return workspace.slider(data, best, request.GET.get("column"), point)


def _point_save_form(context: dict) -> SaveSelectionForm | None:
    """The form that saves the slider's current level as a scenario (political alternative by default)."""
    if not context.get("column"):
        return None
    return SaveSelectionForm(
        initial={
            "source": SaveSelectionForm.SOURCE_POINT,
            "column": context["column"],
            "point": context["point"],
            "kind": ScenarioKind.POLITICAL,
        },
        auto_id="point_%s",
        at_level=True,
    )


#: The workspace's own tabs: the answer for the budget, the scenarios, the budget and the export.
VIEWS = ("answer", "scenarios", "budget")


def _workspace_context(request: HttpRequest, portfolio: Portfolio) -> dict:
    """Everything the workspace shows, at the level, tab, filter, sort and page the address asks for.

    Only reads: a large portfolio's levels and optimum are those stored by the background task (the
    services that change the data queue it, and so does the page's POST), and its robustness
    analysis is read, never queued (:func:`analyse`, :func:`robustness_status` queue on a POST).
    """
    data = selectors.portfolio_data(portfolio)
    best = selectors.page_optimum(data)
    robustness = selectors.robustness(data)
    context = workspace.workspace(portfolio, data, best, robustness)
    context.update(
        {
            "can_edit": policy.can_edit(request.user, portfolio),
            "can_work": policy.can_work_case(request.user, portfolio.case),
            "budget_form": BudgetForm(columns=data.columns, amounts=data.budget_amounts),
            "save_form": SaveSelectionForm(
                initial={"source": SaveSelectionForm.SOURCE_OPTIMAL, "kind": ScenarioKind.PROPOSAL}, auto_id="save_%s"
            ),
            # The one scenario the case stands for: its decision's, or its judgment's first suggestion's.
            "case_selection": case_selection(portfolio.case),
        }
    )
    context.update(_slider(request, data, best))
    context["point_save_form"] = _point_save_form(context)
    step = context.get("step")
    chosen = step.selected if step is not None else (best.selected if best.ok else None)
    rows = workspace.at_level(context["rows"], chosen)
    context.update(
        workspace.measure_table(
            rows, request.GET.get("show"), request.GET.get("q"), request.GET.get("sort"), request.GET.get("page")
        )
    )
    # The table's address without its page: the pager's links keep the level, tab, filter and sort.
    address = {"column": context.get("column"), "point": context.get("point"), "show": context["table_tab"]}
    sort = context["table_sort"]
    address.update({"q": context["table_query"], "sort": sort if sort != "order" else ""})
    context["table_address"] = urlencode({k: v for k, v in address.items() if v not in (None, "")}) + "&"
    context["summary"] = workspace.summary(data, best, context)
    view = request.GET.get("view")
    context["view"] = view if view in VIEWS else VIEWS[0]
    return context


@require_GET
@municipality_required
def portfolio_detail(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = _load(request, pk)
    return render(request, "portfolio/portfolio_detail.html", _workspace_context(request, portfolio))


@require_GET
@municipality_required
def frontier_point(request: HttpRequest, pk: int) -> HttpResponse:
    """One level of the budget control (htmx): the answer, the summary and a page of the table;
    without htmx, the whole workspace at that level."""
    portfolio = _load(request, pk)
    if not _is_htmx(request):
        return redirect(
            _detail_url(portfolio, "answer", column=request.GET.get("column"), point=request.GET.get("point"))
        )
    context = _workspace_context(request, portfolio)
    context["oob"] = True
    return render(request, "portfolio/partials/frontier_point.html", context)


@require_POST
@municipality_required
def analyse(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for a large portfolio's budget levels and optimum, and say whether they are ready.

    The workspace's status (htmx, every few seconds) and its button without JavaScript post here:
    the analysis of the data and weights as they are now is queued unless stored or running (the
    weights may have changed elsewhere). When the levels of the slider's column and the optimum at
    the exact budget are stored, htmx reloads the page; without htmx, the page is shown again.
    """
    portfolio = _load(request, pk)
    data = selectors.portfolio_data(portfolio)
    usable = selectors.frontier_columns(data)
    column = request.POST.get("column")
    column = column if column in usable else selectors.default_frontier_column(data)
    services.request_analyses(portfolio, [column] if column else [], data=data)
    if not _is_htmx(request):
        return redirect(_detail_url(portfolio, "answer", column=column))
    front = selectors.page_frontier(data, column) if column else None
    best = selectors.page_optimum(data)
    if not best.pending and (front is None or (not front.pending and front.exact)):
        return HttpResponseClientRefresh()
    return render(
        request, "portfolio/partials/analysis_status.html", {"portfolio": portfolio, "column": column, "polled": True}
    )


@require_http_methods(["GET", "POST"])
@municipality_required
def robustness_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Whether the robustness analysis is ready: a GET reads it; a POST (the status's poll, htmx, and
    its button) also queues it in the background unless it is stored or running."""
    portfolio = _load(request, pk)
    data = selectors.portfolio_data(portfolio)
    robustness = services.request_robustness(data) if request.method == "POST" else selectors.robustness(data)
    if not _is_htmx(request):
        return redirect(_detail_url(portfolio, "robustness"))
    context = {"portfolio": portfolio, "robustness": robustness, "polling": True}
    return render(request, "portfolio/partials/robustness_status.html", context)


# Budget ------------------------------------------------------------------------------------------------


@municipality_required
@_editing()
def budget_edit(request: HttpRequest, portfolio: Portfolio) -> HttpResponse:
    data = selectors.portfolio_data(portfolio)
    form = BudgetForm(request.POST or None, columns=data.columns, amounts=data.budget_amounts)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_budget(portfolio, request.user, form.amounts())
        except ValidationError as err:
            add_validation_error(form, err)
        else:
            messages.success(request, _("The budget was saved."))
            return redirect(_detail_url(portfolio, "answer"))
    # The need projections of the case's service area, for the coming budget year: a hint, not an input.
    year = timezone.localdate().year + 1
    hints = indicator_selectors.budget_hints(portfolio.municipality, portfolio.case.service_area_id, year)
    return render(
        request,
        "portfolio/budget_form.html",
        {"form": form, "portfolio": portfolio, "hints": hints, "demo_label": DEMO_LABEL},
    )


# Measures ----------------------------------------------------------------------------------------------


def _amounts_of(measure: Measure, columns) -> dict[str, Decimal]:
    saved = {a.column_id: a.amount for a in measure.amounts.all()}
    return {c.key: saved[c.pk] for c in columns if c.pk in saved}


@municipality_required
@_editing()
def measure_create(request: HttpRequest, portfolio: Portfolio) -> HttpResponse:
    columns = selectors.resource_columns(portfolio.municipality)
    form = MeasureForm(request.POST or None, portfolio=portfolio, columns=columns)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_measure(portfolio, request.user, amounts=form.amounts(), **form.measure_fields())
        except ValidationError as err:
            add_validation_error(form, err)
        else:
            messages.success(request, _("The measure was added."))
            return redirect(_detail_url(portfolio, "measures"))
    return render(request, "portfolio/measure_form.html", {"form": form, "portfolio": portfolio, "creating": True})


@municipality_required
@_editing(selectors.get_measure)
def measure_edit(request: HttpRequest, portfolio: Portfolio, measure: Measure) -> HttpResponse:
    columns = selectors.resource_columns(portfolio.municipality)
    form = MeasureForm(
        request.POST or None,
        instance=measure,
        portfolio=portfolio,
        columns=columns,
        amounts=_amounts_of(measure, columns),
    )
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_measure(
                measure, request.user, form.cleaned_data["version"], amounts=form.amounts(), **form.measure_fields()
            )
        except ConcurrentEditError as err:
            current = err.current
            keep_input_on_conflict(form, CONFLICT["measure"], current.version)
        except ValidationError as err:
            add_validation_error(form, err)
        else:
            messages.success(request, _("The measure was saved."))
            return redirect(_detail_url(portfolio, "measures"))
    return render(
        request,
        "portfolio/measure_form.html",
        {
            "form": form,
            "portfolio": portfolio,
            "measure": measure,
            "creating": False,
            "current": current,
            "current_amounts": _amounts_of(current, columns) if current else {},
            "columns": columns,
            "archive_form": ArchiveForm(initial={"version": measure.version, "archived": not measure.archived}),
        },
    )


@require_POST
@municipality_required
@_editing(selectors.get_measure)
def measure_archive(request: HttpRequest, portfolio: Portfolio, measure: Measure) -> HttpResponse:
    form = ArchiveForm(request.POST)
    if form.is_valid():
        archived = form.cleaned_data["archived"]
        try:
            services.set_measure_archived(measure, request.user, form.cleaned_data["version"], archived)
        except ConcurrentEditError:
            messages.error(request, CONFLICT["measure"])
        except ValidationError as err:
            messages.error(request, " ".join(err.messages))
        else:
            messages.success(request, _("The measure was archived.") if archived else _("The measure was restored."))
    return redirect(_detail_url(portfolio, "measures"))


# Import ------------------------------------------------------------------------------------------------


def _import_context(portfolio: Portfolio, preview: imports.ImportPreview, form, record=None) -> dict:
    return {
        "portfolio": portfolio,
        "preview": preview,
        "record": record,
        "confirm_form": form,
        "header_problems": imports.header_problems(preview),
        "max_rows": imports.MAX_ROWS,
        "preview_rows": imports.PREVIEW_ROWS,
    }


@municipality_required
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a file: it is stored and checked in the background, and its page shows the preview.

    Every file goes the same way, so the request never reads a file, however large (issue 9).
    """
    portfolio = _load_for_edit(request, pk)
    if decided := _decided(request, portfolio):
        return decided
    if request.method != "POST":
        return render(request, "portfolio/import_upload.html", {"portfolio": portfolio, "form": ImportUploadForm()})
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "portfolio/import_upload.html", {"portfolio": portfolio, "form": form})
    upload = form.cleaned_data["file"]
    if upload.size > imports.MAX_BYTES:
        preview = imports.ImportPreview(
            upload.name,
            upload.size,
            problems=(
                imports.FileProblem(
                    _("The file is too large: at most %(limit)s MB can be imported.")
                    % {"limit": imports.MAX_BYTES // (1024 * 1024)}
                ),
            ),
        )
        return render(request, "portfolio/import_preview.html", _import_context(portfolio, preview, None))
    record = services.start_measure_check(portfolio, request.user, upload.name, upload.read(), get_language())
    return redirect("portfolio:import_status", pk=portfolio.pk, import_id=record.pk)


def _own_upload(request: HttpRequest, record: MeasureImport) -> None:
    """An upload that is not confirmed yet is its uploader's alone, as when it waited in their session."""
    if record.status in (TaskStatus.CHECKING, TaskStatus.CHECKED) and record.created_by_id != request.user.pk:
        raise Http404


def _preview_page(request: HttpRequest, portfolio: Portfolio, record: MeasureImport, form=None) -> HttpResponse:
    """The checked file's preview, and the confirmation form when it is sound and the user may still save it."""
    preview = imports.from_stored(portfolio, record.preview)
    may_save = preview.ok and policy.can_work_case(request.user, portfolio.case) and not portfolio.case.is_decided
    if form is None and may_save:
        form = ImportConfirmForm(preview=preview)
    return render(
        request,
        "portfolio/import_preview.html",
        _import_context(portfolio, preview, form if may_save else None, record),
    )


@require_POST
@municipality_required
@_editing(item=selectors.measure_import)
def import_confirm(request: HttpRequest, portfolio: Portfolio, record: MeasureImport) -> HttpResponse:
    """Queue the save of every measure of the checked file, with the user's choices; it saves all or none."""
    _own_upload(request, record)
    if record.status != TaskStatus.CHECKED:  # confirmed already (a second click), or not checked yet
        return redirect("portfolio:import_status", pk=portfolio.pk, import_id=record.pk)
    preview = imports.from_stored(portfolio, record.preview)
    form = ImportConfirmForm(request.POST, preview=preview)
    if preview.ok and form.is_valid():
        try:
            services.confirm_measure_import(
                record, request.user, create_columns=form.create_columns(), legal_bases=form.legal_bases()
            )
        except ValidationError as err:
            form.add_error(None, err)
        else:
            return redirect("portfolio:import_status", pk=portfolio.pk, import_id=record.pk)
    return _preview_page(request, portfolio, record, form)


@require_GET
@municipality_required
def import_status(request: HttpRequest, pk: int, import_id: int) -> HttpResponse:
    """Where an import stands: being checked, its preview (to confirm), being saved, or its outcome.

    The page asks again (htmx) while a task has something to do; when the check is done, the whole
    page is loaded again, since the preview is a page of its own.
    """
    portfolio = _load(request, pk)
    record = selectors.measure_import(portfolio, import_id)
    _own_upload(request, record)
    if record.status == TaskStatus.CHECKED:
        if _is_htmx(request):
            return HttpResponseClientRefresh()
        return _preview_page(request, portfolio, record)
    context = {"portfolio": portfolio, "record": record}
    if _is_htmx(request):
        return render(request, "portfolio/partials/import_status.html", context)
    return render(request, "portfolio/import_status.html", context)


# Scenarios ---------------------------------------------------------------------------------------------


@require_GET
@municipality_required
def scenario_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The portfolio's scenarios side by side: value, cost per column, rules broken, what is left out."""
    portfolio = _load(request, pk)
    data = selectors.portfolio_data(portfolio)
    scenarios = selectors.scenarios_of(portfolio)
    form = CompareForm(request.GET or None, scenarios=scenarios)
    chosen = form.chosen(scenarios)
    comparison = selectors.compare_scenarios(data, chosen)
    return render(
        request,
        "portfolio/scenario_list.html",
        {
            "portfolio": portfolio,
            "data": data,
            "scenarios": scenarios,
            "archived": [s for s in selectors.scenarios_of(portfolio, include_archived=True) if s.archived],
            "compare_form": form,
            "comparison": comparison,
            "can_edit": policy.can_edit(request.user, portfolio),
        },
    )


@require_POST
@municipality_required
@_editing()
def scenario_save(request: HttpRequest, portfolio: Portfolio) -> HttpResponse:
    """Save the selection on screen (the optimum, or a step of the slider) as a scenario."""
    form = SaveSelectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the scenario a name."))
        return redirect(_detail_url(portfolio, "answer"))
    d = form.cleaned_data
    at_step = d["source"] == SaveSelectionForm.SOURCE_POINT
    try:
        scenario = services.save_selection(
            portfolio,
            request.user,
            name=d["name"],
            kind=d["kind"],
            step=(d["column"], d["point"]) if at_step else None,
        )
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
        return redirect(_detail_url(portfolio, "answer"))
    messages.success(request, _("The scenario «%(name)s» was saved.") % {"name": scenario.name})
    return redirect("portfolio:scenarios", pk=portfolio.pk)


@require_POST
@municipality_required
@_editing()
def scenario_optimal(request: HttpRequest, portfolio: Portfolio) -> HttpResponse:
    try:
        scenario = services.create_optimal_scenario(portfolio, request.user)
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
        return redirect(_detail_url(portfolio, "answer"))
    messages.success(request, _("The scenario «%(name)s» was saved.") % {"name": scenario.name})
    return redirect("portfolio:scenarios", pk=portfolio.pk)


def _scenario_form_page(request: HttpRequest, portfolio: Portfolio, scenario=None) -> HttpResponse:
    data = selectors.portfolio_data(portfolio)
    if scenario is not None:
        budget = {k: (Decimal(v) if v is not None else None) for k, v in (scenario.budget or {}).items()}
    else:
        budget = dict(data.budget_amounts)
    form = ScenarioForm(
        request.POST or None,
        instance=scenario,
        portfolio=portfolio,
        columns=data.columns,
        budget=budget,
        initial=None if scenario else {"kind": ScenarioKind.POLITICAL},
    )
    check = selectors.check_scenario(data, scenario) if scenario is not None else None
    current = None
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["measures"])
        limits = {k: float(v) for k, v in form.budget().items() if v is not None}
        check = selectors.check_selection(data, chosen, limits)
        if request.POST.get("action") != "check":
            d = form.cleaned_data
            try:
                if scenario is None:
                    scenario = services.create_scenario(
                        portfolio,
                        request.user,
                        name=d["name"],
                        kind=d["kind"],
                        note=d["note"],
                        measures=chosen,
                        budget=form.budget(),
                        alternative=d.get("alternative"),
                    )
                else:
                    scenario = services.update_scenario(
                        scenario,
                        request.user,
                        d["version"],
                        name=d["name"],
                        kind=d["kind"],
                        note=d["note"],
                        measures=chosen,
                        budget=form.budget(),
                    )
            except ConcurrentEditError as err:
                current = err.current
                keep_input_on_conflict(form, CONFLICT["scenario"], current.version)
            except ValidationError as err:
                add_validation_error(form, err)
            else:
                messages.success(request, _("The scenario «%(name)s» was saved.") % {"name": scenario.name})
                return redirect("portfolio:scenarios", pk=portfolio.pk)
    return render(
        request,
        "portfolio/scenario_form.html",
        {
            "portfolio": portfolio,
            "scenario": scenario,
            "form": form,
            "check": check,
            "current": current,
            "data": data,
            "can_edit": policy.can_edit(request.user, portfolio),
            "archive_form": ArchiveForm(initial={"version": scenario.version, "archived": not scenario.archived})
            if scenario
            else None,
        },
    )


@municipality_required
@_editing()
def scenario_create(request: HttpRequest, portfolio: Portfolio) -> HttpResponse:
    return _scenario_form_page(request, portfolio)


@municipality_required
def scenario_edit(request: HttpRequest, pk: int, scenario_pk: int) -> HttpResponse:
    """A scenario with its check; the case's workers can edit it (a decided case: read only)."""
    portfolio = _load(request, pk)
    scenario = selectors.get_scenario(portfolio, scenario_pk)
    if request.method == "POST":
        if not policy.can_work_case(request.user, portfolio.case):
            raise PermissionDenied(_("Your role cannot change this portfolio."))
        if decided := _decided(request, portfolio):
            return decided
    return _scenario_form_page(request, portfolio, scenario)


@require_POST
@municipality_required
@_editing(selectors.get_scenario)
def scenario_archive(request: HttpRequest, portfolio: Portfolio, scenario: Scenario) -> HttpResponse:
    form = ArchiveForm(request.POST)
    if form.is_valid():
        archived = form.cleaned_data["archived"]
        try:
            services.set_scenario_archived(scenario, request.user, form.cleaned_data["version"], archived)
        except ConcurrentEditError:
            messages.error(request, CONFLICT["scenario"])
        else:
            messages.success(request, _("The scenario was archived.") if archived else _("The scenario was restored."))
    return redirect("portfolio:scenarios", pk=portfolio.pk)


# Export ------------------------------------------------------------------------------------------------


def _export_name(portfolio: Portfolio, extension: str, table: str = "") -> str:
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    suffix = f"-{table}" if table else ""
    return f"portefolje-{portfolio.pk}{suffix}-{stamp}.{extension}"


@require_GET
@municipality_required
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = _load(request, pk)
    book = exports.workbook(exports.tables(portfolio))
    response = HttpResponse(book, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(portfolio, "xlsx")}"'
    return response


@require_GET
@municipality_required
def export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    portfolio = _load(request, pk)
    name = request.GET.get("table", "results")
    if name not in exports.TABLES:
        name = "results"
    table = exports.tables(portfolio, only=name)[0]
    response = HttpResponse(exports.csv_bytes(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(portfolio, "csv", name)}"'
    return response


# Resource columns --------------------------------------------------------------------------------------


@municipality_required
def column_list(request: HttpRequest) -> HttpResponse:
    if request.user.role not in policy.READ_ROLES:
        raise PermissionDenied(_("Your role cannot read portfolios."))
    can_manage = policy.can_manage_columns(request.user, request.municipality)
    columns = ResourceColumn.objects.for_municipality(request.municipality).order_by("position", "id")
    banding = request.method == "POST" and "bands" in request.POST
    form = (
        ResourceColumnForm(request.POST if request.method == "POST" and not banding else None) if can_manage else None
    )
    bands_form = ColumnBandsForm(request.POST if banding else None, columns=columns) if can_manage else None
    if request.method == "POST":
        if form is None or bands_form is None:  # the role cannot manage columns
            raise PermissionDenied(_("You cannot define resource columns."))
        if banding and bands_form.is_valid():
            try:
                services.set_column_bands(
                    bands_form.cleaned_data["column"], request.user, bands_form.cleaned_data["bands"]
                )
            except ValidationError as err:
                add_validation_error(bands_form, err)
            else:
                messages.success(request, _("The bands were saved."))
                return redirect("portfolio:columns")
        elif not banding and form.is_valid():
            try:
                services.create_resource_column(request.municipality, request.user, **form.cleaned_data)
            except ValidationError as err:
                add_validation_error(form, err)
            else:
                messages.success(request, _("The resource column was added."))
                return redirect("portfolio:columns")
    return render(
        request,
        "portfolio/column_list.html",
        {
            "columns": [(c, bands_text(c.bands)) for c in selectors.resource_columns(request.municipality)],
            "form": form,
            "bands_form": bands_form,
            "can_manage": can_manage,
        },
    )
