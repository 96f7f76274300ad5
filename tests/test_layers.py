"""The layer contracts in .importlinter hold, and they catch a violation planted in a copy of the code."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(source: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(source)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(ROOT / ".importlinter")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def with_planted_module(tmp_path: Path, module: str, source: str) -> Path:
    """A copy of the package with one extra module, ``module`` (a dotted path below prioritet)."""
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT / "src" / "prioritet", copy / "prioritet", ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo")
    )
    copy.joinpath(*module.split(".")).with_suffix(".py").write_text(source)
    return copy


def test_the_code_keeps_every_layer_contract():
    result = lint_imports(ROOT / "src")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "source", "reported"),
    [
        pytest.param(
            "prioritet.engine.planted",
            "import django.db\n",
            ["The engine imports no Django", "prioritet.engine.planted -> django (l.1)"],
            id="the engine imports Django",
        ),
        pytest.param(
            "prioritet.core.planted",
            "from prioritet.cases import models\n",
            ["prioritet.core.planted -> prioritet.cases"],
            id="core imports a product app",
        ),
        pytest.param(
            "prioritet.ethics.planted",
            "from prioritet.evidence import models\n",
            [
                "The layers: each imports only the ones below it",
                "prioritet.ethics.planted -> prioritet.evidence.models (l.1)",
            ],
            id="a product app imports another",
        ),
        pytest.param(
            "prioritet.cases.planted",
            "from prioritet.participation import models\n",
            ["prioritet.cases is not allowed to import prioritet.participation"],
            id="cases imports an app built on it",
        ),
        pytest.param(
            "prioritet.accounts.planted",
            "from prioritet.web import forms\n",
            ["prioritet.accounts is not allowed to import prioritet.web"],
            id="an app imports the web project",
        ),
    ],
)
def test_a_planted_violation_breaks_its_contract(tmp_path: Path, module: str, source: str, reported: list[str]):
    result = lint_imports(with_planted_module(tmp_path, module, source))
    assert result.returncode != 0
    for line in reported:
        assert line in result.stdout
