"""The catalogue's forms: an entry (with its typical amount per resource column), the search, and
the scores a measure gets when an entry is taken into a portfolio."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from prioritet.accounts.models import ServiceArea
from prioritet.core import forms as core_forms
from prioritet.core.formatting import editable_amount, scale_choices
from prioritet.core.forms import VersionField
from prioritet.engine import Criterion
from prioritet.portfolio.forms import AmountField
from prioritet.portfolio.models import ResourceColumn

from .models import CatalogueEntry, EntryKind


def _resource_field(column: ResourceColumn) -> str:
    return f"resource_{column.key}"


class EntryForm(core_forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices, initial=EntryKind.MEASURE)
    service_area = forms.ModelChoiceField(
        label=_("Service area"), queryset=ServiceArea.objects.none(), required=False, empty_label=_("None")
    )
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    version = VersionField(required=False)

    def __init__(
        self,
        *args: Any,
        municipality,
        columns: Sequence[ResourceColumn],
        entry: CatalogueEntry | None = None,
        **kwargs: Any,
    ) -> None:
        # The view passes ``request.POST or None``: a GET's None is no data, so the form shows the entry.
        if entry is not None and (args[0] if args else kwargs.get("data")) is None:
            kwargs["initial"] = {
                "name": entry.name,
                "kind": entry.kind,
                "service_area": entry.service_area_id,
                "description": entry.description,
                "version": entry.version,
                **{f"resource_{key}": editable_amount(float(amount)) for key, amount in entry.resources.items()},
            }
        super().__init__(*args, **kwargs)
        area = self.fields["service_area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = ServiceArea.objects.filter(municipality=municipality).order_by("name")
        self.columns = list(columns)
        for column in self.columns:
            self.fields[_resource_field(column)] = AmountField(
                label=_("Typical amount: %(column)s") % {"column": column}
            )

    def entry_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {key: data[key] for key in ("name", "kind", "service_area", "description")}

    def resources(self) -> dict[str, Any]:
        return {column.key: self.cleaned_data.get(_resource_field(column)) for column in self.columns}


class SearchForm(core_forms.Form):
    q = forms.CharField(label=_("Search in name or description"), required=False, max_length=100)
    service_area = forms.ModelChoiceField(
        label=_("Service area"), queryset=ServiceArea.objects.none(), required=False, empty_label=_("All")
    )
    archived = forms.BooleanField(label=_("Show archived entries"), required=False)

    def __init__(self, *args: Any, municipality, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["service_area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = ServiceArea.objects.filter(municipality=municipality).order_by("name")


class MeasureScoresForm(core_forms.Form):
    """The portfolio measure's id and its scores: the case assesses them, the catalogue does not."""

    code = forms.CharField(
        label=_("Measure id"), max_length=60, help_text=_("A short identifier, unique in the portfolio.")
    )
    benefit = forms.TypedChoiceField(label=_("Benefit"), coerce=int, choices=())
    severity = forms.TypedChoiceField(label=_("Severity"), coerce=int, choices=())
    resources = forms.TypedChoiceField(label=_("Resources"), coerce=int, choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("benefit", "severity", "resources"):
            field = self.fields[name]
            assert isinstance(field, forms.TypedChoiceField)
            field.choices = scale_choices(Criterion(name))
