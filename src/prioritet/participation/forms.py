"""Forms of the participation app: opening a round, and the answer form for invitees and citizens.

Everything typed is kept as plain text: control characters are removed, lengths are capped as in
the models, and national identity numbers are refused. Templates escape it (never ``|safe``).
"""

from __future__ import annotations

import datetime
import re
import unicodedata

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prioritet.cases.forms import benefit_question
from prioritet.cases.models import Alternative
from prioritet.core import forms as core_forms
from prioritet.core.formatting import criterion_name, criterion_question, scale_word
from prioritet.core.forms import VersionField
from prioritet.core.text import forbidden_control_characters
from prioritet.engine import Criterion

from . import selectors
from .models import EMAIL_MAX, FREE_TEXT_MAX, LABEL_MAX, QUESTION_MAX, SPEAKS_FOR_MAX, WHY_MAX, Group
from .services import MAX_INVITATIONS, AnswerData, ScoreData

UNKNOWN = "unknown"
#: Asked once per answer: severity belongs to the need, the same for every alternative (issue 11).
NEED_CRITERION = Criterion.SEVERITY
#: Asked per alternative.
ALTERNATIVE_CRITERIA = (Criterion.BENEFIT, Criterion.RESOURCES)
DRAFT, SUBMIT = "draft", "submit"


def plain_text(value: str) -> str:
    """Text without invisible format characters (CRLF made LF); refused characters are kept.

    Control characters and bidi overrides stay in, so the text rules refuse the answer with a
    message instead of storing something other than what the respondent sent.
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        c
        for c in value
        if c in "\n\t" or forbidden_control_characters(c) or unicodedata.category(c) not in ("Cf", "Cs", "Co")
    )


class PlainTextField(forms.CharField):
    """A CharField that strips invisible format characters before the length and text rules run."""

    def __init__(self, *, rows: int | None = None, **kwargs):
        kwargs.setdefault("required", False)
        if rows:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = plain_text(value)
        return super().to_python(value)


class RoundForm(core_forms.Form):
    question = PlainTextField(
        label=_("Question"),
        required=True,
        rows=4,
        max_length=QUESTION_MAX,
        help_text=_("What do you want the groups' views on? The form then asks about each alternative of the case."),
    )
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Answers can be saved and changed until then; the round closes at the deadline."),
    )
    public_enabled = forms.BooleanField(
        label=_("Open a public link for citizens"),
        required=False,
        help_text=_("Anyone with the link can answer; their answers are marked as not verified."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        local = timezone.localtime() + datetime.timedelta(days=21)
        self.fields["deadline"].initial = local.replace(hour=12, minute=0, second=0, microsecond=0)

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise forms.ValidationError(_("The deadline must be in the future."))
        return deadline


class InvitationForm(core_forms.Form):
    group = forms.ChoiceField(label=_("Group"), required=False, choices=[("", _("Choose a group")), *Group.choices])
    label = PlainTextField(
        label=_("Organisation or name of the body"),
        max_length=LABEL_MAX,
        help_text=_("For example «Eldrerådet i Larvik». Shown in the summary."),
    )

    def clean(self):
        data = super().clean()
        if data.get("label") and not data.get("group"):
            self.add_error("group", _("Choose the group the organisation belongs to."))
        return data


class InviteForm(InvitationForm):
    """One more invitation to an open round: here the group is required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].required = True


InvitationFormSet = forms.formset_factory(InvitationForm, extra=5, max_num=MAX_INVITATIONS, validate_max=True)


class CloseForm(core_forms.Form):
    version = VersionField()


class PublicLinkForm(CloseForm):
    enabled = forms.BooleanField(required=False)


class InvitationEmailForm(core_forms.Form):
    """The address an invitation is e-mailed to (an organisation's, a council secretary's)."""

    address = forms.EmailField(label=_("E-mail address"), max_length=EMAIL_MAX)


#: What a form key looks like (``secrets.token_urlsafe(32)``).
_KEY = RegexValidator(re.compile(r"^[A-Za-z0-9_-]{32,64}$"), _("The form is not valid. Open the link again."))


def _question(criterion: Criterion) -> str:
    """The guideline's question; benefit is worded as the gain compared with no action."""
    return benefit_question() if criterion == Criterion.BENEFIT else criterion_question(criterion)


