"""Forms of the annual wheel, on core's form bases (national ID numbers and control characters refused)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from prioritet.core import forms as core_forms
from prioritet.core.forms import DateInput, VersionField

from .models import Milestone, PlanPeriod


class PlanPeriodForm(core_forms.VersionedModelForm):
    class Meta:
        model = PlanPeriod
        fields = ("kind", "name", "first_year", "last_year")
        help_texts: ClassVar[dict[str, Any]] = {
            "name": _("As the municipality names it, e.g. «Økonomiplan 2027–2030»."),
            "last_year": _("An economic plan covers four years, an annual budget one."),
        }


class MilestoneForm(core_forms.VersionedModelForm):
    class Meta:
        model = Milestone
        fields = ("name", "due", "description")
        widgets: ClassVar[dict[str, Any]] = {
            "due": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts: ClassVar[dict[str, Any]] = {
            "name": _("E.g. «Rammesak i formannskapet», «Kommunedirektørens forslag», «Vedtak i kommunestyret»."),
        }


class CasePlanForm(core_forms.Form):
    plan = forms.ModelChoiceField(label=pgettext_lazy("annual wheel", "Plan"), queryset=PlanPeriod.objects.none())
    milestone = forms.ModelChoiceField(
        label=_("Milestone"),
        queryset=Milestone.objects.none(),
        required=False,
        help_text=_("The date in the plan process this case is to be ready for. Leave empty if none fits."),
    )
    version = VersionField(required=False)

    def __init__(self, *args: Any, plans: Any, milestones: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["milestone"].queryset = milestones
        self.fields["milestone"].label_from_instance = lambda m: f"{m.plan.name}: {m}"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        plan, milestone = data.get("plan"), data.get("milestone")
        if plan is not None and milestone is not None and milestone.plan_id != plan.pk:
            self.add_error("milestone", _("Choose a milestone of the chosen plan."))
        return data


class RenewFeedForm(core_forms.Form):
    """The button that gives the calendar a (new) secret address: it says so, so no stray post renews it."""

    renew = forms.BooleanField(widget=forms.HiddenInput, initial=True)
