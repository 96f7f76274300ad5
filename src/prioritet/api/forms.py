"""The form of the token pages. It validates input; the service saves."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from prioritet.accounts.models import Municipality, User
from prioritet.core import forms as core_forms

from . import selectors


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        name = obj.get_full_name()
        person = f"{name} ({obj.username})" if name else obj.username
        return f"{person} – {obj.get_role_display()}"


class ApiTokenForm(core_forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, such as «Case system (production)»."),
    )
    user = UserChoiceField(
        label=_("Acts as user"),
        queryset=User.objects.none(),
        empty_label=_("Choose a user"),
        help_text=_(
            "The token reads and changes cases as this user, with this user's role, and the access log and "
            "change history name this user. Use a user account made for the integration."
        ),
    )

    def __init__(self, *args: object, municipality: Municipality, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["user"].queryset = selectors.token_users(municipality)  # type: ignore[attr-defined]
