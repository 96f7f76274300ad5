from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from prioritet.cases.validators import validate_no_national_id


class WeightVersionForm(forms.Form):
    benefit = forms.DecimalField(label=_("Benefit"), min_value=Decimal(0), max_digits=6, decimal_places=3)
    severity = forms.DecimalField(label=_("Severity"), min_value=Decimal(0), max_digits=6, decimal_places=3)
    resources = forms.DecimalField(label=_("Resources"), min_value=Decimal(0), max_digits=6, decimal_places=3)
    decided_by_body = forms.CharField(
        label=_("Decided by"),
        max_length=200,
        help_text=_("The body that decided the weights, e.g. the municipal council."),
        validators=[validate_no_national_id],
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), validators=[validate_no_national_id]
    )

    def clean(self):
        data = super().clean()
        if all(k in data for k in ("benefit", "severity", "resources")) and (
            data["benefit"] + data["severity"] + data["resources"] <= 0
        ):
            raise forms.ValidationError(_("At least one weight must be greater than zero."))
        return data
