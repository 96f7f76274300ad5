"""Thin views: load with selectors, check the role rules, write with services, render."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from prioritet.accounts.models import Role
from prioritet.accounts.tenancy import get_for_municipality_or_404, municipality_required, role_required
from prioritet.core import idempotency
from prioritet.core.concurrency import ConcurrentEditError
from prioritet.core.formatting import scale_word
from prioritet.core.forms import add_validation_error, keep_input_on_conflict
from prioritet.engine.similarity import MIN_SIMILAR

from . import casepage, phases, policy, political, selectors, services, similar
from . import complaints as complaint_services
from . import corrections as correction_services
from . import voice as voice_services
from .chart import bar_chart
from .extensions import Place, annotations_for, lessons_for, links_for, sections_for
from .forms import (
    AccessLogFilterForm,
    AcknowledgeForm,
    AlternativeForm,
    AmendmentFormSet,
    AppealResultForm,
    ArchiveForm,
    AssessmentForm,
    BreakGlassForm,
    CaseFilterForm,
    CaseForm,
    ComplaintForm,
    CorrectionForm,
    DecisionBodyForm,
    DecisionForm,
    FollowUpForm,
    HandOverForm,
    PhaseForm,
    ReassessmentForm,
    RecommendationForm,
    TeamMemberForm,
    TeamRemoveForm,
    UnitOutcomeForm,
    VedtakForm,
    VoiceForm,
)
from .judgment import combined_judgment, decided_judgment
from .loading import load_case, redirect_if_decided
from .models import Case, DecisionBody, Level, Phase

PAGE_SIZE = 25

CONFLICT = {
    "case": gettext_lazy(
        "The case was changed by someone else after you opened it. Your changes have not been saved. "
        "Compare with the saved version, and save again if you still want your changes."
    ),
    "alternative": gettext_lazy(
        "The alternative was changed by someone else after you opened it. Your changes have not been saved. "
        "Compare with the saved version, and save again if you still want your changes."
    ),
    "assessment": gettext_lazy(
        "Your assessment was changed in another window after you opened it. Your changes have not been saved. "
        "Compare with the saved version, and save again if you still want your changes."
    ),
    "decision": gettext_lazy(
        "The case, its alternatives or its assessments were changed by someone else after you opened the page. "
        "The decision has not been saved. Look at the combined judgment again before you decide."
    ),
}


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _redirect_if_decided(request: HttpRequest, case: Case) -> HttpResponse | None:
    """Edit pages of a decided case send the user back: only a reassessment reopens it."""
    return redirect_if_decided(request, case, _detail_url(case, "decision"))


def _detail_url(case: Case, anchor: str = "") -> str:
    return reverse("cases:detail", args=[case.pk]) + (f"#{anchor}" if anchor else "")


# Lists ------------------------------------------------------------------------------------------


@municipality_required
def case_list(request: HttpRequest) -> HttpResponse:
    if not policy.readable_levels(request.user):
        raise PermissionDenied
    form = CaseFilterForm(request.GET or None, user=request.user, municipality=request.municipality)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.case_list(
        request.municipality,
        request.user,
        level=filters.get("level", ""),
        phase=filters.get("phase", ""),
        service_area=filters.get("service_area"),
        q=(filters.get("q") or "").strip(),
        archived=bool(filters.get("archived")),
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "can_create": bool(policy.workable_levels(request.user)),
        },
    )


@municipality_required
def due_list(request: HttpRequest) -> HttpResponse:
    if not policy.readable_levels(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    page = Paginator(selectors.due_for_reassessment(request.municipality, request.user, today=today), PAGE_SIZE)
    return render(
        request,
        "cases/due_list.html",
        {"page": page.get_page(request.GET.get("page")), "today": today, "days": selectors.DUE_WITHIN_DAYS},
    )


@municipality_required
def overview(request: HttpRequest) -> HttpResponse:
    """The cases by phase per service area, and the reassessments coming due: counts that link to the lists."""
    if not policy.readable_levels(request.user):
        raise PermissionDenied
    rows = selectors.phase_overview(request.municipality, request.user)
    totals = [(phase, sum(row.by_phase[phase] for row in rows)) for phase in Phase.values]
    return render(
        request,
        "cases/overview.html",
        {
            "rows": rows,
            "phases": Phase.choices,
            "totals": totals,
            "overdue": sum(row.reassessment_overdue for row in rows),
            "due_soon": sum(row.reassessment_due_soon for row in rows),
            "evaluations_overdue": sum(row.evaluation_overdue for row in rows),
            "days": selectors.DUE_WITHIN_DAYS,
        },
    )


@municipality_required
def access_log(request: HttpRequest) -> HttpResponse:
    if not policy.can_view_access_log(request.user):
        raise PermissionDenied(_("Only leaders can review the access log."))
    form = AccessLogFilterForm(request.GET or None, municipality=request.municipality)
    filters = form.cleaned_data if form.is_valid() else {}
    case = None
    if filters.get("case"):
        case = Case.objects.for_municipality(request.municipality).filter(pk=filters["case"]).first()
    qs = selectors.access_log(
        request.municipality,
        case=case,
        user=filters.get("user"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    if filters.get("case") and case is None:
        qs = qs.none()
    query = request.GET.copy()
    query.pop("page", None)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "cases/access_log.html", {"form": form, "page": page, "query": query.urlencode()})


@municipality_required
def corrections(request: HttpRequest) -> HttpResponse:
    """Record a correction of a wrongly entered personal detail; list the corrections made."""
    if not policy.can_view_corrections(request.user):
        raise PermissionDenied(_("Only the municipality's administrator can correct cases."))
    form = CorrectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = Case.objects.for_municipality(request.municipality).filter(pk=data["case"]).first()
        if case is None:
            form.add_error("case", _("There is no case with this number in your municipality."))
        else:
            try:
                correction = correction_services.correct_personal_detail(
                    case, request.user, wrong=data["wrong"], replacement=data["replacement"], reason=data["reason"]
                )
            except ValidationError as err:
                add_validation_error(form, err)
            else:
                messages.success(
                    request,
                    _("The correction was recorded: %(rows)s rows of case #%(case)s rewritten.")
                    % {"rows": correction.rows, "case": case.pk},
                )
                return redirect("cases:corrections")
    page = Paginator(selectors.corrections(request.municipality), 50).get_page(request.GET.get("page"))
    return render(request, "cases/corrections.html", {"form": form, "page": page, "query": ""})


# Case -------------------------------------------------------------------------------------------


@municipality_required
def case_create(request: HttpRequest) -> HttpResponse:
    if not policy.workable_levels(request.user):
        raise PermissionDenied(_("Your role cannot create cases."))
    form = CaseForm(request.POST or None, user=request.user, municipality=request.municipality, creating=True)
    if request.method == "POST" and form.is_valid():

        def create() -> str:
            case = services.create_case(
                request.municipality,
                request.user,
                no_action_consequence=form.cleaned_data["no_action_consequence"],
                **form.case_fields(),
            )
            return _detail_url(case)

        try:
            # A double submit of the same form goes to the case the first one made.
            address, created = idempotency.create_once(request, form, "cases:create", create)
        except ValidationError as err:
            form.add_error(None, err)
        else:
            if created:
                messages.success(request, _("The case was created."))
            return redirect(address)
    return render(request, "cases/case_form.html", {"form": form, "creating": True})


@municipality_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk, "detail")
    return render(request, "cases/case_detail.html", _detail_context(request, case))


def _detail_context(request: HttpRequest, case: Case, **extra) -> dict:
    decision = selectors.current_decision(case)
    # A decided case shows the ranking as it was at the decision; today's only as a comparison.
    decided = decided_judgment(case, decision) if decision is not None else None
    judgment = decided.judgment if decided is not None else combined_judgment(case)
    can_work = policy.can_work(request.user, case)
    own = {}
    for row in judgment.rows:
        for a in row.assessments:
            if a.assessor_id == request.user.pk:
                own[row.alternative.pk] = a
    context = {
        "case": case,
        "judgment": judgment,
        "alternative_rows": sorted(judgment.rows, key=lambda r: r.alternative.pk),
        "chart": bar_chart(judgment),
        "own_assessments": own,
        "can_work": can_work,
        "can_edit": can_work and not case.is_decided,
        "can_decide": policy.can_decide(request.user, case) and not case.is_decided,
        "decision": decision,
        "decided": decided,
        "recommendation": selectors.current_recommendation(case),
        "resolution": selectors.political_of(decision),
        "can_recommend": political.can_recommend(request.user, case),
        "can_record_vedtak": political.can_record_vedtak(request.user, case),
        "decisions": selectors.decisions_of(case),
        "reassessments": selectors.reassessments_of(case),
        "complaints": complaint_services.complaints_of(case) if case.is_individual else [],
        "can_decide_complaint": policy.can_decide(request.user, case),
        "phase_changes": selectors.phase_changes_of(case),
        "archived_alternatives": [a for a in selectors.alternatives_of(case, include_archived=True) if a.archived],
        "phase_form": PhaseForm(initial={"to_phase": case.phase, "version": case.version}),
        "alternative_form": AlternativeForm(),
        "reassessment_form": ReassessmentForm(initial={"version": case.version}),
        "criteria_columns": _criteria_columns(),
        "assessed_columns": _criteria_columns(assessed_only=True),
        "levels": Level,
        "case_links": links_for(case, request.user),
        "case_sections": sections_for(case, Place.CASE, request.user),
        "alternative_annotations": annotations_for(case, [row.alternative for row in judgment.rows]),
        "responsible": selectors.responsible_of(case) if case.is_individual else None,
        "emergency_grant": (
            policy.active_grant(request.user, case)
            if case.is_individual and policy.access_basis(request.user, case) == "emergency"
            else None
        ),
    }
    context.update(_phase_context(case, can_work))
    context.update(_page_structure(request, case, context))
    context.update(extra)
    return context


def _page_structure(request: HttpRequest, case: Case, context: dict) -> dict:
    """The tabs, the one the page opens on and the phase's next action (:mod:`prioritet.cases.casepage`)."""
    tabs = casepage.tabs_for(
        case,
        context["case_sections"],
        context["checklist"],
        alternatives=len(context["alternative_rows"]),
        ranked=bool(context["judgment"].ranked),
        decisions=len(context["decisions"]),
        phase_changes=len(context["phase_changes"]),
    )
    return {
        "tabs": tabs,
        "active_tab": casepage.active_tab(tabs, case, context["unmet"], request.GET.get("tab", "")[:20]),
        "next_action": casepage.next_action(
            case,
            unmet=context["unmet"],
            next_phase=context["next_phase"],
            can_move_on=context["can_move_on"],
            can_follow_up=context["can_follow_up"],
            can_decide=context["can_decide"],
            can_recommend=context["can_recommend"],
            can_record_vedtak=context["can_record_vedtak"],
            has_recommendation=context["recommendation"] is not None,
        ),
    }


