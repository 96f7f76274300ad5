"""The public pages (no login, nothing personal, cacheable) and the internal pages to publish.

Public pages set no cookie and carry no CSRF token, so a shared cache may keep them for five
minutes; they vary only with the language cookie. Their language switch posts to
:func:`set_language`, which needs no CSRF token: choosing a language changes nothing but the
cookie.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language as django_set_language

from prioritet.accounts.tenancy import municipality_required
from prioritet.cases import selectors as case_selectors
from prioritet.cases.extensions import Place, sections_for
from prioritet.cases.models import Level
from prioritet.core import charts, formatting
from prioritet.core.extensions import Extension, extensions
from prioritet.core.formatting import SEED_ORDER
from prioritet.core.tenancy_db import database_unscoped
from prioritet.engine import CRITERION_INFO, Criterion
from prioritet.indicators.demo import DEMO_LABEL
from prioritet.indicators.models import Status
from prioritet.weighting.selectors import default_weights

from . import policy, selectors, services
from .forms import KeyFigureForm, PublishForm

#: How long browsers and shared caches may keep a public page, in seconds.
PUBLIC_MAX_AGE = 300
PAGE_SIZE = 20


def public_page(view):
    """No login; cacheable by anyone for :data:`PUBLIC_MAX_AGE` seconds; varies with the language cookie."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        patch_vary_headers(response, ["Cookie"])
        return response

    return require_safe(database_unscoped(wrapper))


def _criteria() -> list[dict]:
    """The three criteria as the engine defines them, in the reader's language, in the seed's order."""
    out = []
    for criterion in SEED_ORDER:
        out.append(
            {
                "key": criterion.value,
                "name": formatting.criterion_name(criterion).capitalize(),
                "question": formatting.criterion_question(criterion),
                "dimensions": formatting.criterion_dimensions(criterion),
                "scale": [
                    {"score": k, "word": word} for k, word in enumerate(formatting.scale_labels(criterion), start=1)
                ],
                "higher_is_better": CRITERION_INFO[criterion].higher_is_better,
                "is_severity": criterion == Criterion.SEVERITY,
            }
        )
    return out


# Public pages ----------------------------------------------------------------------------------------


@public_page
def index(request: HttpRequest) -> HttpResponse:
    """The municipalities that have published prioritisations."""
    return render(request, "public/index.html", {"municipalities": selectors.municipalities_with_publications()})


@public_page
def municipality_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A municipality's published prioritisations, newest first, with its current weights."""
    municipality = selectors.municipality_by_slug(slug)
    history = selectors.weight_history(municipality)
    page = Paginator(selectors.publications_of(municipality), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "public/municipality.html",
        {
            "public_municipality": municipality,
            "page": page,
            **_current_weights(municipality, history),
            "criteria": _criteria(),
            "has_key_figures": selectors.has_key_figures(municipality),
            "listings": _listings(municipality),
        },
    )


def _listings(municipality) -> list[dict]:
    """What the other apps list on the public page (open consultations), each with its context, by order."""
    found = []
    declared = [listing for extension in extensions(Extension) for listing in extension.public_listings]
    for listing in sorted(declared, key=lambda listing: (listing.order, listing.key)):
        context = listing.context(municipality)
        if context is not None:
            found.append({"listing": listing, **context})
    return found


def _current_weights(municipality, history: list) -> dict:
    """The weights in use: the newest saved version, or the default (equal weights) the combined judgment
    uses until the municipality decides its own, labelled as the default."""
    return {"weights": history[0] if history else default_weights(municipality), "weights_are_default": not history}


@public_page
def criteria(request: HttpRequest, slug: str) -> HttpResponse:
    """The criteria, how Prioritet weighs them, and the municipality's weights with their full history."""
    municipality = selectors.municipality_by_slug(slug)
    history = selectors.weight_history(municipality)
    return render(
        request,
        "public/criteria.html",
        {
            "public_municipality": municipality,
            "criteria": _criteria(),
            **_current_weights(municipality, history),
            "history": history,
        },
    )


