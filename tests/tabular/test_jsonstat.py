"""The JSON-stat 2.0 reader: the standard's own example shapes, SSB-shaped files (made-up figures),
round trips through dense and sparse JSON-stat, and one clear error for every malformed input."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from prioritet.tabular.jsonstat import Dataset, JsonStatError, dataset_from, parse_jsonstat, parse_tidy, to_jsonstat

DATA = Path(__file__).parent / "data"


def order_example() -> dict[str, Any]:
    """The specification's «order» example: three dimensions A (3), B (2), C (4), 24 cells whose
    values are their own positions, so row-major order can be read off the values."""
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "Demo of value ordering: what does not change, first",
        "id": ["A", "B", "C"],
        "size": [3, 2, 4],
        "dimension": {
            "A": {"label": "A: 3-categories dimension", "category": {"index": ["1", "2", "3"]}},
            "B": {"label": "B: 2-categories dimension", "category": {"index": ["1", "2"]}},
            "C": {"label": "C: 4-categories dimension", "category": {"index": ["1", "2", "3", "4"]}},
        },
        "value": [0] * 24,
    }


def test_rows_come_in_row_major_order_with_the_last_dimension_fastest() -> None:
    document = order_example()
    document["value"] = list(range(24))
    data = dataset_from(document)
    assert data.dimensions == ("A", "B", "C")
    assert [(r["A"], r["B"], r["C"]) for r in data.rows[:5]] == [
        ("1", "1", "1"),
        ("1", "1", "2"),
        ("1", "1", "3"),
        ("1", "1", "4"),
        ("1", "2", "1"),
    ]
    # Cell A=2, B=1, C=3 sits at 1×(2×4) + 0×4 + 2 = 10 in the value array.
    cell = next(r for r in data.rows if (r["A"], r["B"], r["C"]) == ("2", "1", "3"))
    assert cell["value"] == 10
    assert [r["value"] for r in data.rows] == list(range(24))


def test_a_code_without_a_label_is_its_own_label_and_the_dimension_keeps_its_label() -> None:
    data = dataset_from(order_example())
    assert data.labels["B"] == {"1": "1", "2": "2"}
    assert data.dimension_labels["A"] == "A: 3-categories dimension"


def oecd_like(**changes: Any) -> dict[str, Any]:
    """The shape of the specification's «oecd» example, cut to 2 areas × 2 years, with an object index."""
    document: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": "Unemployment rate in the OECD countries 2003-2014",
        "source": "Economic Outlook No 92 - December 2012 - OECD Annual Projections",
        "updated": "2012-11-27",
        "id": ["concept", "area", "year"],
        "size": [1, 2, 2],
        "role": {"time": ["year"], "geo": ["area"], "metric": ["concept"]},
        "dimension": {
            "concept": {
                "label": "indicator",
                "category": {"label": {"UNR": "unemployment rate"}, "unit": {"UNR": {"decimals": 1}}},
            },
            "area": {
                "label": "OECD countries",
                "category": {"index": {"AU": 0, "AT": 1}, "label": {"AU": "Australia", "AT": "Austria"}},
            },
            "year": {"label": "2003-2014", "category": {"index": {"2003": 0, "2004": 1}}},
        },
        "value": [5.943826289, 5.39663128, 4.278559338, 4.939707755],
    }
    document.update(changes)
    return document


def test_a_single_category_dimension_may_leave_out_its_index() -> None:
    data = dataset_from(oecd_like())
    assert data.labels["concept"] == {"UNR": "unemployment rate"}
    assert [r["concept"] for r in data.rows] == ["UNR"] * 4


def test_object_index_gives_the_order_of_codes_and_roles_label_and_updated_are_kept() -> None:
    data = dataset_from(oecd_like())
    assert list(data.labels["area"]) == ["AU", "AT"]
    assert data.labels["area"]["AT"] == "Austria"
    assert data.roles == {"time": ("year",), "geo": ("area",), "metric": ("concept",)}
    assert data.label == "Unemployment rate in the OECD countries 2003-2014"
    assert data.updated == "2012-11-27"
    assert data.rows[2] == {"concept": "UNR", "area": "AT", "year": "2003", "value": 4.278559338, "status": None}


