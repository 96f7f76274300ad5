"""The packed numeric sort of ids gives exactly Python's string order."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from prioritet.engine.ordering import _PACK_FROM, id_order


def random_ids(seed: int, alphabet: str) -> list[str]:
    """Enough unique ids of varying length (empty included) to take the packed path."""
    rng = random.Random(seed)
    ids: set[str] = set()
    while len(ids) < _PACK_FROM + 100:
        ids.add("".join(rng.choices(alphabet, k=rng.randint(0, 12))))
    return list(ids)


def python_order(ids: list[str]) -> list[int]:
    return sorted(range(len(ids)), key=ids.__getitem__)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32 - 1), st.sampled_from(["0123456789", "abcAB-_ 09", "".join(map(chr, range(1, 256)))]))
def test_latin1_ids_sort_as_python_sorts_them(seed: int, alphabet: str) -> None:
    ids = random_ids(seed, alphabet)
    assert len(ids) >= _PACK_FROM
    assert id_order(ids).tolist() == python_order(ids)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_other_unicode_falls_back_to_the_string_sort(seed: int) -> None:
    ids = random_ids(seed, "abcÆØÅæøå€ŋ→日本")
    assert id_order(ids).tolist() == python_order(ids)


def test_typical_ids_with_a_shared_prefix_need_several_words() -> None:
    ids = [f"TILTAK-2025-{k * 7919 % 100_003:07d}-{'æøå'[k % 3]}{k % 11}" for k in range(3_000)]
    assert id_order(ids).tolist() == python_order(ids)


def test_small_sets_use_pythons_sort() -> None:
    ids = ["b", "a", "ab", "", "B"]
    assert id_order(ids).tolist() == python_order(ids)
