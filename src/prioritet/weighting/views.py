"""Thin views: the history of the weights, one version, and three ways to new weights (direct
entry, swing weighting, pairwise questions), each ending with what would change before saving."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prioritet.accounts.tenancy import municipality_required, role_required
from prioritet.core.forms import add_validation_error
from prioritet.engine import CRITERIA, Criterion, swing_weights

from . import flows, selectors, services
from .extensions import impact_of
from .forms import (
    ANSWER_A,
    ANSWER_B,
    DecisionFields,
    PairwiseAnswerForm,
    SwingOrderForm,
    SwingPointsForm,
    WeightVersionForm,
    criterion_choices,
    profile_words,
    swing_ends,
)
from .models import Method, WeightVersion
from .policy import EDITORS, can_edit


def _detail_url(version: WeightVersion) -> str:
    return reverse("weighting:detail", args=[version.number])


def _save(request: HttpRequest, form: DecisionFields, **values) -> WeightVersion | None:
    """Record the version, or put the service's objection on the form."""
    try:
        version = services.create_version(
            request.municipality,
            request.user,
            reason=form.cleaned_data["reason"],
            decided_by_body=form.cleaned_data["decided_by_body"],
            **values,
        )
    except ValidationError as err:
        add_validation_error(form, err)
        return None
    messages.success(request, _("The new weights were recorded as version %(number)s.") % {"number": version.number})
    return version


def _proposal_context(request: HttpRequest, proposed: WeightVersion) -> dict:
    current = selectors.current_weights(request.municipality)
    return {
        "proposed": proposed,
        "proposed_shares": proposed.percentages(),
        "current": current,
        "current_shares": current.percentages(),
        "impact": impact_of(request.municipality, request.user, proposed),
    }


# History ------------------------------------------------------------------------------------------


@municipality_required
def version_list(request: HttpRequest) -> HttpResponse:
    current = selectors.current_weights(request.municipality)
    return render(
        request,
        "weighting/version_list.html",
        {
            "current": current,
            "shares": current.percentages(),
            "versions": selectors.history(request.municipality),
            "can_edit": can_edit(request.user, request.municipality),
        },
    )


@municipality_required
def version_detail(request: HttpRequest, number: int) -> HttpResponse:
    version = selectors.get_version(request.municipality, number)
    context = {
        "version": version,
        "shares": version.percentages(),
        "current": selectors.current_weights(request.municipality),
        "decisions": selectors.decisions_using(version),
        "impact": impact_of(request.municipality, request.user, version),
        "questions": _recorded_questions(version),
        "swing": _recorded_swing(version),
    }
    return render(request, "weighting/version_detail.html", context)


def _recorded_questions(version: WeightVersion) -> list[dict]:
    if version.method != Method.PAIRWISE:
        return []
    data = version.elicitation or {}
    conflicts, overruled = set(data.get("conflicts", [])), set(data.get("overruled", []))
    return [
        {
            "number": q["number"],
            "a": profile_words(tuple(q["a"])),
            "b": profile_words(tuple(q["b"])),
            "answer": q["answer"],
            "conflict": q["number"] in conflicts,
            "overruled": q["number"] in overruled,
        }
        for q in data.get("questions", [])
    ]


def _recorded_swing(version: WeightVersion) -> list[dict]:
    if version.method != Method.SWING:
        return []
    points = (version.elicitation or {}).get("points", {})
    names = dict(criterion_choices())
    return [
        {"name": names[key], "points": points.get(key), "ends": swing_ends(Criterion(key))}
        for key in (version.elicitation or {}).get("order", [])
    ]


# Direct entry ----------------------------------------------------------------------------------------