@public_page
def publication(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One published prioritisation: the combined judgment as in the guideline's table, and the decision."""
    municipality = selectors.municipality_by_slug(slug)
    item = selectors.get_publication(municipality, pk)
    reference = selectors.reference_of(item.decision)
    return render(
        request,
        "public/publication.html",
        {
            "public_municipality": municipality,
            "publication": item,
            "decision": item.decision,
            # A political case's innstilling and vedtak, shown side by side.
            "resolution": case_selectors.political_of(item.decision),
            "rows": selectors.judgment_rows(item.decision, reference),
            "reference": reference,
            "weights": item.decision.weight_version,
            "case_sections": sections_for(item.case, Place.PUBLIC),
        },
    )


def _trend_chart(item: selectors.KeyFigure) -> str:
    """The key figure's series as a line chart, the municipality's line first; a symbol is a gap."""
    name = item.definition.name
    return mark_safe(  # charts escapes every text it draws
        charts.line_chart(
            item.periods,
            [(item.names[region], item.numbers(region)) for region in item.regions],
            title=name,
            description=_(
                "%(name)s by period for the municipality and those it is compared with; "
                "the table under the chart has the figures."
            )
            % {"name": name},
            fmt=lambda value: formatting.decimal(value, item.definition.decimals),
            id_prefix=f"key-figure-{item.definition.pk}",
            width=480,
        )
    )


@public_page
def key_figures(request: HttpRequest, slug: str) -> HttpResponse:
    """The indicators the municipality has chosen to publish, each with its trend and comparisons."""
    municipality = selectors.municipality_by_slug(slug)
    items = selectors.key_figures(municipality)
    return render(
        request,
        "public/key_figures.html",
        {
            "public_municipality": municipality,
            "items": [(item, _trend_chart(item) if item.periods else None) for item in items],
            "symbols": [(status.value, status.label) for status in Status],
            "demo": any(item.demo for item in items),
            "demo_label": DEMO_LABEL,
        },
    )


#: The language switch of the public pages: Django's, without the CSRF check (see the module docstring).
set_language = csrf_exempt(require_POST(django_set_language))


# Publishing (signed in) ------------------------------------------------------------------------------


def _load_case(request: HttpRequest, pk: int):
    """A case the user may publish: 404 in another municipality and for individual cases, 403 for a role
    that does not decide the case's level."""
    case = case_selectors.get_case(request.municipality, pk)
    if case.level == Level.INDIVIDUAL:
        raise Http404
    if not policy.can_publish(request.user, case):
        raise PermissionDenied(_("Your role cannot publish cases at this level."))
    return case


@municipality_required
def manage(request: HttpRequest) -> HttpResponse:
    if not policy.publishable_levels(request.user):
        raise PermissionDenied(_("Your role cannot publish cases."))
    page = Paginator(selectors.publishable_cases(request.municipality, request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "public/manage.html", {"page": page})


@municipality_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    case = _load_case(request, pk)
    decision = selectors.current_decision(case) if case.is_decided else None
    reference = selectors.reference_of(decision) if decision else None
    existing = getattr(case, "publication", None)
    if existing is not None:
        initial = {"decided_by_body": existing.decided_by_body, "summary": existing.summary}
    else:
        initial = {"summary": decision.justification if decision else ""}
    form = PublishForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.publish(
                case,
                request.user,
                decided_by_body=form.cleaned_data["decided_by_body"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as err:
            form.add_error(None, err)
        else:
            messages.success(request, _("The prioritisation is published."))
            return redirect(reverse("public:publication", args=[request.municipality.slug, item.pk]))
    return render(
        request,
        "public/publish_form.html",
        {
            "case": case,
            "decision": decision,
            "rows": selectors.judgment_rows(decision, reference) if decision else [],
            "reference": reference,
            "form": form,
            "existing": existing,
        },
    )


@require_POST
@municipality_required
def unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    case = _load_case(request, pk)
    try:
        services.unpublish(case, request.user)
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    else:
        messages.success(request, _("The prioritisation is no longer public."))
    return redirect("public:manage")


@municipality_required
def key_figure_list(request: HttpRequest) -> HttpResponse:
    """The indicators the municipality reads, which of them the public page shows, and why."""
    if not policy.can_publish_indicators(request.user):
        raise PermissionDenied(_("Your role cannot choose the public key figures."))
    return render(
        request, "public/key_figure_list.html", {"choices": selectors.key_figure_choices(request.municipality)}
    )


@municipality_required
def key_figure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish one indicator on the key-figures page (with an optional explanation), or withdraw it."""
    if not policy.can_publish_indicators(request.user):
        raise PermissionDenied(_("Your role cannot choose the public key figures."))
    definition, existing = selectors.key_figure_choice(request.municipality, pk)
    initial = {"published": existing is not None, "explanation": existing.explanation if existing else ""}
    form = KeyFigureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.set_key_figure(
            request.user,
            definition,
            published=form.cleaned_data["published"],
            explanation=form.cleaned_data["explanation"],
        )
        if form.cleaned_data["published"]:
            messages.success(request, _("The figure is shown on the public key-figures page."))
        else:
            messages.success(request, _("The figure is not shown on the public page."))
        return redirect("public:key_figure_list")
    return render(
        request,
        "public/key_figure_form.html",
        {"definition": definition, "existing": existing, "form": form},
        status=400 if form.errors else 200,
    )
