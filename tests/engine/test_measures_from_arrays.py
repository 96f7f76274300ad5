"""Measures built from a numpy string array of ids (the fast path: no Python step per id when all is
well) are the measures built from the same ids as Python strings: the same problems with the same
rows and columns, the same order of ties, the same rankings."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from prioritet.engine import InputError, Measures, Method, Problem, rank
from prioritet.engine.ordering import _PACK_FROM, id_order, sorted_ids

#: Text a numpy string array holds exactly: anything but NUL (it pads with NUL, so a trailing one
#: would be lost), with whitespace, Norwegian letters and code points beyond Latin-1 among the rest.
ID_TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), max_size=6)
NUMBERED = st.integers(0, 40).map(lambda k: f"T{k:03d}")
BLANKISH = st.sampled_from(["", " ", "\t", "\u3000", "\xa0x", " a", "a ", "Ø", "æ1"])
SCORE = st.one_of(st.integers(1, 5), st.integers(1, 5), st.sampled_from([0, 6, 2.5, -1, 1e12, 3.0]))


SOUND_ID = st.one_of(ID_TEXT, NUMBERED, BLANKISH).filter(str.strip)
MESSES = ("ids", "scores", "cost", "flags", "requires")


@st.composite
def raw_inputs(draw: st.DrawFn) -> dict[str, object]:
    """Ids (unicode, numbered, sorted or not), scores, a resource column, flags and requirements;
    each part is sound or messy (ids repeated or blank, scores off the scale or fractional, costs
    negative or not finite, several references, unknown requirements), so both outcomes are common."""
    messy = draw(st.sets(st.sampled_from(MESSES)).filter(lambda m: len(m) <= 2))
    n = draw(st.integers(1, 12))
    if "ids" in messy:
        ids = draw(st.lists(st.one_of(ID_TEXT, NUMBERED, BLANKISH), min_size=n, max_size=n))
    else:
        ids = draw(st.lists(SOUND_ID, min_size=n, max_size=n, unique=True))
    if draw(st.booleans()):
        ids.sort()
    score = SCORE if "scores" in messy else st.one_of(st.integers(1, 5), st.sampled_from([1.0, 5.0]))
    scores = draw(st.lists(st.tuples(score, score, score), min_size=n, max_size=n))
    costs = [0.0, 1.0, 7.5, -1.0, float("nan"), float("inf")] if "cost" in messy else [0.0, 1.0, 7.5]
    cost = draw(st.lists(st.sampled_from(costs), min_size=n, max_size=n))
    rare = st.integers(0, 7).map(lambda k: k == 0)
    baseline = draw(st.lists(rare, min_size=n, max_size=n))
    mandatory = draw(st.lists(rare, min_size=n, max_size=n))
    if "flags" not in messy:
        baseline = [i == 0 and b for i, b in enumerate(baseline)]
        mandatory = [m and not b for m, b in zip(mandatory, baseline, strict=True)]
    targets = [*ids, "nowhere"] if "requires" in messy else [*ids[1 + 1 :]]
    requires = [None] * n
    if targets:
        requires = draw(st.lists(st.one_of(st.none(), st.sampled_from(targets)), min_size=n, max_size=n))
    if "requires" not in messy:
        requires = [t if t is None or t != ids[i] else None for i, t in enumerate(requires)]
        requires = [None if i == 0 else t for i, t in enumerate(requires)]
    return {
        "ids": ids,
        "scores": scores,
        "resources": {"cost": cost},
        "mandatory": mandatory,
        "baseline": baseline,
        "requires": requires if draw(st.booleans()) else None,
    }


def outcome(ids: object, raw: dict[str, object]) -> list[Problem] | Measures:
    kwargs = {k: v for k, v in raw.items() if k not in ("ids", "scores")}
    try:
        return Measures.build(ids, None, raw["scores"], **kwargs)  # type: ignore[arg-type]
    except InputError as err:
        return list(err.problems)


def assert_same_measures(fast: Measures, slow: Measures) -> None:
    assert fast.ids == slow.ids
    assert all(type(i) is str for i in fast.ids)
    assert (fast.names, fast.rows, fast.groups, fast.requires) == (slow.names, slow.rows, slow.groups, slow.requires)
    np.testing.assert_array_equal(fast.scores, slow.scores)
    np.testing.assert_array_equal(fast.tiebreak_order, slow.tiebreak_order)
    assert fast.reference == slow.reference
    if slow.baseline.all():  # the reference alone: nothing to rank
        return
    for method in Method:
        a, b = rank(fast.candidates, method=method), rank(slow.candidates, method=method)
        np.testing.assert_array_equal(a.order, b.order)
        np.testing.assert_array_equal(a.values, b.values)


@settings(max_examples=400, deadline=None)
@given(raw_inputs())
def test_ids_as_an_array_give_the_same_measures_or_the_same_problems(raw: dict[str, object]) -> None:
    ids: list[str] = raw["ids"]  # type: ignore[assignment]
    fast, slow = outcome(np.array(ids, dtype=str), raw), outcome(tuple(ids), raw)
    event("problems" if isinstance(slow, list) else "measures")
    if isinstance(slow, list):
        assert repr(fast) == repr(slow)  # repr: a NaN in a problem is never equal to itself
    else:
        assert isinstance(fast, Measures)
        assert_same_measures(fast, slow)


def many_ids(seed: int, kind: str, n: int) -> list[str]:
    """``n`` ids of one kind, in random order unless ``kind`` says sorted."""
    if kind.startswith("sorted "):
        return sorted(many_ids(seed, kind.removeprefix("sorted "), n))
    rng = random.Random(seed)
    if kind in ("numbered", "sorted"):
        ids = [f"T{k:07d}" for k in rng.sample(range(1, 3 * n), n)]
        return sorted(ids) if kind == "sorted" else ids
    if kind == "case system":
        return [f"TILTAK-2025-{k:07d}-{'æøå'[k % 3]}{k % 11}" for k in rng.sample(range(10**6), n)]
    alphabet = {"letters": "abcAB-_ 09", "latin1": "".join(map(chr, range(1, 256))), "unicode": "abæøå€ŋ→日本 "}[kind]
    found: set[str] = set()
    while len(found) < n:
        found.add("".join(rng.choices(alphabet, k=rng.randint(0, 9))))
    return list(found)


KINDS = st.sampled_from(["numbered", "sorted", "case system", "letters", "sorted letters", "latin1", "unicode"])


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1), KINDS, st.integers(_PACK_FROM, 3 * _PACK_FROM), st.integers(0, 3))
def test_many_ids_sort_and_check_as_python_does(seed: int, kind: str, n: int, repeated: int) -> None:
    """Every path of :func:`sorted_ids` (placed, packed in one word or several, string sort): the
    order is Python's, and repeated ids are found however many there are."""
    ids = many_ids(seed, kind, n)
    rng = random.Random(seed)
    for _ in range(repeated):
        ids[rng.randrange(n)] = ids[rng.randrange(n)]
    order, unique = sorted_ids(np.array(ids, dtype=str))
    assert unique == (len(set(ids)) == n)
    in_order = [ids[i] for i in order.tolist()]
    assert in_order == sorted(ids)
    if unique:
        assert order.tolist() == sorted(range(n), key=ids.__getitem__)
        assert id_order(ids).tolist() == order.tolist()


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1), KINDS, st.integers(0, 2))
def test_many_measures_from_arrays_rank_as_from_strings(seed: int, kind: str, blank: int) -> None:
    n = 2 * _PACK_FROM
    ids = many_ids(seed, kind, n)
    rng = np.random.default_rng(seed)
    for i in rng.choice(n, size=blank, replace=False):
        ids[int(i)] = ["", "  "][blank - 1]
    scores = rng.integers(1, 6, size=(n, 3))
    raw: dict[str, object] = {"ids": ids, "scores": scores}
    fast, slow = outcome(np.array(ids, dtype=str), raw), outcome(tuple(ids), raw)
    if isinstance(slow, list):
        assert repr(fast) == repr(slow)  # repr: a NaN in a problem is never equal to itself
    else:
        assert isinstance(fast, Measures)
        assert_same_measures(fast, slow)