def test_a_sparse_value_object_leaves_the_missing_cells_none_never_zero() -> None:
    data = dataset_from(oecd_like(value={"0": 5.9, "3": 4.9}))
    assert [r["value"] for r in data.rows] == [5.9, None, None, 4.9]


def test_a_null_value_stays_none() -> None:
    data = dataset_from(oecd_like(value=[None, 0, 1.5, None]))
    assert [r["value"] for r in data.rows] == [None, 0, 1.5, None]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("e", ["e", "e", "e", "e"]),
        (["e"], ["e", "e", "e", "e"]),
        (["..", None, ":", "-"], ["..", None, ":", "-"]),
        ({"1": ".", "3": "…"}, [None, ".", None, "…"]),
        (None, [None, None, None, None]),
    ],
    ids=["string-for-all", "array-of-one", "array", "sparse-object", "absent"],
)
def test_status_as_string_array_or_object_gives_each_cell_its_symbol(
    status: object, expected: list[str | None]
) -> None:
    document = oecd_like()
    if status is not None:
        document["status"] = status
    assert [r["status"] for r in dataset_from(document).rows] == expected


@pytest.mark.parametrize("dimensions", [1, 2, 3, 4, 5])
def test_any_number_of_dimensions_from_one_to_five_is_read(dimensions: int) -> None:
    ids = [f"d{k}" for k in range(dimensions)]
    sizes = [2 if k % 2 else 3 for k in range(dimensions)]
    cells = 1
    for s in sizes:
        cells *= s
    document = {
        "version": "2.0",
        "class": "dataset",
        "id": ids,
        "size": sizes,
        "dimension": {
            d: {"category": {"index": [f"{d}c{i}" for i in range(s)]}} for d, s in zip(ids, sizes, strict=True)
        },
        "value": list(range(cells)),
    }
    data = dataset_from(document)
    assert len(data.rows) == cells
    assert data.rows[-1] == {
        **{d: f"{d}c{s - 1}" for d, s in zip(ids, sizes, strict=True)},
        "value": cells - 1,
        "status": None,
    }


def test_the_ssb_kostra_file_keeps_every_status_symbol_and_null() -> None:
    data = parse_jsonstat((DATA / "ssb_kostra_made_up.json").read_bytes())
    assert data.dimensions == ("KOKkommuneregion0000", "ContentsCode", "Tid")
    assert data.roles["geo"] == ("KOKkommuneregion0000",)
    by_cell = {(r["KOKkommuneregion0000"], r["ContentsCode"], r["Tid"]): (r["value"], r["status"]) for r in data.rows}
    assert by_cell["0301", "KOSandel120000", "2025"] == (None, "..")
    assert by_cell["4601", "KOSandel120000", "2024"] == (None, ":")
    assert by_cell["4601", "KOSbrukarinst0000", "2024"] == (None, ".")
    assert by_cell["4601", "KOSbrukarinst0000", "2025"] == (0, "-")
    assert by_cell["0301", "KOSbrukarinst0000", "2023"] == (1500, None)
    assert data.labels["KOKkommuneregion0000"] == {"0301": "Oslo", "4601": "Bergen"}


def test_the_ssb_population_file_with_sparse_value_and_a_dimension_without_index_is_read() -> None:
    data = parse_jsonstat((DATA / "ssb_population_sparse_made_up.json").read_bytes())
    assert [(r["Alder"], r["Tid"], r["value"], r["status"]) for r in data.rows] == [
        ("067-079", "2024", 14020, None),
        ("067-079", "2025", 14410, None),
        ("080+", "2024", None, ".."),
        ("080+", "2025", 7120, None),
    ]
    assert data.labels["ContentsCode"] == {"Personer1": "Personer"}
    assert data.labels["Tid"] == {"2024": "2024", "2025": "2025"}


