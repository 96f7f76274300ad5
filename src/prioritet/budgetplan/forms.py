"""Forms of the budgetplan app, on the core bases (text rules: no national ID numbers, no control characters)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from prioritet.core.columns import ColumnName
from prioritet.core.forms import DateInput, DecimalField, Form, VersionField

from .models import ANSWER_MAX, MAX_PERIOD, QUESTION_MAX, PlanMeasure

#: Largest amount a frame or a measure may name (a municipality's budget, with room).
AMOUNT_LIMIT = 10**12


class PeriodForm(Form):
    first_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_year"), data.get("last_year")
        if first is not None and last is not None:
            if last < first:
                self.add_error("last_year", _("The last year cannot come before the first year."))
            elif last - first + 1 > MAX_PERIOD:
                self.add_error("last_year", _("A plan period has at most %(most)s years.") % {"most": MAX_PERIOD})
        return data


def _amount(label: str) -> DecimalField:
    return DecimalField(label=label, max_digits=16, decimal_places=2, min_value=-AMOUNT_LIMIT, max_value=AMOUNT_LIMIT)


class FramesForm(PeriodForm):
    """The period and one frame per budget column and year (fields ``frame__<column key>__<year index>``),
    each labelled by the municipality's name of the column: «Kostnad (kr per år) 2027»."""

    version = VersionField()

    def __init__(self, *args: Any, columns: Sequence[ColumnName], years: tuple[int, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.columns, self.years = list(columns), years
        for column in columns:
            for t, year in enumerate(years):
                self.fields[f"frame__{column.key}__{t}"] = _amount(f"{column} {year}")

    def rows(self) -> list[tuple[ColumnName, list[Any]]]:
        return [(c, [self[f"frame__{c.key}__{t}"] for t in range(len(self.years))]) for c in self.columns]

    def frames(self) -> dict[str, list[float]]:
        d = self.cleaned_data
        return {c.key: [float(d[f"frame__{c.key}__{t}"]) for t in range(len(self.years))] for c in self.columns}


class MeasureForm(Form):
    """A plan measure: scores, earliest start, amounts per column and the proposed start."""

    version = VersionField()
    name = forms.CharField(label=_("Name"), max_length=200)
    benefit = forms.IntegerField(label=_("Benefit (1–5)"), min_value=1, max_value=5)
    severity = forms.IntegerField(label=_("Severity (1–5)"), min_value=1, max_value=5)
    resources = forms.IntegerField(label=_("Resources (1–5)"), min_value=1, max_value=5)
    mandatory = forms.BooleanField(label=_("Mandatory (statutory minimum)"), required=False)
    earliest = forms.IntegerField(label=_("Earliest start"), min_value=2000, max_value=2100, required=False)
    proposed_start = forms.IntegerField(
        label=_("Start in the administration's proposal"),
        min_value=2000,
        max_value=2100,
        required=False,
        help_text=_("Empty: the proposal leaves the measure out."),
    )

    def __init__(self, *args: Any, columns: Sequence[ColumnName], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.columns = list(columns)
        for column in columns:
            self.fields[f"running__{column.key}"] = _amount(_("%(column)s each year it runs") % {"column": column})
            self.fields[f"first__{column.key}"] = _amount(_("%(column)s in the start year") % {"column": column})

    @classmethod
    def initial_of(cls, measure: PlanMeasure, columns: list[str]) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "version": measure.version,
            "name": measure.name,
            "benefit": measure.benefit,
            "severity": measure.severity,
            "resources": measure.resources,
            "mandatory": measure.mandatory,
            "earliest": measure.earliest,
            "proposed_start": measure.proposed_start,
        }
        for c in columns:
            initial[f"running__{c}"] = measure.running.get(c, 0)
            initial[f"first__{c}"] = measure.first_amount(c)
        return initial

    def amount_rows(self) -> list[tuple[ColumnName, Any, Any]]:
        return [(c, self[f"first__{c.key}"], self[f"running__{c.key}"]) for c in self.columns]

    def fields_to_save(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "name": d["name"],
            "benefit": d["benefit"],
            "severity": d["severity"],
            "resources": d["resources"],
            "mandatory": d["mandatory"],
            "earliest": d["earliest"],
            "proposed_start": d["proposed_start"],
            "running": {c.key: float(d[f"running__{c.key}"]) for c in self.columns},
            "first": {c.key: float(d[f"first__{c.key}"]) for c in self.columns},
        }


class UploadForm(Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        validators=[FileExtensionValidator(["csv", "xlsx", "xlsm"])],
        help_text=_(
            "The columns of «prioritet plan»: id, name, benefit, severity, resources, amount columns, "
            "optional mandatory, group, requires, earliest and <column>_first (the start year's amount)."
        ),
    )


class FramesUploadForm(Form):
    file = forms.FileField(
        label=_("File (CSV or XLSX)"),
        validators=[FileExtensionValidator(["csv", "xlsx", "xlsm"])],
        help_text=_(
            "A header row with the plan's years after a first cell such as «column», then one row per budget "
            "column: its name, then its frame in each year."
        ),
    )


class PartyGroupForm(Form):
    name = forms.CharField(label=_("Name of the party group"), max_length=120)
    members = forms.ModelMultipleChoiceField(
        label=_("Politicians of the group"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, politicians: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = politicians


class NewAlternativeForm(Form):
    name = forms.CharField(label=_("Name of the alternative"), max_length=200)
    party_group = forms.ModelChoiceField(label=_("Party group"), queryset=None)

    def __init__(self, *args: Any, groups: list[Any], **kwargs: Any) -> None:
        from .models import PartyGroup

        super().__init__(*args, **kwargs)
        self.fields["party_group"].queryset = PartyGroup.objects.filter(pk__in=[g.pk for g in groups])


class AlternativeForm(Form):
    """The alternative's name and one start year (or «not in the plan») per measure: ``start__<pk>``."""

    version = VersionField()
    name = forms.CharField(label=_("Name of the alternative"), max_length=200)

    def __init__(self, *args: Any, rows: list[PlanMeasure], years: tuple[int, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for m in rows:
            first = max(years[0], m.earliest or years[0])
            choices = [("", _("Not in the plan"))] + [(str(y), str(y)) for y in years if y >= first]
            self.fields[f"start__{m.pk}"] = forms.TypedChoiceField(
                label=m.name, choices=choices, coerce=int, empty_value=None, required=False
            )

    def measure_fields(self) -> list[tuple[PlanMeasure, Any]]:
        return [(m, self[f"start__{m.pk}"]) for m in self.rows]

    def starts(self) -> dict[str, int | None]:
        return {m.code: self.cleaned_data.get(f"start__{m.pk}") for m in self.rows}


#: The choice that recommends the administration's proposal (the others name a submitted alternative).
PROPOSAL = "proposal"


class InnstillingForm(Form):
    """The formannskap's innstilling: what it recommends, the council's meeting date, its text."""

    recommended = forms.ChoiceField(label=_("The formannskap recommends"))
    meeting_date = forms.DateField(
        label=_("The council's meeting date"),
        required=False,
        widget=DateInput(),
        help_text=_("The innstilling must be public at least 14 days before (kommuneloven § 14-3)."),
    )
    text = forms.CharField(
        label=_("The innstilling (forslag til vedtak)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Shown on the public page above the year-by-year table."),
    )

    def __init__(self, *args: Any, alternatives: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.alternatives = {str(a.pk): a for a in alternatives}
        self.fields["recommended"].choices = [(PROPOSAL, _("The administration's proposal"))] + [
            (str(a.pk), _("%(name)s (%(group)s)") % {"name": a.name, "group": a.party_group.name}) for a in alternatives
        ]

    def alternative(self) -> Any:
        """The recommended alternative, or None for the proposal."""
        return self.alternatives.get(self.cleaned_data["recommended"])


# Budget questions ---------------------------------------------------------------------------------


class QuestionForm(Form):
    """A politician's budget question: a short title, the question, and the party group asked for."""

    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(
        label=_("Question"),
        max_length=QUESTION_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Ask about the plan's measures, frames or consequences. The answer may be published."),
    )
    party_group = forms.ModelChoiceField(
        label=_("Asked for the party group"), queryset=None, required=False, empty_label=_("Myself")
    )

    def __init__(self, *args: Any, groups: list[Any], **kwargs: Any) -> None:
        from .models import PartyGroup

        super().__init__(*args, **kwargs)
        self.fields["party_group"].queryset = PartyGroup.objects.filter(pk__in=[g.pk for g in groups])


class AssignForm(Form):
    """Who answers the question, and by when."""

    version = VersionField()
    assignee = forms.ModelChoiceField(label=_("Answered by"), queryset=None)
    due_date = forms.DateField(label=_("Answer due"), widget=DateInput())

    def __init__(self, *args: Any, answerers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = answerers
        self.fields["assignee"].label_from_instance = lambda user: user.get_full_name() or user.get_username()


class AnswerForm(Form):
    version = VersionField()
    answer = forms.CharField(label=_("Answer"), max_length=ANSWER_MAX, widget=forms.Textarea(attrs={"rows": 10}))


class StepForm(Form):
    """A step with nothing to fill in (approve, publish): only the version the user saw."""

    version = VersionField()


class QuestionFilterForm(Form):
    """The list's filter: a status, «published» or «overdue», or everything."""

    status = forms.ChoiceField(label=_("Show"), required=False)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = choices
