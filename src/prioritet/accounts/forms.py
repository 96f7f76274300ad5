"""Forms for signing in and for the administrators' pages. They validate input; services save."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from prioritet.accounts.models import MUNICIPAL_ROLES, Municipality, ServiceArea, User
from prioritet.core import forms as core_forms


class LoginForm(core_forms.TextRulesMixin, AuthenticationForm):
    """Django's login form with a plainer error message and the browser hints password managers need."""

    error_messages: ClassVar[dict[str, Any]] = {
        "invalid_login": _(
            "Wrong username or password. Check what you typed and try again. "
            "After %(limit)s failed attempts, signing in is blocked for %(minutes)s minutes."
        ),
        "inactive": _("This user account is deactivated. Contact your municipality's administrator."),
    }

    def __init__(self, request: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Username")
        # No autofocus (Django sets it): keyboard and screen reader users should meet the skip
        # link, the language switch and the heading first, as on every other page.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].label = _("Password")
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def get_invalid_login_error(self) -> forms.ValidationError:
        return forms.ValidationError(
            self.error_messages["invalid_login"],
            code="invalid_login",
            params={
                "limit": settings.AXES_FAILURE_LIMIT,
                "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            },
        )


def _municipal_role_choices() -> list[tuple[str, Any]]:
    return [(role.value, role.label) for role in MUNICIPAL_ROLES]


class PasswordFieldsMixin(core_forms.Form):
    """An optional initial password, typed twice and checked against the password rules."""

    password1 = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "At least 12 characters. Leave empty if the user signs in with the municipality's "
            "login service (OpenID Connect)."
        ),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, municipality: Municipality | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        password1 = cleaned.get("password1") or ""
        password2 = cleaned.get("password2") or ""
        if password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            try:
                password_validation.validate_password(password1, self._user_for_rules(cleaned))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

    def _user_for_rules(self, cleaned: dict[str, Any]) -> User:
        """An unsaved user with the typed details, so the rules can compare the password with them
        and with the municipality's name."""
        return User(
            municipality=self.municipality,
            username=cleaned.get("username", ""),
            first_name=cleaned.get("first_name", ""),
            last_name=cleaned.get("last_name", ""),
            email=cleaned.get("email", ""),
        )


class UserDetailsForm(core_forms.Form):
    """Name and e-mail, shared by the create and edit forms."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Needed to sign in through the municipality's login service."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class ServiceAreasMixin(core_forms.Form):
    """The service areas the user works in: a leader is on the case team of their individual cases."""

    service_areas = forms.ModelMultipleChoiceField(
        label=_("Service areas"),
        queryset=ServiceArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A leader is on the case team of the individual cases of these service areas and reviews the "
            "emergency accesses to them."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = getattr(self, "municipality", None)
        field = self.fields["service_areas"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = (
            ServiceArea.objects.filter(municipality=municipality).order_by("name")
            if municipality is not None
            else ServiceArea.objects.none()
        )


class MunicipalUserCreateForm(UserDetailsForm, ServiceAreasMixin, PasswordFieldsMixin):
    """A municipal administrator adds a user to their municipality."""

    username = forms.CharField(
        label=_("Username"), max_length=150, widget=forms.TextInput(attrs={"autocapitalize": "none"})
    )
    role = forms.ChoiceField(label=_("Role"), choices=_municipal_role_choices)

    field_order = ("username", "first_name", "last_name", "email", "role", "service_areas", "password1", "password2")


class MunicipalUserEditForm(UserDetailsForm, ServiceAreasMixin, PasswordFieldsMixin):
    """A municipal administrator changes a user's role, details or active state, or sets a new password."""

    role = forms.ChoiceField(label=_("Role"), choices=_municipal_role_choices)
    is_active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("Deactivated users cannot sign in. Their earlier work is kept."),
    )

    field_order = ("first_name", "last_name", "email", "role", "service_areas", "is_active", "password1", "password2")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password1"].label = _("New password")
        self.fields["password1"].help_text = _(
            "Leave empty to keep the current password. A new password must be changed by the user at the next login."
        )


class SecondFactorForm(core_forms.Form):
    """A six-digit code from the authenticator app, or one of the recovery codes."""

    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        strip=True,
        help_text=_("The six digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class MunicipalAdminCreateForm(UserDetailsForm, PasswordFieldsMixin):
    """The national administrator adds the first administrator of a municipality."""

    username = forms.CharField(
        label=_("Username"), max_length=150, widget=forms.TextInput(attrs={"autocapitalize": "none"})
    )

    field_order = ("username", "first_name", "last_name", "email", "password1", "password2")


class ServiceAreaForm(core_forms.Form):
    """Name of a service area (tjenesteområde)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("For example home care services, nursing homes or rehabilitation."),
    )


class MunicipalityForm(core_forms.Form):
    """Name and population of a municipality, and the roles that must use two-factor authentication."""

    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("For example «Larvik kommune»."))
    population = forms.IntegerField(label=_("Population"), min_value=0, required=False)
    mfa_roles = forms.MultipleChoiceField(
        label=_("Roles that must use two-factor authentication"),
        choices=_municipal_role_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Applies to password logins; the municipality's login service (OpenID Connect) has its own. "
            "Other users may turn it on themselves."
        ),
    )


class MunicipalityCreateForm(MunicipalityForm):
    """A new municipality also needs its fixed number."""

    number = forms.RegexField(
        label=_("Municipality number"),
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={"invalid": _("The municipality number has four digits.")},
        help_text=_("The four-digit municipality number (kommunenummer) from Statistics Norway."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    field_order = ("name", "number", "population")
