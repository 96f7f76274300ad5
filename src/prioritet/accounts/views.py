"""Sign-in pages and the administrators' pages. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language
from django_ratelimit.core import is_ratelimited

from prioritet.accounts import mfa, selectors, services
from prioritet.accounts.forms import (
    LoginForm,
    MunicipalAdminCreateForm,
    MunicipalityCreateForm,
    MunicipalityForm,
    MunicipalUserCreateForm,
    MunicipalUserEditForm,
    SecondFactorForm,
    ServiceAreaForm,
)
from prioritet.accounts.models import Municipality, Role, ServiceArea, User, default_mfa_roles
from prioritet.accounts.tenancy import (
    TenantRequest,
    get_for_municipality_or_404,
    municipality_required,
    role_required,
)
from prioritet.core.forms import add_validation_error

# --- Signing in and out -------------------------------------------------------------------------


class LoginView(auth_views.LoginView):
    """Password login (throttled by django-axes), with an OpenID Connect button when configured."""

    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True
    extra_context: ClassVar[dict[str, Any]] = {"title": gettext_lazy("Log in")}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        """Tell the user when the OpenID Connect login came back without a matching user."""
        context = super().get_context_data(**kwargs)
        context["oidc_failed"] = self.request.GET.get("oidc") == "failed"
        context["password_login"] = settings.PASSWORD_LOGIN
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """With ``PASSWORD_LOGIN=0`` only the municipality's login service signs people in."""
        if not settings.PASSWORD_LOGIN:
            raise PermissionDenied(_("Password login is switched off. Use the municipality's login service."))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        """Sign in, then apply the user's own language: the one stored on the user, else the one they
        chose on the login page (the cookie), which is then stored on the user."""
        response = super().form_valid(form)
        user = form.get_user()
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if not user.language and chosen in dict(settings.LANGUAGES):
            services.choose_language(user, chosen)
        if user.language:
            _set_language_cookie(response, user.language)
        return response


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    """The cookie follows the user's language, so the login page after logging out speaks it too."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switch: a signed-in user's choice is stored on the user (every device follows it);
    an anonymous visitor's lives in the language cookie only (Django's own view sets it)."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.choose_language(request.user, language)
    return response


# Password reset by e-mail -------------------------------------------------------------------------

#: Reset requests per address of the visitor, and per e-mail address typed (django-ratelimit's syntax).
PASSWORD_RESET_RATE_IP = "10/h"
PASSWORD_RESET_RATE_EMAIL = "3/h"


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link. The answer is the same page whether or not the address has an account, and
    nothing is looked up in the request: a background task finds the accounts and sends the e-mail
    (:func:`prioritet.accounts.tasks.send_password_reset`). Rate-limited per visitor and per address."""

    template_name = "registration/password_reset_form.html"
    success_url = reverse_lazy("password_reset_done")
    extra_context: ClassVar[dict[str, Any]] = {"title": gettext_lazy("Forgotten password")}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        limited = [
            is_ratelimited(request, group="password-reset-ip", key="ip", rate=PASSWORD_RESET_RATE_IP, increment=True),
            is_ratelimited(
                request,
                group="password-reset-email",
                key=lambda group, req: req.POST.get("email", "").strip().lower()[:254],
                rate=PASSWORD_RESET_RATE_EMAIL,
                increment=True,
            ),
        ]
        if any(limited):
            return render(request, "registration/password_reset_limited.html", status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        from prioritet.accounts.tasks import send_password_reset

        send_password_reset.enqueue(form.cleaned_data["email"], translation.get_language() or settings.LANGUAGE_CODE)
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose a new password through the e-mail's one-time link (the password rules apply)."""

    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        """A password the user chose ends a forced change an administrator's password started."""
        response = super().form_valid(form)
        services.password_chosen(form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"


class LogoutView(auth_views.LogoutView):
    """POST-only logout that confirms the user is signed out."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You are logged out."))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (keeps the session signed in)."""

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        """A password the user chose ends the forced change an administrator's password started."""
        response = super().form_valid(form)
        services.password_chosen(self.request.user)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    """Confirmation after a password change."""

    template_name = "registration/password_change_done.html"


# --- Two-factor authentication ------------------------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    """Where to go after a login step: the page asked for, if it is on this site, else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("home")


def _recovery_codes_page(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    """The recovery codes, shown this once (the response is not cached: the user is signed in)."""
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url})


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """The user's own sign-in security: their authenticator app and recovery codes."""
    user = request.user
    context = {
        "has_second_factor": mfa.has_second_factor(user),
        "required": user.mfa_required,
        "can_turn_off": mfa.can_turn_off(user),
        "recovery_codes_left": mfa.remaining_recovery_codes(user),
        "oidc_login": not mfa.is_password_login(request),
    }
    return render(request, "accounts/security.html", context)


@login_required
def mfa_setup(request: HttpRequest) -> HttpResponse:
    """Connect an authenticator app: scan the QR code, type the first code, get recovery codes.

    Someone who already has an authenticator must first prove it (verify) before replacing it, so a
    stolen password alone cannot enrol the thief's phone.
    """
    user = request.user
    if mfa.has_second_factor(user) and not user.is_verified():
        return redirect(f"{reverse('accounts:mfa_verify')}?next={reverse('accounts:mfa_setup')}")
    device = mfa.start_setup(user)
    form = SecondFactorForm(request.POST or None)
    next_url = _next_url(request)
    if request.method == "POST" and form.is_valid():
        codes = mfa.confirm_setup(request, device, form.cleaned_data["token"])
        if codes is not None:
            messages.success(request, _("Two-factor authentication is on."))
            return _recovery_codes_page(request, codes, next_url)
        form.add_error("token", _("The code is wrong or too old. Wait a moment and try the new code."))
    context = {
        "form": form,
        "qr_svg": mfa.qr_code_svg(device),
        "secret": mfa.secret_for_typing(device),
        "next": next_url,
        "required": user.mfa_required,
    }
    return render(request, "accounts/mfa_setup.html", context)


@login_required
def mfa_verify(request: HttpRequest) -> HttpResponse:
    """Give the second factor after the password: a code from the app or a recovery code."""
    if not mfa.has_second_factor(request.user):
        return redirect("accounts:mfa_setup")
    form = SecondFactorForm(request.POST or None)
    next_url = _next_url(request)
    if request.method == "POST" and form.is_valid():
        if mfa.verify(request, form.cleaned_data["token"]):
            return HttpResponseRedirect(next_url)
        form.add_error("token", _("The code is wrong or too old. Wait a moment and try the new code."))
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": next_url})


@login_required
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    """New recovery codes (the old ones stop working), for a user who has given their second factor."""
    if request.method != "POST":
        return redirect("accounts:security")
    if not request.user.is_verified():
        raise PermissionDenied
    return _recovery_codes_page(request, mfa.new_recovery_codes(request.user), reverse("accounts:security"))


@login_required
def mfa_turn_off(request: HttpRequest) -> HttpResponse:
    """Remove one's own authenticator, where the role allows it (POST only)."""
    if request.method != "POST":
        return redirect("accounts:security")
    if not request.user.is_verified():
        raise PermissionDenied
    mfa.turn_off(request.user)
    messages.success(request, _("Two-factor authentication is off."))
    return redirect("accounts:security")


# --- Municipal administrator: users -------------------------------------------------------------


@municipality_required
@role_required(Role.MUNICIPAL_ADMIN)
def user_list(request: TenantRequest) -> HttpResponse:
    """The users of the administrator's municipality."""
    assert request.municipality is not None
    users = selectors.users_for_municipality(request.municipality)
    return render(request, "accounts/user_list.html", {"users": users})


@municipality_required
@role_required(Role.MUNICIPAL_ADMIN)
def user_create(request: TenantRequest) -> HttpResponse:
    """Add a user to the administrator's municipality."""
    assert request.municipality is not None
    form = MunicipalUserCreateForm(request.POST or None, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_municipal_user(
                municipality=request.municipality,
                username=data["username"],
                role=data["role"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password1"] or None,
                service_areas=data["service_areas"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The user %(username)s was added.") % {"username": user.username})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "editing": None})


@municipality_required
@role_required(Role.MUNICIPAL_ADMIN)
def user_edit(request: TenantRequest, pk: int) -> HttpResponse:
    """Change a user's role, details or active state (there is no delete)."""
    user: User = get_for_municipality_or_404(User, request.municipality, pk=pk)
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "is_active": user.is_active,
        "service_areas": list(user.service_areas.all()),
    }
    form = MunicipalUserEditForm(request.POST or None, initial=initial, municipality=request.municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_municipal_user(
                user,
                by=request.user,
                role=data["role"],
                is_active=data["is_active"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password1"] or None,
                service_areas=data["service_areas"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The changes to %(username)s were saved.") % {"username": user.username})
            return redirect("accounts:user_list")
    context = {"form": form, "editing": user, "has_second_factor": mfa.has_second_factor(user)}
    return render(request, "accounts/user_form.html", context)


@require_POST
@role_required(Role.MUNICIPAL_ADMIN, Role.NATIONAL_ADMIN)
def user_mfa_reset(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a user's authenticator and recovery codes (a lost phone); they set up a new one at login.

    A municipal administrator resets their own municipality's users (others: 404); the national
    administrator resets municipal administrators. Only by POST (GET: 405).
    """
    by = request.user
    if by.is_national_admin:
        user = get_object_or_404(User, pk=pk, role=Role.MUNICIPAL_ADMIN)
        back = reverse("accounts:municipality_edit", args=[user.municipality_id])
    else:
        user = get_for_municipality_or_404(User, by.municipality, pk=pk)
        back = reverse("accounts:user_edit", args=[user.pk])
    mfa.reset(user, by=by)
    messages.success(request, _("Two-factor authentication for %(username)s was reset.") % {"username": user.username})
    return redirect(back)


# --- Municipal administrator: service areas -----------------------------------------------------


@municipality_required
@role_required(Role.MUNICIPAL_ADMIN)
def service_area_list(request: TenantRequest) -> HttpResponse:
    """The service areas (tjenesteområder) of the administrator's municipality."""
    assert request.municipality is not None
    service_areas = selectors.service_areas_for_municipality(request.municipality)
    return render(request, "accounts/service_area_list.html", {"service_areas": service_areas})


@municipality_required
@role_required(Role.MUNICIPAL_ADMIN)
def service_area_create(request: TenantRequest) -> HttpResponse:
    """Add a service area."""
    assert request.municipality is not None
    form = ServiceAreaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            area = services.create_service_area(municipality=request.municipality, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The service area %(name)s was added.") % {"name": area.name})
            return redirect("accounts:service_area_list")
    return render(request, "accounts/service_area_form.html", {"form": form, "editing": None})


@municipality_required
@role_required(Role.MUNICIPAL_ADMIN)
def service_area_edit(request: TenantRequest, pk: int) -> HttpResponse:
    """Rename a service area of the administrator's own municipality (others: 404)."""
    area: ServiceArea = get_for_municipality_or_404(ServiceArea, request.municipality, pk=pk)
    form = ServiceAreaForm(request.POST or None, initial={"name": area.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.rename_service_area(area, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The service area %(name)s was saved.") % {"name": area.name})
            return redirect("accounts:service_area_list")
    return render(request, "accounts/service_area_form.html", {"form": form, "editing": area})


# --- National administrator: municipalities -----------------------------------------------------


@role_required(Role.NATIONAL_ADMIN)
def municipality_list(request: HttpRequest) -> HttpResponse:
    """All municipalities."""
    return render(request, "accounts/municipality_list.html", {"municipalities": selectors.municipalities()})


@role_required(Role.NATIONAL_ADMIN)
def municipality_create(request: HttpRequest) -> HttpResponse:
    """Add a municipality."""
    form = MunicipalityCreateForm(request.POST or None, initial={"mfa_roles": default_mfa_roles()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            municipality = services.create_municipality(
                name=data["name"], number=data["number"], population=data["population"], mfa_roles=data["mfa_roles"]
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": municipality.name})
            return redirect("accounts:municipality_edit", pk=municipality.pk)
    return render(request, "accounts/municipality_form.html", {"form": form, "editing": None})


@role_required(Role.NATIONAL_ADMIN)
def municipality_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a municipality and see who administers it."""
    municipality = get_object_or_404(Municipality, pk=pk)
    form = MunicipalityForm(
        request.POST or None,
        initial={"name": municipality.name, "population": municipality.population, "mfa_roles": municipality.mfa_roles},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_municipality(
                municipality,
                name=form.cleaned_data["name"],
                population=form.cleaned_data["population"],
                mfa_roles=form.cleaned_data["mfa_roles"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The changes to %(name)s were saved.") % {"name": municipality.name})
            return redirect("accounts:municipality_list")
    context = {"form": form, "editing": municipality, "admins": selectors.municipal_admins(municipality)}
    return render(request, "accounts/municipality_form.html", context)


@role_required(Role.NATIONAL_ADMIN)
def municipal_admin_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an administrator to a municipality, who then adds the municipality's other users."""
    municipality = get_object_or_404(Municipality, pk=pk)
    form = MunicipalAdminCreateForm(request.POST or None, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_municipal_user(
                municipality=municipality,
                username=data["username"],
                role=Role.MUNICIPAL_ADMIN,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password1"] or None,
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(
                request,
                _("%(username)s now administers %(name)s.") % {"username": user.username, "name": municipality.name},
            )
            return redirect("accounts:municipality_edit", pk=municipality.pk)
    return render(request, "accounts/municipal_admin_form.html", {"form": form, "target": municipality})
