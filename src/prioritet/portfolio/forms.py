"""Forms of the portfolio app. Each edit form carries the ``version`` it was loaded with.

Amount and budget fields are made per resource column of the municipality; they accept what people
type in Norway: «1 250 000», «1 250 000,50», «5,6» (and «5.6»).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from prioritet.cases.models import Alternative, AlternativeKind
from prioritet.core import forms as core_forms
from prioritet.core.formatting import scale_choices
from prioritet.core.forms import VersionField
from prioritet.engine import Criterion

from .imports import ImportPreview, ImportRow
from .models import (
    AMOUNT_DECIMALS,
    AMOUNT_DIGITS,
    KEY_VALIDATOR,
    Measure,
    ResourceColumn,
    Scenario,
    ScenarioKind,
)

CRITERIA_FIELDS = (
    ("benefit", Criterion.BENEFIT),
    ("severity", Criterion.SEVERITY),
    ("resources", Criterion.RESOURCES),
)


def amount_field_name(column: ResourceColumn) -> str:
    return f"amount_{column.key}"


def budget_field_name(column: ResourceColumn) -> str:
    return f"budget_{column.key}"


class AmountField(core_forms.DecimalField):
    """A non-negative amount of a resource column, to the model's precision; empty is ``None``.

    Typed and shown as every decimal field is (:class:`prioritet.core.forms.DecimalField`).
    """

    default_error_messages: ClassVar[dict] = {
        "invalid": _("Write a number, for example 1 250 000 or 5,6."),
        "negative": _("The amount cannot be negative."),
        "too_large": _("The number is too large."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value):
        number = super().to_python(value)
        if number is None:
            return None
        try:
            amount = number.quantize(Decimal(1).scaleb(-AMOUNT_DECIMALS))
        except InvalidOperation:
            raise ValidationError(self.error_messages["too_large"], code="too_large") from None
        if amount < 0:
            raise ValidationError(self.error_messages["negative"], code="negative")
        if len(amount.as_tuple().digits) > AMOUNT_DIGITS:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        return amount


class MeasureForm(core_forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Measure
        fields = (
            "code",
            "name",
            "description",
            "kind",
            "benefit",
            "severity",
            "resources",
            "mandatory",
            "legal_basis",
            "group",
            "requires",
            "affected",
            "consequence",
        )
        widgets: ClassVar[dict] = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "legal_basis": forms.Textarea(attrs={"rows": 2}),
            "affected": forms.Textarea(attrs={"rows": 2}),
            "consequence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, portfolio, columns: Sequence[ResourceColumn], amounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.portfolio = portfolio
        self.columns = list(columns)
        for name, criterion in CRITERIA_FIELDS:
            field = self.fields[name]
            self.fields[name] = forms.TypedChoiceField(
                label=field.label,
                choices=[("", "—"), *scale_choices(criterion)],
                coerce=int,
                help_text=field.help_text,
            )
            if self.instance.pk:
                self.initial[name] = getattr(self.instance, name)
        self.fields["severity"].help_text = _(
            "The consequence of not starting, postponing or ending the measure (the guideline's key question)."
        )
        requires = self.fields["requires"]
        others = Measure.objects.filter(portfolio=portfolio, archived=False).order_by("position", "id")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        requires.queryset = others
        requires.label_from_instance = lambda m: f"{m.code} – {m.name}"
        amounts = amounts or {}
        for column in self.columns:
            self.fields[amount_field_name(column)] = AmountField(
                label=str(column),
                initial=amounts.get(column.key),
                help_text=_("Empty means none."),
            )
        if self.instance.pk:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
            # A new scenario is an alternative of the case: a new one, or one the case has already.
            self.fields["alternative"] = forms.ModelChoiceField(
                queryset=Alternative.objects.filter(
                    case_id=portfolio.case_id, archived=False, kind=AlternativeKind.MEASURE, scenario__isnull=True
                ).order_by("id"),
                required=False,
                label=_("The case's alternative"),
                empty_label=_("A new alternative with the scenario's name"),
                help_text=_(
                    "A case with a portfolio is decided by choosing a scenario, so every scenario is an alternative of "
                    "the case. Choose an alternative the case already has if this scenario spells it out in measures."
                ),
            )

    def clean(self):
        data = super().clean()
        if data.get("mandatory") and not (data.get("legal_basis") or "").strip():
            self.add_error(
                "legal_basis", _("A mandatory measure needs its legal basis: the law or duty that requires it.")
            )
        return data

    def measure_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def amounts(self) -> dict[str, Decimal | None]:
        return {c.key: self.cleaned_data.get(amount_field_name(c)) for c in self.columns}

    def amount_fields(self):
        return [self[amount_field_name(c)] for c in self.columns]


class ArchiveForm(core_forms.Form):
    version = VersionField()
    archived = forms.BooleanField(required=False)


class BudgetForm(core_forms.Form):
    """The portfolio's budget, one field per resource column; empty means no limit."""

    def __init__(self, *args, columns: Sequence[ResourceColumn], amounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = list(columns)
        amounts = amounts or {}
        for column in self.columns:
            self.fields[budget_field_name(column)] = AmountField(
                label=_("Budget: %(column)s") % {"column": column},
                initial=amounts.get(column.key),
                help_text=_("Empty means no limit."),
            )

    def amounts(self) -> dict[str, Decimal | None]:
        return {c.key: self.cleaned_data.get(budget_field_name(c)) for c in self.columns}


class ResourceColumnForm(core_forms.ModelForm):
    class Meta:
        model = ResourceColumn
        fields = ("key", "label", "unit")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].validators = [KEY_VALIDATOR]


