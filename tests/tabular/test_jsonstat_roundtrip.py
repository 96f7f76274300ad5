"""Hypothesis round trips: any tidy table written as JSON-stat 2.0, dense or sparse, reads back equal."""

from __future__ import annotations

import itertools
import json

from hypothesis import given
from hypothesis import strategies as st

from prioritet.tabular.jsonstat import SSB_SYMBOLS, Dataset, TidyRow, dataset_from, to_jsonstat

codes = st.text(alphabet="0123456789ABCKMxyzæøå+-", min_size=1, max_size=6)
names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_", min_size=1, max_size=12).filter(
    lambda n: n.lower() not in {"value", "status"}
)
values = st.none() | st.integers(-(10**9), 10**9) | st.floats(allow_nan=False, allow_infinity=False, width=64)
statuses = st.none() | st.sampled_from(SSB_SYMBOLS)


@st.composite
def tables(draw: st.DrawFn) -> Dataset:
    ids = draw(st.lists(names, min_size=1, max_size=4, unique=True))
    labels = {
        d: {c: draw(st.text(max_size=20)) for c in draw(st.lists(codes, min_size=1, max_size=3, unique=True))}
        for d in ids
    }
    rows: list[TidyRow] = []
    for combination in itertools.product(*(list(labels[d]) for d in ids)):
        row: TidyRow = dict(zip(ids, combination, strict=True))
        row["value"], row["status"] = draw(values), draw(statuses)
        rows.append(row)
    return Dataset(
        dimensions=tuple(ids),
        labels=labels,
        rows=tuple(rows),
        label=draw(st.none() | st.text(max_size=30)),
        updated=draw(st.none() | st.just("2026-06-15T06:00:00Z")),
        dimension_labels={d: draw(st.text(max_size=10)) for d in ids if draw(st.booleans())},
        roles={"time": (ids[-1],)} if draw(st.booleans()) else {},
        decimals={ids[0]: {code: draw(st.integers(0, 4)) for code in labels[ids[0]]}} if draw(st.booleans()) else {},
    )


@given(tables(), st.booleans())
def test_a_tidy_table_written_as_jsonstat_reads_back_equal(table: Dataset, sparse: bool) -> None:
    assert dataset_from(json.loads(json.dumps(to_jsonstat(table, sparse=sparse)))) == table


@given(tables())
def test_dense_and_sparse_writings_of_a_table_read_as_the_same_rows(table: Dataset) -> None:
    dense = dataset_from(to_jsonstat(table, sparse=False))
    sparse = dataset_from(to_jsonstat(table, sparse=True))
    assert dense.rows == sparse.rows == table.rows