def _phase_context(case: Case, can_work: bool) -> dict:
    """The stepper, the current phase's checklist and what it takes to move on, the follow-up."""
    following = phases.next_phase(case.phase)
    checklist = phases.checklist(case, case.phase)
    info = phases.PHASES[case.phase]
    return {
        "steps": phases.stepper(case),
        "phase_info": info,
        "checklist": checklist,
        "unmet": [item for item in checklist if item.required and not item.met],
        "next_phase": following and Phase(following),
        "can_move_on": can_work and following is not None,
        "follow_up": selectors.follow_up_of(case),
        "follows": case.follows if case.follows_id else None,
        "followed_by": selectors.follow_up_cases(case),
        "can_follow_up": can_work and case.phase == Phase.FOLLOW_UP and not case.follow_ups.exists(),
    }


@municipality_required
def case_history(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's history timeline on its own URL: the case page loads it after itself (htmx), so
    the page does not wait for every history table; without JavaScript it is a page of its own."""
    case = load_case(request, pk, "history")
    template = "cases/partials/timeline.html" if _is_htmx(request) else "cases/case_history.html"
    return render(request, template, {"case": case, "timeline": selectors.case_timeline(case)})


def _criteria_columns(*, assessed_only: bool = False):
    """The seed table's column order: severity, benefit, resources; ``assessed_only``: the criteria an
    assessor scores per alternative (benefit, resources), severity being the need's."""
    from prioritet.core.formatting import criterion_name
    from prioritet.engine import Criterion

    order = (Criterion.SEVERITY, Criterion.BENEFIT, Criterion.RESOURCES)
    return [(c.value, criterion_name(c).capitalize()) for c in order if not (assessed_only and c == Criterion.SEVERITY)]


@municipality_required
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk, "edit", work=True)
    if decided := _redirect_if_decided(request, case):
        return decided
    form = CaseForm(
        request.POST or None, instance=case, user=request.user, municipality=request.municipality, creating=False
    )
    current = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_case(case, request.user, form.cleaned_data["version"], **form.case_fields())
        except ConcurrentEditError as err:
            current = err.current
            keep_input_on_conflict(form, CONFLICT["case"], current.version)
        except ValidationError as err:
            form.add_error(None, err)
        else:
            messages.success(request, _("The case was saved."))
            return redirect(_detail_url(case))
    return render(request, "cases/case_form.html", {"form": form, "case": case, "creating": False, "current": current})


