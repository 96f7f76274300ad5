"""The three priority criteria of Meld. St. 38 (2020–2021) and their 1–5 scales.

The guideline names the sub-dimensions a person should think through for each criterion; they are
data here so that the command line, the web pages and the reports all show the same words. The
scales' words (1 «very small» … 5 «very large») are text to translate, so they live with the other
messages in ``prioritet.core.messages.SCALE``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray


class Criterion(StrEnum):
    """A priority criterion. The value is the English column name used in files and the API."""

    BENEFIT = "benefit"
    SEVERITY = "severity"
    RESOURCES = "resources"


#: Order of the criteria in every score matrix and weight vector of the engine.
CRITERIA: tuple[Criterion, ...] = (Criterion.BENEFIT, Criterion.SEVERITY, Criterion.RESOURCES)

SCALE_MIN = 1
SCALE_MAX = 5


def in_language(language: str, nb: str, nn: str, en: str) -> str:
    """The text for ``language`` (``nb``, ``nn`` or ``en``); bokmål for any other code. The engine's
    one language mechanism: it holds the guideline's own words in the three languages as data, and
    the caller (web, command line, reports) says which language it speaks."""
    return {"nn": nn, "en": en}.get(language, nb)


@dataclass(frozen=True, slots=True)
class Dimension:
    """A sub-dimension the guideline asks the assessor to consider."""

    key: str
    nb: str
    nn: str
    en: str

    def text(self, language: str) -> str:
        """The sub-dimension's words in ``language``."""
        return in_language(language, self.nb, self.nn, self.en)


@dataclass(frozen=True, slots=True)
class CriterionInfo:
    criterion: Criterion
    nb: str
    nn: str
    en: str
    #: True when a higher score raises the priority (benefit, severity); False for resources.
    higher_is_better: bool
    question_nb: str
    question_nn: str
    question_en: str
    dimensions: tuple[Dimension, ...]

    def name(self, language: str) -> str:
        """The criterion's name in ``language``, lower case: «alvorlighet» / «alvorlegheit» / «severity»."""
        return in_language(language, self.nb, self.nn, self.en)

    def question(self, language: str) -> str:
        """The guideline's question for the criterion in ``language``."""
        return in_language(language, self.question_nb, self.question_nn, self.question_en)


CRITERION_INFO: dict[Criterion, CriterionInfo] = {
    Criterion.BENEFIT: CriterionInfo(
        criterion=Criterion.BENEFIT,
        nb="nytte",
        nn="nytte",
        en="benefit",
        higher_is_better=True,
        question_nb="Hvor stor er den forventede nytten, og hvor sannsynlig er en varig, positiv effekt?",
        question_nn="Kor stor er den forventa nytten, og kor sannsynleg er ein varig, positiv effekt?",
        question_en="How large is the expected benefit, and how likely is a lasting positive effect?",
        dimensions=(
            Dimension("life_length", "livslengde", "livslengd", "length of life"),
            Dimension("quality_of_life", "livskvalitet", "livskvalitet", "quality of life"),
            Dimension("function", "funksjon", "funksjon", "function"),
            Dimension("coping", "mestring", "meistring", "coping (mestring)"),
            Dimension("pain", "smerter", "smerter", "pain"),
            Dimension("discomfort", "ubehag", "ubehag", "discomfort"),
            Dimension(
                "lasting_effect",
                "sannsynlighet for varig effekt",
                "sannsyn for varig effekt",
                "likelihood of a lasting effect",
            ),
        ),
    ),
    Criterion.SEVERITY: CriterionInfo(
        criterion=Criterion.SEVERITY,
        nb="alvorlighet",
        nn="alvorlegheit",
        en="severity",
        higher_is_better=True,
        question_nb="Hva er konsekvensen av å ikke iverksette, å utsette eller å avslutte tiltaket?",
        question_nn="Kva er konsekvensen av å ikkje setje i verk, å utsetje eller å avslutte tiltaket?",
        question_en="What is the consequence of not starting, postponing or ending the measure?",
        dimensions=(
            Dimension(
                "risk_of_death",
                "risiko for død og tap av fremtidige leveår",
                "risiko for død og tap av framtidige leveår",
                "risk of death and future life-years lost",
            ),
            Dimension(
                "loss_of_function",
                "tap av funksjon og mestring",
                "tap av funksjon og meistring",
                "loss of function and coping",
            ),
            Dimension("pain_discomfort", "smerter og ubehag", "smerter og ubehag", "pain and discomfort"),
            Dimension("present_state", "nåsituasjon", "nosituasjon", "present state"),
            Dimension("duration", "varighet", "varigheit", "duration"),
            Dimension("urgency", "hastegrad", "hastegrad", "urgency"),
        ),
    ),
    Criterion.RESOURCES: CriterionInfo(
        criterion=Criterion.RESOURCES,
        nb="ressurs",
        nn="ressurs",
        en="resources",
        higher_is_better=False,
        question_nb="Hvor mye ressurser krever tiltaket, og står de i rimelig forhold til forventet effekt?",
        question_nn="Kor mykje ressursar krev tiltaket, og står dei i rimeleg forhold til forventa effekt?",
        question_en="How many resources does the measure take, and are they reasonable for the expected effect?",
        dimensions=(
            Dimension("time", "tid", "tid", "time"),
            Dimension("equipment", "utstyr", "utstyr", "equipment"),
            Dimension("premises", "lokaler", "lokale", "premises"),
            Dimension("staff", "personell", "personell", "staff"),
            Dimension("skills", "kompetanse", "kompetanse", "skills"),
            Dimension("relatives", "pårørende", "pårørande", "relatives' burden"),
            Dimension("cost", "kostnad", "kostnad", "cost"),
        ),
    ),
}


#: Per criterion, in :data:`CRITERIA` order: does a higher score raise the priority?
HIGHER_IS_BETTER: NDArray[np.bool_] = np.array([CRITERION_INFO[c].higher_is_better for c in CRITERIA])
HIGHER_IS_BETTER.setflags(write=False)

#: Criteria whose score measures what a measure takes rather than what it gives. With budgets the
#: resource columns replace them (docs/methods.md §4), so a budgeted value uses the others only.
RESOURCE_CRITERIA: tuple[Criterion, ...] = tuple(c for c in CRITERIA if not CRITERION_INFO[c].higher_is_better)


def partial_values(scores: NDArray[np.integer] | NDArray[np.floating]) -> NDArray[np.float64]:
    """Scores mapped to [0, 1] where 1 is always best: (b−1)/4, (s−1)/4, (5−r)/4.

    The one place the partial-value formula (docs/methods.md §2) is written. ``scores`` has the
    criteria in :data:`CRITERIA` order on its last axis: one profile, or one row per measure. Each
    criterion's direction comes from its own data, not from its position.
    """
    s = np.asarray(scores, dtype=np.float64)
    span = SCALE_MAX - SCALE_MIN
    return np.where(HIGHER_IS_BETTER, s - SCALE_MIN, SCALE_MAX - s) / span
