"""Thin views of the evidence app: the case's evidence, mini-HTAs of its measures and EtD panels.

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

from prioritet.accounts.tenancy import municipality_required
from prioritet.cases import selectors as case_selectors
from prioritet.cases.loading import load_case, redirect_if_decided
from prioritet.cases.models import AlternativeKind, Case
from prioritet.core.concurrency import ConcurrentEditError
from prioritet.core.forms import add_validation_error, keep_input_on_conflict

from . import grade, policy, selectors, services
from .forms import EtdForm, JudgementForm, MiniHtaForm
from .models import EvidenceToDecision

CONFLICT = gettext_lazy(
    "Someone else saved this after you opened it. Your changes have not been saved. "
    "Compare with the saved version, and save again if you still want your changes."
)


def _has_field_errors(form) -> bool:
    return any(name != "__all__" for name in form.errors)


@municipality_required
def for_case(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk, "evidence")
    htas = {h.alternative_id: h for h in selectors.mini_htas_of(case)}
    return render(
        request,
        "evidence/for_case.html",
        {
            "case": case,
            "alternatives": [(a, htas.get(a.pk)) for a in case_selectors.alternatives_of(case)],
            "etd_applies": policy.etd_applies(case),
            "panels": selectors.etd_panels_of(case) if policy.etd_applies(case) else [],
            "can_write": policy.can_write(request.user, case),
            "grade_sources": grade.SOURCES,
        },
    )


# Mini-HTA ---------------------------------------------------------------------------------------


@municipality_required
def mini_hta(request: HttpRequest, pk: int, alt: int) -> HttpResponse:
    case = load_case(request, pk, "mini_hta")
    alternative = case_selectors.get_alternative(case, alt)
    hta = selectors.mini_hta_of(alternative)
    sections = MiniHtaForm(instance=hta).sections() if hta else []
    return render(
        request,
        "evidence/mini_hta_detail.html",
        {
            "case": case,
            "alternative": alternative,
            "hta": hta,
            "sections": sections,
            "can_write": policy.can_write(request.user, case),
        },
    )


@municipality_required
def mini_hta_edit(request: HttpRequest, pk: int, alt: int) -> HttpResponse:
    case = load_case(request, pk, "mini_hta_edit", work=True)
    alternative = case_selectors.get_alternative(case, alt)
    if frozen := redirect_if_decided(request, case, reverse("evidence:mini_hta", args=[case.pk, alternative.pk])):
        return frozen
    if alternative.archived:
        raise Http404
    hta = selectors.mini_hta_of(alternative)
    initial = {"version": hta.version} if hta else {"intervention": alternative.title}
    form = MiniHtaForm(request.POST or None, instance=hta, initial=initial)
    current = None
    if request.method == "POST" and form.is_valid():
        complete = request.POST.get("action") == "complete"
        try:
            services.save_mini_hta(
                alternative, request.user, form.cleaned_data["version"], form.data_for_service(), complete=complete
            )
        except ConcurrentEditError as err:
            current = err.current
            keep_input_on_conflict(form, CONFLICT, current.version)
        except ValidationError as err:
            add_validation_error(form, err)
        else:
            messages.success(
                request, _("The mini-HTA is saved and completed.") if complete else _("The mini-HTA draft is saved.")
            )
            return redirect(reverse("evidence:mini_hta", args=[case.pk, alternative.pk]))
    return render(
        request,
        "evidence/mini_hta_form.html",
        {
            "case": case,
            "alternative": alternative,
            "form": form,
            "hta": hta,
            "current": current,
            "error_forms": [form],
            "has_errors": _has_field_errors(form),
        },
    )


# Evidence to decision ---------------------------------------------------------------------------


def _require_etd(case: Case) -> None:
    if not policy.etd_applies(case):
        raise Http404(_("Evidence-to-Decision panels are for service and political cases."))


def _criterion_forms(data, panel: EvidenceToDecision | None, prefill_certainty: str = "") -> list[JudgementForm]:
    rows = {r.criterion.key: r for r in selectors.etd_rows(panel)} if panel else {}
    out = []
    for c in grade.CRITERIA:
        row = rows.get(c.key)
        initial = (
            {
                "judgement": row.judgement,
                "research_evidence": row.research_evidence,
                "additional_considerations": row.additional_considerations,
            }
            if row
            else {}
        )
        if c.key == "certainty" and not initial.get("judgement") and prefill_certainty:
            initial["judgement"] = prefill_certainty
        out.append(JudgementForm(data, criterion=c, initial=initial))
    return out


@municipality_required
def etd_edit(request: HttpRequest, pk: int, eid: int | None = None) -> HttpResponse:
    case = load_case(request, pk, "etd_edit", work=True)
    _require_etd(case)
    # The panel named in the address first: another municipality's answers 404 whatever the case's state.
    panel = selectors.get_etd(case, eid) if eid else None
    if frozen := redirect_if_decided(request, case, reverse("evidence:for_case", args=[case.pk])):
        return frozen
    alternatives = case_selectors.alternatives_of(case)
    if panel is None:
        option = next((a for a in alternatives if a.kind == AlternativeKind.MEASURE), None)
        comparison = next((a for a in alternatives if a.is_no_action), None)
        initial = {"option": option, "comparison": comparison}
    else:
        option, initial = panel.option, {"version": panel.version}
    hta = selectors.mini_hta_of(option) if option else None
    data = request.POST or None
    form = EtdForm(data, instance=panel, case=case, initial=initial)
    criteria = _criterion_forms(data, panel, hta.certainty if hta else "")
    current = None
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in criteria):
        complete = request.POST.get("action") == "complete"
        try:
            saved = services.save_etd(
                case,
                request.user,
                panel,
                form.cleaned_data["version"],
                form.data_for_service(),
                {f.criterion.key: f.cleaned_data for f in criteria},
                complete=complete,
            )
        except ConcurrentEditError as err:
            current = err.current
            keep_input_on_conflict(form, CONFLICT, current.version)
        except ValidationError as err:
            by_prefix = {f.criterion.key: f for f in criteria}
            for name, errors in err.error_dict.items() if hasattr(err, "error_dict") else [(None, err.messages)]:
                key, _sep, field = (name or "").partition("-")
                if field and key in by_prefix:
                    by_prefix[key].add_error(field, errors)
                else:
                    add_validation_error(form, ValidationError({name: errors}) if name else ValidationError(errors))
        else:
            messages.success(request, _("The panel is saved and completed.") if complete else _("The draft is saved."))
            return redirect(reverse("evidence:etd", args=[case.pk, saved.pk]))
    return render(
        request,
        "evidence/etd_form.html",
        {
            "case": case,
            "panel": panel,
            "form": form,
            "criteria": criteria,
            "error_forms": [form, *criteria],
            "has_errors": any(_has_field_errors(f) for f in [form, *criteria]),
            "hta": hta,
            "current": current,
        },
    )


@municipality_required
def etd_detail(request: HttpRequest, pk: int, eid: int) -> HttpResponse:
    case = load_case(request, pk, "etd")
    _require_etd(case)
    panel = selectors.get_etd(case, eid)
    return render(
        request,
        "evidence/etd_detail.html",
        {
            "case": case,
            "panel": panel,
            "rows": selectors.etd_rows(panel),
            "can_write": policy.can_write(request.user, case),
            "grade_sources": grade.SOURCES,
        },
    )
