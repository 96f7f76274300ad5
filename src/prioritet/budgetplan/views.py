"""Pages of the økonomiplan: the plan (measures, frames, proposal, optimum), its edits and its import.

Thin: the role rules are in :mod:`.policy` (and again in every service), the writes in
:mod:`.services`, the figures in :mod:`.analysis`. The optimum is computed by a task; the page only
reads what it stored (and polls while it is being computed).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe
from django_htmx.http import HttpResponseClientRefresh

from prioritet.accounts.tenancy import municipality_required
from prioritet.cases import selectors as case_selectors
from prioritet.core.columns import column_names
from prioritet.core.forms import submit
from prioritet.core.records import TaskStatus
from prioritet.core.tenancy_db import database_unscoped

from . import analysis, imports, needs, policy, selectors, services
from .forms import (
    PROPOSAL,
    AlternativeForm,
    AnswerForm,
    AssignForm,
    FramesForm,
    FramesUploadForm,
    InnstillingForm,
    MeasureForm,
    NewAlternativeForm,
    PartyGroupForm,
    PeriodForm,
    QuestionFilterForm,
    QuestionForm,
    StepForm,
    UploadForm,
)
from .models import (
    BudgetQuestion,
    EconomyPlan,
    ImportKind,
    PartyGroup,
    PlanAlternative,
    PlanImport,
    QuestionStatus,
)
from .presentation import current_optimisation as _optimisation
from .presentation import innstilling_notice, plan_context

#: How long browsers and shared caches may keep the public innstilling, in seconds (as the public pages).
PUBLIC_MAX_AGE = 300


def _case(request: HttpRequest, pk: int, *, edit: bool = False) -> Any:
    case = case_selectors.get_case(request.municipality, pk)
    if not policy.can_read_case(request.user, case):
        raise PermissionDenied
    if edit and not policy.can_edit_case(request.user, case):
        raise PermissionDenied(_("Only those who work on the case change its economic plan, until it is decided."))
    return case


def _plan(request: HttpRequest, pk: int, *, edit: bool = False) -> tuple[Any, EconomyPlan]:
    case = _case(request, pk, edit=edit)
    plan = selectors.plan_for_case(case)
    if plan is None:
        raise Http404
    plan.case = case
    return case, plan


@municipality_required
def for_case(request: HttpRequest, pk: int) -> HttpResponse:
    """The case's økonomiplan, or the form that makes the case one (POST)."""
    case = _case(request, pk)
    plan = selectors.plan_for_case(case)
    may_edit = policy.can_edit_case(request.user, case)
    if plan is None:
        form = PeriodForm(request.POST or None)
        if request.method == "POST":
            if not may_edit:
                raise PermissionDenied
            made = submit(
                request, form, lambda d: services.create_plan(case, request.user, d["first_year"], d["last_year"])
            )
            if made is not None:
                messages.success(request, _("The case now has an economic plan. Import its measures from a file."))
                return redirect("budgetplan:for_case", pk=case.pk)
        return render(
            request,
            "budgetplan/for_case.html",
            {"case": case, "plan": None, "form": form, "may_edit": may_edit},
            status=400 if form.errors else 200,
        )
    if request.method == "POST":
        raise PermissionDenied
    plan.case = case
    optimisation = _optimisation(plan)
    context = plan_context(plan, optimisation)
    alternatives = [
        a
        for a in PlanAlternative.objects.filter(plan=plan, municipality_id=plan.municipality_id).select_related(
            "party_group"
        )
        if a.submitted or a.party_group in set(policy.groups_of(request.user, case))
    ]
    groups = policy.groups_of(request.user, case)
    innstilling = selectors.innstilling(plan)
    return render(
        request,
        "budgetplan/for_case.html",
        {
            "case": case,
            "plan": plan,
            "may_edit": may_edit,
            "innstilling": innstilling,
            "notice": innstilling_notice(innstilling),
            "needs": needs.projections_beside(plan, context["columns"]),
            "optimisation": optimisation,
            "alternatives": alternatives,
            "new_alternative": NewAlternativeForm(groups=groups) if groups and not case.is_decided else None,
            **context,
        },
    )


