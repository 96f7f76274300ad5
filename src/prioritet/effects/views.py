"""Thin views: load the case by its rules, check policy, write with services, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from prioritet.accounts.tenancy import municipality_required
from prioritet.cases.loading import load_case
from prioritet.cases.models import Case
from prioritet.core.forms import submit

from . import policy, selectors, services
from .forms import EffectForm, EvaluationForm, ImplementationForm, IndicatorChoiceForm


def _case(request: HttpRequest, pk: int, *, write: bool = False) -> Case:
    case = load_case(request, pk, "effects")
    allowed = policy.can_write(request.user, case) if write else policy.can_read(request.user, case)
    if not allowed:
        raise PermissionDenied(_("Implementation and effects are recorded for service and political cases."))
    return case


@municipality_required
def for_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    effects = selectors.effects_of(case)
    return render(
        request,
        "effects/for_case.html",
        {
            "case": case,
            "implementation": selectors.implementation_of(case),
            "effects": effects,
            "overdue": [effect.pk for effect in selectors.overdue(effects, timezone.localdate())],
            "can_write": policy.can_write(request.user, case),
            "can_evaluate": policy.can_evaluate(request.user, case),
        },
    )


@municipality_required
def implementation(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, write=True)
    current = selectors.implementation_of(case)
    form = ImplementationForm(request.POST or None, instance=current)
    saved = submit(
        request,
        form,
        lambda data: services.save_implementation(
            case,
            request.user,
            data.get("version"),
            responsible_unit=data["responsible_unit"],
            start_date=data["start_date"],
        ),
    )
    if saved is not None:
        messages.success(request, _("Saved."))
        return redirect("effects:for_case", pk=case.pk)
    return render(request, "effects/form.html", {"case": case, "form": form, "title": _("Implementation")})


@municipality_required
def effect_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(request, pk, write=True)
    # Choosing an indicator (a GET) fills the form in from its latest figure; nothing is saved until posted.
    choice = IndicatorChoiceForm(request.GET or None, municipality=request.municipality)
    initial = selectors.effect_initial(case, choice.cleaned_data["from_indicator"]) if choice.is_valid() else {}
    form = EffectForm(request.POST or None, initial=initial, municipality=request.municipality)
    saved = submit(request, form, lambda data: services.add_effect(case, request.user, **data))
    if saved is not None:
        messages.success(request, _("The expected effect was added."))
        return redirect("effects:for_case", pk=case.pk)
    return render(
        request,
        "effects/indicator_form.html",
        {
            "case": case,
            "form": form,
            "title": _("New expected effect"),
            "choice": choice,
            "reading": selectors.reading(case, initial.get("indicator_definition")),
            "evaluation_period": None,
        },
    )


@municipality_required
def effect_edit(request: HttpRequest, pk: int, effect_pk: int) -> HttpResponse:
    case = _case(request, pk, write=True)
    effect = selectors.get_effect(case, effect_pk)
    form = EffectForm(request.POST or None, instance=effect, municipality=request.municipality)
    saved = submit(
        request,
        form,
        lambda data: services.edit_effect(
            effect, request.user, data["version"], **{name: data[name] for name in services.EFFECT_FIELDS}
        ),
    )
    if saved is not None:
        messages.success(request, _("The expected effect was saved."))
        return redirect("effects:for_case", pk=case.pk)
    return render(
        request,
        "effects/form.html",
        {"case": case, "form": form, "title": _("Edit expected effect: %s") % effect.description},
    )


@municipality_required
def evaluate(request: HttpRequest, pk: int, effect_pk: int) -> HttpResponse:
    case = _case(request, pk, write=True)
    if not policy.can_evaluate(request.user, case):
        raise PermissionDenied(_("An effect is evaluated once the case is decided."))
    effect = selectors.get_effect(case, effect_pk)
    # The indicator's figure for the evaluation period is offered; saving the form confirms it.
    offered = selectors.realised_reading(effect)
    initial = (
        {"realised": selectors.as_field(offered.value), "realised_period": offered.period}
        if offered is not None and offered.value is not None and effect.realised is None
        else {}
    )
    form = EvaluationForm(request.POST or None, instance=effect, initial=initial)
    saved = submit(
        request,
        form,
        lambda data: services.evaluate_effect(
            effect, request.user, data["version"], **{name: data[name] for name in services.EVALUATION_FIELDS}
        ),
    )
    if saved is not None:
        messages.success(request, _("The evaluation was saved."))
        return redirect("effects:for_case", pk=case.pk)
    return render(
        request,
        "effects/indicator_form.html",
        {
            "case": case,
            "form": form,
            "title": _("Evaluate: %s") % effect.description,
            "choice": None,
            "reading": offered,
            "evaluation_period": effect.evaluation_period,
        },
    )
