"""Sign-in pages and the administrators' pages. Thin: forms validate, services write, selectors read."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prioritet.accounts import selectors, services
from prioritet.accounts.forms import (
    LoginForm,
    MunicipalAdminCreateForm,
    MunicipalityCreateForm,
    MunicipalityForm,
    MunicipalUserCreateForm,
    MunicipalUserEditForm,
    ServiceAreaForm,
)
from prioritet.accounts.models import Municipality, Role, ServiceArea, User
from prioritet.accounts.tenancy import (
    TenantRequest,
    get_for_municipality_or_404,
    municipality_required,
    role_required,
)
from prioritet.web.forms import add_validation_error

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
        return context


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


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    """Confirmation after a password change."""

    template_name = "registration/password_change_done.html"


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
    form = MunicipalUserCreateForm(request.POST or None)
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
    user = get_for_municipality_or_404(User, request.municipality, pk=pk)
    initial = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "is_active": user.is_active,
    }
    form = MunicipalUserEditForm(request.POST or None, initial=initial)
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
            )
        except ValidationError as error:
            add_validation_error(form, error)
        else:
            messages.success(request, _("The changes to %(username)s were saved.") % {"username": user.username})
            return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "editing": user})


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
    area = get_for_municipality_or_404(ServiceArea, request.municipality, pk=pk)
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
    form = MunicipalityCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            municipality = services.create_municipality(
                name=data["name"], number=data["number"], population=data["population"]
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
        request.POST or None, initial={"name": municipality.name, "population": municipality.population}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_municipality(
                municipality, name=form.cleaned_data["name"], population=form.cleaned_data["population"]
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
    form = MunicipalAdminCreateForm(request.POST or None)
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
