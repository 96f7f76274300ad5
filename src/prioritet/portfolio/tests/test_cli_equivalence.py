"""The numbers on the page are the command line's for the same data.

The same file goes through ``prioritet portfolio`` and ``prioritet frontier`` (Typer's CliRunner,
JSON output) and through the web import; the workspace's optimal selection (ids, value, resources
used) and every level of its budget slider must match the command line's exactly.
"""

from __future__ import annotations

import itertools
import json
import math
from decimal import Decimal

import pytest
from django.urls import reverse
from typer.testing import CliRunner

from prioritet.cli.main import app
from prioritet.portfolio.analysis import FRONTIER_STEPS, frontier_levels, frontier_ranges, nice_step
from prioritet.portfolio.models import Measure
from prioritet.tabular import parse_bytes
from prioritet.weighting.models import WeightVersion

from .conftest import DEMO_FILE

#: A file with Norwegian Excel's semicolons and decimal commas, groups, requires, mandatory measures
#: and a third resource column the municipality does not have yet.
EXTRA_FILE = """id;navn;nytte;alvorlighet;ressurs;cost_nok;fte;timer;obligatorisk;gruppe;krever
a;Forsvarlig bemanning;3;5;4;1 500 000;2,5;10;ja;;
b;Institusjon;4;4;4;1 200 000;1,5;0;nei;rehab;
c;Hjemme;4;4;3;600 000;0,8;5;nei;rehab;
d;Dagaktivitet;4;4;2;800 000;1;4;nei;;
e;Pårørendeskole;3;3;1;200 000;0,25;2;nei;;d
f;Digitalt tilsyn;3;2;2;500 000;0,4;1,5;nei;;
g;Frisklivssentral;3;2;2;1 100 000;1,5;0;nei;;
h;Kveldsvakt;3;4;3;1 850 000;2,4;12;nei;;
""".encode()


def cli(*args: str) -> dict:
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def web_import(client, portfolio, path, data: bytes) -> None:
    """Upload, look at the preview, give each mandatory measure its legal basis, create new columns, confirm."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("portfolio:import", args=[portfolio.pk])
    response = client.post(url, {"file": SimpleUploadedFile(path.name, data)}, follow=True)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.ok, preview.problems
    form = response.context["confirm_form"]
    post = {}
    for name, _row in form.basis_fields:
        post[name] = "Helse- og omsorgstjenesteloven § 4-1"
    for name, _choice in form.column_fields:
        post[name] = "on"
    confirm_url = reverse("portfolio:import_confirm", args=[portfolio.pk, response.context["record"].pk])
    response = client.post(confirm_url, post)
    assert response.status_code == 302, response.context and response.context["confirm_form"].errors


def mandatory_minimum(path, data: bytes, column: str) -> float:
    """What the mandatory measures (and what they require) take of a column, read from the file."""
    measures = parse_bytes(data, path.name).measures
    return float(measures.resources[column][measures.required_closure()].sum())


def assert_optimum_matches(page, expected: dict) -> None:
    assert list(page.selected) == expected["selected"]
    assert page.value == pytest.approx(expected["value"], abs=1e-12)
    assert {k: page.used[k] for k in expected["used"]} == pytest.approx(expected["used"], abs=1e-9)
    assert page.budget == pytest.approx(expected["budget"], abs=1e-9)


def assert_frontier_matches(steps, expected_points: list[dict]) -> None:
    assert len(steps) == len(expected_points)
    for step, point in zip(steps, expected_points, strict=True):
        assert step.budget == pytest.approx(point["budget"], abs=1e-6)
        assert step.value == pytest.approx(point["value"], abs=1e-12)
        assert list(step.selected) == point["selected"]


def cli_frontier(
    path, column: str, start: float, stop: float, anchor: float | None, fixed: dict[str, float]
) -> list[dict]:
    """The command line's frontier over the same levels as the page: two ranges meeting at the budget."""
    points: list[dict] = []
    fixed_args = [arg for key, amount in fixed.items() for arg in ("--budget", f"{key}={amount!r}")]
    for k, r in enumerate(frontier_ranges(start, stop, anchor, FRONTIER_STEPS)):
        found = cli("frontier", str(path), "--budget", f"{column}={r.start!r}:{r.stop!r}:{r.steps}", *fixed_args)
        points += found["points"][1:] if k else found["points"]
    return points


