"""Thin views: load with selectors, check the role rules in policy, write with services, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from prioritet.accounts.tenancy import municipality_required
from prioritet.cases.forms import benefit_question
from prioritet.core.concurrency import ConcurrentEditError
from prioritet.core.formatting import criterion_name, criterion_question
from prioritet.core.forms import add_validation_error, keep_input_on_conflict
from prioritet.engine import CRITERIA, Criterion

from . import policy, selectors, services
from .forms import CloseForm, ExerciseForm, RatingForm
from .models import Exercise, Participant

#: How many units a participant sees in «where you differed most».
LARGEST = 5


def _require_user(request: HttpRequest) -> None:
    if request.user.role not in policy.USER_ROLES:
        raise PermissionDenied(_("Your role does not take part in calibration exercises."))


def _load(request: HttpRequest, pk: int) -> tuple[Exercise, Participant | None]:
    """The exercise and the user's participation (404 in another municipality, 403 if not involved)."""
    _require_user(request)
    exercise = selectors.get_exercise(request.municipality, pk)
    participant = policy.participant_of(request.user, exercise)
    if participant is None and not policy.can_manage(request.user, exercise):
        raise PermissionDenied(_("You do not take part in this calibration exercise."))
    return exercise, participant


def _detail(exercise: Exercise) -> str:
    return reverse("calibration:detail", args=[exercise.pk])


@municipality_required
def exercise_list(request: HttpRequest) -> HttpResponse:
    _require_user(request)
    return render(
        request,
        "calibration/exercise_list.html",
        {
            "mine": selectors.my_exercises(request.municipality, request.user),
            "managed": selectors.managed_exercises(request.municipality, request.user),
            "can_create": policy.can_create(request.user),
        },
    )


