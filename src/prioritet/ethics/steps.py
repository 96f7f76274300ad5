"""KS's six-step model for ethical reflection (6-trinnsmodellen for etisk refleksjon).

The steps and their questions follow KS and Senter for medisinsk etikk (UiO), «Veileder til
6-trinnsmodellen for etisk refleksjon» (KS, Samarbeid om etisk kompetanseheving), published at
https://www.ks.no/fagomrader/helse-og-omsorg/eldreomsorg/samarbeid-om-etisk-kompetanseheving/verktoy-og-metoder2/hovedmodeller-for-etisk-refleksjon/
The guidance under each question is ours, written for priority cases; the questions are KS's.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

#: The guide is in Norwegian bokmål: pages in another language mark its title so (WCAG 3.1.2).
SOURCE_LANGUAGE = "nb"
SOURCE_TITLE = "KS og Senter for medisinsk etikk (UiO): Veileder til 6-trinnsmodellen for etisk refleksjon"
SOURCE_URL = (
    "https://www.ks.no/fagomrader/helse-og-omsorg/eldreomsorg/samarbeid-om-etisk-kompetanseheving/"
    "verktoy-og-metoder2/hovedmodeller-for-etisk-refleksjon/"
)


@dataclass(frozen=True)
class Step:
    number: int
    #: The model field that holds the group's notes for this step.
    field: str
    title: Promise
    question: Promise
    guidance: Promise


STEPS: tuple[Step, ...] = (
    Step(
        1,
        "step_challenge",
        _("The ethical challenge"),
        _("What is the ethical challenge?"),
        _(
            "Put into words what feels difficult: which values or duties pull in different directions? "
            "Formulate it as a question, e.g. «Should we … or …?»."
        ),
    ),
    Step(
        2,
        "step_facts",
        _("The facts"),
        _("What are the facts of the case?"),
        _(
            "What do we know about the situation, the needs and the options, and what do we not know? "
            "Separate facts from assumptions. Describe people by role, never by name."
        ),
    ),
    Step(
        3,
        "step_parties",
        _("The parties"),
        _("Who are the parties concerned, and what are their views and interests?"),
        _(
            "The service recipient, relatives, staff, the service, other users on the waiting list, the "
            "municipality. What matters to each of them? Whose voice is missing?"
        ),
    ),
    Step(
        4,
        "step_values",
        _("Values, principles and laws"),
        _("Which values, principles and laws are at stake?"),
        _(
            "For example self-determination, dignity, doing good and avoiding harm, justice and equal "
            "treatment, the child's best interest, forsvarlighet and the right to necessary care, and the "
            "priority criteria benefit, resources and severity."
        ),
    ),
    Step(
        5,
        "step_options",
        _("Possible courses of action"),
        _("What are the possible courses of action?"),
        _(
            "List the realistic alternatives, including compromises and doing nothing. What speaks for and "
            "against each, and what are the consequences for the parties?"
        ),
    ),
    Step(
        6,
        "step_deliberation",
        _("Overall deliberation"),
        _("Overall deliberation and assessment of the courses of action"),
        _(
            "Weigh the alternatives against the values and the parties' interests. Which alternative is "
            "ethically best justified, and what does it cost in values we cannot fully keep? Then write the "
            "group's conclusion and the follow-up."
        ),
    ),
)

COUNT = len(STEPS)


def step(number: int) -> Step:
    """The step with this number (1–6); raises ``LookupError`` for any other."""
    if not 1 <= number <= COUNT:
        raise LookupError(number)
    return STEPS[number - 1]
