"""Sorting measure ids fast: the id tie-break is most of the work of ranking 100,000 measures.

A fixed-width numpy string array compares like Python strings (code point by code point, shorter
first when one is a prefix, because padding is NUL). Character columns that are the same in every id
are left out. When the others span few values together (ids numbered in a case system: «T0001234»
spans 2 × 10⁵ values for 100,000 ids), each id's mixed-radix number is its slot in a table, and
reading the table in order sorts the ids in linear time. Otherwise each column is recoded densely (a
column of digits needs 4 bits) and the codes are packed, most significant first, into as few unsigned
64-bit words as they fit: one numeric sort of the words replaces a string sort.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]
_LATIN1 = 256
#: Below this many ids Python's own sort (or numpy's string sort) is quicker than building numbers.
_PACK_FROM = 1000
#: The linear placement is used when the ids' numbers span at most this many values per id.
_SLOTS_PER_ID = 4


def id_order(ids: Sequence[str] | NDArray[np.str_]) -> IntArray:
    """Indices of ``ids`` in ascending string order (repeated ids come out side by side)."""
    if isinstance(ids, np.ndarray):
        return sorted_ids(ids)[0]
    if len(ids) < _PACK_FROM:
        return np.array(sorted(range(len(ids)), key=ids.__getitem__), dtype=np.int64)
    return sorted_ids(np.asarray(ids))[0]


def sorted_ids(strings: NDArray[np.str_]) -> tuple[IntArray, bool]:
    """Indices of a numpy string array in ascending order, and whether no string repeats.

    A numpy string array holds no trailing NUL, so it compares exactly as the Python strings it
    stands for; uniqueness comes from the same numbers that sort it, without comparing strings.
    """
    n = len(strings)
    width = strings.dtype.itemsize // 4
    if n < 2 or width == 0:
        return np.arange(n, dtype=np.int64), n < 2
    # One character column per row, each contiguous (a reduction down the columns of the (n, width)
    # view is several times slower than the copy).
    columns = np.ascontiguousarray(strings).view(np.uint32).reshape(n, width).T.copy()
    lo, hi = columns.min(axis=1), columns.max(axis=1)
    if n < _PACK_FROM or int(hi.max()) >= _LATIN1:
        order = np.argsort(strings, kind="stable").astype(np.int64)
        in_order = strings[order]
        return order, not bool(np.any(in_order[1:] == in_order[:-1]))
    varying = np.flatnonzero(hi > lo).tolist()
    if not varying:  # every id the same
        return np.arange(n, dtype=np.int64), False
    spans = [int(hi[j]) - int(lo[j]) + 1 for j in varying]
    if math.prod(spans) <= _SLOTS_PER_ID * n:
        return _placed(columns, varying, lo, spans)
    return _packed(columns, varying)


def _placed(
    columns: NDArray[np.uint32], varying: list[int], lo: NDArray[np.uint32], spans: list[int]
) -> tuple[IntArray, bool]:
    """A counting sort: each id's mixed-radix number (ordered as the string) is its slot in a table."""
    n = columns.shape[1]
    radix = np.cumprod([1, *spans[:0:-1]])[::-1]
    key = radix @ columns[varying] - int(radix @ lo[varying])
    slot = np.full(math.prod(spans), -1, dtype=np.int64)
    slot[key] = np.arange(n)
    order = slot[slot >= 0]
    if len(order) == n:
        return order, True
    # Repeated ids share a slot; a sort of the numbers keeps every one of them.
    return np.argsort(key).astype(np.int64), False


def _packed(columns: NDArray[np.uint32], varying: list[int]) -> tuple[IntArray, bool]:
    """A numeric sort of the densely recoded columns packed into 64-bit words, most significant first."""
    n = columns.shape[1]
    words: list[NDArray[np.uint64]] = []
    word = np.zeros(n, dtype=np.uint64)
    used = 0
    for j in varying:
        column = columns[j]
        present = np.bincount(column, minlength=_LATIN1) > 0
        bits = (int(present.sum()) - 1).bit_length()
        if used + bits > 64:
            words.append(word << np.uint64(64 - used))
            word = np.zeros(n, dtype=np.uint64)
            used = 0
        dense = (np.cumsum(present) - 1).astype(np.uint64)
        word = (word << np.uint64(bits)) | dense[column]
        used += bits
    words.append(word << np.uint64(64 - used) if used else word)
    if len(words) == 1:
        first = words[0]
        if bool(np.all(first[1:] > first[:-1])):  # already in order: a file sorted by id
            return np.arange(n, dtype=np.int64), True
        order = np.argsort(first).astype(np.int64)
    else:
        order = np.lexsort(words[::-1]).astype(np.int64)
    same = np.ones(n - 1, dtype=bool)
    for w in words:
        in_order = w[order]
        same &= in_order[1:] == in_order[:-1]
    return order, not bool(same.any())
