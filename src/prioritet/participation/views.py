"""Thin views: the leader's pages on a case, and the answer pages behind a link (no login).

Answer pages are served to anonymous people: they need no cookie beyond CSRF's, carry the
municipality's public frame, and answer an unknown token with 404, an expired round or a used link
with 410 and a page that says so, a body over :data:`MAX_BODY` bytes with 413, and too many public
answers from one address with 429.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from prioritet.accounts.tenancy import municipality_required
from prioritet.cases import selectors as case_selectors
from prioritet.cases.models import Case
from prioritet.cases.selectors import alternatives_of
from prioritet.core.concurrency import ConcurrentEditError
from prioritet.core.forms import add_validation_error
from prioritet.core.tenancy_db import database_unscoped

from . import policy, selectors, services
from .forms import (
    DRAFT,
    SUBMIT,
    AnswerForm,
    CloseForm,
    InvitationEmailForm,
    InvitationFormSet,
    InviteForm,
    PublicLinkForm,
    RoundForm,
)
from .models import Invitation, digest

#: The largest answer a link accepts, in bytes (the text limits of every field fit well inside).
MAX_BODY = 256 * 1024
#: Public answers (saves and submits) per address and round.
PUBLIC_RATE = getattr(settings, "PARTICIPATION_PUBLIC_RATE", "10/h")
#: Links made on the last POST, shown once on the round's page: the session holds them until then.
_FRESH_LINKS = "participation-fresh-links"


def _load_case(request: HttpRequest, pk: int, *, manage: bool = False) -> Case:
    """The case if it can have rounds (404 otherwise, and in another municipality) and the user may see them."""
    case = case_selectors.get_case(request.municipality, pk)
    if case.level not in policy.ROUND_LEVELS:
        raise Http404
    if not policy.can_view(request.user, case):
        raise PermissionDenied(_("Your role cannot read this case."))
    if manage and not policy.can_manage(request.user, case):
        raise PermissionDenied(_("Your role cannot open or close consultation rounds on this case."))
    return case


def _link(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("participation:answer", args=[token]))


def _round_url(round_) -> str:
    return reverse("participation:round", args=[round_.case_id, round_.pk])


# Leader pages -----------------------------------------------------------------------------------


@municipality_required
def round_list(request: HttpRequest, pk: int) -> HttpResponse:
    case = _load_case(request, pk)
    return render(
        request,
        "participation/round_list.html",
        {"case": case, "rounds": selectors.rounds_of(case), "can_manage": policy.can_manage(request.user, case)},
    )


@municipality_required
def round_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = _load_case(request, pk, manage=True)
    form = RoundForm(request.POST or None)
    formset = InvitationFormSet(request.POST or None, prefix="invite")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        invitations = [
            (f.cleaned_data["group"], f.cleaned_data["label"]) for f in formset if f.cleaned_data.get("group")
        ]
        try:
            round_, links = services.open_round(case, request.user, invitations=invitations, **form.cleaned_data)
        except ValidationError as err:
            add_validation_error(form, err)
        else:
            request.session[_FRESH_LINKS] = {str(link.invitation.pk): link.token for link in links}
            messages.success(request, _("The consultation round is open."))
            return redirect(_round_url(round_))
    return render(request, "participation/round_form.html", {"case": case, "form": form, "formset": formset})


@municipality_required
def round_detail(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    case = _load_case(request, pk)
    round_ = selectors.get_round(case, round_pk)
    can_manage = policy.can_manage(request.user, case)
    fresh = request.session.pop(_FRESH_LINKS, {}) if can_manage else {}
    invitations = [
        {"invitation": inv, "link": _link(request, fresh[str(inv.pk)]) if str(inv.pk) in fresh else ""}
        for inv in selectors.invitations_of(round_)
    ]
    return render(
        request,
        "participation/round_detail.html",
        {
            "case": case,
            "round": round_,
            "invitations": invitations,
            "fresh": bool(fresh),
            "public_link": _link(request, round_.public_token) if round_.public_enabled and can_manage else "",
            "can_manage": can_manage,
            "summary": selectors.round_summary(round_),
            "invite_form": InviteForm(auto_id="invite_%s"),
        },
    )


@require_http_methods(["GET", "POST"])
@municipality_required
def round_close(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    """Closing early asks first: GET shows what closing means (a page, so it works without JavaScript),
    POST closes. The GET only reads."""
    case = _load_case(request, pk, manage=True)
    round_ = selectors.get_round(case, round_pk)
    if request.method == "GET":
        if not round_.is_open():
            messages.info(request, _("The round is already closed."))
            return redirect(_round_url(round_))
        return render(
            request,
            "participation/round_close.html",
            {"case": case, "round": round_, "counts": selectors.close_counts(round_)},
        )
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The round was not closed. Try again."))
        return redirect(_round_url(round_))
    try:
        services.close_round(round_, request.user, form.cleaned_data["version"])
    except ConcurrentEditError:
        messages.error(request, _("The round was changed by someone else. Look at it again before you close it."))
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    else:
        messages.success(request, _("The round is closed. No more answers can be given."))
    return redirect(_round_url(round_))


@require_POST
@municipality_required
def new_link(request: HttpRequest, pk: int, round_pk: int, invitation_pk: int) -> HttpResponse:
    case = _load_case(request, pk, manage=True)
    round_ = selectors.get_round(case, round_pk)
    invitation = Invitation.objects.filter(round=round_, pk=invitation_pk).first()
    if invitation is None:
        raise Http404
    try:
        link = services.new_link(invitation, request.user)
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    else:
        request.session[_FRESH_LINKS] = {str(invitation.pk): link.token}
        messages.success(request, _("A new link was made. The old link no longer works."))
    return redirect(_round_url(round_))


@require_POST
@municipality_required
def email_invitation(request: HttpRequest, pk: int, round_pk: int, invitation_pk: int) -> HttpResponse:
    """Queue the invitation's e-mail (a background task makes a new link and sends it)."""
    case = _load_case(request, pk, manage=True)
    round_ = selectors.get_round(case, round_pk)
    invitation = Invitation.objects.filter(round=round_, pk=invitation_pk).first()
    if invitation is None:
        raise Http404
    form = InvitationEmailForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_round_url(round_))
    try:
        services.send_invitation(invitation, request.user, form.cleaned_data["address"])
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    else:
        messages.success(
            request,
            _("The invitation to %(organisation)s is being sent. Its state is shown below.")
            % {"organisation": invitation.label},
        )
    return redirect(_round_url(round_) + "#invitations-heading")


