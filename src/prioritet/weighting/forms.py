"""Forms of the weighting app: direct entry, the steps of swing weighting and of the pairwise
questions, and the confirmation that records the deciding body and the reason."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from prioritet.core import forms as core_forms
from prioritet.core.formatting import SEED_ORDER, criterion_name, scale_labels
from prioritet.engine import CRITERIA, CRITERION_INFO, Criterion, Profile


def criterion_choices() -> list[tuple[str, str]]:
    return [(c.value, criterion_name(c).capitalize()) for c in SEED_ORDER]


def swing_ends(criterion: Criterion) -> tuple[str, str]:
    """The worst and the best end of the criterion's scale, in words (resources: most is worst)."""
    labels = scale_labels(criterion)
    if CRITERION_INFO[criterion].higher_is_better:
        return labels[0], labels[-1]
    return labels[-1], labels[0]


def profile_words(profile: Profile) -> list[dict]:
    """A measure profile as rows of (criterion, score, word), in the seed table's order."""
    return [
        {
            "criterion": c.value,
            "name": criterion_name(c).capitalize(),
            "score": profile[CRITERIA.index(c)],
            "word": scale_labels(c)[profile[CRITERIA.index(c)] - 1],
        }
        for c in SEED_ORDER
    ]


class DecisionFields(core_forms.Form):
    """Who decided and why: every new version records both."""

    decided_by_body = forms.CharField(
        label=_("Decided by"),
        max_length=200,
        help_text=_("The body that decided the weights, e.g. the municipal council."),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class WeightVersionForm(DecisionFields):
    benefit = core_forms.DecimalField(label=_("Benefit"), min_value=Decimal(0), max_digits=6, decimal_places=3)
    severity = core_forms.DecimalField(label=_("Severity"), min_value=Decimal(0), max_digits=6, decimal_places=3)
    resources = core_forms.DecimalField(label=_("Resources"), min_value=Decimal(0), max_digits=6, decimal_places=3)

    field_order = ("benefit", "severity", "resources", "decided_by_body", "reason")

    def clean(self):
        data = super().clean()
        if all(k in data for k in ("benefit", "severity", "resources")) and (
            data["benefit"] + data["severity"] + data["resources"] <= 0
        ):
            raise forms.ValidationError(_("At least one weight must be greater than zero."))
        return data


class SwingOrderForm(core_forms.Form):
    """Step 1: rank the three swings from worst to best by how much they matter."""

    first = forms.ChoiceField(label=_("The swing that matters most"))
    second = forms.ChoiceField(label=_("Second"))
    third = forms.ChoiceField(label=_("Third"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first", "second", "third"):
            self.fields[name].choices = [("", "—"), *criterion_choices()]

    def clean(self):
        data = super().clean()
        chosen = [data.get(name) for name in ("first", "second", "third")]
        if all(chosen) and len(set(chosen)) != 3:
            raise forms.ValidationError(_("Choose each criterion once."))
        return data

    def order(self) -> list[str]:
        return [self.cleaned_data[name] for name in ("first", "second", "third")]


class SwingPointsForm(core_forms.Form):
    """Step 2: the most important swing has 100 points; the others 0–100 relative to it."""

    second = forms.IntegerField(min_value=0, max_value=100)
    third = forms.IntegerField(min_value=0, max_value=100)

    def __init__(self, *args, order: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.order = order
        first = criterion_name(Criterion(order[0]))
        for name, key in (("second", order[1]), ("third", order[2])):
            criterion = Criterion(key)
            worst, best = swing_ends(criterion)
            self.fields[name].label = _("Points for %(criterion)s") % {"criterion": criterion_name(criterion)}
            self.fields[name].help_text = _(
                "The swing from «%(worst)s» to «%(best)s», compared with the swing in %(first)s (100 points)."
            ) % {"worst": worst, "best": best, "first": first}

    def clean(self):
        data = super().clean()
        if data.get("second") is not None and data.get("third") is not None and data["third"] > data["second"]:
            self.add_error(
                "third",
                _("You ranked this swing below the second one: give it at most %(points)s points.")
                % {"points": data["second"]},
            )
        return data

    def points(self) -> dict[str, int]:
        return {
            self.order[0]: 100,
            self.order[1]: self.cleaned_data["second"],
            self.order[2]: self.cleaned_data["third"],
        }


ANSWER_A, ANSWER_B, ANSWER_SKIP = "a", "b", "skip"


class PairwiseAnswerForm(core_forms.Form):
    answer = forms.ChoiceField(
        label=_("Which of these two measures should come first?"),
        widget=forms.RadioSelect,
        choices=[
            (ANSWER_A, _("Measure A")),
            (ANSWER_B, _("Measure B")),
            (ANSWER_SKIP, _("We cannot choose – skip the question")),
        ],
    )