class ColumnBandsForm(core_forms.Form):
    """The municipality's resource score bands of one column (:mod:`prioritet.portfolio.bands`)."""

    column = forms.ModelChoiceField(queryset=ResourceColumn.objects.none(), label=_("Resource column"))
    bands = forms.CharField(
        label=_("Bands"),
        required=False,
        max_length=200,
        help_text=_(
            "Four ascending amounts separated by semicolons: the most a measure may use of this resource to score "
            "1, 2, 3 and 4 on resources; above the last it scores 5. Empty removes the bands."
        ),
    )

    def __init__(self, *args, columns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].queryset = columns

    def clean_bands(self) -> list[float]:
        from .bands import parse_bands

        return parse_bands(self.cleaned_data.get("bands") or "")


class ImportUploadForm(core_forms.Form):
    file = forms.FileField(
        label=_("Measures file (CSV or XLSX)"),
        help_text=_(
            "The same files the command line reads: CSV with comma, or semicolon and decimal comma as Norwegian "
            "Excel writes them, or an Excel workbook (first sheet). At most 2 MB and 5 000 measures."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.xlsm"}),
    )


class ImportConfirmForm(core_forms.Form):
    """What the user decides before saving an import: new resource columns and missing legal bases."""

    def __init__(self, *args, preview: ImportPreview, **kwargs):
        super().__init__(*args, **kwargs)
        self.preview = preview
        self.column_fields = []
        for k, choice in enumerate(preview.new_columns):
            name = f"create_column_{k}"
            self.fields[name] = forms.BooleanField(
                required=False,
                initial=True,
                label=_("Create the resource column «%(header)s» (key %(key)s) and import its amounts")
                % {"header": choice.header, "key": choice.key},
            )
            self.column_fields.append((name, choice))
        self.basis_fields = []
        for row in preview.needs_legal_basis:
            name = f"legal_basis_{row.row}"
            self.fields[name] = forms.CharField(
                label=_("Legal basis of «%(code)s» (row %(row)s)") % {"code": row.code, "row": row.row},
                help_text=_("The measure is mandatory: name the law or duty that requires it."),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.basis_fields.append((name, row))

    @property
    def legal_basis_links(self) -> list[tuple[str, ImportRow]]:
        """Each measure that needs a legal basis with the id of its field, for the summary at the top."""
        return [(self[name].id_for_label, row) for name, row in self.basis_fields]

    def create_columns(self) -> set[str]:
        return {choice.header for name, choice in self.column_fields if self.cleaned_data.get(name)}

    def legal_bases(self) -> dict[int, str]:
        return {row.row: self.cleaned_data[name] for name, row in self.basis_fields}


class ScenarioForm(core_forms.ModelForm):
    """Name, kind and note of a scenario, its selection (checkboxes) and its budget."""

    version = VersionField(required=False)
    measures = forms.ModelMultipleChoiceField(
        queryset=Measure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Selected measures"),
    )

    class Meta:
        model = Scenario
        fields = ("name", "kind", "note")
        widgets: ClassVar[dict] = {"note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, portfolio, columns: Sequence[ResourceColumn], budget=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = list(columns)
        measures = self.fields["measures"]
        measures.queryset = Measure.objects.filter(portfolio=portfolio, archived=False).order_by("position", "id")
        measures.label_from_instance = _measure_choice_label
        if self.instance.pk and not self.is_bound:
            self.initial["measures"] = [m.pk for m in self.instance.measures.all() if not m.archived]
        budget = budget or {}
        for column in self.columns:
            self.fields[budget_field_name(column)] = AmountField(
                label=_("Budget: %(column)s") % {"column": column},
                initial=budget.get(column.key),
                help_text=_("Empty means no limit."),
            )
        if self.instance.pk:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version
        else:
            del self.fields["version"]
            # A new scenario is an alternative of the case: a new one, or one the case has already.
            self.fields["alternative"] = forms.ModelChoiceField(
                queryset=Alternative.objects.filter(
                    case_id=portfolio.case_id, archived=False, kind=AlternativeKind.MEASURE, scenario__isnull=True
                ).order_by("id"),
                required=False,
                label=_("The case's alternative"),
                empty_label=_("A new alternative with the scenario's name"),
                help_text=_(
                    "A case with a portfolio is decided by choosing a scenario, so every scenario is an alternative of "
                    "the case. Choose an alternative the case already has if this scenario spells it out in measures."
                ),
            )

    def budget(self) -> dict[str, Decimal | None]:
        return {c.key: self.cleaned_data.get(budget_field_name(c)) for c in self.columns}

    def budget_fields(self):
        return [self[budget_field_name(c)] for c in self.columns]


def _measure_choice_label(m: Measure) -> str:
    mark = " " + str(_("(mandatory)")) if m.mandatory else ""
    return f"{m.code} – {m.name}{mark}"


class SaveSelectionForm(core_forms.Form):
    """Save the selection on screen (the optimal one, or a point of the budget slider) as a scenario."""

    SOURCE_OPTIMAL = "optimal"
    SOURCE_POINT = "point"

    name = forms.CharField(label=_("Scenario name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind of scenario"), choices=ScenarioKind.choices, initial=ScenarioKind.PROPOSAL)
    source = forms.ChoiceField(
        choices=((SOURCE_OPTIMAL, SOURCE_OPTIMAL), (SOURCE_POINT, SOURCE_POINT)), widget=forms.HiddenInput
    )
    column = forms.CharField(required=False, widget=forms.HiddenInput)
    point = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, at_level: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if at_level:  # a second form on the same page: its fields need names of their own
            self.fields["name"].label = _("Name of the scenario at this budget level")
            self.fields["kind"].label = _("Kind of the scenario at this budget level")


class CompareForm(core_forms.Form):
    scenarios = forms.MultipleChoiceField(
        label=_("Scenarios to compare"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, scenarios: Sequence[Scenario], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scenarios"].choices = [(str(s.pk), f"{s.name} ({s.get_kind_display()})") for s in scenarios]

    def chosen(self, scenarios: Sequence[Scenario]) -> list[Scenario]:
        if not self.is_valid() or not self.cleaned_data["scenarios"]:
            return list(scenarios)
        wanted = {int(pk) for pk in self.cleaned_data["scenarios"]}
        return [s for s in scenarios if s.pk in wanted]
