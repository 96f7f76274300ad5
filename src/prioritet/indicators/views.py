"""Thin views: load with selectors, check the role rules in policy, write with services, render."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRefresh

from prioritet import engine
from prioritet.accounts.models import Role, ServiceArea
from prioritet.accounts.tenancy import municipality_required
from prioritet.cases.loading import load_case
from prioritet.cases.models import Case
from prioritet.core import charts, formatting
from prioritet.core.forms import submit
from prioritet.core.home import task_counts
from prioritet.core.records import TaskStatus

from . import dashboard, exports, imports, policy, selectors, services, tasks, uploads
from .citations import describe_adjustment
from .demo import DEMO_LABEL
from .forms import (
    AdjustmentForm,
    AdjustmentFormSet,
    AreaForm,
    CiteForm,
    CiteProjectionForm,
    ComparisonForm,
    DefinitionForm,
    DeleteDefinitionForm,
    OwnFiguresForm,
    PopulationForm,
    ProjectionForm,
    ScenarioForm,
    TargetForm,
    UploadForm,
)
from .models import (
    AGE_GROUPS,
    Citation,
    IndicatorDefinition,
    IndicatorImport,
    IndicatorTarget,
    NeedProjection,
    PeerGroup,
    ProjectionScenario,
    Status,
)

#: What each status symbol means, shown wherever a symbol stands instead of a number.
SYMBOLS = [(status.value, status.label) for status in Status]


def _require_view(request: HttpRequest) -> None:
    if not policy.can_view(request.user):
        raise PermissionDenied(_("Your role does not use the indicators."))


@municipality_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    rows = selectors.overview(request.municipality)
    trends = {
        row.definition.pk: mark_safe(  # charts escapes every text it draws
            charts.sparkline(
                [selectors.number(v.value, row.definition.decimals) for v in row.series],
                title=_("Trend %(first)s–%(last)s") % {"first": row.series[0].period, "last": row.series[-1].period},
                id_prefix=f"trend-{row.definition.pk}",
            )
        )
        for row in rows
        if len(row.series) > 1
    }
    return render(
        request,
        "indicators/list.html",
        {
            "rows": [(row, trends.get(row.definition.pk)) for row in rows],
            "symbols": SYMBOLS,
            "demo": any(row.demo for row in rows),
            "demo_label": DEMO_LABEL,
            "can_upload": policy.can_upload(request.user),
            "own_form": OwnFiguresForm(),
            "can_configure": policy.can_configure(request.user),
        },
    )


def _definition(request: HttpRequest, pk: int) -> IndicatorDefinition:
    try:
        return selectors.definition(request.municipality, pk)
    except IndicatorDefinition.DoesNotExist:
        raise Http404 from None


def _series_chart(item: IndicatorDefinition, data: selectors.Series, names: dict[str, str]) -> str:
    """The indicator's line chart: one line per region, the latest target dashed (page and PNG)."""
    latest_target = selectors.target_for(data.targets, data.periods[-1]) if data.periods else None
    return charts.line_chart(
        data.periods,
        [
            (
                names[region],
                [
                    selectors.number(data.cells[region][p].value, item.decimals) if p in data.cells[region] else None
                    for p in data.periods
                ],
            )
            for region in data.regions
        ],
        title=item.name,
        description=_(
            "%(name)s by period for the municipality and those it compares itself with; "
            "the table below has the figures."
        )
        % {"name": item.name},
        fmt=lambda value: formatting.decimal(value, item.decimals),
        target=float(latest_target.value) if latest_target else None,
        target_label=_("Target"),
        id_prefix=f"indicator-{item.pk}",
        width=480,
    )


@municipality_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    item = _definition(request, pk)
    data = selectors.series(request.municipality, item)
    names = selectors.region_names(request.municipality, data.regions)
    chart = mark_safe(_series_chart(item, data, names))  # charts escapes every text it draws
    table = [
        (
            period,
            [data.cells[region].get(period) for region in data.regions],
            selectors.target_for(data.targets, period),
        )
        for period in data.periods
    ]
    return render(
        request,
        "indicators/detail.html",
        {
            "item": item,
            "series": data,
            "table": table,
            "own": request.municipality.number,
            "names": [names[region] for region in data.regions],
            "chart": chart,
            "can_set_targets": policy.can_set_targets(request.user),
            "can_edit": not item.is_national and policy.can_configure(request.user),
            "symbols": SYMBOLS,
            "demo": data.demo,
            "demo_label": DEMO_LABEL,
        },
    )


