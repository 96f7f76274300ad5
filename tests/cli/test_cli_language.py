"""The tables speak the language of ``PRIORITET_LANGUAGE``: bokmål (the default), nynorsk and English
headings, captions, scale words and priority bands, with the language's decimal mark; every msgid
the command line uses is translated in both Norwegian catalogues."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import prioritet.cli
from prioritet.cli.language import voice_for
from prioritet.core.messages import PRIORITY, SCALE

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def _cli_msgids() -> list[str]:
    """Every literal the command line's code hands to ``_`` or marks with ``gettext_noop``."""
    found: list[str] = []
    for path in sorted(Path(prioritet.cli.__file__).parent.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "gettext_noop")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append(node.args[0].value)
    return found


MSGIDS = sorted({*_cli_msgids(), *PRIORITY.values(), *(word for words in SCALE.values() for word in words)})


def test_the_command_line_has_its_words_in_the_catalogue() -> None:
    assert len(_cli_msgids()) >= 40  # the walk finds the headings (a renamed helper would find none)


@pytest.mark.parametrize("language", ["nb", "nn"])
@pytest.mark.parametrize("msgid", MSGIDS)
def test_every_table_word_is_translated(language: str, msgid: str) -> None:
    translated = voice_for(language).gettext(msgid)
    assert translated != msgid, f"{msgid!r} is not translated to {language}"
    assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(msgid))


RANK = {
    "nb": [
        "Rangering (ranking) – prioriteringsmatrise, vektet sum (additive)",
        "Vekter (weights): Nytte 0,33 · Alvorlighet 0,33 · Ressurs 0,33",
        "Obligatorisk = lovpålagt minimum",
        "┃ Rang ┃ Id ┃ Tiltak ┃ Nytte ┃ Alvorlighet ┃ Ressurs ┃ Verdi ┃ Prioritet (forslag) ┃ Merknad ┃",
        "│ 1 │ z │ Alvorlig │ 3 │ 4 │ 2 │ 0,667 │ høy │ │",
        "│ 3 │ m │ Forsvarlig minimum │ 1 │ 5 │ 3 │ 0,500 │ middels │ obligatorisk │",
    ],
    "nn": [
        "Rangering (ranking) – prioriteringsmatrise, vekta sum (additive)",
        "Vekter (weights): Nytte 0,33 · Alvorlegheit 0,33 · Ressurs 0,33",
        "Obligatorisk = lovpålagt minimum (forsvarlegheit",
        "┃ Rang ┃ Id ┃ Tiltak ┃ Nytte ┃ Alvorlegheit ┃ Ressurs ┃ Verdi ┃ Prioritet (framlegg) ┃ Merknad ┃",
        "│ 1 │ z │ Alvorlig │ 3 │ 4 │ 2 │ 0,667 │ høg │ │",
        "│ 3 │ m │ Forsvarlig minimum │ 1 │ 5 │ 3 │ 0,500 │ middels │ obligatorisk │",
    ],
    "en": [
        "Ranking – priority matrix, weighted sum (additive)",
        "Weights: Benefit 0.33 · Severity 0.33 · Resources 0.33",
        "Mandatory measure = the legal minimum (forsvarlighet)",
        "┃ Rank ┃ Id ┃ Measure ┃ Benefit ┃ Severity ┃ Resources ┃ Value ┃ Priority (suggested) ┃ Note ┃",
        "│ 1 │ z │ Alvorlig │ 3 │ 4 │ 2 │ 0.667 │ high │ │",
        "│ 3 │ m │ Forsvarlig minimum │ 1 │ 5 │ 3 │ 0.500 │ medium │ mandatory measure │",
    ],
}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_rank_table_in_each_language(table: Callable[..., str], small: Path, language: str) -> None:
    out = table("rank", small, language=language)
    for expected in RANK[language]:
        assert expected in out


PORTFOLIO = {
    "nb": [
        "Valgte tiltak (selected): 3 av 4, samlet verdi 1,625",
        "Budsjettene erstatter ressurskriteriet (budgets replace resources).",
        "┃ Id ┃ Tiltak ┃ Nytte ┃ Alvorlighet ┃ Verdi ┃ cost ┃ Merknad ┃",
        "5 – svært høy",
        "Ressursbruk",
        "┃ Kolonne ┃ Brukt ┃ Budsjett ┃ Igjen ┃",
        "Ikke med (left out): 1 tiltak",
        "Alvorlighet = konsekvensen av å ikke iverksette, utsette eller avslutte tiltaket.",
        "┃ Id ┃ Tiltak ┃ Nytte ┃ Alvorlighet hvis tiltaket ikke gjennomføres ┃ Verdi ┃ cost ┃",
        "│ x │ Stor nytte │ 5 │ 3 – moderat │ 0,750 │ 50 │",
    ],
    "nn": [
        "Valde tiltak (selected): 3 av 4, samla verdi 1,625",
        "Budsjetta erstattar ressurskriteriet (budgets replace resources).",
        "┃ Id ┃ Tiltak ┃ Nytte ┃ Alvorlegheit ┃ Verdi ┃ cost ┃ Merknad ┃",
        "5 – svært høg",
        "┃ Kolonne ┃ Brukt ┃ Budsjett ┃ Att ┃",
        "Ikkje med (left out): 1 tiltak",
        "Alvorlegheit = konsekvensen av å ikkje setje i verk, utsetje eller avslutte tiltaket.",
        "┃ Id ┃ Tiltak ┃ Nytte ┃ Alvorlegheit om tiltaket ikkje blir gjennomført ┃ Verdi ┃ cost ┃",
    ],
    "en": [
        "Selected measures: 3 of 4, total value 1.625",
        "Weights: Benefit 0.50 · Severity 0.50. The budgets replace the resources criterion.",
        "┃ Id ┃ Measure ┃ Benefit ┃ Severity ┃ Value ┃ cost ┃ Note ┃",
        "5 – very high",
        "Resources used",
        "┃ Column ┃ Used ┃ Budget ┃ Left ┃",
        "Measures left out: 1",
        "Severity = the consequence of not starting, postponing or ending the measure.",
        "┃ Id ┃ Measure ┃ Benefit ┃ Severity if the measure is not carried out ┃ Value ┃ cost ┃",
        "│ x │ Stor nytte │ 5 │ 3 – moderate │ 0.750 │ 50 │",
    ],
}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_portfolio_table_in_each_language(table: Callable[..., str], small: Path, language: str) -> None:
    out = table("portfolio", small, "--budget", "cost=100", language=language)
    for expected in PORTFOLIO[language]:
        assert expected in out