@pytest.mark.parametrize("n", [2, _PACK_FROM])
def test_ids_all_the_same_are_repeats(n: int) -> None:
    order, unique = sorted_ids(np.array(["T1"] * n))
    assert sorted(order.tolist()) == list(range(n))
    assert not unique


def test_the_callers_id_array_is_neither_frozen_nor_shared() -> None:
    ids = np.array(["b", "a", "c"])
    m = Measures.build(ids, None, [[3, 3, 3]] * 3)
    ids[0] = "z"
    assert m.ids == ("b", "a", "c")
    assert ids.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        m._ids[0] = "y"  # type: ignore[index]


def test_ids_from_an_array_become_python_strings_only_when_asked_for() -> None:
    m = Measures.build(np.array(["b", "a"]), None, np.array([[3, 3, 3], [4, 4, 4]]))
    assert not {"ids", "names", "rows"} & set(vars(m))
    assert rank(m).order.tolist() == [1, 0]
    assert "ids" not in vars(m)
    assert (m.ids, m.names, m.rows) == (("b", "a"), ("b", "a"), (2, 3))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 3 * _PACK_FROM), st.integers(1, 125))
def test_one_sort_by_profile_rank_is_the_tie_break_order_sorted_by_rank(seed: int, n: int, ranks: int) -> None:
    """:meth:`Measures.order_by` (one radix sort over the id order) gives the order of the two sorts
    it replaced: the tie-break order (severity, benefit, id), then stably by the profiles' ranks."""
    rng = np.random.default_rng(seed)
    scores = rng.integers(1, 6, size=(n, 3)) if seed % 2 else rng.integers(2, 4, size=(n, 3))
    m = Measures.build(np.array(many_ids(seed, "numbered" if seed % 3 else "case system", n)), None, scores)
    profiles, inverse = m.profiles
    profile_rank = rng.integers(0, ranks, size=len(profiles))  # equal ranks: ties in value
    by_tiebreak = m.tiebreak_order[np.argsort(profile_rank[inverse][m.tiebreak_order], kind="stable")]
    np.testing.assert_array_equal(m.order_by(profile_rank), by_tiebreak)
    assert m.profile_counts.tolist() == np.bincount(inverse, minlength=len(profiles)).tolist()
