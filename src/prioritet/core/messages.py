"""What the engine's, the file reader's and the command line's problems say: one English message
(a gettext msgid) per :class:`~prioritet.engine.Code`, translated to bokmål and nynorsk in the
project catalogue (``locale/{nb,nn}/LC_MESSAGES/django.po``).

The engine raises codes and parameters, never text, so that every reader gets the same problem in
their own language. This module imports no Django: the web renders with Django's gettext and
:mod:`prioritet.core.formatting`'s numbers (``formatting.problem_text``), the command line with
Python's gettext over the same compiled catalogue (:func:`catalogue`) and its own number format.
"""

from __future__ import annotations

import gettext as python_gettext
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from prioritet.engine import CRITERION_INFO, Code, Criterion, Priority, Problem
from prioritet.engine.problems import Param

#: The languages Prioritet speaks; bokmål is the default.
LANGUAGES = ("nb", "nn", "en")
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def gettext_noop(message: str) -> str:
    """Marks ``message`` for ``makemessages`` (which looks for this name) and returns it as it is."""
    return message


MESSAGES: Mapping[Code, str] = {
    Code.NO_MEASURES: gettext_noop("there are no measures to assess"),
    Code.ID_MISSING: gettext_noop("the id is missing"),
    Code.ID_DUPLICATE: gettext_noop("the id «%(id)s» is used before, in row %(first_row)s"),
    Code.SCORE_OUT_OF_SCALE: gettext_noop(
        "%(criterion)s must be a whole number from %(low)s to %(high)s, got %(value)s"
    ),
    Code.RESOURCE_NEGATIVE: gettext_noop("resource use must be a number ≥ 0, got %(value)s"),
    Code.REQUIRES_ITSELF: gettext_noop("a measure cannot require itself"),
    Code.REQUIRES_UNKNOWN: gettext_noop("requires «%(id)s», but no measure has that id"),
    Code.BASELINE_MORE_THAN_ONE: gettext_noop(
        "only one row can be the reference (baseline, no action); rows %(rows)s are all marked"
    ),
    Code.BASELINE_MANDATORY: gettext_noop("the reference (baseline, no action) cannot be mandatory"),
    Code.BASELINE_REQUIRED: gettext_noop("requires «%(id)s», which is the reference (baseline, no action)"),
    Code.UNKNOWN_RESOURCE_COLUMN: gettext_noop("unknown resource column «%(column)s»; known: %(known)s"),
    Code.NO_RESOURCE_COLUMNS: gettext_noop(
        "unknown resource column «%(column)s»; the measures have no resource columns"
    ),
    Code.RESOURCES_WEIGHT_WITH_BUDGET: gettext_noop(
        "a weight for %(criterion)s cannot be used with budgets: the budgets take the place of that criterion"
    ),
    Code.MANDATORY_IN_ONE_GROUP: gettext_noop(
        "«%(id)s» and «%(other)s» are both mandatory (or required by a mandatory measure), "
        "but in the same group «%(group)s», where only one can be chosen"
    ),
    Code.BUDGET_NEGATIVE: gettext_noop("the budget for «%(column)s» must be a number ≥ 0, got %(value)s"),
    Code.MANDATORY_EXCEED_BUDGET: gettext_noop("the mandatory measures (the legal minimum) do not fit in the budget"),
    Code.BUDGET_SHORTFALL: gettext_noop(
        "the mandatory measures need %(needed)s, the budget is %(budget)s: %(short)s short"
    ),
    Code.NO_FEASIBLE_SELECTION: gettext_noop("no selection meets every constraint"),
    Code.RANGE_STEPS: gettext_noop("«%(column)s»: the number of steps must be at least 2, got %(steps)s"),
    Code.RANGE_ORDER: gettext_noop("«%(column)s»: from must be less than to, got %(start)s:%(stop)s"),
    Code.RANGE_AND_FIXED: gettext_noop("«%(column)s» is given both as a range and as a fixed budget"),
    Code.RANGE_STEPS_DIFFER: gettext_noop("all the budget ranges must have the same number of steps"),
    Code.RANGE_MISSING: gettext_noop("at least one budget must have the form COLUMN=FROM:TO:STEPS"),
    Code.SAMPLES_TOO_FEW: gettext_noop("the number of samples must be at least 1, got %(samples)s"),
    Code.RESOURCES_SPACE_WITH_BUDGET: gettext_noop(
        "with budgets, the budgets take the place of %(criterion)s; a bound or an order for it cannot be used"
    ),
    Code.UNKNOWN_CRITERION: gettext_noop("unknown criterion «%(name)s»; use benefit, severity or resources"),
    Code.WEIGHT_FORM: gettext_noop("«%(text)s» must have the form criterion=number"),
    Code.WEIGHT_TWICE: gettext_noop("the weight for %(criterion)s is given more than once"),
    Code.WEIGHT_NOT_NUMBER: gettext_noop("the weight for %(criterion)s must be a number, got «%(value)s»"),
    Code.WEIGHT_NEGATIVE: gettext_noop("the weight for %(criterion)s must be a finite number ≥ 0, got %(value)s"),
    Code.WEIGHTS_ALL_ZERO: gettext_noop("at least one weight must be greater than 0"),
    Code.BOUND_UNUSED: gettext_noop("a bound for %(criterion)s, which is not used here"),
    Code.BOUND_RANGE: gettext_noop(
        "the bounds for %(criterion)s must satisfy 0 ≤ low ≤ high ≤ 1, got %(low)s:%(high)s"
    ),
    Code.ORDER_UNUSED: gettext_noop("the order names %(criterion)s, which is not used here"),
    Code.ORDER_AFTER_ZERO: gettext_noop("the order puts a criterion with weight 0 before another"),
    Code.ALL_BOUNDED_TO_ZERO: gettext_noop("at least one criterion must be able to weigh more than 0"),
    Code.ORDER_REPEATED: gettext_noop("a criterion appears more than once in the order"),
    Code.WEIGHT_SPACE_EMPTY: gettext_noop("the bounds and the order leave (almost) no weights possible"),
    Code.BOUND_FORM: gettext_noop("«%(text)s» must have the form criterion=low:high"),
    Code.SWING_POINTS_NEGATIVE: gettext_noop("the points for %(criterion)s must be a finite number ≥ 0, got %(value)s"),
    Code.SWING_ALL_ZERO: gettext_noop("at least one criterion must get more than 0 points"),
    Code.ANSWER_PROFILE_LENGTH: gettext_noop("answer %(answer)s: a profile has three scores, got %(count)s"),
    Code.ANSWER_SCORE: gettext_noop(
        "answer %(answer)s: %(criterion)s must be a whole number from %(low)s to %(high)s, got %(value)s"
    ),
    Code.ANSWER_IDENTICAL: gettext_noop("answer %(answer)s: the two measures are the same"),
    Code.NO_ANSWERS: gettext_noop("there are no answers to compute weights from"),
    Code.QUESTION_COUNT: gettext_noop("the number of questions must be from 1 to %(most)s, got %(count)s"),
    Code.FILE_NOT_FOUND: gettext_noop("the file does not exist"),
    Code.FILE_IS_DIRECTORY: gettext_noop("this is a folder, not a file"),
    Code.FILE_PERMISSION: gettext_noop("no permission to read the file"),
    Code.FILE_UNREADABLE: gettext_noop("the file cannot be read"),
    Code.FILE_TYPE_UNKNOWN: gettext_noop(
        "unknown file type «%(suffix)s»; save the file as CSV (.csv) or as an Excel workbook (.xlsx)"
    ),
    Code.FILE_TYPE_MISSING: gettext_noop(
        "the file name has no extension; save the file as CSV (.csv) or as an Excel workbook (.xlsx)"
    ),
    Code.FILE_EMPTY: gettext_noop("the file is empty; expected a header row and at least one measure"),
    Code.TOO_MANY_COLUMNS: gettext_noop("the file has more than %(limit)s columns"),
    Code.TOO_MANY_ROWS: gettext_noop("the file has more than %(limit)s rows of measures; split it into several files"),
    Code.NOT_A_TEXT_FILE: gettext_noop("the file holds binary data and is not a text file"),
    Code.INVALID_UTF8: gettext_noop("the file starts as UTF-8 but is not valid UTF-8"),
    Code.UNKNOWN_ENCODING: gettext_noop("the character encoding is neither UTF-8 nor Windows-1252"),
    Code.INVALID_CSV: gettext_noop("the file cannot be read as CSV"),
    Code.INVALID_XLSX: gettext_noop("the file cannot be read as an Excel workbook"),
    Code.WORKBOOK_TOO_LARGE: gettext_noop(
        "the workbook unpacks to %(size)s MB, at most %(limit)s MB can be read; "
        "save only the sheet with the measures, without pictures"
    ),
    Code.COLUMN_WITHOUT_HEADER: gettext_noop("the column has values but no header"),
    Code.COLUMN_DUPLICATE: gettext_noop("the column means the same as «%(other)s»"),
    Code.COLUMN_MISSING: gettext_noop("the column «%(field)s» is missing; accepted names: %(names)s"),
    Code.SCORE_MISSING: gettext_noop("%(criterion)s is missing; expected a whole number from %(low)s to %(high)s"),
    Code.SCORE_CELL_INVALID: gettext_noop(
        "%(criterion)s must be a whole number from %(low)s to %(high)s, got «%(value)s»"
    ),
    Code.AMOUNT_INVALID: gettext_noop("resource use must be a number ≥ 0, got «%(value)s»"),
    Code.AMOUNT_USE_DECIMAL_COMMA: gettext_noop(
        "resource use must be a number ≥ 0, got «%(value)s»; use a decimal comma, for example «0,5»"
    ),
    Code.AMOUNT_USE_DECIMAL_POINT: gettext_noop(
        "resource use must be a number ≥ 0, got «%(value)s»; use a decimal point, for example «0.5»"
    ),
    Code.FLAG_INVALID: gettext_noop("mandatory must be yes/no, true/false or 1/0 (ja/nei), got «%(value)s»"),
    Code.BASELINE_FLAG_INVALID: gettext_noop("baseline must be yes/no, true/false or 1/0 (ja/nei), got «%(value)s»"),
    Code.INVALID_CHOICE: gettext_noop("unknown value «%(value)s»; choose one of %(choices)s"),
    Code.BUDGET_REQUIRED: gettext_noop("at least one budget is needed: --budget COLUMN=AMOUNT"),
    Code.BUDGET_RANGE_REQUIRED: gettext_noop("at least one budget is needed: --budget COLUMN=FROM:TO:STEPS"),
    Code.BUDGET_FORM: gettext_noop("«%(text)s» must have the form COLUMN=AMOUNT"),
    Code.BUDGET_RANGE_FORM: gettext_noop("«%(text)s» must have the form COLUMN=AMOUNT or COLUMN=FROM:TO:STEPS"),
    Code.RANGE_FORM: gettext_noop("«%(text)s» must have the form COLUMN=FROM:TO:STEPS"),
    Code.BUDGET_TWICE: gettext_noop("the budget for «%(column)s» is given twice"),
    Code.AMOUNT_NOT_NUMBER: gettext_noop("«%(text)s»: the amount «%(amount)s» is not a number"),
    Code.STEPS_NOT_INTEGER: gettext_noop("«%(text)s»: the number of steps «%(steps)s» must be a whole number"),
    Code.RANGE_FROM_NOT_BELOW_TO: gettext_noop("«%(text)s»: FROM must be less than TO"),
    Code.PROJECTION_YEARS: gettext_noop(
        "the end year must be the base year or later, at most %(most)s years on; got %(first)s–%(last)s"
    ),
    Code.PROJECTION_POPULATION: gettext_noop(
        "the population needs a number ≥ 0 for each of the %(groups)s age groups in each of the %(years)s years"
    ),
    Code.PROJECTION_RATE: gettext_noop(
        "the coverage of age group %(group)s must be a share from 0 to 1, got %(value)s"
    ),
    Code.PROJECTION_UNIT: gettext_noop("årsverk, cost, capacity and budget must be numbers ≥ 0, got %(value)s"),
    Code.PROJECTION_ADJUSTMENT: gettext_noop("adjustment %(number)s: its years, age groups or amount are out of range"),
    Code.PLAN_YEARS: gettext_noop(
        "the plan period %(first)s–%(last)s is not a period: the first year must not be after the last, "
        "and a plan has at most %(most)s years"
    ),
    Code.PLAN_YEARS_FORM: gettext_noop("the years must have the form FIRST:LAST, e.g. 2027:2030, got «%(text)s»"),
    Code.PLAN_BUDGET_LENGTH: gettext_noop(
        "the budget for «%(column)s» has %(given)s amounts; give one amount for every year or one per year (%(years)s)"
    ),
    Code.PLAN_BUDGET_INVALID: gettext_noop("the budget for «%(column)s» in %(year)s must be a number, got %(value)s"),
    Code.PLAN_AMOUNT_INVALID: gettext_noop("the amount must be a number, got %(value)s"),
    Code.PLAN_REQUIRED_TOO_LATE: gettext_noop(
        "«%(id)s» is mandatory and starts in %(year)s, but requires «%(other)s», which cannot run then "
        "(earliest start: %(earliest)s)"
    ),
    Code.PLAN_MANDATORY_SHORTFALL: gettext_noop(
        "in %(year)s the mandatory measures (with what they require) need %(needed)s, the budget is "
        "%(budget)s: %(short)s short"
    ),
    Code.EARLIEST_INVALID: gettext_noop("earliest must be a year (a whole number), got «%(value)s»"),
    Code.FIRST_WITHOUT_COLUMN: gettext_noop(
        "«%(column)s» is the first-year amount of the column «%(base)s», but there is no such column"
    ),
}

