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
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe
from django.views.i18n import set_language as django_set_language

from prioritet.accounts.tenancy import municipality_required
from prioritet.cases import selectors as case_selectors
from prioritet.cases.extensions import Place, sections_for
from prioritet.cases.models import Level
from prioritet.core import formatting
from prioritet.core.formatting import SEED_ORDER
from prioritet.core.tenancy_db import database_unscoped
from prioritet.engine import CRITERION_INFO, Criterion
from prioritet.weighting.selectors import default_weights

from . import policy, selectors, services
from .forms import PublishForm

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
        },
    )


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
