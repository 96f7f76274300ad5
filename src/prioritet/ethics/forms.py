"""Forms of the guided reflection: the introduction, one form per step, and the version they carry."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from prioritet.core import forms as core_forms
from prioritet.core.forms import VersionField

from . import steps
from .models import EthicalReflection
from .services import STEP_FIELDS

NO_NAMES = _("Write without names or identity numbers: describe people by their role.")


class IntroForm(core_forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = EthicalReflection
        fields = ("title", "participants")
        widgets: ClassVar[dict] = {"participants": forms.Textarea(attrs={"rows": 2})}


class StepForm(core_forms.ModelForm):
    """The notes of one step; the last step also has the conclusion and the follow-up."""

    version = VersionField()

    class Meta:
        model = EthicalReflection
        fields = tuple(dict.fromkeys(f for names in STEP_FIELDS.values() for f in names))

    def __init__(self, *args, step: steps.Step, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        keep = STEP_FIELDS[step.number]
        for name in list(self.fields):
            if name not in (*keep, "version"):
                del self.fields[name]
        notes = self.fields[step.field]
        notes.label = _("The group's notes")
        notes.help_text = NO_NAMES
        notes.widget = forms.Textarea(attrs={"rows": 8})
        for name in ("conclusion", "follow_up"):
            if name in self.fields:
                self.fields[name].widget = forms.Textarea(attrs={"rows": 4})
        if "conclusion" in self.fields:
            self.fields["conclusion"].help_text = _("What does the group conclude, and why?")
            self.fields["follow_up"].help_text = _("Who does what next, and when do you look at it again?")

    def step_data(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in STEP_FIELDS[self.step.number]}


class VersionForm(core_forms.Form):
    version = VersionField()
