"""Forms of the waiting lists, on core's form bases (national ID numbers and control characters refused)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from prioritet.accounts.models import ServiceArea
from prioritet.core import forms as core_forms
from prioritet.core.forms import DateInput, VersionField

from .models import Urgency, WaitingService

REASON_MAX = 2000


class ServiceForm(core_forms.VersionedModelForm):
    class Meta:
        model = WaitingService
        fields = ("name", "unit", "service_area", "active")
        help_texts: ClassVar[dict[str, Any]] = {
            "name": _("E.g. «Langtidsplass i sykehjem», «Korttidsopphold», «Dagaktivitet», «Hverdagsrehabilitering»."),
        }

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service_area"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ServiceArea.objects.filter(municipality=municipality)


class CapacityForm(core_forms.Form):
    amount = core_forms.DecimalField(
        label=_("Capacity"), min_value=Decimal(0), max_value=Decimal(999999), decimal_places=1, max_digits=8
    )
    other_use = core_forms.DecimalField(
        label=_("In use by people placed outside this list"),
        min_value=Decimal(0),
        max_value=Decimal(999999),
        decimal_places=1,
        max_digits=8,
        initial=Decimal(0),
        help_text=_("Places or hours taken by people placed before the list was kept here; lower it when one leaves."),
    )
    valid_from = forms.DateField(label=_("From"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class PutOnListForm(core_forms.Form):
    service = forms.ModelChoiceField(label=_("Service"), queryset=WaitingService.objects.none())
    urgency = forms.TypedChoiceField(
        label=_("Urgency (hastegrad)"), choices=Urgency.choices, coerce=int, initial=Urgency.ORDINARY
    )
    amount = core_forms.DecimalField(
        label=_("Hours per week granted"),
        min_value=Decimal("0.5"),
        max_value=Decimal(168),
        decimal_places=1,
        max_digits=6,
        required=False,
        help_text=_("Only for a service counted in hours; a place is one place."),
    )

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["service"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = services
        core_forms.mark_conditionally_required(self.fields["amount"])


class AllocateForm(core_forms.Form):
    entry = forms.TypedChoiceField(label=_("Give the place to"), coerce=int, widget=forms.RadioSelect)
    seen_suggestion = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    reason = forms.CharField(
        label=_("Reason for departing from the suggested order"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you choose anyone but the suggestion; it is logged with the allocation."),
    )

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["entry"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = choices
        core_forms.mark_conditionally_required(self.fields["reason"])


class EndEntryForm(core_forms.Form):
    version = VersionField()
    reason = forms.CharField(
        label=_("Why"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. moved, no longer needs it, declined the place, died. No identifying details."),
    )


class UrgencyForm(core_forms.Form):
    version = VersionField()
    urgency = forms.TypedChoiceField(label=_("Urgency (hastegrad)"), choices=Urgency.choices, coerce=int)
    reason = forms.CharField(label=_("Why it changed"), max_length=100)
