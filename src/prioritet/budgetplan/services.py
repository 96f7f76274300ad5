"""Writes of the budgetplan app: the plan, its measures and frames, the import and the optimum.

Every write checks the role rule (:mod:`.policy`) itself, so no caller can forget it. Edits claim
the row's next version (:func:`prioritet.core.concurrency.edit_versioned`), so two people saving
the same plan or measure cannot overwrite each other unseen. Reading a file and optimising run as
tasks (:mod:`.tasks`), never in a request.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prioritet.core import formatting
from prioritet.core.columns import column_names
from prioritet.core.concurrency import edit_versioned, save_with_history
from prioritet.core.records import TaskStatus

from . import analysis, policy
from .models import EconomyPlan, PlanImport, PlanMeasure, PlanOptimisation
from .selectors import plan_weights
from .work import require_edit as _require_edit

logger = logging.getLogger(__name__)


def create_plan(case: Any, user: Any, first_year: int, last_year: int) -> EconomyPlan:
    """Make ``case`` an økonomiplan case with the plan period ``first_year``–``last_year``."""
    _require_edit(user, case)
    plan = EconomyPlan(
        municipality_id=case.municipality_id, case=case, first_year=first_year, last_year=last_year, created_by=user
    )
    with transaction.atomic():
        if EconomyPlan.objects.filter(case=case).exists():
            raise ValidationError(_("The case already has an economic plan."))
        save_with_history(plan, user)
    return plan


def _frames_for(frames: Mapping[str, list[float]], years: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for column, amounts in frames.items():
        if len(amounts) != years:
            raise ValidationError(
                _("The frames of %(column)s need one amount for each of the %(years)s years.")
                % {"column": column, "years": years}
            )
        out[column] = [float(a) for a in amounts]
    return out


def edit_plan(
    plan: EconomyPlan, version: int, user: Any, first_year: int, last_year: int, frames: Mapping[str, list[float]]
) -> EconomyPlan:
    """Change the period and the yearly frames (one amount per column and year)."""
    _require_edit(user, plan.case)
    fields = {
        "first_year": first_year,
        "last_year": last_year,
        "frames": _frames_for(frames, last_year - first_year + 1),
    }
    with transaction.atomic():
        saved = edit_versioned(EconomyPlan, plan.pk, version, user, fields)
        _fit_to_period(saved, user)
        return saved


def _fit_to_period(plan: EconomyPlan, user: Any) -> None:
    """Clear what a shorter period leaves outside it: a proposed start outside the period (the
    proposal no longer starts the measure), an earliest start before the first year (it meant «from
    the first year» anyway) and a draft alternative's starts outside the period.

    An earliest start after the last year is kept: the measure cannot start within this period, and
    clearing it would let it start earlier than it can.
    """
    from .models import PlanAlternative

    first, last = plan.first_year, plan.last_year
    for measure in PlanMeasure.objects.filter(plan=plan, municipality_id=plan.municipality_id):
        fields: dict[str, Any] = {}
        if measure.proposed_start is not None and not first <= measure.proposed_start <= last:
            fields["proposed_start"] = None
        if measure.earliest is not None and measure.earliest < first:
            fields["earliest"] = None
        if fields:
            edit_versioned(PlanMeasure, measure.pk, measure.version, user, fields)
    drafts = PlanAlternative.objects.filter(plan=plan, municipality_id=plan.municipality_id, submitted_at=None)
    for alternative in drafts:
        kept = {code: year for code, year in alternative.starts.items() if first <= year <= last}
        if kept != alternative.starts:
            edit_versioned(PlanAlternative, alternative.pk, alternative.version, user, {"starts": kept})


def edit_measure(measure: PlanMeasure, version: int, user: Any, fields: Mapping[str, Any]) -> PlanMeasure:
    """Change a measure of the plan (its scores, earliest start, amounts, the proposed start)."""
    _require_edit(user, measure.plan.case)
    proposed, earliest = fields.get("proposed_start"), fields.get("earliest", measure.earliest)
    plan = measure.plan
    if proposed is not None:
        if not plan.first_year <= proposed <= plan.last_year:
            raise ValidationError(
                {
                    "proposed_start": _("The start must lie within the plan period, %(first)s–%(last)s.")
                    % {"first": plan.first_year, "last": plan.last_year}
                }
            )
        if earliest is not None and proposed < earliest:
            raise ValidationError(
                {"proposed_start": _("The measure cannot start before %(year)s.") % {"year": earliest}}
            )
    with transaction.atomic():
        return edit_versioned(PlanMeasure, measure.pk, version, user, dict(fields))


# The import ---------------------------------------------------------------------------------------


def start_import(
    plan: EconomyPlan, user: Any, filename: str, data: bytes, language: str, kind: str = "measures"
) -> PlanImport:
    """Store an uploaded file (measures or frames, ``kind``) and queue its check; the request
    neither reads nor checks it."""
    from .tasks import check_plan_import as task

    _require_edit(user, plan.case)
    return PlanImport.begin(
        task,
        user,
        PlanImport.objects.filter(plan=plan),
        municipality_id=plan.municipality_id,
        plan=plan,
        filename=filename[:255],
        data=data,
        language=language,
        kind=kind,
    )


def confirm_import(record: PlanImport, user: Any) -> bool:
    """Queue the save of a checked file; False when it no longer waited (a second click)."""
    from .tasks import run_plan_import as task

    _require_edit(user, record.plan.case)
    if record.preview.get("problems"):
        raise ValidationError(_("The file has problems and cannot be saved. Upload a corrected file."))
    return record.confirm(task)


# The optimum --------------------------------------------------------------------------------------


def request_optimisation(plan: EconomyPlan, user: Any) -> PlanOptimisation:
    """Queue the optimum of the plan as it stands, unless it is already computed or queued."""
    from .tasks import optimise_plan_task as task

    if not policy.can_read_case(user, plan.case):
        raise PermissionDenied
    rows = list(plan.measures.all())
    digest = analysis.fingerprint(plan, rows, plan_weights(plan))
    with transaction.atomic():
        existing = PlanOptimisation.objects.filter(plan=plan, fingerprint=digest).exclude(status=TaskStatus.FAILED)
        if (found := existing.first()) is not None:
            return found
        record = PlanOptimisation.objects.create(municipality_id=plan.municipality_id, plan=plan, fingerprint=digest)
        record.queued_as(task.enqueue(record.pk).id)
    return record


# Party groups and alternative budgets ------------------------------------------------------------


def save_party_group(municipality: Any, user: Any, name: str, members: list[Any], group: Any = None) -> Any:
    """Make or change a party group (its name and its politicians): the municipal administrator's."""
    from prioritet.accounts.models import Role

    from .models import PartyGroup

    if not policy.can_manage_party_groups(user) or user.municipality_id != municipality.pk:
        raise PermissionDenied(_("Only the municipal administrator keeps the party groups."))
    if any(m.municipality_id != municipality.pk or m.role != Role.POLITICIAN for m in members):
        raise ValidationError({"members": _("A party group's members are the municipality's politicians.")})
    if PartyGroup.objects.filter(municipality=municipality, name=name).exclude(pk=getattr(group, "pk", None)).exists():
        raise ValidationError({"name": _("There is a party group with this name already.")})
    with transaction.atomic():
        group = group or PartyGroup(municipality=municipality)
        group.name = name
        group.full_clean()
        group.save()
        group.members.set(members)
    return group