def _download(content: bytes, content_type: str, name: str, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{extension}"'
    return response


@require_GET
@municipality_required
def indicator_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The indicator's series as CSV, XLSX or its chart as PNG (suppressed cells as «:»)."""
    _require_view(request)
    item = _definition(request, pk)
    data = selectors.series(request.municipality, item)
    names = selectors.region_names(request.municipality, data.regions)
    name = f"indikator-{item.key}"
    if fmt == "png":
        return _download(exports.png_bytes(_series_chart(item, data, names)), exports.PNG_TYPE, name, fmt)
    table = exports.series_table(data, names, request.municipality.number)
    if fmt == "xlsx":
        return _download(exports.xlsx_bytes([table]), exports.XLSX_TYPE, name, fmt)
    return _download(exports.csv_bytes(table), exports.CSV_TYPE, name, "csv")


def _require_upload(request: HttpRequest) -> None:
    if not policy.can_upload(request.user):
        raise PermissionDenied(_("Only leaders and the municipal administrator upload figures."))


@municipality_required
def upload(request: HttpRequest) -> HttpResponse:
    """Upload a file: it is stored and checked in the background, and its page shows the preview.

    The request never reads the file; nothing is saved to the values before the uploader confirms.
    """
    _require_upload(request)
    form = UploadForm(request.POST or None, request.FILES or None, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        record = uploads.start_import(
            request.municipality,
            request.user,
            form.cleaned_data["definition"],
            upload.name or "",
            upload.read(),
            get_language(),
        )
        return redirect("indicators:import_status", record.pk)
    return render(
        request,
        "indicators/upload.html",
        {"form": form, "columns": imports.TEMPLATE_COLUMNS},
        status=400 if form.errors else 200,
    )


@require_GET
@municipality_required
def upload_template(request: HttpRequest, kind: str) -> HttpResponse:
    """The template of a tidy file (CSV or XLSX) with the exact columns and made-up example rows."""
    _require_upload(request)
    number = request.municipality.number
    if kind == "xlsx":
        response = HttpResponse(
            imports.template_xlsx(number),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(imports.template_csv(number), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="indikatorer-mal.{kind}"'
    return response


def _import(request: HttpRequest, pk: int) -> IndicatorImport:
    """The import if the user may see it: another municipality's is 404, and so is an unconfirmed
    upload of someone else (it is its uploader's alone until confirmed)."""
    _require_upload(request)
    record = selectors.indicator_import(request.municipality, pk)
    if record.status in (TaskStatus.CHECKING, TaskStatus.CHECKED) and record.created_by_id != request.user.pk:
        raise Http404
    return record


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


@require_GET
@municipality_required
def import_status(request: HttpRequest, upload_pk: int) -> HttpResponse:
    """Where an import stands: being checked, its preview (to confirm or cancel), being saved, or its outcome.

    The page asks again (htmx) while a task has something to do; when the check is done, the whole
    page is loaded again, since the preview is a page of its own.
    """
    record = _import(request, upload_pk)
    if record.status == TaskStatus.CHECKED:
        if _is_htmx(request):
            return HttpResponseClientRefresh()
        checked = imports.from_stored(record.preview)
        labels = dict(SYMBOLS)
        first = [
            {
                **row,
                "value": None if row["value"] is None else Decimal(row["value"]),
                "meaning": labels.get(row["status"], ""),
            }
            for row in checked.first
        ]
        return render(
            request,
            "indicators/import_preview.html",
            {"record": record, "preview": checked, "first": first},
        )
    template = "indicators/partials/import_status.html" if _is_htmx(request) else "indicators/import_status.html"
    return render(request, template, {"record": record})


@require_POST
@municipality_required
def import_confirm(request: HttpRequest, upload_pk: int) -> HttpResponse:
    """Queue the save of every value of the checked file; it saves all or none."""
    record = _import(request, upload_pk)
    if record.status == TaskStatus.CHECKED:  # else confirmed already (a second click), or not checked yet
        try:
            uploads.confirm_import(record, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("indicators:import_status", record.pk)


@require_POST
@municipality_required
def import_cancel(request: HttpRequest, upload_pk: int) -> HttpResponse:
    """Discard an upload before it is confirmed: nothing of it was saved."""
    record = _import(request, upload_pk)
    if uploads.cancel_import(record, request.user):
        messages.success(request, _("The upload is cancelled. Nothing was saved."))
        return redirect("indicators:upload")
    return redirect("indicators:import_status", record.pk)


@municipality_required
def target_create(request: HttpRequest, pk: int) -> HttpResponse:
    if not policy.can_set_targets(request.user):
        raise PermissionDenied(_("Only leaders, the municipal director's staff and the administrator set targets."))
    item = _definition(request, pk)
    form = TargetForm(
        request.POST or None, instance=IndicatorTarget(municipality=request.municipality, definition=item)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The target is saved."))
        return redirect("indicators:detail", item.pk)
    return render(
        request, "indicators/target_form.html", {"form": form, "item": item}, status=400 if form.errors else 200
    )


@require_POST
@municipality_required
def compute_own(request: HttpRequest) -> HttpResponse:
    """Queue the computation of the municipality's own figures from its cases (leaders, the administrator)."""
    _require_upload(request)
    if OwnFiguresForm(request.POST).is_valid():
        tasks.compute_own_indicators.enqueue(request.municipality.pk)
        messages.success(request, _("The municipality's own figures are being computed from its cases."))
    return redirect("indicators:list")


@municipality_required
def comparison(request: HttpRequest) -> HttpResponse:
    """Every indicator against the peers (whoever reads the indicators); the KOSTRA group, the peers
    and the SSB figures fetched (the municipal administrator)."""
    _require_view(request)
    can_configure = policy.can_configure(request.user)
    if request.method == "POST" and not can_configure:
        raise PermissionDenied(_("Only the municipal administrator chooses the comparison and the SSB figures."))
    # Reading the page writes nothing: the group is saved with the first valid form.
    group = PeerGroup.objects.filter(municipality=request.municipality).first() or PeerGroup(
        municipality=request.municipality
    )
    initial = {"kostra_group": group.kostra_group, "peers": ", ".join(group.peers), "followed": group.followed}
    form = ComparisonForm(request.POST or None, initial=initial, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        group.kostra_group = form.cleaned_data["kostra_group"]
        group.peers = form.cleaned_data["peers"]
        group.followed = list(form.cleaned_data["followed"])
        group.save()
        if settings.INDICATORS_FETCH:
            tasks.refresh_indicators.enqueue(group.pk)
            messages.success(request, _("Saved. The figures are being fetched from SSB."))
        else:
            messages.success(
                request, _("Saved. Fetching from SSB is switched off on this server; upload files instead.")
            )
        return redirect("indicators:list")
    data = selectors.comparison(request.municipality)
    names = selectors.region_names(request.municipality, data.regions)
    return render(
        request,
        "indicators/comparison.html",
        {
            "form": form if can_configure else None,
            "fetch_on": settings.INDICATORS_FETCH,
            "comparison": data,
            "names": [names[region] for region in data.regions],
            "symbols": SYMBOLS,
            "demo_label": DEMO_LABEL,
        },
        status=400 if form.errors else 200,
    )


@require_GET
@municipality_required
def comparison_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The comparison as CSV or XLSX (suppressed cells as «:»)."""
    _require_view(request)
    data = selectors.comparison(request.municipality)
    table = exports.comparison_table(data, selectors.region_names(request.municipality, data.regions))
    if fmt == "xlsx":
        return _download(exports.xlsx_bytes([table]), exports.XLSX_TYPE, "sammenligning", fmt)
    return _download(exports.csv_bytes(table), exports.CSV_TYPE, "sammenligning", "csv")


# The municipality's own indicators --------------------------------------------------------------------


def _require_configure(request: HttpRequest) -> None:
    if not policy.can_configure(request.user):
        raise PermissionDenied(_("Only the municipal administrator defines the municipality's own indicators."))


def _own_definition(request: HttpRequest, pk: int) -> IndicatorDefinition:
    """One of the municipality's own definitions (404 for a national one or another municipality's)."""
    try:
        return selectors.own_definition(request.municipality, pk)
    except IndicatorDefinition.DoesNotExist:
        raise Http404 from None


@municipality_required
def definition_list(request: HttpRequest) -> HttpResponse:
    """The municipality's own indicators to change, and the national ones to read."""
    _require_configure(request)
    items = selectors.definitions(request.municipality)
    return render(
        request,
        "indicators/definition_list.html",
        {
            "own": [item for item in items if not item.is_national],
            "national": [item for item in items if item.is_national],
        },
    )


@municipality_required
def definition_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_configure(request)
    item = _own_definition(request, pk) if pk is not None else IndicatorDefinition(owner=request.municipality)
    form = DefinitionForm(request.POST or None, instance=item, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("The indicator is saved."))
        return redirect("indicators:detail", saved.pk)
    return render(
        request,
        "indicators/definition_form.html",
        {"form": form, "item": item if pk is not None else None},
        status=400 if form.errors else 200,
    )


@municipality_required
def definition_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete an own indicator; one with values asks the user to confirm that they go too."""
    _require_configure(request)
    item = _own_definition(request, pk)
    count = selectors.value_count(request.municipality, item)
    form = DeleteDefinitionForm(request.POST if request.method == "POST" else None) if count else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            services.delete_definition(item)
        except ProtectedError:
            messages.error(request, _("The indicator is cited in a case and cannot be deleted."))
            return redirect("indicators:definition_list")
        messages.success(request, _("The indicator is deleted."))
        return redirect("indicators:definition_list")
    return render(
        request,
        "indicators/definition_delete.html",
        {"item": item, "count": count, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


# Need projections -------------------------------------------------------------------------------
#
# The projection page computes the baseline and every scenario in the request: a few age groups over
# at most 40 years is a handful of array operations (selectors.compute), far below the page's budget.

#: What the chart and the tables show: the figure, its unit, its decimals.
MEASURES = {
    "users": (gettext_lazy("Users"), gettext_lazy("users"), 0),
    "fte": (gettext_lazy("Årsverk"), gettext_lazy("årsverk"), 1),
    "cost": (gettext_lazy("Cost"), gettext_lazy("kr"), 0),
}
#: The capacity each figure is compared with.
GAPS = {"users": "users_gap", "fte": "fte_gap", "cost": "cost_gap"}


def _require_edit_projections(request: HttpRequest) -> None:
    if not policy.can_edit_projections(request.user):
        raise PermissionDenied(_("Only leaders and the municipal administrator make need projections."))


def _load_projection(request: HttpRequest, pk: int) -> NeedProjection:
    _require_view(request)
    try:
        return selectors.projection(request.municipality, pk)
    except NeedProjection.DoesNotExist:
        raise Http404 from None


def _load_scenario(projection: NeedProjection, pk: int) -> ProjectionScenario:
    try:
        return selectors.projection_scenario(projection, pk)
    except ProjectionScenario.DoesNotExist:
        raise Http404 from None


@municipality_required
def projection_list(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    return render(
        request,
        "indicators/projection_list.html",
        {
            "projections": selectors.projections(request.municipality),
            "can_edit": policy.can_edit_projections(request.user),
            "demo": selectors.projection_population_is_demo(request.municipality),
            "demo_label": DEMO_LABEL,
        },
    )


@municipality_required
def projection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = _load_projection(request, pk)
    show = request.GET.get("show", "users")
    if show not in MEASURES:
        show = "users"
    label, unit, places = MEASURES[show]
    computed = selectors.compute(item)
    years = [str(year) for year in item.years]
    chart = table = gaps = None
    if computed.complete:
        lines = [(line.name, [float(v) for v in getattr(line.result, show)]) for line in computed.results]
        chart = mark_safe(  # charts escapes every text it draws
            charts.line_chart(
                years,
                lines,
                title=_("%(figure)s per year, %(name)s") % {"figure": label, "name": item.name},
                description=_(
                    "%(figure)s per year from %(first)s to %(last)s, the baseline and each scenario; "
                    "the table below has the figures."
                )
                % {"figure": label, "first": item.base_year, "last": item.end_year},
                fmt=lambda value: formatting.decimal(value, places),
                id_prefix=f"projection-{item.pk}",
                width=480,
            )
        )
        table = [
            (year, [formatting.decimal(values[i], places) for _name, values in lines]) for i, year in enumerate(years)
        ]
        gap_lines = [getattr(line.result, GAPS[show]) for line in computed.results]
        if gap_lines[0] is not None:
            gaps = [(year, [formatting.decimal(g[i], places) for g in gap_lines]) for i, year in enumerate(years)]
    labels = {group.key: str(group.label) for group in AGE_GROUPS}
    return render(
        request,
        "indicators/projection_detail.html",
        {
            "item": item,
            "computed": computed,
            "show": show,
            "measures": [(key, value[0]) for key, value in MEASURES.items()],
            "label": label,
            "unit": unit,
            "chart": chart,
            "table": table,
            "gaps": gaps,
            "names": [line.name for line in computed.results],
            "coverage": [
                (group, formatting.percent(item.coverage[group.key], 1)) for group in computed.population.groups
            ],
            "population": [
                (
                    year,
                    [
                        (computed.population.cells[g.key].get(year), (g.key, year) in computed.population.entered)
                        for g in computed.population.groups
                    ],
                )
                for year in item.years
            ],
            "missing": computed.population.missing,
            "scenarios": [
                (scenario, [describe_adjustment(a, labels) for a in scenario.adjustments])
                for scenario in item.scenarios.all()
            ],
            "can_edit": policy.can_edit_projections(request.user),
            "demo": computed.population.demo,
            "demo_label": DEMO_LABEL,
        },
    )


def _projection_form_page(request: HttpRequest, item: NeedProjection | None) -> HttpResponse:
    _require_edit_projections(request)
    form = ProjectionForm(
        request.POST or None,
        instance=item or NeedProjection(municipality=request.municipality),
        municipality=request.municipality,
    )
    if item is None:
        saved = submit(
            request, form, lambda _data: services.create_projection(request.municipality, request.user, **form.values())
        )
    else:
        saved = submit(
            request,
            form,
            lambda data: services.edit_projection(item, request.user, data["version"], **form.values()),
        )
    if saved is not None:
        messages.success(request, _("The projection is saved."))
        return redirect("indicators:projection", saved.pk)
    return render(
        request,
        "indicators/projection_form.html",
        {
            "form": form,
            "item": item,
            "hints": [
                (
                    hint,
                    formatting.decimal(hint.value.value, hint.definition.decimals),
                    formatting.decimal(hint.share, 4),
                )
                for hint in selectors.coverage_hints(request.municipality)
            ],
            "demo_label": DEMO_LABEL,
        },
        status=400 if form.errors else 200,
    )


@municipality_required
def projection_create(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    return _projection_form_page(request, None)


@municipality_required
def projection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _projection_form_page(request, _load_projection(request, pk))


@municipality_required
def projection_population(request: HttpRequest, pk: int) -> HttpResponse:
    """Enter the population where SSB's projection gives none, or override it (empty: SSB's value)."""
    item = _load_projection(request, pk)
    _require_edit_projections(request)
    people = selectors.population(item)
    form = PopulationForm(request.POST or None, population=people, initial={"version": item.version})
    saved = submit(
        request,
        form,
        lambda data: services.edit_projection(item, request.user, data["version"], population=form.entered()),
    )
    if saved is not None:
        messages.success(request, _("The population is saved."))
        return redirect("indicators:projection", item.pk)
    return render(
        request,
        "indicators/projection_population.html",
        {"form": form, "item": item, "groups": people.groups, "demo": people.demo, "demo_label": DEMO_LABEL},
        status=400 if form.errors else 200,
    )


def _scenario_form_page(
    request: HttpRequest, item: NeedProjection, scenario: ProjectionScenario | None
) -> HttpResponse:
    _require_edit_projections(request)
    groups = selectors.age_groups(item)
    initial = (
        {"name": scenario.name, "description": scenario.description, "version": scenario.version} if scenario else None
    )
    form = ScenarioForm(request.POST or None, initial=initial)
    formset = AdjustmentFormSet(
        request.POST or None,
        initial=[AdjustmentForm.initial_of(a) for a in scenario.adjustments] if scenario else None,
        form_kwargs={"groups": groups},
        prefix="adjustments",
    )

    def save(data: dict) -> ProjectionScenario:
        fields = {
            "name": data["name"],
            "description": data["description"],
            "adjustments": [a for a in (f.adjustment() for f in formset.forms) if a is not None],
        }
        if scenario is None:
            return services.create_scenario(item, request.user, **fields)
        if data.get("version") is None:
            raise ValidationError(_("Open the scenario again and make the change once more."))
        return services.edit_scenario(scenario, request.user, data["version"], **fields)

    valid = request.method == "POST" and formset.is_valid()
    saved = submit(request, form, save) if valid else None
    if request.method == "POST" and not valid:
        form.is_valid()
    if saved is not None:
        messages.success(request, _("The scenario is saved."))
        return redirect("indicators:projection", item.pk)
    return render(
        request,
        "indicators/projection_scenario_form.html",
        {"form": form, "formset": formset, "item": item, "scenario": scenario},
        status=400 if (form.errors or formset.total_error_count()) else 200,
    )


@municipality_required
def projection_scenario_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _scenario_form_page(request, _load_projection(request, pk), None)


@municipality_required
def projection_scenario_edit(request: HttpRequest, pk: int, projection_scenario_pk: int) -> HttpResponse:
    item = _load_projection(request, pk)
    return _scenario_form_page(request, item, _load_scenario(item, projection_scenario_pk))


@require_POST
@municipality_required
def projection_scenario_delete(request: HttpRequest, pk: int, projection_scenario_pk: int) -> HttpResponse:
    item = _load_projection(request, pk)
    scenario = _load_scenario(item, projection_scenario_pk)
    _require_edit_projections(request)
    services.delete_scenario(scenario, request.user)
    messages.success(request, _("The scenario «%(name)s» is removed.") % {"name": scenario.name})
    return redirect("indicators:projection", item.pk)


def _projection_figures(result: engine.Projection) -> dict[str, str]:
    """A projection's baseline in its first and last year, as the dashboard's table writes it."""
    gap = result.users_gap
    return {
        "first_year": str(result.years[0]),
        "last_year": str(result.years[-1]),
        "users_first": formatting.decimal(float(result.users[0]), 0),
        "users_last": formatting.decimal(float(result.users[-1]), 0),
        "gap_last": formatting.decimal(float(gap[-1]), 0) if gap is not None else "–",
        "cost_last": formatting.amount(round(float(result.cost[-1]))),
    }


#: The dashboard's heading per role: what the role is shown.
DASHBOARD_LEADS = {
    Role.LEADER: gettext_lazy("Your service areas' indicators against their targets, the peers and the trend."),
    Role.DIRECTOR: gettext_lazy("The whole health and care sector: every indicator against its target and the peers."),
    Role.POLITICIAN: gettext_lazy("The key figures behind the political cases before you."),
    Role.MUNICIPAL_ADMIN: gettext_lazy("Every indicator the municipality reads, against its target and the peers."),
}


@dataclass
class _DashboardData:
    """What the dashboard page and its downloads read: the role's choice, its figures and their names."""

    form: AreaForm
    chosen: selectors.Scope
    data: selectors.Dashboard
    names: dict[str, str]
    #: The heading each indicator stands under on the page (its service area, else the sector), by definition id.
    headings: dict[int, str]


def _dashboard_data(request: HttpRequest, items: Sequence[IndicatorDefinition] | None = None) -> _DashboardData:
    """The role's dashboard figures (``items``: only those of the role's that are given)."""
    _require_view(request)
    municipality = request.municipality
    form = AreaForm(request.GET or None, municipality=municipality)
    area = form.cleaned_data.get("area") if form.is_valid() else None
    chosen = selectors.scope(municipality, request.user, area)
    shown = chosen.items if items is None else [item for item in chosen.items if item in items]
    data = selectors.dashboard(municipality, shown)
    names = selectors.region_names(municipality, data.regions)
    area_names = dict(ServiceArea.objects.for_municipality(municipality).values_list("pk", "name"))
    sector = _("The health and care sector")
    headings = {
        row.definition.pk: area_names.get(row.definition.service_area_id or 0, "") or sector for row in data.rows
    }
    return _DashboardData(form, chosen, data, names, headings)


@municipality_required
@require_GET
def dashboard_view(request: HttpRequest) -> HttpResponse:
    """The role's dashboard: its figures against targets, peers and trend, and its workload (the home page's tasks)."""
    figures = _dashboard_data(request)
    municipality = request.municipality
    data, names = figures.data, figures.names
    query = _area_query(figures.form)
    groups: dict[str, list[dashboard.Line]] = {}
    for row in data.rows:
        groups.setdefault(figures.headings[row.definition.pk], []).append(
            dashboard.line(row, municipality.number, data.kostra_group, names, query)
        )
    workload = task_counts(request.user, timezone.localdate())
    projected = [
        (line, _projection_figures(line.baseline) if line.baseline else None)
        for line in selectors.dashboard_projections(municipality, request.user, figures.chosen.areas)
    ]
    return render(
        request,
        "indicators/dashboard.html",
        {
            "lead": DASHBOARD_LEADS.get(request.user.role, ""),
            "form": figures.form if request.user.role == Role.LEADER else None,
            "areas": figures.chosen.areas,
            "groups": [(heading, lines, [line for line in lines if line.chart]) for heading, lines in groups.items()],
            "peer_names": [names[region] for region in data.regions[1:]],
            "own_name": names[municipality.number],
            "workload": workload,
            "projections": projected,
            "politician": request.user.role == Role.POLITICIAN,
            "query": query,
            "symbols": SYMBOLS,
            "demo": data.demo,
            "demo_label": DEMO_LABEL,
        },
    )


def _area_query(form: AreaForm) -> str:
    """The leader's chosen service area as a query string for the downloads («» for their own areas)."""
    area = form.cleaned_data.get("area") if form.is_bound and form.is_valid() else None
    return f"?{urlencode({'area': area.pk})}" if area is not None else ""


@require_GET
@municipality_required
def dashboard_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The dashboard's table of indicators as CSV, or as XLSX with a second sheet of the values its
    trends and charts draw (suppressed cells as «:», never a number)."""
    figures = _dashboard_data(request)
    table = exports.dashboard_table(figures.data, figures.names, figures.headings, _("Dashboard"))
    if fmt == "xlsx":
        tables = [table, exports.dashboard_values(figures.data, figures.names)]
        return _download(exports.xlsx_bytes(tables), exports.XLSX_TYPE, "styringstavle", fmt)
    return _download(exports.csv_bytes(table), exports.CSV_TYPE, "styringstavle", "csv")


@require_GET
@municipality_required
def dashboard_chart(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the dashboard's charts as PNG: an indicator the role's dashboard charts (one with a
    target), else 404."""
    _require_view(request)
    item = _definition(request, pk)
    figures = _dashboard_data(request, [item])
    row = figures.data.rows[0] if figures.data.rows else None
    chart = (
        dashboard.chart(row, request.municipality.number, figures.data.kostra_group, figures.names)
        if row is not None and row.target
        else None
    )
    if chart is None:
        raise Http404
    return _download(exports.png_bytes(str(chart.svg)), exports.PNG_TYPE, f"styringstavle-{item.key}", "png")


# Citations in a case ------------------------------------------------------------------------------


def _citing_case(request: HttpRequest, case_pk: int) -> Case:
    """The case, by the cases app's rules (404 elsewhere, reads of individual cases logged), if the user may cite."""
    case = load_case(request, case_pk, "indicators-cite")
    if not policy.can_cite(request.user, case):
        raise PermissionDenied(_("Only those who work on the case cite figures in it, until it is decided."))
    return case


def _citations_url(case: Case) -> str:
    return reverse("cases:detail", args=[case.pk]) + "#section-citations"


@municipality_required
def cite(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Cite an indicator in the case (the case page holds the same form; this page shows its errors)."""
    case = _citing_case(request, case_pk)
    form = CiteForm(request.POST or None, municipality=request.municipality)
    saved = submit(
        request,
        form,
        lambda data: services.cite(
            case,
            request.user,
            data["definition"],
            regions=data["regions"],
            first=data["first"],
            last=data["last"],
            note=data["note"],
        ),
    )
    if saved is not None:
        messages.success(request, _("The figures are cited in the case."))
        return redirect(_citations_url(case))
    return render(
        request, "indicators/cite_form.html", {"case": case, "form": form}, status=400 if form.errors else 200
    )


@municipality_required
def cite_projection(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Cite a need projection (its baseline or a scenario) in the case; the case page holds the same form."""
    case = _citing_case(request, case_pk)
    if not policy.can_cite_projection(request.user, case):
        raise PermissionDenied(_("Only those who work on the case and read the need projections cite one in it."))
    form = CiteProjectionForm(request.POST or None, municipality=request.municipality)

    def save(data: dict) -> Citation:
        projection, scenario = data["projection"]
        return services.cite_projection(case, request.user, projection, scenario, note=data["note"])

    if submit(request, form, save) is not None:
        messages.success(request, _("The need projection is cited in the case."))
        return redirect(_citations_url(case))
    return render(
        request,
        "indicators/cite_projection_form.html",
        {"case": case, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
@municipality_required
def remove_citation(request: HttpRequest, case_pk: int, citation_pk: int) -> HttpResponse:
    case = _citing_case(request, case_pk)
    try:
        citation = selectors.get_citation(case, citation_pk)
    except Citation.DoesNotExist:
        raise Http404 from None
    services.remove_citation(citation, request.user)
    messages.success(request, _("The citation is removed from the case."))
    return redirect(_citations_url(case))
