"""Forms of the example bank: search, sharing (with de-identification) and «use as a template»."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from prioritet.cases import policy as case_policy
from prioritet.cases.models import Level
from prioritet.core import forms as core_forms

from . import deidentify
from .models import SizeClass
from .selectors import service_areas

ANY = ("", _("Any"))

BAND_CHOICES = {
    "severity": [ANY, ("high", _("High (4–5)")), ("moderate", _("Moderate (3)")), ("low", _("Low (1–2)"))],
    "benefit": [ANY, ("high", _("Large (4–5)")), ("moderate", _("Moderate (3)")), ("low", _("Small (1–2)"))],
    "resources": [ANY, ("high", _("Many (4–5)")), ("moderate", _("Moderate (3)")), ("low", _("Few (1–2)"))],
}


class SearchForm(core_forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words in the title, the background, the alternatives, the decision or the justification."),
    )
    level = forms.ChoiceField(label=_("Level"), required=False, choices=[ANY, *Level.choices])
    service_area = forms.ChoiceField(label=_("Service area"), required=False)
    severity = forms.ChoiceField(label=_("Severity"), required=False, choices=BAND_CHOICES["severity"])
    benefit = forms.ChoiceField(label=_("Benefit"), required=False, choices=BAND_CHOICES["benefit"])
    resources = forms.ChoiceField(label=_("Resources"), required=False, choices=BAND_CHOICES["resources"])
    size_class = forms.ChoiceField(label=_("Municipality size"), required=False, choices=[ANY, *SizeClass.choices])
    mine = forms.BooleanField(label=_("Only examples our municipality shared"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_area"].choices = [ANY] + [(name, name) for name in service_areas()]
        if not getattr(user, "municipality_id", None):
            del self.fields["mine"]

    def filters(self, user) -> dict:
        if not self.is_valid():
            return {}
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("q", "mine") and v}
        if self.cleaned_data.get("mine"):
            data["municipality"] = user.municipality
        return data


def _identifying(value: str) -> None:
    found = deidentify.findings(value)
    if found:
        raise forms.ValidationError(found, code="identifying")


TEXT_VALIDATORS = [_identifying]


class PublishForm(core_forms.Form):
    """Service and political cases: the publisher confirms the snapshot they saw."""

    decision = forms.IntegerField(widget=forms.HiddenInput)


class DeidentifyForm(core_forms.Form):
    """Individual cases: every text rewritten or confirmed by the publisher, and the explicit checklist."""

    decision = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Title"), max_length=200, validators=TEXT_VALIDATORS)
    summary = forms.CharField(
        label=_("Background and need"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=TEXT_VALIDATORS,
    )
    decision_text = forms.CharField(label=_("Decision"), max_length=300, validators=TEXT_VALIDATORS)
    justification = forms.CharField(
        label=_("Justification"), widget=forms.Textarea(attrs={"rows": 4}), validators=TEXT_VALIDATORS
    )
    no_names = forms.BooleanField(
        label=_("There are no names of the person, relatives, staff or places they can be recognised by."),
        error_messages={"required": _("Confirm that there are no names.")},
    )
    no_numbers = forms.BooleanField(
        label=_("There are no national identity numbers and no dates of birth."),
        error_messages={"required": _("Confirm that there are no identity numbers or dates of birth.")},
    )
    no_direct_identifiers = forms.BooleanField(
        label=_("There are no addresses, phone numbers, e-mail addresses or other direct identifiers."),
        error_messages={"required": _("Confirm that there are no direct identifiers.")},
    )
    no_rare_details = forms.BooleanField(
        label=_(
            "There are no rare details (diagnosis, events, family situation) that together could identify the person."
        ),
        error_messages={"required": _("Confirm that there are no rare details that together identify the person.")},
    )

    CHECKLIST = ("no_names", "no_numbers", "no_direct_identifiers", "no_rare_details")

    def checklist(self) -> list:
        return [self[name] for name in self.CHECKLIST]

    def texts_fields(self) -> list:
        return [self[name] for name in ("title", "summary", "decision_text", "justification")]

    def texts(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "summary": data["summary"],
            "decision": data["decision_text"],
            "justification": data["justification"],
        }


class AlternativeTextForm(core_forms.Form):
    title = forms.CharField(label=_("Title of the alternative"), max_length=200, validators=TEXT_VALIDATORS)
    description = forms.CharField(
        label=_("Description of the alternative"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=TEXT_VALIDATORS,
    )
    conclusion = forms.CharField(
        label=_("Priority / conclusion"), required=False, max_length=300, validators=TEXT_VALIDATORS
    )


def alternative_formset(count: int):
    """A formset of exactly ``count`` alternatives (a tampered form count is refused)."""
    return forms.formset_factory(
        AlternativeTextForm, extra=0, min_num=count, max_num=count, validate_min=True, validate_max=True
    )


class TemplateForm(core_forms.Form):
    """«Use as a template»: the new case's title and level, and what happens if nothing is done."""

    title = forms.CharField(label=_("Title of the new case"), max_length=200)
    level = forms.ChoiceField(label=_("Level"))
    no_action_consequence = forms.CharField(
        label=_("Consequence of not starting, postponing or ending"),
        help_text=_("What happens in your municipality if nothing is done? Every case describes it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = case_policy.workable_levels(user)
        self.fields["level"].choices = [(v, label) for v, label in Level.choices if v in allowed]