def create_alternative(plan: EconomyPlan, user: Any, group: Any, name: str) -> Any:
    """A party group's alternative, starting from the administration's proposal."""
    from .models import PlanAlternative

    if group not in policy.groups_of(user, plan.case) or plan.case.is_decided:
        raise PermissionDenied(_("Only the party group's politicians build its alternative."))
    alternative = PlanAlternative(
        municipality_id=plan.municipality_id,
        plan=plan,
        party_group=group,
        name=name,
        starts={m.code: m.proposed_start for m in plan.measures.all() if m.proposed_start is not None},
        created_by=user,
    )
    save_with_history(alternative, user)
    return alternative


def edit_alternative(alternative: Any, version: int, user: Any, name: str, starts: Mapping[str, int | None]) -> Any:
    """Move measures in or out or to another start year (a start before the measure's earliest
    year or outside the period is refused)."""
    from .models import PlanAlternative

    if not policy.can_edit_alternative(user, alternative):
        raise PermissionDenied(
            _("A submitted alternative is not changed; only its party group's politicians change a draft.")
        )
    plan = alternative.plan
    rows = {m.code: m for m in plan.measures.all()}
    kept: dict[str, int] = {}
    for code, year in starts.items():
        if year is None or code not in rows:
            continue
        first = max(plan.first_year, rows[code].earliest or plan.first_year)
        if not first <= year <= plan.last_year:
            raise ValidationError(
                _("%(name)s can start from %(first)s to %(last)s.")
                % {"name": rows[code].name, "first": first, "last": plan.last_year}
            )
        kept[code] = year
    with transaction.atomic():
        return edit_versioned(PlanAlternative, alternative.pk, version, user, {"name": name, "starts": kept})


