"""Forms of the cases app. Each edit form carries the ``version`` it was loaded with."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prioritet.core import forms as core_forms
from prioritet.core import idempotency
from prioritet.core.formatting import (
    PRIORITY_CHOICES,
    criterion_dimensions,
    criterion_name,
    criterion_question,
    scale_choices,
)
from prioritet.core.forms import DateInput, VersionField
from prioritet.engine import CRITERION_INFO, Criterion

from . import policy
from .extensions import choosable_alternatives
from .judgment import ASSESSED_CRITERIA
from .models import (
    Alternative,
    AppealResult,
    Assessment,
    Case,
    Certainty,
    ChildrenAnswer,
    DecisionBody,
    GrantReason,
    KnowledgeBasis,
    Level,
    Outcome,
    Phase,
    UnitOutcome,
)
from .services import CASE_FIELDS
from .validators import SAKSNUMMER_HELP


class CaseForm(core_forms.ModelForm):
    no_action_consequence = forms.CharField(
        label=_("Consequence of not starting, postponing or ending"),
        help_text=_("What happens if nothing is done? This is the key question of the severity criterion."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = VersionField(required=False)

    class Meta:
        model = Case
        fields = CASE_FIELDS
        widgets: ClassVar[dict] = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "severity_justification": forms.Textarea(attrs={"rows": 3}),
            "involvement_plan": forms.Textarea(attrs={"rows": 3}),
            "management_information": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, municipality, creating: bool, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import service_areas

        self.fields["service_area"].queryset = service_areas(municipality)
        # The empty choice in our words: Django's default («- Select an option -») is not translated.
        self.fields["service_area"].empty_label = _("No service area")
        allowed = policy.workable_levels(user)
        self.fields["level"].choices = [(v, label) for v, label in Level.choices if v in allowed]
        # Severity belongs to the need: assessed once here, the same for every alternative (issue 11).
        self.fields["severity"] = forms.TypedChoiceField(
            label=_("Severity of the need"),
            choices=[("", _("Not assessed yet")), *scale_choices(Criterion.SEVERITY)],
            coerce=int,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
            help_text=severity_guidance(),
        )
        self.fields["severity_justification"].label = _("Justification of the severity")
        self.fields["case_reference"].help_text = _(
            "Individual cases only: the case number in the municipality's case system. Never a name, "
            "birth date or identity number."
        )
        if creating:
            del self.fields["version"]
            idempotency.add_form_token(self)
        else:
            del self.fields["no_action_consequence"]
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version

    def clean(self):
        data = super().clean()
        if data.get("level") != Level.INDIVIDUAL and data.get("case_reference"):
            self.add_error("case_reference", _("Only individual cases have a case reference."))
        if data.get("level") != Level.INDIVIDUAL and data.get("district"):
            self.add_error("district", _("Only individual cases have a district."))
        return data

    def case_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def severity_guidance() -> str:
    """The guideline's severity question and its sub-dimensions, as the assessment form gave them."""
    return "{} {} {}. {}".format(
        criterion_question(Criterion.SEVERITY),
        _("Consider:"),
        ", ".join(criterion_dimensions(Criterion.SEVERITY)),
        _("The same for every alternative: the condition of the person or target group without the measure."),
    )


