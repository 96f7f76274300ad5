"""Thin views: load with selectors, check the role rules in policy, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from prioritet.accounts.tenancy import municipality_required
from prioritet.core import charts, formatting

from . import policy, selectors, services, tasks
from .demo import DEMO_LABEL
from .forms import ComparisonForm, TargetForm, UploadForm
from .models import IndicatorDefinition, IndicatorTarget, PeerGroup, Status

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
            "can_configure": policy.can_configure(request.user),
        },
    )


@municipality_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    try:
        item = selectors.definition(request.municipality, pk)
    except IndicatorDefinition.DoesNotExist:
        raise Http404 from None
    data = selectors.series(request.municipality, item)
    names = selectors.region_names(request.municipality, data.regions)
    latest_target = selectors.target_for(data.targets, data.periods[-1]) if data.periods else None
    chart = mark_safe(  # charts escapes every text it draws
        charts.line_chart(
            data.periods,
            [
                (
                    names[region],
                    [
                        selectors.number(data.cells[region][p].value, item.decimals)
                        if p in data.cells[region]
                        else None
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
    )
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
            "symbols": SYMBOLS,
            "demo": data.demo,
            "demo_label": DEMO_LABEL,
        },
    )


@municipality_required
def upload(request: HttpRequest) -> HttpResponse:
    if not policy.can_upload(request.user):
        raise PermissionDenied(_("Only leaders and the municipal administrator upload figures."))
    form = UploadForm(request.POST or None, request.FILES or None, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        definition = form.cleaned_data["definition"]
        upload = form.cleaned_data["file"]
        try:
            result = services.import_file(request.municipality, definition, upload.read(), upload.name or "")
        except services.ImportProblemError as problem:
            form.add_error("file", str(problem))
        else:
            messages.success(
                request,
                _("%(created)s new values, %(updated)s changed, %(unchanged)s as before.")
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
            )
            return redirect("indicators:detail", definition.pk)
    return render(request, "indicators/upload.html", {"form": form}, status=400 if form.errors else 200)


@municipality_required
def target_create(request: HttpRequest, pk: int) -> HttpResponse:
    if not policy.can_set_targets(request.user):
        raise PermissionDenied(_("Only leaders, the municipal director's staff and the administrator set targets."))
    try:
        item = selectors.definition(request.municipality, pk)
    except IndicatorDefinition.DoesNotExist:
        raise Http404 from None
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


@municipality_required
def comparison(request: HttpRequest) -> HttpResponse:
    """The KOSTRA group, the peers and the SSB figures fetched (the municipal administrator)."""
    if not policy.can_configure(request.user):
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
    return render(
        request,
        "indicators/comparison.html",
        {"form": form, "fetch_on": settings.INDICATORS_FETCH},
        status=400 if form.errors else 200,
    )
