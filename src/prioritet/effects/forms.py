"""Forms of implementation and effects, on core's form bases (national ID numbers and control characters refused)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from prioritet.core import forms as core_forms
from prioritet.core.forms import DateInput, VersionField
from prioritet.indicators.models import IndicatorDefinition

from .models import ExpectedEffect, Implementation


class ImplementationForm(core_forms.VersionedModelForm):
    class Meta:
        model = Implementation
        fields = ("responsible_unit", "start_date")
        widgets: ClassVar[dict[str, Any]] = {"start_date": DateInput()}
        help_texts: ClassVar[dict[str, Any]] = {"responsible_unit": _("E.g. «Hjemmetjenesten sone nord».")}


def _indicators(field: forms.Field, municipality: Any) -> None:
    """Offer the municipality's indicators (national and its own), by name."""
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = IndicatorDefinition.objects.visible_to(municipality)
    field.label_from_instance = lambda item: item.name


class EffectForm(core_forms.VersionedModelForm):
    class Meta:
        model = ExpectedEffect
        fields = (
            "description",
            "indicator_definition",
            "indicator",
            "unit",
            "baseline",
            "baseline_period",
            "target",
            "target_period",
            "evaluate_by",
        )
        widgets: ClassVar[dict[str, Any]] = {"evaluate_by": DateInput()}
        help_texts: ClassVar[dict[str, Any]] = {
            "description": _("What the decision is to achieve, e.g. «Shorter waiting time for day care»."),
            "indicator_definition": _(
                "One of the municipality's figures, if the effect is measured by one: the realised value is then "
                "read from it when the evaluation comes."
            ),
            "indicator": _(
                "How it is measured, e.g. «Days from application to start», preferably a KOSTRA or own figure."
            ),
            "unit": _("E.g. days, per cent, persons."),
            "baseline": _("The value now, before the decision is carried out."),
            "baseline_period": _("The period of the baseline: a year (2024), a quarter (2024K1) or a month."),
            "target": _("The value the decision is to reach by the date below."),
            "target_period": _("The period the target is for; empty: the year of the evaluation date."),
        }

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _indicators(self.fields["indicator_definition"], municipality)
        # A figure chosen names the indicator itself.
        self.fields["indicator"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        definition = data.get("indicator_definition")
        if not data.get("indicator"):
            if definition is None:
                self.add_error("indicator", _("Say how the effect is measured, or choose one of the indicators."))
            else:
                data["indicator"] = definition.name
                data["unit"] = data.get("unit") or definition.unit
        return data


class IndicatorChoiceForm(core_forms.Form):
    """Start an expected effect from one of the municipality's figures (a GET: it only fills the form in)."""

    from_indicator = forms.ModelChoiceField(
        label=_("Start from an indicator"), queryset=IndicatorDefinition.objects.none()
    )

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _indicators(self.fields["from_indicator"], municipality)


class EvaluationForm(core_forms.ModelForm):
    version = VersionField()

    class Meta:
        model = ExpectedEffect
        fields = ("realised", "realised_period", "achievement", "learning")
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