#: The last line of ``prioritet rank``'s table and CSV: the row marked ``baseline``, which is not ranked.
REFERENCE = gettext_noop("Reference: %(measure)s")

#: Where a problem is: the file's row and column, as the spreadsheet shows them.
ROW = gettext_noop("row %(row)s")
COLUMN = gettext_noop("column «%(column)s»")
#: The command line's lines on standard error.
ERROR = gettext_noop("error: %(problem)s")
IGNORED_COLUMNS = gettext_noop(
    "note: %(source)s: the columns %(columns)s are not used, being neither known names nor numbers"
)

#: The priority bands' names: a decision's priority and the engine's suggested band
#: (:class:`~prioritet.engine.Priority`). The web shows them through :mod:`prioritet.core.formatting`.
PRIORITY: Mapping[Priority, str] = {
    Priority.HIGH: gettext_noop("High"),
    Priority.MEDIUM: gettext_noop("Medium"),
    Priority.LOW: gettext_noop("Low"),
}

#: A measure's core index read as a class (:class:`~prioritet.engine.robustness.Inclusion`, a string
#: enum, so its members find these keys; spelt as strings, so that this module, which every command
#: line run reads, does not import the robustness analysis).
INCLUSION: Mapping[str, str] = {
    "always": gettext_noop("always in"),
    "sometimes": gettext_noop("sometimes"),
    "never": gettext_noop("never"),
}

