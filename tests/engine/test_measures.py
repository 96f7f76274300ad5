"""Measures: validation (every problem names its row and column), partial values, tie-break order,
score profiles and the closure of mandatory measures under ``requires``."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritet.engine import Code, Criterion, InputError, Measures, Problem
from prioritet.engine.criteria import CRITERIA, CRITERION_INFO
from prioritet.engine.criteria import partial_values as engine_partial_values

from .oracles import partial_values
from .strategies import plain_measures


def build(scores: list[list[int]], **kwargs: object) -> Measures:
    ids = kwargs.pop("ids", [f"m{k}" for k in range(len(scores))])
    return Measures.build(ids, None, scores, **kwargs)  # type: ignore[arg-type]


def problems_of(excinfo: pytest.ExceptionInfo[InputError]) -> list[Problem]:
    return list(excinfo.value.problems)


# --- partial values -------------------------------------------------------------------------------


def test_partial_values_by_hand() -> None:
    m = build([[5, 1, 3], [1, 5, 5], [3, 3, 1], [2, 4, 4]])
    # benefit (b−1)/4, severity (s−1)/4, resources (5−r)/4: 1 is always best.
    expected = [[1.0, 0.0, 0.5], [0.0, 1.0, 0.0], [0.5, 0.5, 1.0], [0.25, 0.75, 0.25]]
    np.testing.assert_array_equal(m.partial_values, expected)


@settings(deadline=None)
@given(plain_measures())
def test_partial_values_match_the_formula(m: Measures) -> None:
    for i, (b, s, r) in enumerate(m.scores.tolist()):
        assert tuple(m.partial_values[i]) == pytest.approx(partial_values(b, s, r), abs=1e-15)
    assert np.all((m.partial_values >= 0) & (m.partial_values <= 1))


def test_arrays_are_read_only() -> None:
    m = build([[3, 3, 3]], resources={"cost": [10.0]}, mandatory=[True])
    for array in (m.scores, m.mandatory, m.resources["cost"], m.partial_values, m.tiebreak):
        with pytest.raises(ValueError, match="read-only"):
            array[0] = 0


def test_build_neither_freezes_nor_aliases_the_callers_arrays() -> None:
    """The caller keeps a writable array of its own; changing it later must not change the measures
    (their cached partial values would go stale)."""
    scores = np.array([[3, 3, 3], [4, 4, 4]], dtype=np.int64)
    cost = np.array([10.0, 20.0])
    mandatory = np.array([False, True])
    m = build(scores, resources={"cost": cost}, mandatory=mandatory)  # type: ignore[arg-type]
    _ = m.partial_values
    scores[0, 0] = 5
    cost[0] = 99.0
    mandatory[0] = True
    assert m.scores[0, 0] == 3
    assert m.resources["cost"][0] == 10.0
    assert not m.mandatory[0]
    assert m.partial_values[0, 0] == 0.5


def test_defaults() -> None:
    m = build([[3, 3, 3], [2, 2, 2]], ids=["a", "b"])
    assert m.names == ("a", "b")
    assert m.rows == (2, 3)  # the header is row 1
    assert m.groups == (None, None)
    assert m.requires == (None, None)
    assert not m.mandatory.any()
    assert dict(m.resources) == {}
    assert len(m) == 2
    assert m.index == {"a": 0, "b": 1}


# --- validation: every path, each naming row and column -----------------------------------------


def test_no_measures() -> None:
    with pytest.raises(InputError) as excinfo:
        Measures.build([], None, np.zeros((0, 3), dtype=np.int64))
    assert problems_of(excinfo) == [Problem(Code.NO_MEASURES)]


def test_missing_id_names_row_and_column() -> None:
    with pytest.raises(InputError) as excinfo:
        build([[3, 3, 3], [3, 3, 3]], ids=["a", "  "])
    (p,) = problems_of(excinfo)
    assert (p.row, p.column) == (3, "id")
    assert p.code is Code.ID_MISSING
    assert str(p) == "row 3, column 'id': id_missing"  # language-free, for logs


def test_duplicate_id_names_both_rows() -> None:
    with pytest.raises(InputError) as excinfo:
        build([[3, 3, 3]] * 3, ids=["a", "b", "a"], rows=[10, 11, 12])
    (p,) = problems_of(excinfo)
    assert (p.row, p.column) == (12, "id")
    assert p.code is Code.ID_DUPLICATE
    assert p.params == {"id": "a", "first_row": 10}  # where it was first used


@pytest.mark.parametrize(
    ("column", "bad"),
    [(0, 0), (0, 6), (1, 0), (1, 6), (2, -1), (2, 7)],
)
def test_score_out_of_range_names_row_and_criterion(column: int, bad: int) -> None:
    scores = [[3, 3, 3], [3, 3, 3]]
    scores[1][column] = bad
    with pytest.raises(InputError) as excinfo:
        build(scores)
    (p,) = problems_of(excinfo)
    assert p.row == 3
    assert p.column == ("benefit", "severity", "resources")[column]
    assert p.code is Code.SCORE_OUT_OF_SCALE
    assert p.params == {"criterion": tuple(Criterion)[column], "low": 1, "high": 5, "value": bad}
    assert type(p.params["value"]) is int


@pytest.mark.parametrize("bad", [2.5, 1.0001, float("nan"), float("inf")])
def test_non_integer_score_is_a_problem_not_truncated(bad: float) -> None:
    """A score of 2.5 must not silently become 2: the scale is whole numbers 1–5."""
    with pytest.raises(InputError) as excinfo:
        Measures.build(["a", "b"], None, [[3.0, 3.0, 3.0], [3.0, bad, 3.0]])
    (p,) = problems_of(excinfo)
    assert (p.row, p.column) == (3, "severity")
    assert p.code is Code.SCORE_OUT_OF_SCALE
    assert p.params["criterion"] is Criterion.SEVERITY
    assert p.params["value"] == bad or np.isnan(bad)


def test_whole_floats_are_accepted() -> None:
    m = Measures.build(["a"], None, [[4.0, 2.0, 5.0]])
    assert m.scores.tolist() == [[4, 2, 5]]
    assert m.scores.dtype == np.int64


@pytest.mark.parametrize("bad", [-1.0, float("nan"), float("inf"), -float("inf")])
def test_bad_resource_names_row_and_resource_column(bad: float) -> None:
    with pytest.raises(InputError) as excinfo:
        build([[3, 3, 3], [3, 3, 3]], resources={"cost_nok": [1.0, 2.0], "fte": [0.5, bad]})
    (p,) = problems_of(excinfo)
    assert (p.row, p.column) == (3, "fte")
    assert p.code is Code.RESOURCE_NEGATIVE
    assert p.params["value"] == bad or np.isnan(bad)


def test_zero_resource_is_fine() -> None:
    assert build([[3, 3, 3]], resources={"cost": [0.0]}).resources["cost"][0] == 0.0


def test_requires_itself() -> None:
    with pytest.raises(InputError) as excinfo:
        build([[3, 3, 3], [3, 3, 3]], ids=["a", "b"], requires=[None, "b"])
    (p,) = problems_of(excinfo)
    assert (p.row, p.column) == (3, "requires")
    assert p.code is Code.REQUIRES_ITSELF


def test_requires_unknown_id() -> None:
    with pytest.raises(InputError) as excinfo:
        build([[3, 3, 3], [3, 3, 3]], ids=["a", "b"], requires=["zz", None])
    (p,) = problems_of(excinfo)
    assert (p.row, p.column) == (2, "requires")
    assert (p.code, p.params) == (Code.REQUIRES_UNKNOWN, {"id": "zz"})


def test_requires_may_point_forward() -> None:
    m = build([[3, 3, 3], [3, 3, 3]], ids=["a", "b"], requires=["b", None])
    assert m.requires == ("b", None)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(InputError) as excinfo:
        build(
            [[0, 3, 3], [3, 9, 3], [3, 3, 3]],
            ids=["a", "a", ""],
            resources={"cost": [1.0, -5.0, 1.0]},
            requires=[None, "nope", None],
            rows=[5, 6, 7],
        )
    where = {(p.row, p.column) for p in problems_of(excinfo)}
    assert where == {(6, "id"), (7, "id"), (5, "benefit"), (6, "severity"), (6, "cost"), (6, "requires")}
    # The exception's text lists every problem, one per line.
    assert len(str(excinfo.value).splitlines()) == 6


def test_length_mismatch_is_a_programming_error_not_an_input_problem() -> None:
    with pytest.raises(ValueError, match="mandatory has 1 entries, expected 2") as excinfo:
        build([[3, 3, 3], [3, 3, 3]], mandatory=[True])
    assert not isinstance(excinfo.value, InputError)
    with pytest.raises(ValueError, match="cost has 3 entries") as excinfo:
        build([[3, 3, 3], [3, 3, 3]], resources={"cost": [1.0, 2.0, 3.0]})
    assert not isinstance(excinfo.value, InputError)


def test_resource_lookup() -> None:
    m = build([[3, 3, 3]], resources={"fte": [1.0], "cost_nok": [2.0]})
    assert m.resource("fte")[0] == 1.0
    with pytest.raises(InputError) as excinfo:
        m.resource("budget")
    assert problems_of(excinfo) == [
        Problem(Code.UNKNOWN_RESOURCE_COLUMN, {"column": "budget", "known": ("cost_nok", "fte")})
    ]
    with pytest.raises(InputError) as excinfo:
        build([[3, 3, 3]]).resource("budget")
    assert problems_of(excinfo) == [Problem(Code.NO_RESOURCE_COLUMNS, {"column": "budget"})]


def test_problem_text_is_language_free() -> None:
    """The engine writes no language: its text names the code and parameters, for logs."""
    assert str(Problem(Code.NO_MEASURES)) == "no_measures"
    assert str(Problem(Code.ID_MISSING, {}, 4)) == "row 4: id_missing"
    assert str(Problem(Code.RANGE_STEPS, {"steps": 1}, None, "cost")) == "column 'cost': range_steps {'steps': 1}"
    assert str(Problem(Code.ID_MISSING, {}, 4, "id", "fil.csv")) == "fil.csv, row 4, column 'id': id_missing"


# --- tie-break, profiles, closure -----------------------------------------------------------------


def test_tiebreak_by_hand() -> None:
    # severity desc, then benefit desc, then id ascending (resources play no part).
    m = build(
        [[1, 5, 1], [5, 4, 5], [3, 4, 1], [3, 4, 5], [5, 5, 5]],
        ids=["e", "d", "c", "b", "a"],
    )
    # order: a (s5 b5), e (s5 b1), d (s4 b5), b (s4 b3, id b), c (s4 b3, id c)
    expected_order = [4, 0, 1, 3, 2]
    assert np.argsort(m.tiebreak).tolist() == expected_order


@settings(deadline=None)
@given(plain_measures(max_n=10))
def test_tiebreak_is_a_permutation_in_the_documented_order(m: Measures) -> None:
    order = np.argsort(m.tiebreak).tolist()
    assert sorted(m.tiebreak.tolist()) == list(range(len(m)))
    keys = [(-int(m.scores[i, 1]), -int(m.scores[i, 0]), m.ids[i]) for i in order]
    assert keys == sorted(keys)


@settings(deadline=None)
@given(plain_measures(max_n=12))
def test_profiles_group_equal_scores(m: Measures) -> None:
    unique, inverse = m.profiles
    np.testing.assert_array_equal(unique[inverse], m.scores)
    assert len({tuple(row) for row in unique.tolist()}) == len(unique)
    assert len(unique) == len({tuple(row) for row in m.scores.tolist()})


def test_required_closure_follows_chains_and_survives_cycles() -> None:
    # a (mandatory) → b → c → b (a cycle); d → a; e stands alone.
    m = build(
        [[3, 3, 3]] * 5,
        ids=["a", "b", "c", "d", "e"],
        mandatory=[True, False, False, False, False],
        requires=["b", "c", "b", "a", None],
    )
    assert m.required_closure().tolist() == [True, True, True, False, False]
    assert not m.mandatory[1]  # the closure is a copy


@settings(max_examples=50, deadline=None)
@given(st.data())
def test_required_closure_is_the_smallest_closed_superset(data: st.DataObject) -> None:
    n = data.draw(st.integers(2, 8))
    ids = [f"x{k}" for k in range(n)]
    mandatory = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    requires = [data.draw(st.sampled_from([None, *[t for t in ids if t != ids[i]]])) for i in range(n)]
    m = build([[3, 3, 3]] * n, ids=ids, mandatory=mandatory, requires=requires)
    closure = m.required_closure()
    # Naive fixed point.
    forced = list(mandatory)
    changed = True
    while changed:
        changed = False
        for i in range(n):
            if forced[i] and requires[i] is not None and not forced[ids.index(requires[i])]:
                forced[ids.index(requires[i])] = True
                changed = True
    assert closure.tolist() == forced


@given(st.lists(st.integers(1, 5), min_size=3, max_size=3), st.integers(0, 2))
def test_a_partial_value_moves_with_the_score_in_the_criterions_own_direction(scores: list[int], j: int) -> None:
    up = list(scores)
    up[j] = min(5, scores[j] + 1)
    change = engine_partial_values(np.array(up))[j] - engine_partial_values(np.array(scores))[j]
    if up[j] == scores[j]:
        assert change == 0
    elif CRITERION_INFO[CRITERIA[j]].higher_is_better:
        assert change == pytest.approx(0.25)
    else:
        assert change == pytest.approx(-0.25)