FRONTIER = {
    "nb": [
        "Verdi for pengene (frontier): beste portefølje ved hvert budsjettnivå",
        "Faste budsjetter (fixed budgets): fte = 2",
        "┃ Steg ┃ Budsjett cost ┃ Brukt cost ┃ Verdi ┃ Antall ┃ Kommer inn ┃ Faller ut ┃",
        "│ 3 │ 100 │ 90 │ 1,250 │ 2 │ x │ z │",
    ],
    "nn": [
        "Verdi for pengane (frontier): beste portefølje ved kvart budsjettnivå",
        "Faste budsjett (fixed budgets): fte = 2",
        "┃ Steg ┃ Budsjett cost ┃ Brukt cost ┃ Verdi ┃ Tal ┃ Kjem inn ┃ Fell ut ┃",
    ],
    "en": [
        "Value for money (frontier): the best portfolio at each budget level",
        "Fixed budgets: fte = 2",
        "┃ Step ┃ Budget cost ┃ Used cost ┃ Value ┃ Count ┃ Enter ┃ Leave ┃",
        "│ 3 │ 100 │ 90 │ 1.250 │ 2 │ x │ z │",
    ],
}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_frontier_table_in_each_language(table: Callable[..., str], small: Path, language: str) -> None:
    out = table("frontier", small, "--budget", "cost=40:100:3", "--budget", "fte=2", language=language)
    for expected in FRONTIER[language]:
        assert expected in out


ROBUSTNESS = {
    "nb": [
        "Robusthet (robustness) når vektene er usikre",
        "200 trekk (samples), frø (seed) 3, metode (method) additive.",
        "Vekter (weights): usikre, trukket jevnt blant alle vekter for nytte, alvorlighet som summerer til 1; "
        "grenser (bounds): alvorlighet 0,20–0,60; rekkefølge (order): alvorlighet ≥ nytte",
        "Kjerneindeks (core index) = andel av trekkene der tiltaket er i den beste porteføljen: "
        "alltid med ≥ 99,0 %, aldri ≤ 1,0 %",
        "┃ Id ┃ Tiltak ┃ Rang 1 (andel) ┃ Mest sannsynlige rang ┃ Kjerneindeks ┃ I porteføljen ┃",
        "alltid med",
    ],
    "nn": [
        "Robustheit (robustness) når vektene er usikre",
        "200 trekk (samples), frø (seed) 3, metode (method) additive.",
        "Vekter (weights): usikre, trekte jamt blant alle vekter for nytte, alvorlegheit som summerer seg til 1; "
        "grenser (bounds): alvorlegheit 0,20–0,60; rekkjefølgje (order): alvorlegheit ≥ nytte",
        "Kjerneindeks (core index) = delen av trekka der tiltaket er i den beste porteføljen: "
        "alltid med ≥ 99,0 %, aldri ≤ 1,0 %",
        "┃ Id ┃ Tiltak ┃ Rang 1 (del) ┃ Mest sannsynlege rang ┃ Kjerneindeks ┃ I porteføljen ┃",
    ],
    "en": [
        "Robustness when the weights are uncertain",
        "200 samples, seed 3, method additive.",
        "Weights: uncertain, drawn uniformly among all weights for benefit, severity that sum to 1; "
        "bounds: severity 0.20–0.60; order: severity ≥ benefit",
        "Core index = the share of the samples in which the measure is in the best portfolio: "
        "always in ≥ 99.0 %, never ≤ 1.0 %",
        "┃ Id ┃ Measure ┃ Rank 1 (share) ┃ Most likely rank ┃ Core index ┃ In the portfolio ┃",
        "always in",
    ],
}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_robustness_table_in_each_language(table: Callable[..., str], small: Path, language: str) -> None:
    out = table(
        "robustness",
        small,
        "--budget",
        "cost=100",
        "--samples",
        "200",
        "--seed",
        "3",
        "--bounds",
        "severity=0.2:0.6",
        "--order",
        "severity>benefit",
        language=language,
    )
    for expected in ROBUSTNESS[language]:
        assert expected in out


def test_an_unknown_language_is_bokmal(table: Callable[..., str], small: Path) -> None:
    assert table("rank", small, language="sv") == table("rank", small, language="nb")