#: The words of the 1–5 scales, score 1 first (docs/methods.md §1.3): Prioritet's convention for the
#: words the guideline uses, translated to bokmål and nynorsk in the catalogue.
SCALE: Mapping[Criterion, tuple[str, str, str, str, str]] = {
    Criterion.BENEFIT: (
        gettext_noop("very small"),
        gettext_noop("small"),
        gettext_noop("moderate"),
        gettext_noop("large"),
        gettext_noop("very large"),
    ),
    Criterion.SEVERITY: (
        gettext_noop("very low"),
        gettext_noop("low"),
        gettext_noop("moderate"),
        gettext_noop("high"),
        gettext_noop("very high"),
    ),
    Criterion.RESOURCES: (
        gettext_noop("very few"),
        gettext_noop("few"),
        gettext_noop("moderate"),
        gettext_noop("many"),
        gettext_noop("very resource-intensive"),
    ),
}


@dataclass(frozen=True)
class Voice:
    """How one reader is spoken to: a language (``nb``, ``nn``, ``en``), its translation of a msgid
    and its way of writing a number."""

    language: str
    gettext: Callable[[str], str]
    number: Callable[[float], str]

    def message(self, problem: Problem) -> str:
        """What is wrong, without where: «nytte må være et heltall fra 1 til 5, fikk «4,5»»."""
        return self.gettext(MESSAGES[problem.code]) % {k: self.param(v) for k, v in problem.params.items()}

    def place(self, problem: Problem) -> str:
        """«tiltak.csv, rad 3, kolonne «nytte»»; empty for a problem with the whole input."""
        parts = [problem.source] if problem.source else []
        if problem.row is not None:
            parts.append(self.gettext(ROW) % {"row": problem.row})
        if problem.column:
            parts.append(self.gettext(COLUMN) % {"column": problem.column})
        return ", ".join(parts)

    def located(self, problem: Problem) -> str:
        """The message after its place: «tiltak.csv, rad 3, kolonne «nytte»: …»."""
        place = self.place(problem)
        return f"{place}: {self.message(problem)}" if place else self.message(problem)

    def criterion(self, criterion: Criterion) -> str:
        """«nytte» / «alvorlegheit» / «severity»: the criterion's name, lower case."""
        return CRITERION_INFO[criterion].name(self.language)

    def scale_labels(self, criterion: Criterion) -> list[str]:
        """The words for the scores 1–5 of ``criterion``: «svært låg» … «svært høg»."""
        return [self.gettext(word) for word in SCALE[criterion]]

    def scale_word(self, criterion: Criterion, score: int) -> str:
        """«4 – høy»: the score with its word."""
        return f"{score} – {self.gettext(SCALE[criterion][score - 1])}"

    def param(self, value: Param) -> str:
        if isinstance(value, Criterion):
            return self.criterion(value)
        if isinstance(value, tuple):
            return ", ".join(self.param(v) for v in value)
        if isinstance(value, float) and math.isfinite(value):
            return self.number(value)
        return str(value)


def catalogue(language: str) -> Callable[[str], str]:
    """The translation of a msgid into ``language`` from the compiled project catalogue, with Python's
    own gettext (for the command line, which has no Django); English is the msgid itself."""
    if language == "en":
        return python_gettext.NullTranslations().gettext
    return python_gettext.translation("django", LOCALE_DIR, languages=[language], fallback=True).gettext
