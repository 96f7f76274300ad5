"""Numbers, amounts, shares and the criteria's words in the reader's language: the one place the web,
the reports (HTML and PDF) and the exports format them.

Built on Django's locale formats (``django.utils.formats.number_format``) and the active language,
never on hand-made separators: bokmål and nynorsk write «1 250 000,5» (decimal comma, no-break space
between thousands), English «1,250,000.5». Template filters (``portfolio_ui``, ``cases_ui``) and the
report builders call these functions, so a number reads the same on every page of one language.

The engine's problems (codes and parameters) are worded here too (:func:`problem_text`), with the
messages of :mod:`prioritet.core.messages` and these numbers.

Two deliberate exceptions live elsewhere, because they are file formats, not language: the CSV export
for Norwegian Excel (``tabular.sheets.csv_number``, always a decimal comma) and the command line,
which has no Django and writes amounts with :func:`prioritet.tabular.values.format_number`. Both round
half up with the one :func:`prioritet.tabular.values.rounded`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.utils.formats import get_format, number_format
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext, gettext_lazy

from prioritet.core.messages import PRIORITY, Voice
from prioritet.engine import CRITERION_INFO, Criterion, Priority, Problem
from prioritet.engine.criteria import SCALE_MAX, SCALE_MIN
from prioritet.tabular.values import rounded

#: The order the guideline's worked table «Vurderes samlet» lists the criteria in, which every page
#: and report follows: severity, benefit, resources (the engine's own order is :data:`CRITERIA`).
SEED_ORDER: tuple[Criterion, ...] = (Criterion.SEVERITY, Criterion.BENEFIT, Criterion.RESOURCES)

#: What an empty number shows.
EMPTY = "—"


def language() -> str:
    """The active language as the engine's data name them: ``nb``, ``nn`` or ``en``."""
    code = (get_language() or "nb")[:2]
    return code if code in ("nn", "en") else "nb"


def decimal(value: float | Decimal | int | None, places: int) -> str:
    """``value`` rounded to ``places`` decimals, all of them shown: «2,375» / «2.375»; «—» when empty."""
    if value is None or value == "":
        return EMPTY
    return grouped(rounded(value, places), places)


def grouped(number: Decimal, places: int) -> str:
    """A number already rounded to ``places`` decimals, thousands grouped, in the language's marks.

    What ``number_format(number, places, force_grouping=True)`` writes, without its general path: a
    dashboard writes some hundreds of figures per page. Locales that group other than by threes, and
    infinities, take Django's own path.
    """
    language = get_language()
    if not number.is_finite() or get_format("NUMBER_GROUPING", language) != 3:
        return str(number_format(number, places, force_grouping=True))
    text = f"{number:,.{max(places, 0)}f}"
    marks = {ord(","): get_format("THOUSAND_SEPARATOR", language), ord("."): get_format("DECIMAL_SEPARATOR", language)}
    return text.translate(marks)


def plain(value: Decimal | float | int, places: int) -> str:
    """``value`` rounded half up to ``places`` decimals in the language's decimal mark, not grouped:
    what Django's ``floatformat`` filter writes for a positive ``places`` (a table cell of a figure)."""
    number = rounded(value, places)
    if not number.is_finite():
        return str(number_format(number, places))
    return f"{number:.{max(places, 0)}f}".replace(".", get_format("DECIMAL_SEPARATOR", get_language()))


def amount(value: float | Decimal | int | str | None) -> str:
    """An amount (kroner, full-time equivalents): thousands grouped, at most two decimals, trailing
    zeros left out: «1 250 000», «2,5» (English «1,250,000», «2.5»); «—» when empty."""
    if value is None or value == "":
        return EMPTY
    number = rounded(value, 2)
    if number == number.to_integral_value():
        return str(number_format(int(number), 0, force_grouping=True))
    places = 1 if rounded(number, 1) == number else 2
    return str(number_format(number, places, force_grouping=True))


def editable_amount(value: float | Decimal | int | None) -> str:
    """An amount as a form field shows it: the language's decimal mark, no grouping (so it can be
    edited and pasted), no trailing zeros: «1250000,5» / «1250000.5»; empty when there is none."""
    if value is None:
        return ""
    return str(number_format(Decimal(f"{Decimal(str(value)).normalize():f}")))


def percent(share: float | None, places: int = 0) -> str:
    """A share 0–1 as a percentage with a no-break space before the sign: «42 %», «97,5 %»."""
    if share is None:
        return EMPTY
    return f"{decimal(100 * float(share), places)}\u00a0%"


def criterion_name(criterion: Criterion | str) -> str:
    """«nytte» / «nytte» / «benefit»: the criterion's name in the active language, lower case."""
    return voice().criterion(Criterion(criterion))


def scale_labels(criterion: Criterion | str) -> Sequence[str]:
    """The words for the scores 1–5 of ``criterion`` in the active language: «svært lav» … «svært høy»."""
    return voice().scale_labels(Criterion(criterion))


def scale_word(criterion: Criterion | str, score: int) -> str:
    """«4 – høy» / «4 – høg» / «4 – high»: the score with its word."""
    return voice().scale_word(Criterion(criterion), score)


def scale_choices(criterion: Criterion | str) -> list[tuple[int, str]]:
    """The scores 1–5 with their words, as a form's choices: ``(4, "4 – høy")``."""
    return [(score, scale_word(criterion, score)) for score in range(SCALE_MIN, SCALE_MAX + 1)]


def criterion_question(criterion: Criterion | str) -> str:
    """The guideline's question for ``criterion`` in the active language (bokmål, nynorsk, English)."""
    return CRITERION_INFO[Criterion(criterion)].question(language())


def criterion_dimensions(criterion: Criterion | str) -> list[str]:
    """The sub-dimensions the guideline asks the assessor to think through, in the same language."""
    current = language()
    return [d.text(current) for d in CRITERION_INFO[Criterion(criterion)].dimensions]


#: A priority as a model's or a form's choices, ``("high", "Høy")``, worded when shown.
PRIORITY_CHOICES: list[tuple[str, Promise]] = [(p.value, gettext_lazy(PRIORITY[p])) for p in Priority]


def priority_label(priority: Priority | str) -> str:
    """«Høy» / «Høg» / «High»: a decision's priority or the engine's suggested band."""
    return str(gettext(PRIORITY[Priority(priority)]))


def priority_word(priority: Priority | str | None) -> str:
    """«høy», «middels», «lav»: the priority in running text; empty when there is none."""
    return priority_label(priority).lower() if priority else ""


def voice() -> Voice:
    """The active language's words (the engine's problems, criteria, scales), with this module's numbers."""
    return Voice(language(), gettext, amount)


def problem_text(problem: Problem) -> str:
    """An engine or file problem in the reader's language, without where it is (the page shows the
    row and column apart): «nytte må være et heltall fra 1 til 5, fikk «4,5»»."""
    return voice().message(problem)


def located_problem(problem: Problem) -> str:
    """The problem after its place (file, row, column), for a problem shown as one line."""
    return voice().located(problem)
