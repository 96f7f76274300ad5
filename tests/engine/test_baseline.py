"""The reference row («no action»): never a candidate, so adding it changes nothing for the others.

The guideline's severity question is *what is the consequence of not starting, postponing or
ending?*; a measures file may mark that row ``baseline``. The engine leaves it out of everything it
ranks, optimises or samples (:attr:`Measures.candidates`) and reports it as a :class:`Reference`.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritet.engine import Code, InputError, Measures, Method, Reference, rank

from .strategies import PROFILE, any_weights, plain_measures, weights3


def with_reference(m: Measures, position: int, scores: tuple[int, int, int]) -> Measures:
    """``m`` with a reference row «ref» inserted at ``position`` (rows renumbered as in a file)."""
    ids = [*m.ids[:position], "ref", *m.ids[position:]]
    names = [*m.names[:position], "Ikke starte", *m.names[position:]]
    rows = m.scores.tolist()
    return Measures.build(
        ids,
        names,
        [*rows[:position], list(scores), *rows[position:]],
        baseline=[i == position for i in range(len(ids))],
    )


@settings(max_examples=200, deadline=None)
@given(
    plain_measures(max_n=10),
    st.integers(0, 10),
    PROFILE,
    any_weights,
    st.sampled_from(list(Method)),
)
def test_adding_a_reference_never_changes_the_others_order_or_values(
    m: Measures, where: int, scores: tuple[int, int, int], w: tuple[float, float, float], method: Method
) -> None:
    position = min(where, len(m))
    weights = weights3(w)
    plain = rank(m, weights, method)
    marked = with_reference(m, position, scores)
    candidates = marked.candidates
    again = rank(candidates, weights, method)
    assert candidates.ids == m.ids
    assert [candidates.ids[i] for i in again.order] == [m.ids[i] for i in plain.order]
    assert again.values.tolist() == plain.values.tolist()
    assert marked.reference == Reference("ref", "Ikke starte", position + 2, scores)
    assert "ref" not in candidates.ids


@settings(max_examples=100, deadline=None)
@given(plain_measures(max_n=8))
def test_without_a_reference_the_candidates_are_the_measures(m: Measures) -> None:
    assert m.reference is None
    assert m.candidates is m


def test_the_candidates_keep_resources_constraints_and_rows() -> None:
    m = Measures.build(
        ["a", "ref", "b"],
        ["A", "Ingen tiltak", "B"],
        [(4, 4, 2), (1, 4, 5), (3, 4, 3)],
        resources={"cost": [10.0, 0.0, 20.0]},
        mandatory=[False, False, True],
        groups=["g", None, "g"],
        requires=["b", None, None],
        baseline=[False, True, False],
    )
    c = m.candidates
    assert c.ids == ("a", "b")
    assert c.resource("cost").tolist() == [10.0, 20.0]
    assert c.mandatory.tolist() == [False, True]
    assert c.groups == ("g", "g")
    assert c.requires == ("b", None)
    assert c.rows == (2, 4)
    assert not c.baseline.any()
    assert m.reference == Reference("ref", "Ingen tiltak", 3, (1, 4, 5))


def test_two_references_are_one_problem_naming_both_rows() -> None:
    with pytest.raises(InputError) as err:
        Measures.build(["a", "b", "c"], None, [(1, 1, 1)] * 3, baseline=[True, False, True])
    [problem] = err.value.problems
    assert problem.code is Code.BASELINE_MORE_THAN_ONE
    assert problem.params == {"rows": ("2", "4")}
    assert (problem.row, problem.column) == (4, "baseline")


def test_a_reference_is_neither_mandatory_nor_required() -> None:
    with pytest.raises(InputError) as err:
        Measures.build(
            ["a", "ref"],
            None,
            [(1, 1, 1)] * 2,
            mandatory=[False, True],
            requires=["ref", None],
            baseline=[False, True],
        )
    assert [(p.code, p.row) for p in err.value.problems] == [
        (Code.BASELINE_MANDATORY, 3),
        (Code.BASELINE_REQUIRED, 2),
    ]


def test_the_reference_flags_are_read_only() -> None:
    m = Measures.build(["a", "ref"], None, [(1, 1, 1)] * 2, baseline=np.array([False, True]))
    with pytest.raises(ValueError, match="read-only"):
        m.baseline[0] = True