@require_POST
@municipality_required
def optimise(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue the optimal plan of the plan as it stands (the task computes it; the page shows it)."""
    _case_obj, plan = _plan(request, pk)
    services.request_optimisation(plan, request.user)
    return redirect("budgetplan:for_case", pk=pk)


@require_GET
@municipality_required
def optimisation_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled while the optimum is computed; the whole page is loaded again when it is done."""
    _case_obj, plan = _plan(request, pk)
    optimisation = _optimisation(plan)
    if optimisation is not None and optimisation.finished and getattr(request, "htmx", False):
        return HttpResponseClientRefresh()
    return render(request, "budgetplan/partials/optimisation.html", {"case": plan.case, "optimisation": optimisation})


@municipality_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan period and the yearly frames per budget column."""
    case, plan = _plan(request, pk, edit=True)
    columns = analysis.columns_of(plan, selectors.measures(plan))
    years = plan.years
    if request.method == "POST":
        # The frames' fields follow the period the form was opened with.
        try:
            first = int(request.POST.get("first_year", plan.first_year))
            last = int(request.POST.get("last_year", plan.last_year))
        except ValueError:
            first, last = plan.first_year, plan.last_year
        if 2000 <= first <= last <= 2100 and last - first < 10:
            years = tuple(range(first, last + 1))
    initial: dict[str, Any] = {"first_year": plan.first_year, "last_year": plan.last_year, "version": plan.version}
    for c in columns:
        for t, amount in enumerate(plan.frames.get(c, [])):
            initial[f"frame__{c}__{t}"] = amount
    names = column_names(plan.municipality_id, columns)
    form = FramesForm(request.POST or None, initial=initial, columns=[names[c] for c in columns], years=years)
    saved = submit(
        request,
        form,
        lambda d: services.edit_plan(plan, d["version"], request.user, d["first_year"], d["last_year"], form.frames()),
    )
    if saved is not None:
        messages.success(request, _("The plan period and frames are saved."))
        return redirect("budgetplan:for_case", pk=case.pk)
    return render(
        request,
        "budgetplan/edit.html",
        {"case": case, "plan": plan, "form": form, "years": years},
        status=400 if form.errors else 200,
    )


@municipality_required
def measure_edit(request: HttpRequest, pk: int, plan_measure_pk: int) -> HttpResponse:
    """A measure of the plan: its scores, earliest start, amounts and the proposal's start year."""
    case, plan = _plan(request, pk, edit=True)
    measure = selectors.measure(plan, plan_measure_pk)
    measure.plan = plan
    columns = analysis.columns_of(plan, [measure])
    names = column_names(plan.municipality_id, columns)
    form = MeasureForm(
        request.POST or None, initial=MeasureForm.initial_of(measure, columns), columns=[names[c] for c in columns]
    )
    saved = submit(
        request, form, lambda d: services.edit_measure(measure, d["version"], request.user, form.fields_to_save())
    )
    if saved is not None:
        messages.success(request, _("The measure is saved."))
        return redirect("budgetplan:for_case", pk=case.pk)
    return render(
        request,
        "budgetplan/measure_form.html",
        {"case": case, "plan": plan, "measure": measure, "form": form},
        status=400 if form.errors else 200,
    )


def _upload(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    case, plan = _plan(request, pk, edit=True)
    form = (FramesUploadForm if kind == ImportKind.FRAMES else UploadForm)(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            form.add_error("file", _("The file is too large: at most 2 MB can be imported."))
        else:
            record = services.start_import(
                plan, request.user, upload.name or "", upload.read(), get_language(), kind=kind
            )
            return redirect("budgetplan:import_status", pk=case.pk, plan_import_pk=record.pk)
    return render(
        request,
        "budgetplan/import_upload.html",
        {"case": case, "plan": plan, "form": form, "frames": kind == ImportKind.FRAMES},
        status=400 if form.errors else 200,
    )


@municipality_required
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload the plan's measures: the file is stored and checked by a task, then previewed."""
    return _upload(request, pk, "measures")


@municipality_required
def frames_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload the yearly frames per budget column: stored, checked by a task, previewed, confirmed."""
    return _upload(request, pk, "frames")


def _import(request: HttpRequest, pk: int, import_pk: int) -> tuple[Any, EconomyPlan, PlanImport]:
    case, plan = _plan(request, pk, edit=True)
    record = selectors.plan_import(request.municipality, plan, import_pk)
    if record.status in (TaskStatus.CHECKING, TaskStatus.CHECKED) and record.created_by_id != request.user.pk:
        raise Http404
    record.plan = plan
    return case, plan, record


@require_GET
@municipality_required
def import_status(request: HttpRequest, pk: int, plan_import_pk: int) -> HttpResponse:
    """Where an import stands: being checked, its preview (to confirm), being saved, or its outcome."""
    case, plan, record = _import(request, pk, plan_import_pk)
    htmx = bool(getattr(request, "htmx", False))
    if record.status == TaskStatus.CHECKED:
        if htmx:
            return HttpResponseClientRefresh()
        preview = record.preview
        frames = preview.get("frames") if record.kind == ImportKind.FRAMES else None
        columns = preview.get("columns", [])
        names = column_names(plan.municipality_id, [*columns, *(frames or {})])
        return render(
            request,
            "budgetplan/import_preview.html",
            {
                "case": case,
                "plan": plan,
                "record": record,
                "measures": preview.get("measures", []),
                "columns": columns,
                "problems": preview.get("problems", []),
                "replaced": plan.measures.count(),
                "frames": frames,
                "years": preview.get("years", []),
                "names": names,
                "unknown": [name.key for name in names.values() if not name.known],
            },
        )
    template = "budgetplan/partials/import_status.html" if htmx else "budgetplan/import_status.html"
    return render(request, template, {"case": case, "plan": plan, "record": record})


@require_POST
@municipality_required
def import_confirm(request: HttpRequest, pk: int, plan_import_pk: int) -> HttpResponse:
    """Queue the save of the checked file: it replaces the plan's measures, all or nothing."""
    _case_obj, _plan_obj, record = _import(request, pk, plan_import_pk)
    if record.status == TaskStatus.CHECKED:
        try:
            services.confirm_import(record, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("budgetplan:import_status", pk=pk, plan_import_pk=record.pk)


# Party groups and alternative budgets ------------------------------------------------------------


def _politicians(request: HttpRequest) -> Any:
    from prioritet.accounts.models import Role, User

    return User.objects.filter(municipality=request.municipality, role=Role.POLITICIAN, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


@municipality_required
def party_groups(request: HttpRequest) -> HttpResponse:
    """The municipality's party groups (the municipal administrator's list), and a new one (POST)."""
    if not policy.can_manage_party_groups(request.user):
        raise PermissionDenied(_("Only the municipal administrator keeps the party groups."))
    form = PartyGroupForm(request.POST or None, politicians=_politicians(request))
    saved = submit(
        request,
        form,
        lambda d: services.save_party_group(request.municipality, request.user, d["name"], list(d["members"])),
    )
    if saved is not None:
        messages.success(request, _("The party group is saved."))
        return redirect("budgetplan:party_groups")
    groups = PartyGroup.objects.for_municipality(request.municipality).prefetch_related("members")
    return render(
        request, "budgetplan/party_groups.html", {"groups": groups, "form": form}, status=400 if form.errors else 200
    )


@municipality_required
def party_group_edit(request: HttpRequest, party_group_pk: int) -> HttpResponse:
    if not policy.can_manage_party_groups(request.user):
        raise PermissionDenied(_("Only the municipal administrator keeps the party groups."))
    from django.shortcuts import get_object_or_404

    group = get_object_or_404(PartyGroup.objects.for_municipality(request.municipality), pk=party_group_pk)
    form = PartyGroupForm(
        request.POST or None,
        initial={"name": group.name, "members": list(group.members.all())},
        politicians=_politicians(request),
    )
    saved = submit(
        request,
        form,
        lambda d: services.save_party_group(request.municipality, request.user, d["name"], list(d["members"]), group),
    )
    if saved is not None:
        messages.success(request, _("The party group is saved."))
        return redirect("budgetplan:party_groups")
    return render(
        request, "budgetplan/party_group_form.html", {"group": group, "form": form}, status=400 if form.errors else 200
    )


@require_POST
@municipality_required
def alternative_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A party group's new alternative, a copy of the administration's proposal to change."""
    case, plan = _plan(request, pk)
    groups = policy.groups_of(request.user, case)
    if not groups:
        raise PermissionDenied(_("Only the party group's politicians build its alternative."))
    form = NewAlternativeForm(request.POST, groups=groups)
    made = submit(request, form, lambda d: services.create_alternative(plan, request.user, d["party_group"], d["name"]))
    if made is None:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("budgetplan:for_case", pk=case.pk)
    return redirect("budgetplan:alternative", pk=case.pk, alternative_pk=made.pk)


def _alternative(request: HttpRequest, pk: int, alternative_pk: int) -> tuple[Any, EconomyPlan, PlanAlternative]:
    case, plan = _plan(request, pk)
    from django.shortcuts import get_object_or_404

    alternative = get_object_or_404(
        PlanAlternative.objects.filter(plan=plan, municipality_id=plan.municipality_id).select_related("party_group"),
        pk=alternative_pk,
    )
    alternative.plan = plan
    if not policy.can_read_alternative(request.user, alternative):
        raise Http404
    return case, plan, alternative


@municipality_required
def alternative(request: HttpRequest, pk: int, alternative_pk: int) -> HttpResponse:
    """An alternative budget: its start years (a form while it is a draft), its balance year by year,
    its value against the proposal's and the optimum's, and its changes as endringsforslag."""
    case, plan, alt = _alternative(request, pk, alternative_pk)
    may_edit = policy.can_edit_alternative(request.user, alt)
    if request.method == "POST" and not may_edit:
        raise PermissionDenied
    rows = selectors.measures(plan)
    initial: dict[str, Any] = {"version": alt.version, "name": alt.name}
    for m in rows:
        initial[f"start__{m.pk}"] = alt.starts.get(m.code)
    form = AlternativeForm(request.POST or None, initial=initial, rows=rows, years=plan.years)
    saved = submit(
        request, form, lambda d: services.edit_alternative(alt, d["version"], request.user, d["name"], form.starts())
    )
    if saved is not None:
        messages.success(request, _("The alternative is saved."))
        return redirect("budgetplan:alternative", pk=case.pk, alternative_pk=alt.pk)
    optimisation = _optimisation(plan)
    context = plan_context(plan, optimisation)
    values = analysis.measure_values(rows, analysis.weights_of(selectors.plan_weights(plan)))
    result = analysis.evaluate(plan, rows, alt.starts, values)
    return render(
        request,
        "budgetplan/alternative.html",
        {
            "case": case,
            "plan": plan,
            "alternative": alt,
            "form": form if may_edit else None,
            "evaluation": result,
            "errors": services.alternative_errors(alt),
            "amendments": analysis.amendments(rows, alt.starts),
            "proposal": context["proposal"],
            "optimum": context["optimum"],
            "names": context["names"],
            "years": plan.years,
        },
        status=400 if form.errors else 200,
    )


@require_POST
@municipality_required
def alternative_submit(request: HttpRequest, pk: int, alternative_pk: int) -> HttpResponse:
    """Submit the alternative: refused, with each year, column and amount, unless it balances."""
    case, _plan_obj, alt = _alternative(request, pk, alternative_pk)
    try:
        services.submit_alternative(alt, alt.version, request.user)
    except ValidationError as error:
        messages.error(
            request,
            _("The alternative does not balance and cannot be submitted (kommuneloven § 14-4): %(reasons)s")
            % {"reasons": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("The alternative is submitted."))
    return redirect("budgetplan:alternative", pk=case.pk, alternative_pk=alt.pk)


# The formannskap's innstilling and its public display (kommuneloven § 14-3) ------------------------


@municipality_required
def innstilling(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the innstilling (what is recommended, the council's meeting date, its text) and publish
    it on the public page; warns when the meeting leaves less than 14 days."""
    case, plan = _plan(request, pk, edit=True)
    record = selectors.innstilling(plan)
    submitted = selectors.submitted_alternatives(plan)
    initial: dict[str, Any] = {"recommended": PROPOSAL}
    if record is not None:
        initial = {
            "recommended": str(record.alternative_id) if record.alternative_id else PROPOSAL,
            "meeting_date": record.meeting_date,
            "text": record.text,
        }
    form = InnstillingForm(request.POST or None, initial=initial, alternatives=submitted)
    publish = request.POST.get("action") == "publish"
    saved = submit(
        request,
        form,
        lambda d: services.save_innstilling(
            plan,
            request.user,
            alternative=form.alternative(),
            meeting_date=d["meeting_date"],
            text=d["text"],
            publish=publish,
        ),
    )
    if saved is not None:
        notice = innstilling_notice(saved)
        if publish:
            messages.success(request, _("The innstilling is published on the municipality's public page."))
        else:
            messages.success(request, _("The innstilling is saved."))
        if notice is not None and not notice.in_time:
            messages.warning(
                request,
                _(
                    "The council meets on %(meeting)s: the innstilling had to be public by %(latest)s, "
                    "14 days before (kommuneloven § 14-3)."
                )
                % {"meeting": date_format(notice.meeting), "latest": date_format(notice.latest)},
            )
        return redirect("budgetplan:for_case", pk=case.pk)
    return render(
        request,
        "budgetplan/innstilling.html",
        {"case": case, "plan": plan, "form": form, "innstilling": record, "notice": innstilling_notice(record)},
        status=400 if form.errors else 200,
    )


@require_POST
@municipality_required
def innstilling_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the innstilling off the public page."""
    case, plan = _plan(request, pk, edit=True)
    try:
        services.withdraw_innstilling(plan, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The innstilling is no longer public."))
    return redirect("budgetplan:for_case", pk=case.pk)


@require_safe
@database_unscoped
def public_innstilling(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A published innstilling on the municipality's public pages (no login, nothing personal, cacheable)."""
    record = selectors.published_innstilling(slug, pk)
    # The columns by the municipality's names as they are now, in the reader's language (the snapshot
    # keeps the keys): «Kostnad (kr per år)», never «cost_nok».
    names = column_names(record.municipality_id, [table["column"] for table in record.snapshot.get("tables", [])])
    response = render(
        request,
        "budgetplan/public_innstilling.html",
        {"public_municipality": record.municipality, "innstilling": record, "data": record.snapshot, "names": names},
    )
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])
    return response


# Budget questions ---------------------------------------------------------------------------------


def _filters() -> list[tuple[str, str]]:
    """The list's filters: everything, each status, published, overdue (value, label)."""
    return [
        ("", _("All")),
        *((value, str(label)) for value, label in QuestionStatus.choices),
        ("published", _("published")),
        ("overdue", _("overdue")),
    ]


@require_GET
@municipality_required
def questions(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan's budget questions, filtered by status or overdue, with who answers and by when."""
    case, plan = _plan(request, pk)
    which = request.GET.get("status", "")
    if which not in selectors.QUESTION_FILTERS:
        which = ""
    today = timezone.localdate()
    rows = [(q, q.is_overdue(today)) for q in selectors.questions(plan, which, today)]
    return render(
        request,
        "budgetplan/questions.html",
        {
            "case": case,
            "plan": plan,
            "rows": rows,
            "filter": QuestionFilterForm({"status": which}, choices=_filters()),
            "current": which,
            "may_ask": policy.can_ask(request.user, case),
        },
    )


@municipality_required
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A politician asks a budget question on the plan."""
    case, plan = _plan(request, pk)
    if not policy.can_ask(request.user, case):
        raise PermissionDenied(_("Politicians ask budget questions, until the case is decided."))
    form = QuestionForm(request.POST or None, groups=policy.groups_of(request.user, case))
    made = submit(
        request,
        form,
        lambda d: services.ask_question(plan, request.user, d["title"], d["question"], d["party_group"]),
    )
    if made is not None:
        messages.success(request, _("The question is asked. The administration assigns it to someone who answers."))
        return redirect("budgetplan:question", pk=case.pk, question_pk=made.pk)
    return render(
        request,
        "budgetplan/question_form.html",
        {"case": case, "plan": plan, "form": form},
        status=400 if form.errors else 200,
    )


def _question_page(
    request: HttpRequest, case: Any, plan: EconomyPlan, question: BudgetQuestion, **bound: Any
) -> HttpResponse:
    """The question with its answer and the steps the user may take, each as a form (``bound``: one
    posted with errors, shown again)."""
    user = request.user
    version = {"version": question.version}
    assign = bound.get("assign")
    if assign is None and policy.can_assign(user, question):
        assign = AssignForm(
            initial={**version, "assignee": question.assignee_id, "due_date": question.due_date},
            answerers=selectors.answerers(request.municipality),
        )
    answer = bound.get("answer")
    if answer is None and policy.can_answer(user, question):
        answer = AnswerForm(initial={**version, "answer": question.answer})
    step = StepForm(initial=version)
    return render(
        request,
        "budgetplan/question.html",
        {
            "case": case,
            "plan": plan,
            "question": question,
            "overdue": question.is_overdue(timezone.localdate()),
            "assign_form": assign,
            "answer_form": answer,
            "approve_form": step if policy.can_approve(user, question) else None,
            "publish_form": step if policy.can_publish(user, question) else None,
            "own_answer": question.status == QuestionStatus.ANSWERED and question.answered_by_id == user.pk,
        },
        status=400 if bound else 200,
    )


def _question(request: HttpRequest, pk: int, question_pk: int) -> tuple[Any, EconomyPlan, BudgetQuestion]:
    case, plan = _plan(request, pk)
    return case, plan, selectors.question(plan, question_pk)


@require_GET
@municipality_required
def question(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """A budget question: who asked, who answers by when, the answer, its approval and publication."""
    case, plan, q = _question(request, pk, question_pk)
    return _question_page(request, case, plan, q)


def _step(
    request: HttpRequest,
    pk: int,
    question_pk: int,
    key: str,
    allowed: Any,
    make_form: Any,
    save: Any,
    done: str,
) -> HttpResponse:
    """One step on a question (POST): the role rule, the form, the service; the page again on errors."""
    case, plan, q = _question(request, pk, question_pk)
    if not allowed(request.user, q):
        raise PermissionDenied(_("You cannot take this step on the budget question."))
    form = make_form(request)
    if submit(request, form, lambda d: save(q, d)) is None:
        return _question_page(request, case, plan, q, **{key: form})
    messages.success(request, done)
    return redirect("budgetplan:question", pk=case.pk, question_pk=q.pk)


@require_POST
@municipality_required
def question_assign(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """The administration gives the question to someone to answer, by a due date."""
    return _step(
        request,
        pk,
        question_pk,
        "assign",
        policy.can_assign,
        lambda r: AssignForm(r.POST, answerers=selectors.answerers(r.municipality)),
        lambda q, d: services.assign_question(q, d["version"], request.user, d["assignee"], d["due_date"]),
        _("The question is assigned."),
    )


@require_POST
@municipality_required
def question_answer(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """The assigned person's answer, for approval."""
    return _step(
        request,
        pk,
        question_pk,
        "answer",
        policy.can_answer,
        lambda r: AnswerForm(r.POST),
        lambda q, d: services.answer_question(q, d["version"], request.user, d["answer"]),
        _("The answer is saved. A leader or the municipal director approves it."),
    )


@require_POST
@municipality_required
def question_approve(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        question_pk,
        "approve",
        policy.can_approve,
        lambda r: StepForm(r.POST),
        lambda q, d: services.approve_answer(q, d["version"], request.user),
        _("The answer is approved."),
    )


@require_POST
@municipality_required
def question_publish(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        question_pk,
        "publish",
        policy.can_publish,
        lambda r: StepForm(r.POST),
        lambda q, d: services.publish_answer(q, d["version"], request.user),
        _("The question and its answer are published on the municipality's public page."),
    )