@municipality_required
def exercise_create(request: HttpRequest) -> HttpResponse:
    _require_user(request)
    if not policy.can_create(request.user):
        raise PermissionDenied(_("Only leaders can create calibration exercises."))
    form = ExerciseForm(request.POST or None, municipality=request.municipality, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            exercise = services.create_exercise(
                request.municipality,
                request.user,
                title=form.cleaned_data["title"],
                instructions=form.cleaned_data["instructions"],
                deadline=form.cleaned_data["deadline"],
                examples=list(form.cleaned_data["examples"]),
                participants=list(form.cleaned_data["participants"]),
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The calibration exercise was created. The participants can start now."))
            return redirect(_detail(exercise))
    return render(request, "calibration/exercise_form.html", {"form": form, "creating": True})


@municipality_required
def exercise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    exercise, _participant = _load(request, pk)
    if not policy.can_manage(request.user, exercise):
        raise PermissionDenied(_("Only leaders can change calibration exercises."))
    if exercise.is_closed:
        messages.info(request, _("The exercise is closed and can no longer be changed."))
        return redirect(_detail(exercise))
    form = ExerciseForm(request.POST or None, instance=exercise, municipality=request.municipality, creating=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_exercise(
                exercise,
                request.user,
                form.cleaned_data["version"],
                title=form.cleaned_data["title"],
                instructions=form.cleaned_data["instructions"],
                deadline=form.cleaned_data["deadline"],
                participants=list(form.cleaned_data["participants"]),
            )
        except ConcurrentEditError as conflict:
            keep_input_on_conflict(
                form,
                _(
                    "Someone changed the exercise after you opened it. Your changes have not been saved: "
                    "they are kept below. Save again to replace the other changes."
                ),
                conflict.current.version,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The calibration exercise was saved."))
            return redirect(_detail(exercise))
    return render(request, "calibration/exercise_form.html", {"form": form, "creating": False, "exercise": exercise})


@municipality_required
def exercise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    exercise, participant = _load(request, pk)
    manages = policy.can_manage(request.user, exercise)
    return render(
        request,
        "calibration/exercise_detail.html",
        {
            "exercise": exercise,
            "participant": participant,
            "manages": manages,
            "progress": exercise.participants.all() if manages else None,
            "submitted": exercise.submitted_count,
            "examples": selectors.examples_of(exercise),
            "can_rate": policy.can_rate(participant),
            "close_form": CloseForm(initial={"version": exercise.version}) if manages and exercise.is_open else None,
        },
    )


@municipality_required
@require_POST
def exercise_close(request: HttpRequest, pk: int) -> HttpResponse:
    exercise, _participant = _load(request, pk)
    if not policy.can_manage(request.user, exercise):
        raise PermissionDenied(_("Only leaders can close calibration exercises."))
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The exercise could not be closed. Try again."))
        return redirect(_detail(exercise))
    try:
        services.close_exercise(exercise, request.user, form.cleaned_data["version"])
    except ConcurrentEditError:
        messages.error(request, _("Someone changed the exercise after you opened it. Look at it again and close it."))
        return redirect(_detail(exercise))
    messages.success(request, _("The exercise is closed. The results are ready."))
    return redirect("calibration:results", pk=exercise.pk)


@municipality_required
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    exercise, participant = _load(request, pk)
    if participant is None:
        raise PermissionDenied(_("You do not take part in this calibration exercise."))
    if not policy.can_rate(participant):
        messages.info(
            request,
            _("Your ratings are submitted.") if participant.submitted else _("The exercise is closed."),
        )
        return redirect(_detail(exercise))
    alternatives = selectors.exercise_alternatives(exercise)
    ratings = selectors.ratings_of(participant)
    submitting = request.method == "POST" and "submit" in request.POST
    form = RatingForm(
        request.POST or None,
        alternatives=alternatives,
        ratings=ratings,
        examples=selectors.examples_of(exercise),
        needs=selectors.need_ratings_of(participant),
        submitting=submitting,
        initial={"version": participant.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_ratings(
                participant,
                request.user,
                form.cleaned_data["version"],
                form.scores(),
                needs=form.needs(),
                submit=submitting,
            )
        except ConcurrentEditError as conflict:
            keep_input_on_conflict(
                form,
                _(
                    "Your ratings were saved from another window after you opened this one. The ratings on this "
                    "page are not saved yet: save again to keep them."
                ),
                conflict.current.version,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            if submitting:
                messages.success(request, _("Thank you. Your ratings are submitted."))
                return redirect(_detail(exercise))
            messages.success(request, _("Your ratings are saved. You can continue later."))
            return redirect("calibration:rate", pk=exercise.pk)
    return render(
        request,
        "calibration/rate.html",
        {
            "exercise": exercise,
            "form": form,
            "sheet": _sheet(form, selectors.rating_sheet(exercise, alternatives)),
            "guide": _guide(),
        },
    )


def _guide() -> list[dict[str, str]]:
    """The guideline's key question of each criterion, in the user's language; benefit is the gain compared
    with no action."""
    return [
        {
            "name": criterion_name(c).capitalize(),
            "question": benefit_question() if c == Criterion.BENEFIT else criterion_question(c),
        }
        for c in CRITERIA
    ]


def _sheet(form: RatingForm, sheet: list[selectors.SheetExample]) -> list[dict]:
    """The examples with each alternative's radio groups, in the order of the exercise."""
    return [
        {
            "example": example,
            "need": form.need_field(example),
            "alternatives": [{"alternative": a, "fields": form.fields_of(a)} for a in example.alternatives],
        }
        for example in sheet
    ]


@municipality_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    exercise, participant = _load(request, pk)
    if not policy.can_see_results(request.user, exercise):
        messages.info(request, _("The results are shown when the exercise is closed."))
        return redirect(_detail(exercise))
    manages = policy.can_manage(request.user, exercise)
    result = selectors.results(exercise)
    own = result.person(request.user) if participant is not None else None
    own_scores = {}
    if own is not None:
        row = result.matrix[result.raters.index(own.participant)]
        own_scores = dict(enumerate(row))
    largest = []
    if own is not None:
        largest = [{"unit": result.units[u.unit], "difference": u} for u in own.distance.largest(LARGEST)]
    rows = [{"row": row, "own": own_scores.get(i)} for i, row in enumerate(result.rows)]
    return render(
        request,
        "calibration/results.html",
        {
            "exercise": exercise,
            "result": result,
            "manages": manages,
            "participant": participant,
            "own": own,
            "largest": largest,
            "rows": rows,
            "comparison": selectors.comparison(exercise, result),
        },
    )