@municipality_required
def phase_change(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk, "phase", work=True)
    form = PhaseForm(request.POST or None, initial={"to_phase": case.phase, "version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_phase(
                case,
                request.user,
                form.cleaned_data["version"],
                form.cleaned_data["to_phase"],
                form.cleaned_data["note"],
            )
        except ConcurrentEditError as err:
            keep_input_on_conflict(form, CONFLICT["case"], err.current.version)
        except ValidationError as err:
            form.add_error(None, err)
        else:
            messages.success(request, _("The phase was changed."))
            return redirect(_detail_url(case, "phase"))
    return render(request, "cases/simple_form.html", {"form": form, "case": case, "title": _("Change phase")})


@municipality_required
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """Følge opp: continue, adjust (a follow-up case opens) or end (the case is closed)."""
    case = load_case(request, pk, "follow-up", work=True)
    existing = selectors.follow_up_of(case)
    # «What was learnt» starts from what the apps recorded (an evaluated effect's learning).
    form = FollowUpForm(request.POST or None, initial={"version": case.version, "note": "\n".join(lessons_for(case))})
    if existing is None and request.method == "POST" and form.is_valid():
        try:
            record = services.follow_up(
                case,
                request.user,
                form.cleaned_data["version"],
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ConcurrentEditError as err:
            keep_input_on_conflict(form, CONFLICT["case"], err.current.version)
        except ValidationError as err:
            form.add_error(None, err)
        else:
            if record.follow_up_case is not None:
                messages.success(request, _("The follow-up case is opened: a new cycle starts in «prepare»."))
                return redirect(_detail_url(record.follow_up_case))
            messages.success(request, _("The case is ended and closed."))
            return redirect(_detail_url(case))
    return render(
        request,
        "cases/follow_up.html",
        {"case": case, "form": form, "existing": existing, "in_phase": case.phase == Phase.FOLLOW_UP},
    )


@require_POST
@municipality_required
def case_archive(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk, "archive", work=True)
    form = ArchiveForm(request.POST)
    if form.is_valid():
        try:
            services.set_archived(case, request.user, form.cleaned_data["version"], form.cleaned_data["archived"])
        except ConcurrentEditError:
            messages.error(request, CONFLICT["case"])
        else:
            messages.success(
                request, _("The case was archived.") if form.cleaned_data["archived"] else _("The case was restored.")
            )
    return redirect(_detail_url(case))


# Alternatives -----------------------------------------------------------------------------------


@municipality_required
def alternative_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk, "alternative", work=True)
    if decided := _redirect_if_decided(request, case):
        return decided
    form = AlternativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def create() -> str:
            services.add_alternative(case, request.user, **{k: form.cleaned_data[k] for k in form.Meta.fields})
            return _detail_url(case, "alternatives")

        try:
            # A double submit adds the alternative once; the second answer shows the list as it is.
            address, created = idempotency.create_once(request, form, f"cases:alternative:{case.pk}", create)
        except ValidationError as err:
            form.add_error(None, err)
        else:
            if _is_htmx(request):
                case.refresh_from_db()
                return render(request, "cases/partials/alternatives.html", _detail_context(request, case))
            if created:
                messages.success(request, _("The alternative was added."))
            return redirect(address)
    if _is_htmx(request):
        return render(
            request, "cases/partials/alternatives.html", _detail_context(request, case, alternative_form=form)
        )
    return render(request, "cases/simple_form.html", {"form": form, "case": case, "title": _("New alternative")})


@municipality_required
def alternative_edit(request: HttpRequest, pk: int, alt: int) -> HttpResponse:
    case = load_case(request, pk, "alternative", work=True)
    # The object named in the address first: another municipality's answers 404 whatever the case's state.
    alternative = selectors.get_alternative(case, alt)
    if decided := _redirect_if_decided(request, case):
        return decided
    form = AlternativeForm(request.POST or None, instance=alternative)
    current = None
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("title", "description", "reduces_service") if k in form.fields}
        try:
            services.update_alternative(alternative, request.user, form.cleaned_data["version"], **fields)
        except ConcurrentEditError as err:
            current = err.current
            keep_input_on_conflict(form, CONFLICT["alternative"], current.version)
        except ValidationError as err:
            form.add_error(None, err)
        else:
            messages.success(request, _("The alternative was saved."))
            return redirect(_detail_url(case, "alternatives"))
    return render(
        request,
        "cases/alternative_form.html",
        {"form": form, "case": case, "alternative": alternative, "current": current},
    )


