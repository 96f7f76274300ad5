"""The engine's problems in bokmål, nynorsk and English: one message per code, translated in both
Norwegian catalogues, worded at the edge (the web with Django's gettext and locale numbers)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from prioritet.cli.language import voice_for
from prioritet.core import formatting
from prioritet.core.messages import COLUMN, ERROR, IGNORED_COLUMNS, MESSAGES, PRIORITY, ROW, SCALE
from prioritet.engine import Code, Criterion, Problem

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
#: The problems, and the words the web and the command line share: priority bands and scale words.
EVERY_MSGID = list(
    dict.fromkeys(
        [
            *MESSAGES.values(),
            ROW,
            COLUMN,
            ERROR,
            IGNORED_COLUMNS,
            *PRIORITY.values(),
            *(word for words in SCALE.values() for word in words),
        ]
    )
)


def test_every_code_has_one_message() -> None:
    assert set(MESSAGES) == set(Code)


@pytest.mark.parametrize("language", ["nb", "nn"])
@pytest.mark.parametrize("msgid", EVERY_MSGID)
def test_every_message_is_translated_with_the_same_placeholders(language: str, msgid: str) -> None:
    """In Django's catalogue (the web) and through Python's gettext (the command line) alike."""
    with translation.override(language):
        web = translation.gettext(msgid)
    cli = voice_for(language).gettext(msgid)
    assert web == cli
    assert web != msgid, f"{msgid!r} is not translated to {language}"
    assert sorted(PLACEHOLDER.findall(web)) == sorted(PLACEHOLDER.findall(msgid))


SHORT = Problem(
    Code.BUDGET_SHORTFALL, {"needed": 1_250_000.5, "budget": 1_000_000.0, "short": 250_000.5}, column="kostnad"
)
SCORE = Problem(Code.SCORE_OUT_OF_SCALE, {"criterion": Criterion.SEVERITY, "low": 1, "high": 5, "value": 2.5}, row=3)


@pytest.mark.parametrize(
    ("language", "short", "score"),
    [
        (
            "nb",
            "kolonne «kostnad»: de obligatoriske tiltakene krever 1\u00a0250\u00a0000,5, budsjettet er "
            "1\u00a0000\u00a0000: mangler 250\u00a0000,5",
            "rad 3: alvorlighet må være et heltall fra 1 til 5, fikk 2,5",
        ),
        (
            "nn",
            "kolonne «kostnad»: dei obligatoriske tiltaka krev 1\u00a0250\u00a0000,5, budsjettet er "
            "1\u00a0000\u00a0000: manglar 250\u00a0000,5",
            "rad 3: alvorlegheit må vere eit heiltal frå 1 til 5, fekk 2,5",
        ),
        (
            "en",
            "column «kostnad»: the mandatory measures need 1,250,000.5, the budget is 1,000,000: 250,000.5 short",
            "row 3: severity must be a whole number from 1 to 5, got 2.5",
        ),
    ],
)
def test_the_web_words_a_problem_in_the_active_language(language: str, short: str, score: str) -> None:
    """Criterion names and numbers follow the language too (English: decimal point, comma groups)."""
    with translation.override(language):
        assert formatting.located_problem(SHORT) == short
        assert formatting.located_problem(SCORE) == score
        assert formatting.problem_text(SCORE) == score.split(": ", 1)[1]
