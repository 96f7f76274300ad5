from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from prioritet.accounts.models import ServiceArea
from prioritet.core import formatting
from prioritet.core import forms as core_forms

from . import selectors, services
from .models import (
    AGE_GROUPS,
    FIRST_YEAR,
    LAST_YEAR,
    PERIOD,
    REGION,
    AdjustmentKind,
    AgeGroup,
    IndicatorDefinition,
    IndicatorTarget,
    NeedProjection,
    ProjectionScenario,
    SourceKind,
    period_order,
)


class AreaForm(core_forms.Form):
    """The dashboard's choice of service area (a leader's own areas by default)."""

    area = forms.ModelChoiceField(
        label=_("Service area"), queryset=ServiceArea.objects.none(), required=False, empty_label=_("My service areas")
    )

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["area"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = ServiceArea.objects.for_municipality(municipality)


class UploadForm(core_forms.Form):
    definition = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=IndicatorDefinition.objects.none(),
        required=False,
        empty_label=_("Named in the file's «indicator» column"),
        help_text=_("Choose one for a file of one indicator; a file of several names each row's by its key."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A JSON-stat2 file from SSB's statbank, or a CSV or Excel file with one row per region and period: "
            "the columns Region, Tid, value and, if needed, status (.. . : - …) and indicator (its key). "
            "Nothing is saved until you have seen the preview and confirmed it."
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


class OwnFiguresForm(core_forms.Form):
    """The button that computes the own figures: it says what it asks for, so a bare POST does nothing."""

    compute = forms.BooleanField(widget=forms.HiddenInput, initial=True)


class TargetForm(core_forms.ModelForm):
    class Meta:
        model = IndicatorTarget
        fields = ("from_year", "period", "value", "note")
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


# Need projections -------------------------------------------------------------------------------


def _coverage_field(group: AgeGroup) -> str:
    return "coverage_" + group.key.replace("-", "_").replace("+", "_plus")


class ProjectionForm(core_forms.VersionedModelForm):
    """A projection's service, years, coverage by age group (a share 0–1 each) and unit figures."""

    class Meta:
        model = NeedProjection
        fields = (
            "name",
            "service",
            "service_area",
            "base_year",
            "end_year",
            "fte_per_user",
            "cost_per_user",
            "capacity_users",
            "capacity_fte",
            "budget",
            "sources",
        )
        widgets: ClassVar[dict[str, Any]] = {"sources": forms.Textarea(attrs={"rows": 3})}
        help_texts: ClassVar[dict[str, Any]] = {
            "name": _("E.g. «Hjemmetjenester mot 2040»."),
            "service": _("The service the users are counted in, e.g. home care or nursing-home places."),
            "base_year": _("The year the coverage, the unit figures, capacity and budget describe (today)."),
            "end_year": _("The last year of the plan period, at most 40 years on."),
            "fte_per_user": _("Årsverk per user of the service in the base year (KOSTRA or own figures)."),
            "cost_per_user": _("Cost per user in the base year, in kroner; the projection keeps base-year kroner."),
            "capacity_users": _("Places or users the service has room for today; leave empty for no gap."),
            "capacity_fte": _("Årsverk the service has today; leave empty for no gap."),
            "budget": _("The service's budget today, in kroner; leave empty for no gap."),
            "sources": _("Where the coverage rates and unit figures come from (KOSTRA table, own data, year)."),
        }

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["service_area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = ServiceArea.objects.for_municipality(municipality)
        for group in AGE_GROUPS:
            share = (self.instance.coverage or {}).get(group.key)
            self.fields[_coverage_field(group)] = core_forms.DecimalField(
                label=_("Coverage %(group)s") % {"group": group.label},
                required=False,
                max_digits=7,
                decimal_places=5,
                initial=None if share is None else Decimal(str(share)),
                help_text=_(
                    "The share of the age group that uses the service, from 0 to 1: 305 per 1,000 is 0.305. "
                    "Leave empty if the service has no users of this age."
                ),
            )

    def coverage_fields(self) -> list[Any]:
        return [self[_coverage_field(group)] for group in AGE_GROUPS]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        coverage: dict[str, float] = {}
        for group in AGE_GROUPS:
            name = _coverage_field(group)
            share = data.get(name)
            if share is None:
                continue
            if not 0 <= share <= 1:
                self.add_error(name, _("A coverage rate is a share from 0 to 1 (30.5 % is 0.305)."))
            else:
                coverage[group.key] = float(share)
        if not coverage and not any(_coverage_field(group) in self.errors for group in AGE_GROUPS):
            self.add_error(_coverage_field(AGE_GROUPS[-2]), _("Give the coverage of at least one age group."))
        data["coverage"] = coverage
        # The model checks the instance too; when no rate is given the field error above says so once.
        self.instance.coverage = coverage or {AGE_GROUPS[-2].key: 0.0}
        return data

    def values(self) -> dict[str, Any]:
        """The cleaned fields the services take."""
        return {name: self.cleaned_data[name] for name in (*self.Meta.fields, "coverage")}


class PopulationForm(core_forms.Form):
    """The population by age group and year, where SSB's values are missing or to override them: a
    number field per age group and year, SSB's figure shown as a placeholder."""

    version = core_forms.VersionField()

    def __init__(self, *args: Any, population: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.population = population
        for year in population.years:
            for group in population.groups:
                known = population.from_values.get((group.key, year))
                typed = population.cells[group.key].get(year) if (group.key, year) in population.entered else None
                field = core_forms.DecimalField(
                    label=_("%(group)s in %(year)s") % {"group": group.label, "year": year},
                    required=False,
                    min_value=0,
                    max_digits=12,
                    decimal_places=1,
                    initial=None if typed is None else Decimal(str(typed)),
                )
                if known is not None:
                    field.widget.attrs["placeholder"] = formatting.amount(known)
                self.fields[self.name(group.key, year)] = field

    @staticmethod
    def name(key: str, year: int) -> str:
        return f"p_{key.replace('-', '_').replace('+', '_plus')}_{year}"

    def grid(self) -> list[tuple[int, list[Any]]]:
        """The fields by year (rows) and age group (columns), for the table the template draws."""
        return [
            (year, [self[self.name(group.key, year)] for group in self.population.groups])
            for year in self.population.years
        ]

    def entered(self) -> dict[str, dict[str, float]]:
        """The figures typed in, {age group: {year: persons}}; an empty field falls back to SSB's value."""
        out: dict[str, dict[str, float]] = {}
        for group in self.population.groups:
            for year in self.population.years:
                value = self.cleaned_data.get(self.name(group.key, year))
                if value is not None:
                    out.setdefault(group.key, {})[str(year)] = float(value)
        return out


class ScenarioForm(core_forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("E.g. «Hverdagsrehabilitering»."))
    description = forms.CharField(
        label=_("Description"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the scenario assumes and why."),
    )
    version = core_forms.VersionField(required=False)


class AdjustmentForm(core_forms.Form):
    """One adjustment of a scenario; the amount in percentage points (coverage) or per cent."""

    kind = forms.ChoiceField(label=_("Changes"), required=False)
    group = forms.ChoiceField(label=_("Age group"), required=False)
    amount = core_forms.DecimalField(
        label=pgettext_lazy("projection adjustment", "Change"),
        required=False,
        max_digits=7,
        decimal_places=3,
        help_text=_("−2 is two percentage points lower coverage, or 2 % less; 1 is 1 % a year for cost growth."),
    )
    from_year = forms.IntegerField(label=_("From year"), required=False, help_text=_("Empty: the base year."))
    by_year = forms.IntegerField(
        label=_("Reached by"), required=False, help_text=_("Empty: the end year. The change grows linearly until then.")
    )

    def __init__(self, *args: Any, groups: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        group = self.fields["group"]
        assert isinstance(kind, forms.ChoiceField)
        assert isinstance(group, forms.ChoiceField)
        kind.choices = [("", "—"), *AdjustmentKind.choices]
        group.choices = [("", _("Every age group")), *[(g.key, g.label) for g in groups]]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, amount = data.get("kind"), data.get("amount")
        if not kind:
            if amount is not None or data.get("group") or data.get("from_year") or data.get("by_year"):
                self.add_error("kind", _("Choose what the adjustment changes."))
            return data
        if amount is None:
            self.add_error("amount", _("Give the size of the change."))
        elif kind == AdjustmentKind.COVERAGE and not -100 <= amount <= 100:
            self.add_error("amount", _("A change of coverage is between −100 and 100 percentage points."))
        elif kind == AdjustmentKind.COST_GROWTH and not -99 <= amount <= 100:
            self.add_error("amount", _("Growth is between −99 and 100 per cent a year."))
        elif not -100 <= amount <= 100:
            self.add_error("amount", _("A change is between −100 and 100 per cent."))
        if data.get("group") and kind != AdjustmentKind.COVERAGE:
            self.add_error("group", _("Only a change of coverage is for one age group."))
        for name in ("from_year", "by_year"):
            year = data.get(name)
            if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
                self.add_error(name, _("Give a year between 2000 and 2100."))
        start, stop = data.get("from_year"), data.get("by_year")
        if start is not None and stop is not None and stop < start and "by_year" not in self.errors:
            self.add_error("by_year", _("The year it is reached cannot come before its first year."))
        return data

    def adjustment(self) -> dict[str, Any] | None:
        """The adjustment as a scenario stores it (amounts as shares), or None for an empty row."""
        data = self.cleaned_data
        if not data.get("kind"):
            return None
        return {
            "kind": data["kind"],
            "amount": float(data["amount"]) / 100,
            "from_year": data.get("from_year"),
            "by_year": data.get("by_year"),
            "groups": [data["group"]] if data.get("group") else [],
        }

    @classmethod
    def initial_of(cls, adjustment: dict[str, Any]) -> dict[str, Any]:
        """The form's initial values for a stored adjustment (shares back to percentages)."""
        groups = adjustment.get("groups") or []
        return {
            "kind": adjustment.get("kind", ""),
            "group": groups[0] if groups else "",
            "amount": (Decimal(str(adjustment.get("amount", 0))) * 100).normalize(),
            "from_year": adjustment.get("from_year"),
            "by_year": adjustment.get("by_year"),
        }


AdjustmentFormSet = forms.formset_factory(AdjustmentForm, extra=2, max_num=8, validate_max=True)


class CiteForm(core_forms.Form):
    """Which figures a case cites: an indicator, the places compared and the periods."""

    definition = forms.ModelChoiceField(
        label=_("Indicator"), queryset=IndicatorDefinition.objects.none(), empty_label=None
    )
    regions = forms.MultipleChoiceField(
        label=_("Places"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The municipality and those it compares itself with."),
    )
    first = forms.CharField(
        label=_("From period"),
        max_length=7,
        required=False,
        help_text=_("A year (2020), a quarter (2020K1) or a month (2020M01); empty: from the first figure."),
    )
    last = forms.CharField(
        label=_("To period"), max_length=7, required=False, help_text=_("Empty: up to the latest figure.")
    )
    note = forms.CharField(
        label=_("Why this figure matters"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the figure shows about the need or the service, in a sentence or two."),
    )

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["definition"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = IndicatorDefinition.objects.visible_to(municipality)
        field.label_from_instance = lambda item: item.name
        regions = selectors.comparison_regions(municipality)
        names = selectors.region_names(municipality, regions)
        choice = self.fields["regions"]
        assert isinstance(choice, forms.MultipleChoiceField)
        choice.choices = [(code, names[code]) for code in regions]
        choice.initial = regions

    def _period(self, name: str) -> str:
        period = str(self.cleaned_data.get(name) or "").strip().upper()
        if period and not PERIOD.match(period):
            raise forms.ValidationError(_("A period is a year (2024), a quarter (2024K1) or a month (2024M01)."))
        return period

    def clean_first(self) -> str:
        return self._period("first")

    def clean_last(self) -> str:
        return self._period("last")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first") and data.get("last") and period_order(data["first"]) > period_order(data["last"]):
            self.add_error("last", _("The last period comes after the first."))
        return data


class CiteProjectionForm(core_forms.Form):
    """Which need projection a case cites: a projection's baseline or one of its scenarios."""

    projection = forms.ChoiceField(
        label=_("Need projection"),
        help_text=_("The baseline holds today's coverage and unit figures; a scenario adjusts them."),
    )
    note = forms.CharField(
        label=_("Why this projection matters"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the projection shows about the need or the service, in a sentence or two."),
    )

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.projections = {item.pk: item for item in selectors.projections(municipality)}
        self.scenarios = {
            scenario.pk: scenario for item in self.projections.values() for scenario in item.scenarios.all()
        }
        field = self.fields["projection"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (
                f"{item.name} ({item.base_year}–{item.end_year})",
                [(f"p{item.pk}", pgettext_lazy("need projection", "Baseline"))]
                + [
                    (f"s{scenario.pk}", _("Scenario «%(name)s»") % {"name": scenario.name})
                    for scenario in item.scenarios.all()
                ],
            )
            for item in self.projections.values()
        ]

    def clean_projection(self) -> tuple[NeedProjection, ProjectionScenario | None]:
        """The chosen projection and scenario (None for the baseline); the choices are the municipality's only."""
        choice = str(self.cleaned_data.get("projection") or "")
        kind, pk = choice[:1], choice[1:]
        if kind == "p" and pk.isdigit() and int(pk) in self.projections:
            return self.projections[int(pk)], None
        if kind == "s" and pk.isdigit() and int(pk) in self.scenarios:
            scenario = self.scenarios[int(pk)]
            return self.projections[scenario.projection_id], scenario
        raise forms.ValidationError(_("Choose one of the municipality's need projections."))

    @property
    def has_choices(self) -> bool:
        return bool(self.projections)


class DefinitionForm(core_forms.ModelForm):
    """A municipality's own indicator: what it is; its values come from imports, the API or the product."""

    class Meta:
        model = IndicatorDefinition
        fields = (
            "key",
            "name_nb",
            "name_nn",
            "name_en",
            "description",
            "unit",
            "higher_is_better",
            "service_area",
            "source",
            "decimals",
        )
        help_texts: ClassVar[dict[str, Any]] = {
            "key": _(
                "A short name other systems use for it: small letters, digits, - and _ (for example ventetid_sykehjem)."
            ),
            "higher_is_better": _("Neither: a figure that is not good or bad in itself, such as a coverage rate."),
            "decimals": _("How many decimals pages and exports show (0 to 6)."),
        }

    def __init__(self, *args: Any, municipality: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        area = self.fields["service_area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = ServiceArea.objects.for_municipality(municipality)
        source = self.fields["source"]
        assert isinstance(source, forms.ChoiceField)
        source.choices = [(kind.value, kind.label) for kind in (SourceKind.OWN, SourceKind.IMPORT)]
        # Django's «Unknown» would say we do not know; an indicator may truly be neither.
        higher = self.fields["higher_is_better"].widget
        assert isinstance(higher, forms.NullBooleanSelect)
        higher.choices = [("unknown", _("Neither")), ("true", _("Yes")), ("false", _("No"))]

    def clean_key(self) -> str:
        key = str(self.cleaned_data.get("key") or "").strip().lower()
        clashes = IndicatorDefinition.objects.visible_to(self.municipality).filter(key=key)
        if self.instance.pk:
            clashes = clashes.exclude(pk=self.instance.pk)
        if clashes.exists():
            raise forms.ValidationError(_("Another indicator, national or the municipality's, has this key."))
        return key

    def clean_decimals(self) -> int:
        decimals = self.cleaned_data.get("decimals")
        if decimals is None or not 0 <= decimals <= 6:
            raise forms.ValidationError(_("Give 0 to 6 decimals."))
        return int(decimals)


class DeleteDefinitionForm(core_forms.Form):
    """Deleting an indicator that has values deletes them too: the user ticks that they know."""

    confirm = forms.BooleanField(label=_("Yes, delete the indicator with its values and targets"), required=True)
