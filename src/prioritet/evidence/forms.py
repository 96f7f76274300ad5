"""Forms of the evidence app: the mini-HTA grouped by the template's sections, and the EtD panel."""

from __future__ import annotations

from typing import ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from prioritet.core import forms as core_forms
from prioritet.core.forms import DateInput, VersionField, mark_conditionally_required

from . import grade
from .models import EvidenceToDecision, MiniHta
from .services import ETD_FIELDS, MINI_HTA_FIELDS

#: The national template's sections, in its order: (legend, fields).
MINI_HTA_SECTIONS = (
    (_("The question (PICO)"), ("population", "intervention", "comparison", "outcomes")),
    (_("Literature search"), ("literature",)),
    (_("Effect and safety"), ("effect", "safety")),
    (_("Certainty of the evidence (GRADE)"), ("certainty", "certainty_rationale")),
    (_("Costs and resource consequences"), ("costs",)),
    (_("Organisational consequences"), ("organisation",)),
    (_("Ethical, legal and user perspectives"), ("ethics", "legal", "user_perspective")),
    (_("Conclusion"), ("conclusion", "authors", "assessed_on")),
)

CERTAINTY_HELP = _(
    "High: further research is very unlikely to change our confidence in the estimate of effect. Moderate: "
    "further research is likely to have an important impact on our confidence and may change the estimate. "
    "Low: further research is very likely to have an important impact and is likely to change the estimate. "
    "Very low: any estimate of effect is very uncertain."
)


def _textareas(form: forms.BaseForm, rows: int = 3) -> None:
    for field in form.fields.values():
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = rows


class MiniHtaForm(core_forms.ModelForm):
    certainty = forms.ChoiceField(
        label=_("Certainty of the evidence"),
        choices=grade.Certainty.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=CERTAINTY_HELP,
    )
    version = VersionField(required=False)

    class Meta:
        model = MiniHta
        fields = MINI_HTA_FIELDS
        widgets: ClassVar[dict] = {"assessed_on": DateInput()}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _textareas(self)
        for name in ("population", "intervention", "outcomes", "effect", "conclusion"):
            mark_conditionally_required(self.fields[name])
        mark_conditionally_required(self.fields["certainty"])
        self.fields["authors"].widget = forms.Textarea(attrs={"rows": 2})

    def sections(self):
        return [(legend, [self[name] for name in names]) for legend, names in MINI_HTA_SECTIONS]

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in MINI_HTA_FIELDS}


class EtdForm(core_forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = EvidenceToDecision
        fields = ETD_FIELDS
        widgets: ClassVar[dict] = {"decision_type": forms.RadioSelect}

    def __init__(self, *args, case, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        alternatives = case.alternatives.filter(archived=False).order_by("id")
        for name in ("option", "comparison"):
            self.fields[name].queryset = alternatives
        self.fields["option"].help_text = _("The measure the panel weighs.")
        self.fields["comparison"].help_text = _("Often «not start, postpone or end».")
        self.fields["decision_type"].choices = list(grade.DecisionType.choices)
        self.fields["decision_type"].required = False
        mark_conditionally_required(self.fields["decision_type"])
        mark_conditionally_required(self.fields["justification"])
        _textareas(self)

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in ETD_FIELDS}


class JudgementForm(core_forms.Form):
    """One GRADE criterion: the judgement, the research evidence and additional considerations."""

    judgement = forms.ChoiceField(label=_("Judgement"), required=False, widget=forms.RadioSelect)
    research_evidence = forms.CharField(
        label=_("Research evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    additional_considerations = forms.CharField(
        label=_("Additional considerations"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, criterion: grade.Criterion, **kwargs) -> None:
        kwargs.setdefault("prefix", criterion.key)
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        self.fields["judgement"].choices = list(criterion.options)
        mark_conditionally_required(self.fields["judgement"])
