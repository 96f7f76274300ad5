from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import services
from .models import IndicatorDefinition


class UploadForm(forms.Form):
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
