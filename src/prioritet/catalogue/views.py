"""The catalogue's pages: the list and search (every reading role), the entry form and archiving (the
municipal administrator), and the picker that takes an entry into a case or its portfolio."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prioritet.accounts.tenancy import get_for_municipality_or_404, municipality_required
from prioritet.cases.loading import load_case
from prioritet.core.forms import submit
from prioritet.portfolio.models import ResourceColumn

from . import policy, selectors, services
from .forms import EntryForm, MeasureScoresForm, SearchForm
from .models import CatalogueEntry


def _require_read(request: HttpRequest) -> None:
    if not policy.can_read(request.user):
        raise PermissionDenied(_("Your role does not use the measures catalogue."))


def _require_edit(request: HttpRequest) -> None:
    if not policy.can_edit(request.user):
        raise PermissionDenied(_("Only the municipal administrator keeps the measures catalogue."))


def _columns(municipality) -> list[ResourceColumn]:
    return list(ResourceColumn.objects.for_municipality(municipality).order_by("position", "id"))


@municipality_required
def index(request: HttpRequest) -> HttpResponse:
    _require_read(request)
    form = SearchForm(request.GET or None, municipality=request.municipality)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.entries(
        request.municipality,
        query=filters.get("q", ""),
        service_area=filters.get("service_area"),
        archived=bool(filters.get("archived")),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalogue/index.html",
        {
            "form": form,
            "page": Paginator(qs, 50).get_page(request.GET.get("page")),
            "query": query.urlencode(),
            "columns": _columns(request.municipality),
            "can_edit": policy.can_edit(request.user),
        },
    )


@municipality_required
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_edit(request)
    entry = get_for_municipality_or_404(CatalogueEntry, request.municipality, pk=pk) if pk else None
    columns = _columns(request.municipality)
    form = EntryForm(request.POST or None, municipality=request.municipality, columns=columns, entry=entry)

    def save(data: dict) -> CatalogueEntry:
        if entry is None:
            return services.create_entry(
                request.municipality, request.user, resources=form.resources(), **form.entry_fields()
            )
        return services.update_entry(
            entry, request.user, data.get("version") or entry.version, resources=form.resources(), **form.entry_fields()
        )

    if (saved := submit(request, form, save)) is not None:
        messages.success(request, _("«%(name)s» was saved in the catalogue.") % {"name": saved.name})
        return redirect("catalogue:index")
    return render(request, "catalogue/form.html", {"form": form, "entry": entry})


@require_POST
@municipality_required
def archive(request: HttpRequest, pk: int) -> HttpResponse:
    _require_edit(request)
    entry: CatalogueEntry = get_for_municipality_or_404(CatalogueEntry, request.municipality, pk=pk)
    services.set_archived(entry, request.user, not entry.archived)
    return redirect("catalogue:index")


@municipality_required
def pick(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Take an entry into the case as an alternative, or into its portfolio as a measure."""
    case = load_case(request, case_pk, "catalogue", work=True)
    if not policy.can_pick_for(case, request.user):
        raise Http404(_("Catalogue entries are taken into open service and political cases."))
    portfolio = selectors.portfolio_of(case)
    posted: tuple[int, MeasureScoresForm] | None = None
    if request.method == "POST":
        entry: CatalogueEntry = get_for_municipality_or_404(
            CatalogueEntry, request.municipality, pk=request.POST.get("entry") or 0, archived=False
        )
        if request.POST.get("use") == "alternative":
            services.use_as_alternative(entry, case, request.user)
            messages.success(request, _("«%(name)s» was added as an alternative.") % {"name": entry.name})
            return redirect("cases:detail", case.pk)
        if request.POST.get("use") == "measure" and portfolio is not None:
            scores = MeasureScoresForm(request.POST, prefix=f"entry-{entry.pk}")
            saved = submit(
                request, scores, lambda data: services.use_as_measure(entry, portfolio, request.user, **data)
            )
            if saved is not None:
                messages.success(request, _("«%(name)s» was added as a measure.") % {"name": entry.name})
                return redirect("portfolio:detail", portfolio.pk)
            posted = (entry.pk, scores)
    search = SearchForm(request.GET or None, municipality=request.municipality)
    filters = search.cleaned_data if search.is_valid() else {}
    found = selectors.entries(
        request.municipality, query=filters.get("q", ""), service_area=filters.get("service_area")
    )
    entries = [
        (entry, posted[1] if posted and posted[0] == entry.pk else MeasureScoresForm(prefix=f"entry-{entry.pk}"))
        for entry in found[:100]
    ]
    return render(
        request,
        "catalogue/pick.html",
        {
            "case": case,
            "portfolio": portfolio,
            "form": search,
            "entries": entries,
            "refused": posted is not None,
            "columns": _columns(request.municipality),
        },
    )
