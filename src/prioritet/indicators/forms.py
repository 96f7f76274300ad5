from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from prioritet.core import forms as core_forms

from . import services
from .models import PERIOD, REGION, IndicatorDefinition, IndicatorTarget, SourceKind


class UploadForm(core_forms.Form):
    definition = forms.ModelChoiceField(
        label=_("Indicator"), queryset=IndicatorDefinition.objects.none(), empty_label=None
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A JSON-stat2 file from SSB's statbank, or a CSV or Excel file with one row per region and period: "
            "the columns Region, Tid, value and, if needed, status (.. . : - …)."
        ),
    )

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["definition"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = IndicatorDefinition.objects.visible_to(municipality)
        field.label_from_instance = lambda item: item.name

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > services.MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": services.MAX_BYTES // (1024 * 1024)}
            )
        return upload


class TargetForm(core_forms.ModelForm):
    class Meta:
        model = IndicatorTarget
        fields = ("from_year", "period", "value", "note")
        localized_fields = ("value",)
        help_texts: ClassVar[dict[str, Any]] = {
            "from_year": _("The target holds from this year on, until a later one replaces it."),
            "period": _("Or one period only: a year (2026), a quarter (2026K1) or a month (2026M01)."),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        period, from_year = data.get("period") or "", data.get("from_year")
        if bool(period) == (from_year is not None):
            raise forms.ValidationError(_("Give either a from-year or one period."))
        if period and not PERIOD.match(period):
            self.add_error("period", _("A period is a year (2024), a quarter (2024K1) or a month (2024M01)."))
        if from_year is not None and not 2000 <= from_year <= 2100:
            self.add_error("from_year", _("Give a year between 2000 and 2100."))
        return data


class ComparisonForm(core_forms.Form):
    kostra_group = forms.CharField(
        label=_("KOSTRA group"),
        max_length=12,
        required=False,
        help_text=_("SSB's code for the municipality's KOSTRA group, for example EKG13."),
    )
    peers = forms.CharField(
        label=_("Peer municipalities"),
        max_length=200,
        required=False,
        help_text=_("Municipality numbers separated by commas, for example 3907, 3905, 4204 (at most ten)."),
    )
    followed = forms.MultipleChoiceField(
        label=_("SSB figures fetched"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None chosen: every national SSB figure is fetched."),
    )

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["followed"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [
            (item.key, item.name)
            for item in IndicatorDefinition.objects.visible_to(municipality)
            .filter(source=SourceKind.SSB)
            .exclude(ssb_table="")
        ]

    def clean_kostra_group(self) -> str:
        code = str(self.cleaned_data.get("kostra_group") or "").strip().upper()
        if code and not REGION.match(code):
            raise forms.ValidationError(_("A region code is up to 12 letters and digits."))
        return code

    def clean_peers(self) -> list[str]:
        codes = [c.strip() for c in str(self.cleaned_data.get("peers") or "").replace(";", ",").split(",") if c.strip()]
        wrong = [c for c in codes if not (c.isdigit() and len(c) == 4)]
        if wrong:
            raise forms.ValidationError(
                _("A municipality number has four digits: %(codes)s.") % {"codes": ", ".join(f"«{c}»" for c in wrong)}
            )
        if len(codes) > 10:
            raise forms.ValidationError(_("At most ten peer municipalities."))
        return list(dict.fromkeys(codes))
