"""The forms of the integration and token pages. They validate input; the services save."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from prioritet.accounts.models import Municipality
from prioritet.cases.models import Level
from prioritet.core import forms as core_forms

from . import selectors
from .models import INTEGRATION_ROLES, Access, Integration


class IntegrationForm(core_forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("The system that uses the API, such as «Case system»."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(role.value, role.label) for role in INTEGRATION_ROLES],
        help_text=_("The integration follows this role's rules, within the scope below. It is never a person."),
    )
    access = forms.ChoiceField(label=_("Access"), choices=Access.choices, initial=Access.READ)
    levels = forms.MultipleChoiceField(
        label=_("Levels"), choices=Level.choices, widget=forms.CheckboxSelectMultiple, initial=[Level.SERVICE]
    )


class IntegrationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Integration) -> str:
        return f"{obj.name} – {obj.get_role_display()}, {obj.get_access_display()}"


class ApiTokenForm(core_forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, such as «Case system (production)»."),
    )
    integration = IntegrationChoiceField(
        label=_("Integration"),
        queryset=Integration.objects.none(),
        empty_label=_("Choose an integration"),
        help_text=_("The token acts as this integration's system account, within its role and scope."),
    )

    def __init__(self, *args: object, municipality: Municipality, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["integration"].queryset = selectors.integrations_for(municipality)