@require_POST
@municipality_required
def alternative_archive(request: HttpRequest, pk: int, alt: int) -> HttpResponse:
    case = load_case(request, pk, "alternative", work=True)
    alternative = selectors.get_alternative(case, alt)
    form = ArchiveForm(request.POST)
    if form.is_valid():
        try:
            services.set_alternative_archived(
                alternative, request.user, form.cleaned_data["version"], form.cleaned_data["archived"]
            )
        except ConcurrentEditError:
            messages.error(request, CONFLICT["alternative"])
        except ValidationError as err:
            messages.error(request, " ".join(err.messages))
        else:
            messages.success(request, _("The alternative was updated."))
    return redirect(_detail_url(case, "alternatives"))


# Assessments ------------------------------------------------------------------------------------


@municipality_required
def assessment_edit(request: HttpRequest, pk: int, alt: int) -> HttpResponse:
    case = load_case(request, pk, "assessment", work=True)
    # The object named in the address first: another municipality's answers 404 whatever the case's state.
    alternative = selectors.get_alternative(case, alt)
    if decided := _redirect_if_decided(request, case):
        return decided
    existing = selectors.own_assessment(alternative, request.user)
    form = AssessmentForm(request.POST or None, instance=existing)
    current = None
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.save_assessment(
                alternative, request.user, form.cleaned_data.get("version"), form.data_for_service()
            )
        except ConcurrentEditError as err:
            current = err.current
            keep_input_on_conflict(form, CONFLICT["assessment"], current.version)
        except ValidationError as err:
            form.add_error(None, err)
        else:
            if not _is_htmx(request):
                messages.success(request, _("Your assessment was saved."))
                return redirect(_detail_url(case, "alternatives"))
            form = AssessmentForm(instance=assessment)
            existing = assessment
            saved = True
    context = {
        "form": form,
        "case": case,
        "alternative": alternative,
        "assessment": existing,
        "current": current,
        "saved": saved,
        "current_scores": _scores(current),
    }
    template = "cases/partials/assessment_form.html" if _is_htmx(request) else "cases/assessment_form.html"
    return render(request, template, context)