def alternative_errors(alternative: Any) -> list[str]:
    """Why the alternative cannot be submitted: each year and column over its frame (with the
    amount), each mandatory measure left out or started late, each unmet requirement and group."""
    plan = alternative.plan
    rows = list(plan.measures.all())
    values = analysis.measure_values(rows, analysis.weights_of(plan_weights(plan)))
    result = analysis.evaluate(plan, rows, alternative.starts, values)
    errors = _shortfalls(plan, result)
    errors += [
        _("The mandatory measure %(name)s must start in %(year)s.") % {"name": name, "year": year}
        for _code, name, year in result.mandatory_missed
    ]
    measure_names = {m.code: m.name for m in rows}
    errors += [
        _("%(name)s requires %(other)s to run from the same year.")
        % {"name": measure_names[a], "other": measure_names.get(b, b)}
        for a, b in result.requirement_missed
    ]
    errors += [
        _("At most one measure of the group %(group)s can start.") % {"group": g} for g in result.group_conflicts
    ]
    return errors


def _whole(value: float) -> str:
    return formatting.amount(value)


def _shortfalls(plan: Any, result: analysis.Evaluation) -> list[str]:
    """Each year and column over its frame, the column by the municipality's name («Kostnad (kr per år)»)."""
    names = column_names(plan.municipality_id, result.used)
    return [
        _("%(year)s, %(column)s: %(used)s against a frame of %(frame)s, %(over)s over.")
        % {
            "year": s.year,
            "column": names[s.column],
            "used": _whole(s.used),
            "frame": _whole(s.frame),
            "over": _whole(s.over),
        }
        for s in result.shortfalls
    ]


def submit_alternative(alternative: Any, version: int, user: Any) -> Any:
    """Submit the alternative to the council: refused unless it balances in every year of the plan
    and keeps every mandatory measure (kommuneloven § 14-4)."""
    from .models import PlanAlternative

    if not policy.can_edit_alternative(user, alternative):
        raise PermissionDenied(
            _("A submitted alternative is not changed; only its party group's politicians change a draft.")
        )
    errors = alternative_errors(alternative)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return edit_versioned(PlanAlternative, alternative.pk, version, user, {"submitted_at": timezone.now()})


# The formannskap's innstilling and its publication (kommuneloven § 14-3) ----------------------------


def _recommended_starts(plan: EconomyPlan, alternative: Any) -> dict[str, int | None]:
    if alternative is None:
        return {m.code: m.proposed_start for m in plan.measures.all()}
    if alternative.plan_id != plan.pk or not alternative.submitted:
        raise ValidationError({"recommended": _("Only a submitted alternative budget can be recommended.")})
    return dict(alternative.starts)


def save_innstilling(
    plan: EconomyPlan, user: Any, *, alternative: Any, meeting_date: Any, text: str, publish: bool = False
) -> Any:
    """Record the formannskap's innstilling (what it recommends, the council's meeting date, its
    text) and, with ``publish``, put it on the public page now with the year-by-year table as it
    stands. A recommended plan must balance in every year (kommuneloven § 14-4); a meeting date
    less than 14 days away is allowed but warned about where it is shown (:mod:`.notice`)."""
    from .models import PlanInnstilling
    from .presentation import innstilling_snapshot

    _require_edit(user, plan.case)
    starts = _recommended_starts(plan, alternative)
    fields: dict[str, Any] = {"alternative": alternative, "meeting_date": meeting_date, "text": text}
    if publish:
        rows = list(plan.measures.all())
        if not rows:
            raise ValidationError(_("The plan has no measures to recommend."))
        values = analysis.measure_values(rows, analysis.weights_of(plan_weights(plan)))
        result = analysis.evaluate(plan, rows, starts, values)
        if not result.balances:
            raise ValidationError(
                _("The recommended plan does not balance and cannot be published (kommuneloven § 14-4): %(reasons)s")
                % {"reasons": " ".join(_shortfalls(plan, result))}
            )
        fields |= {
            "published_at": timezone.now(),
            "published_by": user,
            "snapshot": innstilling_snapshot(plan, rows, result, alternative, text),
        }
    with transaction.atomic():
        existing = PlanInnstilling.objects.select_for_update().filter(plan=plan).first()
        if existing is None:
            record = PlanInnstilling(municipality_id=plan.municipality_id, plan=plan, created_by=user, **fields)
            save_with_history(record, user)
            return record
        return edit_versioned(PlanInnstilling, existing.pk, existing.version, user, fields)