@pytest.mark.parametrize("weights", [None, (3, 1, 2)], ids=["equal weights", "benefit 3, severity 1"])
def test_the_demo_file_gives_the_command_lines_numbers(portfolio, leader, login_client, tmp_path, weights):
    data = DEMO_FILE.read_bytes()
    path = tmp_path / "tiltak.csv"
    path.write_bytes(data)
    client = login_client(leader)
    web_import(client, portfolio, path, data)
    assert Measure.objects.filter(portfolio=portfolio).count() == 32

    weight_args: list[str] = []
    if weights:
        benefit, severity, resources = weights
        WeightVersion.objects.create(
            municipality=portfolio.municipality,
            number=2,
            benefit=Decimal(benefit),
            severity=Decimal(severity),
            resources=Decimal(resources),
            reason="test",
        )
        weight_args = ["--weights", f"benefit={benefit},severity={severity}"]

    # The budget as a Norwegian types it, through the page's form.
    response = client.post(
        reverse("portfolio:budget", args=[portfolio.pk]), {"budget_cost_nok": "30 000 000", "budget_fte": "30,5"}
    )
    assert response.status_code == 302

    page = client.get(reverse("portfolio:detail", args=[portfolio.pk]))
    assert page.status_code == 200
    expected = cli("portfolio", str(path), "--budget", "cost_nok=30000000", "--budget", "fte=30.5", *weight_args)
    assert_optimum_matches(page.context["optimum"], expected)
    content = page.content.decode()
    value = f"{expected['value']:.3f}".replace(".", ",")
    assert value in content  # the value as the page writes it

    # The slider: cost_nok from what the mandatory measures need to the total, fte fixed at its budget.
    front = page.context["frontier"]
    assert front.column == "cost_nok"
    start = mandatory_minimum(path, data, "cost_nok")
    assert front.start == pytest.approx(start)
    assert front.stop == pytest.approx(48_600_000)
    points = []
    for k, r in enumerate(frontier_ranges(front.start, front.stop, 30_000_000.0, FRONTIER_STEPS)):
        found = cli(
            "frontier",
            str(path),
            "--budget",
            f"cost_nok={r.start!r}:{r.stop!r}:{r.steps}",
            "--budget",
            "fte=30.5",
            *weight_args,
        )
        points += found["points"][1:] if k else found["points"]
    assert_frontier_matches(front.steps, points)
    # The slider starts at the current budget, and that level is the optimal selection above.
    anchor = front.steps[page.context["point"]]
    assert anchor.budget["cost_nok"] == 30_000_000
    assert list(anchor.selected) == expected["selected"]


def test_a_semicolon_file_with_a_new_resource_column(portfolio, leader, login_client, tmp_path):
    path = tmp_path / "tiltak.csv"
    path.write_bytes(EXTRA_FILE)
    client = login_client(leader)
    web_import(client, portfolio, path, EXTRA_FILE)
    assert portfolio.municipality.resource_columns.filter(key="timer").exists()

    response = client.post(
        reverse("portfolio:budget", args=[portfolio.pk]),
        {"budget_cost_nok": "4 000 000", "budget_fte": "", "budget_timer": "30"},
    )
    assert response.status_code == 302
    expected = cli("portfolio", str(path), "--budget", "cost_nok=4000000", "--budget", "timer=30")
    page = client.get(reverse("portfolio:detail", args=[portfolio.pk]) + "?column=timer")
    assert_optimum_matches(page.context["optimum"], expected)

    front = page.context["frontier"]
    assert front.column == "timer"
    start = mandatory_minimum(path, EXTRA_FILE, "timer")
    stop = 34.5
    assert (front.start, front.stop) == pytest.approx((start, stop))
    points = cli_frontier(path, "timer", start, stop, 30.0, {"cost_nok": 4_000_000.0})
    assert_frontier_matches(front.steps, points)


def test_a_frontier_without_a_budget_on_the_slider_column_has_round_levels_between_its_ends(
    portfolio, leader, login_client, tmp_path
):
    path = tmp_path / "tiltak.csv"
    path.write_bytes(EXTRA_FILE)
    client = login_client(leader)
    web_import(client, portfolio, path, EXTRA_FILE)
    page = client.get(reverse("portfolio:detail", args=[portfolio.pk]) + "?column=fte")
    front = page.context["frontier"]
    assert front.column == "fte"
    start = mandatory_minimum(path, EXTRA_FILE, "fte")
    expected = cli_frontier(path, "fte", start, front.stop, None, {})
    assert_frontier_matches(front.steps, expected)
    levels = [s.budget["fte"] for s in front.steps]
    assert (levels[0], levels[-1]) == pytest.approx((start, front.stop))
    step = levels[2] - levels[1]
    assert step == nice_step(step)  # 1, 2 or 5 times a power of ten
    assert all(math.isclose(level / step, round(level / step)) for level in levels[1:-1])


def test_budget_levels_are_round_amounts_between_the_legal_minimum_and_everything():
    levels = frontier_levels(21_000_000, 48_600_000, None, 21)
    assert levels[0] == 21_000_000
    assert levels[-1] == 48_600_000
    assert levels[1:-1] == [k * 2_000_000 for k in range(11, 25)]  # no «21 906 666,67»
    assert [nice_step(x) for x in (0.07, 1, 1.2, 3, 7, 165_000)] == [0.1, 1, 2, 5, 10, 200_000]


def test_frontier_ranges_meet_at_the_budget():
    levels = frontier_levels(1_500_000, 4_800_000, 3_100_000, 21)
    assert 3_100_000 in levels  # the budget is a level, even off the round ones
    ranges = frontier_ranges(1_500_000, 4_800_000, 3_100_000, 21)
    assert ranges[0].start == 1_500_000
    assert ranges[-1].stop == 4_800_000
    assert all(a.stop == b.start for a, b in itertools.pairwise(ranges))  # they meet
    assert sum(r.steps for r in ranges) - (len(ranges) - 1) == len(levels)
    assert frontier_levels(0, 10, 10, 21) == frontier_levels(0, 10, None, 21)  # the budget at an end
    assert frontier_levels(0, 10, 12, 21) == frontier_levels(0, 10, None, 21)
    assert frontier_levels(0, 10, 0.01, 21)[:2] == [0, 0.01]