def test_the_json_contract_has_label_updated_dimensions_labels_and_rows() -> None:
    data = dataset_from(oecd_like(status={"0": "e"}))
    out = json.loads(json.dumps(data.as_json()))
    assert list(out) == ["label", "updated", "dimensions", "labels", "rows"]
    assert out["dimensions"] == ["concept", "area", "year"]
    assert out["rows"][0] == {"concept": "UNR", "area": "AU", "year": "2003", "value": 5.943826289, "status": "e"}


def test_a_dataset_without_a_class_is_read_as_a_dataset() -> None:
    document = oecd_like()
    del document["class"]
    assert len(dataset_from(document).rows) == 4


def broken(path: str, value: object) -> dict[str, Any]:
    """The oecd-like example with one thing changed; ``path`` is keys joined by «/», DELETE removes."""
    document = copy.deepcopy(oecd_like())
    *parents, last = path.split("/")
    target = document
    for key in parents:
        target = target[key]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return document


DELETE = object()


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([1, 2], "not a JSON-stat dataset: the top level is not an object"),
        (broken("class", "collection"), "class is 'collection'"),
        (broken("value", DELETE), "'value' is missing"),
        (broken("dimension", DELETE), "'dimension' is missing"),
        (broken("value", [1, 2, 3]), "'value' has 3 cells but the sizes make 4"),
        (broken("size", [1, 2]), "'id' names 3 dimensions but 'size' gives 2 sizes"),
        (broken("id", ["concept", "area", "year", "sex"]), "'id' names 4 dimensions but 'size' gives 3 sizes"),
        (broken("dimension/year", DELETE), "dimension 'year' is in 'id' but not in 'dimension'"),
        (broken("size", [1, 3, 2]), "dimension 'area' has 2 categories but its size is 3"),
        (broken("dimension/area/category/index", {"AU": 0, "AT": 2}), "positions must be 0 to 1"),
        (broken("dimension/area/category/index", ["AU", "AU"]), "array of distinct codes"),
        (broken("dimension/area/category/index", DELETE), "only a dimension with one labelled category"),
        (
            broken("dimension/area/category/label", {"AU": "Australia", "NO": "Norway"}),
            "'NO', which is not in its index",
        ),
        (broken("value", {"4": 1.0}), "'value' has an entry for cell '4', outside 0 to 3"),
        (broken("value", {"-1": 1.0}), "'value' has an entry for cell '-1'"),
        (broken("value", [1, "x", 2, 3]), "'value' cell 1 is 'x', not a number or null"),
        (broken("value", [1, True, 2, 3]), "'value' cell 1 is True"),
        (broken("status", {"7": ".."}), "'status' has an entry for cell '7', outside 0 to 3"),
        (broken("status", ["..", ":"]), "'status' has 2 cells but the sizes make 4"),
        (broken("status", [1, None, None, None]), "'status' cell 0 is 1, not text or null"),
        (broken("status", 5), "'status' must be text, an array or an object"),
        (broken("role", {"time": ["month"]}), "role 'time' names 'month', which is not in 'id'"),
        (broken("id", ["concept", "concept", "year"]), "'id' names a dimension twice"),
        (broken("id", ["concept", "value", "year"]), "a dimension may not be called 'value'"),
        (broken("size", [1, -2, 2]), "'size' must be an array of whole numbers"),
        (broken("dimension/area", {"label": "no categories"}), "dimension 'area' has no 'category' object"),
        (broken("updated", 2012), "'updated' must be text"),
    ],
)
def test_every_malformed_dataset_raises_one_error_saying_what_is_wrong(document: object, message: str) -> None:
    with pytest.raises(JsonStatError) as caught:
        dataset_from(document)
    assert message in str(caught.value)