def _score_field(criterion: Criterion, label=None) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label or criterion_name(criterion).capitalize(),
        choices=[(str(i), scale_word(criterion, i)) for i in range(1, 6)] + [(UNKNOWN, _("Don't know"))],
        widget=forms.RadioSelect,
        initial=UNKNOWN,
        required=False,
    )


def _score(raw: str | None) -> int | None:
    return None if not raw or raw == UNKNOWN else int(raw)


class AnswerForm(core_forms.Form):
    """Once: the severity of the need 1–5 or «vet ikke», and why. For each alternative: benefit and
    resources 1–5 or «vet ikke», and why. Then free text."""

    speaks_for = PlainTextField(
        label=_("Whom do you speak for?"),
        max_length=SPEAKS_FOR_MAX,
        help_text=_("For example «the board of the council» or «myself, as a relative»."),
    )
    free_text = PlainTextField(label=_("Other input"), rows=6, max_length=FREE_TEXT_MAX)
    key = forms.CharField(widget=forms.HiddenInput, validators=[_KEY], max_length=64)

    def __init__(self, *args, alternatives: list[Alternative], **kwargs):
        super().__init__(*args, **kwargs)
        self.alternatives = alternatives
        self.fields["severity"] = _score_field(NEED_CRITERION, _("Severity of the need"))
        self.fields["severity_why"] = PlainTextField(label=_("Why do you see the need so?"), rows=3, max_length=WHY_MAX)
        for alternative in alternatives:
            for c in ALTERNATIVE_CRITERIA:
                self.fields[self.score_name(alternative, c)] = _score_field(c)
            self.fields[self.why_name(alternative)] = PlainTextField(
                label=_("Why do you see it so?"), rows=3, max_length=WHY_MAX
            )

    @staticmethod
    def score_name(alternative: Alternative, criterion) -> str:
        return f"a{alternative.pk}_{criterion.value}"

    @staticmethod
    def why_name(alternative: Alternative) -> str:
        return f"a{alternative.pk}_why"

    @classmethod
    def initial_from(cls, response, key: str) -> dict:
        """The form's initial data from a saved draft (or an empty form) with the form key."""
        initial: dict = {"key": key}
        if response is None:
            return initial
        initial.update(
            speaks_for=response.speaks_for,
            free_text=response.free_text,
            severity=UNKNOWN if response.severity is None else str(response.severity),
            severity_why=response.severity_why,
        )
        for alternative_pk, score in selectors.scores_of(response).items():
            for c in ALTERNATIVE_CRITERIA:
                value = getattr(score, c.value)
                initial[f"a{alternative_pk}_{c.value}"] = UNKNOWN if value is None else str(value)
            initial[f"a{alternative_pk}_why"] = score.why
        return initial

    def need(self) -> dict:
        """The need's severity radio group with the guideline's question, and «why»."""
        return {"field": self["severity"], "question": _question(NEED_CRITERION), "why": self["severity_why"]}

    def sections(self):
        """Per alternative: the alternative, its benefit and resources radio groups with the guideline's
        question, and «why»."""
        for alternative in self.alternatives:
            yield {
                "alternative": alternative,
                "criteria": [
                    {"field": self[self.score_name(alternative, c)], "question": _question(c)}
                    for c in ALTERNATIVE_CRITERIA
                ],
                "why": self[self.why_name(alternative)],
            }

    def error_summary(self) -> list[dict[str, str]]:
        items = []
        for name, errors in self.errors.items():
            if name == "__all__" or name not in self.fields:
                continue
            field = self[name]
            target = field.id_for_label or f"{field.auto_id}_0"
            items += [{"target": target, "label": str(field.label), "message": e} for e in errors]
        return items

    def clean(self):
        data = super().clean()
        if self.has_error("key"):
            # A hidden field: say it where the person sees it.
            self.add_error(None, _("The form is not valid. Open the link again."))
        return data

    def answer_data(self) -> AnswerData:
        d = self.cleaned_data
        scores = {}
        for alternative in self.alternatives:
            values = {c.value: _score(d.get(self.score_name(alternative, c))) for c in ALTERNATIVE_CRITERIA}
            scores[alternative.pk] = ScoreData(why=d.get(self.why_name(alternative), ""), **values)
        return AnswerData(
            speaks_for=d.get("speaks_for", ""),
            free_text=d.get("free_text", ""),
            severity=_score(d.get("severity")),
            severity_why=d.get("severity_why", ""),
            scores=scores,
        )