def _scores(assessment) -> list[str]:
    if assessment is None:
        return []
    from prioritet.core.formatting import criterion_name

    from .judgment import ASSESSED_CRITERIA

    return [
        f"{criterion_name(c).capitalize()}: {scale_word(c, getattr(assessment, c.value))}" for c in ASSESSED_CRITERIA
    ]


# Decision and reassessment ----------------------------------------------------------------------


@municipality_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk, "decision")
    if not policy.can_decide(request.user, case):
        raise PermissionDenied(_("Your role cannot record decisions at this level."))
    if case.is_decided:
        messages.info(request, _("The case is already decided. Start a reassessment to decide again."))
        return redirect(_detail_url(case, "decision"))
    if case.level == Level.POLITICAL:
        # A political case's vedtak is recorded with the body, meeting and saksnummer.
        return redirect("cases:vedtak", pk=case.pk)
    return _record_choice(
        request,
        case,
        form_class=DecisionForm,
        record=lambda d: services.decide(
            case,
            request.user,
            d["version"],
            reassessment_due=d["reassessment_due"],
            **_choice_fields(d),
            **{name: d[name] for name in ("similar_departure_reason", "similar_acknowledged") if name in d},
        ),
        success=_("The decision was recorded."),
        anchor="decision",
        template="cases/decision_form.html",
        extra=lambda judgment: _similar_context(request, case, judgment),
    )


def _similar_context(request: HttpRequest, case: Case, judgment) -> dict:
    """The most similar decided cases of the service, shown beside an individual case's decision form;
    each one shown is logged as a read (cases/similar.py)."""
    alike = similar.similar_cases(case, judgment)
    similar.log_reads(case, alike, request.user)
    return {"similar": alike, "similar_k": similar.K, "similar_min": MIN_SIMILAR}