@municipality_required
@role_required(*EDITORS)
def version_create(request: HttpRequest) -> HttpResponse:
    """Enter the weights as numbers; «Preview» shows what would change, «Save» records them."""
    current = selectors.current_weights(request.municipality)
    form = WeightVersionForm(
        request.POST or None,
        # The shared decimal field shows 40, not 40.000 (which reads as forty thousand in Norwegian).
        initial={k: getattr(current, k) for k in ("benefit", "severity", "resources")},
    )
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        values = {k: form.cleaned_data[k] for k in ("benefit", "severity", "resources")}
        if "preview" in request.POST:
            proposed = WeightVersion(municipality=request.municipality, number=0, **values)
            context.update(_proposal_context(request, proposed))
        elif version := _save(request, form, **values, method=Method.DIRECT):
            return redirect(_detail_url(version))
    return render(request, "weighting/version_form.html", context)


# Swing weighting ---------------------------------------------------------------------------------


@municipality_required
@role_required(*EDITORS)
def swing_order(request: HttpRequest) -> HttpResponse:
    """Step 1 of 3: rank the swings from worst to best of the three criteria."""
    state = flows.load(request, flows.SWING) or {}
    initial = dict(zip(("first", "second", "third"), state.get("order", []), strict=False))
    form = SwingOrderForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if form.order() != state.get("order"):
            state = {"order": form.order()}
        flows.save(request, flows.SWING, state)
        return redirect("weighting:swing_points")
    swings = [{"name": name, "ends": swing_ends(Criterion(key))} for key, name in criterion_choices()]
    return render(request, "weighting/swing_order.html", {"form": form, "swings": swings, "step": 1})


@municipality_required
@role_required(*EDITORS)
def swing_points(request: HttpRequest) -> HttpResponse:
    """Step 2 of 3: 100 points to the most important swing, 0–100 to the others."""
    state = flows.load(request, flows.SWING)
    if not state or "order" not in state:
        return redirect("weighting:swing")
    order = state["order"]
    points = state.get("points") or {}
    form = SwingPointsForm(
        request.POST or None,
        order=order,
        initial={"second": points.get(order[1]), "third": points.get(order[2])},
    )
    if request.method == "POST" and form.is_valid():
        state["points"] = form.points()
        flows.save(request, flows.SWING, state)
        return redirect("weighting:swing_confirm")
    first = Criterion(order[0])
    return render(
        request,
        "weighting/swing_points.html",
        {"form": form, "first": dict(criterion_choices())[order[0]], "first_ends": swing_ends(first), "step": 2},
    )


@municipality_required
@role_required(*EDITORS)
def swing_confirm(request: HttpRequest) -> HttpResponse:
    """Step 3 of 3: the weights, what they would change, and who decided them."""
    state = flows.load(request, flows.SWING)
    if not state or "points" not in state:
        return redirect("weighting:swing_points" if state else "weighting:swing")
    points = state["points"]
    weights = swing_weights({Criterion(k): float(v) for k, v in points.items()})
    values = {c.value: points[c.value] for c in CRITERIA}
    proposed = WeightVersion(municipality=request.municipality, number=0, **values)
    form = DecisionFields(request.POST or None)
    if request.method == "POST" and form.is_valid():
        elicitation = {"order": state["order"], "points": points, "weights": weights.as_dict()}
        if version := _save(request, form, **values, method=Method.SWING, elicitation=elicitation):
            flows.clear(request, flows.SWING)
            return redirect(_detail_url(version))
    names = dict(criterion_choices())
    context = {
        "form": form,
        "step": 3,
        "swings": [{"name": names[k], "points": points[k], "ends": swing_ends(Criterion(k))} for k in state["order"]],
        "total": sum(points.values()),
    }
    context.update(_proposal_context(request, proposed))
    return render(request, "weighting/swing_confirm.html", context)


# Pairwise questions ------------------------------------------------------------------------------


@municipality_required
@role_required(*EDITORS)
def pairwise_start(request: HttpRequest) -> HttpResponse:
    """What the questions are for; «Start» sets a fresh series (the answers so far are dropped)."""
    state = flows.load(request, flows.PAIRWISE)
    if request.method == "POST":
        flows.start_pairwise(request)
        return redirect("weighting:pairwise_question", number=1)
    answered = sum(a is not None for a in state["answers"]) if state else 0
    return render(
        request,
        "weighting/pairwise_start.html",
        {"state": state, "answered": answered, "questions": flows.QUESTIONS},
    )


