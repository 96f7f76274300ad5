"""Thin views of the waiting lists: policy, selectors, services, templates.

A row shows an individual case only to a user the cases app lets open it (:mod:`.policy`), and every
case a page shows that way is written to the case access log, as the case pages do.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from prioritet.accounts.tenancy import municipality_required
from prioritet.cases import services as case_services
from prioritet.cases.loading import load_case
from prioritet.core.forms import submit

from . import policy, selectors, services
from . import statistics as stats
from .forms import AllocateForm, CapacityForm, EndEntryForm, PutOnListForm, ServiceForm, UrgencyForm
from .models import WaitingEntry, WaitingService

PAGE = "waiting"


def _require_view(request: HttpRequest) -> None:
    if not policy.can_view(request.user):
        raise PermissionDenied(policy.NOT_A_READER)


def _service(request: HttpRequest, pk: int) -> WaitingService:
    _require_view(request)
    return selectors.get_service(request.municipality, pk)


def _show_cases(request: HttpRequest, rows: Iterable[selectors.Row]) -> None:
    """Mark the rows whose case the user may open, and log each such case as read (once per page)."""
    logged: set[int] = set()
    for row in rows:
        row.visible = policy.can_open_case(request.user, row.entry.case)
        if row.visible and row.entry.case_id not in logged:
            case_services.record_access(row.entry.case, request.user, PAGE)
            logged.add(row.entry.case_id)


@municipality_required
def index(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    overview = [
        {
            "service": service,
            "waiting": service.entries.filter(status="waiting").count(),
            "occupancy": selectors.occupancy(service),
        }
        for service in selectors.services_of(request.municipality)
    ]
    return render(
        request,
        "waiting/index.html",
        {"overview": overview, "can_manage": policy.can_manage(request.user)},
    )


@municipality_required
def service_create(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    if not policy.can_manage(request.user):
        raise PermissionDenied(_("Only a leader keeps the services and their capacity."))
    form = ServiceForm(request.POST or None, municipality=request.municipality)
    saved = submit(request, form, lambda data: services.create_service(request.municipality, request.user, **data))
    if saved is not None:
        messages.success(request, _("The service was added. Set its capacity next."))
        return redirect("waiting:capacity", pk=saved.pk)
    return render(request, "waiting/form.html", {"form": form, "title": _("New service with a waiting list")})


@municipality_required
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    if not policy.can_manage(request.user):
        raise PermissionDenied(_("Only a leader keeps the services and their capacity."))
    form = ServiceForm(request.POST or None, instance=service, municipality=request.municipality)

    def save(data: dict[str, Any]) -> WaitingService:
        version = data.pop("version")
        return services.update_service(service, request.user, version, **data)

    saved = submit(request, form, save)
    if saved is not None:
        messages.success(request, _("Saved."))
        return redirect("waiting:detail", pk=service.pk)
    return render(request, "waiting/form.html", {"form": form, "title": service.name, "service": service})


@municipality_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    waiting = selectors.waiting_list(service)
    placed = [selectors.Row(entry=e, scores=None, waiting_days=0) for e in selectors.placed(service)]
    _show_cases(request, [*waiting.rows, *placed])
    return render(
        request,
        "waiting/detail.html",
        {
            "service": service,
            "list": waiting,
            "placed": placed,
            "capacity": selectors.capacity_at(service),
            "allocations": selectors.allocations_of(service)[:20],
            "can_allocate": policy.can_allocate(request.user),
            "can_manage": policy.can_manage(request.user),
        },
    )


def _choices(rows: list[selectors.Row]) -> list[tuple[int, str]]:
    out = []
    for row in rows:
        who = row.entry.case.case_reference or _("case %(pk)s") % {"pk": row.entry.case_id}
        if not row.visible:
            who = _("a case outside your case team (entry %(pk)s)") % {"pk": row.entry.pk}
        label = _("No. %(position)s: %(who)s, waited %(days)s days") % {
            "position": row.position,
            "who": who,
            "days": row.waiting_days,
        }
        if row.suggested:
            label = _("%(label)s — the list's suggestion") % {"label": label}
        out.append((row.entry.pk, label))
    return out


@municipality_required
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    if not policy.can_allocate(request.user):
        raise PermissionDenied(_("Your role cannot allocate places."))
    waiting = selectors.waiting_list(service)
    ranked = [row for row in waiting.ranked if row.entry.amount <= waiting.occupancy.free]
    _show_cases(request, ranked)
    suggestion = waiting.suggestion
    form = AllocateForm(
        request.POST or None,
        choices=_choices(ranked),
        initial={"entry": suggestion.entry.pk, "seen_suggestion": suggestion.entry.pk} if suggestion else {},
    )

    def save(data: dict[str, Any]) -> Any:
        entry = selectors.get_entry(service, data["entry"])
        return services.allocate(
            service, request.user, entry, seen_suggestion=data["seen_suggestion"], reason=data["reason"]
        )

    saved = submit(request, form, save)
    if saved is not None:
        messages.success(request, _("The place was allocated and the allocation recorded."))
        return redirect("waiting:detail", pk=service.pk)
    return render(
        request,
        "waiting/allocate.html",
        {"service": service, "list": waiting, "rows": ranked, "suggestion": suggestion, "form": form},
    )


@municipality_required
def capacity(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    form = None
    if policy.can_manage(request.user):
        current = selectors.capacity_at(service)
        form = CapacityForm(
            request.POST or None,
            initial={
                "amount": current.amount if current else None,
                "other_use": current.other_use if current else 0,
                "valid_from": None,
            },
        )
        saved = submit(request, form, lambda data: services.change_capacity(service, request.user, **data))
        if saved is not None:
            messages.success(request, _("The capacity was changed; the earlier one is kept in its history."))
            return redirect("waiting:detail", pk=service.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("Only a leader keeps the services and their capacity."))
    return render(
        request,
        "waiting/capacity.html",
        {
            "service": service,
            "form": form,
            "history": selectors.capacity_history(service),
            "occupancy": selectors.occupancy(service),
        },
    )


def _entry(request: HttpRequest, pk: int, entry_pk: int) -> tuple[WaitingService, WaitingEntry]:
    service = _service(request, pk)
    entry = selectors.get_entry(service, entry_pk)
    if not policy.can_open_case(request.user, entry.case):
        raise PermissionDenied(_("Only those who may open the case change its entry."))
    case_services.record_access(entry.case, request.user, PAGE)
    return service, entry


@municipality_required
def end_entry(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    service, entry = _entry(request, pk, entry_pk)
    if not policy.can_allocate(request.user):
        raise PermissionDenied(_("Your role cannot allocate places."))
    if entry.status not in ("waiting", "placed"):
        raise Http404
    form = EndEntryForm(request.POST or None, initial={"version": entry.version})
    saved = submit(
        request,
        form,
        lambda data: services.end_entry(entry, request.user, data["version"], reason=data["reason"]),
    )
    if saved is not None:
        messages.success(request, _("Recorded."))
        return redirect("waiting:detail", pk=service.pk)
    title = _("The person leaves the service") if entry.is_placed else _("Take the person off the list")
    return render(
        request, "waiting/entry_form.html", {"service": service, "entry": entry, "form": form, "title": title}
    )


@municipality_required
def urgency(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    service, entry = _entry(request, pk, entry_pk)
    if not entry.is_waiting:
        raise Http404
    if not (policy.can_put_on_list(request.user, entry.case) or policy.can_allocate(request.user)):
        raise PermissionDenied
    form = UrgencyForm(request.POST or None, initial={"version": entry.version, "urgency": entry.urgency})
    saved = submit(
        request,
        form,
        lambda data: services.set_urgency(entry, request.user, data["version"], data["urgency"], data["reason"]),
    )
    if saved is not None:
        messages.success(request, _("Saved."))
        return redirect("waiting:detail", pk=service.pk)
    return render(
        request,
        "waiting/entry_form.html",
        {"service": service, "entry": entry, "form": form, "title": _("Change the urgency")},
    )


@municipality_required
def statistics(request: HttpRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    return render(request, "waiting/statistics.html", {"service": service, "months": stats.shown_months(service)})


@municipality_required
def for_case(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = load_case(request, case_pk, PAGE)
    if not policy.can_put_on_list(request.user, case):
        raise PermissionDenied(_("Only those who work on an individual case put it on a waiting list."))
    form = PutOnListForm(request.POST or None, services=selectors.services_of(request.municipality, active_only=True))
    saved = submit(
        request,
        form,
        lambda data: services.put_on_list(
            case, request.user, data["service"], urgency=data["urgency"], amount=data["amount"] or 1
        ),
    )
    if saved is not None:
        messages.success(request, _("The case is on the waiting list."))
        return redirect("waiting:for_case", case_pk=case.pk)
    return render(
        request,
        "waiting/for_case.html",
        {"case": case, "entries": selectors.entries_of_case(case), "form": form if case.is_decided else None},
    )
