"""Thin views of the example bank: search, read, share a decided case, withdraw, start a case from an example."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prioritet.accounts.tenancy import municipality_required, redirect_to_login
from prioritet.cases import selectors as case_selectors
from prioritet.cases import services as case_services
from prioritet.cases.models import Case
from prioritet.core.forms import add_validation_error

from . import deidentify, policy, selectors, services
from .forms import DeidentifyForm, PublishForm, SearchForm, TemplateForm, alternative_formset

PAGE_SIZE = 25


def bank_reader_required(view):
    """Signed-in users of any municipality and national administrators; anonymous visitors log in first."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not policy.can_read_bank(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@bank_reader_required
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None, user=request.user)
    query = (form.cleaned_data.get("q") or "") if form.is_valid() else ""
    results = selectors.search(query, form.filters(request.user))
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "examples/search.html",
        {"form": form, "page": page, "query": params.urlencode(), "searched": bool(query)},
    )


@bank_reader_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    example = selectors.get_example(pk)
    return render(
        request,
        "examples/detail.html",
        {
            "example": example,
            "alternatives": list(example.alternatives.all()),
            "can_withdraw": policy.can_withdraw(request.user, example),
            "can_use": policy.can_use_as_template(request.user),
            "own": bool(example.municipality_id and example.municipality_id == request.user.municipality_id),
        },
    )


@require_POST
@bank_reader_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    example = selectors.get_example(pk)
    try:
        services.withdraw(example, request.user)
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
        return redirect("examples:detail", pk=pk)
    messages.success(request, _("The example is withdrawn from the example bank."))
    return redirect("examples:search")


@municipality_required
def use_as_template(request: HttpRequest, pk: int) -> HttpResponse:
    example = selectors.get_example(pk)
    if not policy.can_use_as_template(request.user):
        raise PermissionDenied(_("Your role cannot create cases."))
    form = TemplateForm(
        request.POST or None, user=request.user, initial=services.template_defaults(example, request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_from_example(
                example,
                request.user,
                level=form.cleaned_data["level"],
                title=form.cleaned_data["title"],
                no_action_consequence=form.cleaned_data["no_action_consequence"],
            )
        except ValidationError as err:
            add_validation_error(form, err)
        else:
            messages.success(request, _("A new case was made from the example. Assess its alternatives."))
            return redirect(reverse("cases:detail", args=[case.pk]))
    return render(request, "examples/template_form.html", {"example": example, "form": form})


# Sharing a decided case --------------------------------------------------------------------------


def _load_case(request: HttpRequest, pk: int) -> Case:
    """A case the user may share: 404 in another municipality, 403 for a role that does not decide its level.

    Individual cases are read here, so the read is written to their access log.
    """
    case = case_selectors.get_case(request.municipality, pk)
    if not policy.can_publish(request.user, case):
        raise PermissionDenied(_("Your role cannot share cases at this level in the example bank."))
    case_services.record_access(case, request.user, "example-bank")
    return case


@municipality_required
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    case = _load_case(request, pk)
    existing = selectors.published_example(case)
    decision = case_selectors.current_decision(case)
    context: dict = {"case": case, "existing": existing, "decision": decision}
    if existing is not None or decision is None:
        return render(request, "examples/publish.html", context)
    snapshot = selectors.case_snapshot(case, decision)
    context["snapshot"] = snapshot
    if case.is_individual:
        return _publish_individual(request, case, snapshot, context)
    form = PublishForm(request.POST or None, initial={"decision": decision.pk})
    if request.method == "POST" and form.is_valid():
        try:
            example = services.publish_case(case, request.user, decision_id=form.cleaned_data["decision"])
        except ValidationError as err:
            form.add_error(None, err)
        else:
            messages.success(request, _("The case is shared in the example bank."))
            return redirect("examples:detail", pk=example.pk)
    context["form"] = form
    return render(request, "examples/publish.html", context)


def _publish_individual(request: HttpRequest, case: Case, snapshot, context: dict) -> HttpResponse:
    texts = snapshot.texts()
    initial = {
        "decision": snapshot.decision.pk,
        "title": texts["title"],
        "summary": texts["summary"],
        "decision_text": texts["decision"],
        "justification": texts["justification"],
    }
    formset_class = alternative_formset(len(snapshot.alternatives))
    data = request.POST if request.method == "POST" else None
    form = DeidentifyForm(data, initial=initial)
    formset = formset_class(
        data,
        prefix="alternatives",
        initial=[
            {"title": a.title, "description": a.description, "conclusion": a.conclusion} for a in snapshot.alternatives
        ],
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            example = services.publish_case(
                case,
                request.user,
                decision_id=form.cleaned_data["decision"],
                texts=form.texts(),
                alternative_texts=[f.cleaned_data for f in formset.forms],
                deidentified_confirmed=True,
            )
        except ValidationError as err:
            _show_service_errors(form, formset, err)
        else:
            messages.success(request, _("The de-identified example is shared in the example bank."))
            return redirect("examples:detail", pk=example.pk)
    rows = (
        list(zip(snapshot.alternatives, formset.forms, strict=True))
        if formset.total_form_count() == len(snapshot.alternatives)
        else []
    )
    context.update({"form": form, "formset": formset, "rows": rows})
    if request.method != "POST":
        context["warnings"] = _warnings(form, formset, case.case_reference)
    return render(request, "examples/deidentify.html", context)


def _warnings(form, formset, reference: str) -> list[tuple[str, list[str]]]:
    """What already looks identifying in the prefilled texts, shown before the publisher starts rewriting."""
    found = []
    for field in form.texts_fields():
        messages_ = deidentify.findings(field.initial, case_reference=reference)
        if messages_:
            found.append((str(field.label), messages_))
    for i, alt_form in enumerate(formset.forms, start=1):
        for field in alt_form.visible_fields():
            messages_ = deidentify.findings(field.initial, case_reference=reference)
            if messages_:
                found.append(
                    (
                        _("Alternative %(number)s, %(field)s") % {"number": i, "field": str(field.label).lower()},
                        messages_,
                    )
                )
    return found


def _show_service_errors(form, formset, err: ValidationError) -> None:
    """Put the service's errors (``alternatives-<i>-<field>`` for alternatives) on the fields they name."""
    if not hasattr(err, "error_dict"):
        form.add_error(None, err)
        return
    names = {"decision": "decision_text"}
    for key, errors in err.error_dict.items():
        if key.startswith("alternatives-"):
            _, index, field = key.split("-", 2)
            formset.forms[int(index)].add_error(field, errors)
        else:
            name = names.get(key, key)
            form.add_error(name if name in form.fields else None, errors)


@municipality_required
def share_lesson(request: HttpRequest, pk: int) -> HttpResponse:
    """«Del lærdommen i eksempelbanken»: the follow-up's lesson, shared with one button."""
    case = case_selectors.get_case(request.municipality, pk)
    if not policy.can_publish(request.user, case):
        raise PermissionDenied(_("Your role cannot share cases at this level in the example bank."))
    case_services.record_access(case, request.user, "share-lesson")
    follow_up = case_selectors.follow_up_of(case)
    existing = selectors.published_example(case)
    errors: list[str] = []
    if request.method == "POST":
        try:
            example = services.share_lesson(case, request.user)
        except ValidationError as err:
            errors = err.messages
        else:
            messages.success(request, _("The lesson is shared in the example bank."))
            return redirect("examples:detail", pk=example.pk)
    return render(
        request,
        "examples/share_lesson.html",
        {
            "case": case,
            "follow_up": follow_up,
            "existing": existing,
            "errors": errors,
            "needs_deidentified": case.is_individual and existing is None,
        },
    )