@municipality_required
@role_required(*EDITORS)
def pairwise_question(request: HttpRequest, number: int) -> HttpResponse:
    """One question: two measures described in the scales' words; which should come first?"""
    state = flows.load(request, flows.PAIRWISE)
    if not state:
        return redirect("weighting:pairwise")
    total = len(state["pairs"])
    if not 1 <= number <= total:
        raise Http404
    form = PairwiseAnswerForm(request.POST or None, initial={"answer": state["answers"][number - 1]})
    if request.method == "POST" and form.is_valid():
        state["answers"][number - 1] = form.cleaned_data["answer"]
        flows.save(request, flows.PAIRWISE, state)
        if number < total and "finish" not in request.POST:
            return redirect("weighting:pairwise_question", number=number + 1)
        return redirect("weighting:pairwise_result")
    a, b = flows.pair(state, number)
    rows = [
        {"name": wa["name"], "a": wa["word"], "b": wb["word"]}
        for wa, wb in zip(profile_words(a), profile_words(b), strict=True)
    ]
    return render(
        request,
        "weighting/pairwise_question.html",
        {"form": form, "number": number, "total": total, "rows": rows, "answered": state["answers"]},
    )


@municipality_required
@role_required(*EDITORS)
def pairwise_result(request: HttpRequest) -> HttpResponse:
    """The weights the answers point to, any conflicting answers, what would change; then save."""
    state = flows.load(request, flows.PAIRWISE)
    if not state:
        return redirect("weighting:pairwise")
    result, numbers = flows.derive(state)
    if result is None:
        messages.info(request, _("Answer at least one question before the weights can be worked out."))
        return redirect("weighting:pairwise_question", number=1)
    values = services.as_percentages(result.weights)
    proposed = WeightVersion(municipality=request.municipality, number=0, **values)
    form = DecisionFields(request.POST or None)
    if request.method == "POST" and form.is_valid():
        elicitation = flows.record(state, result, numbers)
        if version := _save(request, form, **values, method=Method.PAIRWISE, elicitation=elicitation):
            flows.clear(request, flows.PAIRWISE)
            return redirect(_detail_url(version))
    conflicts = {numbers[i] for i in result.conflicts}
    overruled = {numbers[i] for i in result.overruled}
    questions = []
    for k in range(1, len(state["pairs"]) + 1):
        a, b = flows.pair(state, k)
        answer = state["answers"][k - 1]
        questions.append(
            {
                "number": k,
                "a": profile_words(a),
                "b": profile_words(b),
                "answer": answer,
                "answered": answer in (ANSWER_A, ANSWER_B),
                "conflict": k in conflicts,
                "overruled": k in overruled,
            }
        )
    context = {
        "form": form,
        "result": result,
        "questions": questions,
        "conflicts": sorted(conflicts),
        "overruled": sorted(overruled),
        "conflicts_text": _enumeration(sorted(conflicts)),
        "overruled_text": _enumeration(sorted(overruled)),
        "skipped": sum(not q["answered"] for q in questions),
        "margin_percent": round(result.margin * 100, 1),
    }
    context.update(_proposal_context(request, proposed))
    return render(request, "weighting/pairwise_result.html", context)


def _enumeration(numbers: list[int]) -> str:
    """«1, 5 og 7»: numbers as a list in words."""
    items = [str(n) for n in numbers]
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


@require_POST
@municipality_required
@role_required(*EDITORS)
def flow_cancel(request: HttpRequest, flow: str) -> HttpResponse:
    """Drop a flow's answers without saving anything."""
    key = {"swing": flows.SWING, "pairwise": flows.PAIRWISE}.get(flow)
    if key is None:
        raise Http404
    flows.clear(request, key)
    messages.info(request, _("The answers were discarded. Nothing was saved."))
    return redirect("weighting:list")
