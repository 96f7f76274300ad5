"""GRADE's vocabulary: certainty of evidence and the Evidence-to-Decision (EtD) criteria.

The criteria, their questions and the judgement options of each follow the GRADE EtD frameworks:
Alonso-Coello P, Schünemann HJ, Moberg J, et al. GRADE Evidence to Decision (EtD) frameworks: a
systematic and transparent approach to making well informed healthcare choices. 1: Introduction.
BMJ 2016;353:i2016, and 2: Clinical practice guidelines. BMJ 2016;353:i2089; for health-system
decisions Moberg J, et al. Health Res Policy Syst 2018;16:45. The option keys are stored; labels
are translated.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from prioritet.core.choices import TextChoices


class Source(NamedTuple):
    """A published source the panel follows, with the language it is written in (pages in another
    language mark it, WCAG 3.1.2)."""

    title: str
    url: str
    language: str = "en"


SOURCES = (
    Source(
        "Alonso-Coello P, Schünemann HJ, Moberg J, et al. GRADE Evidence to Decision (EtD) frameworks. "
        "1: Introduction. BMJ 2016;353:i2016",
        "https://doi.org/10.1136/bmj.i2016",
    ),
    Source(
        "Alonso-Coello P, Oxman AD, Moberg J, et al. GRADE Evidence to Decision (EtD) frameworks. "
        "2: Clinical practice guidelines. BMJ 2016;353:i2089",
        "https://doi.org/10.1136/bmj.i2089",
    ),
)


class Certainty(TextChoices):
    """GRADE's four levels of certainty of the evidence, highest first."""

    HIGH = "high", _("High")
    MODERATE = "moderate", _("Moderate")
    LOW = "low", _("Low")
    VERY_LOW = "very_low", _("Very low")


# The judgement options, shared by several criteria ------------------------------------------------
VARIES = ("varies", _("Varies"))
DONT_KNOW = ("dont_know", _("Don't know"))
NO_STUDIES = ("no_studies", _("No included studies"))
YES_NO = (
    ("no", _("No")),
    ("probably_no", _("Probably no")),
    ("probably_yes", _("Probably yes")),
    ("yes", _("Yes")),
    VARIES,
    DONT_KNOW,
)
FAVOURS = (
    ("favours_comparison", _("Favours the comparison")),
    ("probably_favours_comparison", _("Probably favours the comparison")),
    ("favours_neither", _("Does not favour either the option or the comparison")),
    ("probably_favours_option", _("Probably favours the option")),
    ("favours_option", _("Favours the option")),
    VARIES,
)


@dataclass(frozen=True)
class Criterion:
    key: str
    title: Promise
    question: Promise
    options: tuple[tuple[str, Promise], ...]

    def label_of(self, value: str) -> str:
        return str(dict(self.options).get(value, "")) if value else ""


CRITERIA: tuple[Criterion, ...] = (
    Criterion("priority", _("Priority of the problem"), _("Is the problem a priority?"), YES_NO),
    Criterion(
        "desirable_effects",
        _("Desirable effects"),
        _("How substantial are the desirable anticipated effects?"),
        (
            ("trivial", _("Trivial")),
            ("small", _("Small")),
            ("moderate", _("Moderate")),
            ("large", _("Large")),
            VARIES,
            DONT_KNOW,
        ),
    ),
    Criterion(
        "undesirable_effects",
        _("Undesirable effects"),
        _("How substantial are the undesirable anticipated effects?"),
        (
            ("large", _("Large")),
            ("moderate", _("Moderate")),
            ("small", _("Small")),
            ("trivial", _("Trivial")),
            VARIES,
            DONT_KNOW,
        ),
    ),
    Criterion(
        "certainty",
        _("Certainty of evidence"),
        _("What is the overall certainty of the evidence of effects?"),
        (*((c.value, c.label) for c in reversed(Certainty)), NO_STUDIES),
    ),
    Criterion(
        "values",
        _("Values"),
        _("Is there important uncertainty about or variability in how much people value the main outcomes?"),
        (
            ("important_uncertainty", _("Important uncertainty or variability")),
            ("possibly_important", _("Possibly important uncertainty or variability")),
            ("probably_no_important", _("Probably no important uncertainty or variability")),
            ("no_important", _("No important uncertainty or variability")),
        ),
    ),
    Criterion(
        "balance",
        _("Balance of effects"),
        _("Does the balance between desirable and undesirable effects favour the option or the comparison?"),
        (*FAVOURS, DONT_KNOW),
    ),
    Criterion(
        "resources",
        _("Resources required"),
        _("How large are the resource requirements (costs)?"),
        (
            ("large_costs", _("Large costs")),
            ("moderate_costs", _("Moderate costs")),
            ("negligible", _("Negligible costs and savings")),
            ("moderate_savings", _("Moderate savings")),
            ("large_savings", _("Large savings")),
            VARIES,
            DONT_KNOW,
        ),
    ),
    Criterion(
        "cost_effectiveness",
        _("Cost-effectiveness"),
        _("Does the cost-effectiveness of the option favour the option or the comparison?"),
        (*FAVOURS, NO_STUDIES),
    ),
    Criterion(
        "equity",
        _("Equity"),
        _("What would be the impact on health equity?"),
        (
            ("reduced", _("Reduced")),
            ("probably_reduced", _("Probably reduced")),
            ("probably_no_impact", _("Probably no impact")),
            ("probably_increased", _("Probably increased")),
            ("increased", _("Increased")),
            VARIES,
            DONT_KNOW,
        ),
    ),
    Criterion("acceptability", _("Acceptability"), _("Is the option acceptable to key stakeholders?"), YES_NO),
    Criterion("feasibility", _("Feasibility"), _("Is the option feasible to implement?"), YES_NO),
)

BY_KEY = {c.key: c for c in CRITERIA}

#: Every judgement option once, for the model field's choices (readable history, validation); the
#: service checks that a judgement belongs to its criterion.
ALL_OPTIONS: tuple[tuple[str, Promise], ...] = tuple(
    {value: label for c in reversed(CRITERIA) for value, label in c.options}.items()
)


class DecisionType(TextChoices):
    """GRADE's types of recommendation, as the conclusion of a municipal decision panel."""

    STRONG_AGAINST = "strong_against", _("Strong recommendation against the option")
    CONDITIONAL_AGAINST = "conditional_against", _("Conditional recommendation against the option")
    EITHER = "either", _("Conditional recommendation for either the option or the comparison")
    CONDITIONAL_FOR = "conditional_for", _("Conditional recommendation for the option")
    STRONG_FOR = "strong_for", _("Strong recommendation for the option")
    RESEARCH = "research", _("Only in the context of research or a pilot")
