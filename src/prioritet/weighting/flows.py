"""The state of the two multi-step ways to new weights, kept in the user's session between steps.

Each flow keeps a small dict under its own key, tagged with the municipality it belongs to; a flow
of another municipality (a shared browser, say) counts as not started. Nothing is written to the
database until the user confirms on the last step.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from prioritet.engine import Comparison, ElicitedWeights, Profile, informative_pairs, weights_from_comparisons

from .forms import ANSWER_A, ANSWER_B, ANSWER_SKIP

SWING = "weighting.swing"
PAIRWISE = "weighting.pairwise"
#: How many pairwise questions a session asks: every two criteria at the rates 1, 2 and 1/2.
QUESTIONS = 9


def load(request: HttpRequest, key: str) -> dict[str, Any] | None:
    state = request.session.get(key)
    if not isinstance(state, dict) or state.get("municipality") != request.municipality.pk:
        return None
    return state


def save(request: HttpRequest, key: str, state: dict[str, Any]) -> None:
    state["municipality"] = request.municipality.pk
    request.session[key] = state


def clear(request: HttpRequest, key: str) -> None:
    request.session.pop(key, None)


# Pairwise ------------------------------------------------------------------------------------------


def start_pairwise(request: HttpRequest, n: int = QUESTIONS) -> dict[str, Any]:
    state = {"pairs": [[list(a), list(b)] for a, b in informative_pairs(n)], "answers": [None] * n}
    save(request, PAIRWISE, state)
    return state


def pair(state: dict[str, Any], number: int) -> tuple[Profile, Profile]:
    a, b = state["pairs"][number - 1]
    return (a[0], a[1], a[2]), (b[0], b[1], b[2])


def comparisons(state: dict[str, Any]) -> tuple[list[Comparison], list[int]]:
    """The answered questions as engine comparisons, with each one's question number (1-based)."""
    out: list[Comparison] = []
    numbers: list[int] = []
    for number, answer in enumerate(state["answers"], start=1):
        if answer not in (ANSWER_A, ANSWER_B):
            continue
        a, b = pair(state, number)
        out.append(Comparison(a, b) if answer == ANSWER_A else Comparison(b, a))
        numbers.append(number)
    return out, numbers


def derive(state: dict[str, Any]) -> tuple[ElicitedWeights | None, list[int]]:
    answered, numbers = comparisons(state)
    return (weights_from_comparisons(answered) if answered else None), numbers


def record(state: dict[str, Any], result: ElicitedWeights, numbers: list[int]) -> dict[str, Any]:
    """What a pairwise version keeps of how it came about (``WeightVersion.elicitation``)."""
    return {
        "questions": [
            {"number": k, "a": list(a), "b": list(b), "answer": state["answers"][k - 1] or ANSWER_SKIP}
            for k, (a, b) in ((k, pair(state, k)) for k in range(1, len(state["pairs"]) + 1))
        ],
        "weights": result.weights.as_dict(),
        "margin": round(result.margin, 9),
        "consistent": result.consistent,
        "conflicts": [numbers[i] for i in result.conflicts],
        "overruled": [numbers[i] for i in result.overruled],
    }