@municipality_required
def reassess(request: HttpRequest, pk: int) -> HttpResponse:
    case = load_case(request, pk, "reassessment", work=True)
    form = ReassessmentForm(request.POST or None, initial={"version": case.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.start_reassessment(case, request.user, form.cleaned_data["reason"], form.cleaned_data["version"])
        except ConcurrentEditError as err:
            keep_input_on_conflict(form, CONFLICT["case"], err.current.version)
        except ValidationError as err:
            form.add_error(None, err)
        else:
            messages.success(request, _("The case is reopened for reassessment. The earlier decision is kept."))
            return redirect(_detail_url(case))
    return render(request, "cases/simple_form.html", {"form": form, "case": case, "title": _("Start reassessment")})


# Innstilling and vedtak (political cases) --------------------------------------------------------


def _choice_initial(case: Case, judgment) -> dict:
    initial = {"version": case.version, "signature": judgment.signature}
    if judgment.top is not None:
        initial["alternative"] = judgment.top.alternative.pk
        if judgment.top.band:
            initial["priority"] = judgment.top.band.value
    if judgment.voice is not None and judgment.voice.children_affected:
        # The children question's answer is where the decision's assessment starts.
        initial["child_best_interest"] = judgment.voice.children_assessment
    return initial


def _choice_fields(data: dict) -> dict:
    """The fields a decision and an innstilling share, from a valid form's cleaned data."""
    names = (
        "alternative",
        "priority",
        "justification",
        "departure_reason",
        "forsvarlighet_confirmed",
        "forsvarlighet_justification",
        "child_best_interest",
        "signature",
    )
    return {name: data[name] for name in names}


def _record_choice(
    request: HttpRequest,
    case: Case,
    *,
    form_class: type[DecisionForm],
    record: Callable[[dict], object],
    success: str,
    anchor: str,
    template: str,
    extra: Callable[[object], dict] | None = None,
) -> HttpResponse:
    """The page where a choice is made on the combined judgment: a decision or an innstilling.

    Both rest on the judgment the user saw (its signature): if it changed meanwhile, the input is
    kept and the page shows the judgment as it is now.
    """
    judgment = combined_judgment(case)
    form = form_class(request.POST or None, case=case, initial=_choice_initial(case, judgment))
    if request.method == "POST" and form.is_valid():
        try:
            record(form.cleaned_data)
        except ConcurrentEditError as err:
            case = err.current
            judgment = combined_judgment(case)
            keep_input_on_conflict(form, CONFLICT["decision"], case.version)
            form.data["signature"] = judgment.signature
        except ValidationError as err:
            add_validation_error(form, err)
        else:
            messages.success(request, success)
            return redirect(_detail_url(case, anchor))
    context = {
        "form": form,
        "case": case,
        "judgment": judgment,
        "chart": bar_chart(judgment),
        "criteria_columns": _criteria_columns(),
    }
    if extra is not None:
        context.update(extra(judgment))
    return render(request, template, context)


@municipality_required
def recommend(request: HttpRequest, pk: int) -> HttpResponse:
    """The municipal director's innstilling on a political case, with its forslag til vedtak."""
    case = load_case(request, pk, "recommendation")
    if case.level != Level.POLITICAL or not policy.can_work(request.user, case):
        raise PermissionDenied(_("Only the municipal director makes the innstilling of a political case."))
    if redirected := _redirect_if_decided(request, case):
        return redirected
    return _record_choice(
        request,
        case,
        form_class=RecommendationForm,
        record=lambda d: political.recommend(
            case,
            request.user,
            d["version"],
            proposed_resolution=d["proposed_resolution"],
            **_choice_fields(d),
        ),
        success=_("The innstilling was recorded."),
        anchor="recommendation",
        template="cases/recommendation_form.html",
    )


def _amendment_errors_to_formset(formset, err: ValidationError) -> ValidationError | None:
    """Put the service's ``amendments.<i>.<field>`` errors on the formset's rows; return the rest."""
    if not hasattr(err, "error_dict"):
        return err
    rest = {}
    for name, errors in err.error_dict.items():
        if name.startswith("amendments."):
            _prefix, index, field = name.split(".", 2)
            form = formset.forms[int(index)]
            target = "outcome" if field == "adopted" else field
            form.add_error(target if target in form.fields else None, ValidationError(errors))
        else:
            rest[name] = errors
    return ValidationError(rest) if rest else None


@municipality_required
def vedtak(request: HttpRequest, pk: int) -> HttpResponse:
    """The political body's vedtak on a political case, with the vote and the amendments."""
    case = load_case(request, pk, "vedtak")
    if case.level != Level.POLITICAL or not policy.can_decide(request.user, case):
        raise PermissionDenied(_("Only a politician or the secretariat records the vedtak of a political case."))
    if case.is_decided:
        messages.info(request, _("The case is already decided. Start a reassessment to decide again."))
        return redirect(_detail_url(case, "decision"))
    recommendation = selectors.current_recommendation(case)
    if recommendation is None:
        messages.info(request, _("The municipal director's innstilling must be recorded before the vedtak."))
        return redirect(_detail_url(case, "recommendation"))
    judgment = combined_judgment(case)
    initial = {
        "version": case.version,
        "signature": judgment.signature,
        "alternative": recommendation.alternative_id,
        "priority": recommendation.priority,
        "adopted_text": recommendation.proposed_resolution,
        "forsvarlighet_confirmed": recommendation.forsvarlighet_confirmed,
        "forsvarlighet_justification": recommendation.forsvarlighet_justification,
        "child_best_interest": recommendation.child_best_interest,
        "meeting_date": timezone.localdate(),
    }
    bodies = selectors.decision_bodies(request.municipality, active_only=True)
    form = VedtakForm(request.POST or None, case=case, bodies=bodies, initial=initial)
    formset = AmendmentFormSet(request.POST or None, prefix="amendments")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        d = form.cleaned_data
        try:
            political.record_vedtak(
                case,
                request.user,
                d["version"],
                body=d["body"],
                meeting_date=d["meeting_date"],
                saksnummer=d["saksnummer"],
                alternative=d["alternative"],
                priority=d["priority"],
                adopted_text=d["adopted_text"],
                departure_description=d["departure_description"],
                unanimous=d["unanimous"],
                votes_for=d["votes_for"],
                votes_against=d["votes_against"],
                amendments=[f.amendment() for f in formset.forms],
                reassessment_due=d["reassessment_due"],
                forsvarlighet_confirmed=d["forsvarlighet_confirmed"],
                forsvarlighet_justification=d["forsvarlighet_justification"],
                child_best_interest=d["child_best_interest"],
                signature=d["signature"],
            )
        except ConcurrentEditError as err:
            case = err.current
            judgment = combined_judgment(case)
            keep_input_on_conflict(form, CONFLICT["decision"], case.version)
            form.data["signature"] = judgment.signature
        except ValidationError as err:
            rest = _amendment_errors_to_formset(formset, err)
            if rest is not None:
                add_validation_error(form, rest)
            if not form.errors:
                form.add_error(None, _("Correct the amendments below."))
        else:
            messages.success(request, _("The vedtak was recorded."))
            return redirect(_detail_url(case, "decision"))
    return render(
        request,
        "cases/vedtak_form.html",
        {"form": form, "formset": formset, "case": case, "recommendation": recommendation, "bodies": bodies},
    )


# Decision bodies (the municipal administrator's list) ---------------------------------------------


@municipality_required
@role_required(Role.MUNICIPAL_ADMIN)
def body_list(request: HttpRequest) -> HttpResponse:
    bodies = selectors.decision_bodies(request.municipality)
    return render(request, "cases/body_list.html", {"bodies": bodies})


@municipality_required
@role_required(Role.MUNICIPAL_ADMIN)
def body_edit(request: HttpRequest, body_pk: int | None = None) -> HttpResponse:
    body = get_for_municipality_or_404(DecisionBody, request.municipality, pk=body_pk) if body_pk else None
    initial = {"name": body.name, "active": body.active} if body else {"active": True}
    form = DecisionBodyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if body is None:
                saved = political.create_body(request.municipality, request.user, name=form.cleaned_data["name"])
            else:
                saved = political.update_body(
                    body, request.user, name=form.cleaned_data["name"], active=form.cleaned_data["active"]
                )
        except ValidationError as err:
            add_validation_error(form, err)
        else:
            messages.success(request, _("The decision body %(name)s was saved.") % {"name": saved.name})
            return redirect("cases:bodies")
    return render(request, "cases/body_form.html", {"form": form, "editing": body})


# The person's voice (individual cases) ----------------------------------------------------------


@municipality_required
def voice(request: HttpRequest, pk: int) -> HttpResponse:
    """Record what matters to the person, their view of each alternative, the relatives' view and
    burden, and the answer to the children question (medvirkning; barnets beste)."""
    case = load_case(request, pk, "voice", work=True)
    if not case.is_individual:
        raise Http404(_("Only individual cases record the person's voice."))
    if (response := _redirect_if_decided(request, case)) is not None:
        return response
    current = voice_services.voice_of(case)
    alternatives = list(selectors.alternatives_of(case))
    initial: dict = {"version": current.version if current else None}
    if current is not None:
        initial |= {name: getattr(current, name) for name in voice_services.VOICE_FIELDS}
    initial |= {f"view_{alt_pk}": text for alt_pk, text in voice_services.views_of(case).items()}
    form = VoiceForm(request.POST or None, alternatives=alternatives, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in voice_services.VOICE_FIELDS}
        try:
            voice_services.save_voice(case, request.user, form.cleaned_data["version"], data, form.views())
        except ConcurrentEditError as err:
            keep_input_on_conflict(form, CONFLICT["case"], err.current.version)
        except ValidationError as err:
            add_validation_error(form, err)
        else:
            messages.success(request, _("The person's voice was saved."))
            return redirect(_detail_url(case, "judgment"))
    return render(
        request,
        "cases/voice_form.html",
        {"form": form, "case": case, "title": _("The person's and the relatives' voice")},
    )


# Complaints (klage) on individual decisions --------------------------------------------------------


def _complaint_page(request: HttpRequest, case: Case, form, title: str, complaint=None) -> HttpResponse:
    return render(
        request, "cases/complaint_form.html", {"form": form, "case": case, "title": title, "complaint": complaint}
    )


@municipality_required
def complaint_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a complaint on the decision; it reopens the case for the unit's review."""
    case = load_case(request, pk, "complaint", work=True)
    if not case.is_individual:
        raise Http404(_("Only decisions on individual cases are complained about here."))
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = complaint_services.register_complaint(case, request.user, **form.cleaned_data)
        except ValidationError as err:
            add_validation_error(form, err)
        else:
            if complaint.is_late:
                messages.warning(request, _("The complaint is registered, and it is late. The case is reopened."))
            else:
                messages.success(request, _("The complaint is registered and the case is reopened for reassessment."))
            return redirect(_detail_url(case, "complaints"))
    return _complaint_page(request, case, form, _("Register a complaint"))


@municipality_required
def complaint_unit(request: HttpRequest, pk: int, complaint_pk: int) -> HttpResponse:
    """The unit's outcome: the decision changed, or kept and the complaint sent on to Statsforvalteren."""
    case = load_case(request, pk, "complaint", work=True)
    complaint = complaint_services.get_complaint(case, complaint_pk)
    if not policy.can_decide(request.user, case):
        raise PermissionDenied(_("Your role cannot record decisions at this level."))
    form = UnitOutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint_services.record_unit_outcome(complaint, request.user, **form.cleaned_data)
        except ValidationError as err:
            add_validation_error(form, err)
        else:
            messages.success(request, _("The unit's outcome is recorded."))
            return redirect(_detail_url(case, "complaints"))
    return _complaint_page(request, case, form, _("Record the unit's outcome"), complaint)


@municipality_required
def complaint_appeal(request: HttpRequest, pk: int, complaint_pk: int) -> HttpResponse:
    """Statsforvalteren's result, recorded when it comes."""
    case = load_case(request, pk, "complaint", work=True)
    complaint = complaint_services.get_complaint(case, complaint_pk)
    form = AppealResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint_services.record_appeal_result(complaint, request.user, **form.cleaned_data)
        except ValidationError as err:
            add_validation_error(form, err)
        else:
            messages.success(request, _("Statsforvalteren's result is recorded."))
            return redirect(_detail_url(case, "complaints"))
    return _complaint_page(request, case, form, _("Record Statsforvalteren's result"), complaint)


# Case team and emergency access (tjenstlig behov) -------------------------------------------------


def _safe_next(request: HttpRequest, case: Case) -> str:
    """Where to go once the case may be read: the page asked for (on this site), else the case page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return _detail_url(case)


@municipality_required
def break_glass(request: HttpRequest, pk: int) -> HttpResponse:
    """Emergency access («break the glass») to an individual case outside one's case team.

    The page names the case only by its number, reference and service area (as a list does). A reason
    from the list and the reader's own words give a time-limited access; every read under it is
    marked in the access log, and the case's leaders review it.
    """
    case = selectors.get_case(request.municipality, pk)
    next_url = _safe_next(request, case)
    if policy.can_read(request.user, case):
        return redirect(next_url)
    if not policy.can_break_glass(request.user, case):
        raise PermissionDenied(_("Your role cannot read cases at this level."))
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.break_glass(
                case, request.user, reason=form.cleaned_data["reason"], explanation=form.cleaned_data["explanation"]
            )
        except ValidationError as err:
            add_validation_error(form, err)
        else:
            messages.warning(
                request,
                _(
                    "You have emergency access to this case until %(until)s. Every read is logged and the "
                    "case's leaders review it."
                )
                % {"until": timezone.localtime(grant.expires_at).strftime("%d.%m.%Y %H:%M")},
            )
            return redirect(next_url)
    return render(
        request,
        "cases/break_glass.html",
        {
            "case": case,
            "form": form,
            "next": next_url,
            "hours": services.grant_hours(),
            "responsible": selectors.responsible_of(case),
        },
    )


@municipality_required
def team(request: HttpRequest, pk: int) -> HttpResponse:
    """The individual case's team: the responsible caseworker, the members, the service area's leaders.

    The responsible caseworker or a leader on the team adds and removes members and hands the
    responsibility over; everyone who may read the case sees who is on it.
    """
    case = load_case(request, pk, "team")
    if not case.is_individual:
        raise Http404(_("Only individual cases have a case team."))
    can_manage = policy.can_manage_team(request.user, case)
    add_form = TeamMemberForm(case=case, prefix="add")
    handover_form = HandOverForm(case=case, prefix="handover")
    errors: list[str] = []
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied(_("Only the responsible caseworker or a leader on the team changes the case team."))
        action = request.POST.get("action")
        try:
            if action == "add":
                add_form = TeamMemberForm(request.POST, case=case, prefix="add")
                if add_form.is_valid():
                    services.add_team_member(case, request.user, add_form.cleaned_data["user"])
                    messages.success(request, _("The person was added to the case team."))
                    return redirect("cases:team", pk=case.pk)
            elif action == "handover":
                handover_form = HandOverForm(request.POST, case=case, prefix="handover")
                if handover_form.is_valid():
                    services.hand_over(case, request.user, handover_form.cleaned_data["user"])
                    messages.success(request, _("The responsibility for the case was handed over."))
                    return redirect("cases:team", pk=case.pk)
            elif action == "remove":
                remove_form = TeamRemoveForm(request.POST)
                member = (
                    case.team_members.filter(pk=remove_form.cleaned_data["member"]).first()
                    if remove_form.is_valid()
                    else None
                )
                if member is None:
                    errors.append(_("Not a member of this case's team."))
                else:
                    services.remove_team_member(case, request.user, member)
                    messages.success(request, _("The person was taken off the case team."))
                    return redirect("cases:team", pk=case.pk)
            else:
                errors.append(_("Choose what to change."))
        except ValidationError as err:
            target = {"add": add_form, "handover": handover_form}.get(action or "")
            if target is not None:
                add_validation_error(target, err)
            else:
                errors.extend(err.messages)
    return render(
        request,
        "cases/team.html",
        {
            "case": case,
            "members": selectors.team_of(case),
            "leaders": selectors.area_leaders(case),
            "can_manage": can_manage,
            "add_form": add_form,
            "handover_form": handover_form,
            "errors": errors,
        },
    )


@municipality_required
def access_reviews(request: HttpRequest) -> HttpResponse:
    """The leader's review list: every emergency access to the individual cases of their service areas,
    to be acknowledged (by whom and when is recorded). Unacknowledged first; «all» shows the rest too."""
    if not policy.can_review_access(request.user):
        raise PermissionDenied(_("Only leaders review emergency accesses."))
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST":
        grant = (
            selectors.grant_to_review(request.municipality, request.user, form.cleaned_data["grant"])
            if form.is_valid()
            else None
        )
        if grant is None:
            messages.error(request, _("There is no such emergency access for you to review."))
        else:
            try:
                services.acknowledge_grant(grant, request.user)
            except ValidationError as err:
                for message in err.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("The emergency access was acknowledged."))
        return redirect(reverse("cases:access_reviews") + ("?show=all" if request.GET.get("show") == "all" else ""))
    show_all = request.GET.get("show") == "all"
    grants = selectors.grants_to_review(request.municipality, request.user, acknowledged=None if show_all else False)
    page = Paginator(grants.annotate(reads=Count("accesses")), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/access_reviews.html",
        {
            "page": page,
            "show_all": show_all,
            "query": "show=all" if show_all else "",
            "unacknowledged": selectors.grants_to_review(
                request.municipality, request.user, acknowledged=False
            ).count(),
        },
    )