def withdraw_innstilling(plan: EconomyPlan, user: Any) -> Any:
    """Take the innstilling off the public page (it is kept, and can be published again)."""
    from .models import PlanInnstilling

    _require_edit(user, plan.case)
    with transaction.atomic():
        record = PlanInnstilling.objects.select_for_update().filter(plan=plan).first()
        if record is None or not record.published:
            raise ValidationError(_("The innstilling is not published."))
        return edit_versioned(
            PlanInnstilling, record.pk, record.version, user, {"published_at": None, "published_by": None}
        )


# Budget questions ---------------------------------------------------------------------------------


def _question_denied() -> PermissionDenied:
    return PermissionDenied(_("You cannot take this step on the budget question."))


def ask_question(plan: EconomyPlan, user: Any, title: str, question: str, party_group: Any = None) -> Any:
    """A politician's budget question on the plan, numbered after the plan's last one."""
    from django.db.models import Max

    from .models import BudgetQuestion

    if not policy.can_ask(user, plan.case):
        raise PermissionDenied(_("Politicians ask budget questions, until the case is decided."))
    if party_group is not None and party_group not in policy.groups_of(user, plan.case):
        raise ValidationError({"party_group": _("You ask for a party group you belong to, or for yourself.")})
    with transaction.atomic():
        # The plan's row orders two questions asked at once, so each gets its own number.
        EconomyPlan.objects.select_for_update().filter(pk=plan.pk).first()
        last = BudgetQuestion.objects.filter(plan=plan).aggregate(last=Max("number"))["last"] or 0
        record = BudgetQuestion(
            municipality_id=plan.municipality_id,
            plan=plan,
            number=last + 1,
            party_group=party_group,
            title=title,
            question=question,
            created_by=user,
        )
        save_with_history(record, user)
    return record


def assign_question(question: Any, version: int, user: Any, assignee: Any, due_date: Any) -> Any:
    """Give the question to someone of the administration to answer by ``due_date`` (or change who and when)."""
    from .models import BudgetQuestion, QuestionStatus

    if not policy.can_assign(user, question):
        raise _question_denied()
    if assignee.municipality_id != question.municipality_id or assignee.role not in policy.ANSWER_ROLES:
        raise ValidationError({"assignee": _("A question is answered by the municipality's staff.")})
    if not assignee.is_active:
        raise ValidationError({"assignee": _("A question is answered by the municipality's staff.")})
    if due_date < timezone.localdate():
        raise ValidationError({"due_date": _("The answer cannot be due before today.")})
    fields = {
        "assignee": assignee,
        "due_date": due_date,
        "assigned_by": user,
        "assigned_at": timezone.now(),
        "status": QuestionStatus.ASSIGNED,
    }
    with transaction.atomic():
        return edit_versioned(BudgetQuestion, question.pk, version, user, fields)


def answer_question(question: Any, version: int, user: Any, answer: str) -> Any:
    """The assigned person's answer; it waits for a leader's or the director's approval."""
    from .models import BudgetQuestion, QuestionStatus

    if not policy.can_answer(user, question):
        raise _question_denied()
    fields = {"answer": answer, "answered_by": user, "answered_at": timezone.now(), "status": QuestionStatus.ANSWERED}
    with transaction.atomic():
        return edit_versioned(BudgetQuestion, question.pk, version, user, fields)


def approve_answer(question: Any, version: int, user: Any) -> Any:
    """Approve the answer as the administration's (not one's own answer: four eyes)."""
    from .models import BudgetQuestion, QuestionStatus

    if not policy.can_approve(user, question):
        raise _question_denied()
    fields = {"approved_by": user, "approved_at": timezone.now(), "status": QuestionStatus.APPROVED}
    with transaction.atomic():
        return edit_versioned(BudgetQuestion, question.pk, version, user, fields)


def publish_answer(question: Any, version: int, user: Any) -> Any:
    """Publish an approved question and answer on the municipality's public page."""
    from .models import BudgetQuestion

    if not policy.can_publish(user, question):
        raise _question_denied()
    with transaction.atomic():
        return edit_versioned(
            BudgetQuestion, question.pk, version, user, {"published_by": user, "published_at": timezone.now()}
        )
