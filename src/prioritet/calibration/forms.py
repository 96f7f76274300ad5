"""Forms of the calibration app: setting up an exercise, and a participant's rating sheet."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from prioritet.accounts.models import User
from prioritet.core import forms as core_forms
from prioritet.core.formatting import criterion_name, scale_word
from prioritet.core.forms import VersionField
from prioritet.engine import CRITERIA, Criterion
from prioritet.examples.models import Example, ExampleAlternative

from . import selectors
from .models import Exercise, today


class ExampleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Example) -> str:
        details = [obj.get_level_display()] + ([obj.service_area] if obj.service_area else [])
        return f"{obj.title} ({', '.join(details)})"


class ParticipantChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.get_full_name() or obj.get_username()} ({obj.get_role_display()})"


class ExerciseForm(core_forms.ModelForm):
    examples = ExampleChoiceField(
        label=_("Examples"),
        queryset=Example.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Choose 2 to 10 examples from the example bank. They cannot be changed once the exercise is created. "
            "Check that an example's descriptions do not give away its assessment."
        ),
    )
    participants = ParticipantChoiceField(
        label=_("Participants"),
        queryset=User.objects.none(),  # the municipality's people, set in __init__
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Caseworkers, health personnel and leaders of the municipality. At least two."),
    )
    version = VersionField(required=False)

    class Meta:
        model = Exercise
        fields = ("title", "instructions", "deadline")
        widgets: ClassVar[dict] = {
            "instructions": forms.Textarea(attrs={"rows": 3}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, municipality, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = selectors.eligible_participants(municipality)
        if creating:
            self.fields["examples"].queryset = selectors.selectable_examples()
            del self.fields["version"]
        else:
            del self.fields["examples"]
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version
            self.fields["participants"].initial = [p.user_id for p in self.instance.participants.all()]

    def clean_deadline(self) -> datetime.date | None:
        deadline = self.cleaned_data.get("deadline")
        if deadline is not None and deadline < today():
            raise forms.ValidationError(_("The deadline cannot be in the past."))
        return deadline


class RatingForm(core_forms.Form):
    """One radio group per alternative and criterion, labelled with the guideline's scale words.

    Every score is optional while saving a draft; submitting needs them all.
    """

    version = VersionField()

    def __init__(
        self, *args, alternatives: list[ExampleAlternative], ratings: dict, submitting: bool = False, **kwargs
    ):
        initial = kwargs.setdefault("initial", {})
        for alternative in alternatives:
            rating = ratings.get(alternative.pk)
            for c in CRITERIA:
                if rating is not None and getattr(rating, c.value) is not None:
                    initial.setdefault(self.field_name(alternative, c), getattr(rating, c.value))
        super().__init__(*args, **kwargs)
        self.alternatives = alternatives
        self.submitting = submitting
        for alternative in alternatives:
            for c in CRITERIA:
                self.fields[self.field_name(alternative, c)] = forms.TypedChoiceField(
                    label=criterion_name(c).capitalize(),
                    choices=[(i, scale_word(c, i)) for i in range(1, 6)],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                )

    @staticmethod
    def field_name(alternative: ExampleAlternative, criterion: Criterion) -> str:
        return f"alt{alternative.pk}_{criterion.value}"

    def clean(self):
        data = super().clean()
        if self.submitting:
            for alternative in self.alternatives:
                for c in CRITERIA:
                    name = self.field_name(alternative, c)
                    if data.get(name) is None and name not in self.errors:
                        self.add_error(name, _("Choose a score before you submit."))
        return data

    def fields_of(self, alternative: ExampleAlternative) -> list[forms.BoundField]:
        return [self[self.field_name(alternative, c)] for c in CRITERIA]

    def error_summary(self) -> list[dict[str, str]]:
        """Each missing score, named by its alternative and criterion, linked to the radio group's first button."""
        items = []
        for alternative in self.alternatives:
            for field in self.fields_of(alternative):
                items += [
                    {"target": f"{field.auto_id}_0", "label": f"{alternative.title}, {field.label}", "message": e}
                    for e in field.errors
                ]
        return items

    def scores(self) -> dict[int, dict[str, int | None]]:
        return {
            alternative.pk: {c.value: self.cleaned_data.get(self.field_name(alternative, c)) for c in CRITERIA}
            for alternative in self.alternatives
        }


class CloseForm(core_forms.Form):
    version = VersionField()
