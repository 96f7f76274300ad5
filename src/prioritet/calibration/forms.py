"""Forms of the calibration app: setting up an exercise, and a participant's rating sheet."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from prioritet.accounts.models import User
from prioritet.core import forms as core_forms
from prioritet.core.formatting import criterion_name, scale_word
from prioritet.core.forms import DateInput, VersionField
from prioritet.engine import Criterion
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
            "deadline": DateInput(),
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


def _score_field(criterion: Criterion, label=None) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label or criterion_name(criterion).capitalize(),
        choices=[(i, scale_word(criterion, i)) for i in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )


class RatingForm(core_forms.Form):
    """One radio group for the severity of each example's need, then one per alternative on benefit and on
    resources, labelled with the guideline's scale words.

    Every score is optional while saving a draft; submitting needs them all.
    """

    version = VersionField()

    def __init__(
        self,
        *args,
        alternatives: list[ExampleAlternative],
        ratings: dict,
        examples: list[Example] | None = None,
        needs: dict | None = None,
        submitting: bool = False,
        **kwargs,
    ):
        examples = examples or []
        needs = needs or {}
        initial = kwargs.setdefault("initial", {})
        for example in examples:
            need = needs.get(example.pk)
            if need is not None and need.severity is not None:
                initial.setdefault(self.need_name(example), need.severity)
        for alternative in alternatives:
            rating = ratings.get(alternative.pk)
            for c in selectors.ALTERNATIVE_CRITERIA:
                if rating is not None and getattr(rating, c.value) is not None:
                    initial.setdefault(self.field_name(alternative, c), getattr(rating, c.value))
        super().__init__(*args, **kwargs)
        self.examples = examples
        self.alternatives = alternatives
        self.submitting = submitting
        for example in examples:
            self.fields[self.need_name(example)] = _score_field(selectors.NEED_CRITERION, _("Severity of the need"))
        for alternative in alternatives:
            for c in selectors.ALTERNATIVE_CRITERIA:
                self.fields[self.field_name(alternative, c)] = _score_field(c)

    @staticmethod
    def field_name(alternative: ExampleAlternative, criterion: Criterion) -> str:
        return f"alt{alternative.pk}_{criterion.value}"

    @staticmethod
    def need_name(example) -> str:
        return f"ex{example.pk}_severity"

    def clean(self):
        data = super().clean()
        if self.submitting:
            names = [self.need_name(e) for e in self.examples] + [
                self.field_name(a, c) for a in self.alternatives for c in selectors.ALTERNATIVE_CRITERIA
            ]
            for name in names:
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Choose a score before you submit."))
        return data

    def need_field(self, example) -> forms.BoundField:
        return self[self.need_name(example)]

    def fields_of(self, alternative: ExampleAlternative) -> list[forms.BoundField]:
        return [self[self.field_name(alternative, c)] for c in selectors.ALTERNATIVE_CRITERIA]

    def error_summary(self) -> list[dict[str, str]]:
        """Each missing score, named by its example's need or its alternative and the criterion, linked to the
        radio group's first button."""
        named = [(e.title, [self.need_field(e)]) for e in self.examples]
        named += [(a.title, self.fields_of(a)) for a in self.alternatives]
        return [
            {"target": f"{field.auto_id}_0", "label": f"{title}, {field.label}", "message": e}
            for title, fields in named
            for field in fields
            for e in field.errors
        ]

    def scores(self) -> dict[int, dict[str, int | None]]:
        return {
            alternative.pk: {
                c.value: self.cleaned_data.get(self.field_name(alternative, c)) for c in selectors.ALTERNATIVE_CRITERIA
            }
            for alternative in self.alternatives
        }

    def needs(self) -> dict[int, int | None]:
        return {example.pk: self.cleaned_data.get(self.need_name(example)) for example in self.examples}


class CloseForm(core_forms.Form):
    version = VersionField()
