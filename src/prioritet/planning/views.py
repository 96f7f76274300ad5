"""Thin views: load with selectors, check the role rules in policy, write with services, render."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from prioritet.accounts.tenancy import municipality_required
from prioritet.cases import selectors as case_selectors
from prioritet.cases.loading import load_case
from prioritet.core.forms import submit
from prioritet.core.tenancy_db import database_unscoped

from . import ical, policy, selectors, services
from .forms import CasePlanForm, MilestoneForm, PlanPeriodForm, RenewFeedForm


def _require_view(request: HttpRequest) -> None:
    if not policy.can_view(request.user):
        raise PermissionDenied(_("Your role does not use the annual wheel."))


def _require_edit(request: HttpRequest) -> None:
    if not policy.can_edit(request.user):
        raise PermissionDenied(_("Only the municipal director's staff and the municipal administrator keep the plans."))


@municipality_required
def calendar(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    today = timezone.localdate()
    since = datetime.date(today.year, 1, 1)
    readable = case_selectors.cases_for(request.municipality, request.user)
    return render(
        request,
        "planning/calendar.html",
        {
            "entries": selectors.calendar(request.municipality, readable, today=today, since=since),
            "plans": selectors.plan_periods(request.municipality),
            "today": today,
            "since": since,
            "can_edit": policy.can_edit(request.user),
            "can_renew_feed": policy.can_renew_feed(request.user),
        },
    )


def _fields(data: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: data[name] for name in names}


@municipality_required
def plan_create(request: HttpRequest) -> HttpResponse:
    _require_edit(request)
    form = PlanPeriodForm(request.POST or None)
    plan = submit(
        request,
        form,
        lambda data: services.create_plan(
            request.municipality, request.user, **_fields(data, PlanPeriodForm.Meta.fields)
        ),
    )
    if plan is not None:
        messages.success(request, _("The plan was added. Add its milestones."))
        return redirect("planning:plan_edit", pk=plan.pk)
    return render(request, "planning/plan_form.html", {"form": form, "plan": None})


@municipality_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    plan = selectors.get_plan(request.municipality, pk)
    if request.method == "POST":
        _require_edit(request)
    form = PlanPeriodForm(request.POST or None, instance=plan)
    saved = submit(
        request,
        form,
        lambda data: services.edit_plan(
            plan, request.user, data["version"], **_fields(data, PlanPeriodForm.Meta.fields)
        ),
    )
    if saved is not None:
        messages.success(request, _("The plan was saved."))
        return redirect("planning:plan_edit", pk=plan.pk)
    return render(
        request,
        "planning/plan_form.html",
        {"form": form, "plan": plan, "milestones": plan.milestones.all(), "can_edit": policy.can_edit(request.user)},
    )


@municipality_required
def milestone_create(request: HttpRequest, pk: int) -> HttpResponse:
    _require_edit(request)
    plan = selectors.get_plan(request.municipality, pk)
    form = MilestoneForm(request.POST or None)
    milestone = submit(
        request,
        form,
        lambda data: services.add_milestone(plan, request.user, **_fields(data, MilestoneForm.Meta.fields)),
    )
    if milestone is not None:
        messages.success(request, _("The milestone was added."))
        return redirect("planning:plan_edit", pk=plan.pk)
    return render(request, "planning/milestone_form.html", {"form": form, "plan": plan, "milestone": None})


@municipality_required
def milestone_edit(request: HttpRequest, milestone_pk: int) -> HttpResponse:
    _require_edit(request)
    milestone = selectors.get_milestone(request.municipality, milestone_pk)
    form = MilestoneForm(request.POST or None, instance=milestone)
    saved = submit(
        request,
        form,
        lambda data: services.edit_milestone(
            milestone, request.user, data["version"], **_fields(data, MilestoneForm.Meta.fields)
        ),
    )
    if saved is not None:
        messages.success(request, _("The milestone was saved."))
        return redirect("planning:plan_edit", pk=milestone.plan_id)
    return render(
        request, "planning/milestone_form.html", {"form": form, "plan": milestone.plan, "milestone": milestone}
    )


@municipality_required
def case_plan(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = load_case(request, case_pk, "plan", work=True)
    if not policy.can_link(request.user, case):
        raise PermissionDenied(_("Individual cases feed no plan; their reassessments are reminded instead."))
    link = selectors.plan_of(case)
    plans = selectors.plan_periods(request.municipality)
    milestones = selectors.milestones(request.municipality)
    initial = {"plan": link.plan_id, "milestone": link.milestone_id, "version": link.version} if link else {}
    form = CasePlanForm(request.POST or None, plans=plans, milestones=milestones, initial=initial)
    saved = submit(
        request,
        form,
        lambda data: services.link_case(case, request.user, data["plan"], data["milestone"], data.get("version")),
        _("Someone tied this case to a plan after you opened the page. Look at the choice below and save again."),
    )
    if saved is not None:
        messages.success(request, _("The case's plan was saved."))
        return redirect("cases:detail", pk=case.pk)
    return render(request, "planning/case_plan.html", {"form": form, "case": case, "link": link})


@municipality_required
def feed_settings(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    if request.method == "POST":
        if not policy.can_renew_feed(request.user):
            raise PermissionDenied(_("Only the municipal administrator gives the calendar a new address."))
        if RenewFeedForm(request.POST).is_valid():
            services.renew_feed(request.municipality, request.user)
            messages.success(request, _("The calendar has a new address. The old address no longer works."))
        return redirect("planning:feed_settings")
    feed = selectors.feed_of(request.municipality)
    address = request.build_absolute_uri(reverse("planning:feed", args=[feed.token])) if feed else ""
    return render(
        request,
        "planning/feed_settings.html",
        {
            "feed": feed,
            "address": address,
            "can_renew_feed": policy.can_renew_feed(request.user),
            "form": RenewFeedForm(),
        },
    )


@database_unscoped
def feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """The milestones as iCalendar; the secret address is the key, since calendar programs cannot sign in."""
    found = selectors.feed_by_token(feed_token)
    if found is None:
        raise Http404
    body = ical.calendar_file(found, selectors.milestones(found.municipality), domain=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="prioritet.ics"'
    return response