class PhaseForm(core_forms.Form):
    to_phase = forms.ChoiceField(label=_("New phase"), choices=Phase.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = VersionField()


class FollowUpForm(core_forms.Form):
    outcome = forms.ChoiceField(
        label=_("What happens next?"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        help_text=_("Continue or adjust opens a follow-up case (a new cycle); end closes the case."),
    )
    note = forms.CharField(
        label=_("What was learnt"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The lesson from carrying out and evaluating the case; it can be shared in the example bank."),
    )
    version = VersionField()


class AlternativeForm(core_forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = Alternative
        fields = ("title", "description", "reduces_service")
        widgets: ClassVar[dict] = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"].required = True
            self.fields["version"].initial = self.instance.version
            if self.instance.is_no_action:
                del self.fields["title"]
                self.fields["description"].required = True
                self.fields["description"].label = _("Consequence of not starting, postponing or ending")
        else:
            del self.fields["version"]
            idempotency.add_form_token(self)


class ArchiveForm(core_forms.Form):
    version = VersionField()
    archived = forms.BooleanField(required=False)


def benefit_question() -> str:
    """Benefit is the gain compared with no action (issue 11), with the guideline's question after it."""
    return "{} {}".format(
        _("What does this alternative gain compared with not starting, postponing or ending?"),
        criterion_question(Criterion.BENEFIT),
    )


class AssessmentForm(core_forms.Form):
    """Scores 1–5 as radio buttons labelled with the guideline's scale words, one fieldset per criterion:
    benefit (the gain compared with no action) and resources. Severity is the need's, on the case."""

    knowledge_basis = forms.MultipleChoiceField(
        label=_("Knowledge basis"),
        choices=KnowledgeBasis.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("What the assessment rests on. Choose all that apply."),
    )
    certainty = forms.ChoiceField(
        label=_("Certainty"), choices=Certainty.choices, widget=forms.RadioSelect, initial=Certainty.MEDIUM
    )
    version = VersionField(required=False)

    def __init__(self, *args, instance: Assessment | None = None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            initial = {name: getattr(instance, name) for name in ("benefit", "resources", "certainty")}
            for c in ASSESSED_CRITERIA:
                initial[f"{c.value}_justification"] = getattr(instance, f"{c.value}_justification")
            initial["knowledge_basis"] = instance.knowledge_basis
            initial["version"] = instance.version
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.instance = instance
        for c in ASSESSED_CRITERIA:
            self.fields[c.value] = forms.TypedChoiceField(
                label=criterion_name(c).capitalize(),
                choices=scale_choices(c),
                coerce=int,
                widget=forms.RadioSelect,
            )
            self.fields[f"{c.value}_justification"] = forms.CharField(
                label=_("Justification"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def criteria(self):
        """Per criterion: name, the guideline's question, its sub-dimensions, the score and justification fields."""
        for c in ASSESSED_CRITERIA:
            yield {
                "key": c.value,
                "name": criterion_name(c),
                "question": benefit_question() if c == Criterion.BENEFIT else criterion_question(c),
                "dimensions": criterion_dimensions(c),
                "higher_is_better": CRITERION_INFO[c].higher_is_better,
                "score": self[c.value],
                "justification": self[f"{c.value}_justification"],
            }

    def error_summary(self) -> list[dict[str, str]]:
        """The field errors in the order the form shows the fields, each with a label that says which
        criterion it belongs to and the id of the control to link to (a radio group's first button)."""
        order = [name for c in ASSESSED_CRITERIA for name in (c.value, f"{c.value}_justification")]
        order += ["knowledge_basis", "certainty"]
        items = []
        for name in order:
            field = self[name]
            if name.endswith("_justification"):
                label = str(Assessment._meta.get_field(name).verbose_name)
            else:
                label = str(field.label)
            target = field.id_for_label or f"{field.auto_id}_0"
            items += [{"target": target, "label": label[:1].upper() + label[1:], "message": e} for e in field.errors]
        return items

    def data_for_service(self) -> dict:
        d = self.cleaned_data
        basis = set(d.get("knowledge_basis") or [])
        out = {c.value: d[c.value] for c in ASSESSED_CRITERIA}
        out.update({f"{c.value}_justification": d.get(f"{c.value}_justification", "") for c in ASSESSED_CRITERIA})
        out.update(
            basis_research=KnowledgeBasis.RESEARCH in basis,
            basis_clinical=KnowledgeBasis.CLINICAL in basis,
            basis_user=KnowledgeBasis.USER in basis,
            certainty=d["certainty"],
        )
        return out


class ChoiceSafeguardsForm(core_forms.Form):
    """What every choice on a case records besides the choice: the priority, the legal minimum
    (forsvarlighet), the child's best interest and the reassessment date. The decision, the innstilling
    and the political vedtak ask them with the same words."""

    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=PRIORITY_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "Required unless you choose to not start, postpone or end: that is the reference and gets no priority."
        ),
    )
    forsvarlighet_confirmed = forms.BooleanField(
        label=_("I confirm that the services remain of a legally adequate standard (forsvarlige)"),
        required=False,
        help_text=_("Required when the choice reduces a service or is to not start, postpone or end."),
    )
    forsvarlighet_justification = forms.CharField(
        label=_("Justification of the legal minimum standard"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the choice reduces a service or is to not start, postpone or end."),
    )
    child_best_interest = forms.CharField(
        label=_("Assessment of the child's best interest"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the decision affects children."),
    )
    reassessment_due = forms.DateField(
        label=_("Reassess by"),
        widget=DateInput(),
        help_text=_("When the decision must be looked at again (revurdering)."),
    )
    version = VersionField()
    signature = forms.CharField(widget=forms.HiddenInput)


class DecisionForm(ChoiceSafeguardsForm):
    field_order: tuple[str, ...] = (
        "alternative",
        "priority",
        "justification",
        "departure_reason",
        "forsvarlighet_confirmed",
        "forsvarlighet_justification",
        "child_best_interest",
        "similar_departure_reason",
        "similar_acknowledged",
        "reassessment_due",
    )

    alternative = forms.ModelChoiceField(
        label=_("Chosen alternative"), queryset=Alternative.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    justification = forms.CharField(
        label=_("Justification"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The combined judgment of benefit, severity and resources that the decision rests on."),
    )
    departure_reason = forms.CharField(
        label=_("Reason for departing from the suggested order"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you choose another alternative than the one suggested first."),
    )

    similar_departure_reason = forms.CharField(
        label=_("Why this case differs from similar cases"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when your conclusion departs from what the most similar decided cases got."),
    )
    similar_acknowledged = forms.BooleanField(
        label=_("I have seen that the conclusion departs from similar cases and proceed without a reason"),
        required=False,
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what the decision rules allow (a case with a portfolio chooses a scenario or no action).
        self.fields["alternative"].queryset = choosable_alternatives(case)
        if case.level == Level.INDIVIDUAL and type(self) is DecisionForm:
            core_forms.mark_conditionally_required(self.fields["similar_departure_reason"])
        else:
            # Like cases are compared at the individual level only (cases/similar.py).
            del self.fields["similar_departure_reason"]
            del self.fields["similar_acknowledged"]
        # Required only for some choices (the service checks and explains): labelled as such, not
        # as optional, with the help text saying when.
        conditional = ["priority", "departure_reason", "forsvarlighet_justification"]
        if case.child_affected:
            conditional.append("child_best_interest")
        else:
            self.fields["child_best_interest"].help_text = _("Only needed when the decision affects children.")
        for name in conditional:
            core_forms.mark_conditionally_required(self.fields[name])
        self.fields["reassessment_due"].initial = timezone.localdate() + datetime.timedelta(days=365)


class RecommendationForm(DecisionForm):
    """The municipal director's innstilling: the choice as a decision's, with the forslag til vedtak."""

    proposed_resolution = forms.CharField(
        label=_("Proposed resolution (forslag til vedtak)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The resolution the administration proposes that the political body adopts."),
    )
    field_order = (
        "alternative",
        "priority",
        "proposed_resolution",
        "justification",
        "departure_reason",
        "forsvarlighet_confirmed",
        "forsvarlighet_justification",
        "child_best_interest",
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        del self.fields["reassessment_due"]
        self.fields["alternative"].label = _("Recommended alternative")
        self.fields["justification"].help_text = _(
            "The combined judgment of benefit, severity and resources that the recommendation rests on."
        )


class VedtakForm(ChoiceSafeguardsForm):
    """The political body's vedtak, recorded by a politician or the secretariat."""

    field_order = (
        "body",
        "meeting_date",
        "saksnummer",
        "alternative",
        "priority",
        "adopted_text",
        "departure_description",
        "unanimous",
        "votes_for",
        "votes_against",
        "forsvarlighet_confirmed",
        "forsvarlighet_justification",
        "child_best_interest",
        "reassessment_due",
    )

    body = forms.ModelChoiceField(label=_("Decision body"), queryset=DecisionBody.objects.none())
    meeting_date = forms.DateField(label=_("Meeting date"), widget=DateInput())
    saksnummer = forms.CharField(
        label=_("Case number in the body (saksnummer)"), max_length=30, help_text=SAKSNUMMER_HELP
    )
    alternative = forms.ModelChoiceField(
        label=_("Adopted alternative"), queryset=Alternative.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    adopted_text = forms.CharField(
        label=_("Resolution as adopted"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Starts as the innstilling's forslag til vedtak: change it to what the body adopted."),
    )
    departure_description = forms.CharField(
        label=_("How the vedtak departs from the innstilling"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the body adopted another alternative or another text than the innstilling."),
    )
    unanimous = forms.BooleanField(label=_("Adopted unanimously"), required=False)
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, max_value=999, required=False)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, max_value=999, required=False)

    def __init__(self, *args, case: Case, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        # Only what the decision rules allow (a case with a portfolio chooses a scenario or no action).
        self.fields["alternative"].queryset = choosable_alternatives(case)
        for name in ("priority", "departure_description", "votes_for", "votes_against", "forsvarlighet_justification"):
            core_forms.mark_conditionally_required(self.fields[name])
        if case.child_affected:
            core_forms.mark_conditionally_required(self.fields["child_best_interest"])
        else:
            self.fields["child_best_interest"].help_text = _("Only needed when the decision affects children.")
        self.fields["votes_for"].help_text = _("Required unless the vedtak was unanimous.")
        self.fields["votes_against"].help_text = _("Required unless the vedtak was unanimous.")
        self.fields["reassessment_due"].initial = timezone.localdate() + datetime.timedelta(days=365)


OUTCOME_CHOICES = (("", _("Choose the outcome")), ("adopted", _("Adopted")), ("rejected", _("Rejected")))


class AmendmentForm(core_forms.Form):
    """One endringsforslag from the meeting. A row left empty is ignored."""

    proposed_by = forms.CharField(
        label=_("Proposed by"), max_length=200, required=False, help_text=_("The party or representative.")
    )
    text = forms.CharField(
        label=_("Text of the amendment"), max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOME_CHOICES, required=False)
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, max_value=999, required=False)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, max_value=999, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A row left empty is ignored; a filled-in one needs who proposed it, its text and its outcome.
        for name in ("proposed_by", "text", "outcome"):
            core_forms.mark_conditionally_required(self.fields[name])
        self.fields["outcome"].help_text = _("Required for every amendment put forward.")

    def amendment(self) -> dict:
        d = self.cleaned_data
        outcome = d.get("outcome") or ""
        return {
            "proposed_by": d.get("proposed_by", ""),
            "text": d.get("text", ""),
            "adopted": {"adopted": True, "rejected": False}.get(outcome),
            "votes_for": d.get("votes_for"),
            "votes_against": d.get("votes_against"),
        }


AmendmentFormSet = forms.formset_factory(AmendmentForm, extra=2, max_num=20, validate_max=True)


class DecisionBodyForm(core_forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("E.g. «Kommunestyret» or «Formannskapet»."))
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class ReassessmentForm(core_forms.Form):
    reason = forms.CharField(
        label=_("Reason for the reassessment"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    version = VersionField()


class CaseFilterForm(core_forms.Form):
    q = forms.CharField(
        label=_("Search in title or case reference"),
        required=False,
        help_text=_("An individual case is found by its case reference only."),
    )
    level = forms.ChoiceField(label=_("Level"), required=False)
    phase = forms.ChoiceField(label=_("Phase"), required=False, choices=[("", _("All phases")), *Phase.choices])
    service_area = forms.ModelChoiceField(label=_("Service area"), required=False, queryset=None, empty_label=_("All"))
    archived = forms.BooleanField(label=_("Show archived"), required=False)

    def __init__(self, *args, user, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import service_areas

        readable = policy.readable_levels(user)
        self.fields["level"].choices = [("", _("All levels"))] + [(v, lbl) for v, lbl in Level.choices if v in readable]
        self.fields["service_area"].queryset = service_areas(municipality)


class AccessLogFilterForm(core_forms.Form):
    case = forms.IntegerField(label=_("Case number"), required=False, min_value=1)
    user = forms.ModelChoiceField(label=_("User"), required=False, queryset=None, empty_label=_("All"))
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import municipality_users

        self.fields["user"].queryset = municipality_users(municipality)


class CorrectionForm(core_forms.Form):
    """A recorded correction: the wrong text is used to find and replace, and kept nowhere."""

    #: The wrong text is often the very identity number that has to go.
    national_id_allowed = ("wrong",)

    case = forms.IntegerField(label=_("Case number"), min_value=1, max_value=2**53)
    wrong = forms.CharField(
        label=_("Wrongly entered text"),
        min_length=3,
        max_length=200,
        strip=False,
        help_text=_(
            "Exactly as it was entered. It is replaced everywhere in the case and its history, and not stored."
        ),
    )
    replacement = forms.CharField(
        label=_("Replace with"),
        required=False,
        max_length=200,
        help_text=_("Leave empty to remove the text."),
    )
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsistencyForm(core_forms.Form):
    """A consistency report's service and period (issue 13 §3)."""

    service_area = forms.ModelChoiceField(label=_("Service"), queryset=None, required=False)
    date_from = forms.DateField(label=_("From"), widget=DateInput())
    date_to = forms.DateField(label=_("To"), widget=DateInput())

    #: The longest period one report covers.
    MAX_DAYS = 366 * 10

    def __init__(self, *args, municipality, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .consistency import readable_areas, reads_unassigned

        # Only the areas the user answers for; the cases without an area only for the administrator.
        field = self.fields["service_area"]
        field.queryset = readable_areas(user, municipality)
        if reads_unassigned(user):
            field.empty_label = _("No service area")
        else:
            field.required = True
            field.empty_label = _("Choose a service")

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end:
            if start > end:
                self.add_error("date_to", _("The end of the period must not be before its start."))
            elif (end - start).days > self.MAX_DAYS:
                self.add_error("date_from", _("A report covers at most ten years."))
        return data


class VoiceForm(core_forms.Form):
    """The person's and the relatives' voice, their view of each alternative, and the children question."""

    what_matters = forms.CharField(
        label=_("What matters to the person («What is important to you?»)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In the person's own words, as far as possible. Never a name, birth date or identity number."),
    )
    relatives_view = forms.CharField(
        label=_("The relatives' view"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    relatives_burden = forms.CharField(
        label=_("The burden on the relatives"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the relatives carry today and can carry; the guideline counts it as a resource."),
    )
    children = forms.ChoiceField(
        label=_("Are children affected by the decision, also as relatives of the person?"),
        required=False,
        choices=ChildrenAnswer.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Children of the person, and other children who live with them, are relatives too "
            "(helsepersonelloven § 10 a). The case cannot be decided before this is answered."
        ),
    )
    children_assessment = forms.CharField(
        label=_("How is the children's best interest assessed?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required when children are affected: which children, how, and how their best interest is weighed."
        ),
    )
    version = VersionField(required=False)

    def __init__(self, *args, alternatives: list[Alternative], **kwargs):
        super().__init__(*args, **kwargs)
        core_forms.mark_conditionally_required(self.fields["children"])
        core_forms.mark_conditionally_required(self.fields["children_assessment"])
        for alternative in alternatives:
            self.fields[f"view_{alternative.pk}"] = forms.CharField(
                label=_("The person's view of «%(title)s»") % {"title": alternative.title},
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.alternatives = alternatives

    def views(self) -> dict[int, str]:
        return {a.pk: self.cleaned_data.get(f"view_{a.pk}", "") for a in self.alternatives}


class ComplaintForm(core_forms.Form):
    """A complaint (klage) received on the decision: when, when the person was notified, what it says."""

    received_on = forms.DateField(label=_("Complaint received on"), widget=DateInput())
    notified_on = forms.DateField(
        label=_("The person was notified of the decision on"),
        required=False,
        widget=DateInput(),
        help_text=_("The deadline (three weeks) counts from here. Empty: the day of the decision."),
    )
    grounds = forms.CharField(
        label=_("What the complaint says"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In short, without identity numbers; the complaint itself is kept in the case system."),
    )


class UnitOutcomeForm(core_forms.Form):
    """What the unit did with the complaint after deciding the case again."""

    outcome = forms.ChoiceField(label=_("The unit's outcome"), choices=UnitOutcome.choices, widget=forms.RadioSelect)
    forwarded_on = forms.DateField(
        label=_("Sent to Statsforvalteren on"),
        required=False,
        widget=DateInput(),
        help_text=_("Required when the complaint is sent on."),
    )
    note = forms.CharField(
        label=_("The unit's assessment of the complaint"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        core_forms.mark_conditionally_required(self.fields["forwarded_on"])


class AppealResultForm(core_forms.Form):
    """Statsforvalteren's result on a complaint the unit sent on."""

    result = forms.ChoiceField(
        label=_("Statsforvalteren's result"), choices=AppealResult.choices, widget=forms.RadioSelect
    )
    decided_on = forms.DateField(label=_("Statsforvalteren decided on"), widget=DateInput())
    note = forms.CharField(
        label=_("Statsforvalteren's grounds, in short"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# Case teams and emergency access ---------------------------------------------------------------


def _person(user) -> str:
    name = user.get_full_name() or user.get_username()
    return f"{name} ({user.get_role_display()})"


class _PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _person(obj)


class TeamMemberForm(core_forms.Form):
    """Put a caseworker, health worker or leader on the case team."""

    user = _PersonChoiceField(label=_("Person"), queryset=None, empty_label=_("Choose a person"))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import team_candidates

        self.fields["user"].queryset = team_candidates(case)


class HandOverForm(core_forms.Form):
    """Hand the responsibility for the case over to another caseworker or health worker."""

    user = _PersonChoiceField(label=_("New responsible caseworker"), queryset=None, empty_label=_("Choose a person"))

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(municipality_id=case.municipality_id, is_active=True, role__in=policy.RESPONSIBLE_ROLES)
            .exclude(case_teams__case=case, case_teams__responsible=True)
            .order_by("last_name", "first_name", "username")
        )


class TeamRemoveForm(core_forms.Form):
    """Take one member off the team (the member's row, named by its number)."""

    member = forms.IntegerField(min_value=1, max_value=2**53, widget=forms.HiddenInput)


#: The longest explanation of an emergency access: a sentence or two, not a case note.
EXPLANATION_MAX = 500


class BreakGlassForm(core_forms.Form):
    """Why someone outside the case team must read the case now: a reason from the list and own words."""

    reason = forms.ChoiceField(label=_("Reason"), choices=GrantReason.choices, widget=forms.RadioSelect)
    explanation = forms.CharField(
        label=_("Explain the need"),
        max_length=EXPLANATION_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What you need the case for, in a sentence or two. The case's leaders read it. "
            "No names or identity numbers."
        ),
    )


class AcknowledgeForm(core_forms.Form):
    """A leader has seen one emergency access (the grant, named by its number)."""

    grant = forms.IntegerField(min_value=1, max_value=2**53, widget=forms.HiddenInput)