@pytest.mark.parametrize("text", [b"", b"{not json", b"\xff\xfe\x00", "<html>Server error</html>"])
def test_text_that_is_not_json_raises_the_same_error(text: str | bytes) -> None:
    with pytest.raises(JsonStatError, match=r"^not JSON: "):
        parse_jsonstat(text)


def test_a_dense_dataset_written_sparse_and_read_back_is_the_same() -> None:
    data = parse_jsonstat((DATA / "ssb_kostra_made_up.json").read_bytes())
    for sparse in (False, True):
        again = dataset_from(json.loads(json.dumps(to_jsonstat(data, sparse=sparse))))
        assert again == data


def test_writing_rows_that_are_not_the_full_table_is_refused() -> None:
    data = dataset_from(oecd_like())
    cut = Dataset(dimensions=data.dimensions, labels=data.labels, rows=data.rows[:3])
    with pytest.raises(JsonStatError, match="every combination"):
        to_jsonstat(cut)


def test_a_tidy_csv_reads_codes_numbers_and_ssb_symbols_in_the_value_column() -> None:
    text = "region;Tid;value;status\n0301;2024;11,5;\n0301;2025;..;\n4601;2024;;:\n4601;2025;0;-\n"
    data = parse_tidy(text.encode(), "kostra.csv")
    assert data.dimensions == ("region", "Tid")
    assert data.labels == {"region": {"0301": "0301", "4601": "4601"}, "Tid": {"2024": "2024", "2025": "2025"}}
    assert [(r["value"], r["status"]) for r in data.rows] == [(11.5, None), (None, ".."), (None, ":"), (0, "-")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("region,Tid,status\n0301,2024,\n", "no 'value' column"),
        ("value,status\n1,\n", "no dimension columns"),
        ("region,Tid,value\n0301,2024,mye\n", "row 2: value 'mye' is not a number"),
        ("region,Tid,value\n,2024,1\n", "row 2: no code in column 'region'"),
        ("region,region,value\n1,2,3\n", "names a column twice"),
        ("region,Tid,value\n0301,2024,1\n0301,2025,2\n0301,2024,3\n", "row 4 is the same cell as row 2"),
    ],
)
def test_a_tidy_csv_that_is_no_tidy_table_raises_the_reader_error(text: str, message: str) -> None:
    with pytest.raises(JsonStatError) as caught:
        parse_tidy(text.encode(), "tidy.csv")
    assert message in str(caught.value)


def test_a_tidy_workbook_reads_numbers_as_values_and_whole_numbers_as_codes(
    write_xlsx: Callable[[Sequence[Sequence[object]]], Path],
) -> None:
    path = write_xlsx([["region", "Tid", "value", "status"], ["0301", 2024, 11.5, None], ["0301", 2025, "..", None]])
    data = parse_tidy(path.read_bytes(), str(path))
    assert data.rows == (
        {"region": "0301", "Tid": "2024", "value": 11.5, "status": None},
        {"region": "0301", "Tid": "2025", "value": None, "status": ".."},
    )


def test_a_comma_separated_tidy_csv_reads_a_decimal_point() -> None:
    data = parse_tidy(b"region,Tid,value\n0301,2024,1250.5\n", "kostra.csv")
    assert data.rows[0]["value"] == 1250.5


def test_the_decimals_a_category_is_published_with_are_kept_and_a_strange_unit_is_left_alone() -> None:
    data = parse_jsonstat((DATA / "ssb_kostra_made_up.json").read_bytes())
    assert data.decimals == {"ContentsCode": {"KOSandel120000": 1, "KOSbrukarinst0000": 0}}
    assert data.places(data.rows[0]) == 1
    assert data.places(data.rows[3]) == 0
    odd = dataset_from(broken("dimension/concept/category/unit", {"UNR": {"decimals": "one"}}))
    assert odd.decimals == {}
    assert odd.places(odd.rows[0]) is None
