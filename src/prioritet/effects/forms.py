"""Forms of implementation and effects, on core's form bases (national ID numbers and control characters refused)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from prioritet.core import forms as core_forms
from prioritet.core.forms import VersionField

from .models import ExpectedEffect, Implementation

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ImplementationForm(core_forms.VersionedModelForm):
    class Meta:
        model = Implementation
        fields = ("responsible_unit", "start_date")
        widgets: ClassVar[dict[str, Any]] = {"start_date": _DATE}
        help_texts: ClassVar[dict[str, Any]] = {"responsible_unit": _("E.g. «Hjemmetjenesten sone nord».")}


class EffectForm(core_forms.VersionedModelForm):
    class Meta:
        model = ExpectedEffect
        fields = ("description", "indicator", "unit", "baseline", "target", "evaluate_by")
        widgets: ClassVar[dict[str, Any]] = {"evaluate_by": _DATE}
        help_texts: ClassVar[dict[str, Any]] = {
            "description": _("What the decision is to achieve, e.g. «Shorter waiting time for day care»."),
            "indicator": _(
                "How it is measured, e.g. «Days from application to start», preferably a KOSTRA or own figure."
            ),
            "unit": _("E.g. days, per cent, persons."),
            "baseline": _("The value now, before the decision is carried out."),
            "target": _("The value the decision is to reach by the date below."),
        }


class EvaluationForm(core_forms.ModelForm):
    version = VersionField()

    class Meta:
        model = ExpectedEffect
        fields = ("realised", "achievement", "learning")
        widgets: ClassVar[dict[str, Any]] = {
            "achievement": forms.RadioSelect,
            "learning": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["realised"].required = True
        self.fields["achievement"].required = True
        self.fields["achievement"].choices = [c for c in self.fields["achievement"].choices if c[0]]
        self.fields["version"].initial = self.instance.version
