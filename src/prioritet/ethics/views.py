"""Thin views of the guided reflection: one step per page, a review page, then «mark complete».

Everything works without JavaScript: each step is a plain form whose buttons say where to go next.
Reading any of these pages for an individual case is a read of the case and goes into the access log.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from prioritet.accounts.tenancy import municipality_required
from prioritet.cases.loading import load_case, redirect_if_decided
from prioritet.core.concurrency import ConcurrentEditError
from prioritet.core.forms import add_validation_error, keep_input_on_conflict

from . import policy, selectors, services, steps
from .forms import NO_NAMES, IntroForm, StepForm, VersionForm
from .models import EthicalReflection

CONFLICT = gettext_lazy(
    "Someone else saved this reflection after you opened it. Your notes have not been saved. "
    "Compare with the saved text below, and save again if you still want your notes."
)


def _detail_url(reflection: EthicalReflection) -> str:
    return reverse("ethics:detail", args=[reflection.case_id, reflection.pk])


def _step_url(reflection: EthicalReflection, number: int) -> str:
    return reverse("ethics:step", args=[reflection.case_id, reflection.pk, number])


@municipality_required
def for_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk, "ethics")
    return render(
        request,
        "ethics/for_case.html",
        {
            "case": case,
            "reflections": selectors.reflections_of(case),
            "can_write": policy.can_write(request.user, case),
            "source_title": steps.SOURCE_TITLE,
            "source_language": steps.SOURCE_LANGUAGE,
            "source_url": steps.SOURCE_URL,
            "steps": steps.STEPS,
        },
    )


@municipality_required
def start(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk, "ethics_new", work=True)
    if frozen := redirect_if_decided(request, case, reverse("ethics:for_case", args=[case.pk])):
        return frozen
    form = IntroForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reflection = services.start(
                case, request.user, title=form.cleaned_data["title"], participants=form.cleaned_data["participants"]
            )
        except ValidationError as err:
            add_validation_error(form, err)
        else:
            return redirect(_step_url(reflection, 1))
    return render(request, "ethics/intro_form.html", {"case": case, "form": form, "hint": NO_NAMES})


@municipality_required
def intro_edit(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    case = load_case(request, pk, "ethics_edit", work=True)
    reflection = selectors.get_reflection(case, rid)
    if frozen := redirect_if_decided(request, case, _detail_url(reflection)):
        return frozen
    if reflection.is_completed:
        return redirect(_detail_url(reflection))
    form = IntroForm(request.POST or None, instance=reflection, initial={"version": reflection.version})
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_intro(
                reflection,
                request.user,
                form.cleaned_data["version"] or 0,
                title=form.cleaned_data["title"],
                participants=form.cleaned_data["participants"],
            )
        except ConcurrentEditError as err:
            current = err.current
            keep_input_on_conflict(form, CONFLICT, current.version)
        except ValidationError as err:
            add_validation_error(form, err)
        else:
            messages.success(request, _("Saved."))
            return redirect(_detail_url(reflection))
    return render(
        request,
        "ethics/intro_form.html",
        {"case": case, "form": form, "reflection": reflection, "current": current, "hint": NO_NAMES},
    )


@municipality_required
def step(request: HttpRequest, pk: int, rid: int, number: int) -> HttpResponse:
    case = load_case(request, pk, "ethics_step", work=True)
    reflection = selectors.get_reflection(case, rid)
    if frozen := redirect_if_decided(request, case, _detail_url(reflection)):
        return frozen
    try:
        current_step = steps.step(number)
    except LookupError as err:
        raise Http404 from err
    if reflection.is_completed:
        messages.info(request, _("The reflection is completed. Reopen it to change it."))
        return redirect(_detail_url(reflection))
    form = StepForm(
        request.POST or None, instance=reflection, step=current_step, initial={"version": reflection.version}
    )
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            services.save_step(reflection, request.user, form.cleaned_data["version"], number, form.step_data())
        except ConcurrentEditError as err:
            current = err.current
            keep_input_on_conflict(form, CONFLICT, current.version)
        except ValidationError as err:
            add_validation_error(form, err)
        else:
            action = request.POST.get("action", "save")
            if action == "previous" and number > 1:
                return redirect(_step_url(reflection, number - 1))
            if action == "next":
                if number < steps.COUNT:
                    return redirect(_step_url(reflection, number + 1))
                return redirect(_detail_url(reflection) + "#review")
            messages.success(request, _("Step %(number)s was saved.") % {"number": number})
            return redirect(_step_url(reflection, number))
    return render(
        request,
        "ethics/step_form.html",
        {
            "case": case,
            "reflection": reflection,
            "form": form,
            "step": current_step,
            "steps": steps.STEPS,
            "count": steps.COUNT,
            "current": current,
            "current_notes": getattr(current, current_step.field, "") if current else "",
        },
    )


@municipality_required
def detail(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    case = load_case(request, pk, "ethics_read")
    reflection = selectors.get_reflection(case, rid)
    return render(
        request,
        "ethics/detail.html",
        {
            "case": case,
            "reflection": reflection,
            "rows": [(s, getattr(reflection, s.field)) for s in steps.STEPS],
            "can_write": policy.can_write(request.user, case),
            "source_title": steps.SOURCE_TITLE,
            "source_language": steps.SOURCE_LANGUAGE,
            "source_url": steps.SOURCE_URL,
        },
    )


def _status_change(request: HttpRequest, pk: int, rid: int, change, done: str) -> HttpResponse:
    case = load_case(request, pk, "ethics_status", work=True)
    reflection = selectors.get_reflection(case, rid)
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was not valid. Try again."))
    else:
        try:
            change(reflection, request.user, form.cleaned_data["version"])
        except ConcurrentEditError:
            messages.error(request, CONFLICT)
        except ValidationError as err:
            for message in err.messages:
                messages.error(request, message)
        else:
            messages.success(request, done)
    return redirect(_detail_url(reflection))


@require_POST
@municipality_required
def complete(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    return _status_change(request, pk, rid, services.complete, _("The reflection is marked as completed."))


@require_POST
@municipality_required
def reopen(request: HttpRequest, pk: int, rid: int) -> HttpResponse:
    return _status_change(request, pk, rid, services.reopen, _("The reflection is reopened."))