@require_POST
@municipality_required
def public_link(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    case = _load_case(request, pk, manage=True)
    round_ = selectors.get_round(case, round_pk)
    form = PublicLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The public link was not changed. Try again."))
        return redirect(_round_url(round_))
    enabled = form.cleaned_data["enabled"]
    try:
        services.set_public_link(round_, request.user, form.cleaned_data["version"], enabled=enabled)
    except ConcurrentEditError:
        messages.error(request, _("The round was changed by someone else. Look at it again before you change it."))
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    else:
        messages.success(request, _("The public link is open.") if enabled else _("The public link is closed."))
    return redirect(_round_url(round_))


@require_POST
@municipality_required
def invite(request: HttpRequest, pk: int, round_pk: int) -> HttpResponse:
    case = _load_case(request, pk, manage=True)
    round_ = selectors.get_round(case, round_pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(_round_url(round_))
    try:
        link = services.invite(round_, request.user, form.cleaned_data["group"], form.cleaned_data["label"])
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    else:
        request.session[_FRESH_LINKS] = {str(link.invitation.pk): link.token}
        messages.success(request, _("The group is invited. Copy its link now."))
    return redirect(_round_url(round_))


# Answer pages -----------------------------------------------------------------------------------


def _frame(target: selectors.LinkTarget) -> dict:
    case = target.round.case
    return {
        "round": target.round,
        "case": case,
        "public_municipality": case.municipality,
        "invitation": target.invitation,
        "verified": target.invitation is not None,
    }


def _gone(request: HttpRequest, target: selectors.LinkTarget, reason: str, response=None) -> HttpResponse:
    context = _frame(target) | {"reason": reason, "response": response or target.response}
    return render(request, "participation/link_gone.html", context, status=410)


def _thanks(request: HttpRequest, target: selectors.LinkTarget, response) -> HttpResponse:
    return render(request, "participation/thanks.html", _frame(target) | {"response": response})


def _rate_limited(request: HttpRequest, target: selectors.LinkTarget) -> bool:
    return is_ratelimited(
        request,
        group=f"participation.public.{digest(target.round.public_token or str(target.round.pk))[:16]}",
        key="ip",
        rate=PUBLIC_RATE,
        method="POST",
        increment=True,
    )


def personal_page(view):
    """A page behind a personal link: never cached, never indexed (the token is in its address)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    # The link is the key, whoever opens it: a signed-in user of another municipality too.
    return never_cache(database_unscoped(wrapper))


@require_http_methods(["GET", "HEAD", "POST"])
@personal_page
def answer(request: HttpRequest, token: str) -> HttpResponse:
    target = selectors.resolve_token(token)
    round_ = target.round
    response = target.response
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = MAX_BODY + 1
        if length > MAX_BODY:
            return render(request, "participation/too_large.html", _frame(target), status=413)
        if target.is_public and _rate_limited(request, target):
            return render(request, "participation/rate_limited.html", _frame(target), status=429)
        repeat = response is not None and response.is_submitted
        if repeat and response is not None and response.key_digest == digest(request.POST.get("key", "")):
            return _thanks(request, target, response)
    if response is not None and response.is_submitted:
        return _gone(request, target, "used")
    if not round_.is_open():
        return _gone(request, target, "expired")

    alternatives = alternatives_of(round_.case)
    if request.method == "POST":
        form = AnswerForm(request.POST, alternatives=alternatives)
        submit = request.POST.get("action") == SUBMIT
        if form.is_valid():
            key = form.cleaned_data["key"]
            try:
                if target.invitation is not None:
                    saved = services.answer_invitation(
                        target.invitation, key=key, data=form.answer_data(), submit=submit
                    )
                else:
                    saved = services.answer_public(round_, key=key, data=form.answer_data(), submit=submit)
            except services.RoundClosedError:
                return _gone(request, target, "expired")
            except services.AlreadySubmittedError as err:
                return _gone(request, target, "used", err.response)
            except ValidationError as err:
                add_validation_error(form, err)
            else:
                if saved.is_submitted:
                    return _thanks(request, target, saved)
                back = token if target.invitation is not None else key
                return redirect(reverse("participation:answer", args=[back]) + "?saved=1#answer-status")
    else:
        key = token if (target.is_public and response is not None) else services.new_token()
        form = AnswerForm(initial=AnswerForm.initial_from(response, key), alternatives=alternatives)
    context = _frame(target) | {
        "form": form,
        "saved": request.GET.get("saved") == "1" and response is not None,
        "draft": response,
        "public_draft_link": _link(request, token) if target.is_public and response is not None else "",
        "DRAFT": DRAFT,
        "SUBMIT": SUBMIT,
    }
    return render(request, "participation/answer.html", context)
